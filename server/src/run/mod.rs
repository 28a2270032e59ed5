//! The runtime: what `serve` keeps running (`serve`: the web server, the schedule, the model
//! worker, the index follower, briefings, the drain at the end) and the one ingestion round
//! (`round`) that both the schedule and `proofwire ingest` run.

pub mod index;
pub mod round;
pub mod schedule;
pub mod serve;
pub mod stop;
pub mod upkeep;
pub mod worker;

use std::sync::Arc;

use crate::config::{Config, ConfigError};
use crate::db::{DbError, Store};
use crate::fetch::{FetchError, Fetcher};
use crate::ingest::sources::SourcesError;
use crate::ingest::{IngestError, Ingestor};
use crate::search::SearchError;
use crate::summarize::Extractive;

/// Why the runtime cannot go on: serving, a round run from the command line, or the work that
/// follows ingestion.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Sources(#[from] SourcesError),
    #[error(transparent)]
    Store(#[from] DbError),
    #[error(transparent)]
    Claims(#[from] crate::claims::ClaimError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("cannot set up the HTTP client: {0}")]
    Client(#[from] FetchError),
    #[error("{addr:?} is not a listen address (HOST:PORT)")]
    Addr { addr: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot write the listen address to {path}: {source}")]
    AddrFile {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error("cannot set up briefing delivery: {0}")]
    Briefing(String),
    #[error("cannot watch for SIGTERM and Ctrl-C: {0}")]
    Signals(std::io::Error),
}

/// Opens the database and loads the names editors added to models and benchmarks.
pub async fn open_store(config: &Config) -> Result<Store, RunError> {
    let store = Store::connect_with(&config.database(), config.database_max_connections).await?;
    crate::claims::record::load_editor_names(&store)
        .await
        .map_err(crate::claims::ClaimError::Db)?;
    Ok(store)
}

/// The ingestor the config describes: the fetcher's limits, extractive summaries at first.
pub fn ingestor(config: &Config, store: Store) -> Result<Ingestor, RunError> {
    let fetcher = Arc::new(Fetcher::new(&config.fetch)?);
    Ok(Ingestor::new(
        store,
        fetcher,
        Arc::new(Extractive),
        config.fetch.clone(),
    ))
}
