//! What each subcommand does, independent of argument parsing.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::LeptosOptions;

use crate::config::{Config, ConfigError};
use crate::dates::parse_date;
use crate::db::{DbError, Store};
use crate::digest::build_digest;
use crate::export::{self, ExportError};
use crate::fetch::{FetchError, Fetcher};
use crate::ingest::{IngestError, Ingestor, Outcome, SourceReport};
use crate::search::{sync, Search, SearchError, SearchIndex};
use crate::sources::{self, SourcesError};
use crate::summarize::backend::Model;
use crate::summarize::llama::{LlmError, Prompt};
use crate::summarize::model::ModelSummarizer;
use crate::summarize::pipeline::{Pipeline, PipelineError, Selection};
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
    Opml(#[from] crate::opml::OpmlError),
    #[error(transparent)]
    Store(#[from] DbError),
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
    #[error(transparent)]
    Model(#[from] LlmError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("the summarizer is disabled in the config (summarizer.enabled = false)")]
    ModelDisabled,
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    EvalSummaries(#[from] crate::eval::Error),
    #[error(transparent)]
    Upkeep(#[from] crate::upkeep::UpkeepError),
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error("cannot set up briefing delivery: {0}")]
    Briefing(String),
    #[error("cannot watch for SIGTERM and Ctrl-C: {0}")]
    Signals(std::io::Error),
    #[error(transparent)]
    Claims(#[from] crate::claims::ClaimError),
    #[error(transparent)]
    Mcp(#[from] crate::mcp::McpError),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error("the claim log is broken: {0}")]
    LogBroken(crate::claims::log::Broken),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("a server is running on this data_dir (it holds the search index); stop it first")]
    ServerRunning,
    #[error("copy-db: {0}")]
    CopyDb(String),
    #[error("checkpoint {}: {message}", path.display())]
    Checkpoint { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Opens the database and loads the names editors added to models and benchmarks.
async fn open_store(config: &Config) -> Result<Store, Error> {
    let store = Store::connect_with(&config.database(), config.database_max_connections).await?;
    crate::claims::record::load_entity_aliases(&store)
        .await
        .map_err(crate::claims::ClaimError::Db)?;
    Ok(store)
}

/// Starts the configured model (the embedded one, or a connection to the model server). Any
/// problem (missing or corrupt file, load failure, unreachable server, unknown model) is
/// logged with its reason and the app carries on with extractive summaries.
pub async fn start_model(config: &Config) -> Option<Arc<ModelSummarizer>> {
    if !config.summarizer.enabled {
        tracing::info!("summarizer disabled: extractive summaries only");
        return None;
    }
    connect_model(config).await.ok().map(|(_, s)| s)
}

/// One attempt at the configured model, logged either way; the model is returned beside its
/// summarizer for whoever shows its state.
async fn connect_model(config: &Config) -> Result<(Model, Arc<ModelSummarizer>), LlmError> {
    match Model::start(&config.summarizer).await {
        Ok(model) => {
            tracing::info!(model = %model.describe(), "model ready");
            Ok((model.clone(), model_summarizer(config, model)))
        }
        Err(e) => {
            tracing::warn!("model unavailable, keeping extractive summaries: {e}");
            Err(e)
        }
    }
}

/// The summarizer the config describes, around a loaded model.
fn model_summarizer(config: &Config, model: Model) -> Arc<ModelSummarizer> {
    let fixed = (config.summarizer.output_language == "digest").then(|| config.language.clone());
    Arc::new(ModelSummarizer::new(
        model,
        config.summarizer.max_new_tokens,
        fixed,
    ))
}

fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// `proofwire summarize`: runs the model over pending (or forced) articles with a progress bar.
pub async fn summarize(
    config: &Config,
    since: Option<&str>,
    article: Option<i64>,
    force: bool,
) -> Result<crate::summarize::pipeline::Stats, Error> {
    if !config.summarizer.enabled {
        return Err(Error::ModelDisabled);
    }
    let since = match since {
        Some(s) => {
            let d = parse_date(s)
                .ok_or_else(|| Error::Usage(format!("--since {s:?} is not a date (YYYY-MM-DD)")))?;
            Some(crate::dates::day_bounds(d, config.tz()?).0)
        }
        None => None,
    };
    let store = open_store(config).await?;
    let summarizer = model_summarizer(config, Model::start(&config.summarizer).await?);
    let pipeline = Pipeline::new(store.clone(), summarizer, config.tz()?, &config.language);
    let sel = Selection {
        since,
        article,
        force,
    };
    let bar = progress_bar(0, "summarize [{bar:30}] {pos}/{len} {msg}");
    let started = std::time::Instant::now();
    let stats = pipeline
        .run(&sel, |s| {
            bar.set_length(s.total as u64);
            bar.set_position(s.done as u64);
            bar.set_message(format!("{:.1} tok/s", s.generation_tps()));
        })
        .await?;
    bar.finish_and_clear();
    let mut stats = stats;
    for day in stats.days.clone() {
        let translated = crate::translating::translate_day(
            &store,
            pipeline.summarizer().model(),
            pipeline.tz(),
            pipeline.digest_language(),
            day,
        )
        .await;
        match translated {
            Ok(n) => stats.translated += n,
            Err(PipelineError::Model(e)) => {
                tracing::warn!(date = %day, error = %e, "translation into the digest language failed")
            }
            Err(e) => return Err(e.into()),
        }
    }
    println!(
        "summarized {} of {} article(s) in {:.1} s: {} shown, {} kept the extractive summary, {} failed; sentences kept {} / dropped {}; prompt {:.0} tok/s, generation {:.1} tok/s; {} lead paragraph(s)",
        stats.done,
        stats.total,
        started.elapsed().as_secs_f64(),
        stats.summarized,
        stats.fallbacks,
        stats.failed,
        stats.kept_sentences,
        stats.dropped_sentences,
        stats.prompt_tps(),
        stats.generation_tps(),
        stats.leads
    );
    catch_up_index(config, &store).await?;
    Ok(stats)
}

/// `proofwire model check`: the model's path, checksum, template and a one-line generation.
pub async fn model_check(config: &Config) -> Result<(), Error> {
    let model = Model::start(&config.summarizer).await?;
    match &model {
        Model::Local(m) => {
            let info = m.info();
            println!("backend:   local (llama.cpp in this process)");
            println!("model:     {}", info.path.display());
            println!(
                "sha256:    {}{}",
                info.sha256,
                if config.summarizer.model_sha256.is_empty() {
                    " (not checked: no expected value configured)"
                } else {
                    " (matches the configured value)"
                }
            );
            println!("size:      {} bytes", info.bytes);
            println!("template:  {}", info.template);
            println!("model:     {}", info.description);
            println!("load time: {:.2} s", info.load_time.as_secs_f64());
            let compiled = crate::summarize::cpu::compiled();
            let unused: Vec<&str> = crate::summarize::cpu::advertised()
                .into_iter()
                .filter(|f| !compiled.iter().any(|c| c == f))
                .collect();
            println!("cpu:       llama.cpp built for {}", compiled.join(" "));
            println!(
                "           this CPU also has {}",
                if unused.is_empty() {
                    "nothing more it could use".to_string()
                } else {
                    unused.join(" ")
                }
            );
        }
        Model::Remote(m) => {
            println!("backend:   openai (model server)");
            println!("server:    {}", m.base_url());
            println!("model:     {} (listed by the server)", m.model_id());
            println!("cache key: {}", m.key());
            println!("schemas:   {:?}", m.dialect());
        }
    }
    let g = model
        .generate(Prompt {
            system: "Answer in one short sentence.".into(),
            before: String::new(),
            document: "What does a daily AI news digest do?".into(),
            after: String::new(),
            max_new_tokens: 40,
            grammar: None,
            schema: None,
        })
        .await?;
    println!("test:      {}", g.text.lines().next().unwrap_or(""));
    match &model {
        Model::Local(_) => println!(
            "speed:     prompt {} tok at {:.0} tok/s, generation {} tok at {:.1} tok/s (threads {}, batch threads {})",
            g.prompt_tokens,
            g.prompt_tps(),
            g.generated_tokens,
            g.generation_tps(),
            config.summarizer.threads,
            config.summarizer.batch_threads
        ),
        Model::Remote(_) => println!(
            "speed:     prompt {} tok, generation {} tok in {:.2} s end to end ({:.1} tok/s generated)",
            g.prompt_tokens,
            g.generated_tokens,
            g.generation_time.as_secs_f64(),
            g.generation_tps()
        ),
    }
    Ok(())
}

/// Two writer threads at most: the machine also serves pages and runs the model.
fn index_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().min(2))
        .unwrap_or(1)
}

/// Opens (or replaces with an empty one) the configured index, off the async threads.
async fn open_index(
    config: &Config,
) -> Result<(SearchIndex, Option<crate::search::index::Unusable>), SearchError> {
    let dir = config.search_index_dir();
    tokio::task::spawn_blocking(move || SearchIndex::open(&dir, index_threads()))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}

/// Brings the index up to date after a CLI ingestion. A running server holds the index; it
/// catches up by itself after its next run, so that case is a note, not a failure.
async fn catch_up_index(config: &Config, store: &Store) -> Result<(), Error> {
    match open_index(config).await {
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
    let following = {
        let (store, index) = (store.clone(), index.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(FOLLOW_EVERY).await;
                if let Err(e) = sync::catch_up(&store, &index).await {
                    tracing::error!(error = %e, "search index catch-up failed");
                }
            }
        })
    };
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

/// Rebuilds the search index from the database with a progress bar.
pub async fn reindex(config: &Config) -> Result<u64, Error> {
    let store = open_store(config).await?;
    let (index, _) = open_index(config).await?;
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

fn ingestor(config: &Config, store: Store) -> Result<Ingestor, Error> {
    let fetcher = Arc::new(Fetcher::new(&config.fetch)?);
    Ok(Ingestor::new(
        store,
        fetcher,
        Arc::new(Extractive),
        config.fetch.clone(),
    ))
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

/// One ingestion run; prints each source's outcome. Failing sources are not fatal.
pub async fn ingest(config: &Config, only: Option<&str>) -> Result<Vec<SourceReport>, Error> {
    let store = open_store(config).await?;
    let sources = sources::effective(&config.sources_file, &store).await?;
    let started = std::time::Instant::now();
    let reports = ingestor(config, store.clone())?.run(&sources, only).await?;
    crate::upkeep::claims(config, &store).await?;
    crate::upkeep::stories(&store).await?;
    catch_up_index(config, &store).await?;
    // After the posts are stored and indexed: a source that fails or is slow (bounded by its
    // budget) cannot cost the run anything.
    if let Err(e) = crate::upkeep::results(config, &store).await {
        tracing::warn!(error = %e, "reading evidence sources failed");
    }
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
    let digest = build_digest(&store, tz, Some(day), config.lang()?.code())
        .await?
        .filter(|d| !d.items.is_empty())
        .ok_or_else(|| ExportError::Empty(date.to_string()))?;
    let head = crate::claims::log::head(&store)
        .await
        .map_err(Error::Store)?;
    let markdown = export::render(
        &digest,
        config.lang()?,
        day,
        Utc::now().with_timezone(&tz),
        &head,
    );
    let dir = out.unwrap_or_else(|| config.export_dir.clone());
    let path = export::write(&dir, day, &markdown)?;
    println!("wrote {}", path.display());
    Ok(path)
}

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
pub async fn serve(config: Config, addr: Option<String>) -> Result<(), Error> {
    let addr_text = addr.unwrap_or_else(|| config.addr.clone());
    let addr: SocketAddr = addr_text.parse().map_err(|_| Error::Addr {
        addr: addr_text.clone(),
    })?;
    let tz = config.tz()?;
    let lang = config.lang()?;
    let drain = crate::drain::Drain::default();
    let grace = Duration::from_secs(config.server.shutdown_grace_secs);
    // Before anything else: a SIGTERM from here on drains instead of killing the process.
    let _signals = crate::signals::watch(drain.clone(), grace).map_err(Error::Signals)?;
    let store = open_store(&config).await?;
    // Check the sources file before binding, so a typo fails fast with a clear message.
    sources::load(&config.sources_file)?;
    crate::heap::keep_giving_back(Duration::from_secs(5));

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind {
            addr: addr_text.clone(),
            source,
        })?;
    let index = sync::open_for_serving(&store, &config.search_index_dir(), index_threads()).await?;
    let search = Search::new(index.clone(), store.clone(), tz);
    let _ = (tz, lang);
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

    // The worker appears once the model is ready: loaded (a second or two), or connected. A
    // model server that is down when this replica starts is tried again every half minute;
    // until then, and whenever it fails, the extractive summaries stay.
    let worker: Arc<std::sync::OnceLock<Arc<crate::work::Worker>>> = Default::default();
    let worker_id = format!("{}:{addr}:{}", host_name(), std::process::id());
    release_earlier_jobs(&store, &addr, &worker_id).await;
    let mut working = {
        let (config, store, worker, drain) =
            (config.clone(), store.clone(), worker.clone(), drain.clone());
        let worker_id = worker_id.clone();
        tokio::spawn(async move {
            if !config.summarizer.enabled {
                tracing::info!("summarizer disabled: extractive summaries only");
                return;
            }
            model_status.starting();
            let model = loop {
                match connect_model(&config).await {
                    Ok((m, summarizer)) => {
                        model_status.ready(m);
                        break summarizer;
                    }
                    Err(e) => {
                        let remote = config.summarizer.backend == "openai";
                        model_status.unavailable(if remote {
                            format!(
                                "{e} (trying again every {} s)",
                                MODEL_SERVER_RETRY.as_secs()
                            )
                        } else {
                            e.to_string()
                        });
                        if !remote {
                            return;
                        }
                        tokio::select! {
                            _ = tokio::time::sleep(MODEL_SERVER_RETRY) => {}
                            _ = drain.started() => return,
                        }
                    }
                }
            };
            let refiner = model.model().clone();
            let pipeline = Pipeline::new(store.clone(), model, tz, &config.language);
            let w = Arc::new(
                crate::work::Worker::new(store, pipeline, refiner, worker_id)
                    .with_translations(translations),
            );
            let _ = worker.set(w.clone());
            // Work a cut round did not get to queue (it queues at its end, and only once the
            // model is ready) is queued now; the same work is never queued twice.
            match w.enqueue().await {
                Ok(n) if n > 0 => tracing::info!(jobs = n, "model work queued at start"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "queueing model work failed"),
            }
            // Every replica with a model works the shared job queue.
            w.run_forever(&drain).await;
        })
    };
    // Every replica keeps its own search index in step with the change log.
    let following = {
        let (store, index) = (store.clone(), index.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(FOLLOW_EVERY).await;
                if let Err(e) = sync::catch_up(&store, &index).await {
                    tracing::error!(error = %e, "search index catch-up failed");
                }
            }
        })
    };
    // Daily briefings: every replica looks; the (subscription, day) claim lets one send.
    let briefings = if config.briefing.enabled {
        let delivery = crate::briefing::Delivery::new(&config, store.clone(), worker_id.clone())
            .map_err(|e| Error::Briefing(e.to_string()))?;
        let drain = drain.clone();
        Some(tokio::spawn(
            async move { delivery.run_forever(&drain).await },
        ))
    } else {
        None
    };
    // One replica at a time runs the schedule.
    let mut scheduler = tokio::spawn(
        crate::scheduler::Scheduler {
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
    println!("Proofwire is serving at http://{addr}");
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
        .map_err(Error::Serve);
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
    // queue), so a database that does not answer in time does not hold the exit.
    let recorded = tokio::time::timeout(
        STOP_RECORD_BUDGET,
        crate::rounds::record_stop(&config, &store, &worker_id, took),
    )
    .await;
    if recorded.is_err() {
        tracing::warn!(
            budget_ms = STOP_RECORD_BUDGET.as_millis() as u64,
            "stopped: what was left could not be recorded in time; the next start finds the unfinished round and resumes it"
        );
    }
    result
}

/// How long recording what a stop left may take (less than `signals::OVERRUN`).
const STOP_RECORD_BUDGET: Duration = Duration::from_secs(2);
const _: () = assert!(STOP_RECORD_BUDGET.as_secs() < crate::signals::OVERRUN.as_secs());

/// Jobs an earlier process of this replica held when it died go back to the queue at once,
/// rather than when their lease runs out. On SQLite every running job is such a job (one
/// process serves the file).
async fn release_earlier_jobs(store: &Store, addr: &SocketAddr, me: &str) {
    let prefix = match store.engine() {
        crate::db::Engine::Sqlite => String::new(),
        crate::db::Engine::Postgres => format!("{}:{addr}:", host_name()),
    };
    match store.release_jobs(&prefix, me, Utc::now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            jobs = n,
            "model jobs left running by an earlier process queued again"
        ),
        Err(e) => tracing::error!(error = %e, "cannot queue again the jobs of an earlier process"),
    }
}

/// How often a replica whose model server was unreachable at start tries it again.
const MODEL_SERVER_RETRY: Duration = Duration::from_secs(30);
/// How often every replica reads the change log into its search index.
const FOLLOW_EVERY: Duration = Duration::from_secs(2);

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}

/// Prints precision and recall of the story merges on the labelled set.
/// `proofwire eval-results`: the claim–result matcher on the labelled pairs of
/// `DIR/results-pairs*.jsonl`.
pub fn eval_results(dir: &Path, show: bool) -> Result<(), Error> {
    use crate::results::evaluate;
    let files = evaluate::files(dir).map_err(Error::Usage)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no results-pairs*.jsonl in {} (format: content/eval/results-pairs.md)",
            dir.display()
        )));
    }
    let pairs = evaluate::load(&files).map_err(Error::Usage)?;
    if show {
        for p in evaluate::failures(&pairs) {
            println!("{}", p.describe());
        }
        println!();
    }
    print!("{}", evaluate::report(&pairs));
    Ok(())
}

