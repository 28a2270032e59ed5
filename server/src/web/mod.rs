//! The HTTP surface: Leptos pages and server functions, `/healthz`, the language switch, and
//! the built site's static files.

mod actions;
pub mod assets;
mod backend;
mod briefings;
mod claims_api;
mod client;
pub mod error;
mod feeds;
use feeds::Form;
mod greader;
mod headers;
mod lang;
pub mod listen;
pub mod openapi;
mod page_cache;
mod page_version;
mod redirect;
mod render_pool;
mod session;
mod signed_in;
mod websub;

use std::path::Path;
use std::sync::Arc;

use app::backend::{Backend, SharedBackend};
use app::i18n::DefaultLang;
use app::models::SearchParams;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{FromRef, Query, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderValue, Request};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Json;
use axum::Router;
use chrono_tz::Tz;
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

pub use backend::DbBackend;

use crate::auth::LoginLimiter;
use crate::db::Store;
use crate::search::Search;

/// What the web layer needs from the configuration.
#[derive(Clone, Debug)]
pub struct WebSettings {
    pub tz: Tz,
    pub default_lang: app::i18n::Lang,
    pub debug_view: bool,
    /// Absolute base for links in feeds and JSON-LD, without a trailing slash.
    pub public_url: String,
    pub secure_cookies: bool,
    /// Login attempts allowed per user name in `login_window` (successes are not counted).
    pub login_max_failures: usize,
    /// Login attempts allowed per client address in `login_window`.
    pub login_max_per_address: usize,
    pub login_window: std::time::Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Password checks at once.
    pub password_checks: usize,
    /// Time one request may take.
    pub request_timeout: std::time::Duration,
    /// Digest pages served from memory per content version.
    pub page_cache: bool,
    /// Threads rendering pages apart from the async workers (0: none).
    pub render_threads: usize,
    /// `local` or `openai`, as configured.
    pub model_backend: String,
    /// What this process's model is doing; the serve command updates it.
    pub model: crate::summarize::status::StatusHandle,
    /// Days to translate first; a digest page still partly in the other language moves its
    /// day to the front (the serve command gives the same queue to the model worker).
    pub translations: crate::translate::queue::TranslationQueue,
    /// The WebSub hub our digest feeds name (`websub.hub`), if any.
    pub websub_hub: Option<String>,
    /// Whether hubs can reach us (`websub.callback_url` is set): without it sources are
    /// polled only, and `/sources` says so.
    pub websub_callbacks: bool,
    /// The lease assumed when a hub's verification names none.
    pub websub_lease_seconds: u64,
    /// The largest push body taken (`fetch.max_body_bytes`); a larger one is refused (413).
    pub websub_max_body: u64,
    /// An SMTP server is configured: email briefings may be subscribed to.
    pub briefing_email: bool,
}

impl WebSettings {
    pub fn from_config(
        config: &crate::config::Config,
    ) -> Result<WebSettings, crate::config::ConfigError> {
        Ok(WebSettings {
            tz: config.tz()?,
            default_lang: config.lang()?,
            debug_view: config.summarizer.debug_view,
            public_url: config.public_url.trim_end_matches('/').to_string(),
            secure_cookies: config.secure_cookies,
            login_max_failures: 5,
            login_max_per_address: 20,
            login_window: std::time::Duration::from_secs(15 * 60),
            trusted_proxies: config.server.trusted_proxies.clone(),
            password_checks: config.server.password_checks,
            request_timeout: std::time::Duration::from_secs(config.server.request_timeout_secs),
            page_cache: config.server.page_cache,
            render_threads: config.server.render_threads,
            model_backend: config.summarizer.backend.clone(),
            model: Default::default(),
            translations: Default::default(),
            websub_hub: Some(config.websub.hub.clone()).filter(|h| !h.is_empty()),
            websub_callbacks: !config.websub.callback_url.is_empty(),
            websub_lease_seconds: config.websub.lease_seconds,
            websub_max_body: config.fetch.max_body_bytes,
            briefing_email: config.briefing.smtp_configured(),
        })
    }
}

