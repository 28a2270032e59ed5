//! Scheduled ingestion rounds that survive restarts. A round's start, each source it finished
//! and its end are recorded apart (`db::rounds`); a scheduler that starts (or takes the
//! schedule over from a dead replica) and finds the last round unfinished, or sources not read
//! within the interval, reads those at once instead of waiting for the next interval. Sources
//! the cut round finished are not read again; the work behind ingestion (claims, stories, the
//! index, model jobs) is derived from the database, so the resumed round redoes whatever of it
//! was cut.

use std::collections::HashSet;

use app::ids::SourceId;
use chrono::{DateTime, Duration, Utc};

use crate::db::rounds::Round;
use crate::db::DbError;
use crate::db::Store;
use crate::drain::Drain;

/// What a scheduled round adds to an ingestion run.
pub struct RoundPlan {
    pub id: i64,
    /// Sources read within the interval (by the cut round, or an earlier one): skipped.
    pub done: HashSet<SourceId>,
    pub drain: Drain,
}

/// Why a round is run now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The interval passed: every source.
    Due,
    /// The last round was cut: the sources not read within the interval.
    Resume { cut: i64, done: HashSet<SourceId> },
    /// The last round finished, but some sources were not read within the interval (added
    /// since, or deferred by the run's deadline).
    CatchUp { done: HashSet<SourceId> },
}

/// What a scheduler that has just started leading must do before waiting for the interval:
/// `None` when the last round finished and every source in `sources` was read within it.
pub async fn at_start(
    store: &Store,
    sources: &[SourceId],
    every: Duration,
    now: DateTime<Utc>,
) -> Result<Option<Start>, DbError> {
    let Some(latest) = store.latest_round().await? else {
        // No round recorded yet (a new database, or one from before rounds were recorded):
        // the schedule row alone decides.
        return Ok(None);
    };
    let done: HashSet<SourceId> = store
        .sources_read_since(now - every)
        .await?
        .into_iter()
        .collect();
    if latest.finished_at.is_none() {
        let last_seen = store
            .round_last_progress(latest.id)
            .await?
            .unwrap_or(latest.started_at);
        store
            .cut_round(
                latest.id,
                last_seen,
                "the process stopped in the middle of the round (kill -9, crash or lost lease)",
            )
            .await?;
        return Ok(Some(Start::Resume {
            cut: latest.id,
            done,
        }));
    }
    if sources.iter().any(|s| !done.contains(s)) && latest.started_at + every > now {
        return Ok(Some(Start::CatchUp { done }));
    }
    Ok(None)
}

/// Records a source the round is done with, as `Outcome::done_in_round` names it. A source
/// skipped because it was read before the restart, or never reached (deadline, drain), has no
/// such name and is not recorded: it is still owed.
pub async fn record_source(
    store: &Store,
    plan: &RoundPlan,
    source_id: &SourceId,
    done: Option<&str>,
) -> Result<(), DbError> {
    match done {
        Some(outcome) => {
            store
                .round_source_done(plan.id, source_id, outcome, Utc::now())
                .await
        }
        None => Ok(()),
    }
}

/// Makes the round counters visible at zero before the first round.
pub fn register_counters() {
    for event in ["started", "finished", "resumed", "cut"] {
        metrics::counter!("proofwire_ingest_rounds_total", "event" => event).increment(0);
    }
}

/// Counts rounds started, finished, resumed and cut (`/metrics`).
pub fn count(event: &'static str) {
    metrics::counter!("proofwire_ingest_rounds_total", "event" => event).increment(1);
}

/// The rounds as `/readyz` shows them, times in RFC 3339 UTC (the `/sources` page shows the
/// same view with its times in the configured zone).
pub type RoundsStatus = app::models::RoundsView;

pub async fn status(store: &Store) -> Result<RoundsStatus, DbError> {
    let t = |t: Option<DateTime<Utc>>| t.map(crate::dates::ts);
    let mut s = RoundsStatus::default();
    if let Some(last) = store.latest_round().await? {
        s.last_started_at = Some(crate::dates::ts(last.started_at));
        s.last_finished_at = t(last.finished_at);
    }
    if let Some((cut, resumed)) = store.latest_cut().await? {
        s.last_cut_at = t(cut.cut_at);
        s.last_cut_reason = cut.cut_reason.clone();
        s.resumed_at = resumed.as_ref().map(|r| crate::dates::ts(r.started_at));
        s.resumed_finished_at = resumed.and_then(|r: Round| t(r.finished_at));
    }
    Ok(s)
}
