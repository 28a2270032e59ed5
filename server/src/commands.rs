//! What each subcommand does, independent of argument parsing.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::LeptosOptions;

use crate::config::{Config, ConfigError};
use crate::digest::{build_digest, parse_date};
use crate::export::{self, ExportError};
use crate::fetch::{FetchError, Fetcher};
use crate::ingest::{IngestError, Ingestor, Outcome, SourceReport};
use crate::sources::{self, SourcesError};
use crate::search::{sync, Search, SearchError, SearchIndex};
use crate::store::{Store, StoreError};
use crate::summarize::Extractive;
use crate::web::{self, WebState};

/// Fatal errors: the command cannot do its job at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Sources(#[from] SourcesError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("cannot set up the HTTP client: {0}")]
    Client(#[from] FetchError),
    #[error("{addr:?} is not a listen address (HOST:PORT)")]
    Addr { addr: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

async fn open_store(config: &Config) -> Result<Store, Error> {
    Ok(Store::open(&config.database_path()).await?)
}

/// Two writer threads at most: the machine also serves pages and runs the model.
fn index_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().min(2))
        .unwrap_or(1)
}

/// Brings the index up to date after a CLI ingestion. A running server holds the index; it
/// catches up by itself after its next run, so that case is a note, not a failure.
async fn catch_up_index(config: &Config, store: &Store) -> Result<(), Error> {
    let dir = config.search_index_dir();
    let opened = tokio::task::spawn_blocking(move || SearchIndex::open(&dir, index_threads()))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?;
    match opened {
        Ok((index, unusable)) => {
            let index = Arc::new(index);
            if let Some(why) = unusable {
                println!("rebuilding the search index: {why}");
                let n = sync::rebuild(store, &index, |_, _| {}).await?;
                println!("search index: {n} articles");
            } else {
                let done = sync::catch_up(store, &index).await?;
                println!(
                    "search index: {} indexed, {} removed",
                    done.indexed, done.removed
                );
            }
            Ok(())
        }
        Err(SearchError::Locked) => {
            println!("search index: in use by a running server, which will catch up after its next run");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Rebuilds the search index from the database with a progress bar.
pub async fn reindex(config: &Config) -> Result<u64, Error> {
    use std::io::IsTerminal;
    let store = open_store(config).await?;
    let dir = config.search_index_dir();
    let (index, _) = tokio::task::spawn_blocking(move || SearchIndex::open(&dir, index_threads()))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
    let index = Arc::new(index);
    let bar = if std::io::stdout().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("reindex [{bar:30}] {pos}/{len} {per_sec} {eta}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let n = sync::rebuild(&store, &index, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "reindexed {n} articles in {:.2} s into {}",
        started.elapsed().as_secs_f64(),
        index.dir().display()
    );
    Ok(n)
}

fn ingestor(config: &Config, store: Store) -> Result<Ingestor, Error> {
    let fetcher = Arc::new(Fetcher::new(&config.fetch)?);
    Ok(Ingestor::new(
        store,
        fetcher,
        Arc::new(Extractive),
        config.fetch.clone(),
    ))
}

/// One ingestion run; prints each source's outcome. Failing sources are not fatal.
pub async fn ingest(config: &Config, only: Option<&str>) -> Result<Vec<SourceReport>, Error> {
    let sources = sources::load(&config.sources_file)?;
    let store = open_store(config).await?;
    let started = std::time::Instant::now();
    let reports = ingestor(config, store.clone())?.run(&sources, only).await?;
    catch_up_index(config, &store).await?;
    for r in &reports {
        println!("{r}");
    }
    let failed = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    println!(
        "ingested {} source(s) in {:.2} s; {} failed",
        reports.len(),
        started.elapsed().as_secs_f64(),
        failed
    );
    Ok(reports)
}

pub async fn export_digest(
    config: &Config,
    date: &str,
    out: Option<PathBuf>,
) -> Result<PathBuf, Error> {
    let day = parse_date(date).ok_or_else(|| ExportError::BadDate(date.to_string()))?;
    let tz = config.tz()?;
    let store = open_store(config).await?;
    let digest = build_digest(&store, tz, Some(day))
        .await?
        .filter(|d| !d.items.is_empty())
        .ok_or_else(|| ExportError::Empty(date.to_string()))?;
    let markdown = export::render(&digest, config.lang()?, day, Utc::now().with_timezone(&tz));
    let dir = out.unwrap_or_else(|| config.export_dir.clone());
    let path = export::write(&dir, day, &markdown)?;
    println!("wrote {}", path.display());
    Ok(path)
}

pub fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("proofwire")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// Serves the app and ingests once at start, then every `ingest_interval_minutes`.
pub async fn serve(config: Config, addr: Option<String>) -> Result<(), Error> {
    let addr_text = addr.unwrap_or_else(|| config.addr.clone());
    let addr: SocketAddr = addr_text.parse().map_err(|_| Error::Addr {
        addr: addr_text.clone(),
    })?;
    let tz = config.tz()?;
    let lang = config.lang()?;
    let store = open_store(&config).await?;
    // Check the sources file before binding, so a typo fails fast with a clear message.
    sources::load(&config.sources_file)?;

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind {
            addr: addr_text.clone(),
            source,
        })?;
    let index = sync::open_for_serving(&store, &config.search_index_dir(), index_threads()).await?;
    let search = Search::new(index.clone(), store.clone(), tz);
    let state = WebState::new(store.clone(), tz, search, lang, leptos_options(&config, addr));
    let app = web::router(state);

    let scheduler = {
        let config = config.clone();
        let index_store = store.clone();
        let ingestor = ingestor(&config, store)?;
        tokio::spawn(async move {
            let every = Duration::from_secs(config.ingest_interval_minutes * 60);
            loop {
                match sources::load(&config.sources_file) {
                    Ok(list) => match ingestor.run(&list, None).await {
                        Ok(reports) => {
                            let failed = reports
                                .iter()
                                .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
                                .count();
                            tracing::info!(
                                sources = reports.len(),
                                failed,
                                "scheduled ingestion finished"
                            );
                        }
                        Err(e) => tracing::error!(error = %e, "scheduled ingestion failed"),
                    },
                    Err(e) => tracing::error!(error = %e, "cannot read the sources file"),
                }
                match sync::catch_up(&index_store, &index).await {
                    Ok(done) => tracing::info!(
                        indexed = done.indexed,
                        removed = done.removed,
                        "search index caught up"
                    ),
                    Err(e) => tracing::error!(error = %e, "search index catch-up failed"),
                }
                tokio::time::sleep(every).await;
            }
        })
    };

    tracing::info!("listening on http://{addr}");
    println!("Proofwire is serving at http://{addr}");
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(Error::Serve);
    scheduler.abort();
    result
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
