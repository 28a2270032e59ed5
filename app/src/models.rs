//! Data passed from the server to the pages. Plain serde structs, compiled on both sides.

use serde::{Deserialize, Serialize};

/// One sentence of a summary, with the character span (Unicode scalar values, end exclusive)
/// of the article text it was taken from, so every sentence we show can be traced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DigestItem {
    pub article_id: i64,
    pub vendor: String,
    pub title: String,
    pub url: String,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub date_estimated: bool,
    pub language: String,
    pub summary: Vec<SummarySentence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// `YYYY-MM-DD` in the configured time zone.
    pub date: String,
    pub items: Vec<DigestItem>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub vendor: String,
    pub source_name: String,
    pub title: String,
    pub url: String,
    pub canonical_url: String,
    pub language: String,
    pub published_at: String,
    pub date_estimated: bool,
    pub fetched_at: String,
    pub updated_at: String,
    /// `YYYY-MM-DD` of the digest this article appears in.
    pub digest_date: String,
    /// Plain text extracted from the sanitized HTML; summary spans index into it.
    pub text: String,
    pub summary: Vec<SummarySentence>,
    pub summary_method: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceStatus {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub location: String,
    pub language: String,
    pub enabled: bool,
    pub last_fetch_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub failures: i64,
    pub next_attempt_at: Option<String>,
    pub entry_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveDay {
    pub date: String,
    pub count: usize,
}
