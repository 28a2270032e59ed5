//! What a post is made of, for telling whether two posts tell the same story: a MinHash
//! signature of its word shingles (near-copies, reprints, rewrites of one press release), the
//! names it mentions, the distinctive numbers it states and the words of its title.
//!
//! Everything here is built from owned, per-word strings; nothing slices the input with an
//! offset found in a transformed copy of it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::claims::parts::MONTHS;
use crate::summarize::numbers;

/// Bump when what a fingerprint holds or how it is computed changes: stored fingerprints of
/// another version are computed again.
pub const FINGERPRINT_VERSION: i64 = 2;

/// Hash functions in the MinHash signature: the resemblance estimate's standard error is
/// about 1/sqrt(64) = 0.125 at worst, plenty to tell a copy (> 0.5) from a rewrite (< 0.1).
const SIGNATURE_LEN: usize = 64;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Text read per post: the opening carries the announcement; the rest of a long post is detail.
const MAX_WORDS: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Minimum hash per seed over the post's shingles; empty when the post has too few words.
    pub signature: Vec<u32>,
    /// Lowercased names (GPT-4o, Gemini, "genie 3", EXAONE), sorted, without the big vendors'
    /// names (`COMMON_NAMES`; its publisher's: `without`).
    pub names: Vec<String>,
    /// Distinctive numbers (not years, not small counts or days), as canonical text, sorted.
    pub numbers: Vec<String>,
    /// Content words of the title, lowercased, sorted.
    pub title_words: Vec<String>,
    /// The names (as in `names`, found in title or text) that the title itself carries: what
    /// the post is about, rather than what it mentions.
    #[serde(default)]
    pub headline: Vec<String>,
}

impl Fingerprint {
    /// The stored form (`article_fingerprints.data`): JSON, which serialising owned numbers
    /// and strings cannot fail to produce.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn of(title: &str, text: &str) -> Fingerprint {
        let body: Vec<&str> = numbers::words(text).into_iter().take(MAX_WORDS).collect();
        let keys: Vec<String> = body.iter().map(|w| word_key(w)).collect();
        let words: Vec<&str> = numbers::words(title);
        // What a headline is about comes before "with", "using", "on", "via": after them it
        // names what the subject is built with ("Meet Flow: AI filmmaking with Veo 3", "5 ways
        // to get started with Gemini 3"), which is not the story itself.
        let subject_end = words
            .iter()
            .position(|w| INGREDIENT_MARKERS.contains(&word_key(w).as_str()))
            .unwrap_or(words.len());
        let head: Vec<&str> = words[..subject_end].to_vec();
        let mut all_names = names(text, &body);
        // In a headline every word may be capitalised: its own names count when they carry a
        // version (or are Korean names with one), or when the text names them too.
        let title_names: Vec<String> = names(title, &head)
            .into_iter()
            .filter(|n| {
                n.chars().any(|c| c.is_ascii_digit()) || !n.is_ascii() || all_names.contains(n)
            })
            .collect();
        let title_keys: Vec<String> = head.iter().map(|w| word_key(w)).collect();
        let mut headline: Vec<String> = all_names
            .iter()
            .filter(|n| title_keys.contains(n))
            .cloned()
            .chain(title_names.iter().cloned())
            .collect();
        headline.sort();
        headline.dedup();
        all_names.extend(title_names);
        all_names.extend(
            names(title, &words)
                .into_iter()
                .filter(|n| n.chars().any(|c| c.is_ascii_digit())),
        );
        all_names.sort();
        all_names.dedup();
        Fingerprint {
            signature: signature(&keys),
            names: all_names,
            numbers: distinctive_numbers(text, &body),
            title_words: title_words(title),
            headline,
        }
    }

    /// This post's fingerprint without its publisher's names. Each of a publisher's posts
    /// names it, so two of them sharing that name share nothing of a story; `COMMON_NAMES`
    /// says so for the big vendors, this for every other one. Borrowed when nothing is dropped.
    pub fn without(&self, publisher: &Publisher) -> Cow<'_, Fingerprint> {
        let owned = |n: &String| publisher.keys.contains(n);
        if !self.names.iter().chain(&self.headline).any(owned) {
            return Cow::Borrowed(self);
        }
        let mut kept = self.clone();
        kept.names.retain(|n| !owned(n));
        kept.headline.retain(|n| !owned(n));
        Cow::Owned(kept)
    }
}

/// Who published a post (the source's vendor as `sources.toml` writes it), as the names a
/// fingerprint would hold for it: each of its words, and its words joined ("genie 3" is kept
/// as genie3). Made once per publisher, not once per post.
#[derive(Debug, Clone)]
pub struct Publisher {
    keys: Vec<String>,
}