pub fn eval_stories(set: &Path, show: bool, all: bool) -> Result<(), Error> {
    use crate::stories::evaluate;
    let items = evaluate::load(set).map_err(Error::Usage)?;
    let report = evaluate::Report::run(&items);
    if show {
        print!("{}", evaluate::mistakes(&report, all));
        println!();
    }
    print!("{}", evaluate::table(&report));
    Ok(())
}

/// What `eval-translations` measures: the sets, the split, how many of each group, where the
/// answers are kept, whether tuning sentences are printed.
pub struct TranslationEval<'a> {
    pub sets: &'a [PathBuf],
    /// "tuning", "held-out" or "all".
    pub split: &'a str,
    pub limit: Option<usize>,
    pub answers: Option<&'a Path>,
    /// Only the sentences with a kept answer (no model call).
    pub kept_only: bool,
    pub show: bool,
}

pub async fn eval_translations(
    config: &Config,
    choice: &TranslationEval<'_>,
    models: &[PathBuf],
    backends: &[String],
) -> Result<(), Error> {
    use crate::translate::evaluate;
    let items = evaluate::load_all(choice.sets).map_err(Error::Usage)?;
    let mut chosen: Vec<&evaluate::Item> = Vec::new();
    for held_out in [false, true] {
        let wanted = match choice.split {
            "tuning" => !held_out,
            "held-out" => held_out,
            _ => true,
        };
        if !wanted {
            continue;
        }
        for direction in [("en", "ko"), ("ko", "en")] {
            chosen.extend(
                items
                    .iter()
                    .filter(|i| {
                        i.held_out == held_out && (i.from.as_str(), i.to.as_str()) == direction
                    })
                    .take(choice.limit.unwrap_or(usize::MAX)),
            );
        }
    }
    let answers = match choice.answers {
        Some(path) => evaluate::load_answers(path).map_err(Error::Usage)?,
        None => Vec::new(),
    };
    let mut runs = Vec::new();
    for (name, cfg) in crate::eval::candidates(config, models, backends) {
        let model = Model::start(&cfg).await?;
        eprintln!(
            "{name}: ready ({}); {} sentences",
            model.describe(),
            chosen.len()
        );
        let run =
            evaluate::run(&model, &chosen, &answers, choice.answers, choice.kept_only).await?;
        if choice.show {
            print!("{}", evaluate::details(&run));
        }
        runs.push(run);
    }
    print!("{}", evaluate::table(&runs));
    Ok(())
}

