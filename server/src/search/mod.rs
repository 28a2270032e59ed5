//! Full-text search over past announcements: a tantivy index derived from the database.
//!
//! - [`analyzer`]: one analyzer for English (stemmed) and Korean/CJK (bigrams).
//! - [`query`]: the lenient query syntax and its notes.
//! - [`index`]: schema, writer, readers, query execution, highlighting.
//! - [`sync`]: catch-up, rebuild, and the start-up check.
//!
//! [`Search`] answers the search page and `GET /api/search`.

pub mod analyzer;
mod collect;
mod facets;
pub mod index;
mod owned_dir;
mod phrase;
pub mod query;
mod respell;
pub mod sync;
mod windows;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use app::ids::ArticleId;
use app::models::{
    Fragment, NoteKind, QueryNote, SearchHit, SearchParams, SearchResults, Suggestion, VendorFacet,
};
use chrono_tz::Tz;

use crate::dates::{day_bounds, parse_date};
use crate::db::Store;
use index::{slug, HitText, Request};

pub use index::{IndexDoc, SearchIndex};
pub use windows::derive_common as common_terms;

pub const PER_PAGE: u32 = 10;
/// Deeper pages than this are not served: nobody reads result 1,000, and deep offsets cost.
pub const MAX_PAGE: u32 = 100;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the search index is in use by another Proofwire process (a running server?)")]
    Locked,
    #[error("the search index on disk has an unexpected schema")]
    Schema,
    #[error("unreadable search index metadata: {0}")]
    Payload(String),
    #[error("cannot prepare the search index directory {0}: {1}")]
    Io(String, std::io::Error),
    #[error("database error while indexing: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("search task failed: {0}")]
    Task(String),
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Tantivy(e.into())
    }
}

#[derive(Clone)]
pub struct Search {
    index: Arc<SearchIndex>,
    store: Store,
    tz: Tz,
}

/// The filters of a request after checking them; bad ones become notes.
struct Filters {
    vendor: Option<String>,
    lang: Option<String>,
    status: Option<String>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    sort_by_date: bool,
    page: u32,
}

