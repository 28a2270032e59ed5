//! `third_party_results`, `evidence_source_state` and `result_dismissals`: results read from
//! evidence sources, each stored once, and what each source's last read did.

use app::ids::{ClaimId, EvidenceSourceId, ResultId};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::time::Time;
use super::{on_pool, on_reads, on_tx, placeholders, Reads, Result, Store, Tx, IN_CHUNK};

/// One measured result, as its publisher states it, on the 0–100 scale when it is a proportion.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub model: String,
    pub benchmark: String,
    pub score: f64,
    /// "%" for proportions and percentages; `None` for scores on their own scale (Elo, points).
    pub unit: Option<String>,
    /// The publisher's own interval, on the score's scale.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub stderr: Option<f64>,
    /// `YYYY-MM-DD` when known.
    pub date: Option<String>,
    pub settings: Vec<String>,
    pub url: Option<String>,
    /// `first_party`, `third_party`, `collaborative` or `other`, relative to the model's developer.
    pub relationship: String,
}

/// Who publishes a batch of results, as stored with each one.
pub struct Publisher<'a> {
    pub source_id: &'a EvidenceSourceId,
    pub publisher: &'a str,
    pub licence: &'a str,
}

/// A result to store, with the model and benchmark it names already resolved to entities
/// (the caller resolves them: the data layer knows no entity lists).
pub struct NewResult<'a> {
    pub measured: &'a Measured,
    /// The file of its source the result came from (a datastore path), if the source has many.
    pub origin: Option<&'a str>,
    pub model_entity: Option<String>,
    pub benchmark_entity: Option<String>,
}

/// A stored result with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    pub id: ResultId,
    pub source_id: EvidenceSourceId,
    pub publisher: String,
    pub licence: String,
    pub measured: Measured,
    pub model_entity: Option<String>,
    pub benchmark_entity: Option<String>,
    pub first_seen: DateTime<Utc>,
    pub origin: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    source_id: String,
    publisher: String,
    licence: String,
    model: String,
    model_entity: Option<String>,
    benchmark: String,
    benchmark_entity: Option<String>,
    score: f64,
    unit: Option<String>,
    ci_lower: Option<f64>,
    ci_upper: Option<f64>,
    stderr: Option<f64>,
    evaluated_on: Option<String>,
    settings: String,
    url: Option<String>,
    relationship: String,
    first_seen: Time,
    origin: Option<String>,
}

impl From<Stored> for StoredResult {
    fn from(r: Stored) -> StoredResult {
        StoredResult {
            id: ResultId::new(r.id),
            source_id: EvidenceSourceId::from(r.source_id),
            publisher: r.publisher,
            licence: r.licence,
            model_entity: r.model_entity,
            benchmark_entity: r.benchmark_entity,
            first_seen: r.first_seen.0,
            origin: r.origin,
            measured: Measured {
                model: r.model,
                benchmark: r.benchmark,
                score: r.score,
                unit: r.unit,
                lower: r.ci_lower,
                upper: r.ci_upper,
                stderr: r.stderr,
                date: r.evaluated_on,
                settings: serde_json::from_str(&r.settings).unwrap_or_default(),
                url: r.url,
                relationship: r.relationship,
            },
        }
    }
}

const RESULT_COLUMNS: &str = "id, source_id, publisher, licence, model, model_entity, benchmark,
    benchmark_entity, score, unit, ci_lower, ci_upper, stderr, evaluated_on, settings, url,
    relationship, first_seen, origin";

