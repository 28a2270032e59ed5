//! One story per announcement: posts that cover the same announcement (a vendor's post, a
//! reprint, press rewrites, a Korean and an English version) become one digest section with
//! "also covered by" links, decided from stored fingerprints of each post's text.
//!
//! `fingerprint` (what a post is made of), `similarity` (whether two posts are one story, and
//! why), `cluster` (a day's posts into stories), `evaluate` (`proofwire eval-stories`), and
//! here the upkeep that fingerprints every stored article version once.

pub mod cluster;
pub mod evaluate;
pub mod fingerprint;
pub mod similarity;

use std::time::Duration;

use crate::db::{Db, DbError};
pub use fingerprint::{Fingerprint, FINGERPRINT_VERSION};

/// CPU time one article's fingerprint may take (it is linear in the text; this is a guard).
const BUDGET: Duration = Duration::from_secs(5);

/// Fingerprints every article whose text has none for this version (new and changed articles
/// after an ingestion, all of them after an upgrade). A text that cannot be read in time is
/// logged and left ungrouped; the others go on. Returns how many were written.
pub async fn upkeep(db: &Db) -> Result<usize, DbError> {
    let mut written = 0;
    for id in db.unfingerprinted(FINGERPRINT_VERSION).await? {
        let Some(source) = db.fingerprint_source(id).await? else {
            continue;
        };
        let (title, text, hash) = (source.title, source.content_text, source.content_hash);
        let computed = crate::contained::run(BUDGET, move || Fingerprint::of(&title, &text)).await;
        let fp = match computed {
            Ok(fp) => fp,
            Err(e) => {
                tracing::warn!(article = id, error = %e, "no story fingerprint");
                continue;
            }
        };
        let data = serde_json::to_string(&fp).unwrap_or_default();
        if db
            .save_fingerprint(id, &hash, FINGERPRINT_VERSION, &data, &stamp())
            .await?
        {
            written += 1;
        }
    }
    Ok(written)
}

/// When a fingerprint was written, to the millisecond: it is part of the digest pages' content
/// version, and two writes within one second must still change it.
fn stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
