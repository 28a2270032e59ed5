//! The grounding check: every sentence a model writes is aligned to the source text, and is
//! dropped if it states a number, a name or an identifier the source does not contain, or if its
//! content words are not supported by the source passage it is closest to.

use std::collections::HashSet;

use app::span::CharSpan;
use serde::{Deserialize, Serialize};

use super::extractive::terms;
use super::numbers::{self, numbers};
use super::sentences::{slice, split};
use super::SummarySentence;

/// Share of a sentence's content words that must appear in its best source passage.
pub const SUPPORT_THRESHOLD: f64 = 0.6;

/// Why a generated sentence was not shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum DropReason {
    /// A number (value shown) the source does not state.
    Number(String),
    /// A name, acronym or identifier (GPT-6, March) absent from the source.
    Name(String),
    /// Too few of its content words are in the source passage it is closest to.
    Unsupported(String),
    /// Not in the requested language.
    Language(String),
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DropReason::Number(n) => write!(f, "number not in the source: {n}"),
            DropReason::Name(n) => write!(f, "name not in the source: {n}"),
            DropReason::Unsupported(s) => write!(f, "content not supported by the source ({s})"),
            DropReason::Language(l) => write!(f, "not written in {l}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    pub text: String,
    pub reason: DropReason,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    pub kept: Vec<SummarySentence>,
    pub dropped: Vec<Dropped>,
}

/// Words that may open a sentence without being names.
const COMMON_CAPITALIZED: &[&str] = &[
    "the",
    "this",
    "these",
    "that",
    "those",
    "it",
    "its",
    "in",
    "on",
    "at",
    "a",
    "an",
    "and",
    "but",
    "or",
    "for",
    "with",
    "as",
    "by",
    "from",
    "to",
    "they",
    "their",
    "we",
    "our",
    "he",
    "she",
    "his",
    "her",
    "there",
    "here",
    "also",
    "additionally",
    "overall",
    "however",
    "according",
    "both",
    "each",
    "all",
    "some",
    "many",
    "most",
    "after",
    "before",
    "while",
    "when",
    "if",
    "new",
    "users",
    "researchers",
    "developers",
    "i",
    "what",
    "which",
    "who",
    "in addition",
    "meanwhile",
    "further",
    "furthermore",
    "moreover",
    "finally",
    "first",
    "second",
    "third",
    "today",
    "now",
    "then",
    "thus",
    "so",
    "such",
    "one",
    "two",
    "three",
    "other",
    "another",
    "more",
    "less",
    "summary",
    "article",
    "note",
];

struct Source {
    spans: Vec<CharSpan>,
    terms: Vec<HashSet<String>>,
    /// Per sentence: its Latin words and numbers, the only things comparable across languages.
    anchors: Vec<HashSet<String>>,
    numbers: Vec<f64>,
    /// Lowercased words (and their parts around `-`/`.`) for names and identifiers.
    words: HashSet<String>,
    lower: String,
}

fn light_stem(t: &str) -> String {
    let n = t.chars().count();
    if n <= 4 || !t.is_ascii() {
        return t.to_string();
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = t.strip_suffix(suffix) {
            if stem.len() >= 3 {
                return stem.to_string();
            }
        }
    }
    t.to_string()
}

/// Content words for the support share. Numbers and number words are left out: they are
/// checked exactly, and "50,000" against "50000" must not count as a missing word.
fn stemmed_terms(text: &str) -> HashSet<String> {
    terms(text)
        .into_iter()
        .filter(|t| !t.chars().any(|c| c.is_ascii_digit()) && !numbers::is_number_word(t))
        .map(|t| light_stem(&t))
        .collect()
}

impl Source {
    fn new(title: &str, text: &str) -> Source {
        let spans = split(text);
        let terms = spans
            .iter()
            .map(|&s| stemmed_terms(&slice(text, s)))
            .collect();
        let anchors = spans.iter().map(|&s| anchors(&slice(text, s))).collect();
        let full = format!("{title}\n{text}");
        let mut words = HashSet::new();
        for w in numbers::words(&full) {
            let lw = w.to_lowercase();
            for part in lw.split(['-', '.', '\'']) {
                if !part.is_empty() {
                    words.insert(part.to_string());
                }
            }
            words.insert(lw);
        }
        Source {
            spans,
            terms,
            anchors,
            numbers: numbers(&full),
            words,
            lower: full.to_lowercase(),
        }
    }
}