/// The identity of a result: its source and everything it states. Fetching the same source
/// again yields the same keys, so nothing new is stored.
fn result_key(source: &EvidenceSourceId, m: &Measured) -> String {
    let canonical = serde_json::json!([
        source.as_str(),
        m.model,
        m.benchmark,
        m.score,
        m.unit,
        m.lower,
        m.upper,
        m.stderr,
        m.date,
        m.settings,
        m.url,
        m.relationship,
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Conditional-GET validators of a source's last read.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SourceState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a source's last read did, for operators.
#[derive(Debug, Clone)]
pub struct SourceRead {
    pub source_id: EvidenceSourceId,
    pub fetched_at: DateTime<Utc>,
    pub results: i64,
    pub new_results: i64,
    pub problems: Vec<String>,
    pub error: Option<String>,
    /// The last read that ended without an error.
    pub last_good_at: Option<DateTime<Utc>>,
    /// Results the last read found changed: "data/…json: GPT-5 on X: 65 → 68.2".
    pub changes: Vec<String>,
    /// Files changed at the source that the last read left for the next one (its time budget).
    pub files_left: i64,
}

#[derive(sqlx::FromRow)]
struct StoredRead {
    source_id: String,
    fetched_at: Time,
    results: i64,
    new_results: i64,
    problems: String,
    error: Option<String>,
    last_good_at: Option<String>,
    changes: String,
    files_left: i64,
}

/// One file of a many-file source as last read: its listing oid and ETag, how many results it
/// gave, and why it gave none if it could not be used.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SourceFile {
    pub path: String,
    pub oid: String,
    pub etag: Option<String>,
    pub results: i64,
    pub problem: Option<String>,
}

/// What one read of an evidence source did (`save_source_read`).
#[derive(Debug, Clone)]
pub struct ReadOutcome<'a> {
    pub validators: Option<&'a SourceState>,
    pub at: &'a str,
    pub results: usize,
    pub new_results: usize,
    pub problems: &'a [String],
    pub error: Option<&'a str>,
    pub changes: &'a [String],
    pub files_left: usize,
}

/// A result whose model or benchmark has no canonical entity yet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnresolvedResult {
    #[sqlx(try_from = "i64")]
    pub id: ResultId,
    pub model: String,
    pub benchmark: String,
    /// The result's page: a publisher's own name for a benchmark holds there.
    pub url: Option<String>,
    pub model_entity: Option<String>,
    pub benchmark_entity: Option<String>,
}

impl Tx {
    /// Sets a result's entities; returns whether anything changed.
    /// Gives a result the entities it has none of yet (one already set stays as it is);
    /// returns whether anything changed.
    pub async fn fill_result_entities(
        &mut self,
        id: ResultId,
        model: Option<&str>,
        benchmark: Option<&str>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE third_party_results
             SET model_entity = COALESCE(model_entity, $2),
                 benchmark_entity = COALESCE(benchmark_entity, $3)
             WHERE id = $1 AND ((model_entity IS NULL AND $2 IS NOT NULL)
                                OR (benchmark_entity IS NULL AND $3 IS NOT NULL))";
        let done = on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(model)
            .bind(benchmark)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }
}

impl Reads {
    /// The results on each of these claims' model and benchmark (by canonical entity):
    /// (claim id, result), each claim's newest first. Claims without both entities have none.
    pub async fn results_on_claims(
        &self,
        claim_ids: &[ClaimId],
    ) -> Result<Vec<(ClaimId, StoredResult)>> {
        #[derive(sqlx::FromRow)]
        struct OnClaim {
            claim_id: i64,
            #[sqlx(flatten)]
            result: Stored,
        }
        let columns = RESULT_COLUMNS
            .split(',')
            .map(|c| format!("r.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut out = Vec::new();
        for chunk in claim_ids.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT c.id AS claim_id, {columns}
                 FROM claims c JOIN third_party_results r
                   ON r.model_entity = c.subject_entity AND r.benchmark_entity = c.metric_entity
                 WHERE c.id IN ({})
                 ORDER BY c.id, r.evaluated_on DESC NULLS LAST, r.id DESC",
                placeholders(1, chunk.len())
            );
            let rows: Vec<OnClaim> = on_reads!(self, p => {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id.get());
                }
                q.fetch_all(p).await
            })?;
            out.extend(
                rows.into_iter()
                    .map(|r| (ClaimId::new(r.claim_id), StoredResult::from(r.result))),
            );
        }
        Ok(out)
    }
}