/// Prints how many wrong translations the checks catch and right ones they refuse.
pub fn eval_meaning(set: &Path, references: &Path, show: bool) -> Result<(), Error> {
    use crate::translate::{evaluate, meaning_eval};
    let labelled = meaning_eval::load(set).map_err(Error::Usage)?;
    let sentences = evaluate::load(references).map_err(Error::Usage)?;
    let references = meaning_eval::references(&sentences);
    if show {
        print!("{}", meaning_eval::mistakes(&labelled, &references));
    }
    print!("{}", meaning_eval::table(&labelled, &references));
    Ok(())
}

/// Translates into the digest language the posts of `date` (or of every day) written in
/// another language, with the configured model.
pub async fn translate(config: &Config, date: Option<&str>) -> Result<(), Error> {
    let store = open_store(config).await?;
    let tz = config.tz()?;
    let days: Vec<chrono::NaiveDate> = match date {
        Some(d) => vec![crate::dates::parse_date(d)
            .ok_or_else(|| Error::Usage(format!("{d:?} is not a date (expected YYYY-MM-DD)")))?],
        None => store
            .all_published()
            .await?
            .into_iter()
            .map(|t| crate::dates::local_date(t, tz))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            // The latest day first: it is the one being read.
            .rev()
            .collect(),
    };
    let model = Model::start(&config.summarizer).await?;
    let summarizer = Arc::new(ModelSummarizer::new(
        model,
        config.summarizer.max_new_tokens,
        None,
    ));
    let pipeline = Pipeline::new(store.clone(), summarizer, tz, config.lang()?.code());
    let mut total = 0;
    for day in days {
        let n = crate::translating::translate_day(
            &store,
            pipeline.summarizer().model(),
            tz,
            pipeline.digest_language(),
            day,
        )
        .await?;
        if n > 0 {
            tracing::info!(date = %day, sentences = n, "translated into the digest language");
        }
        total += n;
    }
    println!("{total} sentences translated");
    Ok(())
}

