//! The digest pages (`/` and `/digest/{date}`) are the most read and the slowest to render, and
//! they change only when their content does. Each is rendered once per version of its own day
//! and language and then served from memory; its `ETag` names that version, so a reader who
//! has it gets `304 Not Modified` without any rendering at all. A write to one of the day's
//! articles, summaries, claims, claim events, fingerprints or placements, or to its lead or
//! notes, changes the day's version (`page_version.rs`), so a change shows on the next
//! request; a write to another day's leaves the page cached (ingestion mostly touches today,
//! and every run used to render every day again). The one exception: while a page is being
//! rendered for its new version, other readers of it get its previous render (if that is at
//! most `STALE_WHILE_RENDERING` old) instead of waiting; the request that renders always
//! gets the new version.
//!
//! A cached page never repeats a script nonce: the nonce of the render is replaced by a fresh
//! one in the body and the policy of every response. Requests with a session (editors see
//! forms and tokens) are never cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use app::i18n::Lang;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::sync::OwnedMutexGuard;

use super::headers::page_csp;
use super::page_version::{page_version, DigestPage};
use super::WebState;

/// Pages kept at once (one per day and language read since the last change).
const MAX_ENTRIES: usize = 256;
/// The largest page kept.
const MAX_BODY: usize = 4 << 20;
/// Stands for the script nonce in a stored body.
const NONCE_MARK: &str = "__proofwire_nonce__";
/// While a page is being rendered again, other readers get its last render if that read its
/// version at most this long ago, instead of queueing behind the render.
const STALE_WHILE_RENDERING: Duration = Duration::from_secs(10);

struct Page {
    version: String,
    /// When the version was read, before the render began.
    read_at: Instant,
    body: String,
    content_type: HeaderValue,
    modified: SystemTime,
}

/// What a request for a page does (`PageCache::turn`).
enum Turn {
    /// Renders, from the version it read on arrival.
    First(OwnedMutexGuard<()>),
    /// Renders, from a version it reads now (others rendered while it waited).
    Waited(OwnedMutexGuard<()>),
    /// Answered by another request's render.
    Served(Response),
}

/// A page: its path and language.
type PageKey = (String, Lang);
/// Held while a page renders.
type RenderLock = Arc<tokio::sync::Mutex<()>>;

/// Rendered digest pages by path and language.
#[derive(Clone)]
pub struct PageCache {
    enabled: bool,
    /// Differs per process, so a new build's pages never match an old build's `ETag`.
    boot: String,
    pages: Arc<Mutex<HashMap<PageKey, Page>>>,
    /// One lock per page, held while it renders.
    renders: Arc<Mutex<HashMap<PageKey, RenderLock>>>,
}

impl PageCache {
    pub fn new(enabled: bool) -> PageCache {
        PageCache {
            enabled,
            boot: fresh_token(4),
            pages: Arc::default(),
            renders: Arc::default(),
        }
    }

    /// The `ETag` of a page's version in a language (per process: see `boot`).
    fn etag(&self, lang: Lang, version: &str) -> String {
        format!(
            "\"{}-{}-{}\"",
            self.boot,
            lang.code(),
            hex::encode(&Sha256::digest(version.as_bytes())[..8])
        )
    }

    /// The page's last render as a response, if it read its version recently enough to be
    /// served while a newer render is made.
    fn serve_recent(&self, key: &PageKey, request: &HeaderMap) -> Option<Response> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let page = pages
            .get(key)
            .filter(|p| p.read_at.elapsed() <= STALE_WHILE_RENDERING)?;
        Some(answer(page, &self.etag(key.1, &page.version), request))
    }

    /// Whose turn it is to render a page: this request's at once if no render of it is under
    /// way; else another's render answers it: the last one, if recent (see
    /// `STALE_WHILE_RENDERING`), or the one under way if it read its version after this request
    /// arrived; else this request renders once that render is done.
    async fn turn(&self, key: &PageKey, request: &HeaderMap, arrived: Instant) -> Turn {
        let lock = self.render_lock(key);
        if let Ok(guard) = lock.clone().try_lock_owned() {
            return Turn::First(guard);
        }
        // While a day is being written (an ingestion run rewrites a post every few
        // milliseconds) readers would otherwise queue behind render after render.
        if let Some(res) = self.serve_recent(key, request) {
            return Turn::Served(res);
        }
        let guard = lock.lock_owned().await;
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        match pages.get(key).filter(|p| p.read_at >= arrived) {
            Some(page) => Turn::Served(serve(page, &self.etag(key.1, &page.version))),
            None => Turn::Waited(guard),
        }
    }

    /// The lock a page's render holds.
    fn render_lock(&self, key: &PageKey) -> RenderLock {
        let mut renders = self.renders.lock().unwrap_or_else(|p| p.into_inner());
        // Bounded like the pages; a render still holding a dropped lock only lets one more
        // render of its page start beside it.
        if renders.len() >= MAX_ENTRIES && !renders.contains_key(key) {
            renders.clear();
        }
        renders.entry(key.clone()).or_default().clone()
    }
}

