//! What a stop records after the drain: the round this replica leaves, and its model jobs.

use std::collections::HashSet;

use chrono::Utc;

use crate::config::Config;
use crate::db::Store;
use crate::ingest::sources;
use crate::rounds::count;

/// After a drain: the round this replica was running (if its end was not reached) is
/// recorded as cut with what it left, the model jobs this replica held go back to the queue,
/// and one line says what was left.
pub async fn record_stop(
    config: &Config,
    store: &Store,
    runner: &str,
    drain_time: std::time::Duration,
) {
    let now = Utc::now();
    let jobs = match store.release_jobs(runner, "", now).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %e, "cannot put this replica's model jobs back in the queue");
            0
        }
    };
    let round = match store.latest_round().await {
        Ok(Some(r)) if r.finished_at.is_none() && r.runner == runner => Some(r),
        Ok(_) => None,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the last round");
            None
        }
    };
    let mut left: Vec<String> = Vec::new();
    if let Some(r) = &round {
        let read: HashSet<String> = match store.round_sources(r.id).await {
            Ok(rows) => rows.into_iter().map(|(id, _)| id).collect(),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the round's progress");
                HashSet::new()
            }
        };
        let list = sources::effective(&config.sources_file, store)
            .await
            .unwrap_or_default();
        left = list
            .into_iter()
            .filter(|s| s.enabled && !read.contains(&s.id))
            .map(|s| s.id)
            .collect();
        let reason = format!("stopped by a signal with {} source(s) unread", left.len());
        if let Err(e) = store.cut_round(r.id, now, &reason).await {
            tracing::error!(error = %e, "cannot record the cut round");
        }
        count("cut");
    }
    let drained_ms = drain_time.as_millis() as u64;
    match round {
        Some(r) => tracing::warn!(
            drained_ms,
            round = r.id,
            sources_unread = left.len(),
            model_jobs_requeued = jobs,
            "stopped: round {} cut with {} source(s) unread ({}) and {} model job(s) put back in the queue; the next start resumes them",
            r.id,
            left.len(),
            left.join(", "),
            jobs
        ),
        None if jobs > 0 => tracing::warn!(
            drained_ms,
            model_jobs_requeued = jobs,
            "stopped: no round in progress; {jobs} model job(s) put back in the queue"
        ),
        None => tracing::info!(drained_ms, "stopped: nothing left unfinished"),
    }
}
