//! Pages are rendered on threads of their own, not on the async workers that answer
//! `/healthz`, feeds, the API and static files. A day of 1,200 posts takes the digest hundreds
//! of milliseconds of CPU to group, rank and render; eight such renders at once would otherwise
//! hold both workers of a two-core machine, and a balancer would find the server dead.
//!
//! The render pool is a second Tokio runtime that lives as long as the process: a page's whole
//! handler (its database reads included) runs there, and its body is read whole there too, so
//! no rendering is left to the worker that sends it. A request that goes away (the client
//! closed, the timeout passed) stops its render.

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

/// The largest page a render may produce: far above a 1,200-post day's digest.
const MAX_PAGE: usize = 64 << 20;

/// The pool of `threads` threads, started on first use (one per process: the first size asked
/// for holds); `None` when its threads cannot be started, and pages are then rendered where
/// they arrive.
fn pool(threads: usize) -> Option<&'static Runtime> {
    static POOL: OnceLock<Option<Runtime>> = OnceLock::new();
    POOL.get_or_init(|| {
        match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.min(64))
            .thread_name("proofwire-render")
            .enable_all()
            .build()
        {
            Ok(rt) => Some(rt),
            Err(e) => {
                tracing::error!(error = %e, "no render pool: pages render on the async workers");
                None
            }
        }
    })
    .as_ref()
}

/// Aborts the render when the request that wanted it is dropped.
struct Rendering(JoinHandle<Response>);

impl Drop for Rendering {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Middleware for the page routes: the rest of the stack runs on the render pool of
/// `threads` threads (none: where the request arrived).
pub async fn elsewhere(State(threads): State<usize>, req: Request, next: Next) -> Response {
    let Some(pool) = (threads > 0).then(|| pool(threads)).flatten() else {
        return next.run(req).await;
    };
    let mut rendering = Rendering(pool.spawn(async move {
        let (parts, body) = next.run(req).await.into_parts();
        match axum::body::to_bytes(body, MAX_PAGE).await {
            Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
            Err(e) => {
                tracing::error!(error = %e, "a page could not be rendered whole");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }));
    match (&mut rendering.0).await {
        Ok(res) => res,
        Err(e) => {
            tracing::error!(error = %e, "a page render failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use std::time::{Duration, Instant};
    use tower::ServiceExt;

    /// A page whose render holds its thread (as CPU work does) for a while.
    async fn slow_page() -> &'static str {
        std::thread::sleep(Duration::from_millis(1500));
        "page"
    }

    fn app(threads: usize) -> Router {
        let pages = Router::new()
            .route("/page", get(slow_page))
            .layer(axum::middleware::from_fn_with_state(threads, elsewhere));
        Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .merge(pages)
    }

    async fn healthz_during_a_render(threads: usize) -> (Duration, String) {
        let app = app(threads);
        let started = Instant::now();
        let render = tokio::spawn(
            app.clone().oneshot(
                axum::http::Request::get("/page")
                    .body(Body::empty())
                    .expect("request"),
            ),
        );
        // The render begins (holding its thread) before /healthz is asked; a render on the
        // test's only worker holds this sleep too.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let health = app
            .oneshot(
                axum::http::Request::get("/healthz")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("healthz");
        let waited = started.elapsed();
        assert_eq!(health.status(), StatusCode::OK);
        let page = render.await.expect("joined").expect("page");
        let body = axum::body::to_bytes(page.into_body(), 1024)
            .await
            .expect("body");
        (waited, String::from_utf8_lossy(&body).into_owned())
    }

    /// On one async worker (the test runtime), a render that holds its thread delays nothing
    /// else when pages render on the pool, and delays everything when they do not.
    #[tokio::test(flavor = "current_thread")]
    async fn a_render_holding_its_thread_does_not_hold_healthz() {
        let (waited, page) = healthz_during_a_render(1).await;
        assert_eq!(page, "page", "the page is rendered whole on the pool");
        assert!(
            waited < Duration::from_millis(1100),
            "with the pool /healthz answered after {waited:?}"
        );
        let (waited, page) = healthz_during_a_render(0).await;
        assert_eq!(page, "page");
        assert!(
            waited >= Duration::from_millis(1400),
            "without the pool the render holds the only worker: /healthz answered after {waited:?}"
        );
    }
}
