//! The Google Reader API, the protocol reader apps sync with (NetNewsWire, Reeder, Read You,
//! FeedMe, FocusReader; FreshRSS and Miniflux serve it). Served at the site's root and again
//! under `/api/greader.php` (where apps set up for FreshRSS look):
//!
//! - `POST /accounts/ClientLogin` (`Email`, `Passwd`): `SID=…\nLSID=…\nAuth=…` (JSON with
//!   `output=json`); the token is random, stored as SHA-256 (`auth::reader_login`).
//! - every other call sends `Authorization: GoogleLogin auth=<token>` (a POST may send the
//!   token as `T` instead); without a live one: 401 and `X-Reader-Google-Bad-Token: true`.
//! - `GET /reader/api/0/token`, `user-info`, `subscription/list` (a feed per vendor and
//!   `feed/top-stories`), `tag/list`, `unread-count`, `stream/contents[/<stream>]`,
//!   `stream/items/ids`; `POST stream/items/contents`, `edit-tag`, `mark-all-as-read`.
//!
//! An item is an article, its content the checked summary with links to its Proofwire page and
//! the original post; or a finished day's top stories (`feed/top-stories`). Read and starred
//! marks are per user (`db/reader.rs`). A request that cannot be read is refused with 400 and
//! a message naming the parameter, before anything is written.

mod days;
mod items;
mod pages;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

pub use days::TopDays;

use super::error::AppError;
use super::WebState;
use crate::auth::{self, ReaderUser};
use crate::greader::streams::{self, State as Mark, Stream};
use crate::greader::{ids, query, Malformed};

/// `edit-tag` with a thousand ids is about 50 KB; anything far larger is refused unread.
const MAX_BODY_BYTES: usize = 1 << 20;
/// Items one `edit-tag` or `stream/items/contents` may name.
const MAX_ITEMS: usize = 10_000;
/// Ids one `stream/items/ids` page may hold, and items one `stream/contents` page.
const MAX_IDS: usize = 10_000;
const MAX_CONTENTS: usize = 1_000;

/// The API's routes, at the root and under `/api/greader.php`.
pub fn router() -> Router<WebState> {
    let api = Router::new()
        // POST only: a password in a query string ends up in logs.
        .route("/accounts/ClientLogin", post(client_login))
        .route("/reader/api/0/token", get(token))
        .route("/reader/api/0/user-info", get(user_info))
        .route("/reader/api/0/subscription/list", get(subscriptions))
        .route("/reader/api/0/tag/list", get(tags))
        .route("/reader/api/0/unread-count", get(unread_count))
        .route("/reader/api/0/stream/contents", get(contents))
        .route("/reader/api/0/stream/contents/{*stream}", get(contents_of))
        .route("/reader/api/0/stream/items/ids", get(item_ids))
        .route(
            "/reader/api/0/stream/items/contents",
            post(items_contents).get(items_contents),
        )
        .route("/reader/api/0/edit-tag", post(edit_tag))
        .route("/reader/api/0/mark-all-as-read", post(mark_all_as_read));
    Router::new()
        .merge(api.clone())
        .nest("/api/greader.php", api)
}

/// A request's headers and its parameters: the query string, then (for a POST) the form body.
struct Call {
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    post: bool,
}

impl Call {
    fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

async fn read_call(req: Request<Body>) -> Result<(Call, axum::http::request::Parts), AppError> {
    let (parts, body) = req.into_parts();
    let mut pairs: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let post = parts.method == Method::POST;
    if post {
        let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
            return Err(AppError::PayloadTooLarge(
                "The request body is larger than 1 MB.".into(),
            ));
        };
        pairs.extend(url::form_urlencoded::parse(&bytes).into_owned());
    }
    Ok((
        Call {
            headers: parts.headers.clone(),
            pairs,
            post,
        },
        parts,
    ))
}

fn text(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// The token of `Authorization: GoogleLogin auth=<token>`.
fn header_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let rest = value.trim().strip_prefix("GoogleLogin")?;
    rest.split([' ', ','])
        .find_map(|part| part.strip_prefix("auth="))
        .filter(|t| !t.is_empty())
}

