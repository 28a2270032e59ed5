//! `PageError`: what a page may learn of a failure, the server functions' error and the
//! `Backend` trait's. Deliberately coarse: internals are logged on the server, never sent.

/// Errors a page can show.
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
