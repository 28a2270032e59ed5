//! The database's commands: `migrate`, `copy-db`, `backup` and `restore`.

use std::path::Path;

use crate::config::Config;
use crate::db::Store;
use crate::run::{index, open_store};
use crate::search::SearchError;

use super::{ingest::reindex, progress_bar, Error};

/// `proofwire migrate`: opening the store applies what is missing.
pub async fn migrate(config: &Config) -> Result<(), Error> {
    let store = open_store(config).await?;
    let version = store.schema_version().await?.unwrap_or(0);
    println!(
        "{} ({}): schema at migration {version}",
        config.database().describe(),
        store.engine()
    );
    Ok(())
}

/// `proofwire copy-db --from URL --to URL`: every table into an empty database of either
/// engine, with a progress bar; the claim log must verify on the copy with the same head.
pub async fn copy_db(from: &str, to: &str) -> Result<(), Error> {
    let source_at = crate::db::Location::parse(from)?;
    let target_at = crate::db::Location::parse(to)?;
    if source_at == target_at {
        return Err(Error::CopyDb(
            "--from and --to name the same database".into(),
        ));
    }
    if let crate::db::Location::Sqlite(path) = &source_at {
        if !path.exists() {
            return Err(Error::CopyDb(format!("{} does not exist", path.display())));
        }
    }
    let source = Store::connect(&source_at).await?;
    let before = crate::claims::log::verify(&source)
        .await?
        .map_err(Error::LogBroken)?;
    let target = Store::connect(&target_at).await?;
    let mut total = 0u64;
    for t in crate::db::copy::TABLES {
        total += source.count_rows(t.name).await?.max(0) as u64;
    }
    let bar = progress_bar(total, "{msg:>22} [{bar:40}] {pos}/{len} rows {elapsed}");
    let done_before = std::cell::Cell::new(0u64);
    let last_table = std::cell::RefCell::new(String::new());
    let copied = source
        .copy_into(&target, |table, done, _| {
            if *last_table.borrow() != table {
                done_before.set(bar.position());
                *last_table.borrow_mut() = table.to_string();
                bar.set_message(table.to_string());
            }
            bar.set_position(done_before.get() + done);
        })
        .await?;
    bar.finish_and_clear();
    let after = crate::claims::log::verify(&target)
        .await?
        .map_err(Error::LogBroken)?;
    if after != before {
        return Err(Error::CopyDb(format!(
            "the copy's claim log ends at {} after {} events, the original's at {} after {}",
            after.head, after.events, before.head, before.events
        )));
    }
    println!(
        "copied {} rows in {} tables from {} to {}; claim log verified on both: {} events, head {}",
        copied.rows,
        copied.tables,
        source_at.describe(),
        target_at.describe(),
        after.events,
        after.head
    );
    Ok(())
}

/// `proofwire backup FILE`.
pub async fn backup(config: &Config, file: &Path) -> Result<(), Error> {
    let s = crate::backup::backup(config, file).await?;
    println!(
        "wrote {} ({} bytes); claim log: {} events, head {}",
        file.display(),
        s.bytes,
        s.checkpoint.events.unwrap_or(0),
        s.checkpoint.head
    );
    Ok(())
}

/// `proofwire restore FILE [--force]`: the database, then the search index rebuilt from it.
pub async fn restore(config: &Config, file: &Path, force: bool) -> Result<(), Error> {
    // A running server holds the index writer: replacing its database under it would be
    // undone by its next write, so refuse before touching anything.
    if config.search_index_dir().exists() {
        match index::open(config).await {
            Err(SearchError::Locked) => return Err(Error::ServerRunning),
            Ok(index) => drop(index),
            Err(_) => {} // unreadable: rebuilt below anyway
        }
    }
    let cp = crate::backup::restore(config, file, force).await?;
    println!(
        "restored {} into {}; claim log verified: {} events, head {}",
        file.display(),
        config.database().describe(),
        cp.events.unwrap_or(0),
        cp.head
    );
    reindex(config).await?;
    Ok(())
}
