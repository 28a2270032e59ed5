//! How a request fails: one type, `AppError`, for every handler — JSON API, HTML forms and
//! pages, reader apps — and every lower layer's error converts into it (`From`), so handlers
//! use `?`. The status and a message for people go out; internals (database errors, paths)
//! are logged here and never shown.
//!
//! How the failure is written is the handler's choice of return type, never a second path:
//! `AppError` answers JSON (`{"error": …}`); `HtmlError` (the same error, `?` converts into it
//! as well) answers the small HTML page a browser's form or link gets; the pages' server
//! functions get `PageError` (the app's, wasm-safe), converted from `AppError` here.

use std::time::Duration;

use app::page_error::PageError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::auth::AuthError;
use crate::briefing::subscribe::SubscribeError;
use crate::claims::ClaimError;
use crate::db::DbError;
use crate::greader::Malformed;
use crate::search::SearchError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after: Duration,
    },
    /// A reader app's token is missing or ended: the 401 with Google's header that apps take
    /// as "sign in again" (plain text, whichever way the error is written).
    #[error("Unauthorized")]
    BadReaderToken,
    /// A read-only API for signed-in users (`/mcp`) asked without a session or token: 401
    /// naming the bearer scheme.
    #[error("Sign in: send a session cookie, or a reader token (POST /accounts/ClientLogin) as Authorization: Bearer.")]
    BearerRequired,
    /// A page for signed-in users only, asked without a session: to the login page, which
    /// comes back to `next` (a same-site path).
    #[error("sign in first")]
    SignIn { next: &'static str },
    /// `what` names the thing that is unavailable ("the database", "search"); `detail` is
    /// logged.
    #[error("{what} is unavailable; see the server log")]
    Internal { what: &'static str, detail: String },
}

impl AppError {
    pub fn internal(what: &'static str, detail: impl std::fmt::Display) -> AppError {
        AppError::Internal {
            what,
            detail: detail.to_string(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthorized(_) | AppError::BadReaderToken | AppError::BearerRequired => {
                StatusCode::UNAUTHORIZED
            }
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::SignIn { .. } => StatusCode::SEE_OTHER,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs what must not be shown; returns what may.
    fn public(&self) -> String {
        if let AppError::Internal { what, detail } = self {
            tracing::error!(what, error = %detail, "request failed");
        }
        self.to_string()
    }

    /// The answers that are the same however the error is written.
    fn fixed(&self) -> Option<Response> {
        match self {
            AppError::BadReaderToken => Some(
                (
                    StatusCode::UNAUTHORIZED,
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("text/plain; charset=utf-8"),
                        ),
                        (
                            header::HeaderName::from_static("x-reader-google-bad-token"),
                            HeaderValue::from_static("true"),
                        ),
                    ],
                    "Unauthorized",
                )
                    .into_response(),
            ),
            AppError::SignIn { next } => {
                Some(super::session::see_other(&format!("/login?next={next}")))
            }
            _ => None,
        }
    }

    /// The headers some statuses carry.
    fn with_headers(&self, mut r: Response) -> Response {
        match self {
            AppError::TooManyRequests { retry_after, .. } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.as_secs().max(1).to_string()) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            AppError::BearerRequired => {
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"proofwire\""),
                );
            }
            _ => {}
        }
        r
    }

    /// The same failure as an HTML page, for browsers (forms, plain links).
    pub fn page(self) -> Response {
        if let Some(r) = self.fixed() {
            return r;
        }
        let r = super::session::page(self.status(), &self.public());
        self.with_headers(r)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Some(r) = self.fixed() {
            return r;
        }
        let r = (
            self.status(),
            Json(serde_json::json!({ "error": self.public() })),
        )
            .into_response();
        self.with_headers(r)
    }
}

/// An `AppError` written as an HTML page: what the handlers of browsers' forms and links
/// return. Anything that converts into `AppError` converts into this.
#[derive(Debug)]
pub struct HtmlError(pub AppError);

