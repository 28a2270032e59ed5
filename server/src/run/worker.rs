//! The model and the worker that runs its jobs: starting the configured model (for `serve`
//! and for the commands that use it), and `serve`'s task that waits for the model, then works
//! the shared job queue until the drain.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::Utc;

use crate::config::Config;
use crate::db::Store;
use crate::drain::Drain;
use crate::summarize::backend::Model;
use crate::summarize::llama::LlmError;
use crate::summarize::model::ModelSummarizer;
use crate::summarize::pipeline::Pipeline;
use crate::summarize::status::StatusHandle;
use crate::translate::queue::TranslationQueue;
use crate::work::Worker;

/// How often a replica whose model server was unreachable at start tries it again.
pub const MODEL_SERVER_RETRY: Duration = Duration::from_secs(30);

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
pub fn model_summarizer(config: &Config, model: Model) -> Arc<ModelSummarizer> {
    let fixed = (config.summarizer.output_language == "digest").then(|| config.language.clone());
    Arc::new(ModelSummarizer::new(
        model,
        config.summarizer.max_new_tokens,
        fixed,
    ))
}

/// What `serve`'s worker task needs: where it writes, who it is, what it shows.
pub struct WorkerTask {
    pub config: Config,
    /// The configured time zone (the days a lead or a translation is for).
    pub tz: chrono_tz::Tz,
    pub store: Store,
    /// Set once the model is ready; the schedule queues work for it from then on.
    pub worker: Arc<OnceLock<Arc<Worker>>>,
    pub drain: Drain,
    pub worker_id: String,
    pub status: StatusHandle,
    pub translations: TranslationQueue,
}

impl WorkerTask {
    /// The worker appears once the model is ready: loaded (a second or two), or connected. A
    /// model server that is down when this replica starts is tried again every half minute;
    /// until then, and whenever it fails, the extractive summaries stay.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.run())
    }

    async fn run(self) {
        let WorkerTask {
            config,
            tz,
            store,
            worker,
            drain,
            worker_id,
            status,
            translations,
        } = self;
        if !config.summarizer.enabled {
            tracing::info!("summarizer disabled: extractive summaries only");
            return;
        }
        status.starting();
        let model = loop {
            match connect_model(&config).await {
                Ok((m, summarizer)) => {
                    status.ready(m);
                    break summarizer;
                }
                Err(e) => {
                    let remote = config.summarizer.backend == "openai";
                    status.unavailable(if remote {
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
            Worker::new(store, pipeline, refiner, worker_id).with_translations(translations),
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
    }
}

/// This replica's name in the jobs and rounds it takes: host, listen address, process.
pub fn worker_id(addr: &SocketAddr) -> String {
    format!("{}:{addr}:{}", host_name(), std::process::id())
}

/// Jobs an earlier process of this replica held when it died go back to the queue at once,
/// rather than when their lease runs out. On SQLite every running job is such a job (one
/// process serves the file).
pub async fn release_earlier_jobs(store: &Store, addr: &SocketAddr, me: &str) {
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

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}