/// The signed-in user of a call, or the 401 apps take as "sign in again".
async fn signed_in(state: &WebState, call: &Call) -> Result<(ReaderUser, String), AppError> {
    let token = match header_token(&call.headers) {
        Some(t) => t.to_string(),
        None if call.post => call
            .get("T")
            .filter(|t| !t.is_empty())
            .ok_or(AppError::BadReaderToken)?
            .to_string(),
        None => return Err(AppError::BadReaderToken),
    };
    let user = auth::reader_user(state.store(), &token)
        .await?
        .ok_or(AppError::BadReaderToken)?;
    Ok((user, token))
}

/// Reads the call and its user, or fails.
async fn begin(
    state: &WebState,
    req: Request<Body>,
) -> Result<(Call, ReaderUser, String), AppError> {
    let (call, _) = read_call(req).await?;
    let (user, token) = signed_in(state, &call).await?;
    Ok((call, user, token))
}

/// `POST /accounts/ClientLogin`: `Email` (the user name) and `Passwd`, counted against the same
/// failed-login limits as the login form.
async fn client_login(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (call, parts) = read_call(req).await?;
    let client = super::client::address(&parts, &state.settings.trusted_proxies);
    let name = call.get("Email").unwrap_or_default().trim().to_string();
    let password = call.get("Passwd").unwrap_or_default().to_string();
    if name.is_empty() || password.is_empty() {
        return Err(AppError::BadRequest(
            "Email (the user name) and Passwd are required.".into(),
        ));
    }
    let (user_key, attempt) = super::session::begin_attempt(&state, &name, client).await?;
    let Some(token) =
        auth::reader_login(state.store(), &state.password_checks, &name, &password).await?
    else {
        tracing::warn!(user = %name, "failed reader app login");
        return Ok((
            StatusCode::UNAUTHORIZED,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "Error=BadAuthentication\n",
        )
            .into_response());
    };
    if let Err(e) = state.limiter.succeed(&user_key, attempt).await {
        tracing::error!(error = %e, "recording a successful login");
    }
    tracing::info!(user = %name, "reader app signed in");
    if call.get("output") == Some("json") {
        Ok(Json(json!({"SID": token, "LSID": token, "Auth": token})).into_response())
    } else {
        Ok(text(format!("SID={token}\nLSID={token}\nAuth={token}\n")))
    }
}

/// `GET /reader/api/0/token`: the token to send as `T` with a POST (the same token: calls are
/// authorised by a header, never by a cookie, so another site cannot forge one).
async fn token(State(state): State<WebState>, req: Request<Body>) -> Result<Response, AppError> {
    let (_, _, token) = begin(&state, req).await?;
    Ok(text(token))
}

async fn user_info(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (_, user, _) = begin(&state, req).await?;
    Ok(Json(json!({
        "userId": user.id.to_string(),
        "userName": user.name,
        "userProfileId": user.id.to_string(),
        "userEmail": user.name,
    }))
    .into_response())
}

const VENDORS_LABEL: &str = "Vendors";
const PROOFWIRE_LABEL: &str = "Proofwire";

fn label(name: &str) -> serde_json::Value {
    json!({"id": Stream::Label(name.into()).id(), "label": name, "type": "folder"})
}

/// `GET /reader/api/0/subscription/list`: a feed per vendor, and the top stories.
async fn subscriptions(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    begin(&state, req).await?;
    let base = state.settings.public_url.as_str();
    let vendors = state.store().reader_vendors().await?;
    let mut subscriptions = vec![json!({
        "id": Stream::TopStories.id(),
        "title": items::TOP_STORIES_TITLE,
        "categories": [label(PROOFWIRE_LABEL)],
        "url": format!("{base}/feed.atom"),
        "htmlUrl": format!("{base}/"),
        "iconUrl": format!("{base}/favicon.ico"),
    })];
    let mut seen = std::collections::HashSet::new();
    for v in vendors {
        let slug = crate::search::index::slug(&v.vendor);
        if slug.is_empty() || !seen.insert(slug.clone()) {
            continue;
        }
        subscriptions.push(json!({
            "id": Stream::Vendor(slug.clone()).id(),
            "title": v.vendor,
            "categories": [label(VENDORS_LABEL)],
            "url": format!("{base}/vendor/{slug}/feed.atom"),
            "htmlUrl": format!("{base}/search?vendor={slug}&sort=date"),
            "iconUrl": format!("{base}/favicon.ico"),
        }));
    }
    Ok(Json(json!({ "subscriptions": subscriptions })).into_response())
}

