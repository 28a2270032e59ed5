//! The digest pages (`/` and `/digest/{date}`) are the most read and the slowest to render, and
//! they change only when their content does. Each is rendered once per content version and
//! language and then served from memory; its `ETag` names that version, so a reader who has
//! it gets `304 Not Modified` without any rendering at all. Any write to an article, summary,
//! claim, claim event or lead changes the version (`Db::content_version`), so a change shows on
//! the next request.
//!
//! A cached page never repeats a script nonce: the nonce of the render is replaced by a fresh
//! one in the body and the policy of every response. Requests with a session (editors see
//! forms and tokens) are never cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use app::i18n::Lang;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::headers::page_csp;
use super::WebState;

/// Pages kept at once (one per day and language read since the last change).
const MAX_ENTRIES: usize = 256;
/// The largest page kept.
const MAX_BODY: usize = 4 << 20;
/// Stands for the script nonce in a stored body.
const NONCE_MARK: &str = "__proofwire_nonce__";

struct Page {
    version: String,
    body: String,
    content_type: HeaderValue,
    modified: SystemTime,
}

/// Rendered digest pages by path and language.
#[derive(Clone)]
pub struct PageCache {
    enabled: bool,
    /// Differs per process, so a new build's pages never match an old build's `ETag`.
    boot: String,
    pages: Arc<Mutex<HashMap<(String, Lang), Page>>>,
}

impl PageCache {
    pub fn new(enabled: bool) -> PageCache {
        PageCache {
            enabled,
            boot: fresh_token(4),
            pages: Arc::default(),
        }
    }
}

fn fresh_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn is_digest_page(path: &str) -> bool {
    path == "/"
        || path
            .strip_prefix("/digest/")
            .is_some_and(|d| !d.is_empty() && !d.contains('/'))
}

/// The language the page will be rendered in, decided as the pages decide it.
fn language(headers: &HeaderMap, default: Lang) -> Lang {
    let cookie = app::functions::cookie_value(headers, "lang");
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie.as_deref(), accept, default)
}

fn nonce_of(policy: &HeaderValue) -> Option<String> {
    let p = policy.to_str().ok()?;
    let start = p.find("'nonce-")? + "'nonce-".len();
    let len = p[start..].find('\'')?;
    Some(p[start..start + len].to_string())
}

fn http_date(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

fn not_modified(request: &HeaderMap, etag: &str, modified: Option<SystemTime>) -> bool {
    if let Some(tags) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return tags
            .split(',')
            .any(|t| t.trim().trim_start_matches("W/") == etag);
    }
    match (
        modified,
        request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok()),
    ) {
        (Some(m), Some(since)) => {
            chrono::DateTime::<chrono::Utc>::from(m).timestamp() <= since.timestamp()
        }
        _ => false,
    }
}

/// Serves a stored page with a fresh nonce.
fn serve(page: &Page, etag: &str) -> Response {
    let nonce = fresh_token(16);
    let body = page.body.replace(NONCE_MARK, &nonce);
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, page.content_type.clone());
    if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    decorate(h, etag, page.modified);
    res
}

fn decorate(h: &mut HeaderMap, etag: &str, modified: SystemTime) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(modified)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    // Readers' browsers may keep the page but must ask (cheaply, with the ETag) before reuse.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
}

pub async fn digest_pages(
    State(state): State<WebState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let cache = &state.page_cache;
    let path = req.uri().path().to_string();
    // A query string is no part of a digest page; requests with one are rendered as they come,
    // so made-up queries cannot fill the cache with copies of the same page.
    if !cache.enabled
        || req.method() != Method::GET
        || req.uri().query().is_some()
        || !is_digest_page(&path)
        || app::functions::cookie_value(req.headers(), crate::auth::SESSION_COOKIE).is_some()
    {
        return next.run(req).await;
    }
    let version = match state.store.content_version().await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: cannot read the content version");
            return next.run(req).await;
        }
    };
    let lang = language(req.headers(), state.settings.default_lang);
    let key = (path, lang);
    let etag = format!(
        "\"{}-{}-{}\"",
        cache.boot,
        lang.code(),
        hex::encode(&Sha256::digest(version.as_bytes())[..8])
    );
    let stored_at = {
        let pages = cache.pages.lock().unwrap_or_else(|p| p.into_inner());
        match pages.get(&key) {
            Some(page) if page.version == version => {
                if not_modified(req.headers(), &etag, Some(page.modified)) {
                    let mut res = StatusCode::NOT_MODIFIED.into_response();
                    decorate(res.headers_mut(), &etag, page.modified);
                    return res;
                }
                return serve(page, &etag);
            }
            _ => None::<SystemTime>,
        }
    };
    // The version is the page's whole input, so a reader holding this ETag has this page
    // even if this process has not rendered it yet.
    if not_modified(req.headers(), &etag, stored_at) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        decorate(res.headers_mut(), &etag, SystemTime::now());
        return res;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: the page could not be read whole");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (Ok(text), Some(nonce), Some(kind)) = (
        std::str::from_utf8(&bytes),
        parts
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(nonce_of),
        parts.headers.get(header::CONTENT_TYPE).cloned(),
    ) else {
        // Not a page this cache understands: send it as rendered.
        return Response::from_parts(parts, Body::from(bytes));
    };
    let page = Page {
        version,
        body: text.replace(&nonce, NONCE_MARK),
        content_type: kind,
        modified: SystemTime::now(),
    };
    let res = serve(&page, &etag);
    let mut pages = cache.pages.lock().unwrap_or_else(|p| p.into_inner());
    if pages.len() >= MAX_ENTRIES && !pages.contains_key(&key) {
        pages.clear();
    }
    pages.insert(key, page);
    res
}
