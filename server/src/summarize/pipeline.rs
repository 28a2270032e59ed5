//! Runs the local model over every article whose current text it has not summarized yet, with
//! the current model and prompt, then writes the lead paragraphs of the days that changed.
//!
//! The cache key is (article, content hash, model SHA-256, prompt version), kept in
//! `summary_runs`: re-ingesting unchanged feeds runs the model zero times, and a changed article
//! or a new prompt version re-summarizes exactly what changed.

use app::ids::ArticleId;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crate::db::summaries::{Lead, SummarySelection};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sha2::{Digest as _, Sha256};

use super::llama::LlmError;
use super::model::{ModelSummarizer, PROMPT_VERSION};
use super::SummaryInput;

use crate::dates::{day_bounds, local_date};
use crate::db::{DbError, Store};

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] DbError),
    #[error("the model failed: {0}")]
    Model(#[from] LlmError),
}

/// Which articles to (re)summarize.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only articles published at or after this time.
    pub since: Option<DateTime<Utc>>,
    pub article: Option<i64>,
    /// Summarize even when the cache says this text was done with this model and prompt.
    pub force: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub total: usize,
    pub done: usize,
    /// Articles whose model summary is shown.
    pub summarized: usize,
    /// Articles where too little survived the check: the extractive summary stays.
    pub fallbacks: usize,
    pub failed: usize,
    pub kept_sentences: usize,
    pub dropped_sentences: usize,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prompt_time: Duration,
    pub generation_time: Duration,
    pub leads: usize,
    /// The days whose shown summaries changed (in date order): their translations are due.
    pub days: Vec<NaiveDate>,
    /// Titles and summary sentences translated into the digest language (checked or not).
    pub translated: usize,
}

impl Stats {
    pub fn generation_tps(&self) -> f64 {
        self.generated_tokens as f64 / self.generation_time.as_secs_f64().max(1e-9)
    }
    pub fn prompt_tps(&self) -> f64 {
        self.prompt_tokens as f64 / self.prompt_time.as_secs_f64().max(1e-9)
    }
}

pub struct Pipeline {
    store: Store,
    summarizer: Arc<ModelSummarizer>,
    tz: Tz,
    digest_language: String,
}

impl Pipeline {
    pub fn new(
        store: Store,
        summarizer: Arc<ModelSummarizer>,
        tz: Tz,
        digest_language: &str,
    ) -> Pipeline {
        Pipeline {
            store,
            summarizer,
            tz,
            digest_language: digest_language.to_string(),
        }
    }

    pub fn summarizer(&self) -> &ModelSummarizer {
        &self.summarizer
    }

    /// The model's SHA-256 and the prompt version: what a summary job's key names.
    pub fn cache_key(&self) -> String {
        format!("{}:{PROMPT_VERSION}", self.summarizer.model().key())
    }

    /// The local date an article belongs to.
    pub fn day_of(&self, published_at: DateTime<Utc>) -> NaiveDate {
        local_date(published_at, self.tz)
    }

    /// Ids of the articles the selection covers that still need a model run, newest first.
    pub async fn pending(&self, sel: &Selection) -> Result<Vec<ArticleId>, PipelineError> {
        Ok(self
            .pending_versions(sel)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect())
    }

    /// As `pending`, with each article's publication time and content hash.
    pub async fn pending_versions(
        &self,
        sel: &Selection,
    ) -> Result<Vec<crate::db::summaries::Unsummarized>, PipelineError> {
        let sha = self.summarizer.model().key();
        Ok(self
            .store
            .articles_to_summarize(&SummarySelection {
                since: sel.since,
                article: sel.article,
                force: sel.force,
                model_sha256: &sha,
                prompt_version: PROMPT_VERSION as i64,
            })
            .await?)
    }

    /// Summarizes the pending articles one by one; `progress` sees the running totals.
    pub async fn run(
        &self,
        sel: &Selection,
        progress: impl Fn(&Stats),
    ) -> Result<Stats, PipelineError> {
        let ids = self.pending(sel).await?;
        let mut stats = Stats {
            total: ids.len(),
            ..Stats::default()
        };
        let mut days = BTreeSet::new();
        for id in ids {
            match self.summarize_article(id, &mut stats).await {
                Ok(Some(day)) => {
                    days.insert(day);
                }
                Ok(None) => {}
                // The worker is gone: nothing further can succeed.
                Err(PipelineError::Model(LlmError::Stopped)) => {
                    return Err(LlmError::Stopped.into())
                }
                Err(PipelineError::Model(e)) => {
                    stats.failed += 1;
                    tracing::warn!(article = id.get(), error = %e, "model summary failed; the extractive summary stays");
                }
                Err(e) => return Err(e),
            }
            stats.done += 1;
            progress(&stats);
        }
        for day in days {
            match self.lead(day).await {
                Ok(true) => stats.leads += 1,
                Ok(false) => {}
                Err(PipelineError::Model(e)) => {
                    tracing::warn!(date = %day, error = %e, "model lead paragraph failed")
                }
                Err(e) => return Err(e),
            }
            stats.days.push(day);
        }
        Ok(stats)
    }

