//! The local model: one llama.cpp model loaded once and driven by one worker thread, fed through a
//! bounded queue. Async callers wait for their turn; the web server's threads are never used
//! for inference, and the worker runs at a lower CPU priority so pages stay quick while it works.

use std::fs::File;
use std::io::Read;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};

use crate::config::SummarizerConfig;

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("model file {0} does not exist (scripts/setup.sh installs the default model)")]
    Missing(PathBuf),
    #[error("cannot read model file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("model file {path} has SHA-256 {actual}, expected {expected}: it is truncated, corrupt or another model (re-run scripts/setup.sh)")]
    Checksum {
        path: PathBuf,
        actual: String,
        expected: String,
    },
    #[error("llama.cpp could not load {0}: {1}")]
    Load(PathBuf, String),
    #[error("llama.cpp failed: {0}")]
    Runtime(String),
    #[error("the model worker has stopped")]
    Stopped,
    #[error("model server settings: {0}")]
    Config(String),
    #[error("{0}")]
    Remote(String),
    #[error("model server unavailable: {0}")]
    Unavailable(String),
}

/// What `proofwire model check` reports and what a summary records.
#[derive(Clone, Debug)]
pub struct ModelInfo {
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    /// `model` when the GGUF carries a chat template, `chatml (built in)` otherwise.
    pub template: String,
    pub description: String,
    pub load_time: Duration,
}

impl ModelInfo {
    /// The first 12 hex digits: enough to tell models apart in a method name.
    pub fn short_sha(&self) -> &str {
        &self.sha256[..self.sha256.len().min(12)]
    }
}

#[derive(Clone, Debug)]
pub struct Prompt {
    pub system: String,
    /// The user turn before the document.
    pub before: String,
    /// The article text; cut at the end when the context window is too small for all of it.
    pub document: String,
    /// The user turn after the document.
    pub after: String,
    pub max_new_tokens: u32,
    /// A GBNF grammar the answer must follow (the embedded model).
    pub grammar: Option<String>,
    /// The same constraint as a JSON Schema (a model server, in its dialect). Either way the
    /// answer is checked as if nothing had constrained it.
    pub schema: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default)]
pub struct Generation {
    pub text: String,
    pub prompt_tokens: usize,
    /// Of `prompt_tokens`, how many the model already held from the previous prompt (the same
    /// system prompt and instructions) and did not read again.
    pub reused_tokens: usize,
    pub generated_tokens: usize,
    pub prompt_time: Duration,
    pub generation_time: Duration,
    /// The document was cut to fit the context window.
    pub truncated: bool,
}

impl Generation {
    pub fn prompt_tps(&self) -> f64 {
        self.prompt_tokens as f64 / self.prompt_time.as_secs_f64().max(1e-9)
    }
    pub fn generation_tps(&self) -> f64 {
        self.generated_tokens as f64 / self.generation_time.as_secs_f64().max(1e-9)
    }
}

/// The bare decode loop measured the way `llama-bench` does it: random tokens, no sampling
/// cost beyond greedy, for comparing against the summarizer end to end.
#[derive(Clone, Copy, Debug)]
pub struct RawRun {
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prompt_time: Duration,
    pub generation_time: Duration,
}

enum Job {
    Generate(Prompt, oneshot::Sender<Result<Generation, LlmError>>),
    Raw {
        prompt_tokens: usize,
        generate: usize,
        seed: u64,
        reply: oneshot::Sender<Result<RawRun, LlmError>>,
    },
}

/// A handle to the model worker. Cloning shares the worker.
#[derive(Clone)]
pub struct LocalModel {
    tx: mpsc::Sender<Job>,
    info: Arc<ModelInfo>,
    calls: Arc<AtomicU64>,
}

fn backend() -> Result<&'static LlamaBackend, LlmError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            let mut b = LlamaBackend::init().map_err(|e| e.to_string())?;
            // llama.cpp's own logging goes to stderr line by line; our log says what matters.
            b.void_logs();
            Ok(b)
        })
        .as_ref()
        .map_err(|e| LlmError::Runtime(e.clone()))
}

pub fn sha256_file(path: &Path) -> Result<(String, u64), LlmError> {
    let mut f = File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            LlmError::Missing(path.to_path_buf())
        } else {
            LlmError::Read(path.to_path_buf(), e)
        }
    })?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| LlmError::Read(path.to_path_buf(), e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        h.update(&buf[..n]);
    }
    Ok((hex::encode(h.finalize()), total))
}