impl<E: Into<AppError>> From<E> for HtmlError {
    fn from(e: E) -> HtmlError {
        HtmlError(e.into())
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        self.0.page()
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        AppError::internal("the database", e)
    }
}

impl From<SearchError> for AppError {
    fn from(e: SearchError) -> AppError {
        AppError::internal("search", e)
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> AppError {
        AppError::internal("sign-in", e)
    }
}

impl From<ClaimError> for AppError {
    fn from(e: ClaimError) -> AppError {
        match e {
            ClaimError::NotFound => AppError::NotFound("There is no such claim.".into()),
            ClaimError::Invalid(m) => AppError::BadRequest(m),
            other => AppError::internal("the claim tracker", other),
        }
    }
}

impl From<SubscribeError> for AppError {
    fn from(e: SubscribeError) -> AppError {
        match e {
            e @ SubscribeError::TooMany => AppError::BadRequest(e.to_string()),
            SubscribeError::Db(e) => AppError::internal("your briefings", e),
        }
    }
}

/// A reader-app call that cannot be read: 400 naming the parameter.
impl From<Malformed> for AppError {
    fn from(e: Malformed) -> AppError {
        AppError::BadRequest(e.0)
    }
}

/// What the pages' back end failed with, for the JSON API that shares it.
impl From<PageError> for AppError {
    fn from(e: PageError) -> AppError {
        match e {
            PageError::NotFound => AppError::NotFound("not found".into()),
            PageError::Invalid(m) => AppError::BadRequest(m),
            // The back end logged the detail when it gave up.
            PageError::Server => AppError::internal("the data", "see the error logged before"),
        }
    }
}

/// A page learns the kind of failure only; the detail is logged here.
impl From<AppError> for PageError {
    fn from(e: AppError) -> PageError {
        match e {
            AppError::NotFound(_) => PageError::NotFound,
            AppError::BadRequest(m) => PageError::Invalid(m),
            other => {
                other.public();
                PageError::Server
            }
        }
    }
}

/// The lower layers' errors reach the pages' back end through `AppError` too (`?` converts
/// once, so each needs its own impl; they all go the one way).
macro_rules! to_page_error {
    ($($t:ty),*) => {$(
        impl From<$t> for PageError {
            fn from(e: $t) -> PageError {
                AppError::from(e).into()
            }
        }
    )*};
}
to_page_error!(DbError, SearchError, AuthError, ClaimError);

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(r: Response) -> String {
        let bytes = axum::body::to_bytes(r.into_body(), 1 << 16)
            .await
            .expect("body");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn internals_are_logged_not_shown() {
        let e = AppError::internal(
            "the claim",
            "no such table: claims at /var/lib/proofwire.db",
        );
        let r = e.into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            body(r).await,
            r#"{"error":"the claim is unavailable; see the server log"}"#
        );
        let limited = AppError::TooManyRequests {
            message: "wait".into(),
            retry_after: Duration::from_secs(90),
        }
        .page();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.headers()[header::RETRY_AFTER], "90");
    }

    #[tokio::test]
    async fn a_lower_layers_error_converts_and_hides_its_detail() {
        let e: AppError = DbError::Url("postgres://secret@10.0.0.1/db".into()).into();
        let page = HtmlError(e).into_response();
        assert_eq!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let text = body(page).await;
        assert!(text.contains("the database is unavailable"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        let p: PageError = DbError::Url("x".into()).into();
        assert_eq!(p, PageError::Server);
        let p: PageError = ClaimError::NotFound.into();
        assert_eq!(p, PageError::NotFound);
    }

    #[tokio::test]
    async fn fixed_answers_are_the_same_both_ways() {
        for r in [
            AppError::BadReaderToken.into_response(),
            AppError::BadReaderToken.page(),
        ] {
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(r.headers()["x-reader-google-bad-token"], "true");
            assert_eq!(body(r).await, "Unauthorized");
        }
        let r = HtmlError(AppError::SignIn { next: "/settings" }).into_response();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/login?next=/settings");
    }
}