fn fresh_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// The digest page a path names, if it is one (a date that does not parse is not cached; the
/// page answers it with an error).
fn digest_page(path: &str) -> Option<DigestPage> {
    if path == "/" {
        return Some(DigestPage::Latest);
    }
    path.strip_prefix("/digest/")
        .and_then(crate::dates::parse_date)
        .map(DigestPage::Day)
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

/// A stored page for this request: 304 if the reader has it, else the page.
fn answer(page: &Page, etag: &str, request: &HeaderMap) -> Response {
    if not_modified(request, etag, Some(page.modified)) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        decorate(res.headers_mut(), etag, page.modified);
        return res;
    }
    serve(page, etag)
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
    let page = match digest_page(&path) {
        Some(page)
            if cache.enabled
                && req.method() == Method::GET
                && req.uri().query().is_none()
                && app::functions::cookie_value(req.headers(), crate::auth::SESSION_COOKIE)
                    .is_none() =>
        {
            page
        }
        _ => return next.run(req).await,
    };
    // Taken before the version is read: a page whose version was read at or after this
    // shows everything this request could have seen.
    let arrived = Instant::now();
    let version = match page_version(state.store(), state.settings.tz, page).await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: cannot read the content version");
            return next.run(req).await;
        }
    };
    let lang = language(req.headers(), state.settings.default_lang);
    let key = (path, lang);
    let etag = cache.etag(lang, &version);
    let stored_at = {
        let pages = cache.pages.lock().unwrap_or_else(|p| p.into_inner());
        match pages.get(&key) {
            Some(page) if page.version == version => return answer(page, &etag, req.headers()),
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
    // One render of a page at a time: while its day is being written every request would
    // otherwise find a new version and render the same page at once, 64 renders of a
    // 200-post day on two cores.
    let (_rendering, version, read_at, etag) = match cache.turn(&key, req.headers(), arrived).await
    {
        Turn::Served(res) => return res,
        Turn::First(guard) => (guard, version, arrived, etag),
        Turn::Waited(guard) => {
            let read_at = Instant::now();
            let version = match page_version(state.store(), state.settings.tz, page).await {
                Ok(v) => v,
                Err(e) => {
                    tracing::warn!(error = %e, "page cache: cannot read the content version");
                    return next.run(req).await;
                }
            };
            let etag = cache.etag(lang, &version);
            (guard, version, read_at, etag)
        }
    };
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
        read_at,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_with(key: &PageKey, read_ago: Duration) -> PageCache {
        let cache = PageCache::new(true);
        let page = Page {
            version: "v1".into(),
            read_at: Instant::now() - read_ago,
            body: format!("<p>the page</p><script nonce=\"{NONCE_MARK}\"></script>"),
            content_type: HeaderValue::from_static("text/html; charset=utf-8"),
            modified: SystemTime::now(),
        };
        cache.pages.lock().expect("pages").insert(key.clone(), page);
        cache
    }

    fn key() -> PageKey {
        ("/".to_string(), Lang::En)
    }

    #[tokio::test]
    async fn a_reader_alone_on_a_page_renders_it() {
        let cache = cache_with(&key(), Duration::ZERO);
        let turn = cache.turn(&key(), &HeaderMap::new(), Instant::now()).await;
        assert!(matches!(turn, Turn::First(_)));
    }

    #[tokio::test]
    async fn readers_during_a_render_get_the_last_render_at_once() {
        let cache = cache_with(&key(), Duration::from_secs(1));
        let _rendering = cache.render_lock(&key()).try_lock_owned().expect("free");
        let turn = tokio::time::timeout(
            Duration::from_secs(5),
            cache.turn(&key(), &HeaderMap::new(), Instant::now()),
        )
        .await
        .expect("no wait behind the render");
        let Turn::Served(res) = turn else {
            panic!("the last render serves the reader")
        };
        assert_eq!(res.status(), StatusCode::OK);
        let etag = res.headers()[header::ETAG]
            .to_str()
            .expect("etag")
            .to_string();
        assert_eq!(etag, cache.etag(Lang::En, "v1"), "its own version's ETag");
        let body = axum::body::to_bytes(res.into_body(), MAX_BODY)
            .await
            .expect("body");
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("the page") && !body.contains(NONCE_MARK));

        // A reader who already has that render is told so.
        let mut held = HeaderMap::new();
        held.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&etag).expect("tag"),
        );
        match cache.turn(&key(), &held, Instant::now()).await {
            Turn::Served(res) => assert_eq!(res.status(), StatusCode::NOT_MODIFIED),
            _ => panic!("served"),
        }
    }

    #[tokio::test]
    async fn an_old_render_is_not_served_a_reader_waits_for_the_new_one() {
        let cache = cache_with(&key(), STALE_WHILE_RENDERING + Duration::from_secs(1));
        let rendering = cache.render_lock(&key()).try_lock_owned().expect("free");
        let waiting = {
            let cache = cache.clone();
            tokio::spawn(async move {
                matches!(
                    cache.turn(&key(), &HeaderMap::new(), Instant::now()).await,
                    Turn::Waited(_)
                )
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "it waits for the render under way");
        drop(rendering);
        assert!(waiting.await.expect("joined"), "then renders itself");
    }
}
