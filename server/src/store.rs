//! SQLite storage through sqlx: the source of truth for everything Proofwire shows.
//!
//! Every article is written in one transaction together with its GUID, its feed link and its
//! summary, and a source's conditional-GET validators are saved only after all of its entries
//! are stored, so a process killed at any point leaves a database the next run completes.

use crate::dates::{parse_ts, ts};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use crate::fetch::Validators;
use crate::sources::Source;
use crate::summarize::{Summary, SummarySentence};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// What the fetcher needs to know about a source before fetching it.
#[derive(Debug, Default, Clone)]
pub struct SourceState {
    pub validators: Validators,
    pub failures: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Existing {
    pub id: i64,
    pub content_hash: String,
    pub summary_method: Option<String>,
    /// The entry hash this source last carried, if this source carried the article before.
    pub feed_hash: Option<String>,
    pub linked_to_source: bool,
    /// Whether this source first stored the article: only the owner may change its text.
    pub owned_by_source: bool,
}

/// What was read from an article's text, computed before its write transaction opens.
#[derive(Debug, Clone)]
pub struct Reading {
    pub summary: Summary,
    pub claims: Vec<crate::claims::extract::ExtractedClaim>,
}

/// An article ready to be written.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub canonical_url: String,
    pub url: String,
    pub source_id: String,
    pub vendor: String,
    pub title: String,
    pub language: String,
    pub published_at: DateTime<Utc>,
    pub date_estimated: bool,
    pub content_html: String,
    pub content_text: String,
    pub content_hash: String,
    pub text_origin: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Inserted(i64),
    Updated(i64),
    Linked(i64),
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub canonical_url: String,
    pub url: String,
    pub source_id: String,
    pub vendor: String,
    pub title: String,
    pub language: String,
    pub published_at: String,
    pub date_estimated: bool,
    pub fetched_at: String,
    pub updated_at: String,
    pub content_html: String,
    pub content_text: String,
    pub content_hash: String,
    pub text_origin: String,
}

/// One model run over one version of an article (see `summary_runs`).
#[derive(Debug, Clone)]
pub struct SummaryRun {
    pub article_id: i64,
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceRow {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub location: String,
    pub language: String,
    pub enabled: bool,
    pub last_fetch_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub failures: i64,
    pub next_attempt_at: Option<String>,
    pub entry_count: i64,
}

const ARTICLE_COLUMNS: &str = "id, canonical_url, url, source_id, vendor, title, language, \
    published_at, date_estimated, fetched_at, updated_at, content_html, content_text, content_hash, \
    text_origin";

impl Store {
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("../migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Opens a database file without changing it (no migrations, no writes): for checking a
    /// backup before it is restored.
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .read_only(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Store { pool })
    }

    /// A consistent copy of the whole database, written while others keep reading and writing
    /// (`VACUUM INTO` reads one snapshot). `to` must not exist.
    pub async fn backup_into(&self, to: &Path) -> Result<()> {
        sqlx::query("VACUUM INTO ?1")
            .bind(to.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// SQLite's own check of every page and index; None when the file is sound.
    pub async fn integrity_problem(&self) -> Result<Option<String>> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        Ok((rows != ["ok"]).then(|| rows.join("; ")))
    }

    /// The newest migration the file has, if it is a Proofwire database at all.
    pub async fn schema_version(&self) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_optional(&self.pool)
                .await
                .ok()
                .flatten()
                .flatten(),
        )
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Mirrors the sources file into the database. Sources that left the file are disabled,
    /// not deleted: their articles still point at them.
    pub async fn sync_sources(&self, sources: &[Source]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE sources SET enabled = 0")
            .execute(&mut *tx)
            .await?;
        for s in sources {
            sqlx::query(
                "INSERT INTO sources (id, name, vendor, location, language, enabled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
                   location = excluded.location, language = excluded.language,
                   enabled = excluded.enabled",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(&s.vendor)
            .bind(s.location.describe())
            .bind(&s.language)
            .bind(s.enabled)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Current claims by status (for `/metrics`).
    pub async fn claims_by_status(&self) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT status, COUNT(*) FROM claims WHERE current = 1 GROUP BY status ORDER BY status",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn source_state(&self, id: &str) -> Result<SourceState> {
        let row = sqlx::query(
            "SELECT etag, last_modified, failures, next_attempt_at FROM sources WHERE id = ?1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| SourceState {
                validators: Validators {
                    etag: r.get("etag"),
                    last_modified: r.get("last_modified"),
                },
                failures: r.get("failures"),
                next_attempt_at: r
                    .get::<Option<String>, _>("next_attempt_at")
                    .and_then(|s| parse_ts(&s)),
            })
            .unwrap_or_default())
    }

