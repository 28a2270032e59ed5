//! Server functions: called in-process during SSR, over HTTP after hydration.

use leptos::prelude::*;

use crate::models::{ArchiveDay, Article, Digest, SearchParams, SearchResults, SourceStatus};

/// Errors a page can show. Deliberately coarse: internals are logged, never sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("server error")]
    Server,
}

impl leptos::server_fn::error::FromServerFnError for PageError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(_: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        PageError::Server
    }
}

#[cfg(feature = "ssr")]
fn backend() -> Result<crate::backend::SharedBackend, PageError> {
    use_context::<crate::backend::SharedBackend>().ok_or(PageError::Server)
}

#[cfg(feature = "ssr")]
impl From<crate::backend::BackendError> for PageError {
    fn from(e: crate::backend::BackendError) -> Self {
        use crate::backend::BackendError as B;
        match e {
            B::NotFound => PageError::NotFound,
            B::Invalid(m) => PageError::Invalid(m),
            B::Internal => PageError::Server,
        }
    }
}

#[server]
pub async fn get_digest(date: Option<String>) -> Result<Option<Digest>, PageError> {
    Ok(backend()?.digest(date).await?)
}

#[server]
pub async fn get_article(id: i64, debug: bool) -> Result<Article, PageError> {
    Ok(backend()?.article(id, debug).await?)
}

#[server]
pub async fn get_sources() -> Result<Vec<SourceStatus>, PageError> {
    Ok(backend()?.sources().await?)
}

#[server]
pub async fn get_archive() -> Result<Vec<ArchiveDay>, PageError> {
    Ok(backend()?.archive().await?)
}

#[server]
pub async fn search_posts(params: SearchParams) -> Result<SearchResults, PageError> {
    Ok(backend()?.search(params).await?)
}