    /// Summarizes one article (a job of the work queue, or a step of `run`). Returns the
    /// article's local date when its shown summary changed.
    pub async fn summarize_article(
        &self,
        id: ArticleId,
        stats: &mut Stats,
    ) -> Result<Option<NaiveDate>, PipelineError> {
        let Some(a) = self.store.article(id).await? else {
            return Ok(None);
        };
        let checked = self
            .summarizer
            .summarize(&SummaryInput {
                title: &a.title,
                text: &a.content_text,
                language: &a.language,
            })
            .await?;
        let g = &checked.generation;
        stats.prompt_tokens += g.prompt_tokens;
        stats.generated_tokens += g.generated_tokens;
        stats.prompt_time += g.prompt_time;
        stats.generation_time += g.generation_time;
        stats.kept_sentences += checked.kept;
        stats.dropped_sentences += checked.dropped.len();
        let run = crate::db::summaries::SummaryRun {
            article_id: id,
            content_hash: a.content_hash.clone(),
            model_sha256: self.summarizer.model().key(),
            prompt_version: PROMPT_VERSION,
            method: self.summarizer.method(),
            language: checked.language.clone(),
            kept: checked.kept,
            dropped_json: serde_json::to_string(&checked.dropped).unwrap_or_else(|_| "[]".into()),
            fallback: checked.summary.is_none(),
            raw_output: g.text.clone(),
            prompt_tokens: g.prompt_tokens,
            generated_tokens: g.generated_tokens,
            prompt_ms: g.prompt_time.as_secs_f64() * 1000.0,
            generation_ms: g.generation_time.as_secs_f64() * 1000.0,
        };
        let shown = checked.summary.is_some();
        if shown {
            stats.summarized += 1;
        } else {
            stats.fallbacks += 1;
        }
        self.store
            .save_model_run(&run, checked.summary.as_ref(), Utc::now())
            .await?;
        Ok(shown.then(|| local_date(a.published_at, self.tz)))
    }

    /// Writes the model lead paragraph of `day` unless the stored one matches the day's
    /// current summaries. Returns whether a new lead was stored.
    pub async fn lead(&self, day: NaiveDate) -> Result<bool, PipelineError> {
        let (from, to) = day_bounds(day, self.tz);
        let rows = self.store.articles_between(from, to).await?;
        let mut sums = self.store.summaries_between(from, to).await?;
        let items: Vec<(String, String, Vec<super::SummarySentence>)> = rows
            .into_iter()
            .map(|r| {
                let s = sums.remove(&r.id).unwrap_or_default();
                (r.vendor, r.title, s)
            })
            .collect();
        if items.is_empty() {
            return Ok(false);
        }
        let hash = lead_input_hash(&items);
        let date = day.format("%Y-%m-%d").to_string();
        let method = self.summarizer.method();
        if let Some(lead) = self.store.digest_lead(&date, &self.digest_language).await? {
            if lead.input_hash == hash && lead.method == method {
                return Ok(false);
            }
        }
        let Some((text, _)) = self.summarizer.lead(&self.digest_language, &items).await? else {
            return Ok(false);
        };
        let lead = Lead {
            input_hash: hash,
            method,
            text,
        };
        self.store
            .save_digest_lead(&date, &self.digest_language, &lead)
            .await?;
        Ok(true)
    }
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The language the digest is written in (leads; translations go into it).
    pub fn digest_language(&self) -> &str {
        &self.digest_language
    }

    /// The local day of the newest article, if any.
    pub async fn latest_day(&self) -> Result<Option<NaiveDate>, PipelineError> {
        Ok(self
            .store
            .latest_published()
            .await?
            .map(|t| local_date(t, self.tz)))
    }
}

/// Identifies a day's content for its lead: vendors, titles and summary sentences in order.
pub fn lead_input_hash(items: &[(String, String, Vec<super::SummarySentence>)]) -> String {
    let mut h = Sha256::new();
    for (vendor, title, sentences) in items {
        h.update(vendor.as_bytes());
        h.update([0]);
        h.update(title.as_bytes());
        h.update([0]);
        for s in sentences {
            h.update(s.text.as_bytes());
            h.update([1]);
        }
        h.update([2]);
    }
    hex::encode(h.finalize())
}
