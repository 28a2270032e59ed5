//! Which model answers: the embedded llama.cpp model or an OpenAI-compatible server on its own
//! machine. Everything above this — prompts, the grounding check, the claim-field check, the
//! caches and the job queue — is the same for both.

use super::llama::{Generation, LlmError, LocalModel, Prompt};
use super::remote::{Health, RemoteModel};
use crate::config::SummarizerConfig;

#[derive(Clone)]
pub enum Model {
    Local(LocalModel),
    Remote(RemoteModel),
}

impl Model {
    /// Starts the configured backend: loads the GGUF (on a blocking thread), or connects to
    /// the server and checks that it serves the configured model.
    pub async fn start(cfg: &SummarizerConfig) -> Result<Model, LlmError> {
        if cfg.backend == "openai" {
            return Ok(Model::Remote(RemoteModel::connect(cfg).await?));
        }
        let cfg = cfg.clone();
        tokio::task::spawn_blocking(move || LocalModel::start(&cfg))
            .await
            .map_err(|e| LlmError::Runtime(format!("the model loader stopped: {e}")))?
            .map(Model::Local)
    }

    pub async fn generate(&self, prompt: Prompt) -> Result<Generation, LlmError> {
        match self {
            Model::Local(m) => m.generate(prompt).await,
            Model::Remote(m) => m.generate(prompt).await,
        }
    }

    /// Generations asked of the model (tests count cache hits with it).
    pub fn calls(&self) -> u64 {
        match self {
            Model::Local(m) => m.calls(),
            Model::Remote(m) => m.calls(),
        }
    }

    /// What a model run records and caches are compared by: the GGUF's SHA-256, or the
    /// server's backend, model id and fingerprint. Switching backends changes it, so every
    /// article is summarized again once.
    pub fn key(&self) -> String {
        match self {
            Model::Local(m) => m.info().sha256.clone(),
            Model::Remote(m) => m.key(),
        }
    }

    /// A method name for work this model did: `llama:<sha12>:<what>` or
    /// `openai:<model>[@fingerprint]:<what>`.
    pub fn method(&self, what: &str) -> String {
        match self {
            Model::Local(m) => format!("llama:{}:{what}", m.info().short_sha()),
            Model::Remote(m) => format!("{}:{what}", m.key()),
        }
    }

    /// Whether the model can be asked now (a server's breaker may be open).
    pub fn health(&self) -> Health {
        match self {
            Model::Local(_) => Health::Ready,
            Model::Remote(m) => m.health(),
        }
    }

    /// One line for logs and status pages.
    pub fn describe(&self) -> String {
        match self {
            Model::Local(m) => format!(
                "local model {} (sha256 {})",
                m.info().path.display(),
                m.info().short_sha()
            ),
            Model::Remote(m) => format!("{} at {}", m.key(), m.base_url()),
        }
    }

    /// The embedded model, for what only it can do (the bare decode loop of the benchmark).
    pub fn local(&self) -> Option<&LocalModel> {
        match self {
            Model::Local(m) => Some(m),
            Model::Remote(_) => None,
        }
    }
}
