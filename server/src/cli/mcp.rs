//! `proofwire mcp`.

use std::sync::Arc;

use crate::config::Config;
use crate::run::{index, open_store};
use crate::search::{sync, Search, SearchError};
use crate::web;

use super::Error;

/// `proofwire mcp`: the read-only MCP server on standard input and output (`crate::mcp`).
/// A server on the same data directory holds the search index; then this process keeps an
/// index of its own beside it, caught up from the change log like any replica's.
pub async fn mcp(config: &Config) -> Result<(), Error> {
    let store = open_store(config).await?;
    let tz = config.tz()?;
    let index = match sync::open_for_serving(&store, &config.search_index_dir(), 1).await {
        Ok(index) => index,
        Err(SearchError::Locked) => {
            let own = config.data_dir.join("search-index-mcp");
            tracing::info!(dir = %own.display(), "the search index is in use; keeping one for MCP");
            sync::open_for_serving(&store, &own, 1).await?
        }
        Err(e) => return Err(e.into()),
    };
    let following = index::follow(store.clone(), index.clone());
    let settings = web::WebSettings::from_config(config)?;
    let backend = Arc::new(web::DbBackend::new(
        store.clone(),
        Search::new(index, store, tz),
        &settings,
    ));
    let served =
        crate::mcp::serve_stdio(crate::mcp::Tools::new(backend, &settings.public_url)).await;
    following.abort();
    Ok(served?)
}
