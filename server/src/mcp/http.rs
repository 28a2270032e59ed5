//! `/mcp`: the same read-only tools over MCP's streamable HTTP transport, mounted on the web
//! server behind the login. A request needs a live web session (the `pw_session` cookie) or a
//! reader-app token as `Authorization: Bearer …` (the one `POST /accounts/ClientLogin` issues);
//! anything else is a 401 before the MCP layer sees it. Stateless (no MCP session kept in a
//! replica's memory, so any replica behind a balancer answers any request) with plain JSON
//! answers. `Host` must name the site (`public_url`) or loopback, and a browser's `Origin`
//! must be the site's, so a page elsewhere cannot drive it through a visitor's cookie.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::Tools;
use crate::auth::{self, SESSION_COOKIE};
use crate::web::error::AppError;
use crate::web::WebState;

pub const PATH: &str = "/mcp";
/// A tool call's arguments are small; larger bodies are refused (413) before parsing.
const MAX_BODY: usize = 64 * 1024;

/// The `/mcp` route, to merge into the web router (`web::router_with`).
pub fn routes(state: &WebState) -> Router<WebState> {
    let backend = state.db.clone();
    let public_url = state.settings.public_url.clone();
    let config = transport_config(&public_url);
    let service = StreamableHttpService::new(
        move || Ok(Tools::new(backend.clone(), &public_url)),
        Arc::new(NeverSessionManager::default()),
        config,
    );
    Router::new()
        .route_service(PATH, service)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_login,
        ))
}

fn transport_config(public_url: &str) -> StreamableHttpServerConfig {
    let mut hosts = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    let mut origins = Vec::new();
    if let Ok(u) = url::Url::parse(public_url) {
        if let Some(host) = u.host_str() {
            hosts.push(host.to_string());
            if let Some(port) = u.port() {
                hosts.push(format!("{host}:{port}"));
            }
            let port = u.port_or_known_default().map(|p| format!(":{p}"));
            origins.push(format!(
                "{}://{host}{}",
                u.scheme(),
                port.unwrap_or_default()
            ));
        }
    }
    StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_allowed_hosts(hosts)
        .with_allowed_origins(origins)
        .enforce_origin_validation()
        .with_max_request_body_bytes(MAX_BODY)
}

/// The bearer token of `Authorization: Bearer …`, if that is what the header holds.
fn bearer(req: &Request<Body>) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Lets through a signed-in user or a reader-app token; answers 401 otherwise.
async fn require_login(
    State(state): State<WebState>,
    req: Request<Body>,
    next: Next,
) -> Result<Response, AppError> {
    let signed_in = match bearer(&req) {
        Some(token) => auth::reader_user(state.store(), token)
            .await
            .map(|u| u.is_some()),
        None => match app::functions::cookie_value(req.headers(), SESSION_COOKIE) {
            Some(token) => auth::session(state.store(), &token)
                .await
                .map(|u| u.is_some()),
            None => Ok(false),
        },
    };
    if signed_in? {
        Ok(next.run(req).await)
    } else {
        Err(AppError::BearerRequired)
    }
}