impl Publisher {
    pub fn named(name: &str) -> Publisher {
        let mut keys: Vec<String> = numbers::words(name).into_iter().map(word_key).collect();
        keys.push(
            name.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect(),
        );
        Publisher { keys }
    }
}

/// The comparison form of a word: lowercase; a Latin word loses the Korean particle glued to
/// it (GPT-5를 is gpt-5), and a Hangul word of three syllables or more its trailing particle
/// (모델을 and 모델은 are one word).
fn word_key(w: &str) -> String {
    let lower = w.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if chars.first().is_some_and(|c| c.is_ascii_alphanumeric()) {
        if let Some(cut) = chars.iter().position(|c| is_hangul(*c)) {
            return chars[..cut].iter().collect();
        }
        return lower;
    }
    if chars.len() >= 3 && chars.iter().all(|c| is_hangul(*c)) {
        if let Some(last) = chars.last() {
            if PARTICLES.contains(last) {
                return chars[..chars.len() - 1].iter().collect();
            }
        }
    }
    lower
}

const PARTICLES: &[char] = &[
    '은', '는', '이', '가', '을', '를', '의', '에', '도', '로', '와', '과', '만',
];

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike the standard library's hasher
/// (fingerprints are stored).
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: spreads one shingle hash into independent-looking values per seed.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn signature(keys: &[String]) -> Vec<u32> {
    if keys.len() < SHINGLE {
        return Vec::new();
    }
    let mut mins = vec![u32::MAX; SIGNATURE_LEN];
    for window in keys.windows(SHINGLE) {
        let h = fnv(window.join(" ").as_bytes());
        for (i, slot) in mins.iter_mut().enumerate() {
            let v = mix(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    mins
}

/// Estimated Jaccard resemblance of two posts' shingle sets (0 when either has no signature).
pub fn resemblance(a: &Fingerprint, b: &Fingerprint) -> f64 {
    if a.signature.is_empty() || a.signature.len() != b.signature.len() {
        return 0.0;
    }
    let same = a
        .signature
        .iter()
        .zip(&b.signature)
        .filter(|(x, y)| x == y)
        .count();
    same as f64 / a.signature.len() as f64
}

/// Names of companies and generic terms: every post about a vendor mentions it, so sharing it
/// says nothing about sharing a story.
const COMMON_NAMES: &[&str] = &[
    "ai",
    "api",
    "apis",
    "llm",
    "llms",
    "agi",
    "ceo",
    "cto",
    "gpu",
    "gpus",
    "cpu",
    "ui",
    "ux",
    "ide",
    "ios",
    "pc",
    "it",
    "tv",
    "usa",
    "us",
    "uk",
    "eu",
    "pdf",
    "ml",
    "nlp",
    "sdk",
    "3d",
    "2d",
    "4k",
    "gb",
    "tb",
    "mb",
    "b",
    "m",
    "k",
    "x",
    "ok",
    "faq",
    "tl;dr",
    "tl",
    "dr",
    "google",
    "openai",
    "anthropic",
    "meta",
    "microsoft",
    "nvidia",
    "deepmind",
    "alphabet",
    "amazon",
    "aws",
    "apple",
    "samsung",
    "lg",
    "naver",
    "kakao",
    "upstage",
    "mistral",
    "xai",
    "deepseek",
    "alibaba",
    "ibm",
    "intel",
    "amd",
    "hugging",
    "face",
    "github",
];

/// Words that name nothing a story could be told by: vendors, generic terms, function words,
/// months.
fn is_common(key: &str) -> bool {
    COMMON_NAMES.contains(&key) || STOPWORDS.contains(&key) || MONTHS.contains(&key)
}

/// Capitalised words that start clauses or headlines without naming anything (months are in
/// `MONTHS`).
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "we",
    "our",
    "you",
    "your",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "today",
    "now",
    "new",
    "one",
    "two",
    "three",
    "first",
    "more",
    "most",
    "not",
    "no",
    "so",
    "how",
    "what",
    "why",
    "when",
    "where",
    "who",
    "which",
    "while",
    "also",
    "all",
    "both",
    "each",
    "every",
    "some",
    "many",
    "much",
    "here",
    "there",
    "then",
    "than",
    "into",
    "about",
    "after",
    "before",
    "over",
    "under",
    "up",
    "down",
    "out",
    "can",
    "will",
    "could",
    "would",
    "should",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "said",
    "says",
    "according",
    "unlike",
    "like",
    "just",
    "even",
    "still",
    "only",
    "yet",
    "via",
    "per",
    "vs",
    "i",
    "me",
    "my",
    "mr",
    "ms",
    "dr",
    "inc",
    "ltd",
    "co",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "may",
    "model",
    "models",
];

/// Words after which a headline names ingredients rather than its subject.
const INGREDIENT_MARKERS: [&str; 5] = ["with", "using", "on", "via", "powered"];

/// A word names something when it mixes letters and digits (GPT-4o, gpt-oss-120b, 제미나이3),
/// has a capital after its first letter (DeepMind, EXAONE, LMArena), or is capitalised where a
/// sentence does not start. A name followed by a version number is also kept joined ("genie3",
/// "엑사원4.0"), so a product is told from its predecessor and a Korean name with its version
/// counts too. Words that start with a digit are measurements, not names.
fn names(text: &str, body: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let starts = sentence_starts(text, body);
    for (i, w) in body.iter().enumerate() {
        let key = word_key(w.trim_end_matches('%'));
        let Some(first) = w.chars().next() else {
            continue;
        };
        // One letter ("O" of "I/O", "X") names nothing a story could be told by.
        if key.chars().count() < 2 || !first.is_alphabetic() {
            continue;
        }
        if is_common(&key) {
            continue;
        }
        let hangul = key.chars().all(is_hangul);
        if let Some(version) = body.get(i + 1).filter(|n| is_version(n)) {
            if first.is_uppercase() || hangul {
                // The name as written (a Hangul name's last syllable may look like a particle:
                // 제미나이), its version without the particle after it (4.0을).
                let name = if hangul {
                    w.to_lowercase()
                } else {
                    key.clone()
                };
                out.push(format!("{name}{}", word_key(version)));
            }
        }
        let latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let has_digit = key.chars().any(|c| c.is_ascii_digit());
        let inner_capital = w.chars().skip(1).any(|c| c.is_uppercase());
        let capitalised = first.is_uppercase() && !starts[i];
        if has_digit || (latin && (inner_capital || capitalised)) {
            out.push(key);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// "3", "4.1", "2.5": a version number after a name (not a count: at most two dots, short;
/// not a year: "I/O 2025" and "Ignite 2025" are events of a year, not versions of a product).
fn is_version(w: &str) -> bool {
    let w = word_key(w);
    let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    !w.is_empty()
        && w.len() <= 5
        && !year
        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
        && w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// For each word of `body` (slices of `text`, from `numbers::words`), whether a sentence
/// starts with it: the character before it in `text` itself, spaces and quotes skipped, ends a
/// sentence or there is none.
fn sentence_starts(text: &str, body: &[&str]) -> Vec<bool> {
    let base = text.as_ptr() as usize;
    body.iter()
        .map(|w| {
            // A slice of `text`, so its address gives its offset into that same string.
            let at = (w.as_ptr() as usize).wrapping_sub(base);
            let before = text.get(..at).unwrap_or("");
            let prev = before
                .chars()
                .rev()
                .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '‘' | '('));
            matches!(prev, None | Some('.' | '!' | '?' | ':' | ';'))
        })
        .collect()
}

/// Numbers that identify a story: percentages, decimals, sizes, prices, scores. Years and
/// bare integers up to 31 (days, small counts, ordinals) are left out, since every post has
/// some; a small integer with a unit glued to it (16GB, 24fps) is kept.
fn distinctive_numbers(text: &str, body: &[&str]) -> Vec<String> {
    let keep_bare = |v: f64| {
        v.is_finite() && v >= 0.0 && {
            let whole = v.fract() == 0.0;
            !(whole && (v <= 31.0 || (1900.0..=2100.0).contains(&v)))
        }
    };
    let mut out: Vec<String> = numbers::numbers(text)
        .into_iter()
        .filter(|v| keep_bare(*v))
        .map(canonical_number)
        .collect();
    // Digits with what follows them in the same word: 92.3점, 720p, 16GB, 81.8%.
    for w in body {
        let lower = w.to_lowercase();
        let digits: String = lower
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Ok(v) = digits.trim_end_matches('.').parse::<f64>() else {
            continue;
        };
        let unit: String = lower.chars().skip(digits.chars().count()).collect();
        // 117B and 1170억 were read with their scale above; the bare digits would disagree.
        if SCALES.iter().any(|s| unit.starts_with(s)) {
            continue;
        }
        let measured = MEASURE_UNITS.contains(&unit.as_str());
        if keep_bare(v) || (measured && v.is_finite() && v > 0.0) {
            out.push(canonical_number(v));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Units that make a small integer a measurement rather than a day or a count.
const MEASURE_UNITS: &[&str] = &["gb", "tb", "mb", "fps", "p", "x", "%", "ms", "gw", "mw"];

/// Scale suffixes `numbers::numbers` applies (117B = 117 billion, 1170억 = 117 billion).
const SCALES: &[&str] = &["b", "m", "k", "t", "bn", "억", "만", "천", "조"];

/// Four significant digits: 117 billion and 1170억 are one value, 5.1B and 51억 another.
fn canonical_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let digits = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(3 - digits);
    let rounded = (v * scale).round() / scale;
    format!("{rounded}")
}

fn title_words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = numbers::words(title)
        .into_iter()
        .map(word_key)
        .filter(|w| !is_common(w) && w.chars().count() > 1)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the post and its publisher's name (often one of the names the post uses):
        /// dropping the publisher's names removes every name its words make and nothing else.
        #[test]
        fn dropping_a_publishers_names_only_removes_its_own(
            words in prop::collection::vec("[A-Z][a-z]{2,8}", 1..8),
            noise in "\\PC{0,40}",
            pick in any::<prop::sample::Index>(),
            arbitrary in "\\PC{0,30}",
            use_arbitrary in any::<bool>(),
        ) {
            let text: String = words
                .iter()
                .map(|w| format!("Then {w} said {noise} that {w} works."))
                .collect::<Vec<_>>()
                .join(" ");
            let owner = if use_arbitrary { arbitrary } else { pick.get(&words).clone() };
            let f = Fingerprint::of(&noise, &text);
            let kept = f.without(&Publisher::named(&owner));
            let keys: Vec<String> = numbers::words(&owner).into_iter().map(word_key).collect();
            let joined: String =
                owner.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
            for n in &f.names {
                let owned = keys.contains(n) || *n == joined;
                prop_assert_eq!(kept.names.contains(n), !owned, "{} of {:?}", n, owner);
            }
            for n in &kept.headline {
                prop_assert!(f.headline.contains(n));
            }
        }
    }

    #[test]
    fn names_numbers_and_copies() {
        let a = Fingerprint::of(
            "Genie 3: a new frontier",
            "Today we are announcing Genie 3, a world model. It runs at 24 frames per second \
             at 720p in 2025 and scores 37.5% where Genie 2 scored 12.5%.",
        );
        assert!(a.names.contains(&"genie3".to_string()), "{:?}", a.names);
        assert!(!a.names.contains(&"today".to_string()));
        assert!(!a.names.contains(&"it".to_string()));
        assert!(a.numbers.contains(&"720".to_string()), "{:?}", a.numbers);
        assert!(a.numbers.contains(&"37.5".to_string()));
        assert!(!a.numbers.contains(&"2025".to_string()));
        assert!(!a.numbers.contains(&"24".to_string()));
        let ko = Fingerprint::of(
            "x",
            "LG가 엑사원 4.0을 공개했다. MMLU-Pro 81.8점, 16GB 메모리, 15일 발표.",
        );
        assert!(
            ko.names.contains(&"엑사원4.0".to_string()),
            "{:?}",
            ko.names
        );
        assert!(ko.names.contains(&"mmlu-pro".to_string()), "{:?}", ko.names);
        assert!(!ko.names.iter().any(|n| n.contains("lg")), "{:?}", ko.names);
        assert!(ko.numbers.contains(&"81.8".to_string()), "{:?}", ko.numbers);
        assert!(ko.numbers.contains(&"16".to_string()), "{:?}", ko.numbers);
        assert!(!ko.numbers.contains(&"15".to_string()), "{:?}", ko.numbers);
        let copy = Fingerprint::of("Genie 3 (reprint)", "Today we are announcing Genie 3, a world model. It runs at 24 frames per second at 720p in 2025 and scores 37.5% where Genie 2 scored 12.5%.");
        assert_eq!(resemblance(&a, &copy), 1.0);
        let other = Fingerprint::of("Other", "Anthropic releases a coding model that resolves more issues on a benchmark of real repositories than any model before it.");
        assert!(resemblance(&a, &other) < 0.2);
    }

    #[test]
    fn korean_units_and_latin_numbers_meet() {
        let en = Fingerprint::of("x", "It has 117B parameters with 5.1B active.");
        let ko = Fingerprint::of(
            "x",
            "전체 파라미터는 1170억 개이고 활성 파라미터는 51억 개다.",
        );
        for n in &en.numbers {
            assert!(ko.numbers.contains(n), "{n} missing from {:?}", ko.numbers);
        }
    }
}