/// Runs at a lower priority than the web server: on Linux `nice` applies per thread.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls on the calling thread; failure only leaves the priority as it is.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

impl LocalModel {
    /// Checks the file (exists, SHA-256 when one is configured), loads it on a new worker thread
    /// and returns once it is ready, or with the reason it cannot be.
    pub fn start(cfg: &SummarizerConfig) -> Result<LocalModel, LlmError> {
        let path = cfg.model.clone();
        if !path.exists() {
            return Err(LlmError::Missing(path));
        }
        let (sha256, bytes) = sha256_file(&path)?;
        if !cfg.model_sha256.is_empty() && !cfg.model_sha256.eq_ignore_ascii_case(&sha256) {
            return Err(LlmError::Checksum {
                path,
                actual: sha256,
                expected: cfg.model_sha256.clone(),
            });
        }
        let backend = backend()?;
        let (tx, rx) = mpsc::channel::<Job>(cfg.queue.max(1));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let settings = cfg.clone();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("proofwire-model".into())
            .spawn(move || {
                lower_priority();
                let started = Instant::now();
                let model = match LlamaModel::load_from_file(
                    backend,
                    &thread_path,
                    &LlamaModelParams::default(),
                ) {
                    Ok(m) => m,
                    Err(e) => {
                        let _ = ready_tx.send(Err(LlmError::Load(thread_path, e.to_string())));
                        return;
                    }
                };
                let template = match model.chat_template(None) {
                    Ok(_) => "model".to_string(),
                    Err(_) => "chatml (built in)".to_string(),
                };
                let description = format!(
                    "{} parameters, {} layers, trained context {}",
                    model.n_params(),
                    model.n_layer(),
                    model.n_ctx_train()
                );
                let params = LlamaContextParams::default()
                    .with_n_ctx(NonZeroU32::new(settings.context_tokens))
                    .with_n_batch(512)
                    .with_n_threads(settings.threads as i32)
                    .with_n_threads_batch(settings.batch_threads as i32);
                let ctx = match model.new_context(backend, params) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = ready_tx.send(Err(LlmError::Load(thread_path, e.to_string())));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok((template, description, started.elapsed())));
                worker_loop(&model, ctx, rx);
            })
            .map_err(|e| LlmError::Runtime(format!("cannot start the model thread: {e}")))?;
        let (template, description, load_time) =
            ready_rx.recv().map_err(|_| LlmError::Stopped)??;
        Ok(LocalModel {
            tx,
            info: Arc::new(ModelInfo {
                path,
                sha256,
                bytes,
                template,
                description,
                load_time,
            }),
            calls: Arc::new(AtomicU64::new(0)),
        })
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// How many generations were asked of the model (tests count cache hits with it).
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Queues a prompt and waits for the answer; waits for room when the queue is full.
    pub async fn generate(&self, prompt: Prompt) -> Result<Generation, LlmError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job::Generate(prompt, reply))
            .await
            .map_err(|_| LlmError::Stopped)?;
        answer.await.map_err(|_| LlmError::Stopped)?
    }

    /// The bare loop: `prompt_tokens` random tokens, then `generate` greedy tokens.
    pub async fn raw_run(
        &self,
        prompt_tokens: usize,
        generate: usize,
        seed: u64,
    ) -> Result<RawRun, LlmError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job::Raw {
                prompt_tokens,
                generate,
                seed,
                reply,
            })
            .await
            .map_err(|_| LlmError::Stopped)?;
        answer.await.map_err(|_| LlmError::Stopped)?
    }
}

/// The context and the tokens its cache holds from position 0: the last prompt. Prompts of one
/// kind share their start (the system prompt, the instructions, a glossary), often half their
/// length, so the next prompt reads only what differs, as llama.cpp's own server does.
struct Session<'a> {
    ctx: LlamaContext<'a>,
    held: Vec<LlamaToken>,
}

/// How many of `next`'s tokens the cache holding `held` can keep: their common start, less at
/// least the last token, whose logits the next step needs computed.
fn reusable(held: &[LlamaToken], next: &[LlamaToken]) -> usize {
    let common = held.iter().zip(next).take_while(|(a, b)| a == b).count();
    common.min(next.len().saturating_sub(1))
}

impl Session<'_> {
    /// Drops what the cache holds after the part `next` shares with it; returns that part's
    /// length. A cache that cannot drop a tail is cleared and nothing is reused.
    fn keep_shared(&mut self, next: &[LlamaToken]) -> usize {
        let keep = reusable(&self.held, next);
        self.held.clear();
        if keep > 0 {
            if let Ok(true) = self
                .ctx
                .clear_kv_cache_seq(Some(0), Some(keep as u32), None)
            {
                return keep;
            }
        }
        self.ctx.clear_kv_cache();
        0
    }
}

