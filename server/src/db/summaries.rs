//! `summaries`, `summary_sentences`, `summary_runs` and `digest_leads`: what readers see of
//! each article and of each day, and every model run that produced it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{on_pool, on_reads, on_tx, Reads, Result, Store, Tx};
use crate::dates::ts;
use app::ids::ArticleId;
use app::models::SummarySentence;

/// An article's summary as stored: every sentence with the span of the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Which summarizer and version produced it, shown to readers beside the summary.
    pub method: String,
    pub sentences: Vec<SummarySentence>,
}

/// One model run over one version of an article (see `summary_runs`).
#[derive(Debug, Clone)]
pub struct SummaryRun {
    pub article_id: ArticleId,
    pub content_hash: String,
    pub model_sha256: String,
    pub prompt_version: u32,
    pub method: String,
    pub language: String,
    pub kept: usize,
    pub dropped_json: String,
    pub fallback: bool,
    pub raw_output: String,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prompt_ms: f64,
    pub generation_ms: f64,
}

/// The latest model run over an article's current text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LatestRun {
    pub method: String,
    pub dropped: String,
    pub fallback: bool,
}

/// A day's lead paragraph in one language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Lead {
    pub input_hash: String,
    pub method: String,
    pub text: String,
}

#[derive(sqlx::FromRow)]
struct StoredSentence {
    article_id: i64,
    text: String,
    src_start: i64,
    src_end: i64,
}

impl StoredSentence {
    fn sentence(self) -> SummarySentence {
        SummarySentence {
            text: self.text,
            start: self.src_start.max(0) as usize,
            end: self.src_end.max(0) as usize,
        }
    }
}

/// An article version the model has not read: what a summary job is named after.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unsummarized {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    #[sqlx(try_from = "super::time::Time")]
    pub published_at: DateTime<Utc>,
    pub content_hash: String,
}

/// Which articles a summarizing run should read.
#[derive(Debug, Clone)]
pub struct SummarySelection<'a> {
    pub since: Option<DateTime<Utc>>,
    pub article: Option<i64>,
    pub force: bool,
    pub model_sha256: &'a str,
    pub prompt_version: i64,
}

impl Tx {
    /// Replaces the article's summary with `summary` of the text hashed `content_hash`.
    pub async fn write_summary(
        &mut self,
        article_id: ArticleId,
        summary: &Summary,
        content_hash: &str,
        now: &str,
    ) -> Result<()> {
        const CLEAR: &str = "DELETE FROM summary_sentences WHERE article_id = $1";
        const UPSERT: &str = "INSERT INTO summaries (article_id, method, content_hash, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT(article_id) DO UPDATE SET method = excluded.method,
               content_hash = excluded.content_hash, created_at = excluded.created_at";
        const SENTENCE: &str = "INSERT INTO summary_sentences (article_id, position, text,
               src_start, src_end) VALUES ($1, $2, $3, $4, $5)";
        on_tx!(self, c => {
            sqlx::query(CLEAR).bind(article_id.get()).execute(&mut *c).await?;
            sqlx::query(UPSERT)
                .bind(article_id.get())
                .bind(&summary.method)
                .bind(content_hash)
                .bind(now)
                .execute(&mut *c)
                .await?;
            for (i, s) in summary.sentences.iter().enumerate() {
                sqlx::query(SENTENCE)
                    .bind(article_id.get())
                    .bind(i as i64)
                    .bind(&s.text)
                    .bind(s.start as i64)
                    .bind(s.end as i64)
                    .execute(&mut *c)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        })?;
        Ok(())
    }

    pub async fn record_run(&mut self, run: &SummaryRun, now: &str) -> Result<()> {
        const SQL: &str = "INSERT INTO summary_runs (article_id, content_hash, model_sha256,
               prompt_version, method, language, kept, dropped, fallback, raw_output,
               prompt_tokens, generated_tokens, prompt_ms, generation_ms, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT(article_id, content_hash, model_sha256, prompt_version) DO UPDATE SET
               method = excluded.method, language = excluded.language, kept = excluded.kept,
               dropped = excluded.dropped, fallback = excluded.fallback,
               raw_output = excluded.raw_output, prompt_tokens = excluded.prompt_tokens,
               generated_tokens = excluded.generated_tokens, prompt_ms = excluded.prompt_ms,
               generation_ms = excluded.generation_ms, created_at = excluded.created_at";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(run.article_id.get())
            .bind(&run.content_hash)
            .bind(&run.model_sha256)
            .bind(run.prompt_version as i64)
            .bind(&run.method)
            .bind(&run.language)
            .bind(run.kept as i64)
            .bind(&run.dropped_json)
            .bind(run.fallback)
            .bind(&run.raw_output)
            .bind(run.prompt_tokens as i64)
            .bind(run.generated_tokens as i64)
            .bind(run.prompt_ms)
            .bind(run.generation_ms)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}

impl Reads {
    pub async fn digest_lead(&self, date: &str, language: &str) -> Result<Option<Lead>> {
        const SQL: &str = "SELECT input_hash, method, text FROM digest_leads
             WHERE date = $1 AND language = $2";
        Ok(on_reads!(self, p => sqlx::query_as(SQL)
            .bind(date)
            .bind(language)
            .fetch_optional(p)
            .await)?)
    }

