//! The search index as the runtime keeps it: opened by the serving process (which follows the
//! change log), or opened for one command and caught up once.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::db::Store;
use crate::search::{index::Unusable, sync, SearchError, SearchIndex};

use super::RunError;

/// How often every replica reads the change log into its search index.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(2);

/// Two writer threads at most: the machine also serves pages and runs the model.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().min(2))
        .unwrap_or(1)
}

/// Opens (or replaces with an empty one) the configured index, off the async threads.
pub async fn open(config: &Config) -> Result<(SearchIndex, Option<Unusable>), SearchError> {
    let dir = config.search_index_dir();
    tokio::task::spawn_blocking(move || SearchIndex::open(&dir, threads()))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}

/// Keeps `index` in step with the change log until the task is aborted.
pub fn follow(store: Store, index: Arc<SearchIndex>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(FOLLOW_EVERY).await;
            if let Err(e) = sync::catch_up(&store, &index).await {
                tracing::error!(error = %e, "search index catch-up failed");
            }
        }
    })
}

/// Catches the index this process holds up with the change log; a failure is logged (the
/// follower, or the next round, tries again).
pub async fn catch_up_held(store: &Store, index: &Arc<SearchIndex>) {
    match sync::catch_up(store, index).await {
        Ok(done) => tracing::info!(
            indexed = done.indexed,
            removed = done.removed,
            "search index caught up"
        ),
        Err(e) => tracing::error!(error = %e, "search index catch-up failed"),
    }
}

/// Brings the index up to date after a command-line run. A running server holds the index; it
/// catches up by itself after its next run, so that case is a note, not a failure.
pub async fn catch_up_opened(config: &Config, store: &Store) -> Result<(), RunError> {
    match open(config).await {
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
            println!(
                "search index: in use by a running server, which will catch up after its next run"
            );
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}