fn worker_loop(model: &LlamaModel, ctx: LlamaContext<'_>, mut rx: mpsc::Receiver<Job>) {
    let mut session = Session {
        ctx,
        held: Vec::new(),
    };
    while let Some(job) = rx.blocking_recv() {
        match job {
            Job::Generate(prompt, reply) => {
                // A panic inside one job (a bug, or llama-cpp-2 refusing input) fails that job
                // with its message instead of silently ending the worker for every later job.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    generate(model, &mut session, &prompt)
                }))
                .unwrap_or_else(|p| {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "unknown panic".into());
                    Err(LlmError::Runtime(format!("generation panicked: {msg}")))
                });
                let _ = reply.send(r);
            }
            Job::Raw {
                prompt_tokens,
                generate,
                seed,
                reply,
            } => {
                session.held.clear();
                let _ = reply.send(raw_run(
                    model,
                    &mut session.ctx,
                    prompt_tokens,
                    generate,
                    seed,
                ));
            }
        }
    }
}

fn rt(e: impl std::fmt::Display) -> LlmError {
    LlmError::Runtime(e.to_string())
}

/// ChatML, for models without a template of their own (the format Qwen and many others use).
fn chatml(system: &str, user: &str) -> String {
    format!("<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n")
}

fn render(model: &LlamaModel, system: &str, user: &str) -> Result<String, LlmError> {
    match model.chat_template(None) {
        Ok(tmpl) => {
            let msgs = [
                LlamaChatMessage::new("system".into(), system.into()).map_err(rt)?,
                LlamaChatMessage::new("user".into(), user.into()).map_err(rt)?,
            ];
            match model.apply_chat_template(&tmpl, &msgs, true) {
                Ok(s) => Ok(s),
                // llama.cpp knows a fixed set of templates; an unknown one falls back to ChatML.
                Err(_) => Ok(chatml(system, user)),
            }
        }
        Err(_) => Ok(chatml(system, user)),
    }
}

/// Feeds `tokens` from position `start`, asking for logits of the last one only.
fn feed(ctx: &mut LlamaContext<'_>, tokens: &[LlamaToken], start: usize) -> Result<(), LlmError> {
    let n_batch = ctx.n_batch() as usize;
    let mut batch = LlamaBatch::new(n_batch, 1);
    let last = start + tokens.len() - 1;
    for (chunk_no, chunk) in tokens.chunks(n_batch).enumerate() {
        batch.clear();
        for (i, t) in chunk.iter().enumerate() {
            let pos = start + chunk_no * n_batch + i;
            batch.add(*t, pos as i32, &[0], pos == last).map_err(rt)?;
        }
        ctx.decode(&mut batch).map_err(rt)?;
    }
    Ok(())
}

/// Greedy decoding from the current state; returns the tokens produced.
fn decode_loop(
    model: &LlamaModel,
    ctx: &mut LlamaContext<'_>,
    sampler: &mut LlamaSampler,
    mut pos: usize,
    max: usize,
    stop_at_eog: bool,
) -> Result<Vec<LlamaToken>, LlmError> {
    let mut out = Vec::with_capacity(max);
    let mut batch = LlamaBatch::new(1, 1);
    let mut logits_at = -1;
    for _ in 0..max {
        // llama_sampler_sample accepts the token itself; accepting it again would advance a
        // grammar twice (llama.cpp throws, and a C++ exception cannot unwind through Rust).
        let tok = sampler.sample(ctx, logits_at);
        if stop_at_eog && model.vocab().is_eog(tok) {
            break;
        }
        out.push(tok);
        if pos + 1 >= ctx.n_ctx() as usize {
            break;
        }
        batch.clear();
        batch.add(tok, pos as i32, &[0], true).map_err(rt)?;
        ctx.decode(&mut batch).map_err(rt)?;
        logits_at = 0;
        pos += 1;
    }
    Ok(out)
}