    /// Summary sentences of every article published in `[from, to)`, keyed by article id (a
    /// digest page would otherwise query once per article).
    pub async fn summaries_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<ArticleId, Vec<SummarySentence>>> {
        const SQL: &str = "SELECT s.article_id, s.text, s.src_start, s.src_end
             FROM summary_sentences s JOIN articles a ON a.id = s.article_id
             WHERE a.published_at >= $1 AND a.published_at < $2
             ORDER BY s.article_id, s.position";
        let rows: Vec<StoredSentence> = on_reads!(self, p => sqlx::query_as(SQL)
            .bind(ts(from))
            .bind(ts(to))
            .fetch_all(p)
            .await)?;
        let mut out: HashMap<ArticleId, Vec<SummarySentence>> = HashMap::new();
        for r in rows {
            out.entry(ArticleId::new(r.article_id))
                .or_default()
                .push(r.sentence());
        }
        Ok(out)
    }
}

impl Store {
    pub async fn latest_model_run(&self, article_id: ArticleId) -> Result<Option<LatestRun>> {
        const SQL: &str = "SELECT r.method, r.dropped, r.fallback FROM summary_runs r
             JOIN articles a ON a.id = r.article_id AND a.content_hash = r.content_hash
             WHERE r.article_id = $1 ORDER BY r.created_at DESC LIMIT 1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(article_id.get()).fetch_optional(p).await)?)
    }

    pub async fn save_digest_lead(&self, date: &str, language: &str, lead: &Lead) -> Result<()> {
        const SQL: &str = "INSERT INTO digest_leads (date, language, input_hash, method, text,
               created_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT(date, language) DO UPDATE SET input_hash = excluded.input_hash,
               method = excluded.method, text = excluded.text, created_at = excluded.created_at";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(date)
            .bind(language)
            .bind(&lead.input_hash)
            .bind(&lead.method)
            .bind(&lead.text)
            .bind(ts(Utc::now()))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// An article's summary: (method, sentences).
    pub async fn summary(&self, article_id: ArticleId) -> Result<(String, Vec<SummarySentence>)> {
        const METHOD: &str = "SELECT method FROM summaries WHERE article_id = $1";
        const SENTENCES: &str = "SELECT article_id, text, src_start, src_end
             FROM summary_sentences WHERE article_id = $1 ORDER BY position";
        let method: Option<String> = on_pool!(self, p => sqlx::query_scalar(METHOD)
            .bind(article_id.get())
            .fetch_optional(p)
            .await)?;
        let rows: Vec<StoredSentence> = on_pool!(self, p => sqlx::query_as(SENTENCES).bind(article_id.get()).fetch_all(p).await)?;
        Ok((
            method.unwrap_or_default(),
            rows.into_iter().map(StoredSentence::sentence).collect(),
        ))
    }

    /// Articles a summarizing run should read, newest first: those whose current text this
    /// model and prompt have not read (all selected ones when `force`).
    pub async fn articles_to_summarize(
        &self,
        sel: &SummarySelection<'_>,
    ) -> Result<Vec<Unsummarized>> {
        const SQL: &str = "SELECT a.id, a.published_at, a.content_hash FROM articles a
             WHERE ($1 IS NULL OR a.published_at >= $1)
               AND ($2 IS NULL OR a.id = $2)
               AND ($3 OR NOT EXISTS (
                   SELECT 1 FROM summary_runs r
                   WHERE r.article_id = a.id AND r.content_hash = a.content_hash
                     AND r.model_sha256 = $4 AND r.prompt_version = $5))
             ORDER BY a.published_at DESC, a.id DESC";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(sel.since.map(ts))
            .bind(sel.article)
            .bind(sel.force)
            .bind(sel.model_sha256)
            .bind(sel.prompt_version)
            .fetch_all(p)
            .await)?)
    }
}
