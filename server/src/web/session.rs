//! `/auth/login` and `/auth/logout`, and the request plumbing every state-changing handler
//! shares: reading a form body, cookies, and the session + Origin + CSRF check behind the
//! `SignedIn` and `Editor` extractors (`signed_in.rs`).

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::error::{AppError, HtmlError};
use super::WebState;
use crate::auth::{self, SessionUser, LOGIN_COOKIE, SESSION_COOKIE};

/// Forms are small; anything larger is refused before parsing.
const MAX_FORM_BYTES: usize = 64 * 1024;

pub struct Form {
    pub headers: HeaderMap,
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn get(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// Reads an `application/x-www-form-urlencoded` body.
pub async fn read_form(req: Request<Body>) -> Result<Form, HtmlError> {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return Err(AppError::PayloadTooLarge("The form is too large.".into()).into());
    };
    let pairs = url::form_urlencoded::parse(&bytes).into_owned().collect();
    Ok(Form {
        headers: parts.headers,
        pairs,
    })
}

pub use app::functions::cookie_value as cookie;

/// A small self-contained page for refusals and form errors (no feed data in it).
/// The HTML page of a failure (`AppError::page` is how handlers reach it).
pub(super) fn page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/proofwire.css\"></head><body><main class=\"page\">\
         <section class=\"empty\"><h1>{}</h1><p class=\"form-error\">{}</p>\
         <p><a href=\"javascript:history.back()\">Back</a> · <a href=\"/claims\">Claims</a></p>\
         </section></main></body></html>",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
        crate::feeds::html(message)
    );
    (status, Html(body)).into_response()
}

pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// A cross-site form post carries the other site's Origin; refuse it before anything else.
fn foreign_origin(headers: &HeaderMap) -> bool {
    let (Some(origin), Some(host)) = (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) else {
        return false;
    };
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    origin != "null" && origin_host != host
}

/// The signed-in user (editor or not) behind a state-changing form, after the Origin and CSRF
/// checks; otherwise the 403 to send. The `SignedIn` and `Editor` extractors are its callers.
pub(super) async fn require_signed_in(
    state: &WebState,
    form: &Form,
) -> Result<SessionUser, HtmlError> {
    if foreign_origin(&form.headers) {
        return Err(AppError::Forbidden("This form was sent from another site.".into()).into());
    }
    let Some(token) = cookie(&form.headers, SESSION_COOKIE) else {
        return Err(AppError::Forbidden(
            "Only signed-in users can make changes. Log in at /login.".into(),
        )
        .into());
    };
    let Some(user) = auth::session(state.store(), &token).await? else {
        return Err(
            AppError::Forbidden("Your session has ended. Log in again at /login.".into()).into(),
        );
    };
    let sent = form.get("csrf").unwrap_or_default();
    if !auth::same_token(&sent, &user.csrf) {
        return Err(stale_token());
    }
    Ok(user)
}

fn stale_token() -> HtmlError {
    AppError::Forbidden(
        "The form's security token is missing or out of date; reload the page and try again."
            .into(),
    )
    .into()
}

fn session_cookie(state: &WebState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("pw_session=; Path=/; Max-Age=0"))
}

/// Counts a login attempt for `name` from `client` (editors' and reader apps' alike): the
/// user's limiter key and the attempt, or the answer when there were too many failures.
pub(super) async fn begin_attempt(
    state: &WebState,
    name: &str,
    client: Option<std::net::IpAddr>,
) -> Result<(String, auth::Attempt), AppError> {
    let user_key = format!("user:{}", name.to_lowercase());
    let keys: Vec<String> = std::iter::once(user_key.clone())
        .chain(client.map(super::client::limiter_key))
        .collect();
    match state.limiter.begin(&keys).await? {
        Ok(attempt) => Ok((user_key, attempt)),
        Err(wait) => Err(AppError::TooManyRequests {
            message: format!(
                "Too many failed logins. Try again in {} minutes.",
                wait.as_secs().div_ceil(60).max(1)
            ),
            retry_after: wait,
        }),
    }
}

pub async fn login(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, HtmlError> {
    let (parts, body) = req.into_parts();
    let client = super::client::address(&parts, &state.settings.trusted_proxies);
    let form = read_form(Request::from_parts(parts, body)).await?;
    if foreign_origin(&form.headers) {
        return Err(AppError::Forbidden("This form was sent from another site.".into()).into());
    }
    let expected = cookie(&form.headers, LOGIN_COOKIE).unwrap_or_default();
    let sent = form.get("token").unwrap_or_default();
    if expected.is_empty() || !auth::same_token(&sent, &expected) {
        return Err(AppError::Forbidden(
            "The login form has expired or was not sent from this site; open /login again.".into(),
        )
        .into());
    }
    let name = form.get("name").unwrap_or_default();
    let password = form.get("password").unwrap_or_default();
    let (user_key, attempt) = begin_attempt(&state, &name, client).await?;
    match auth::login(state.store(), &state.password_checks, &name, &password).await? {
        Some(token) => {
            if let Err(e) = state.limiter.succeed(&user_key, attempt).await {
                tracing::error!(error = %e, "recording a successful login");
            }
            tracing::info!(user = %name, "editor logged in");
            let mut r = see_other(super::redirect::same_site_path(
                form.get("next").as_deref(),
                "/claims",
            ));
            let h = r.headers_mut();
            h.append(
                header::SET_COOKIE,
                session_cookie(&state, &token, 14 * 24 * 3600),
            );
            h.append(
                header::SET_COOKIE,
                HeaderValue::from_static("pw_login=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
            );
            Ok(r)
        }
        None => {
            tracing::warn!(user = %name, "failed login");
            Err(AppError::Unauthorized("Wrong user name or password.".into()).into())
        }
    }
}

pub async fn logout(
    State(state): State<WebState>,
    req: Request<Body>,
) -> Result<Response, HtmlError> {
    let form = read_form(req).await?;
    let Some(token) = cookie(&form.headers, SESSION_COOKIE) else {
        return Ok(see_other("/"));
    };
    // Logging out is a state change too: a cross-site page must not be able to do it.
    let user = auth::session(state.store(), &token).await.ok().flatten();
    if let Some(u) = &user {
        let sent = form.get("csrf").unwrap_or_default();
        if foreign_origin(&form.headers) || !auth::same_token(&sent, &u.csrf) {
            return Err(stale_token());
        }
    }
    if let Err(e) = auth::logout(state.store(), &token).await {
        tracing::error!(error = %e, "logout failed");
    }
    let mut r = see_other("/");
    r.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(r)
}