fn generate(
    model: &LlamaModel,
    session: &mut Session<'_>,
    p: &Prompt,
) -> Result<Generation, LlmError> {
    let n_ctx = session.ctx.n_ctx() as usize;
    let budget = n_ctx.saturating_sub(p.max_new_tokens as usize + 8);
    let mut document: String = p.document.clone();
    let mut truncated = false;
    let tokens = loop {
        let user = format!("{}{}{}", p.before, document, p.after);
        let text = render(model, &p.system, &user)?;
        let tokens = model.vocab().tokenize(text.as_bytes(), true, true);
        if tokens.len() <= budget || document.is_empty() {
            break tokens;
        }
        // Cut the document by the share of tokens over budget, plus a margin, and try again.
        let keep = budget as f64 / tokens.len() as f64 * 0.95;
        let chars = document.chars().count();
        let cut = ((chars as f64) * keep) as usize;
        document = document
            .chars()
            .take(cut.min(chars.saturating_sub(1)))
            .collect();
        truncated = true;
    };
    if tokens.len() > budget || tokens.is_empty() {
        return Err(LlmError::Runtime(format!(
            "the prompt alone needs {} tokens; the context window has {n_ctx}",
            tokens.len(),
        )));
    }
    let t = Instant::now();
    let reused = session.keep_shared(&tokens);
    // Until this prompt is read whole, the cache holds an unknown part of it: `held` stays empty.
    feed(&mut session.ctx, &tokens[reused..], reused)?;
    session.held = tokens.clone();
    let ctx = &mut session.ctx;
    let prompt_time = t.elapsed();
    let mut sampler = match &p.grammar {
        Some(g) => LlamaSampler::chain_simple([
            LlamaSampler::grammar(model, g, "root").map_err(rt)?,
            LlamaSampler::greedy(),
        ]),
        None => LlamaSampler::greedy(),
    };
    let t = Instant::now();
    // The answer's tokens also enter the cache; `keep_shared` drops them with anything else
    // after the shared start, and a failed step leaves nothing to reuse.
    let out = decode_loop(
        model,
        ctx,
        &mut sampler,
        tokens.len(),
        p.max_new_tokens as usize,
        true,
    );
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            session.held.clear();
            return Err(e);
        }
    };
    let generation_time = t.elapsed();
    let mut bytes = Vec::new();
    for tok in &out {
        bytes.extend(model.vocab().token_to_piece(*tok, false, None));
    }
    Ok(Generation {
        text: String::from_utf8_lossy(&bytes).trim().to_string(),
        prompt_tokens: tokens.len(),
        reused_tokens: reused,
        generated_tokens: out.len(),
        prompt_time,
        generation_time,
        truncated,
    })
}

fn raw_run(
    model: &LlamaModel,
    ctx: &mut LlamaContext<'_>,
    prompt_tokens: usize,
    generate: usize,
    seed: u64,
) -> Result<RawRun, LlmError> {
    ctx.clear_kv_cache();
    let n_vocab = model.n_vocab().max(1) as u64;
    let mut state = seed.max(1);
    let tokens: Vec<LlamaToken> = (0..prompt_tokens.max(1))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            LlamaToken::new((state % n_vocab) as i32)
        })
        .collect();
    let t = Instant::now();
    feed(ctx, &tokens, 0)?;
    let prompt_time = t.elapsed();
    let mut sampler = LlamaSampler::greedy();
    let t = Instant::now();
    // Like llama-bench: a fixed number of tokens, end-of-generation or not.
    let out = decode_loop(model, ctx, &mut sampler, tokens.len(), generate, false)?;
    Ok(RawRun {
        prompt_tokens: tokens.len(),
        generated_tokens: out.len(),
        prompt_time,
        generation_time: t.elapsed(),
    })
}

#[cfg(test)]
mod reuse_tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(v: &[i32]) -> Vec<LlamaToken> {
        v.iter().map(|t| LlamaToken::new(*t)).collect()
    }

    proptest! {
        #[test]
        fn the_kept_part_is_the_longest_shared_start_short_of_the_last_token(
            held in proptest::collection::vec(0i32..4, 0..40),
            next in proptest::collection::vec(0i32..4, 0..40),
        ) {
            let (held, next) = (toks(&held), toks(&next));
            let n = reusable(&held, &next);
            prop_assert!(n < next.len().max(1));
            prop_assert_eq!(&held[..n], &next[..n]);
            // Longest: the next token differs, or one side ends, or only the last is left.
            if n < held.len() && n + 1 < next.len() {
                prop_assert_ne!(held[n], next[n]);
            }
        }
    }

    #[test]
    fn an_identical_prompt_reads_its_last_token_again() {
        let p = toks(&[1, 2, 3, 4]);
        assert_eq!(reusable(&p, &p), 3);
        assert_eq!(reusable(&[], &p), 0);
        assert_eq!(reusable(&p, &[]), 0);
        assert_eq!(reusable(&toks(&[1, 2, 3, 4, 5, 6]), &p), 3);
    }
}
