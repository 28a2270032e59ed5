//! One ingestion round, the same for the schedule and for `proofwire ingest`: the sources
//! read, then what is derived from what they stored — claims, third-party results, story
//! fingerprints, the search index and the model work.

use std::sync::{Arc, OnceLock};

use app::ids::SourceId;

use crate::config::Config;
use crate::db::Store;
use crate::ingest::sources;
use crate::ingest::{Ingestor, Outcome, SourceReport};
use crate::rounds::RoundPlan;
use crate::search::SearchIndex;
use crate::work::Worker;

use super::{index, upkeep, RunError};

/// Which sources a round reads, and what a failing step does to it.
#[derive(Clone, Copy)]
pub enum Reading<'a> {
    /// A scheduled round on the replica that leads: each source recorded with the round, none
    /// started once the drain began. A failing step is logged and the rest still done: all of
    /// it is derived from the database, so the next round redoes what failed.
    Scheduled(&'a RoundPlan),
    /// Asked for on the command line: every enabled source, or `only` that one (its backoff
    /// ignored). The first failing step ends the round with its error.
    Asked { only: Option<&'a SourceId> },
}

impl Reading<'_> {
    fn keeps_going(&self) -> bool {
        matches!(self, Reading::Scheduled(_))
    }

    fn draining(&self) -> bool {
        matches!(self, Reading::Scheduled(plan) if plan.drain.is_draining())
    }
}

/// Where the round's search index is.
#[derive(Clone, Copy)]
pub enum IndexAt<'a> {
    /// Held by this serving process.
    Held(&'a Arc<SearchIndex>),
    /// Opened for the round (a command-line run); a server holding it catches up by itself.
    Opened,
}

/// How the third-party results follow ingestion.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Results {
    /// On their own task beside the rounds, never awaited by one (`serve`).
    Beside,
    /// Read after everything else, a failure only logged (a command-line run).
    After,
    /// Not read (a pushed source read between rounds).
    Not,
}

/// What a round works with.
pub struct Round<'a> {
    pub config: &'a Config,
    pub store: &'a Store,
    pub ingestor: &'a Ingestor,
    pub index: IndexAt<'a>,
    /// The model worker, once it is ready; `None` where there is none.
    pub worker: Option<&'a OnceLock<Arc<Worker>>>,
}

/// What a round did.
pub struct Ended {
    /// Each source's outcome, by id (empty when the sources could not be read).
    pub reports: Vec<SourceReport>,
    /// Whether it went to its end: false when the drain stopped it, or a source was left for
    /// the next start, or the ingestion failed (the rest is owed to the next round).
    pub whole: bool,
}

/// Reads the sources, then does what follows ingestion (`follow_up`).
pub async fn round(r: &Round<'_>, reading: Reading<'_>) -> Result<Ended, RunError> {
    let mut ended = Ended {
        reports: Vec::new(),
        whole: true,
    };
    match sources::effective(&r.config.sources_file, r.store).await {
        Ok(list) => {
            let read = match reading {
                Reading::Scheduled(plan) => r.ingestor.run_round(&list, plan).await,
                Reading::Asked { only } => r.ingestor.run(&list, only).await,
            };
            match read {
                Ok(reports) => {
                    if let Reading::Scheduled(plan) = reading {
                        ended.whole = log_scheduled(plan, &reports);
                    }
                    ended.reports = reports;
                }
                Err(e) if reading.keeps_going() => {
                    ended.whole = false;
                    tracing::error!(error = %e, "scheduled ingestion failed");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) if reading.keeps_going() => {
            tracing::error!(error = %e, "cannot read the sources file")
        }
        Err(e) => return Err(e.into()),
    }
    // What follows is derived from the database: a resumed round does it again in full.
    if reading.draining() {
        ended.whole = false;
        return Ok(ended);
    }
    let results = match reading {
        Reading::Scheduled(_) => Results::Beside,
        Reading::Asked { .. } => Results::After,
    };
    follow_up(r, results, reading.keeps_going()).await?;
    ended.whole = ended.whole && !reading.draining();
    Ok(ended)
}

/// Logs a scheduled round's sources; returns whether none was left for the next start.
fn log_scheduled(plan: &RoundPlan, reports: &[SourceReport]) -> bool {
    let count = |f: fn(&Outcome) -> bool| reports.iter().filter(|r| f(&r.outcome)).count();
    let failed = count(|o| matches!(o, Outcome::Failed(_)));
    let stopped = count(|o| matches!(o, Outcome::Stopped));
    // A source the run's deadline deferred is read by the next round (or at the next start,
    // as one not read within the interval): the round itself ended.
    let deferred = count(|o| matches!(o, Outcome::Deferred));
    tracing::info!(
        round = plan.id,
        sources = reports.len(),
        failed,
        stopped,
        deferred,
        "scheduled ingestion finished"
    );
    stopped == 0
}

/// What follows ingestion, a round's or a pushed source's: claims, stories, the search index,
/// model work, and the third-party results as `results` says. With `keep_going` a failing step
/// is logged and the next one taken; without it the first failure is returned.
pub async fn follow_up(r: &Round<'_>, results: Results, keep_going: bool) -> Result<(), RunError> {
    let step = |done: Result<(), RunError>, what: &str| match done {
        Err(e) if keep_going => {
            tracing::error!(error = %e, "{what}");
            Ok(())
        }
        done => done,
    };
    step(
        upkeep::claims(r.config, r.store).await,
        "claim upkeep failed",
    )?;
    // Third-party results are read beside the rounds, never inside one.
    if results == Results::Beside {
        upkeep::results_in_background(r.config, r.store);
    }
    // Only older articles and a new fingerprint version: ingestion saved the round's own
    // articles with their fingerprints.
    step(upkeep::stories(r.store).await, "story upkeep failed")?;
    match r.index {
        IndexAt::Held(held) => index::catch_up_held(r.store, held).await,
        IndexAt::Opened => step(
            index::catch_up_opened(r.config, r.store).await,
            "search index catch-up failed",
        )?,
    }
    // The worker as it is now, not as it was when the round began: a model that became ready
    // mid-round queued only the posts stored by then, and the rest are queued here.
    if let Some(w) = r.worker.and_then(OnceLock::get) {
        match w.enqueue().await {
            Ok(n) if n > 0 => tracing::info!(jobs = n, "model work queued"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "queueing model work failed"),
        }
    }
    // After the posts are stored and indexed: a source that fails or is slow (bounded by its
    // budget) cannot cost the run anything.
    if results == Results::After {
        if let Err(e) = upkeep::results(r.config, r.store).await {
            tracing::warn!(error = %e, "reading evidence sources failed");
        }
    }
    Ok(())
}
