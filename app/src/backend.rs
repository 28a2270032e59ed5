//! The seam between the UI and the server's storage. The server crate implements this trait
//! and provides it to every request as `Arc<dyn Backend>` context.

use std::sync::Arc;

use async_trait::async_trait;

use crate::ids::{ArticleId, ClaimId};
use crate::models::{
    ArchiveDay, Article, ClaimDetail, ClaimsPage, ClaimsQuery, Digest, EntityPage,
    EvidenceSourceStatus, ModelStatus, NamesToConfirm, SearchParams, SearchResults, SourceAdmin,
    SourceStatus, Viewer,
};

/// What a page may see of a back-end failure (the server logs the detail): the server
/// functions' own error, so nothing converts between the two.
pub use crate::page_error::PageError;

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The digest of a `YYYY-MM-DD` date, or of the latest date with articles when `None`.
    /// `Ok(None)` means there is nothing at all yet.
    async fn digest(&self, date: Option<String>) -> Result<Option<Digest>, PageError>;
    /// `debug`: include the sentences the grounding check dropped, if the server allows it.
    /// `debug`: show dropped summary sentences; honoured for editors only (`session`).
    async fn article(
        &self,
        id: ArticleId,
        debug: bool,
        session: Option<String>,
    ) -> Result<Article, PageError>;
    async fn sources(&self) -> Result<Vec<SourceStatus>, PageError>;
    /// For a signed-in editor (`session`): the form token and the latest source changes.
    async fn source_admin(&self, session: Option<String>)
        -> Result<Option<SourceAdmin>, PageError>;
    /// The evidence sources' last reads, by id.
    async fn evidence_sources(&self) -> Result<Vec<EvidenceSourceStatus>, PageError>;
    /// This replica's model: ready, paused or unavailable, and why.
    async fn model_status(&self) -> Result<ModelStatus, PageError>;
    /// The last ingestion rounds: started, finished, cut by a restart, resumed.
    async fn rounds(&self) -> Result<crate::models::RoundsView, PageError>;
    async fn archive(&self) -> Result<Vec<ArchiveDay>, PageError>;
    /// Never fails on what the user typed: bad input becomes notes in the results.
    async fn search(&self, params: SearchParams) -> Result<SearchResults, PageError>;
    /// Never fails on a bad filter: it becomes a note.
    async fn claims(&self, query: ClaimsQuery) -> Result<ClaimsPage, PageError>;
    /// For a signed-in editor (`session`): the claim subjects waiting for an answer.
    async fn names_to_confirm(
        &self,
        session: Option<String>,
    ) -> Result<Option<NamesToConfirm>, PageError>;
    /// `session`: the session cookie, if any; editors get their forms' CSRF token.
    async fn claim(&self, id: ClaimId, session: Option<String>) -> Result<ClaimDetail, PageError>;
    async fn viewer(&self, session: Option<String>) -> Result<Option<Viewer>, PageError>;
    /// A canonical model or benchmark (`kind` "model" or "benchmark"); unknown ids are NotFound.
    /// `session`: editors get the form's CSRF token.
    async fn entity(
        &self,
        kind: String,
        id: String,
        session: Option<String>,
    ) -> Result<EntityPage, PageError>;
    /// A fresh login-form token and the `Set-Cookie` value that carries it.
    fn login_token(&self) -> (String, String);
}

pub type SharedBackend = Arc<dyn Backend>;