impl Store {
    /// Results without a model or benchmark entity (read outside any write, as claims are).
    pub async fn unresolved_results(&self) -> Result<Vec<UnresolvedResult>> {
        const SQL: &str = "SELECT id, model, benchmark, url, model_entity, benchmark_entity
             FROM third_party_results WHERE model_entity IS NULL OR benchmark_entity IS NULL";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Stores the results not stored before; returns how many were new.
    pub async fn record_results(
        &self,
        source: &Publisher<'_>,
        results: &[NewResult<'_>],
        now: &str,
    ) -> Result<usize> {
        const SQL: &str = "INSERT INTO third_party_results (source_id, publisher, licence,
               result_key, model, model_entity, benchmark, benchmark_entity, score, unit,
               ci_lower, ci_upper, stderr, evaluated_on, settings, url, relationship, first_seen,
               origin)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               $18, $19)
             ON CONFLICT(result_key) DO NOTHING";
        let mut tx = self.begin().await?;
        let mut new = 0;
        for r in results {
            let m = r.measured;
            let settings = serde_json::to_string(&m.settings).unwrap_or_else(|_| "[]".into());
            let done = on_tx!(tx, c => sqlx::query(SQL)
                .bind(source.source_id.as_str())
                .bind(source.publisher)
                .bind(source.licence)
                .bind(result_key(source.source_id, m))
                .bind(&m.model)
                .bind(&r.model_entity)
                .bind(&m.benchmark)
                .bind(&r.benchmark_entity)
                .bind(m.score)
                .bind(&m.unit)
                .bind(m.lower)
                .bind(m.upper)
                .bind(m.stderr)
                .bind(&m.date)
                .bind(&settings)
                .bind(&m.url)
                .bind(&m.relationship)
                .bind(now)
                .bind(r.origin)
                .execute(&mut *c)
                .await
                .map(|d| d.rows_affected()))?;
            new += done as usize;
        }
        tx.commit().await?;
        Ok(new)
    }

    pub async fn evidence_source_state(&self, source_id: &EvidenceSourceId) -> Result<SourceState> {
        const SQL: &str =
            "SELECT etag, last_modified FROM evidence_source_state WHERE source_id = $1";
        let row: Option<SourceState> = on_pool!(self, p => sqlx::query_as(SQL)
            .bind(source_id.as_str())
            .fetch_optional(p)
            .await)?;
        Ok(row.unwrap_or_default())
    }

