//! Editorial history shipped with the demo (`content/demo/claims.toml`): evidence and status
//! changes applied once, through the same store functions editors use, so they land in the
//! hash-chained log like any other event. An action whose claim is not in the database yet
//! (its article not ingested) waits for a later run.

use std::path::Path;

use app::vocab::{EvidenceKind, Relation, Status, Verdict};
use serde::Deserialize;
use sqlx::Row;

use super::store::{self, NewEvidence};
use super::ClaimError;
use crate::dates::ts;
use crate::store::Store;
use crate::summarize::numbers;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    #[serde(default)]
    action: Vec<Action>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    id: String,
    /// Canonical URL of the claim's article.
    article: String,
    /// A piece of the claim's sentence that identifies it within the article.
    sentence_contains: String,
    #[serde(rename = "type")]
    kind: String,
    at: String,
    actor: String,
    // Evidence fields.
    url: Option<String>,
    title: Option<String>,
    organisation: Option<String>,
    evidence_kind: Option<String>,
    relation: Option<String>,
    verdict: Option<String>,
    measured_value: Option<String>,
    note: Option<String>,
    // Status fields.
    to: Option<String>,
    reason: Option<String>,
    /// URLs of this claim's evidence that justify the status.
    #[serde(default)]
    evidence_urls: Vec<String>,
}

fn bad(path: &Path, reason: impl Into<String>) -> ClaimError {
    ClaimError::Seed {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

fn need<'a>(
    path: &Path,
    a: &Action,
    v: &'a Option<String>,
    name: &str,
) -> Result<&'a str, ClaimError> {
    v.as_deref()
        .ok_or_else(|| bad(path, format!("action {}: `{name}` is required", a.id)))
}

/// Applies the seed actions not applied yet; returns how many were applied now.
pub async fn apply(store: &Store, path: &Path) -> Result<usize, ClaimError> {
    if path.as_os_str().is_empty() || !path.exists() {
        return Ok(0);
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad(path, e.to_string()))?;
    let file: SeedFile = toml::from_str(&text).map_err(|e| bad(path, e.to_string()))?;
    let pool = store.pool();
    let mut applied = 0;
    for a in &file.action {
        if store::seed_done(pool, &a.id).await? {
            continue;
        }
        if chrono::DateTime::parse_from_rfc3339(&a.at).is_err() {
            return Err(bad(path, format!("action {}: `at` is not RFC 3339", a.id)));
        }
        let claim_id: Option<i64> = sqlx::query(
            "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id
             WHERE a.canonical_url = ?1 AND instr(c.sentence, ?2) > 0
             ORDER BY c.id LIMIT 1",
        )
        .bind(crate::canonical::canonical_str(&a.article).unwrap_or_else(|| a.article.clone()))
        .bind(&a.sentence_contains)
        .fetch_optional(pool)
        .await?
        .map(|r| r.get(0));
        let Some(claim_id) = claim_id else {
            continue;
        };
        ensure_user(store, &a.actor).await?;
        match a.kind.as_str() {
            "evidence" => {
                let ev = NewEvidence {
                    url: need(path, a, &a.url, "url")?.to_string(),
                    title: need(path, a, &a.title, "title")?.to_string(),
                    organisation: need(path, a, &a.organisation, "organisation")?.to_string(),
                    kind: EvidenceKind::parse(need(path, a, &a.evidence_kind, "evidence_kind")?)
                        .ok_or_else(|| {
                            bad(path, format!("action {}: unknown evidence_kind", a.id))
                        })?,
                    relation: Relation::parse(need(path, a, &a.relation, "relation")?)
                        .ok_or_else(|| bad(path, format!("action {}: unknown relation", a.id)))?,
                    verdict: Verdict::parse(need(path, a, &a.verdict, "verdict")?)
                        .ok_or_else(|| bad(path, format!("action {}: unknown verdict", a.id)))?,
                    measured_num: a
                        .measured_value
                        .as_deref()
                        .and_then(|v| numbers::numbers(v).into_iter().next()),
                    measured_value: a.measured_value.clone(),
                    interval: None,
                    settings: None,
                    note: a.note.clone(),
                    article_id: None,
                    result_id: None,
                };
                store::add_evidence(pool, claim_id, &ev, &a.actor, &a.at).await?;
            }
            "status" => {
                let to = Status::parse(need(path, a, &a.to, "to")?)
                    .ok_or_else(|| bad(path, format!("action {}: unknown status", a.id)))?;
                let mut ids = Vec::new();
                for url in &a.evidence_urls {
                    let id: Option<i64> =
                        sqlx::query("SELECT id FROM evidence WHERE claim_id = ?1 AND url = ?2")
                            .bind(claim_id)
                            .bind(url)
                            .fetch_optional(pool)
                            .await?
                            .map(|r| r.get(0));
                    ids.extend(id);
                }
                let reason = need(path, a, &a.reason, "reason")?;
                store::set_status(pool, claim_id, to, reason, &ids, &a.actor, &a.at).await?;
            }
            other => {
                return Err(bad(
                    path,
                    format!("action {}: unknown type {other:?}", a.id),
                ));
            }
        }
        store::mark_seed(pool, &a.id, &ts(chrono::Utc::now())).await?;
        applied += 1;
    }
    Ok(applied)
}

/// Seed actors are accounts that cannot log in (no password).
async fn ensure_user(store: &Store, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO users (name, password_hash, editor, created_at)
         VALUES (?1, NULL, 1, ?2)",
    )
    .bind(name)
    .bind(ts(chrono::Utc::now()))
    .execute(store.pool())
    .await?;
    Ok(())
}
