//! One story per announcement: posts that cover the same announcement (a vendor's post, a
//! reprint, press rewrites, a Korean and an English version) become one digest section with
//! "also covered by" links, decided from stored fingerprints of each post's text.
//!
//! `post` (a day's `Post`s and the `Section`s they fold into: what the digest groups and
//! ranks), `fingerprint` (what a post is made of), `similarity` (whether two posts are one
//! story, and why), `cluster` (a day's posts into stories; `all_pairs` the first, quadratic
//! version it is checked against), `evaluate` (`proofwire eval-stories`), and here the upkeep
//! that fingerprints the stored article versions ingestion did not (see `upkeep`).

pub mod all_pairs;
pub mod cluster;
pub mod evaluate;
pub mod fingerprint;
pub mod post;
pub mod similarity;

use std::time::Duration;

use crate::db::{DbError, Store};
pub use fingerprint::{Fingerprint, FINGERPRINT_VERSION};

/// CPU time one article's fingerprint may take (it is linear in the text; this is a guard).
const BUDGET: Duration = Duration::from_secs(5);

/// Fingerprints every article whose text has none for this version. Ingestion computes an
/// entry's fingerprint when it reads the entry and saves it with the article (`Reading`,
/// `Store::save_article`), so after a round this finds only what that could not cover:
/// articles stored before fingerprints were written at reading (or copied from a database
/// whose fingerprints were not), and every article after `FINGERPRINT_VERSION` changes. A
/// text that cannot be read in time is logged and left ungrouped; the others go on. Each
/// batch is written in one transaction, not one per article: after a version change this runs
/// for every article. Returns how many were written.
pub async fn upkeep(db: &Store) -> Result<usize, DbError> {
    let mut written = 0;
    for batch in db.unfingerprinted(FINGERPRINT_VERSION).await?.chunks(BATCH) {
        let mut computed = Vec::with_capacity(batch.len());
        for &id in batch {
            let Some(source) = db.fingerprint_source(id).await? else {
                continue;
            };
            let (title, text, hash) = (source.title, source.content_text, source.content_hash);
            match crate::contained::run(BUDGET, move || Fingerprint::of(&title, &text)).await {
                Ok(fp) => computed.push((id, hash, fp.to_json())),
                Err(e) => tracing::warn!(article = id.get(), error = %e, "no story fingerprint"),
            }
        }
        let now = computed_at();
        let mut tx = db.begin().await?;
        for (id, hash, data) in &computed {
            if tx
                .save_fingerprint(*id, hash, FINGERPRINT_VERSION, data, &now)
                .await?
            {
                written += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// Articles fingerprinted per transaction.
const BATCH: usize = 200;

/// When a fingerprint was written, to the millisecond: it is part of the digest pages' content
/// version, and two writes within one second must still change it.
pub fn computed_at() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
