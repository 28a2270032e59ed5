//! The HTTP surface: Leptos pages and server functions, `/healthz`, the language switch, and
//! the built site's static files.

mod backend;
mod lang;

use std::sync::Arc;

use app::backend::SharedBackend;
use app::i18n::DefaultLang;
use app::models::SearchParams;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{FromRef, Query, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderValue, Request};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Json;
use axum::Router;
use chrono_tz::Tz;
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use backend::DbBackend;

use crate::search::Search;
use crate::store::Store;

#[derive(Clone, FromRef)]
pub struct WebState {
    pub leptos_options: LeptosOptions,
    pub backend: SharedBackend,
    pub default_lang: DefaultLang,
}

impl WebState {
    pub fn new(
        store: Store,
        tz: Tz,
        search: Search,
        default_lang: app::i18n::Lang,
        debug_view: bool,
        leptos_options: LeptosOptions,
    ) -> WebState {
        WebState {
            leptos_options,
            backend: Arc::new(DbBackend::new(
                store,
                tz,
                search,
                default_lang.code(),
                debug_view,
            )),
            default_lang: DefaultLang(default_lang),
        }
    }

    fn context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let backend = self.backend.clone();
        let lang = self.default_lang;
        move || {
            provide_context(backend.clone());
            provide_context(lang);
        }
    }
}

async fn server_fn_handler(State(state): State<WebState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(state.context(), req).await
}

/// `GET /api/search`: the search page's results as JSON (see the README for the fields).
async fn search_api(
    State(state): State<WebState>,
    Query(params): Query<SearchParams>,
) -> axum::response::Response {
    match state.backend.search(params).await {
        Ok(results) => Json(results).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({ "error": "search is unavailable; see the server log" })),
        )
            .into_response(),
    }
}

async fn healthz() -> &'static str {
    "ok"
}

pub fn router(state: WebState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{code}", get(lang::switch))
        .route("/api/search", get(search_api))
        .route(
            "/api/{*fn_name}",
            get(server_fn_handler).post(server_fn_handler),
        )
        .leptos_routes_with_context(&state, routes, state.context(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            WebState,
            _,
        >(state.context(), shell))
        .layer(CompressionLayer::new())
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
