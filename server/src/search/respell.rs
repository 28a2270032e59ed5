//! "Did you mean": the closest indexed word to a word that matches nothing, found by walking
//! the term dictionary with a Levenshtein automaton instead of comparing against every term.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::termdict::TermDictionary;

/// Words of one query that get a respelling; the rest are left as typed.
pub const MAX_WORDS: usize = 4;
/// Longer "words" are pasted identifiers or noise, not typos.
const MAX_WORD_CHARS: usize = 32;

/// Only plain Latin words of a sensible length are respelled.
pub fn worth_trying(word: &str) -> bool {
    let n = word.chars().count();
    (3..=MAX_WORD_CHARS).contains(&n) && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Edits allowed: 1, or 2 for words of six letters or more.
fn builder(word: &str) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if word.len() >= 6 {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, false))
    } else {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, false))
    }
}

/// Folds the terms of `dict` within reach of `word` into `best`: fewest edits, then most
/// documents. `best` carries over between segments.
pub fn closest(
    dict: &TermDictionary,
    word: &str,
    best: &mut Option<(u8, u32, String)>,
) -> std::io::Result<()> {
    let dfa = builder(word).build_dfa(word);
    let mut stream = dict.search(Reach(&dfa)).into_stream()?;
    while stream.advance() {
        let Ok(term) = std::str::from_utf8(stream.key()) else {
            continue;
        };
        let Distance::Exact(d) = dfa.eval(term) else {
            continue;
        };
        let freq = stream.value().doc_freq;
        let better = match best {
            None => true,
            Some((bd, bf, _)) => d < *bd || (d == *bd && freq > *bf),
        };
        if better {
            *best = Some((d, freq, term.to_string()));
        }
    }
    Ok(())
}

/// The automaton as the term dictionary walks it: a branch is abandoned as soon as no word
/// under it can be within reach.
struct Reach<'a>(&'a DFA);

impl tantivy_fst::Automaton for Reach<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_is_one_edit_for_short_words_and_two_for_long_ones() {
        let eval = |word: &str, term: &str| builder(word).build_dfa(word).eval(term);
        assert_eq!(eval("annouce", "announce"), Distance::Exact(1));
        assert_eq!(eval("anounse", "announce"), Distance::Exact(2));
        assert!(matches!(eval("kitten", "sitting"), Distance::AtLeast(3)));
        assert!(matches!(eval("gpu", "gpus2"), Distance::AtLeast(2)));
        assert_eq!(eval("same", "same"), Distance::Exact(0));
        assert!(!worth_trying("ab") && !worth_trying("모델") && !worth_trying(&"a".repeat(40)));
    }
}
