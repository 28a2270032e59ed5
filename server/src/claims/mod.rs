//! The claim tracker: claims extracted from articles (`extract`), matched across article
//! versions (`reconcile`), recorded with editors' evidence and statuses (`record`) behind an
//! append-only hash-chained log (`log`), and published as pages, JSON, Atom and ClaimReview
//! JSON-LD (`views`, `jsonld`, `atom`). `seed` applies the demo's editorial history.

pub mod against;
pub mod answers;
pub mod atom;
pub mod choose;
pub mod entities;
pub mod evaluate;
pub mod extract;
pub mod jsonld;
pub mod log;
pub mod names;
pub mod parts;
pub mod pools;
pub mod reconcile;
pub mod record;
pub mod refine;
pub mod seed;
pub mod views;

pub use app::vocab::{ClaimKind, EvidenceKind, Relation, Status, Verdict};

use crate::dates::ts;
use crate::db::Store;

#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("no such claim")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("cannot read {path}: {reason}")]
    Seed { path: String, reason: String },
}

/// Extracts claims from every article whose current text this extractor has not read (a
/// database from before the tracker, or after an extractor change). Ingestion extracts new
/// and changed articles itself; this catches the rest.
pub async fn catch_up(store: &Store) -> Result<record::VersionOutcome, ClaimError> {
    let mut total = record::VersionOutcome::default();
    for id in record::pending_extraction(store).await? {
        let now = ts(chrono::Utc::now());
        let o = record::extract_stored(store, id, &now).await?;
        total.added += o.added;
        total.corrected += o.corrected;
        total.removed += o.removed;
        total.restated += o.restated;
        total.reextracted += o.reextracted;
        total.dropped += o.dropped;
    }
    Ok(total)
}
