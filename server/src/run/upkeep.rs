//! What runs after each ingestion round, from `serve`'s scheduler and from the CLI alike:
//! claims caught up with the extractor, the editorial seed applied, the story fingerprints
//! ingestion did not write (older articles, a new fingerprint version); and third-party
//! results read, which `serve` runs beside the rounds (one read at a time, never awaited by a
//! round), so a slow or unreachable source holds nothing up.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::config::Config;
use crate::db::Store;
use crate::fetch::Fetcher;

use super::RunError;

/// After ingestion: extract claims from articles this extractor has not read yet (older
/// databases) and apply the editorial seed entries whose claims now exist. First the names
/// editors added are read again (an editor's answer on another replica reaches this one's
/// extractor by the next round), and claims stored meanwhile with a name they answered are
/// linked.
pub async fn claims(config: &Config, store: &Store) -> Result<(), RunError> {
    let names_changed = crate::claims::record::load_editor_names(store)
        .await
        .map_err(crate::claims::ClaimError::Db)?;
    if names_changed {
        let linked = crate::claims::record::resolve_entities(store)
            .await
            .map_err(crate::claims::ClaimError::Db)?;
        if linked > 0 {
            tracing::info!(linked, "claims and results linked to names editors added");
        }
    }
    let done = crate::claims::catch_up(store).await?;
    if done != Default::default() {
        tracing::info!(
            added = done.added,
            corrected = done.corrected,
            removed = done.removed,
            reextracted = done.reextracted,
            dropped = done.dropped,
            "claims extracted from stored articles"
        );
    }
    let applied = crate::claims::seed::apply(store, &config.claims_seed).await?;
    if applied > 0 {
        tracing::info!(applied, seed = %config.claims_seed.display(), "claim seed applied");
    }
    Ok(())
}

/// After ingestion: fingerprint the articles whose text has no story fingerprint of this
/// version. Ingestion saves each article with its fingerprint, so this is still needed only for
/// articles stored before it did (and copies of such databases) and for all of them once
/// `FINGERPRINT_VERSION` changes; after an ordinary round it finds nothing.
pub async fn stories(store: &Store) -> Result<(), RunError> {
    let n = crate::stories::upkeep(store).await?;
    if n > 0 {
        tracing::info!(articles = n, "story fingerprints written");
    }
    Ok(())
}

/// Whether a background read of the evidence sources is under way in this process.
static READING_RESULTS: AtomicBool = AtomicBool::new(false);

/// Starts reading the evidence sources on their own task, unless a read started earlier is
/// still going; returns whether one was started. The round that calls it does not wait: each
/// source's read is bounded (the fetcher's limits, a datastore's time budget) and failures are
/// logged and shown on `/sources`.
pub fn results_in_background(config: &Config, store: &Store) -> bool {
    if READING_RESULTS.swap(true, Ordering::SeqCst) {
        return false;
    }
    struct Done;
    impl Drop for Done {
        // Also when the task panics or the runtime drops it.
        fn drop(&mut self) {
            READING_RESULTS.store(false, Ordering::SeqCst);
        }
    }
    let (config, store) = (config.clone(), store.clone());
    tokio::spawn(async move {
        let _done = Done;
        if let Err(e) = results(&config, &store).await {
            tracing::error!(error = %e, "reading evidence sources failed");
        }
    });
    true
}

/// Reads the configured evidence sources and stores third-party results not seen before; a
/// failing source is logged with its reason and the others go on. Nothing is read when
/// `read_evidence_sources` is off.
pub async fn results(
    config: &Config,
    store: &Store,
) -> Result<Vec<crate::results::SourceReport>, RunError> {
    if config.evidence_source.is_empty() || !config.read_evidence_sources {
        return Ok(Vec::new());
    }
    let fetcher = Fetcher::new(&config.fetch)?;
    let reports = crate::results::refresh(
        store,
        &config.evidence_source,
        &fetcher,
        config.fetch.max_body_bytes,
    )
    .await?;
    for r in &reports {
        match &r.error {
            Some(e) => tracing::warn!(source = %r.id, error = %e, "evidence source failed"),
            None => tracing::info!(
                source = %r.id, results = r.results, new = r.new_results,
                skipped = r.problems.len(), not_modified = r.not_modified,
                files_read = r.files_read, files_left = r.files_left,
                changed = r.changes.len(),
                "evidence source read"
            ),
        }
    }
    Ok(reports)
}
