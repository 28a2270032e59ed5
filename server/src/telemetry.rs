//! What an operator watches: logs (text for people, JSON lines for shippers; other crates'
//! chatter held at WARN unless `RUST_LOG` asks) and Prometheus metrics, recorded with the
//! `metrics` facade and rendered by `metrics-exporter-prometheus` at `/metrics`.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Our crates log at INFO; everything else (tantivy logs every commit at INFO) at WARN.
const DEFAULT_FILTER: &str = "warn,proofwire=info,html5ever=error,selectors=error";

/// Starts logging to standard error. `format` is `text` or `json` (checked by the config).
pub fn init_logs(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| DEFAULT_FILTER.into());
    // A log line that cannot be written is dropped. tracing-subscriber's builder otherwise
    // reports the failure with `eprintln!`, which panics when standard error is the thing that
    // failed (a log reader that went away: a closed pipe): the thread logging dies, and when
    // that was the signal thread the server could no longer be stopped by SIGTERM.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .log_internal_errors(false);
    let _ = if format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// The process's metrics recorder, installed on first use (one per process; tests start many
/// servers in one process).
pub fn prometheus() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let seconds = [
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ];
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &seconds)
                .ok()?
                .install_recorder()
                .map_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
                .ok()?;
            describe();
            // Histograms are drained into the exposition by upkeep; without the exporter's own
            // listener, that is our job. A plain thread: the recorder outlives any one runtime.
            let upkeep = handle.clone();
            let _ = std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                });
            Some(handle)
        })
        .as_ref()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route and status"
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request, by route"
    );
    describe_counter!("proofwire_ingest_runs_total", "Ingestion runs finished");
    describe_histogram!(
        "proofwire_ingest_run_duration_seconds",
        Unit::Seconds,
        "Time an ingestion run took"
    );
    describe_counter!(
        "proofwire_ingest_source_outcomes_total",
        "Per-source outcomes of ingestion runs (stored, not_modified, failed, ...)"
    );
    describe_counter!(
        "proofwire_ingest_entries_total",
        "Feed entries by what happened to them (new, updated, unchanged, failed)"
    );
    describe_histogram!(
        "proofwire_search_duration_seconds",
        Unit::Seconds,
        "Time a search took"
    );
    describe_counter!(
        "proofwire_model_jobs_total",
        "Model jobs (summaries, claim structuring) this replica finished, by kind and outcome"
    );
    describe_gauge!(
        "proofwire_scheduler_leader",
        "1 while this replica runs the schedule (holds the scheduler lock), else 0"
    );
    describe_gauge!(
        "proofwire_model_generation_tokens_per_second",
        "Generation speed of the last model run"
    );
    describe_gauge!("proofwire_articles", "Articles stored");
    describe_gauge!("proofwire_claims", "Current claims, by status");
    describe_gauge!(
        "proofwire_search_index_lag",
        "Article changes not yet in the search index"
    );
}

/// Counts and times every request under its route pattern (`/claim/{id}`, never the raw
/// path: label values must stay few).
pub async fn track_requests(req: Request<Body>, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| {
            if req.uri().path().starts_with("/pkg/") {
                "/pkg/*".into()
            } else {
                "other".into()
            }
        });
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    res
}
