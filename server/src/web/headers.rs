//! Security headers. Pages get a Content-Security-Policy whose script source is a nonce made
//! for that one response (Leptos puts it on its hydration script); every other response gets a
//! policy that allows nothing to run. Nothing may frame the site. Responses to a signed-in
//! editor, and the login page, carry tokens and are never cached.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;

/// For everything that is not a rendered page: error pages, feeds, JSON, static files.
pub const DEFAULT_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// A page's policy: scripts only from this site or carrying `nonce`; WebAssembly may compile
/// (hydration); inline `style` attributes are allowed (the charts use them), inline scripts
/// are not.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the nonce of the page being rendered (leptos_axum makes one per request) in the
/// response's policy.
pub fn provide_page_nonce() {
    if leptos::nonce::use_nonce().is_none() {
        leptos::nonce::provide_nonce();
    }
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce)) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// The policy that lets nothing run, on every response that does not set its own, except a
/// 304: a 304 updates the headers of the page the browser kept, whose own policy names the
/// nonce in its body, and replacing that policy would stop the page's scripts.
pub async fn default_csp(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() != axum::http::StatusCode::NOT_MODIFIED
        && !res.headers().contains_key(header::CONTENT_SECURITY_POLICY)
    {
        res.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    res
}

/// `Cache-Control: no-store` when the request carries a session (the page holds the editor's
/// CSRF token) or is the login page (its form token).
pub async fn no_store_for_sessions(req: Request<Body>, next: Next) -> Response {
    let private = req.uri().path() == "/login"
        || app::functions::cookie_value(req.headers(), crate::auth::SESSION_COOKIE).is_some();
    let mut res = next.run(req).await;
    if private {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