#[derive(Clone, FromRef)]
pub struct WebState {
    pub leptos_options: LeptosOptions,
    pub default_lang: DefaultLang,
    /// The one handle on storage and search: pages reach it as their `Backend`, handlers
    /// through `store()` and its own methods.
    pub db: Arc<DbBackend>,
    pub settings: Arc<WebSettings>,
    pub limiter: Arc<LoginLimiter>,
    pub password_checks: Arc<tokio::sync::Semaphore>,
    pub page_cache: page_cache::PageCache,
    /// Set by the serve command's signal handler; health checks answer 503 once it begins.
    pub drain: crate::drain::Drain,
    /// Finished days' top stories as reader-app items, built once per version of their day.
    pub greader_days: greader::TopDays,
}

impl WebState {
    pub fn new(
        store: Store,
        search: Search,
        settings: WebSettings,
        leptos_options: LeptosOptions,
    ) -> WebState {
        let db = Arc::new(DbBackend::new(store.clone(), search, &settings));
        let limiter = Arc::new(LoginLimiter::new(
            store.clone(),
            settings.login_max_failures,
            settings.login_max_per_address,
            settings.login_window,
        ));
        WebState {
            leptos_options,
            default_lang: DefaultLang(settings.default_lang),
            db,
            limiter,
            password_checks: Arc::new(tokio::sync::Semaphore::new(settings.password_checks.max(1))),
            page_cache: page_cache::PageCache::new(settings.page_cache),
            settings: Arc::new(settings),
            drain: Default::default(),
            greader_days: Default::default(),
        }
    }

    /// The drain the serve command begins on SIGTERM.
    pub fn with_drain(mut self, drain: crate::drain::Drain) -> WebState {
        self.drain = drain;
        self
    }

    /// The database, as the back end holds it.
    pub fn store(&self) -> &Store {
        self.db.store()
    }

    fn context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let backend: SharedBackend = self.db.clone();
        let lang = self.default_lang;
        move || {
            provide_context(backend.clone());
            provide_context(lang);
            headers::provide_page_nonce();
        }
    }
}

async fn server_fn_handler(State(state): State<WebState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(state.context(), req).await
}

/// `GET /api/search`: the search page's results as JSON (see the README for the fields).
#[utoipa::path(
    get,
    path = "/api/search",
    params(SearchParams),
    responses(
        (status = 200, description = "One page of results; unreadable parameters become notes", body = app::models::SearchResults),
        (status = 500, description = "The search index is unavailable", body = openapi::ApiError),
    )
)]
async fn search_api(
    State(state): State<WebState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<app::models::SearchResults>, error::AppError> {
    Ok(Json(state.db.search(params).await?))
}

/// `GET /healthz`: "ok", or 503 "draining" once the process is stopping, so a balancer stops
/// sending it traffic while the work in flight finishes.
async fn healthz(State(state): State<WebState>) -> axum::response::Response {
    if state.drain.is_draining() {
        (StatusCode::SERVICE_UNAVAILABLE, "draining").into_response()
    } else {
        "ok".into_response()
    }
}

/// `GET /readyz`: as `/healthz` (503 while draining), with the ingestion rounds as JSON:
/// when the last one started and ended, and when a restart last cut one and when it was
/// resumed.
async fn readyz(
    State(state): State<WebState>,
) -> Result<axum::response::Response, error::AppError> {
    let draining = state.drain.is_draining();
    let rounds = crate::rounds::status(state.store()).await?;
    let body = serde_json::json!({
        "status": if draining { "draining" } else { "ok" },
        "rounds": rounds,
    });
    let status = if draining {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body)).into_response())
}