/// Both ranking sets: the vendor-launch days (per day) and the outlet news days (per day for
/// the tuned-on ones with `--show`, the held-out ones as sums only, whatever the flags).
pub fn eval_ranking(
    days: &Path,
    posts: &[PathBuf],
    news_days: &Path,
    show: bool,
    all: bool,
) -> Result<(), Error> {
    use crate::ranking::{evaluate, news_days as news};
    let paths: Vec<&Path> = posts.iter().map(PathBuf::as_path).collect();
    let set = evaluate::load(days, &paths).map_err(Error::Usage)?;
    let report = evaluate::Report::run(&set);
    let news_set = news::load(news_days).map_err(Error::Usage)?;
    let news_report = news::Report::run(&news_set);
    if show {
        print!("{}", evaluate::details(&report, all));
        println!();
        print!("{}", news::details(&news_report));
        println!();
    }
    println!("Vendor launch days ({})", days.display());
    print!("{}", evaluate::table(&report));
    println!();
    println!("Outlet news days ({})", news_days.display());
    print!("{}", news::table(&news_report));
    Ok(())
}

/// `proofwire sources import FILE.opml`: the file's feeds that sources.toml lacks, appended.
pub fn sources_import(
    config: &Config,
    file: &std::path::Path,
    language: &str,
    enabled: bool,
) -> Result<(), Error> {
    let done = crate::opml::import(file, &config.sources_file, language, enabled)?;
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
    let reports = crate::upkeep::results(config, &store).await?;
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

/// `proofwire export-eee DIR`: every benchmark claim as an Every Eval Ever record, one file
/// each, in the datastore's layout; claims that cannot be one (no number, benchmark or model)
/// are counted and named. Returns how many files were written.
pub async fn export_eee(config: &Config, dir: &std::path::Path) -> Result<usize, Error> {
    let store = open_store(config).await?;
    let rows = store
        .claims(&crate::claims::record::ClaimFilter {
            limit: i64::MAX,
            ..Default::default()
        })
        .await
        .map_err(Error::Store)?;
    let (mut written, mut skipped) = (0usize, Vec::new());
    for claim in rows
        .iter()
        .filter(|c| c.kind == app::vocab::ClaimKind::Benchmark)
    {
        let exported = match crate::results::give_back::record(claim, &config.public_url) {
            Ok(e) => e,
            Err(why) => {
                skipped.push(format!("claim {}: {why}", claim.id));
                continue;
            }
        };
        let path = dir.join(&exported.path);
        let write = |path: &std::path::Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let text =
                serde_json::to_string_pretty(&exported.record).map_err(std::io::Error::other)?;
            std::fs::write(path, format!("{text}\n"))
        };
        write(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written += 1;
    }
    for s in &skipped {
        eprintln!("skipped {s}");
    }
    println!(
        "wrote {written} Every Eval Ever record(s) to {}; {} benchmark claim(s) skipped",
        dir.display(),
        skipped.len()
    );
    Ok(written)
}

/// `proofwire user add NAME [--editor]`: the password comes from a prompt on a terminal, or
/// from the first line of standard input otherwise (for scripts).
pub async fn user_add(config: &Config, name: &str, editor: bool) -> Result<(), Error> {
    use std::io::{BufRead, IsTerminal};
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .map_err(|e| Error::Usage(format!("cannot read the password: {e}")))?;
        let again = rpassword::prompt_password("Again: ")
            .map_err(|e| Error::Usage(format!("cannot read the password: {e}")))?;
        if first != again {
            return Err(Error::Usage("the passwords differ".into()));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::Usage(format!("cannot read the password from stdin: {e}")))?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    let store = open_store(config).await?;
    crate::auth::add_user(&store, name, &password, editor).await?;
    println!(
        "added {} {name}",
        if editor { "editor" } else { "user (read-only)" }
    );
    Ok(())
}

/// `proofwire claims refine`: the local model structures the fields of claims it has not read.
pub async fn claims_refine(config: &Config) -> Result<crate::claims::refine::RefineStats, Error> {
    if !config.summarizer.enabled {
        return Err(Error::ModelDisabled);
    }
    let store = open_store(config).await?;
    let model = Model::start(&config.summarizer).await?;
    let started = std::time::Instant::now();
    let stats = crate::claims::refine::run(&store, &model)
        .await
        .map_err(|e| match e {
            crate::claims::refine::RefineError::Db(e) => Error::Store(e),
            crate::claims::refine::RefineError::Model(e) => Error::Model(e),
        })?;
    println!(
        "read {} claim(s) in {:.1} s: {} answers passed the check ({} claims completed), {} refused (rule fields kept)",
        stats.read,
        started.elapsed().as_secs_f64(),
        stats.accepted,
        stats.completed,
        stats.rejected
    );
    Ok(stats)
}

/// `proofwire eval-claims`: the extraction scores on the labelled set, as Markdown tables: the
/// rules alone, and with `model` the rules with the local model choosing each claim's kind,
/// subject and metric among the rules' spans (`claims::choose`). `splits` limits the run to
/// those splits (the model reads one claim at a time: the whole set takes long).
pub async fn eval_claims(
    config: &Config,
    set: &Path,
    show: bool,
    dev: bool,
    model: bool,
    answers: Option<&Path>,
    splits: &[String],
) -> Result<(), Error> {
    use crate::claims::evaluate;
    let mut items = evaluate::load(set).map_err(Error::Usage)?;
    if !splits.is_empty() {
        items.retain(|i| splits.iter().any(|s| s == i.split.key()));
    }
    let report = evaluate::Report::run(&items);
    if show {
        print!("{}", evaluate::failures(&report, dev));
        println!();
    }
    println!("rules alone:\n");
    print!("{}", evaluate::table(&report));
    if model {
        if !config.summarizer.enabled {
            return Err(Error::ModelDisabled);
        }
        use crate::claims::choose;
        let llm = Model::start(&config.summarizer).await?;
        let method = choose::method(&llm);
        let mut kept = match answers {
            Some(path) => Some(
                crate::claims::answers::Answers::open(path)
                    .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?,
            ),
            None => None,
        };
        let mut predictions: Vec<_> = items.iter().map(evaluate::predict).collect();
        let mut total = choose::ChooseStats::default();
        let mut asked = 0usize;
        let claims: usize = predictions.iter().map(Vec::len).sum();
        for (item, p) in items.iter().zip(predictions.iter_mut()) {
            let context = item.ctx.as_deref();
            for c in p.iter_mut() {
                let o = choose::Options::of(&c.sentence, context);
                let prompt = choose::prompt(c, context, &o);
                let key = crate::claims::answers::key(&method, &prompt);
                let answer = match kept.as_ref().and_then(|k| k.get(&key)) {
                    Some(a) => a.to_string(),
                    None => {
                        let started = std::time::Instant::now();
                        let text = llm.generate(prompt).await?.text;
                        total.time += started.elapsed();
                        asked += 1;
                        if let Some(k) = kept.as_mut() {
                            k.put(key, text.clone())
                                .map_err(|e| Error::Usage(format!("answers file: {e}")))?;
                        }
                        text
                    }
                };
                choose::apply(c, &o, &answer, &mut total);
                eprint!("\r{} of {claims} claims read", total.read);
            }
        }
        eprintln!();
        let chosen = evaluate::Report::from_predictions(&items, predictions);
        let per = total.time.as_secs_f64() / asked.max(1) as f64;
        println!(
            "\nrules + model choosing ({method}): {} claims read, {asked} asked in {:.0} s ({per:.2} s a claim; the rest from the answers file), {} answers passed the check ({} changed a claim), {} refused\n",
            total.read,
            total.time.as_secs_f64(),
            total.accepted,
            total.changed,
            total.refused
        );
        if show {
            print!("{}", evaluate::failures(&chosen, dev));
            println!();
        }
        print!("{}", evaluate::table(&chosen));
    }
    Ok(())
}

/// A published head to check the chain against.
pub enum Anchor {
    Head { head: String, events: Option<i64> },
    File(PathBuf),
}

/// `proofwire verify-log`: walks the claim event chain; an error names the first bad event.
/// With an anchor, the chain must also still hold the head published earlier.
pub async fn verify_log(config: &Config, anchor: Option<Anchor>) -> Result<(), Error> {
    use crate::claims::log::{self, Checkpoint};
    let anchor = match anchor {
        None => None,
        Some(Anchor::Head { head, events }) => Some(Checkpoint {
            events,
            head: head.trim().to_ascii_lowercase(),
            at: None,
        }),
        Some(Anchor::File(path)) => {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Checkpoint {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Some(serde_json::from_str(&text).map_err(|e| Error::Checkpoint {
                path,
                message: e.to_string(),
            })?)
        }
    };
    let store = open_store(config).await?;
    let db = Error::Store;
    let v = log::verify(&store)
        .await
        .map_err(db)?
        .map_err(Error::LogBroken)?;
    if let Some(cp) = &anchor {
        log::holds(&store, cp)
            .await
            .map_err(db)?
            .map_err(Error::LogBroken)?;
    }
    println!("claim log intact: {} events, head {}", v.events, v.head);
    if let Some(cp) = anchor {
        println!(
            "published head {} is in the chain{}",
            cp.head,
            cp.events
                .map(|n| format!(" at event {n}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

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
        match open_index(config).await {
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

/// `proofwire checkpoint`: the claim log's head and length as JSON, to keep outside the
/// database (`verify-log --checkpoint FILE` checks against it later).
pub async fn checkpoint(config: &Config, out: Option<PathBuf>) -> Result<(), Error> {
    let store = open_store(config).await?;
    let mut cp = crate::claims::log::head(&store)
        .await
        .map_err(Error::Store)?;
    cp.at = Some(crate::dates::ts(Utc::now()));
    let json = serde_json::to_string_pretty(&cp).unwrap_or_default();
    match out {
        Some(path) => {
            std::fs::write(&path, format!("{json}\n")).map_err(|e| Error::Checkpoint {
                path: path.clone(),
                message: e.to_string(),
            })?;
            println!("wrote {}", path.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

/// `proofwire claims export --format claimreview`: ClaimReview JSON-LD of every reviewed claim.
pub async fn claims_export(config: &Config, out: Option<PathBuf>) -> Result<usize, Error> {
    let store = open_store(config).await?;
    let tz = config.tz()?;
    let pool = &store;
    let rows = pool
        .claims(&crate::claims::record::ClaimFilter {
            limit: i64::MAX,
            ..Default::default()
        })
        .await
        .map_err(Error::Store)?;
    let mut reviews = Vec::new();
    for r in rows.iter().filter(|r| r.status.is_review()) {
        let events = crate::claims::log::events_of(pool, r.id)
            .await
            .map_err(Error::Store)?;
        let reviewer = crate::claims::views::reviewer(&events);
        let card = crate::claims::views::card(r, tz);
        reviews.extend(crate::claims::jsonld::claim_review(
            &card,
            &reviewer,
            &config.public_url,
        ));
    }
    let text = serde_json::to_string_pretty(&reviews).unwrap_or_else(|_| "[]".into());
    match out {
        Some(path) => {
            std::fs::write(&path, format!("{text}\n")).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            eprintln!(
                "wrote {} ClaimReview(s) to {}",
                reviews.len(),
                path.display()
            );
        }
        None => println!("{text}"),
    }
    Ok(reviews.len())
}