    /// Records a completed fetch. Validators are replaced only when given (a 304 keeps them).
    pub async fn record_success(
        &self,
        id: &str,
        outcome: &str,
        validators: Option<&Validators>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sources SET
               etag = CASE WHEN ?5 THEN ?2 ELSE etag END,
               last_modified = CASE WHEN ?5 THEN ?3 ELSE last_modified END,
               last_fetch_at = ?4, last_success_at = ?4, last_outcome = ?6, last_error = NULL,
               failures = 0, next_attempt_at = NULL
             WHERE id = ?1",
        )
        .bind(id)
        .bind(validators.and_then(|v| v.etag.as_deref()))
        .bind(validators.and_then(|v| v.last_modified.as_deref()))
        .bind(ts(now))
        .bind(validators.is_some())
        .bind(outcome)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn record_failure(
        &self,
        id: &str,
        error: &str,
        now: DateTime<Utc>,
        next_attempt: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sources SET last_fetch_at = ?2, last_outcome = 'error', last_error = ?3,
               failures = failures + 1, next_attempt_at = ?4 WHERE id = ?1",
        )
        .bind(id)
        .bind(ts(now))
        .bind(error)
        .bind(ts(next_attempt))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An article already stored under this canonical URL or GUID.
    pub async fn find_existing(
        &self,
        canonical: &str,
        guid: Option<&str>,
        source_id: &str,
    ) -> Result<Option<Existing>> {
        let row = sqlx::query(
            "SELECT a.id, a.content_hash, s.method, x.feed_hash, x.source_id IS NOT NULL,
                    a.source_id = ?3
             FROM articles a
               LEFT JOIN summaries s ON s.article_id = a.id
               LEFT JOIN article_sources x ON x.article_id = a.id AND x.source_id = ?3
             WHERE a.canonical_url = ?1
                OR a.id = (SELECT article_id FROM article_guids
                           WHERE source_id = ?3 AND guid = ?2)
             ORDER BY a.id LIMIT 1",
        )
        .bind(canonical)
        .bind(guid)
        .bind(source_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| Existing {
            id: r.get(0),
            content_hash: r.get(1),
            summary_method: r.get(2),
            feed_hash: r.get(3),
            linked_to_source: r.get(4),
            owned_by_source: r.get(5),
        }))
    }

    /// Records that `source_id` carried the article under `guid` with this entry hash.
    pub async fn link_seen(
        &self,
        article_id: i64,
        source_id: &str,
        guid: Option<&str>,
        feed_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        link_seen_tx(&mut tx, article_id, source_id, guid, feed_hash, &ts(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Inserts a new article with its summary, or replaces the content of `existing`, in one
    /// transaction. Returns the article id.
    pub async fn save_article(
        &self,
        existing: Option<i64>,
        rec: &ArticleRecord,
        guid: Option<&str>,
        feed_hash: &str,
        reading: Reading,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let Reading { summary, claims } = reading;
        let summary = &summary;
        let now_s = ts(now);
        // IMMEDIATE: the claim log appended below must not race another writer.
        let mut tx = crate::claims::store::begin_write(&self.pool).await?;
        let id = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE articles SET url = ?2, title = ?3, content_html = ?4,
                       content_text = ?5, content_hash = ?6, text_origin = ?7, updated_at = ?8
                     WHERE id = ?1",
                )
                .bind(id)
                .bind(&rec.url)
                .bind(&rec.title)
                .bind(&rec.content_html)
                .bind(&rec.content_text)
                .bind(&rec.content_hash)
                .bind(rec.text_origin)
                .bind(&now_s)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                let inserted = sqlx::query(
                    "INSERT INTO articles (canonical_url, url, source_id, vendor, title, language,
                       published_at, date_estimated, fetched_at, updated_at, content_html,
                       content_text, content_hash, text_origin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT(canonical_url) DO NOTHING
                     RETURNING id",
                )
                .bind(&rec.canonical_url)
                .bind(&rec.url)
                .bind(&rec.source_id)
                .bind(&rec.vendor)
                .bind(&rec.title)
                .bind(&rec.language)
                .bind(ts(rec.published_at))
                .bind(rec.date_estimated)
                .bind(&now_s)
                .bind(&rec.content_html)
                .bind(&rec.content_text)
                .bind(&rec.content_hash)
                .bind(rec.text_origin)
                .fetch_optional(&mut *tx)
                .await?;
                match inserted {
                    Some(row) => row.get(0),
                    None => {
                        // Another feed stored the same post a moment ago: link, don't overwrite.
                        let id: i64 =
                            sqlx::query("SELECT id FROM articles WHERE canonical_url = ?1")
                                .bind(&rec.canonical_url)
                                .fetch_one(&mut *tx)
                                .await?
                                .get(0);
                        link_seen_tx(&mut tx, id, &rec.source_id, guid, feed_hash, &now_s).await?;
                        tx.commit().await?;
                        return Ok(Saved::Linked(id));
                    }
                }
            }
        };
        link_seen_tx(&mut tx, id, &rec.source_id, guid, feed_hash, &now_s).await?;
        write_summary(&mut tx, id, summary, &rec.content_hash, &now_s).await?;
        crate::claims::store::record_article_version(
            &mut tx,
            id,
            &rec.vendor,
            claims,
            &rec.content_hash,
            &now_s,
        )
        .await?;
        tx.commit().await?;
        Ok(match existing {
            Some(_) => Saved::Updated(id),
            None => Saved::Inserted(id),
        })
    }

