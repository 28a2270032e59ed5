//! The schedule, run by whichever replica leads: a round at start when one is owed (the last
//! one was cut, or sources were not read within the interval), then one every
//! `ingest_interval_minutes`. Each round is recorded (`rounds`), so a restart in the middle
//! of one costs only the sources it had not finished. A drain stops it taking new work.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::ids::SourceId;
use chrono::Utc;
use futures_util::FutureExt;

use crate::config::Config;
use crate::db::Store;
use crate::drain::Drain;
use crate::ingest::sources;
use crate::ingest::Ingestor;
use crate::rounds::{self, RoundPlan, Start};
use crate::search::SearchIndex;
use crate::work::Worker;

use super::round::{follow_up, round, IndexAt, Reading, Results, Round};

/// How often a replica that does not run the schedule checks whether it should.
pub const LEADER_CHECK: Duration = Duration::from_secs(2);

pub struct Scheduler {
    pub config: Config,
    pub store: Store,
    pub ingestor: Ingestor,
    pub index: Arc<SearchIndex>,
    pub worker: Arc<OnceLock<Arc<Worker>>>,
    /// This replica's name in the rounds it runs (host:addr:pid).
    pub runner: String,
    pub drain: Drain,
}

impl Scheduler {
    /// Leads when it can and runs rounds until the drain begins.
    pub async fn run(self) {
        let every = Duration::from_secs_f64(self.config.ingest_interval_minutes * 60.0);
        rounds::register_counters();
        while !self.drain.is_draining() {
            let mut lead = match self.store.try_lead().await {
                Ok(Some(lead)) => lead,
                Ok(None) => {
                    self.pause(LEADER_CHECK).await;
                    continue;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot tell which replica runs the schedule");
                    self.pause(LEADER_CHECK).await;
                    continue;
                }
            };
            tracing::info!("this replica runs the schedule");
            metrics::gauge!("proofwire_scheduler_leader").set(1.0);
            let mut starting = true;
            while !self.drain.is_draining() && lead.holds().await {
                if std::mem::take(&mut starting) {
                    if let Some(start) = self.owed_at_start(every).await {
                        self.recorded_round(start).await;
                        continue;
                    }
                }
                let now = Utc::now();
                let due = match self.store.last_round().await {
                    Ok(Some(last)) => last + chrono::Duration::from_std(every).unwrap_or_default(),
                    Ok(None) => now,
                    Err(e) => {
                        tracing::error!(error = %e, "reading the schedule");
                        now + chrono::Duration::from_std(LEADER_CHECK).unwrap_or_default()
                    }
                };
                if due > now {
                    self.between_rounds().await;
                    let wait = (due - now).to_std().unwrap_or_default().min(LEADER_CHECK);
                    self.pause(wait).await;
                    continue;
                }
                if let Err(e) = self.store.mark_round(now).await {
                    tracing::error!(error = %e, "recording the scheduled round");
                }
                self.recorded_round(Start::Due).await;
            }
            metrics::gauge!("proofwire_scheduler_leader").set(0.0);
            if !self.drain.is_draining() {
                tracing::warn!("this replica lost the schedule (its database connection dropped)");
            }
        }
    }

    /// WebSub between rounds: subscriptions and announcements on their own task, and the
    /// sources a hub pushed read now (polling goes on as planned).
    async fn between_rounds(&self) {
        let websub = &self.config.websub;
        crate::websub::in_background(
            websub,
            &self.config.public_url,
            &self.store,
            self.ingestor.fetcher(),
        );
        if websub.callback_url.is_empty() || self.drain.is_draining() {
            return;
        }
        let pushed = match self.store.websub_take_pushed().await {
            Ok(ids) if !ids.is_empty() => ids,
            Ok(_) => return,
            Err(e) => {
                tracing::error!(error = %e, "reading the WebSub pushes");
                return;
            }
        };
        let read = std::panic::AssertUnwindSafe(self.read_pushed(&pushed))
            .catch_unwind()
            .await;
        if let Err(panic) = read {
            let message = crate::contained::panic_message(panic);
            tracing::error!(error = %message, "reading pushed sources panicked; polling reads them");
        }
    }

