//! How a request fails: one type for every handler. The status and a message for people go
//! out; internals (database errors, paths) are logged here and never shown. JSON by default
//! (`IntoResponse`), an HTML page for browser forms and links (`AppError::page`).

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

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
    /// `what` names the thing that is unavailable ("the claim", "search"); `detail` is logged.
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
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
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

    fn with_retry_after(&self, mut r: Response) -> Response {
        if let AppError::TooManyRequests { retry_after, .. } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after.as_secs().max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        r
    }

    /// The same failure as an HTML page, for browsers (forms, plain links).
    pub fn page(self) -> Response {
        let r = super::session::page(self.status(), &self.public());
        self.with_retry_after(r)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let r = (
            self.status(),
            Json(serde_json::json!({ "error": self.public() })),
        )
            .into_response();
        self.with_retry_after(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internals_are_logged_not_shown() {
        let e = AppError::internal(
            "the claim",
            "no such table: claims at /var/lib/proofwire.db",
        );
        let r = e.into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(r.into_body(), 1 << 16)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&body);
        assert_eq!(
            text,
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
}
