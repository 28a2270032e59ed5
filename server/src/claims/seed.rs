//! Editorial history shipped with the demo (`content/demo/claims.toml`): evidence and status
//! changes applied once, through the same store functions editors use, so they land in the
//! hash-chained log like any other event. An action whose claim is not in the database yet
//! (its article not ingested) waits for a later run.

use std::path::Path;

use app::vocab::{EvidenceKind, Relation, Status, Verdict};
use serde::Deserialize;

use super::record::{self, NewEvidence};
use super::ClaimError;
use crate::dates::ts;
use crate::db::Store;
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
    let mut applied = 0;
    for a in &file.action {
        if store.seed_done(&a.id).await? {
            continue;
        }
        if chrono::DateTime::parse_from_rfc3339(&a.at).is_err() {
            return Err(bad(path, format!("action {}: `at` is not RFC 3339", a.id)));
        }
        let canonical =
            crate::canonical::canonical_str(&a.article).unwrap_or_else(|| a.article.clone());
        let claim_id = store
            .claim_in_sentence(&canonical, &a.sentence_contains)
            .await?;
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
                record::add_evidence(store, claim_id, &ev, &a.actor, &a.at).await?;
            }
            "status" => {
                let to = Status::parse(need(path, a, &a.to, "to")?)
                    .ok_or_else(|| bad(path, format!("action {}: unknown status", a.id)))?;
                let mut ids = Vec::new();
                for url in &a.evidence_urls {
                    let id = store.evidence_by_url(claim_id, url).await?;
                    ids.extend(id);
                }
                let reason = need(path, a, &a.reason, "reason")?;
                record::set_status(store, claim_id, to, reason, &ids, &a.actor, &a.at).await?;
            }
            other => {
                return Err(bad(
                    path,
                    format!("action {}: unknown type {other:?}", a.id),
                ));
            }
        }
        store.mark_seed(&a.id, &ts(chrono::Utc::now())).await?;
        applied += 1;
    }
    Ok(applied)
}

/// Seed actors are accounts that cannot log in (no password).
async fn ensure_user(store: &Store, name: &str) -> Result<(), crate::db::DbError> {
    store
        .insert_user(name, None, true, &ts(chrono::Utc::now()))
        .await?;
    Ok(())
}
