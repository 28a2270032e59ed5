//! Summaries. Every sentence carries the character span of the article text it came from.
//!
//! - `extractive`: fast, runs inside ingestion, so a new article always has a summary at once.
//! - `llama` + `model`: the local model writes a summary afterwards (`pipeline`), and
//!   `grounding` drops every sentence it cannot trace to the source.

pub mod backend;
pub mod cpu;
mod extractive;
pub mod grounding;
pub mod llama;
pub mod model;
pub mod numbers;
pub mod pipeline;
pub mod remote;
pub mod sentences;
pub mod status;

/// Method names of model summaries start with one of these (`llama:<sha>:p<prompt version>`,
/// `openai:<model>[@fingerprint]:p<prompt version>`).
pub const MODEL_METHOD_PREFIXES: &[&str] = &["llama:", "openai:"];

pub use crate::db::summaries::Summary;
pub use app::models::SummarySentence;
pub use extractive::Extractive;

pub struct SummaryInput<'a> {
    pub title: &'a str,
    /// The article's plain text; spans index into it by character.
    pub text: &'a str,
    pub language: &'a str,
}

pub trait Summarizer: Send + Sync {
    /// Identifies the summarizer and its version; a change re-summarizes stored articles.
    fn method(&self) -> &str;
    fn summarize(&self, input: &SummaryInput<'_>) -> Summary;
}
