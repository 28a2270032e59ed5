//! All SQL of third-party results: storing each result once, the state of each evidence
//! source, and the results that bear on a claim.

use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

use super::matching::{benchmark_entity, model_entity};
use super::parse::Measured;
use super::EvidenceSource;

/// A stored result with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    pub id: i64,
    pub source_id: String,
    pub publisher: String,
    pub licence: String,
    pub measured: Measured,
    pub model_entity: Option<String>,
    pub benchmark_entity: Option<String>,
    pub first_seen: String,
}

/// The identity of a result: its source and everything it states. Fetching the same source
/// again yields the same keys, so nothing new is stored.
fn result_key(source: &str, m: &Measured) -> String {
    let canonical = serde_json::json!([
        source,
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

/// Stores the results not stored before; returns how many were new.
pub async fn record(
    pool: &SqlitePool,
    source: &EvidenceSource,
    results: &[Measured],
    now: &str,
) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut new = 0;
    for m in results {
        let done = sqlx::query(
            "INSERT INTO third_party_results (source_id, publisher, licence, result_key, model,
               model_entity, benchmark, benchmark_entity, score, unit, ci_lower, ci_upper, stderr,
               evaluated_on, settings, url, relationship, first_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT(result_key) DO NOTHING",
        )
        .bind(&source.id)
        .bind(&source.publisher)
        .bind(&source.licence)
        .bind(result_key(&source.id, m))
        .bind(&m.model)
        .bind(model_entity(&m.model))
        .bind(&m.benchmark)
        .bind(benchmark_entity(&m.benchmark))
        .bind(m.score)
        .bind(&m.unit)
        .bind(m.lower)
        .bind(m.upper)
        .bind(m.stderr)
        .bind(&m.date)
        .bind(serde_json::to_string(&m.settings).unwrap_or_else(|_| "[]".into()))
        .bind(&m.url)
        .bind(&m.relationship)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        new += done.rows_affected() as usize;
    }
    tx.commit().await?;
    Ok(new)
}

/// What a source's last fetch did.
#[derive(Debug, Clone, Default)]
pub struct SourceState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub async fn state(pool: &SqlitePool, source_id: &str) -> Result<SourceState, sqlx::Error> {
    Ok(
        sqlx::query("SELECT etag, last_modified FROM evidence_source_state WHERE source_id = ?1")
            .bind(source_id)
            .fetch_optional(pool)
            .await?
            .map(|r| SourceState {
                etag: r.get("etag"),
                last_modified: r.get("last_modified"),
            })
            .unwrap_or_default(),
    )
}

#[allow(clippy::too_many_arguments)]
pub async fn save_state(
    pool: &SqlitePool,
    source_id: &str,
    validators: Option<&SourceState>,
    at: &str,
    results: usize,
    new_results: usize,
    problems: &[String],
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO evidence_source_state (source_id, etag, last_modified, fetched_at, results,
           new_results, problems, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(source_id) DO UPDATE SET
           etag = COALESCE(excluded.etag, evidence_source_state.etag),
           last_modified = COALESCE(excluded.last_modified, evidence_source_state.last_modified),
           fetched_at = excluded.fetched_at, results = excluded.results,
           new_results = excluded.new_results, problems = excluded.problems, error = excluded.error",
    )
    .bind(source_id)
    .bind(validators.and_then(|v| v.etag.clone()))
    .bind(validators.and_then(|v| v.last_modified.clone()))
    .bind(at)
    .bind(results as i64)
    .bind(new_results as i64)
    .bind(serde_json::to_string(problems).unwrap_or_else(|_| "[]".into()))
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

/// Every source's last read: (id, fetched_at, results, new_results, problems, error).
pub async fn states(
    pool: &SqlitePool,
) -> Result<Vec<(String, String, i64, i64, Vec<String>, Option<String>)>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT source_id, fetched_at, results, new_results, problems, error
         FROM evidence_source_state ORDER BY source_id",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        (
            r.get(0),
            r.get(1),
            r.get(2),
            r.get(3),
            serde_json::from_str(&r.get::<String, _>(4)).unwrap_or_default(),
            r.get(5),
        )
    })
    .collect())
}

fn from_row(r: &sqlx::sqlite::SqliteRow) -> StoredResult {
    StoredResult {
        id: r.get("id"),
        source_id: r.get("source_id"),
        publisher: r.get("publisher"),
        licence: r.get("licence"),
        model_entity: r.get("model_entity"),
        benchmark_entity: r.get("benchmark_entity"),
        first_seen: r.get("first_seen"),
        measured: Measured {
            model: r.get("model"),
            benchmark: r.get("benchmark"),
            score: r.get("score"),
            unit: r.get("unit"),
            lower: r.get("ci_lower"),
            upper: r.get("ci_upper"),
            stderr: r.get("stderr"),
            date: r.get("evaluated_on"),
            settings: serde_json::from_str(&r.get::<String, _>("settings")).unwrap_or_default(),
            url: r.get("url"),
            relationship: r.get("relationship"),
        },
    }
}

/// Results about this model and/or on this benchmark (canonical ids), newest first.
pub async fn about(
    pool: &SqlitePool,
    model_entity: Option<&str>,
    benchmark_entity: Option<&str>,
) -> Result<Vec<StoredResult>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT * FROM third_party_results
         WHERE (?1 IS NULL OR model_entity = ?1) AND (?2 IS NULL OR benchmark_entity = ?2)
         ORDER BY evaluated_on DESC, id DESC LIMIT 200",
    )
    .bind(model_entity)
    .bind(benchmark_entity)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect())
}

pub async fn get(pool: &SqlitePool, id: i64) -> Result<Option<StoredResult>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT * FROM third_party_results WHERE id = ?1")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(from_row),
    )
}

pub async fn count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM third_party_results")
        .fetch_one(pool)
        .await
}