    /// Reads the sources a hub pushed, then what follows ingestion (as after a round).
    async fn read_pushed(&self, pushed: &[SourceId]) {
        let list = match sources::effective(&self.config.sources_file, &self.store).await {
            Ok(list) => list,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the sources file");
                return;
            }
        };
        let mut read = 0;
        for id in pushed {
            if !list.iter().any(|s| &s.id == id && s.enabled) {
                continue;
            }
            match self.ingestor.run(&list, Some(id)).await {
                Ok(reports) => {
                    read += 1;
                    for r in reports {
                        tracing::info!(source = %r.id, "WebSub push read: {r}");
                    }
                }
                Err(e) => {
                    tracing::error!(source = %id, error = %e, "reading a pushed source failed")
                }
            }
        }
        if read > 0 {
            // Never an error: a failing step is logged and the next one taken.
            let _ = follow_up(&self.ingestion(), Results::Not, true).await;
        }
    }

    /// Sleeps, or less once the drain begins.
    async fn pause(&self, d: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            _ = self.drain.started() => {}
        }
    }

    /// The round owed on taking the schedule: a cut one, or sources the interval missed.
    async fn owed_at_start(&self, every: Duration) -> Option<Start> {
        let list = match sources::effective(&self.config.sources_file, &self.store).await {
            Ok(list) => list,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the sources file");
                return None;
            }
        };
        let enabled: Vec<SourceId> = list
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.id.clone())
            .collect();
        let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
        match rounds::at_start(&self.store, &enabled, every, Utc::now()).await {
            Ok(start) => start,
            Err(e) => {
                tracing::error!(error = %e, "reading the last rounds");
                None
            }
        }
    }

    /// What this replica's rounds work with.
    fn ingestion(&self) -> Round<'_> {
        Round {
            config: &self.config,
            store: &self.store,
            ingestor: &self.ingestor,
            index: IndexAt::Held(&self.index),
            worker: Some(&self.worker),
        }
    }

    /// A round recorded from its start to its end (finished, or cut by a panic); one the
    /// drain stopped is recorded by `serve` once in-flight work ended.
    async fn recorded_round(&self, start: Start) {
        let (resumes, done) = match start {
            Start::Due => (None, Default::default()),
            Start::Resume { cut, done } => (Some(cut), done),
            Start::CatchUp { done } => (None, done),
        };
        let id = match self
            .store
            .start_round(&self.runner, resumes, Utc::now())
            .await
        {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "cannot record the round's start");
                return;
            }
        };
        rounds::count("started");
        match resumes {
            Some(cut) => {
                rounds::count("resumed");
                tracing::info!(
                    round = id,
                    cut,
                    already_read = done.len(),
                    "resuming the round a restart cut: reading the sources it had not finished"
                );
            }
            None if !done.is_empty() => tracing::info!(
                round = id,
                already_read = done.len(),
                "reading the sources not read within the interval"
            ),
            None => {}
        }
        let plan = RoundPlan {
            id,
            done,
            drain: self.drain.clone(),
        };
        let whole =
            std::panic::AssertUnwindSafe(round(&self.ingestion(), Reading::Scheduled(&plan)))
                .catch_unwind()
                .await;
        let result = match whole {
            Ok(Ok(ended)) if ended.whole => {
                self.store.finish_round(id, Utc::now()).await.map(|_| {
                    rounds::count("finished");
                })
            }
            // Drained: the serve command records what was left once in-flight work ended.
            Ok(Ok(_)) => Ok(()),
            // Not expected: a scheduled round logs a failing step and goes on.
            Ok(Err(e)) => {
                tracing::error!(error = %e, round = id, "scheduled round failed");
                Ok(())
            }
            Err(panic) => {
                let message = crate::contained::panic_message(panic);
                tracing::error!(error = %message, "scheduled round panicked; the next round runs as planned");
                rounds::count("cut");
                self.store
                    .cut_round(id, Utc::now(), &format!("the round panicked: {message}"))
                    .await
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, round = id, "cannot record the round's end");
        }
    }
}