    /// Replaces only the summary (when the summarizer changed but the article did not).
    pub async fn save_summary(
        &self,
        article_id: i64,
        summary: &Summary,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let hash: String = sqlx::query("SELECT content_hash FROM articles WHERE id = ?1")
            .bind(article_id)
            .fetch_one(&mut *tx)
            .await?
            .get(0);
        write_summary(&mut tx, article_id, summary, &hash, &ts(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a model run and, when it produced a summary worth showing, that summary — in one
    /// transaction, and only if the article still has the text the model read.
    pub async fn save_model_run(
        &self,
        run: &SummaryRun,
        summary: Option<&Summary>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let now_s = ts(now);
        let mut tx = self.pool.begin().await?;
        let current: Option<String> =
            sqlx::query("SELECT content_hash FROM articles WHERE id = ?1")
                .bind(run.article_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.get(0));
        if current.as_deref() != Some(run.content_hash.as_str()) {
            // The article changed while the model was reading it; the next run redoes it.
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO summary_runs (article_id, content_hash, model_sha256, prompt_version, method,
               language, kept, dropped, fallback, raw_output, prompt_tokens, generated_tokens,
               prompt_ms, generation_ms, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT(article_id, content_hash, model_sha256, prompt_version) DO UPDATE SET
               method = excluded.method, language = excluded.language, kept = excluded.kept,
               dropped = excluded.dropped, fallback = excluded.fallback,
               raw_output = excluded.raw_output, prompt_tokens = excluded.prompt_tokens,
               generated_tokens = excluded.generated_tokens, prompt_ms = excluded.prompt_ms,
               generation_ms = excluded.generation_ms, created_at = excluded.created_at",
        )
        .bind(run.article_id)
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
        .bind(&now_s)
        .execute(&mut *tx)
        .await?;
        if let Some(summary) = summary {
            write_summary(&mut tx, run.article_id, summary, &run.content_hash, &now_s).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The latest model run over the article's current text: (method, dropped JSON, fallback).
    pub async fn latest_model_run(
        &self,
        article_id: i64,
    ) -> Result<Option<(String, String, bool)>> {
        Ok(sqlx::query(
            "SELECT r.method, r.dropped, r.fallback FROM summary_runs r
             JOIN articles a ON a.id = r.article_id AND a.content_hash = r.content_hash
             WHERE r.article_id = ?1 ORDER BY r.created_at DESC LIMIT 1",
        )
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| (r.get(0), r.get(1), r.get::<bool, _>(2))))
    }

    /// The model lead paragraph of a day in a language: (input hash, text).
    pub async fn digest_lead(
        &self,
        date: &str,
        language: &str,
    ) -> Result<Option<(String, String)>> {
        Ok(sqlx::query(
            "SELECT input_hash, text FROM digest_leads WHERE date = ?1 AND language = ?2",
        )
        .bind(date)
        .bind(language)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| (r.get(0), r.get(1))))
    }

    pub async fn article(&self, id: i64) -> Result<Option<ArticleRow>> {
        Ok(sqlx::query_as::<_, ArticleRow>(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Articles published in `[from, to)`, oldest first.
    pub async fn articles_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ArticleRow>> {
        Ok(sqlx::query_as::<_, ArticleRow>(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles
             WHERE published_at >= ?1 AND published_at < ?2 ORDER BY published_at, id"
        ))
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Summary sentences of every article published in `[from, to)`, in one query, keyed by
    /// article id (a digest page would otherwise query once per article).
    pub async fn summaries_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<i64, Vec<SummarySentence>>> {
        let rows = sqlx::query(
            "SELECT s.article_id, s.text, s.src_start, s.src_end
             FROM summary_sentences s JOIN articles a ON a.id = s.article_id
             WHERE a.published_at >= ?1 AND a.published_at < ?2
             ORDER BY s.article_id, s.position",
        )
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await?;
        let mut out: std::collections::HashMap<i64, Vec<SummarySentence>> = Default::default();
        for r in rows {
            out.entry(r.get(0))
                .or_default()
                .push(sentence_from_row(&r, 1));
        }
        Ok(out)
    }

    pub async fn summary(&self, article_id: i64) -> Result<(String, Vec<SummarySentence>)> {
        let method: Option<String> =
            sqlx::query("SELECT method FROM summaries WHERE article_id = ?1")
                .bind(article_id)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.get(0));
        let rows = sqlx::query(
            "SELECT text, src_start, src_end FROM summary_sentences
             WHERE article_id = ?1 ORDER BY position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        let sentences = rows.iter().map(|r| sentence_from_row(r, 0)).collect();
        Ok((method.unwrap_or_default(), sentences))
    }

    /// Runs a `SELECT MIN/MAX(published_at) ...` with at most one time bound.
    async fn published_bound(
        &self,
        sql: &str,
        bound: Option<DateTime<Utc>>,
    ) -> Result<Option<DateTime<Utc>>> {
        let mut q = sqlx::query_scalar::<_, Option<String>>(sql);
        if let Some(t) = bound {
            q = q.bind(ts(t));
        }
        Ok(q.fetch_one(&self.pool).await?.and_then(|s| parse_ts(&s)))
    }

    pub async fn latest_published(&self) -> Result<Option<DateTime<Utc>>> {
        self.published_bound("SELECT MAX(published_at) FROM articles", None)
            .await
    }

    pub async fn last_published_before(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        self.published_bound(
            "SELECT MAX(published_at) FROM articles WHERE published_at < ?1",
            Some(t),
        )
        .await
    }

    pub async fn first_published_from(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        self.published_bound(
            "SELECT MIN(published_at) FROM articles WHERE published_at >= ?1",
            Some(t),
        )
        .await
    }

    pub async fn all_published(&self) -> Result<Vec<DateTime<Utc>>> {
        let rows = sqlx::query("SELECT published_at FROM articles")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| parse_ts(&r.get::<String, _>(0)))
            .collect())
    }

    pub async fn sources(&self) -> Result<Vec<SourceRow>> {
        Ok(sqlx::query_as::<_, SourceRow>(
            "SELECT s.id, s.name, s.vendor, s.location, s.language, s.enabled, s.last_fetch_at,
               s.last_success_at, s.last_outcome, s.last_error, s.failures, s.next_attempt_at,
               (SELECT COUNT(*) FROM article_sources x WHERE x.source_id = s.id) AS entry_count
             FROM sources s ORDER BY s.enabled DESC, s.vendor, s.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn source_name(&self, id: &str) -> Result<Option<String>> {
        Ok(sqlx::query("SELECT name FROM sources WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get(0)))
    }

    pub async fn count_articles(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }
}

/// A summary sentence from columns `text, src_start, src_end` starting at `first`.
fn sentence_from_row(r: &sqlx::sqlite::SqliteRow, first: usize) -> SummarySentence {
    SummarySentence {
        text: r.get(first),
        start: r.get::<i64, _>(first + 1).max(0) as usize,
        end: r.get::<i64, _>(first + 2).max(0) as usize,
    }
}

async fn link_seen_tx(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    article_id: i64,
    source_id: &str,
    guid: Option<&str>,
    feed_hash: &str,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_sources (article_id, source_id, first_seen, feed_hash)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(article_id, source_id) DO UPDATE SET feed_hash = excluded.feed_hash",
    )
    .bind(article_id)
    .bind(source_id)
    .bind(now)
    .bind(feed_hash)
    .execute(&mut **tx)
    .await?;
    if let Some(g) = guid {
        sqlx::query(
            "INSERT OR IGNORE INTO article_guids (source_id, guid, article_id) VALUES (?1, ?2, ?3)",
        )
        .bind(source_id)
        .bind(g)
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn write_summary(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    article_id: i64,
    summary: &Summary,
    content_hash: &str,
    now: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM summary_sentences WHERE article_id = ?1")
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO summaries (article_id, method, content_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(article_id) DO UPDATE SET method = excluded.method,
           content_hash = excluded.content_hash, created_at = excluded.created_at",
    )
    .bind(article_id)
    .bind(&summary.method)
    .bind(content_hash)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for (i, s) in summary.sentences.iter().enumerate() {
        sqlx::query(
            "INSERT INTO summary_sentences (article_id, position, text, src_start, src_end)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(article_id)
        .bind(i as i64)
        .bind(&s.text)
        .bind(s.start as i64)
        .bind(s.end as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
