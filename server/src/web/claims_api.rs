//! Read-only claim data for machines: `GET /api/claims`, `GET /api/claims/{id}` and the
//! `/claims.atom` feed of status changes.

use std::collections::HashMap;

use app::models::ClaimsQuery;
use app::page_error::PageError;
use app::vocab::Status;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::AppError;
use super::WebState;
use crate::claims::{atom, log};

/// `GET /api/claims`: one page of claims with the filters of `/claims`.
#[utoipa::path(
    get,
    path = "/api/claims",
    params(ClaimsQuery),
    responses(
        (status = 200, description = "Claims matching the filters; unreadable filters become notes", body = app::models::ClaimsPage),
        (status = 500, description = "The database is unavailable", body = super::openapi::ApiError),
    )
)]
pub async fn list(
    State(state): State<WebState>,
    Query(q): Query<ClaimsQuery>,
) -> Result<Json<app::models::ClaimsPage>, AppError> {
    Ok(Json(state.db.claims_page(q).await?))
}

/// `GET /api/claims/{id}`: one claim with its evidence, history and versions.
#[utoipa::path(
    get,
    path = "/api/claims/{id}",
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 200, description = "The claim", body = app::models::ClaimDetail),
        (status = 400, description = "The id is not a number", body = super::openapi::ApiError),
        (status = 404, description = "No such claim", body = super::openapi::ApiError),
        (status = 500, description = "The database is unavailable", body = super::openapi::ApiError),
    )
)]
pub async fn one(
    State(state): State<WebState>,
    Path(id): Path<String>,
) -> Result<Json<app::models::ClaimDetail>, AppError> {
    let id = id
        .parse::<app::ids::ClaimId>()
        .map_err(|_| AppError::BadRequest("the claim id must be a number".into()))?;
    match state.db.claim_detail(id).await {
        Err(PageError::NotFound) => Err(AppError::NotFound("no such claim".into())),
        d => Ok(Json(d?)),
    }
}

/// `GET /api/eee/{id}`: a benchmark claim as an Every Eval Ever aggregate record (schema
/// 0.3.0): the vendor's own figure, first party, with the post, the sentence and its span.
#[utoipa::path(
    get,
    path = "/api/eee/{id}",
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 200, description = "The claim as an Every Eval Ever EvaluationLog (see content/schemas/eee/eval.schema.json)", body = super::openapi::EeeRecord),
        (status = 400, description = "The id is not a number", body = super::openapi::ApiError),
        (status = 404, description = "No such claim, or not a benchmark claim with a number, a benchmark and a model", body = super::openapi::ApiError),
        (status = 500, description = "The database is unavailable", body = super::openapi::ApiError),
    )
)]
pub async fn eee(
    State(state): State<WebState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let id = id
        .parse::<app::ids::ClaimId>()
        .map_err(|_| AppError::BadRequest("the claim id must be a number".into()))?;
    let claim = state
        .store()
        .claim(id)
        .await?
        .ok_or_else(|| AppError::NotFound("no such claim".into()))?;
    crate::results::give_back::record(&claim, &state.settings.public_url)
        .map(|e| Json(e.record))
        .map_err(|why| {
            AppError::NotFound(format!("claim {id} has no Every Eval Ever record: {why}"))
        })
}

pub async fn atom(State(state): State<WebState>) -> Result<Response, AppError> {
    let pool = state.store();
    let events = log::recent(pool, log::EventKind::Status, 100).await?;
    // Claim id → its line in the feed, or `None` for a business fact: a status set on one
    // before facts were kept apart is not a verification to announce.
    let mut sentences: HashMap<i64, Option<String>> = HashMap::new();
    let mut changes = Vec::with_capacity(events.len());
    for e in &events {
        if let std::collections::hash_map::Entry::Vacant(slot) = sentences.entry(e.claim_id) {
            let s = match pool
                .claim(app::ids::ClaimId::new(e.claim_id))
                .await
                .ok()
                .flatten()
            {
                Some(c) if c.kind.is_business_fact() => None,
                Some(c) => Some(format!("{} — “{}”", c.vendor, c.sentence)),
                None => Some(String::new()),
            };
            slot.insert(s);
        }
        let Some(sentence) = sentences[&e.claim_id].clone() else {
            continue;
        };
        let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
        let label = |k: &str| {
            p.get(k)
                .and_then(|v| v.as_str())
                .and_then(Status::parse)
                .map(|s| s.label(app::i18n::Lang::En))
                .unwrap_or("?")
        };
        let reason = p.get("reason").and_then(|v| v.as_str()).unwrap_or_default();
        changes.push(atom::Change {
            event_id: e.id,
            claim_id: e.claim_id,
            at: e.at.clone(),
            actor: e.actor.clone(),
            title: format!("Claim {}: {} → {}", e.claim_id, label("from"), label("to")),
            summary: format!("{sentence} Reason: {reason}"),
        });
    }
    let now = crate::dates::ts(chrono::Utc::now());
    let head = crate::claims::log::head(state.store()).await?;
    let body = atom::feed(&state.settings.public_url, &changes, &now, &head);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}
