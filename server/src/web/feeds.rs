//! Feeds to subscribe to: `/feed.atom` and `/feed.json` (one entry per daily digest),
//! `/vendor/{slug}/feed.atom|json` (a vendor's announcements) and `/search.atom|json?q=…` (a
//! saved search, newest first). Each answer carries an `ETag`; a reader that sends it back
//! gets `304 Not Modified`.

use app::i18n::{digest_title, Lang};
use app::models::{Digest, SearchParams, SearchResults};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use super::error::AppError;
use super::WebState;
use crate::digest::{build_digest, group_by_date};
use crate::feeds::{self, html, Entry, Feed};

/// Days in the digest feed.
const DIGEST_DAYS: usize = 20;

/// Atom or JSON Feed.
#[derive(Clone, Copy)]
pub enum Form {
    Atom,
    Json,
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedLang {
    #[serde(default)]
    lang: Option<String>,
}

fn lang_of(state: &WebState, asked: &FeedLang) -> Lang {
    asked
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(state.settings.default_lang)
}

/// Writes the feed in its form, with an `ETag` of its bytes; `304` when the reader has it.
fn respond(feed: &Feed, form: Form, request: &HeaderMap) -> Response {
    let (body, kind) = match form {
        Form::Atom => (feeds::atom(feed), "application/atom+xml; charset=utf-8"),
        Form::Json => (
            feeds::json_feed(feed),
            "application/feed+json; charset=utf-8",
        ),
    };
    let etag = format!(
        "\"{}\"",
        &hex::encode(Sha256::digest(body.as_bytes()))[..32]
    );
    if revalidated(request, &etag) {
        return not_modified(&etag);
    }
    let tag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::ETAG, tag),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A feed's `updated`: its newest entry's, or now when it has none.
fn newest(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(now)
}

/// One digest as a feed entry: its lead, then each announcement with its checked summary.
fn digest_entry(base: &str, digest: &Digest, lang: Lang) -> Option<Entry> {
    let date = chrono::NaiveDate::parse_from_str(&digest.date, "%Y-%m-%d").ok()?;
    let url = format!("{base}/digest/{}", digest.date);
    let lead = digest.lead_text(lang);
    let mut content = format!("<p>{}</p>", html(&lead));
    for item in &digest.items {
        let summary: Vec<&str> = item.summary.iter().map(|s| s.text.as_str()).collect();
        content.push_str(&format!(
            "<h3><a href=\"{}\">{}</a></h3><p><small>{}</small></p><p>{}</p><p><a href=\"{}\">{}</a></p>",
            html(&item.url),
            html(&item.title),
            html(&item.vendor),
            html(&summary.join(" ")),
            html(&format!("{base}/article/{}", item.article_id)),
            html(lang.pick("Proofwire에서 보기", "Read on Proofwire")),
        ));
    }
    let newest = digest
        .items
        .iter()
        .map(|i| i.published_at.as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(now);
    let oldest = digest
        .items
        .iter()
        .map(|i| i.published_at.as_str())
        .min()
        .map(str::to_string)
        .unwrap_or_else(|| newest.clone());
    Some(Entry {
        id: url.clone(),
        title: digest_title(date, lang),
        url,
        published: oldest,
        updated: newest,
        summary: lead,
        content_html: content,
        author: "Proofwire".into(),
    })
}

/// `GET /feed.atom`, `GET /feed.json`: the latest daily digests. Readers poll feeds: one whose
/// copy names the current content version gets its 304 before any digest is built.
pub async fn digests(
    State(state): State<WebState>,
    Query(asked): Query<FeedLang>,
    request: HeaderMap,
    form: Form,
) -> Result<Response, AppError> {
    let lang = lang_of(&state, &asked);
    let version = state.store().content_version().await?;
    let form_name = match form {
        Form::Atom => "atom",
        Form::Json => "json",
    };
    let etag = format!(
        "\"{}\"",
        &hex::encode(Sha256::digest(
            format!(
                "{version}|{}|{form_name}|{}|{:?}|{:?}",
                lang.code(),
                state.settings.public_url,
                asked.lang,
                state.settings.websub_hub
            )
            .as_bytes()
        ))[..32]
    );
    if revalidated(&request, &etag) {
        return Ok(not_modified(&etag));
    }
    let base = state.settings.public_url.as_str();
    let tz = state.settings.tz;
    let times = state.store().all_published().await?;
    let mut entries = Vec::new();
    for day in group_by_date(&times, tz).into_iter().take(DIGEST_DAYS) {
        // The day was formatted from a stored time a moment ago; failing to read it back is ours.
        let date = chrono::NaiveDate::parse_from_str(&day.date, "%Y-%m-%d")
            .map_err(|e| AppError::internal("the digest feed", e))?;
        let digest = build_digest(state.store(), tz, Some(date), lang.code()).await?;
        if let Some(entry) = digest.and_then(|d| digest_entry(base, &d, lang)) {
            entries.push(entry);
        }
    }
    // Each feed names itself by the address it was asked at (one of the WebSub topics the
    // hub is told about): with `?lang=` only when one was asked for and understood.
    let asked_lang = asked
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .map(|l| format!("?lang={}", l.code()))
        .unwrap_or_default();
    let feed = Feed {
        id: format!("{base}/feed.atom"),
        title: lang
            .pick("Proofwire 오늘의 AI 뉴스", "Proofwire daily AI news")
            .into(),
        home: format!("{base}/"),
        atom_url: format!("{base}/feed.atom{asked_lang}"),
        json_url: format!("{base}/feed.json{asked_lang}"),
        language: lang.code().into(),
        updated: newest(&entries),
        entries,
        hub: state.settings.websub_hub.clone(),
    };
    let mut res = respond(&feed, form, &HeaderMap::new());
    if let Ok(v) = HeaderValue::from_str(&etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

fn revalidated(request: &HeaderMap, etag: &str) -> bool {
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

fn not_modified(etag: &str) -> Response {
    let tag = HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"\""));
    (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response()
}

/// Search hits as entries: each links to the original post; the summary is the snippet.
fn hit_entries(base: &str, found: &SearchResults) -> Vec<Entry> {
    found
        .hits
        .iter()
        .map(|h| {
            let title: String = h.title.iter().map(|f| f.text.as_str()).collect();
            let snippet: String = h.snippet.iter().map(|f| f.text.as_str()).collect();
            let page = format!("{base}/article/{}", h.article_id);
            Entry {
                id: page.clone(),
                title,
                url: h.url.clone(),
                published: h.published_at.clone(),
                updated: h.published_at.clone(),
                content_html: format!(
                    "<p>{}</p><p><a href=\"{}\">{}</a></p>",
                    html(&snippet),
                    html(&page),
                    html("Proofwire"),
                ),
                summary: snippet,
                author: h.vendor.clone(),
            }
        })
        .collect()
}

fn hits_feed(
    base: &str,
    found: &SearchResults,
    title: String,
    home: String,
    atom_url: String,
    json_url: String,
    lang: Lang,
) -> Feed {
    let entries = hit_entries(base, found);
    Feed {
        id: atom_url.clone(),
        title,
        home,
        atom_url,
        json_url,
        language: lang.code().into(),
        updated: newest(&entries),
        entries,
        hub: None,
    }
}

/// `GET /vendor/{slug}/feed.atom|json`: one vendor's announcements, newest first.
pub async fn vendor(
    State(state): State<WebState>,
    Path(slug): Path<String>,
    Query(asked): Query<FeedLang>,
    request: HeaderMap,
    form: Form,
) -> Result<Response, AppError> {
    let lang = lang_of(&state, &asked);
    let base = state.settings.public_url.as_str();
    let found = state
        .db
        .searcher()
        .search(SearchParams {
            vendor: Some(slug.clone()),
            sort: Some("date".into()),
            ..Default::default()
        })
        .await?;
    // An unknown vendor is dropped from the query with a note; it has no feed.
    let Some(name) = found
        .facets
        .iter()
        .find(|f| f.slug == slug)
        .map(|f| f.name.clone())
    else {
        return Err(AppError::NotFound("no such vendor".into()));
    };
    let feed = hits_feed(
        base,
        &found,
        format!("Proofwire: {name}"),
        format!("{base}/search?vendor={slug}&sort=date"),
        format!("{base}/vendor/{slug}/feed.atom"),
        format!("{base}/vendor/{slug}/feed.json"),
        lang,
    );
    Ok(respond(&feed, form, &request))
}

/// `GET /sources.opml`: the enabled sources read from the web, a folder per vendor.
pub async fn sources_opml(State(state): State<WebState>) -> Result<Response, AppError> {
    let rows = state.store().sources().await?;
    // Local snapshot files are not for anyone else's reader.
    let listed: Vec<crate::ingest::opml::Listed<'_>> = rows
        .iter()
        .filter(|r| r.enabled && r.location.starts_with("http"))
        .map(|r| {
            let (url, kind) = crate::ingest::sources::split_described(&r.location);
            crate::ingest::opml::Listed {
                name: &r.name,
                vendor: &r.vendor,
                language: &r.language,
                url,
                kind,
            }
        })
        .collect();
    let created = chrono::Utc::now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let body = crate::ingest::opml::write("Proofwire sources", &created, &listed);
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/x-opml; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

/// The search page's filters as a query string (without sort and page).
fn query_string(p: &SearchParams) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("q", &p.q);
    for (key, value) in [
        ("vendor", &p.vendor),
        ("lang", &p.lang),
        ("status", &p.status),
        ("from", &p.from),
        ("to", &p.to),
    ] {
        if let Some(v) = value {
            q.append_pair(key, v);
        }
    }
    q.finish()
}

/// `GET /search.atom?q=…`, `GET /search.json?q=…`: a saved search, newest first, with the
/// search page's filters.
pub async fn search(
    State(state): State<WebState>,
    Query(params): Query<SearchParams>,
    request: HeaderMap,
    form: Form,
) -> Result<Response, AppError> {
    let lang = state.settings.default_lang;
    let base = state.settings.public_url.as_str();
    let query = query_string(&params);
    let found = state
        .db
        .searcher()
        .search(SearchParams {
            sort: Some("date".into()),
            page: None,
            ..params.clone()
        })
        .await?;
    let title = if params.q.trim().is_empty() {
        "Proofwire".to_string()
    } else {
        format!("Proofwire: {}", params.q.trim())
    };
    let feed = hits_feed(
        base,
        &found,
        title,
        format!("{base}/search?{query}&sort=date"),
        format!("{base}/search.atom?{query}"),
        format!("{base}/search.json?{query}"),
        lang,
    );
    Ok(respond(&feed, form, &request))
}
