//! Server functions: called in-process during SSR, over HTTP after hydration.

use leptos::prelude::*;

use crate::ids::{ArticleId, ClaimId};
use crate::models::{
    ArchiveDay, Article, ClaimDetail, ClaimsPage, ClaimsQuery, Digest, EntityPage,
    EvidenceSourceStatus, ModelStatus, NamesToConfirm, SearchParams, SearchResults, SourceAdmin,
    SourceStatus, Viewer,
};

pub use crate::page_error::PageError;

#[cfg(feature = "ssr")]
fn backend() -> Result<crate::backend::SharedBackend, PageError> {
    use_context::<crate::backend::SharedBackend>().ok_or(PageError::Server)
}

#[server]
pub async fn get_digest(date: Option<String>) -> Result<Option<Digest>, PageError> {
    backend()?.digest(date).await
}

#[server]
pub async fn get_article(id: ArticleId, debug: bool) -> Result<Article, PageError> {
    backend()?.article(id, debug, cookie("pw_session")).await
}

#[server]
pub async fn get_sources() -> Result<Vec<SourceStatus>, PageError> {
    backend()?.sources().await
}

#[server]
pub async fn get_source_admin() -> Result<Option<SourceAdmin>, PageError> {
    backend()?.source_admin(cookie("pw_session")).await
}

#[server]
pub async fn get_archive() -> Result<Vec<ArchiveDay>, PageError> {
    backend()?.archive().await
}

#[server]
pub async fn search_posts(params: SearchParams) -> Result<SearchResults, PageError> {
    backend()?.search(params).await
}

/// The value of a request cookie (SSR: the page request; after hydration: the server-fn call).
#[cfg(feature = "ssr")]
fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie_value(&parts.headers, name)
}

#[cfg(feature = "ssr")]
pub use crate::cookies::cookie_value;

#[server]
pub async fn get_claims(query: ClaimsQuery) -> Result<ClaimsPage, PageError> {
    backend()?.claims(query).await
}

#[server]
pub async fn get_names_to_confirm() -> Result<Option<NamesToConfirm>, PageError> {
    backend()?.names_to_confirm(cookie("pw_session")).await
}

#[server]
pub async fn get_model_status() -> Result<ModelStatus, PageError> {
    backend()?.model_status().await
}

#[server]
pub async fn get_rounds() -> Result<crate::models::RoundsView, PageError> {
    backend()?.rounds().await
}

#[server]
pub async fn get_evidence_sources() -> Result<Vec<EvidenceSourceStatus>, PageError> {
    backend()?.evidence_sources().await
}

#[server]
pub async fn get_entity(kind: String, id: String) -> Result<EntityPage, PageError> {
    backend()?.entity(kind, id, cookie("pw_session")).await
}

/// Who is signed in (None for readers); editors' forms need its CSRF token.
#[server]
pub async fn get_viewer() -> Result<Option<Viewer>, PageError> {
    backend()?.viewer(cookie("pw_session")).await
}

#[server]
pub async fn get_claim(id: ClaimId) -> Result<ClaimDetail, PageError> {
    backend()?.claim(id, cookie("pw_session")).await
}

/// The login page's state: who is signed in, and a fresh form token (also set as a cookie:
/// the form must echo it, which a cross-site page cannot do).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoginState {
    pub viewer: Option<Viewer>,
    pub token: String,
}

#[server]
pub async fn get_login() -> Result<LoginState, PageError> {
    let backend = backend()?;
    let viewer = backend.viewer(cookie("pw_session")).await?;
    let (token, set_cookie) = backend.login_token();
    if let (Some(opts), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&set_cookie),
    ) {
        opts.append_header(http::header::SET_COOKIE, value);
    }
    Ok(LoginState { viewer, token })
}