/// `GET /reader/api/0/tag/list`: the starred state and the two folders feeds are in.
async fn tags(State(state): State<WebState>, req: Request<Body>) -> Result<Response, AppError> {
    begin(&state, req).await?;
    Ok(Json(json!({"tags": [
        {"id": Stream::State(Mark::Starred).id()},
        label(PROOFWIRE_LABEL),
        label(VENDORS_LABEL),
    ]}))
    .into_response())
}

/// `GET /reader/api/0/unread-count`: unread items per feed and in all, with the newest one's
/// time, counted up to `MAX_IDS` per feed.
async fn unread_count(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (_, user, _) = begin(&state, req).await?;
    let counts = pages::unread_counts(&state, &user, MAX_IDS).await?;
    Ok(Json(json!({"max": MAX_IDS, "unreadcounts": counts})).into_response())
}

/// `GET /reader/api/0/stream/contents` (the reading list, or `s`).
async fn contents(State(state): State<WebState>, req: Request<Body>) -> Result<Response, AppError> {
    stream_contents(state, None, req).await
}

/// `GET /reader/api/0/stream/contents/<stream>`.
async fn contents_of(
    State(state): State<WebState>,
    Path(stream): Path<String>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    stream_contents(state, Some(stream), req).await
}

async fn stream_contents(
    state: WebState,
    stream: Option<String>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (call, user, _) = begin(&state, req).await?;
    let q = query::parse(&call.pairs, stream.as_deref(), true, user.id, MAX_CONTENTS)?;
    let page = pages::page(&state, &user, &q).await?;
    let found: Vec<ids::Item> = page.refs.iter().map(|r| r.item).collect();
    let items = items::render(&state, &user, &found).await?;
    Ok(Json(items::stream_body(&q.stream, items, page.continuation)).into_response())
}

/// `GET /reader/api/0/stream/items/ids`: decimal ids with their times, as Google answered.
async fn item_ids(State(state): State<WebState>, req: Request<Body>) -> Result<Response, AppError> {
    let (call, user, _) = begin(&state, req).await?;
    let q = query::parse(&call.pairs, None, false, user.id, MAX_IDS)?;
    let page = pages::page(&state, &user, &q).await?;
    let refs: Vec<serde_json::Value> = page
        .refs
        .iter()
        .map(|r| {
            json!({
                "id": r.item.decimal(),
                "timestampUsec": (r.at.timestamp() * 1_000_000).to_string(),
                "directStreamIds": [],
            })
        })
        .collect();
    let mut body = json!({ "itemRefs": refs });
    if let Some(c) = page.continuation {
        body["continuation"] = json!(c.token());
    }
    Ok(Json(body).into_response())
}

/// The `i` parameters, each read in any id form; any unreadable one refuses the call.
fn item_params(call: &Call) -> Result<Vec<ids::Item>, Malformed> {
    let raw = call.all("i");
    if raw.is_empty() {
        return Err(Malformed::new("i (an item id) is required"));
    }
    if raw.len() > MAX_ITEMS {
        return Err(Malformed(format!(
            "at most {MAX_ITEMS} items (i=…) at once"
        )));
    }
    raw.into_iter().map(ids::parse).collect()
}

/// `POST /reader/api/0/stream/items/contents`: the items named by `i`, in that order.
async fn items_contents(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (call, user, _) = begin(&state, req).await?;
    let wanted = item_params(&call)?;
    let items = items::render(&state, &user, &wanted).await?;
    Ok(Json(items::stream_body(
        &Stream::State(Mark::ReadingList),
        items,
        None,
    ))
    .into_response())
}

/// What `edit-tag` changes: `Some(true)` adds the mark, `Some(false)` removes it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Edit {
    read: Option<bool>,
    starred: Option<bool>,
}

