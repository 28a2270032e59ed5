//! The model on its own machine: any OpenAI-compatible chat server (llama.cpp's `llama-server`,
//! vLLM, Ollama's `/v1`, llama-cpp-python's server). Same prompts and the same checks as the
//! embedded model; this module only carries them there and back, within bounds: a request
//! time limit, a concurrency limit, retries with backoff and jitter for overload and
//! connection failures, and a breaker that stops calling a failing server for a while.
//!
//! The API key is read from the environment variable the config names, never from the file,
//! and never logged.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use super::llama::{Generation, LlmError, Prompt};
use crate::config::SummarizerConfig;

pub use crate::config::SchemaDialect;

impl SchemaDialect {
    /// Adds the schema to a chat request body.
    fn apply(self, body: &mut Value, schema: &Value) {
        match self {
            SchemaDialect::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema, "strict": true}
                });
            }
            SchemaDialect::JsonObject => {
                body["response_format"] = json!({"type": "json_object", "schema": schema});
            }
            SchemaDialect::OllamaFormat => body["format"] = schema.clone(),
            SchemaDialect::None => {}
        }
    }
}

/// What `/sources` shows of the model server: reachable, or why it is not being called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    Ready,
    /// The breaker is open until `retry_in` has passed.
    Paused {
        reason: String,
        retry_in_secs: u64,
    },
}

struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
    last_error: String,
}

struct Inner {
    client: reqwest::Client,
    /// `…/v1`, no trailing slash.
    base: String,
    model: String,
    key: Option<String>,
    dialect: SchemaDialect,
    retries: u32,
    backoff: Duration,
    permits: Semaphore,
    breaker: Mutex<Breaker>,
    breaker_failures: u32,
    breaker_cooldown: Duration,
    /// Tokens of document sent at most: the server counts its context in tokens this side
    /// cannot count, so the document is cut by an estimate of its characters per token.
    document_tokens: usize,
    fingerprint: Option<String>,
    calls: AtomicU64,
}

/// A handle to the model server. Cloning shares the limits and the breaker.
#[derive(Clone)]
pub struct RemoteModel {
    inner: Arc<Inner>,
}

/// One failed attempt: whether trying again may help.
struct Failure {
    retry: bool,
    /// The server's own wait (Retry-After), if it gave one.
    wait: Option<Duration>,
    message: String,
}

