//! `/websub/callback/{id}`: where hubs reach the subscriptions `websub::subscribe_due` asks
//! for. `GET` is the hub's verification of intent (or its denial); `POST` is content
//! distribution. The id is random per subscription, so a path names one subscription and a
//! guessed one names none (404, before any body is read).

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};

use super::error::AppError;
use super::WebState;
use crate::websub::signature;

/// The longest challenge echoed back (hubs send a few dozen characters).
const MAX_CHALLENGE: usize = 1024;

/// How long after a denial the subscription is asked for again.
const AFTER_DENIAL: Duration = Duration::days(1);

/// An id `websub::new_credentials` could have made: 32 lowercase hex digits.
fn plausible(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn not_ours() -> Response {
    (StatusCode::NOT_FOUND, "no such subscription").into_response()
}

/// `GET /websub/callback/{id}?hub.mode=…&hub.topic=…`: a subscription verified (its challenge
/// echoed, its lease recorded) only when that request is pending for that topic; a denial
/// recorded when the topic is that subscription's. Anything else is a 404, as WebSub asks of
/// a subscriber that did not ask for what the hub is checking.
pub async fn verify(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    if !plausible(&id) {
        return Ok(not_ours());
    }
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let topic = get("hub.topic");
    let now = Utc::now();
    match get("hub.mode") {
        "subscribe" => {
            let challenge = get("hub.challenge");
            if challenge.is_empty() || challenge.len() > MAX_CHALLENGE || topic.is_empty() {
                return Ok((
                    StatusCode::BAD_REQUEST,
                    "hub.topic and hub.challenge are required",
                )
                    .into_response());
            }
            let lease = get("hub.lease_seconds")
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|l| *l >= 0)
                .unwrap_or(i64::try_from(state.settings.websub_lease_seconds).unwrap_or(i64::MAX))
                .min(10 * 365 * 24 * 3600);
            let verified = state
                .store()
                .websub_verified(
                    &id,
                    topic,
                    lease,
                    now,
                    now + Duration::seconds(lease),
                    crate::websub::renew_at(now, lease),
                )
                .await?;
            if !verified {
                tracing::warn!(callback = %id, "WebSub verification for no pending request refused");
                return Ok(not_ours());
            }
            tracing::info!(callback = %id, lease, "WebSub subscription verified");
            Ok((
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                )],
                challenge.to_string(),
            )
                .into_response())
        }
        "denied" => {
            let reason: String = get("hub.reason").chars().take(300).collect();
            let why = if reason.is_empty() {
                "the hub denied the subscription".to_string()
            } else {
                format!("the hub denied the subscription: {reason}")
            };
            let known = state
                .store()
                .websub_denied(&id, topic, &why, now + AFTER_DENIAL)
                .await?;
            if !known {
                return Ok(not_ours());
            }
            tracing::warn!(callback = %id, "{why}");
            Ok(StatusCode::OK.into_response())
        }
        // We never unsubscribe, so an unsubscribe to verify was not ours.
        _ => Ok(not_ours()),
    }
}

/// `POST /websub/callback/{id}`: content distribution. The body (at most `fetch.max_body_bytes`)
/// is checked against `X-Hub-Signature` with the subscription's secret; a good one has the
/// source read now, a bad or missing one is logged and ignored. Both are answered 202, as
/// WebSub asks (a hub must not learn which signatures pass).
pub async fn push(
    State(state): State<WebState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    if !plausible(&id) {
        return Ok(not_ours());
    }
    let Some(sub) = state.store().websub_by_callback(&id).await? else {
        return Ok(not_ours());
    };
    let limit = usize::try_from(state.settings.websub_max_body).unwrap_or(usize::MAX);
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        tracing::warn!(source = %sub.source_id, limit, "WebSub push refused: body over the limit or cut short");
        return Ok((StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response());
    };
    let sent = headers
        .get("x-hub-signature")
        .map(|v| v.to_str().unwrap_or("?"));
    match signature::verify(sent, sub.secret.as_bytes(), &bytes) {
        Ok(method) => {
            state.store().websub_pushed(&id, Utc::now()).await?;
            metrics::counter!("proofwire_websub_pushes_total", "signature" => "good").increment(1);
            tracing::info!(source = %sub.source_id, method = method.name(), bytes = bytes.len(), "WebSub push: the source is read now");
        }
        Err(e) => {
            metrics::counter!("proofwire_websub_pushes_total", "signature" => "bad").increment(1);
            tracing::warn!(source = %sub.source_id, error = %e, "WebSub push ignored");
        }
    }
    Ok(StatusCode::ACCEPTED.into_response())
}
