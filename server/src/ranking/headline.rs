//! Whether two sections' headlines tell one story, for the top block only: story grouping
//! keeps apart posts it cannot prove are one story (precision first), so a busy day can show
//! "Google to invest $1 billion in Anthropic" and "Google boosts AI rivalry with $1 billion
//! investment" as two sections. The top block keeps the first; the second stays below.
//!
//! Two headlines are one story when they share at least two content words and one of them is
//! a headline's subject (its first content word): "Disney invests $1 billion in OpenAI" and
//! "Google invests $1 billion in Anthropic" share words but not their subject.

use super::words::{normalize, words};

/// Words shared, the subject among them, for one story.
const SHARED_WORDS: usize = 2;

/// A headline's content words in order, lightly stemmed ("invests" → "invest").
pub struct Headline {
    words: Vec<String>,
}

impl Headline {
    pub fn of(title: &str) -> Headline {
        let stop = &words().stopwords;
        let mut out: Vec<String> = Vec::new();
        let mut previous: Option<String> = None;
        for w in normalize(title).split_whitespace() {
            let w = stem(w);
            let digits_only = w.chars().all(|c| c.is_ascii_digit() || c == '.');
            // A version after a name ("Mistral 3", "Gemini 3") names one product: it counts
            // as a word of its own, so two headlines about it share the name and the version.
            if digits_only {
                if let Some(name) = previous.take() {
                    let versioned = format!("{name} {w}");
                    if !out.contains(&versioned) {
                        out.push(versioned);
                    }
                }
                continue;
            }
            if w.chars().count() < 2 || stop.contains(w) {
                previous = None;
                continue;
            }
            previous = Some(w.to_string());
            if !out.iter().any(|o| o == w) {
                out.push(w.to_string());
            }
        }
        Headline { words: out }
    }

    fn subject(&self) -> Option<&str> {
        self.words.first().map(String::as_str)
    }

    pub fn same_story(&self, other: &Headline) -> bool {
        let shared: Vec<&String> = self
            .words
            .iter()
            .filter(|w| other.words.contains(w))
            .collect();
        shared.len() >= SHARED_WORDS
            && [self.subject(), other.subject()]
                .into_iter()
                .flatten()
                .any(|s| shared.iter().any(|w| w.as_str() == s))
    }
}

/// A plural or third-person -s dropped ("invests", "shares"), not from "-ss" or short words.
fn stem(w: &str) -> &str {
    match w.strip_suffix('s') {
        Some(base) if base.chars().count() >= 3 && !base.ends_with('s') => base,
        _ => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: &str, b: &str) -> bool {
        Headline::of(a).same_story(&Headline::of(b))
    }

    #[test]
    fn a_versioned_name_is_one_story_and_another_version_is_not() {
        assert!(same(
            "Northwind 3",
            "Northwind 3: A Heavyweight Model, Lightweight on Openness"
        ));
        assert!(!same("Northwind 3", "Northwind 2 gets cheaper"));
        assert!(!same("Northwind 3", "Southwind 3 is out"));
    }

    #[test]
    fn rewrites_of_one_story_are_one_and_different_stories_are_not() {
        assert!(same(
            "Acme to make fresh investment over $2 billion in Globex",
            "Acme boosts rivalry with $2 billion investment"
        ));
        assert!(same(
            "Initech soars after major partnership with Umbrella",
            "Initech Shares Surge 30% After Deal With Umbrella"
        ));
        assert!(!same(
            "Acme invests $1 billion in Globex",
            "Initech invests $1 billion in Umbrella"
        ));
        assert!(!same(
            "Regulator opens probe into Acme",
            "Acme launches a new model"
        ));
        assert!(same(
            "삼성전자 반도체 투자 확대",
            "삼성전자, 반도체 투자 10조"
        ));
    }

    proptest! {
        /// Hostile headlines never panic and the relation is symmetric.
        #[test]
        fn hostile_headlines(a in "\\PC{0,120}", b in "\\PC{0,120}") {
            let (x, y) = (Headline::of(&a), Headline::of(&b));
            prop_assert_eq!(x.same_story(&y), y.same_story(&x));
        }

        /// A headline with a subject and another content word is its own story.
        #[test]
        fn a_headline_is_the_same_story_as_itself(a in "[A-Za-z]{3,8} [A-Za-z]{3,8} [A-Za-z]{3,8}") {
            let h = Headline::of(&a);
            prop_assert_eq!(h.same_story(&h), h.words.len() >= SHARED_WORDS);
        }
    }
}