impl RemoteModel {
    /// Checks the configuration, asks the server which models it serves, and refuses a model
    /// it does not list. The key comes from the environment variable `api_key_env` names.
    pub async fn connect(cfg: &SummarizerConfig) -> Result<RemoteModel, LlmError> {
        let base = cfg.api_base_url.trim_end_matches('/').to_string();
        if base.is_empty() {
            return Err(LlmError::Config(
                "summarizer.api_base_url is empty (e.g. http://127.0.0.1:8080/v1)".into(),
            ));
        }
        if cfg.api_model.trim().is_empty() {
            return Err(LlmError::Config(
                "summarizer.api_model is empty: name the model the server serves".into(),
            ));
        }
        let dialect = SchemaDialect::parse(&cfg.api_schema_dialect).ok_or_else(|| {
            LlmError::Config(format!(
                "summarizer.api_schema_dialect {:?} is not one of {}",
                cfg.api_schema_dialect,
                SchemaDialect::NAMES.join(", ")
            ))
        })?;
        let key = if cfg.api_key_env.is_empty() {
            None
        } else {
            match std::env::var(&cfg.api_key_env) {
                Ok(k) if !k.is_empty() => Some(k),
                _ => {
                    return Err(LlmError::Config(format!(
                        "summarizer.api_key_env names {}, which is not set",
                        cfg.api_key_env
                    )))
                }
            }
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(cfg.api_timeout_secs.max(1)))
            .connect_timeout(Duration::from_secs(cfg.api_timeout_secs.clamp(1, 10)))
            // The model server is the operator's choice of address; environment proxies are
            // ignored here as they are for every other request.
            .no_proxy()
            .build()
            .map_err(|e| LlmError::Config(format!("cannot set up the HTTP client: {e}")))?;
        let mut inner = Inner {
            client,
            base,
            model: cfg.api_model.trim().to_string(),
            key,
            dialect,
            retries: cfg.api_retries,
            backoff: Duration::from_millis(cfg.api_backoff_ms.max(1)),
            permits: Semaphore::new(cfg.api_concurrency.max(1)),
            breaker: Mutex::new(Breaker {
                failures: 0,
                open_until: None,
                last_error: String::new(),
            }),
            breaker_failures: cfg.api_breaker_failures.max(1),
            breaker_cooldown: Duration::from_secs(cfg.api_breaker_cooldown_secs),
            document_tokens: (cfg.context_tokens.saturating_sub(cfg.max_new_tokens + 256) as usize)
                .max(300),
            fingerprint: None,
            calls: AtomicU64::new(0),
        };
        inner.fingerprint = served_fingerprint(&inner).await?;
        Ok(RemoteModel {
            inner: Arc::new(inner),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    pub fn model_id(&self) -> &str {
        &self.inner.model
    }

    pub fn dialect(&self) -> SchemaDialect {
        self.inner.dialect
    }

    /// What names this model in cache keys: the backend, the served model id and, when the
    /// server reports one, its fingerprint (a new build or new weights summarize again).
    pub fn key(&self) -> String {
        match &self.inner.fingerprint {
            Some(fp) => format!("openai:{}@{fp}", self.inner.model),
            None => format!("openai:{}", self.inner.model),
        }
    }

    pub fn calls(&self) -> u64 {
        self.inner.calls.load(Ordering::Relaxed)
    }

    pub fn health(&self) -> Health {
        let b = self.inner.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match b.open_until {
            Some(t) if t > Instant::now() => Health::Paused {
                reason: b.last_error.clone(),
                retry_in_secs: t.saturating_duration_since(Instant::now()).as_secs(),
            },
            _ => Health::Ready,
        }
    }

    /// One chat completion: waits for a free slot, retries what may pass on a second try,
    /// and fails at once while the breaker is open.
    pub async fn generate(&self, prompt: Prompt) -> Result<Generation, LlmError> {
        self.inner.calls.fetch_add(1, Ordering::Relaxed);
        if let Health::Paused {
            reason,
            retry_in_secs,
        } = self.health()
        {
            return Err(LlmError::Unavailable(format!(
                "not calling the model server for {retry_in_secs} s more after repeated failures (last: {reason})"
            )));
        }
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| LlmError::Stopped)?;
        let (body, truncated) = self.body(&prompt);
        let mut attempt = 0u32;
        loop {
            let started = Instant::now();
            match self.attempt(&body).await {
                Ok(mut g) => {
                    g.generation_time = started.elapsed();
                    g.truncated = truncated;
                    self.record(None);
                    return Ok(g);
                }
                Err(f) if f.retry && attempt < self.inner.retries => {
                    attempt += 1;
                    let backoff = self.inner.backoff * 2u32.saturating_pow(attempt - 1);
                    let jitter = rand::thread_rng().gen_range(0..=backoff.as_millis() as u64 / 2);
                    let wait = f
                        .wait
                        .unwrap_or(backoff + Duration::from_millis(jitter))
                        .min(Duration::from_secs(60));
                    tracing::debug!(attempt, error = %f.message, wait_ms = wait.as_millis() as u64, "model server: retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(f) => {
                    self.record(Some(&f.message));
                    return Err(LlmError::Remote(f.message));
                }
            }
        }
    }

    fn body(&self, prompt: &Prompt) -> (Value, bool) {
        let mut document = prompt.document.as_str();
        let mut truncated = false;
        // English runs about four characters a token, Korean and other scripts nearer one or
        // two; erring short only costs the end of a long article.
        let ascii = document.chars().filter(char::is_ascii).count();
        let total = document.chars().count().max(1);
        let per_token = if ascii * 10 >= total * 9 { 3 } else { 1 };
        let budget = self.inner.document_tokens * per_token;
        if total > budget {
            let end = document
                .char_indices()
                .nth(budget)
                .map(|(i, _)| i)
                .unwrap_or(document.len());
            document = &document[..end];
            truncated = true;
        }
        let user = format!("{}{}{}", prompt.before, document, prompt.after);
        let mut body = json!({
            "model": self.inner.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": user}
            ],
            "max_tokens": prompt.max_new_tokens,
            // Greedy, as the embedded model decodes: the same text gives the same answer.
            "temperature": 0,
            "seed": 0,
            "stream": false
        });
        if let Some(schema) = &prompt.schema {
            self.inner.dialect.apply(&mut body, schema);
        }
        (body, truncated)
    }

    async fn attempt(&self, body: &Value) -> Result<Generation, Failure> {
        let mut req = self
            .inner
            .client
            .post(format!("{}/chat/completions", self.inner.base))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        if let Some(k) = &self.inner.key {
            req = req.bearer_auth(k);
        }
        let resp = req.send().await.map_err(|e| Failure {
            retry: true,
            wait: None,
            message: format!("cannot reach the model server: {}", without_url(&e)),
        })?;
        let status = resp.status();
        let wait = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = resp.text().await.map_err(|e| Failure {
            retry: true,
            wait: None,
            message: format!("the model server's answer broke off: {}", without_url(&e)),
        })?;
        if !status.is_success() {
            return Err(Failure {
                retry: status.as_u16() == 429 || status.is_server_error(),
                wait,
                message: format!("the model server answered {status}: {}", excerpt(&text)),
            });
        }
        parse_completion(&text).map_err(|message| Failure {
            retry: false,
            wait: None,
            message,
        })
    }

    fn record(&self, failure: Option<&str>) {
        let mut b = self.inner.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match failure {
            None => {
                b.failures = 0;
                b.open_until = None;
            }
            Some(message) => {
                b.failures += 1;
                b.last_error = message.to_string();
                if b.failures >= self.inner.breaker_failures {
                    b.open_until = Some(Instant::now() + self.inner.breaker_cooldown);
                    tracing::warn!(
                        failures = b.failures,
                        cooldown_s = self.inner.breaker_cooldown.as_secs(),
                        error = %message,
                        "model server failing: calls paused, extractive summaries stay"
                    );
                }
            }
        }
    }
}

/// Lists the served models and returns the fingerprint of ours, if the server gives one;
/// a server that lists models without ours is a configuration error said at once.
async fn served_fingerprint(inner: &Inner) -> Result<Option<String>, LlmError> {
    let mut req = inner.client.get(format!("{}/models", inner.base));
    if let Some(k) = &inner.key {
        req = req.bearer_auth(k);
    }
    let resp = req.send().await.map_err(|e| {
        LlmError::Remote(format!(
            "cannot reach the model server at {}: {}",
            inner.base,
            without_url(&e)
        ))
    })?;
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| LlmError::Remote(format!("the model list broke off: {}", without_url(&e))))?;
    if !status.is_success() {
        return Err(LlmError::Remote(format!(
            "the model server answered {status} to GET /models: {}",
            excerpt(&text)
        )));
    }
    let list: Value = serde_json::from_str(&text).map_err(|_| {
        LlmError::Remote(format!(
            "GET {}/models did not answer JSON: {}",
            inner.base,
            excerpt(&text)
        ))
    })?;
    let Some(models) = list.get("data").and_then(Value::as_array) else {
        return Err(LlmError::Remote(format!(
            "GET {}/models has no model list: {}",
            inner.base,
            excerpt(&text)
        )));
    };
    let ours = models
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(inner.model.as_str()));
    let Some(ours) = ours else {
        let ids: Vec<&str> = models
            .iter()
            .filter_map(|m| m.get("id").and_then(Value::as_str))
            .take(10)
            .collect();
        return Err(LlmError::Remote(format!(
            "the model server does not serve {:?} (it serves: {})",
            inner.model,
            ids.join(", ")
        )));
    };
    // Servers name a build or a weights digest differently; any of these pins what answers.
    let fp = [
        "fingerprint",
        "system_fingerprint",
        "digest",
        "sha256",
        "created",
    ]
    .iter()
    .find_map(|k| match ours.get(*k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    });
    Ok(fp.map(|s| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect()
    }))
}

