//! The ingestion commands: `ingest` (one round, as the schedule runs it), `reindex`,
//! `repair-ownership`, `sources import` and `results fetch`.

use std::path::Path;
use std::sync::Arc;

use app::ids::SourceId;

use crate::config::Config;
use crate::ingest::{Outcome, SourceReport};
use crate::run::round::{round, IndexAt, Reading, Round};
use crate::run::{index, ingestor, open_store};
use crate::search::sync;
use crate::summarize::Extractive;

use super::{progress_bar, Error};

/// `proofwire ingest [--source ID]`: the round the schedule runs (`run::round`), its failing
/// steps fatal; prints each source's outcome. Failing sources are not fatal.
pub async fn ingest(config: &Config, only: Option<&SourceId>) -> Result<Vec<SourceReport>, Error> {
    let store = open_store(config).await?;
    let ingestor = ingestor(config, store.clone())?;
    let started = std::time::Instant::now();
    let ingestion = Round {
        config,
        store: &store,
        ingestor: &ingestor,
        index: IndexAt::Opened,
        worker: None,
    };
    let reports = round(&ingestion, Reading::Asked { only }).await?.reports;
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

/// Rebuilds the search index from the database with a progress bar.
pub async fn reindex(config: &Config) -> Result<u64, Error> {
    let store = open_store(config).await?;
    let (index, _) = index::open(config).await?;
    let index = Arc::new(index);
    let bar = progress_bar(0, "reindex [{bar:30}] {pos}/{len} {per_sec} {eta}");
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

/// `proofwire repair-ownership [--apply]`: prints every article whose address, owner, vendor
/// or text came from a source that does not link it now, and how it is put back; `--apply`
/// writes that and logs each change. Stop the servers first if the text of many is restored.
pub async fn repair_ownership(config: &Config, apply: bool) -> Result<(), Error> {
    let store = open_store(config).await?;
    let report =
        crate::repair_ownership::run(&store, Arc::new(Extractive), apply, chrono::Utc::now())
            .await?;
    println!("{report}");
    Ok(())
}

/// `proofwire sources import FILE.opml`: the file's feeds that sources.toml lacks, appended.
pub fn sources_import(
    config: &Config,
    file: &Path,
    language: &str,
    enabled: bool,
) -> Result<(), Error> {
    let done = crate::ingest::opml::import(file, &config.sources_file, language, enabled)?;
    for (id, url) in &done.added {
        println!("added    {id:<24} {url}");
    }
    for url in &done.already_there {
        println!("skipped  (already a source)       {url}");
    }
    println!(
        "{} added, {} already in {}",
        done.added.len(),
        done.already_there.len(),
        config.sources_file.display()
    );
    Ok(())
}

/// `proofwire results fetch`: every evidence source once, with what each did.
pub async fn results_fetch(config: &Config) -> Result<(), Error> {
    let store = open_store(config).await?;
    let reports = crate::run::upkeep::results(config, &store).await?;
    if reports.is_empty() {
        println!("no [[evidence_source]] in the config");
    }
    for r in &reports {
        match &r.error {
            Some(e) => println!("{:<24} FAILED: {e}", r.id),
            None if r.not_modified => println!("{:<24} not modified", r.id),
            None => println!(
                "{:<24} {} results, {} new, {} rows skipped",
                r.id,
                r.results,
                r.new_results,
                r.problems.len()
            ),
        }
        if r.files_listed > 0 || r.files_read > 0 {
            println!(
                "{:<24}   {} files listed, {} changed files read, {} left for the next read",
                "", r.files_listed, r.files_read, r.files_left
            );
        }
        for p in &r.problems {
            println!("{:<24}   {p}", "");
        }
        for c in &r.changes {
            println!("{:<24}   changed (old kept): {c}", "");
        }
    }
    Ok(())
}
