//! `sources`: the feeds Proofwire reads and what their last fetch did.

use app::ids::SourceId;
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, Result, Store};

/// A server's cache validators for a source's document, as stored between fetches and sent
/// back on the next conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One source of the sources file as the table mirrors it; `location` is the described
/// address (with its kind when it is not a feed).
pub struct ListedSource<'a> {
    pub id: &'a SourceId,
    pub name: &'a str,
    pub vendor: &'a str,
    pub location: String,
    pub language: &'a str,
    pub enabled: bool,
}

/// What the fetcher needs to know about a source before fetching it.
#[derive(Debug, Default, Clone)]
pub struct SourceState {
    pub validators: Validators,
    pub failures: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct StoredState {
    etag: Option<String>,
    last_modified: Option<String>,
    failures: i64,
    next_attempt_at: Option<Time>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceRow {
    #[sqlx(try_from = "String")]
    pub id: SourceId,
    pub name: String,
    pub vendor: String,
    pub location: String,
    pub language: String,
    pub enabled: bool,
    pub last_fetch_at: Option<Time>,
    pub last_success_at: Option<Time>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub failures: i64,
    pub next_attempt_at: Option<Time>,
    pub entry_count: i64,
    /// Where the source's URL permanently redirects now, if it does.
    pub moved_to: Option<String>,
}

impl Store {
    /// Mirrors the sources file into the database. Sources that left the file are disabled,
    /// not deleted: their articles still point at them.
    pub async fn sync_sources(&self, sources: &[ListedSource<'_>]) -> Result<()> {
        const DISABLE: &str = "UPDATE sources SET enabled = FALSE";
        const UPSERT: &str = "INSERT INTO sources (id, name, vendor, location, language, enabled)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
               moved_to = CASE WHEN sources.location = excluded.location
                 THEN sources.moved_to ELSE NULL END,
               location = excluded.location, language = excluded.language,
               enabled = excluded.enabled";
        let mut tx = self.begin().await?;
        super::on_tx!(tx, c => {
            sqlx::query(DISABLE).execute(&mut *c).await?;
            for s in sources {
                sqlx::query(UPSERT)
                    .bind(s.id.as_str())
                    .bind(s.name)
                    .bind(s.vendor)
                    .bind(&s.location)
                    .bind(s.language)
                    .bind(s.enabled)
                    .execute(&mut *c)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        })?;
        tx.commit().await
    }

    pub async fn source_state(&self, id: &SourceId) -> Result<SourceState> {
        const SQL: &str =
            "SELECT etag, last_modified, failures, next_attempt_at FROM sources WHERE id = $1";
        let row: Option<StoredState> =
            on_pool!(self, p => sqlx::query_as(SQL).bind(id.as_str()).fetch_optional(p).await)?;
        Ok(row
            .map(|r| SourceState {
                validators: Validators {
                    etag: r.etag,
                    last_modified: r.last_modified,
                },
                failures: r.failures,
                next_attempt_at: super::time::opt(r.next_attempt_at),
            })
            .unwrap_or_default())
    }

    /// Records a completed fetch. Validators are replaced only when given (a 304 keeps them);
    /// so is where the URL moved (`Some(None)`: it no longer redirects for good).
    pub async fn record_success(
        &self,
        id: &SourceId,
        outcome: &str,
        validators: Option<&Validators>,
        moved_to: Option<Option<&str>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE sources SET
               etag = CASE WHEN $5 THEN $2 ELSE etag END,
               last_modified = CASE WHEN $5 THEN $3 ELSE last_modified END,
               moved_to = CASE WHEN $7 THEN $8 ELSE moved_to END,
               last_fetch_at = $4, last_success_at = $4, last_outcome = $6, last_error = NULL,
               failures = 0, next_attempt_at = NULL
             WHERE id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id.as_str())
            .bind(validators.and_then(|v| v.etag.as_deref()))
            .bind(validators.and_then(|v| v.last_modified.as_deref()))
            .bind(crate::dates::ts(now))
            .bind(validators.is_some())
            .bind(outcome)
            .bind(moved_to.is_some())
            .bind(moved_to.flatten())
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    pub async fn record_failure(
        &self,
        id: &SourceId,
        error: &str,
        now: DateTime<Utc>,
        next_attempt: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE sources SET last_fetch_at = $2, last_outcome = 'error',
               last_error = $3, failures = failures + 1, next_attempt_at = $4 WHERE id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id.as_str())
            .bind(crate::dates::ts(now))
            .bind(error)
            .bind(crate::dates::ts(next_attempt))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    pub async fn sources(&self) -> Result<Vec<SourceRow>> {
        const SQL: &str = "SELECT s.id, s.name, s.vendor, s.location, s.language, s.enabled,
               s.last_fetch_at, s.last_success_at, s.last_outcome, s.last_error, s.failures,
               s.next_attempt_at,
               (SELECT COUNT(*) FROM article_sources x WHERE x.source_id = s.id) AS entry_count,
               s.moved_to
             FROM sources s ORDER BY s.enabled DESC, s.vendor, s.id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    pub async fn source_name(&self, id: &SourceId) -> Result<Option<String>> {
        const SQL: &str = "SELECT name FROM sources WHERE id = $1";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).bind(id.as_str()).fetch_optional(p).await)?)
    }

    /// Editors' changes to sources, by id.
    pub async fn source_settings(&self) -> Result<Vec<SourceSetting>> {
        const SQL: &str = "SELECT id, name, vendor, url, language, enabled, added, updated_by,
               updated_at FROM source_settings ORDER BY id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Saves an editor's change to a source, shows it in the source's row at once (the next
    /// run would), and logs it, in one transaction.
    pub async fn save_source_setting(
        &self,
        setting: &SourceSetting,
        shown: &ShownSource<'_>,
        change: &str,
    ) -> Result<()> {
        const UPSERT: &str = "INSERT INTO source_settings
               (id, name, vendor, url, language, enabled, added, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
               url = excluded.url, language = excluded.language, enabled = excluded.enabled,
               added = excluded.added, updated_by = excluded.updated_by,
               updated_at = excluded.updated_at";
        const ROW: &str = "INSERT INTO sources (id, name, vendor, location, language, enabled)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
               location = excluded.location, language = excluded.language,
               enabled = excluded.enabled";
        const LOG: &str =
            "INSERT INTO source_changes (source_id, editor, at, change) VALUES ($1, $2, $3, $4)";
        let s = setting;
        let mut tx = self.begin().await?;
        super::on_tx!(tx, c => {
            sqlx::query(UPSERT)
                .bind(s.id.as_str())
                .bind(&s.name)
                .bind(&s.vendor)
                .bind(&s.url)
                .bind(&s.language)
                .bind(s.enabled)
                .bind(s.added)
                .bind(&s.updated_by)
                .bind(&s.updated_at)
                .execute(&mut *c)
                .await?;
            sqlx::query(ROW)
                .bind(s.id.as_str())
                .bind(shown.name)
                .bind(shown.vendor)
                .bind(shown.location)
                .bind(shown.language)
                .bind(shown.enabled)
                .execute(&mut *c)
                .await?;
            sqlx::query(LOG)
                .bind(s.id.as_str())
                .bind(&s.updated_by)
                .bind(&s.updated_at)
                .bind(change)
                .execute(&mut *c)
                .await?;
            Ok::<(), sqlx::Error>(())
        })?;
        tx.commit().await
    }

    /// The newest changes editors made to sources.
    pub async fn source_changes(&self, limit: i64) -> Result<Vec<SourceChange>> {
        const SQL: &str = "SELECT source_id, editor, at, change FROM source_changes
             ORDER BY id DESC LIMIT $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(limit).fetch_all(p).await)?)
    }
}

/// An editor's change to one source over the sources file (None keeps the file's value);
/// `added` when the source is not in the file at all.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SourceSetting {
    #[sqlx(try_from = "String")]
    pub id: SourceId,
    pub name: Option<String>,
    pub vendor: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub enabled: Option<bool>,
    pub added: bool,
    pub updated_by: String,
    pub updated_at: String,
}

/// The source's row as `/sources` shows it after the change.
pub struct ShownSource<'a> {
    pub name: &'a str,
    pub vendor: &'a str,
    pub location: &'a str,
    pub language: &'a str,
    pub enabled: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceChange {
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub editor: String,
    pub at: String,
    pub change: String,
}