/// The text of the first choice, with the usage counts when the server gives them.
pub fn parse_completion(text: &str) -> Result<Generation, String> {
    let v: Value = serde_json::from_str(text)
        .map_err(|_| format!("the model server did not answer JSON: {}", excerpt(text)))?;
    let content = v
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!(
                "the model server's answer has no message: {}",
                excerpt(text)
            )
        })?;
    let count = |p: &str| v.pointer(p).and_then(Value::as_u64).unwrap_or(0) as usize;
    Ok(Generation {
        text: content.to_string(),
        prompt_tokens: count("/usage/prompt_tokens"),
        // OpenAI's name for the prompt tokens the server kept from an earlier request.
        reused_tokens: count("/usage/prompt_tokens_details/cached_tokens"),
        generated_tokens: count("/usage/completion_tokens"),
        ..Generation::default()
    })
}

/// At most 200 characters of a body, on one line, for an error message.
fn excerpt(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    one_line.trim().to_string()
}

/// reqwest's error without the URL (which could carry credentials in its user part).
fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "bad body"
    } else {
        "request failed"
    };
    match std::error::Error::source(e) {
        Some(s) => format!("{kind} ({s})"),
        None => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_and_garbage_is_refused_with_a_reason() {
        let ok = parse_completion(
            r#"{"choices":[{"message":{"role":"assistant","content":"Hi."}}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#,
        )
        .expect("an answer");
        assert_eq!(
            (ok.text.as_str(), ok.prompt_tokens, ok.generated_tokens),
            ("Hi.", 12, 3)
        );
        for junk in [
            "<html>oops</html>",
            "{}",
            r#"{"choices":[]}"#,
            r#"{"choices":[{"message":{"content":7}}]}"#,
        ] {
            let e = parse_completion(junk).expect_err(junk);
            assert!(e.starts_with("the model server"), "{e}");
        }
    }

    #[test]
    fn each_dialect_puts_the_schema_where_its_servers_read_it() {
        let schema = json!({"type": "object"});
        let mut b = json!({});
        SchemaDialect::JsonSchema.apply(&mut b, &schema);
        assert_eq!(b["response_format"]["type"], "json_schema");
        assert_eq!(b["response_format"]["json_schema"]["schema"], schema);
        let mut b = json!({});
        SchemaDialect::JsonObject.apply(&mut b, &schema);
        assert_eq!(
            b["response_format"],
            json!({"type": "json_object", "schema": schema})
        );
        let mut b = json!({});
        SchemaDialect::OllamaFormat.apply(&mut b, &schema);
        assert_eq!(b["format"], schema);
        let mut b = json!({});
        SchemaDialect::None.apply(&mut b, &schema);
        assert_eq!(b, json!({}));
        for n in SchemaDialect::NAMES {
            assert!(SchemaDialect::parse(n).is_some());
        }
        assert!(SchemaDialect::parse("xml").is_none());
    }
}
