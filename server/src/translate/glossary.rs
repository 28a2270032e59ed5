//! The Korean/English glossary (`content/glossary.toml`): AI-news terms a small model renders
//! wrongly or inconsistently ("agent-first" once came out as 악기, "instrument"). The terms a
//! source sentence holds are given to the model with their entries, and a translation that
//! does not carry each term's entry is refused.
//!
//! Terms are found on the sentence itself (byte ranges of that text); a Korean form matches
//! with or without its spaces, an English one as whole words, hyphen or space alike, with a
//! plural -s.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// The shipped glossary; translation must not depend on the working directory.
const BUNDLED: &str = include_str!("../../../content/glossary.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Term {
    pub en: String,
    pub ko: String,
    #[serde(default)]
    pub en_also: Vec<String>,
    #[serde(default)]
    pub ko_also: Vec<String>,
    /// "en-ko" or "ko-en" for a term used in one direction only.
    #[serde(default)]
    pub only: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    term: Vec<Term>,
}

struct Compiled {
    term: Term,
    /// One pattern per language over all the term's forms, longest first.
    en: Regex,
    ko: Regex,
    /// Capitals in the English forms ("AI agent" has two): a match with more is a name.
    en_capitals: usize,
}

/// A term found in a source sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Byte range in the sentence it was found in.
    pub range: Range<usize>,
    /// The term as written there.
    pub found: String,
    /// The entry the translation must carry (the other language's first form).
    pub entry: String,
    index: usize,
}

pub struct Glossary {
    terms: Vec<Compiled>,
}

fn is_korean(language: &str) -> bool {
    language == "ko"
}

/// One form as a pattern: its parts joined by optional separators.
fn form_pattern(form: &str, english: bool) -> String {
    let parts: Vec<String> = form
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‑'))
        .filter(|p| !p.is_empty())
        .map(regex::escape)
        .collect();
    if english {
        parts.join(r"[\s\-‑]?")
    } else {
        parts.join(r"\s?")
    }
}

fn forms_regex(forms: &[&str], english: bool) -> Result<Regex, String> {
    let mut forms: Vec<&str> = forms
        .iter()
        .copied()
        .filter(|f| !f.trim().is_empty())
        .collect();
    if forms.is_empty() {
        return Err("a term needs both an en and a ko form".into());
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alternation: Vec<String> = forms.iter().map(|f| form_pattern(f, english)).collect();
    let body = alternation.join("|");
    let pattern = if english {
        // Whole words (checked around the match: the regex crate's \b is Unicode-aware and
        // Korean particles join a Latin word) with an optional plural.
        format!("(?i:(?:{body})(?:es|s)?)")
    } else {
        format!("(?:{body})")
    };
    Regex::new(&pattern).map_err(|e| e.to_string())
}

impl Glossary {
    pub fn parse(toml_text: &str) -> Result<Glossary, String> {
        let file: File = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let mut terms = Vec::with_capacity(file.term.len());
        for term in file.term {
            if let Some(only) = &term.only {
                if !matches!(only.as_str(), "en-ko" | "ko-en") {
                    return Err(format!("{}: only must be \"en-ko\" or \"ko-en\"", term.en));
                }
            }
            let en_forms: Vec<&str> = std::iter::once(term.en.as_str())
                .chain(term.en_also.iter().map(String::as_str))
                .collect();
            let ko_forms: Vec<&str> = std::iter::once(term.ko.as_str())
                .chain(term.ko_also.iter().map(String::as_str))
                .collect();
            let en = forms_regex(&en_forms, true).map_err(|e| format!("{}: {e}", term.en))?;
            let ko = forms_regex(&ko_forms, false).map_err(|e| format!("{}: {e}", term.en))?;
            let en_capitals = en_forms
                .iter()
                .map(|f| f.chars().filter(char::is_ascii_uppercase).count())
                .max()
                .unwrap_or(0);
            terms.push(Compiled {
                term,
                en,
                ko,
                en_capitals,
            });
        }
        Ok(Glossary { terms })
    }

    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().map(|c| &c.term)
    }

    /// The terms of `sentence` (written in `from`) to be translated into `to`, in order,
    /// without overlaps (the longest term wins).
    pub fn find(&self, sentence: &str, from: &str, to: &str) -> Vec<Hit> {
        if from == to || !matches!((from, to), ("en", "ko") | ("ko", "en")) {
            return Vec::new();
        }
        let direction = format!("{from}-{to}");
        let mut hits: Vec<Hit> = Vec::new();
        for (index, c) in self.terms.iter().enumerate() {
            if c.term.only.as_deref().is_some_and(|d| d != direction) {
                continue;
            }
            let (re, entry) = if is_korean(from) {
                (&c.ko, &c.term.en)
            } else {
                (&c.en, &c.term.ko)
            };
            for m in re.find_iter(sentence) {
                if !is_korean(from) && !english_word(sentence, m.range(), c.en_capitals) {
                    continue;
                }
                hits.push(Hit {
                    range: m.range(),
                    found: m.as_str().to_string(),
                    entry: entry.clone(),
                    index,
                });
            }
        }
        hits.sort_by_key(|h| (std::cmp::Reverse(h.range.len()), h.range.start));
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if !kept
                .iter()
                .any(|k| k.range.start < h.range.end && h.range.start < k.range.end)
            {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.range.start);
        kept
    }

    /// The hits whose entry `translation` (in `to`) does not carry.
    pub fn missing<'h>(&self, hits: &'h [Hit], translation: &str, to: &str) -> Vec<&'h Hit> {
        hits.iter()
            .filter(|h| {
                let Some(c) = self.terms.get(h.index) else {
                    return true;
                };
                let found = if is_korean(to) {
                    c.ko.is_match(translation)
                } else {
                    c.en.find_iter(translation)
                        .any(|m| english_word(translation, m.range(), usize::MAX))
                };
                !found
            })
            .collect()
    }
}

