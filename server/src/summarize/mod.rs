//! Summaries behind one interface. For now an extractive summarizer; the local-model
//! summarizer will implement the same trait. Every sentence carries the character span of the
//! article text it came from.

mod extractive;
pub mod grounding;
pub mod numbers;
pub mod sentences;

pub use app::models::SummarySentence;
pub use extractive::Extractive;

pub struct SummaryInput<'a> {
    pub title: &'a str,
    /// The article's plain text; spans index into it by character.
    pub text: &'a str,
    pub language: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Which summarizer and version produced it, shown to readers beside the summary.
    pub method: String,
    pub sentences: Vec<SummarySentence>,
}

pub trait Summarizer: Send + Sync {
    /// Identifies the summarizer and its version; a change re-summarizes stored articles.
    fn method(&self) -> &str;
    fn summarize(&self, input: &SummaryInput<'_>) -> Summary;
}