    pub async fn save_source_read(
        &self,
        source_id: &EvidenceSourceId,
        r: &ReadOutcome<'_>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO evidence_source_state (source_id, etag, last_modified,
               fetched_at, results, new_results, problems, error, last_good_at, changes,
               files_left)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT(source_id) DO UPDATE SET
               etag = COALESCE(excluded.etag, evidence_source_state.etag),
               last_modified = COALESCE(excluded.last_modified,
                                        evidence_source_state.last_modified),
               fetched_at = excluded.fetched_at, results = excluded.results,
               new_results = excluded.new_results, problems = excluded.problems,
               error = excluded.error,
               last_good_at = COALESCE(excluded.last_good_at, evidence_source_state.last_good_at),
               changes = excluded.changes, files_left = excluded.files_left";
        let problems = serde_json::to_string(r.problems).unwrap_or_else(|_| "[]".into());
        let changes = serde_json::to_string(r.changes).unwrap_or_else(|_| "[]".into());
        let good = r.error.is_none().then_some(r.at);
        on_pool!(self, p => sqlx::query(SQL)
            .bind(source_id.as_str())
            .bind(r.validators.and_then(|v| v.etag.clone()))
            .bind(r.validators.and_then(|v| v.last_modified.clone()))
            .bind(r.at)
            .bind(r.results as i64)
            .bind(r.new_results as i64)
            .bind(&problems)
            .bind(r.error)
            .bind(good)
            .bind(&changes)
            .bind(r.files_left as i64)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Every evidence source's last read.
    pub async fn source_reads(&self) -> Result<Vec<SourceRead>> {
        const SQL: &str = "SELECT source_id, fetched_at, results, new_results, problems, error,
               last_good_at, changes, files_left
             FROM evidence_source_state ORDER BY source_id";
        let rows: Vec<StoredRead> = on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| SourceRead {
                source_id: EvidenceSourceId::from(r.source_id),
                fetched_at: r.fetched_at.0,
                results: r.results,
                new_results: r.new_results,
                problems: serde_json::from_str(&r.problems).unwrap_or_default(),
                error: r.error,
                last_good_at: r.last_good_at.as_deref().and_then(crate::dates::parse_ts),
                changes: serde_json::from_str(&r.changes).unwrap_or_default(),
                files_left: r.files_left,
            })
            .collect())
    }

    /// Results about this model and/or on this benchmark (canonical ids), newest first.
    pub async fn results_about(
        &self,
        model_entity: Option<&str>,
        benchmark_entity: Option<&str>,
    ) -> Result<Vec<StoredResult>> {
        let sql = format!(
            "SELECT {RESULT_COLUMNS} FROM third_party_results
             WHERE ($1 IS NULL OR model_entity = $1) AND ($2 IS NULL OR benchmark_entity = $2)
             ORDER BY evaluated_on DESC NULLS LAST, id DESC LIMIT 200"
        );
        let rows: Vec<Stored> = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(model_entity)
            .bind(benchmark_entity)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(StoredResult::from).collect())
    }

    pub async fn result(&self, id: ResultId) -> Result<Option<StoredResult>> {
        let sql = format!("SELECT {RESULT_COLUMNS} FROM third_party_results WHERE id = $1");
        let row: Option<Stored> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(id.get()).fetch_optional(p).await)?;
        Ok(row.map(StoredResult::from))
    }

    /// Every file of a many-file source as last read, by path.
    pub async fn source_files(
        &self,
        source_id: &EvidenceSourceId,
    ) -> Result<std::collections::HashMap<String, SourceFile>> {
        const SQL: &str = "SELECT path, oid, etag, results, problem FROM evidence_source_files
             WHERE source_id = $1";
        let rows: Vec<SourceFile> = on_pool!(self, p => sqlx::query_as(SQL)
            .bind(source_id.as_str())
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(|f| (f.path.clone(), f)).collect())
    }

    /// Records files as read (their oid, so an unchanged file is not fetched again), in one
    /// transaction.
    pub async fn save_source_files(
        &self,
        source_id: &EvidenceSourceId,
        files: &[SourceFile],
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO evidence_source_files (source_id, path, oid, etag, read_at,
               results, problem)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT(source_id, path) DO UPDATE SET oid = excluded.oid,
               etag = excluded.etag, read_at = excluded.read_at, results = excluded.results,
               problem = excluded.problem";
        let mut tx = self.begin().await?;
        for f in files {
            on_tx!(tx, c => sqlx::query(SQL)
                .bind(source_id.as_str())
                .bind(&f.path)
                .bind(&f.oid)
                .bind(&f.etag)
                .bind(now)
                .bind(f.results)
                .bind(&f.problem)
                .execute(&mut *c)
                .await
                .map(|d| d.rows_affected()))?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The results stored from one file of a source, oldest first.
    pub async fn results_from(
        &self,
        source_id: &EvidenceSourceId,
        origin: &str,
    ) -> Result<Vec<StoredResult>> {
        let sql = format!(
            "SELECT {RESULT_COLUMNS} FROM third_party_results
             WHERE source_id = $1 AND origin = $2 ORDER BY id"
        );
        let rows: Vec<Stored> = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(source_id.as_str())
            .bind(origin)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(StoredResult::from).collect())
    }

    pub async fn count_results(&self) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM third_party_results";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await)?)
    }
}