fn read_edit(call: &Call, user_id: app::ids::UserId) -> Result<Edit, Malformed> {
    let mut edit = Edit::default();
    let add = call.all("a");
    let remove = call.all("r");
    if add.is_empty() && remove.is_empty() {
        return Err(Malformed::new(
            "a= (a state to add) or r= (a state to remove) is required",
        ));
    }
    for (param, tags, adding) in [("a", add, true), ("r", remove, false)] {
        for tag in tags {
            let (slot, value) = match streams::parse(tag, user_id)? {
                Stream::State(Mark::Read) => (&mut edit.read, adding),
                Stream::State(Mark::KeptUnread) => (&mut edit.read, !adding),
                Stream::State(Mark::Starred) => (&mut edit.starred, adding),
                // Sharing and liking are Google Reader's past: accepted, not kept.
                Stream::State(Mark::Broadcast | Mark::Like) => continue,
                other => {
                    return Err(Malformed(format!(
                        "{param}={:?}: only the read, kept-unread and starred states can be \
                         set on items here",
                        other.id()
                    )))
                }
            };
            if slot.is_some_and(|v| v != value) {
                return Err(Malformed(format!(
                    "{tag:?} is both added and removed in one call"
                )));
            }
            *slot = Some(value);
        }
    }
    Ok(edit)
}

/// `POST /reader/api/0/edit-tag`: marks items read or unread, starred or not. Every id and
/// tag is read before anything is written; ids of items that do not exist are skipped.
async fn edit_tag(State(state): State<WebState>, req: Request<Body>) -> Result<Response, AppError> {
    let (call, user, _) = begin(&state, req).await?;
    let wanted = item_params(&call)?;
    let edit = read_edit(&call, user.id)?;
    if edit == Edit::default() {
        return Ok(text("OK".into()));
    }
    let existing = pages::existing(&state, &wanted).await?;
    state
        .store()
        .set_reader_state(
            user.id,
            &existing,
            edit.read,
            edit.starred,
            &crate::dates::ts(chrono::Utc::now()),
        )
        .await?;
    Ok(text("OK".into()))
}

/// `POST /reader/api/0/mark-all-as-read`: `s` (a feed or the reading list) and optionally `ts`
/// (only items published at or before it; seconds, or microseconds).
async fn mark_all_as_read(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, AppError> {
    let (call, user, _) = begin(&state, req).await?;
    let target = (|| {
        let s = call
            .get("s")
            .ok_or_else(|| Malformed::new("s (the stream to mark read) is required"))?;
        let stream = streams::parse(s, user.id)?;
        if !matches!(
            stream,
            Stream::State(Mark::ReadingList) | Stream::Vendor(_) | Stream::TopStories
        ) {
            return Err(Malformed(format!(
                "s={s:?}: only a feed or the reading list can be marked read"
            )));
        }
        let until = call
            .get("ts")
            .filter(|t| !t.is_empty())
            .map(|t| query::time_param("ts", t))
            .transpose()?;
        Ok((stream, until))
    })();
    let (stream, until) = target?;
    let unread = pages::all_unread(&state, &user, stream, until).await?;
    state
        .store()
        .set_reader_state(
            user.id,
            &unread,
            Some(true),
            None,
            &crate::dates::ts(chrono::Utc::now()),
        )
        .await?;
    Ok(text("OK".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: app::ids::UserId = app::ids::UserId::new(1);

    #[test]
    fn the_token_is_read_from_the_google_login_header() {
        let mut h = HeaderMap::new();
        assert_eq!(header_token(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("GoogleLogin auth=abc123"),
        );
        assert_eq!(header_token(&h), Some("abc123"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc123"),
        );
        assert_eq!(header_token(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("GoogleLogin auth="),
        );
        assert_eq!(header_token(&h), None);
    }

    fn call(q: &str) -> Call {
        Call {
            headers: HeaderMap::new(),
            pairs: url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect(),
            post: true,
        }
    }

    #[test]
    fn edits_read_both_ways_and_refuse_contradictions() {
        let e = read_edit(
            &call("a=user/-/state/com.google/read&r=user/-/state/com.google/starred"),
            ME,
        )
        .expect("edit");
        assert_eq!(
            e,
            Edit {
                read: Some(true),
                starred: Some(false)
            }
        );
        let e = read_edit(&call("a=user/-/state/com.google/kept-unread"), ME).expect("edit");
        assert_eq!(e.read, Some(false));
        for bad in [
            "",
            "a=user/-/state/com.google/read&r=user/-/state/com.google/read",
            "a=user/-/label/Tech",
            "a=nonsense",
        ] {
            assert!(read_edit(&call(bad), ME).is_err(), "{bad}");
        }
    }
}