/// Whether an English match is a whole word and not part of a name: no letter or digit joins
/// it on either side, and no more capitals than the term has (a capital first letter at the
/// start of a sentence aside).
fn english_word(text: &str, range: Range<usize>, capitals: usize) -> bool {
    let (Some(before), Some(matched), Some(after)) = (
        text.get(..range.start),
        text.get(range.clone()),
        text.get(range.end..),
    ) else {
        return false;
    };
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if joins(before.chars().next_back()) || joins(after.chars().next()) {
        return false;
    }
    let starts = before.trim_end().is_empty() || before.trim_end().ends_with(['.', '!', '?', ':']);
    let skip = usize::from(starts);
    matched
        .chars()
        .skip(skip)
        .filter(char::is_ascii_uppercase)
        .count()
        <= capitals
}

static BUNDLED_GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| {
    Glossary::parse(BUNDLED).unwrap_or_else(|e| {
        tracing::error!("content/glossary.toml is invalid ({e}); no glossary");
        Glossary { terms: Vec::new() }
    })
});

/// The shipped glossary.
pub fn glossary() -> &'static Glossary {
    &BUNDLED_GLOSSARY
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_bundled_file_parses_and_no_two_terms_share_a_form() {
        let g = Glossary::parse(BUNDLED).expect("content/glossary.toml parses");
        let terms: Vec<&Term> = g.terms().collect();
        assert!(terms.len() >= 40, "{} terms", terms.len());
        let mut seen = std::collections::HashSet::new();
        for t in &terms {
            for form in std::iter::once(&t.en).chain(&t.en_also) {
                assert!(seen.insert(form.to_lowercase()), "{form} twice");
            }
            // Each term is found in its own forms, both ways unless it is one-way.
            if t.only.as_deref() != Some("ko-en") {
                let hits = g.find(&format!("We use {}.", t.en), "en", "ko");
                assert_eq!(hits.len(), 1, "{}: {hits:?}", t.en);
                assert_eq!(hits[0].entry, t.ko);
            }
            if t.only.as_deref() != Some("en-ko") {
                let hits = g.find(&format!("{}를 쓴다.", t.ko), "ko", "en");
                assert_eq!(hits.len(), 1, "{}: {hits:?}", t.ko);
                assert_eq!(hits[0].entry, t.en);
            }
        }
    }

    fn small() -> Glossary {
        Glossary::parse(
            r#"
            [[term]]
            en = "agent-first"
            ko = "에이전트 우선"
            [[term]]
            en = "open weights"
            ko = "오픈 웨이트"
            en_also = ["open-weight"]
            [[term]]
            en = "reasoning model"
            ko = "추론 모델"
            [[term]]
            en = "inference"
            ko = "추론"
            only = "en-ko"
            [[term]]
            en = "alignment"
            ko = "정렬"
            "#,
        )
        .expect("parses")
    }

    #[test]
    fn terms_are_found_as_written_in_the_sentence() {
        let g = small();
        let s = "Codex is agent-first, and its reasoning models ship with open weights.";
        let hits = g.find(s, "en", "ko");
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (&s[h.range.clone()], h.entry.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("agent-first", "에이전트 우선"),
                ("reasoning models", "추론 모델"),
                ("open weights", "오픈 웨이트")
            ]
        );
        // Inside a word, or capitalised inside a sentence (a name), it is not the term.
        assert!(g
            .find("They misalignment the The Alignment Project.", "en", "ko")
            .is_empty());
        assert!(g
            .find("It ships Reasoning Model Pro.", "en", "ko")
            .is_empty());
        assert_eq!(g.find("Alignment matters.", "en", "ko").len(), 1);
        // Korean: with or without spaces; a one-way term is not looked for the other way.
        let ko = g.find("오픈웨이트 추론모델과 추론 속도", "ko", "en");
        let entries: Vec<&str> = ko.iter().map(|h| h.entry.as_str()).collect();
        assert_eq!(entries, ["open weights", "reasoning model"]);
    }

    #[test]
    fn a_translation_must_carry_each_entry() {
        let g = small();
        let s = "Codex is agent-first.";
        let hits = g.find(s, "en", "ko");
        assert!(g
            .missing(&hits, "Codex는 에이전트 우선입니다.", "ko")
            .is_empty());
        assert!(g
            .missing(&hits, "Codex는 에이전트우선 방식이다.", "ko")
            .is_empty());
        let wrong = g.missing(&hits, "Codex는 악기 우선입니다.", "ko");
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].found, "agent-first");
        let hits = g.find("오픈웨이트 모델을 공개했다.", "ko", "en");
        assert!(g
            .missing(&hits, "It released an open-weight model.", "en")
            .is_empty());
        assert_eq!(
            g.missing(&hits, "It released a public model.", "en").len(),
            1
        );
    }

    #[test]
    fn a_broken_file_is_an_error() {
        assert!(Glossary::parse("[[term]]\nen = \"x\"").is_err());
        assert!(Glossary::parse("[[term]]\nen = \"x\"\nko = \"\"").is_err());
        assert!(Glossary::parse("[[term]]\nen = \"x\"\nko = \"y\"\nonly = \"fr\"").is_err());
    }

    proptest! {
        #[test]
        fn any_text_is_searched_without_panicking(s in any::<String>(), t in any::<String>()) {
            let g = glossary();
            for (from, to) in [("en", "ko"), ("ko", "en")] {
                let hits = g.find(&s, from, to);
                for h in &hits {
                    prop_assert_eq!(s.get(h.range.clone()), Some(h.found.as_str()));
                }
                let _ = g.missing(&hits, &t, to);
            }
        }
    }
}
