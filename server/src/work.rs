//! Model work as jobs in the database: the scheduler queues what the model has not read yet
//! (summaries, claim structuring), and every replica with a model claims jobs one at a time
//! (`db::jobs`). Two replicas never run the same job, both run some, and a job whose worker
//! died is claimed again when its lease runs out. On SQLite the same code runs in one process.

use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::claims::refine;
use crate::db::jobs::Job;
use crate::db::Store;
use crate::summarize::backend::Model;
use crate::summarize::pipeline::{Pipeline, PipelineError, Stats};
use crate::summarize::remote::Health;
use crate::translate::queue::TranslationQueue;

/// How long a worker may hold a job before another may take it over (a summary on a busy
/// 2-core machine takes a minute or two).
const LEASE: Duration = Duration::from_secs(600);
/// Attempts before a job is left failed.
const MAX_ATTEMPTS: i64 = 3;
/// How long an idle worker waits before looking again.
const IDLE: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Payload {
    Summarize {
        article_id: app::ids::ArticleId,
        day: Option<String>,
    },
    Refine {
        claim_id: app::ids::ClaimId,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Refine(#[from] refine::RefineError),
}

/// Queues the model work the database shows undone; returns how many jobs were new.
pub async fn enqueue(
    store: &Store,
    pipeline: &Pipeline,
    refiner: &Model,
) -> Result<usize, WorkError> {
    let now = Utc::now();
    let mut new = 0;
    let model = pipeline.cache_key();
    // Names, dates and hashes only: a round must not read every pending article's body.
    for a in pipeline.pending_versions(&Default::default()).await? {
        let id = a.id;
        let day = Some(pipeline.day_of(a.published_at).to_string());
        // The day leads the key, so a worker can tell when a day's summaries are all done.
        let key = format!(
            "summarize:{}:{id}:{}:{model}",
            day.as_deref().unwrap_or("-"),
            a.content_hash
        );
        let payload = Payload::Summarize {
            article_id: id,
            day,
        };
        new += usize::from(
            store
                .enqueue_job("summarize", &key, &json(&payload), now)
                .await?,
        );
    }
    let method = refine::method(refiner);
    for c in store.claims_to_refine(&method, None).await? {
        let sentence = hex::encode(Sha256::digest(c.sentence.as_bytes()));
        let key = format!("refine:{}:{}:{method}", c.id, &sentence[..16]);
        let payload = Payload::Refine { claim_id: c.id };
        new += usize::from(
            store
                .enqueue_job("refine", &key, &json(&payload), now)
                .await?,
        );
    }
    Ok(new)
}

fn json(p: &Payload) -> String {
    // A payload of integers and short strings always serializes.
    serde_json::to_string(p).unwrap_or_default()
}

/// One replica's worker.
pub struct Worker {
    store: Store,
    pipeline: Pipeline,
    refiner: Model,
    id: String,
    /// Days whose translations go before any job (`translate::queue`).
    translations: TranslationQueue,
}

impl Worker {
    pub fn new(store: Store, pipeline: Pipeline, refiner: Model, id: String) -> Worker {
        Worker {
            store,
            pipeline,
            refiner,
            id,
            translations: TranslationQueue::default(),
        }
    }

    /// Shares the queue of days to translate first with the web layer, which moves a day a
    /// reader opened to its front.
    pub fn with_translations(mut self, translations: TranslationQueue) -> Worker {
        self.translations = translations;
        self
    }

    /// Queues the model work the database shows undone (the scheduler's step), and puts the
    /// latest day first in line for translation: its titles and shown summaries (extractive
    /// ones until the model's exist) are translated before any job runs.
    pub async fn enqueue(&self) -> Result<usize, WorkError> {
        let queued = enqueue(&self.store, &self.pipeline, &self.refiner).await?;
        if let Some(day) = self.pipeline.latest_day().await? {
            self.translations.to_front(day);
        }
        Ok(queued)
    }

    /// Translates one sentence of the first day in line; false when no day in line has one
    /// left. A day with nothing left, or whose translation failed, leaves the line (a failure
    /// is tried again when the day's summaries are done, as before).
    pub async fn translate_first(&self) -> bool {
        while let Some(day) = self.translations.front() {
            let translated = crate::translating::step(
                &self.store,
                self.pipeline.summarizer().model(),
                self.pipeline.tz(),
                self.pipeline.digest_language(),
                day,
            )
            .await;
            match translated {
                Ok(0) => self.translations.remove(day),
                Ok(_) => return true,
                Err(e) => {
                    tracing::warn!(date = %day, error = %e, "translation of the day read first failed");
                    self.translations.remove(day);
                }
            }
        }
        false
    }

    /// Claims and runs one job; false when none was ready.
    pub async fn run_one(&self) -> Result<bool, WorkError> {
        // While a model server is paused after repeated failures, claiming jobs would only
        // spend their attempts: they wait in the queue for it to come back.
        if self.pipeline.summarizer().model().health() != Health::Ready {
            return Ok(false);
        }
        if self.translations.may_go_ahead() && self.translate_first().await {
            return Ok(true);
        }
        let Some(job) = self
            .store
            .claim_job(&self.id, LEASE, MAX_ATTEMPTS, Utc::now())
            .await?
        else {
            // Past its lead, the day read first still takes any time no job wants.
            return Ok(self.translate_first().await);
        };
        let outcome = self.run(&job).await;
        let error = outcome.as_ref().err().map(|e| e.to_string());
        if let Some(e) = &error {
            tracing::warn!(job = %job.key, attempt = job.attempts, error = %e, "model job failed");
        }
        metrics::counter!("proofwire_model_jobs_total",
            "kind" => job.kind.clone(),
            "outcome" => if error.is_some() { "failed" } else { "done" })
        .increment(1);
        match &error {
            // A busy database (SQLite refuses a write that lost a race with another at once)
            // or a passing model failure: tried again, up to the attempts a lease allows.
            Some(e) if job.attempts < MAX_ATTEMPTS => {
                self.store
                    .retry_job(job.id, &self.id, e, Utc::now())
                    .await?
            }
            _ => {
                self.store
                    .finish_job(job.id, &self.id, error.as_deref(), Utc::now())
                    .await?
            }
        }
        if let Ok(Some((day, changed))) = outcome {
            // The latest day's new model summary is shown in the other language until it is
            // translated: its sentences go before the next summary.
            if let Some(date) = crate::dates::parse_date(&day).filter(|_| changed) {
                if self.pipeline.latest_day().await? == Some(date) {
                    self.translations.to_front(date);
                }
            }
            self.when_day_is_done(&day, changed).await?;
        }
        Ok(true)
    }

    /// Runs a job; a summary job returns its day and whether it changed what readers see.
    async fn run(&self, job: &Job) -> Result<Option<(String, bool)>, WorkError> {
        let payload: Payload = match serde_json::from_str(&job.payload) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(job = %job.key, error = %e, "unreadable job payload");
                return Ok(None);
            }
        };
        match payload {
            Payload::Summarize { article_id, day } => {
                let mut stats = Stats::default();
                let changed = self
                    .pipeline
                    .summarize_article(article_id, &mut stats)
                    .await?;
                if stats.generated_tokens > 0 {
                    metrics::gauge!("proofwire_model_generation_tokens_per_second")
                        .set(stats.generation_tps());
                }
                Ok(day.map(|d| (d, changed.is_some())))
            }
            Payload::Refine { claim_id } => {
                refine::refine_claim(&self.store, &self.refiner, claim_id).await?;
                Ok(None)
            }
        }
    }

    /// Once no summary of `day` is queued or running, its lead paragraph is written again
    /// from the day's summaries when this one changed (`Pipeline::lead` does nothing when
    /// they did not), and what of the day is not translated yet is translated — also when its
    /// model summaries fell back, so the extractive ones are read in the digest language.
    async fn when_day_is_done(&self, day: &str, changed: bool) -> Result<(), WorkError> {
        if self
            .store
            .unfinished_jobs(&format!("summarize:{day}:"))
            .await?
            > 0
        {
            return Ok(());
        }
        if let Some(date) = crate::dates::parse_date(day) {
            if changed {
                if let Err(e) = self.pipeline.lead(date).await {
                    tracing::warn!(date = %day, error = %e, "model lead paragraph failed");
                }
            }
            // Queued, not translated here: a busy day has thousands of sentences, and one step
            // that translates them all holds a drain past its grace.
            self.translations.push_back(date);
        }
        Ok(())
    }

    /// Runs jobs until the drain begins (the job in flight then finishes, or is put back in
    /// the queue by the serve command at the end of the grace); waits a little when there are
    /// none.
    pub async fn run_forever(&self, drain: &crate::drain::Drain) {
        while !drain.is_draining() {
            let idle = match self.run_one().await {
                Ok(ran) => !ran,
                Err(e) => {
                    tracing::error!(error = %e, "model worker");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(IDLE) => {}
                    _ = drain.started() => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Jobs queued before the ids were typed are read back, and new ones are written as
        /// they were: the article id is the bare number in the payload.
        #[test]
        fn a_summary_job_payload_keeps_its_shape(id in any::<i64>(), day in proptest::option::of("[0-9-]{10}")) {
            let day_json = serde_json::to_string(&day).unwrap();
            let stored = format!(r#"{{"kind":"summarize","article_id":{id},"day":{day_json}}}"#);
            let payload = Payload::Summarize { article_id: app::ids::ArticleId::new(id), day: day.clone() };
            prop_assert_eq!(serde_json::to_string(&payload).unwrap(), stored.clone());
            match serde_json::from_str::<Payload>(&stored).unwrap() {
                Payload::Summarize { article_id, day: read } => {
                    prop_assert_eq!(article_id.get(), id);
                    prop_assert_eq!(read, day);
                }
                other => prop_assert!(false, "read as {:?}", other),
            }
        }

        #[test]
        fn a_refine_job_payload_keeps_its_shape(id in any::<i64>()) {
            let stored = format!(r#"{{"kind":"refine","claim_id":{id}}}"#);
            let payload = Payload::Refine { claim_id: app::ids::ClaimId::new(id) };
            prop_assert_eq!(serde_json::to_string(&payload).unwrap(), stored.clone());
            match serde_json::from_str::<Payload>(&stored).unwrap() {
                Payload::Refine { claim_id } => prop_assert_eq!(claim_id.get(), id),
                other => prop_assert!(false, "read as {:?}", other),
            }
        }
    }
}