/// `GET /metrics`: Prometheus text format. Counters and histograms are recorded where things
/// happen; the stored totals are read now.
async fn metrics_page(
    State(state): State<WebState>,
) -> Result<axum::response::Response, error::AppError> {
    let Some(handle) = crate::telemetry::prometheus() else {
        return Err(error::AppError::internal(
            "metrics",
            "no recorder installed",
        ));
    };
    match state.store().count_articles().await {
        Ok(n) => metrics::gauge!("proofwire_articles").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count articles"),
    }
    match state.store().claims_by_status().await {
        Ok(claims) => {
            for (status, n) in claims {
                metrics::gauge!("proofwire_claims", "status" => status).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count claims"),
    }
    match crate::search::sync::lag(state.store(), state.db.searcher().index()).await {
        Ok(lag) => metrics::gauge!("proofwire_search_index_lag").set(lag as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the index lag"),
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response())
}

pub fn router(state: WebState) -> Router {
    router_with(state, Router::new())
}

/// The site with `extra` routes (the serve command's `/mcp`) inside the same layers: time
/// limit, headers, compression, metrics.
pub fn router_with(state: WebState, extra: Router<WebState>) -> Router {
    // Installed before the first request so nothing is missed.
    let _ = crate::telemetry::prometheus();
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    // Pages and the server functions behind them render on the render pool.
    let pages = Router::new()
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(&state, routes, state.context(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .layer(axum::middleware::from_fn_with_state(
            state.settings.render_threads,
            render_pool::elsewhere,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_page))
        .route("/lang/{code}", get(lang::switch))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/search", get(search_api))
        .route("/api/claims", get(claims_api::list))
        .route("/api/claims/{id}", get(claims_api::one))
        .route("/api/eee/{id}", get(claims_api::eee))
        .route("/claims.atom", get(claims_api::atom))
        .route(
            "/feed.atom",
            get(|s, q, h| feeds::digests(s, q, h, Form::Atom)),
        )
        .route(
            "/feed.json",
            get(|s, q, h| feeds::digests(s, q, h, Form::Json)),
        )
        .route(
            "/vendor/{slug}/feed.atom",
            get(|s, p, q, h| feeds::vendor(s, p, q, h, Form::Atom)),
        )
        .route(
            "/vendor/{slug}/feed.json",
            get(|s, p, q, h| feeds::vendor(s, p, q, h, Form::Json)),
        )
        .route(
            "/search.atom",
            get(|s, q, h| feeds::search(s, q, h, Form::Atom)),
        )
        .route(
            "/search.json",
            get(|s, q, h| feeds::search(s, q, h, Form::Json)),
        )
        .route("/sources.opml", get(feeds::sources_opml))
        .route(
            "/websub/callback/{id}",
            get(websub::verify).post(websub::push),
        )
        .merge(greader::router())
        .merge(extra)
        .route("/auth/login", post(session::login))
        .route("/auth/logout", post(session::logout))
        .route("/claim/{id}/evidence", post(actions::add_evidence))
        .route("/claim/{id}/status", post(actions::set_status))
        .route(
            "/claim/{id}/suggestion/{article}/{decision}",
            post(actions::suggestion),
        )
        .route(
            "/claim/{id}/result/{result}/{decision}",
            post(actions::result),
        )
        .route("/digest/placement", post(actions::set_placement))
        .route("/digest/split", post(actions::split_story))
        .route("/digest/note", post(actions::set_note))
        .route(
            "/settings/briefings",
            get(briefings::page).post(briefings::add),
        )
        .route("/settings/briefings/{id}/stop", post(briefings::stop))
        .route(
            "/briefing/unsubscribe/{token}",
            get(briefings::unsubscribe_page).post(briefings::unsubscribe),
        )
        .route("/sources/add", post(actions::add_source))
        .route("/sources/change", post(actions::change_source))
        .route("/claims/names", post(actions::answer_name))
        .route("/model/{id}/alias", post(actions::add_alias_model))
        .route("/benchmark/{id}/alias", post(actions::add_alias_benchmark))
        .merge(pages)
        .merge(assets::router(Path::new(&*options.site_root)))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            WebState,
            _,
        >(state.context(), shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::digest_pages,
        ))
        .layer(axum::middleware::from_fn(crate::telemetry::track_requests))
        .layer(axum::middleware::from_fn(headers::no_store_for_sessions))
        .layer(axum::middleware::from_fn(headers::default_csp))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.settings.request_timeout,
        ))
        // Brotli's default (quality 11) costs tens of milliseconds on a 20 KB page; 5 gives
        // most of its gain at gzip's speed. Static assets are compressed once at build time.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .with_state(state)
}
