//! The words the ranking reads, all in one file: `content/ranking.toml` (bundled, so ranking
//! never depends on the working directory). Kinds of post, the topics an editor weighs
//! (security incidents, regulation and rulings, large money, landmarks), how amounts are
//! written, the outlets whose coverage weighs more, and the words that say nothing about which
//! story a headline tells.
//!
//! Texts are matched in one normal form (`normalize`): lowercase, punctuation turned into
//! single spaces, padded with a space each side. Matching only asks whether a phrase occurs;
//! no offset found in the normal form is ever used on the original text.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use app::vocab::{RankSignal, StoryKind};
use serde::Deserialize;

const BUNDLED: &str = include_str!("../../../content/ranking.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindWords {
    /// Phrases that mean the kind only at the very start of a title.
    #[serde(default)]
    pub title_openings: Vec<String>,
    #[serde(default)]
    pub title: Phrases,
    /// Segments of an address, as written (`customer-stories`).
    #[serde(default)]
    pub path: Vec<String>,
    /// Phrases of the text's opening, read when title and address say nothing.
    #[serde(default)]
    pub text: Phrases,
    /// Phrases of the opening that decide before the title (a columnist's first person).
    #[serde(default)]
    pub voice: Phrases,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicWords {
    pub points: f32,
    pub words: Phrases,
}

/// How the phrase lists are searched: a DFA, as `AhoCorasick::new` picks for lists this small.
/// A contiguous NFA holds a seventh of the memory (152 kB against 1,083 kB for all the lists,
/// 2026-12-07) but searches 2.3 times slower, and in `bench/load.sh` the 200-post day's
/// render took 15–18 ms against 12–13 with it: a day's first render ranks every post, so the
/// megabyte is kept. `cargo bench -p server --bench ranking_words` prints both side by side.
pub const PHRASES_AUTOMATON: AhoCorasickKind = AhoCorasickKind::DFA;

/// A list of phrases in normal form, searched for all at once: a story is ranked by a few
/// hundred phrases, and searching for each in turn was most of an uncached digest's render.
#[derive(Debug, Default)]
pub struct Phrases {
    list: Vec<String>,
    automaton: Option<AhoCorasick>,
}

impl Phrases {
    pub fn new(phrases: impl IntoIterator<Item = String>) -> Phrases {
        let list: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        // Built from a bounded, bundled list: it fails only past size limits nobody reaches,
        // and then nothing is found rather than the process stopping.
        let automaton = AhoCorasick::builder()
            .kind(Some(PHRASES_AUTOMATON))
            .build(&list)
            .inspect_err(|e| tracing::error!("ranking phrases not searchable: {e}"))
            .ok();
        Phrases { list, automaton }
    }

    /// Whether `norm` (a `normalize`d text) holds one of the phrases, as [`holds`] says.
    pub fn any_in(&self, norm: &str) -> bool {
        let Some(automaton) = &self.automaton else {
            return false;
        };
        automaton.find_overlapping_iter(norm).any(|m| {
            self.list
                .get(m.pattern().as_usize())
                .is_some_and(|p| starts_hangul(p) || at_word_start(norm, m.start()))
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl<'de> Deserialize<'de> for Phrases {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        Ok(Phrases::new(raw.iter().map(|p| phrase(p))))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amounts {
    pub currency_signs: Vec<String>,
    pub currency_before: Vec<String>,
    pub currency_after: Vec<String>,
    pub billions: Vec<String>,
    pub korean_trillion: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outlets {
    major: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Headline {
    stopwords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    kinds: HashMap<String, KindWords>,
    topics: HashMap<String, TopicWords>,
    amounts: Amounts,
    outlets: Outlets,
    headline: Headline,
}

/// The parsed word lists, phrases already in normal form.
#[derive(Debug, Default)]
pub struct Words {
    kinds: HashMap<StoryKind, KindWords>,
    /// Topics in a fixed order (the order of `TOPICS`).
    pub topics: Vec<(RankSignal, TopicWords)>,
    pub amounts: Amounts,
    pub major_outlets: Vec<String>,
    pub stopwords: HashSet<String>,
}

/// The signals a topic of the file may name.
pub const TOPICS: [RankSignal; 4] = [
    RankSignal::Security,
    RankSignal::Regulation,
    RankSignal::Money,
    RankSignal::Landmark,
];

static NO_WORDS: LazyLock<KindWords> = LazyLock::new(KindWords::default);

impl Words {
    pub fn parse(text: &str) -> Result<Words, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut kinds = HashMap::new();
        for (key, mut w) in file.kinds {
            let kind = StoryKind::parse(&key).ok_or(format!("unknown kind {key:?}"))?;
            w.title_openings = w.title_openings.iter().map(|p| phrase(p)).collect();
            kinds.insert(kind, w);
        }
        let mut topics = Vec::new();
        let mut given = file.topics;
        for signal in TOPICS {
            if let Some(t) = given.remove(signal.key()) {
                topics.push((signal, t));
            }
        }
        if let Some(key) = given.keys().next() {
            return Err(format!("unknown topic {key:?}"));
        }
        Ok(Words {
            kinds,
            topics,
            amounts: file.amounts,
            major_outlets: file.outlets.major,
            stopwords: file.headline.stopwords.into_iter().collect(),
        })
    }

    /// A kind's words (none for a kind the file does not list, such as news).
    pub fn kind(&self, kind: StoryKind) -> &KindWords {
        self.kinds.get(&kind).unwrap_or(&NO_WORDS)
    }
}

static BUNDLED_WORDS: LazyLock<Words> = LazyLock::new(|| {
    Words::parse(BUNDLED).unwrap_or_else(|e| {
        tracing::error!(
            "content/ranking.toml is invalid ({e}); ranking by coverage and claims only"
        );
        Words::default()
    })
});

/// The shipped word lists.
pub fn words() -> &'static Words {
    &BUNDLED_WORDS
}

/// A text in the form phrases are matched in: lowercase, every run of characters other than
/// letters, digits, currency signs and `%` one space (a `.` between digits stays: "4.3"),
/// a space before and after.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let decimal_point = c == '.'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit);
        let keep = c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '₩' | '%') || decimal_point;
        if keep {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
        prev = Some(c);
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A phrase of the file in normal form, keeping a trailing space (a whole word).
fn phrase(p: &str) -> String {
    let n = normalize(p);
    let core = n.trim();
    if p.ends_with(char::is_whitespace) {
        format!("{core} ")
    } else {
        core.to_string()
    }
}

fn starts_hangul(phrase: &str) -> bool {
    phrase
        .chars()
        .next()
        .is_some_and(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Whether byte `at` of a normal form starts a word: every word of one follows a space.
fn at_word_start(norm: &str, at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| norm.as_bytes().get(i))
        .is_some_and(|&b| b == b' ')
}

/// Whether `norm` (a `normalize`d text) holds `phrase` starting at a word. Hangul phrases
/// match anywhere: particles attach to words.
pub fn holds(norm: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    if starts_hangul(phrase) {
        return norm.contains(phrase);
    }
    // Every start, overlapping ones too: " a a" holds "a a" at its second word as well.
    norm.char_indices()
        .any(|(i, _)| norm[i..].starts_with(phrase) && at_word_start(norm, i))
}

/// Whether a normalized text names an amount of a billion or more with its currency
/// ("$53b", "us$ 4.3 billion", "€200 billion", "500 billion dollars", "1조 원").
pub fn large_amount(norm: &str, a: &Amounts) -> bool {
    // Every amount has a digit; most headlines have none.
    if !norm.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let tokens: Vec<&str> = norm.split_whitespace().collect();
    let is = |list: &[String], t: Option<&&str>| t.is_some_and(|t| list.iter().any(|w| w == t));
    tokens.iter().enumerate().any(|(i, t)| {
        let (signed, rest) = a
            .currency_signs
            .iter()
            .filter(|s| !s.is_empty())
            .find_map(|s| t.strip_prefix(s.as_str()))
            .map_or((false, *t), |r| (true, r));
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 || !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        let suffix = &rest[digits..];
        if !a.korean_trillion.is_empty() && suffix.starts_with(a.korean_trillion.as_str()) {
            return true;
        }
        let (big, next) = if suffix.is_empty() {
            (is(&a.billions, tokens.get(i + 1)), i + 2)
        } else {
            (a.billions.iter().any(|b| b == suffix), i + 1)
        };
        let currency = signed
            || (i > 0 && is(&a.currency_before, tokens.get(i - 1)))
            || is(&a.currency_after, tokens.get(next));
        big && currency
    })
}

/// An address's host, lowercase and without `www.` ("" when it has none).
pub fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// Whether a host is one of the major outlets (or a subdomain of one).
pub fn major_outlet(host: &str, words: &Words) -> bool {
    !host.is_empty()
        && words.major_outlets.iter().any(|m| {
            host == m
                || host
                    .strip_suffix(m.as_str())
                    .is_some_and(|sub| sub.ends_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_bundled_words_parse_and_name_every_topic_and_minor_kind() {
        let w = Words::parse(BUNDLED).expect("content/ranking.toml parses");
        assert_eq!(w.topics.len(), TOPICS.len());
        for k in [
            StoryKind::Guide,
            StoryKind::Customer,
            StoryKind::Event,
            StoryKind::Commentary,
            StoryKind::Launch,
        ] {
            assert!(!w.kind(k).title.is_empty(), "{k:?} has title words");
        }
        assert!(!w.stopwords.is_empty() && !w.major_outlets.is_empty());
    }

    #[test]
    fn unknown_kinds_and_topics_are_refused() {
        let base = BUNDLED.replace("[kinds.guide]", "[kinds.gossip]");
        assert!(Words::parse(&base).is_err());
        let base = BUNDLED.replace("[topics.security]", "[topics.weather]");
        assert!(Words::parse(&base).is_err());
    }

    #[test]
    fn phrases_match_at_word_starts_and_whole_words_with_a_trailing_space() {
        let n = normalize("The EU AI Act: what’s next for action?");
        assert!(holds(&n, "act "));
        assert!(holds(&n, "what s next"));
        assert!(!holds(&n, "ction"));
        assert!(!holds(&normalize("A class action"), "act "));
        assert!(holds(&normalize("개인정보위, 조사 착수"), "조사"));
    }

    #[test]
    fn amounts_of_a_billion_or_more_with_their_currency() {
        let a = &words().amounts;
        for t in [
            "Alibaba Boosts $53B AI Investment",
            "Google to invest over $1 billion",
            "Nvidia sales hit US$ 4.3 billion",
            "EU launches InvestAI: €200 billion for AI",
            "Toward USD 500 Billion",
            "a 500 billion dollars plan",
            "삼성, 10조원 투자",
            "$500 Bln Stargate",
        ] {
            assert!(large_amount(&normalize(t), a), "{t}");
        }
        for t in [
            "ChatGPT Surges to 800 Million Weekly Users, Eyes 1 Billion",
            "$300 million round",
            "5 ways to get started",
            "Gemini 2.5 is here",
            "$",
        ] {
            assert!(!large_amount(&normalize(t), a), "{t}");
        }
    }

    #[test]
    fn hosts_and_major_outlets() {
        let w = words();
        assert_eq!(host("https://www.Reuters.com/tech/x"), "reuters.com");
        assert_eq!(
            host("https://user@asia.nikkei.com:443/a"),
            "asia.nikkei.com"
        );
        assert_eq!(host("not a url"), "");
        assert!(major_outlet("reuters.com", w));
        assert!(major_outlet("markets.ft.com", w));
        assert!(!major_outlet("notreuters.com", w));
        assert!(!major_outlet("", w));
    }

    proptest! {
        /// Hostile text never panics, and the normal form is lowercase, padded and single-spaced.
        #[test]
        fn hostile_text_is_normalized_and_matched_without_panics(s in "\\PC{0,200}") {
            let n = normalize(&s);
            prop_assert!(n.starts_with(' ') && n.ends_with(' '));
            prop_assert!(!n.contains("  "));
            let w = words();
            let _ = large_amount(&n, &w.amounts);
            for (_, t) in &w.topics {
                let _ = t.words.any_in(&n);
            }
            let _ = major_outlet(&host(&s), w);
            // A phrase of the text's own words is found in it.
            if let Some(word) = n.split_whitespace().next() {
                prop_assert!(holds(&n, word));
            }
        }

        /// Searching a list at once finds a phrase exactly where searching for each in turn
        /// does, overlapping and Hangul phrases included.
        #[test]
        fn a_list_is_found_where_its_phrases_are(
            text in "[ab 가나.İ]{0,40}",
            list in proptest::collection::vec("[ab 가나]{0,4}", 0..6),
        ) {
            let n = normalize(&text);
            let phrases = Phrases::new(list.iter().map(|p| phrase(p)));
            let one_by_one = phrases.iter().any(|p| holds(&n, p));
            prop_assert_eq!(phrases.any_in(&n), one_by_one);
        }

        /// Every word start of the text is found by its own word and whatever follows it.
        #[test]
        fn overlapping_starts_are_found(words in proptest::collection::vec("[ab]{1,2}", 1..8), from in 0usize..8) {
            let text = words.join(" ");
            let n = normalize(&text);
            let from = from % words.len();
            let p = words[from..].join(" ");
            prop_assert!(holds(&n, &p));
            prop_assert!(Phrases::new([p]).any_in(&n));
        }

        #[test]
        fn combining_marks_and_case_changing_letters_do_not_panic(
            s in "[İıẞßǅ\u{0301}\u{0307}$€₩0-9. a-zA-Z조원]{0,80}"
        ) {
            let n = normalize(&s);
            let _ = large_amount(&n, &words().amounts);
            let _ = holds(&n, "i̇");
        }
    }
}
