//! `proofwire serve`: the web app, and beside it the schedule (on whichever replica leads),
//! the model worker, the index follower and briefings, all stopped by one drain.

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::LeptosOptions;

use crate::config::Config;
use crate::ingest::sources;
use crate::search::{sync, Search};
use crate::web::{self, WebState};

use super::schedule::Scheduler;
use super::worker::{release_earlier_jobs, worker_id, WorkerTask};
use super::{index, ingestor, open_store, RunError};

/// How long before the signal thread's exit (grace + `signals::OVERRUN` after the signal)
/// recording what a stop left must end, so that the line saying so is written.
const STOP_RECORD_MARGIN: Duration = Duration::from_millis(500);
/// The least time recording a stop gets, even after a drain that used all of its grace.
const STOP_RECORD_LEAST: Duration = Duration::from_secs(1);
const _: () = assert!(
    STOP_RECORD_MARGIN.as_millis() + STOP_RECORD_LEAST.as_millis()
        < crate::signals::OVERRUN.as_millis()
);

pub fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    // Content-named bundle files when scripts/finish-site.sh made them for this very bundle.
    let hashes = crate::web::assets::content_hashes(&config.site_root);
    LeptosOptions::builder()
        .output_name("proofwire")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hashes.is_some())
        .hash_file(
            hashes
                .map(|p| std::sync::Arc::<str>::from(p.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "hash.txt".into()),
        )
        .build()
}

/// Serves the app and ingests once at start, then every `ingest_interval_minutes`.
pub async fn serve(
    config: Config,
    addr: Option<String>,
    addr_file: Option<std::path::PathBuf>,
) -> Result<(), RunError> {
    let addr_text = addr.unwrap_or_else(|| config.addr.clone());
    let addr: SocketAddr = addr_text.parse().map_err(|_| RunError::Addr {
        addr: addr_text.clone(),
    })?;
    // The time zone and language are checked before anything starts.
    let tz = config.tz()?;
    config.lang()?;
    let drain = crate::drain::Drain::default();
    let grace = Duration::from_secs(config.server.shutdown_grace_secs);
    // Before anything else: a SIGTERM from here on drains instead of killing the process.
    let _signals = crate::signals::watch(drain.clone(), grace).map_err(RunError::Signals)?;
    let store = open_store(&config).await?;
    // Check the sources file before binding, so a typo fails fast with a clear message.
    sources::load(&config.sources_file)?;
    crate::heap::keep_giving_back(Duration::from_secs(5));

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| RunError::Bind {
            addr: addr_text.clone(),
            source,
        })?;
    // With port 0 the kernel picks the port; everything below names the one it picked.
    let addr = listener.local_addr().map_err(|source| RunError::Bind {
        addr: addr_text.clone(),
        source,
    })?;
    if let Some(path) = &addr_file {
        write_addr_file(path, addr).map_err(|source| RunError::AddrFile {
            path: path.clone(),
            source,
        })?;
    }
    let index =
        sync::open_for_serving(&store, &config.search_index_dir(), index::threads()).await?;
    let search = Search::new(index.clone(), store.clone(), tz);
    let settings = web::WebSettings::from_config(&config)?;
    let model_status = settings.model.clone();
    let translations = settings.translations.clone();
    let state = WebState::new(
        store.clone(),
        search,
        settings,
        leptos_options(&config, addr),
    )
    .with_drain(drain.clone());
    let mcp = crate::mcp::http::routes(&state);
    let app = web::router_with(state, mcp);

    let worker: Arc<std::sync::OnceLock<Arc<crate::work::Worker>>> = Default::default();
    let worker_id = worker_id(&addr);
    release_earlier_jobs(&store, &addr, &worker_id).await;
    let mut working = WorkerTask {
        config: config.clone(),
        tz,
        store: store.clone(),
        worker: worker.clone(),
        drain: drain.clone(),
        worker_id: worker_id.clone(),
        status: model_status,
        translations,
    }
    .spawn();
    // Every replica keeps its own search index in step with the change log.
    let following = index::follow(store.clone(), index.clone());
    // Daily briefings: every replica looks; the (subscription, day) claim lets one send.
    let briefings = if config.briefing.enabled {
        let delivery = crate::briefing::Delivery::new(&config, store.clone(), worker_id.clone())
            .map_err(|e| RunError::Briefing(e.to_string()))?;
        let drain = drain.clone();
        Some(tokio::spawn(
            async move { delivery.run_forever(&drain).await },
        ))
    } else {
        None
    };
    // One replica at a time runs the schedule.
    let mut scheduler = tokio::spawn(
        Scheduler {
            config: config.clone(),
            store: store.clone(),
            ingestor: ingestor(&config, store.clone())?,
            index: index.clone(),
            worker: worker.clone(),
            runner: worker_id.clone(),
            drain: drain.clone(),
        }
        .run(),
    );

    tracing::info!("listening on http://{addr}");
    // Not `println!`: it panics when standard output is closed.
    let _ = writeln!(std::io::stdout(), "Proofwire is serving at http://{addr}");
    let limits = web::listen::Limits {
        header_read: Duration::from_secs(config.server.header_read_timeout_secs),
        max_connections: config.server.max_connections,
    };
    // The listener keeps answering while background work drains (`/healthz` says 503, so a
    // balancer moves traffic away); the requests in flight get what is left of the grace.
    let began = std::sync::OnceLock::new();
    // A finished task's handle must not be awaited twice: these say which were.
    let (mut scheduler_ended, mut worker_ended) = (false, false);
    let shutdown = async {
        drain.started().await;
        let _ = began.set(std::time::Instant::now());
        let end = tokio::time::Instant::now() + grace;
        let _ = tokio::time::timeout_at(end, async {
            let _ = (&mut scheduler).await;
            scheduler_ended = true;
            let _ = (&mut working).await;
            worker_ended = true;
        })
        .await;
        end.saturating_duration_since(tokio::time::Instant::now())
    };
    let result = web::listen::serve_with_grace(listener, app, limits, shutdown)
        .await
        .map_err(RunError::Serve);
    following.abort();
    // A send in flight is cut; its claim is given up by the next pass, never sent twice.
    if let Some(b) = briefings {
        b.abort();
    }
    // Work still running at the end of the grace is dropped (its transaction rolls back) and
    // recorded as unfinished below.
    if !scheduler_ended {
        scheduler.abort();
        let _ = scheduler.await;
    }
    if !worker_ended {
        working.abort();
        let _ = working.await;
    }
    let took = began.get().map(|t| t.elapsed()).unwrap_or_default();
    // What was left is recorded for people; the next start finds it from the database all the
    // same (a round not finished is resumed, this replica's running jobs go back to the
    // queue), so a database that does not answer in time does not hold the exit. It gets the
    // time left before the signal thread's own exit.
    let budget = (grace + crate::signals::OVERRUN)
        .saturating_sub(took)
        .saturating_sub(STOP_RECORD_MARGIN)
        .max(STOP_RECORD_LEAST);
    let steps = super::stop::Steps::default();
    let recorded = tokio::time::timeout(
        budget,
        super::stop::record_stop(&config, &store, &worker_id, took, &steps),
    )
    .await;
    if recorded.is_err() {
        tracing::warn!(
            budget_ms = budget.as_millis() as u64,
            steps = %steps.report(),
            "stopped: what was left could not be recorded in time; the next start finds the unfinished round and resumes it"
        );
    }
    result
}

/// Whoever waits for the file (a test, a supervisor) sees it whole or not at all.
fn write_addr_file(path: &std::path::Path, addr: SocketAddr) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, format!("{addr}\n"))?;
    std::fs::rename(&partial, path)
}
