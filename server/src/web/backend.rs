//! The database-backed implementation of the UI's `Backend` trait.

use app::backend::{Backend, BackendError};
use app::models::{ArchiveDay, Article, Digest, SearchParams, SearchResults, SourceStatus};
use async_trait::async_trait;
use chrono_tz::Tz;

use crate::digest::{build_article, build_digest, group_by_date, local_rfc3339, parse_date};
use crate::search::Search;
use crate::store::{Store, StoreError};

pub struct DbBackend {
    store: Store,
    tz: Tz,
    search: Search,
    /// The digest language: the one model lead paragraphs are written in.
    lead_language: String,
    debug_view: bool,
}

impl DbBackend {
    pub fn new(
        store: Store,
        tz: Tz,
        search: Search,
        lead_language: &str,
        debug_view: bool,
    ) -> DbBackend {
        DbBackend {
            store,
            tz,
            search,
            lead_language: lead_language.to_string(),
            debug_view,
        }
    }
}

/// Logs the detail; the page only learns that something went wrong.
fn internal(e: StoreError) -> BackendError {
    tracing::error!(error = %e, "storage error while serving a page");
    BackendError::Internal
}

#[async_trait]
impl Backend for DbBackend {
    async fn digest(&self, date: Option<String>) -> Result<Option<Digest>, BackendError> {
        let date = match date {
            Some(s) => Some(
                parse_date(&s)
                    .ok_or_else(|| BackendError::Invalid(format!("{s:?} is not a date")))?,
            ),
            None => None,
        };
        build_digest(&self.store, self.tz, date, &self.lead_language)
            .await
            .map_err(internal)
    }

    async fn article(&self, id: i64, debug: bool) -> Result<Article, BackendError> {
        build_article(&self.store, self.tz, id, debug && self.debug_view)
            .await
            .map_err(internal)?
            .ok_or(BackendError::NotFound)
    }

    async fn sources(&self) -> Result<Vec<SourceStatus>, BackendError> {
        let rows = self.store.sources().await.map_err(internal)?;
        let tz = self.tz;
        let local = move |t: Option<String>| t.map(|t| local_rfc3339(&t, tz));
        Ok(rows
            .into_iter()
            .map(|r| SourceStatus {
                id: r.id,
                name: r.name,
                vendor: r.vendor,
                location: r.location,
                language: r.language,
                enabled: r.enabled,
                last_fetch_at: local(r.last_fetch_at),
                last_success_at: local(r.last_success_at),
                last_outcome: r.last_outcome,
                last_error: r.last_error,
                failures: r.failures,
                next_attempt_at: local(r.next_attempt_at),
                entry_count: r.entry_count,
            })
            .collect())
    }

    async fn archive(&self) -> Result<Vec<ArchiveDay>, BackendError> {
        let times = self.store.all_published().await.map_err(internal)?;
        Ok(group_by_date(&times, self.tz))
    }

    async fn search(&self, params: SearchParams) -> Result<SearchResults, BackendError> {
        self.search.search(params).await.map_err(|e| {
            tracing::error!(error = %e, "search failed");
            BackendError::Internal
        })
    }
}