fn note(kind: NoteKind, detail: impl Into<String>) -> QueryNote {
    QueryNote {
        kind,
        detail: detail.into(),
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Search {
    pub fn new(index: Arc<SearchIndex>, store: Store, tz: Tz) -> Search {
        Search { index, store, tz }
    }

    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Reads the filter parameters; anything unreadable is dropped from `params` and noted.
    fn filters(&self, params: &mut SearchParams, notes: &mut Vec<QueryNote>) -> Filters {
        let vendor = nonempty(&params.vendor).map(slug).filter(|s| !s.is_empty());
        params.vendor = vendor.clone();
        let lang = match nonempty(&params.lang).map(str::to_lowercase) {
            Some(l) if l == "en" || l == "ko" => Some(l),
            Some(other) => {
                notes.push(note(NoteKind::BadFilter, format!("lang={other}")));
                None
            }
            None => None,
        };
        params.lang = lang.clone();
        let status = match nonempty(&params.status).map(index::status_key) {
            Some(st) if crate::claims::Status::parse(&st).is_some() => Some(st),
            Some(other) => {
                notes.push(note(NoteKind::BadFilter, format!("status={other}")));
                None
            }
            None => None,
        };
        params.status = status.clone();
        let mut date = |name: &str, v: &mut Option<String>, end: bool| {
            let text = nonempty(v)?.to_string();
            match parse_date(&text) {
                Some(d) => {
                    let (start, next) = day_bounds(d, self.tz);
                    Some(if end { next } else { start })
                }
                None => {
                    notes.push(note(NoteKind::BadFilter, format!("{name}={text}")));
                    *v = None;
                    None
                }
            }
        };
        let from = date("from", &mut params.from, false);
        let until = date("to", &mut params.to, true);
        let sort_by_date = match nonempty(&params.sort) {
            None | Some("relevance") => false,
            Some("date") => true,
            Some(other) => {
                notes.push(note(NoteKind::BadFilter, format!("sort={other}")));
                false
            }
        };
        params.sort = sort_by_date.then(|| "date".to_string());
        let page = params.page.unwrap_or(1).max(1);
        let page = if page > MAX_PAGE {
            notes.push(note(NoteKind::PageOutOfRange, MAX_PAGE.to_string()));
            MAX_PAGE
        } else {
            page
        };
        params.page = Some(page);
        Filters {
            vendor,
            lang,
            status,
            from,
            until,
            sort_by_date,
            page,
        }
    }

    pub async fn search(&self, mut params: SearchParams) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let parsed = query::parse(&params.q);
        let mut notes = parsed.notes.clone();
        let f = self.filters(&mut params, &mut notes);
        let ix = self.index.clone();
        let offset = ((f.page - 1) * PER_PAGE) as usize;
        let vendor = f.vendor.clone();
        let lang = f.lang.clone();
        let status = f.status.clone();
        let (from, until, by_date) = (f.from, f.until, f.sort_by_date);
        let parsed_for_search = parsed.clone();
        let found = tokio::task::spawn_blocking(move || {
            ix.search(&Request {
                query: &parsed_for_search,
                vendor: vendor.as_deref(),
                lang: lang.as_deref(),
                status: status.as_deref(),
                from,
                until,
                sort_by_date: by_date,
                offset,
                limit: PER_PAGE as usize,
                facets: true,
                snippets: true,
            })
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
        for text in &found.unsearchable {
            notes.push(note(NoteKind::NoWords, text.clone()));
        }
        let ids: Vec<ArticleId> = found.hits.iter().map(|(id, _)| *id).collect();
        let rows = self.rows(&ids).await?;
        // Marking analyzes every hit's texts: off the async threads, on the search threads.
        let order: Vec<(ArticleId, f32)> = found
            .hits
            .iter()
            .filter(|(id, _)| rows.contains_key(id))
            .copied()
            .collect();
        let (rows, marked) = match found.highlighter {
            Some(mut h) => {
                let order = order.clone();
                tokio::task::spawn_blocking(move || {
                    let texts: Vec<HitText<'_>> = order
                        .iter()
                        .filter_map(|(id, _)| rows.get(id))
                        .map(|r| HitText {
                            title: &r.title,
                            summary: &r.summary,
                            text: &r.text,
                        })
                        .collect();
                    let marked = h.mark_page(&texts, 240);
                    (rows, Some(marked))
                })
                .await
                .map_err(|e| SearchError::Task(e.to_string()))?
            }
            None => (rows, None),
        };
        let mut marked = marked.map(Vec::into_iter);
        let mut hits = Vec::with_capacity(order.len());
        for (id, score) in &order {
            // Hits gone from the database were left out above (the next catch-up removes them).
            let Some(row) = rows.get(id) else {
                continue;
            };
            let (title, passage) = match marked.as_mut().and_then(Iterator::next) {
                Some(m) => (m.title, m.passage),
                None => (None, None),
            };
            let title = title.unwrap_or_else(|| plain(&row.title));
            let snippet = passage.unwrap_or_else(|| plain(&lead(&row.summary, &row.text)));
            hits.push(SearchHit {
                article_id: *id,
                vendor: row.vendor.clone(),
                vendor_slug: slug(&row.vendor),
                title,
                url: row.url.clone(),
                published_at: crate::dates::local_time(row.published_at, self.tz),
                language: row.language.clone(),
                snippet,
                score: *score,
                statuses: row.statuses.clone(),
            });
        }
        if found.total > 0 && hits.is_empty() && f.page > 1 {
            let last = found.total.div_ceil(PER_PAGE as u64) as u32;
            notes.push(note(
                NoteKind::PageOutOfRange,
                last.min(MAX_PAGE).to_string(),
            ));
        }
        let facets = found
            .facets
            .into_iter()
            .map(|(name, count)| VendorFacet {
                slug: slug(&name),
                name,
                count,
            })
            .collect();
        let suggestions = if found.total == 0 {
            self.suggest(&params, &parsed).await?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            total: found.total,
            page: f.page,
            per_page: PER_PAGE,
            hits,
            facets,
            notes,
            suggestions,
            params,
            took_ms: {
                let took = started.elapsed().as_secs_f64();
                metrics::histogram!("proofwire_search_duration_seconds").record(took);
                took * 1000.0
            },
        })
    }

    /// Ways out of an empty result: drop a filter, fix a spelling, accept any word.
    async fn suggest(
        &self,
        params: &SearchParams,
        parsed: &query::ParsedQuery,
    ) -> Result<Vec<Suggestion>, SearchError> {
        let mut out = Vec::new();
        let base = SearchParams {
            page: None,
            ..params.clone()
        };
        if params.vendor.is_some() {
            out.push(Suggestion::DropFilter(
                "vendor".into(),
                SearchParams {
                    vendor: None,
                    ..base.clone()
                },
            ));
        }
        if params.lang.is_some() {
            out.push(Suggestion::DropFilter(
                "lang".into(),
                SearchParams {
                    lang: None,
                    ..base.clone()
                },
            ));
        }
        if params.status.is_some() {
            out.push(Suggestion::DropFilter(
                "status".into(),
                SearchParams {
                    status: None,
                    ..base.clone()
                },
            ));
        }
        if params.from.is_some() || params.to.is_some() {
            out.push(Suggestion::DropFilter(
                "date".into(),
                SearchParams {
                    from: None,
                    to: None,
                    ..base.clone()
                },
            ));
        }
        let words: Vec<String> = parsed
            .positive_atoms()
            .filter(|a| !a.phrase && a.scope == query::Scope::Text)
            .map(|a| a.text.clone())
            .collect();
        if !words.is_empty() {
            let ix = self.index.clone();
            let w = words.clone();
            let respelled = tokio::task::spawn_blocking(move || ix.respell(&w))
                .await
                .map_err(|e| SearchError::Task(e.to_string()))??;
            if respelled.iter().any(|(_, s)| s.is_some()) {
                let mut q = params.q.clone();
                let mut shown = Vec::new();
                for (word, fix) in &respelled {
                    if let Some(fix) = fix {
                        q = replace_word(&q, word, fix);
                        shown.push(fix.clone());
                    }
                }
                out.push(Suggestion::Spelling(
                    shown.join(" "),
                    SearchParams { q, ..base.clone() },
                ));
            }
        }
        if parsed.clauses.len() > 1 && parsed.clauses.iter().all(|c| matches!(c, query::Clause::Any(a) if a.len() == 1 && !a[0].phrase && a[0].scope == query::Scope::Text)) {
            let q = words.join(" OR ");
            out.push(Suggestion::AnyWord(SearchParams { q, ..base }));
        }
        Ok(out)
    }

    async fn rows(&self, ids: &[ArticleId]) -> Result<HashMap<ArticleId, HitRow>, SearchError> {
        let rows = self.store.search_docs(ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    r.id,
                    HitRow {
                        statuses: sync::statuses(&r.statuses),
                        title: r.title,
                        url: r.url,
                        vendor: r.vendor,
                        language: r.language,
                        published_at: r.published_at,
                        text: r.content_text,
                        summary: r.summary,
                    },
                )
            })
            .collect())
    }
}

struct HitRow {
    title: String,
    url: String,
    vendor: String,
    language: String,
    published_at: chrono::DateTime<chrono::Utc>,
    text: String,
    summary: String,
    statuses: Vec<String>,
}

fn plain(text: &str) -> Vec<Fragment> {
    vec![Fragment {
        text: text.to_string(),
        mark: false,
    }]
}

/// The start of the summary (or of the text), cut at a word boundary near 240 characters.
fn lead(summary: &str, text: &str) -> String {
    let src = if summary.trim().is_empty() {
        text
    } else {
        summary
    };
    if src.chars().count() <= 240 {
        return src.to_string();
    }
    let cut: String = src.chars().take(240).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > 160 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

/// Replaces whole-word occurrences of `word` in `q` (case-insensitively) with `with`.
fn replace_word(q: &str, word: &str, with: &str) -> String {
    q.split(' ')
        .map(|w| {
            if w.eq_ignore_ascii_case(word) {
                with.to_string()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
