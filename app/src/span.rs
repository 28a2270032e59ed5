//! `CharSpan`: where a piece of an article's text is, as every span that leaves the module that
//! found it counts — in characters (Unicode scalar values), end exclusive, into the text it was
//! found on (`articles.content_text` for claims and summary sentences). Never a byte offset, and
//! never an offset into a transformed copy (lowercased, folded) used on the original.
//! The database keeps its two integer columns (`span_start`, `span_end`); the JSON the API and
//! the pages read keeps its field names.

use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
}

impl CharSpan {
    pub fn new(start: usize, end: usize) -> CharSpan {
        CharSpan { start, end }
    }

    /// A span as stored in two integer columns; a negative offset counts as 0.
    pub fn from_stored(start: i64, end: i64) -> CharSpan {
        let at = |n: i64| usize::try_from(n.max(0)).unwrap_or(usize::MAX);
        CharSpan::new(at(start), at(end))
    }

    /// Characters covered (0 for a reversed span).
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The characters of `text` it covers (as many as there are: a span past the end gives the
    /// rest, or nothing).
    pub fn text_of(self, text: &str) -> String {
        text.chars().skip(self.start).take(self.len()).collect()
    }

    /// `START-END`, as the article page's `?claim=` takes it.
    pub fn to_query(self) -> String {
        format!("{}-{}", self.start, self.end)
    }

    /// Reads `START-END`; None for anything else.
    pub fn parse_query(s: &str) -> Option<CharSpan> {
        let (a, b) = s.split_once('-')?;
        Some(CharSpan::new(a.parse().ok()?, b.parse().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let text = "가나다. abc.";
        assert_eq!(CharSpan::new(5, 9).text_of(text), "abc.");
        assert_eq!(CharSpan::new(0, 4).text_of(text), "가나다.");
        assert_eq!(CharSpan::new(8, 40).text_of(text), ".");
        assert_eq!(CharSpan::new(4, 2).text_of(text), "");
    }

    #[test]
    fn stored_and_query_forms_read_back() {
        assert_eq!(CharSpan::from_stored(-3, 7), CharSpan::new(0, 7));
        let s = CharSpan::new(12, 40);
        assert_eq!(CharSpan::parse_query(&s.to_query()), Some(s));
        for bad in ["", "12", "a-3", "3-", "-3-4", "1-2-3"] {
            assert_eq!(CharSpan::parse_query(bad), None, "{bad}");
        }
    }
}