/// Latin words (lowercased, common words left out) and numbers (normalised) of `text`.
fn anchors(text: &str) -> HashSet<String> {
    let mut out: HashSet<String> = numbers(text).into_iter().map(format_number).collect();
    for w in numbers::words(text) {
        let lw = w.to_lowercase();
        let latin = lw.chars().any(|c| c.is_ascii_alphabetic());
        if latin
            && lw.len() > 1
            && !COMMON_CAPITALIZED.contains(&lw.as_str())
            && !numbers::is_number_word(&lw)
        {
            // "OpenAI의" and "OpenAI" are one anchor.
            let ascii: String = lw.chars().take_while(|c| c.is_ascii()).collect();
            out.insert(ascii);
        }
    }
    out
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{AC00}'..='\u{D7A3}'))
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The first problem with `sentence`'s facts, if any.
fn fact_problem(sentence: &str, src: &Source) -> Option<DropReason> {
    for n in numbers(sentence) {
        if !numbers::contains(&src.numbers, n) {
            return Some(DropReason::Number(format_number(n)));
        }
    }
    for (i, w) in numbers::words(sentence).into_iter().enumerate() {
        // "OpenAI는", "GPT-5를": the Latin name without its Korean particle.
        let w = match w.char_indices().find(|(_, c)| has_hangul(&c.to_string())) {
            Some((at, _)) if at > 0 && w.is_char_boundary(at) => &w[..at],
            _ => w,
        };
        let w = w.trim_end_matches(['-', '.']);
        let lw = w.to_lowercase();
        let has_digit = w.chars().any(|c| c.is_ascii_digit());
        let has_alpha = w.chars().any(char::is_alphabetic);
        let latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let capitalized = w.chars().next().is_some_and(char::is_uppercase);
        // Identifiers like GPT-5 or Qwen2.5 must appear exactly.
        if has_digit && has_alpha && latin && numbers(w).is_empty() {
            if !src.words.contains(&lw) {
                return Some(DropReason::Name(w.to_string()));
            }
            continue;
        }
        if !latin || !capitalized {
            continue;
        }
        let sentence_start = i == 0;
        if sentence_start && COMMON_CAPITALIZED.contains(&lw.as_str()) {
            continue;
        }
        let known = src.words.contains(&lw) || src.lower.contains(&lw);
        if !known {
            return Some(DropReason::Name(w.to_string()));
        }
    }
    None
}

/// The source passage best supporting `sentence`: one source sentence, or two adjacent ones
/// when together they support it better. Returns the char span and the support share.
fn align(sentence: &str, src: &Source, cross_language: bool) -> Option<(CharSpan, f64)> {
    let (want, sets) = if cross_language {
        (anchors(sentence), &src.anchors)
    } else {
        (stemmed_terms(sentence), &src.terms)
    };
    if want.is_empty() || src.spans.is_empty() {
        return None;
    }
    let share = |have: &dyn Fn(&String) -> bool| {
        want.iter().filter(|t| have(t)).count() as f64 / want.len() as f64
    };
    let mut best: Option<(CharSpan, f64)> = None;
    for (i, span) in src.spans.iter().enumerate() {
        let one = share(&|t| sets[i].contains(t));
        let mut candidate = (*span, one);
        if let Some(next) = src.spans.get(i + 1) {
            let two = share(&|t| sets[i].contains(t) || sets[i + 1].contains(t));
            // Merge only when the second sentence adds real support.
            if two > one + 0.15 {
                candidate = (CharSpan::new(span.start, next.end), two);
            }
        }
        if best.is_none_or(|(_, b)| candidate.1 > b) {
            best = Some(candidate);
        }
    }
    best
}

/// Checks each sentence of `generated` against the source (`title` and `text`).
/// `language` is `ko` or `en`: the language the sentences must be written in. When it is not
/// the source's (`cross_language`), words cannot be compared, so a sentence is aligned by its
/// Latin names and numbers and must carry at least one that the source passage has.
pub fn check(
    generated: &str,
    title: &str,
    text: &str,
    language: &str,
    cross_language: bool,
) -> Checked {
    let src = Source::new(title, text);
    let mut out = Checked::default();
    for span in split(generated) {
        let sentence = slice(generated, span);
        let sentence = sentence
            .trim()
            .trim_start_matches(['-', '*', '•', ' '])
            .trim()
            .to_string();
        if sentence.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
            continue;
        }
        let drop = |reason| Dropped {
            text: sentence.clone(),
            reason,
        };
        let korean = has_hangul(&sentence);
        if language == "ko" && !korean {
            out.dropped
                .push(drop(DropReason::Language("Korean".into())));
            continue;
        }
        if language == "en" && korean {
            out.dropped
                .push(drop(DropReason::Language("English".into())));
            continue;
        }
        if let Some(reason) = fact_problem(&sentence, &src) {
            out.dropped.push(drop(reason));
            continue;
        }
        match align(&sentence, &src, cross_language) {
            Some((span, support)) if support >= SUPPORT_THRESHOLD => {
                out.kept.push(SummarySentence {
                    text: sentence,
                    start: span.start,
                    end: span.end,
                });
            }
            Some((_, support)) => out.dropped.push(drop(DropReason::Unsupported(format!(
                "{:.0}% of its words",
                support * 100.0
            )))),
            None if cross_language => out.dropped.push(drop(DropReason::Unsupported(
                "no name or number to check against the source".into(),
            ))),
            None => out
                .dropped
                .push(drop(DropReason::Unsupported("no content words".into()))),
        }
    }
    // The same passage twice says nothing new.
    let mut seen = HashSet::new();
    out.kept.retain(|s| seen.insert(s.text.to_lowercase()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "OpenAI committed $7.5 million to The Alignment Project, a fund for independent AI alignment research created by the UK AI Security Institute. Grants range from £50,000 to £1 million, and recipients can also receive compute access. Applications open on March 3, 2026.";
    const TITLE: &str = "Advancing independent research on AI alignment";

    fn reasons(summary: &str) -> Vec<DropReason> {
        check(summary, TITLE, TEXT, "en", false)
            .dropped
            .into_iter()
            .map(|d| d.reason)
            .collect()
    }

    #[test]
    fn a_supported_paraphrase_is_kept_with_its_span() {
        let c = check(
            "OpenAI gave $7.5M to the Alignment Project to fund independent alignment research.",
            TITLE,
            TEXT,
            "en",
            false,
        );
        assert!(c.dropped.is_empty(), "{:?}", c.dropped);
        assert_eq!(c.kept.len(), 1);
        let span = slice(TEXT, c.kept[0].span());
        assert!(span.starts_with("OpenAI committed $7.5 million"), "{span}");
    }

    #[test]
    fn a_wrong_number_is_dropped() {
        assert_eq!(
            reasons("OpenAI committed $75 million to the Alignment Project."),
            vec![DropReason::Number("75000000".into())]
        );
        assert_eq!(
            reasons("Grants range from £50,000 to £2 million."),
            vec![DropReason::Number("2000000".into())]
        );
        // The same amounts written differently pass.
        assert!(reasons("Grants range from £50000 to one million pounds.").is_empty());
    }

    #[test]
    fn an_invented_name_or_identifier_is_dropped() {
        assert_eq!(
            reasons("OpenAI and Anthropic committed money to the Alignment Project."),
            vec![DropReason::Name("Anthropic".into())]
        );
        assert_eq!(
            reasons("The fund supports GPT-6 alignment research."),
            vec![DropReason::Name("GPT-6".into())]
        );
        assert_eq!(
            reasons("Applications open in April 2026."),
            vec![DropReason::Name("April".into())]
        );
    }

    #[test]
    fn unsupported_content_is_dropped() {
        let r =
            reasons("The project will also build a new headquarters for robotics hardware teams.");
        assert!(
            matches!(r.as_slice(), [DropReason::Unsupported(_)]),
            "{r:?}"
        );
    }

    #[test]
    fn korean_amounts_and_language() {
        let text = "LG AI연구원은 연구 지원금으로 총 1억 5천만 원을 내놓았다. 지원 대상은 국내 대학 연구실 20곳이다.";
        let ok = check(
            "LG AI연구원은 연구 지원금으로 1억 5천만 원을 내놓았다.",
            "지원",
            text,
            "ko",
            false,
        );
        assert_eq!(ok.kept.len(), 1, "{:?}", ok.dropped);
        let wrong = check(
            "LG AI연구원은 연구 지원금으로 3억 원을 내놓았다.",
            "지원",
            text,
            "ko",
            false,
        );
        assert_eq!(
            wrong
                .dropped
                .iter()
                .map(|d| d.reason.clone())
                .collect::<Vec<_>>(),
            vec![DropReason::Number("300000000".into())]
        );
        let english = check("LG gave 150 million won.", "지원", text, "ko", false);
        assert!(matches!(english.dropped[0].reason, DropReason::Language(_)));
        let same_value = check(
            "지원 대상은 국내 대학 연구실 20곳이다.",
            "지원",
            text,
            "ko",
            false,
        );
        assert_eq!(same_value.kept.len(), 1, "{:?}", same_value.dropped);
    }

    #[test]
    fn across_languages_names_and_numbers_anchor_the_sentence() {
        let ok = check(
            "OpenAI는 Alignment Project에 750만 달러를 냈다.",
            TITLE,
            TEXT,
            "ko",
            true,
        );
        assert_eq!(ok.kept.len(), 1, "{:?}", ok.dropped);
        assert!(slice(TEXT, ok.kept[0].span()).starts_with("OpenAI committed"));
        let wrong = check("OpenAI는 7500만 달러를 냈다.", TITLE, TEXT, "ko", true);
        assert!(
            matches!(wrong.dropped[0].reason, DropReason::Number(_)),
            "{:?}",
            wrong.dropped
        );
        let vague = check("연구자들에게 좋은 소식이다.", TITLE, TEXT, "ko", true);
        assert!(matches!(
            vague.dropped[0].reason,
            DropReason::Unsupported(_)
        ));
    }
}
