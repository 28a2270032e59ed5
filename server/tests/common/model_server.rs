//! Model servers for the remote-backend tests: a scripted fake OpenAI-compatible server (for
//! the failures a real one will not produce on demand), and llama-cpp-python's real server
//! serving the default GGUF (installed by scripts/setup.sh).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use proofwire::config::SummarizerConfig;

/// What the fake server answers to the next chat request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A well-formed completion with this message.
    Text(String),
    /// A status with this body (and `Retry-After: 0` for 429).
    Status(u16, String),
    /// 200 with this body, whatever it is.
    Raw(String),
    /// Waits this long, then answers with the text.
    Slow(Duration, String),
}

#[derive(Default)]
pub struct Script {
    /// The models `GET /models` lists (`id`, optional `created`).
    pub models: Vec<(String, Option<u64>)>,
    /// Answers in order; when empty, `fallback`.
    pub replies: VecDeque<Reply>,
    pub fallback: Option<Reply>,
    /// Every chat request body received, and its Authorization header.
    pub seen: Vec<(serde_json::Value, Option<String>)>,
}

pub struct FakeServer {
    pub addr: SocketAddr,
    pub script: Arc<Mutex<Script>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    pub async fn start(models: &[&str]) -> FakeServer {
        let script = Arc::new(Mutex::new(Script {
            models: models.iter().map(|m| (m.to_string(), None)).collect(),
            fallback: Some(Reply::Text("A fallback answer.".into())),
            ..Script::default()
        }));
        let app = Router::new()
            .route("/v1/models", get(list))
            .route("/v1/chat/completions", post(chat))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeServer { addr, script, task }
    }

    pub fn base(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn push(&self, r: Reply) {
        self.script.lock().expect("script").replies.push_back(r);
    }

    pub fn requests(&self) -> usize {
        self.script.lock().expect("script").seen.len()
    }

    pub fn last_body(&self) -> serde_json::Value {
        self.script
            .lock()
            .expect("script")
            .seen
            .last()
            .map(|(b, _)| b.clone())
            .unwrap_or_default()
    }

    /// The server goes away as a killed process would: nothing listens on its port any more.
    pub fn kill(&self) {
        self.task.abort();
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn list(State(s): State<Arc<Mutex<Script>>>) -> Response {
    let models = s.lock().expect("script").models.clone();
    let data: Vec<serde_json::Value> = models
        .into_iter()
        .map(|(id, created)| match created {
            Some(c) => serde_json::json!({"id": id, "object": "model", "created": c}),
            None => serde_json::json!({"id": id, "object": "model"}),
        })
        .collect();
    axum::Json(serde_json::json!({"object": "list", "data": data})).into_response()
}

async fn chat(State(s): State<Arc<Mutex<Script>>>, headers: HeaderMap, body: String) -> Response {
    let reply = {
        let mut g = s.lock().expect("script");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        g.seen.push((json, auth));
        g.replies.pop_front().or_else(|| g.fallback.clone())
    };
    let completion = |text: &str| {
        axum::Json(serde_json::json!({
            "id": "x", "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
        }))
        .into_response()
    };
    match reply {
        Some(Reply::Text(t)) => completion(&t),
        Some(Reply::Slow(wait, t)) => {
            tokio::time::sleep(wait).await;
            completion(&t)
        }
        Some(Reply::Raw(b)) => (StatusCode::OK, b).into_response(),
        Some(Reply::Status(code, b)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut r = (status, b).into_response();
            if code == 429 {
                r.headers_mut()
                    .insert("retry-after", "0".parse().expect("header"));
            }
            r
        }
        None => (StatusCode::INTERNAL_SERVER_ERROR, "no reply scripted").into_response(),
    }
}

/// Settings for the remote backend against `base`, with quick retries for tests.
pub fn remote_config(base: &str, model: &str) -> SummarizerConfig {
    SummarizerConfig {
        backend: "openai".into(),
        api_base_url: base.into(),
        api_model: model.into(),
        api_timeout_secs: 10,
        api_retries: 2,
        api_backoff_ms: 10,
        api_breaker_failures: 3,
        api_breaker_cooldown_secs: 60,
        ..SummarizerConfig::default()
    }
}

/// llama-cpp-python's server on a free loopback port, serving `model` under the id `alias`;
/// killed when dropped. Its output goes to a file so that a failed request can say whether the
/// server died, and how (a build for the wrong CPU dies on its first completion with a signal
/// while it still lists its models).
pub struct RealServer {
    pub base: String,
    child: Option<Child>,
    log: tempfile::NamedTempFile,
}

impl RealServer {
    pub fn start(model: &std::path::Path, alias: &str) -> RealServer {
        RealServer::start_with(model, alias, &[])
    }

    /// As `start`, with extra environment for the server process.
    pub fn start_with(
        model: &std::path::Path,
        alias: &str,
        env: &[(&str, &std::path::Path)],
    ) -> RealServer {
        let python = super::repo_root().join(".tools/llama-server/bin/python");
        assert!(
            python.exists(),
            "llama-cpp-python's server is not installed (scripts/setup.sh installs it)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let log = tempfile::NamedTempFile::new().expect("a file for the server's output");
        let out = log.reopen().expect("the server's log");
        let err = log.reopen().expect("the server's log");
        let child = Command::new(python)
            .args(["-m", "llama_cpp.server", "--model"])
            .arg(model)
            .args([
                "--model_alias",
                alias,
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--n_threads",
                "2",
                "--n_ctx",
                "4096",
            ])
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .expect("start llama-cpp-python's server");
        let mut server = RealServer {
            base: format!("http://127.0.0.1:{port}/v1"),
            child: Some(child),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            if let Some(death) = server.death() {
                panic!("{death} while starting");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        server.kill();
        panic!("the model server did not listen within 120 s");
    }

    /// How the server ended, with the last lines of its output; `None` while it runs.
    pub fn death(&mut self) -> Option<String> {
        let status = self.child.as_mut()?.try_wait().ok()??;
        Some(format!(
            "the model server exited ({}) — last lines: {}",
            describe_exit(status),
            self.last_lines(12)
        ))
    }

    /// `result`'s value; on an error, a panic that says whether the server died, and how.
    pub fn alive<T, E: std::fmt::Display>(&mut self, result: Result<T, E>, what: &str) -> T {
        match result {
            Ok(v) => v,
            Err(e) => {
                // A crash is seen by the client before the process is reaped.
                std::thread::sleep(Duration::from_millis(500));
                match self.death() {
                    Some(death) => panic!("{what}: {e}; {death}"),
                    None => panic!(
                        "{what}: {e}; the model server is still running — last lines: {}",
                        self.last_lines(12)
                    ),
                }
            }
        }
    }

    fn last_lines(&self, n: usize) -> String {
        let text = std::fs::read(self.log.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n  ")
    }

    /// Kills the server process (as a crash would) and waits for it.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// "signal 11 (SIGSEGV)" for a crash, "status 1" for an ordinary exit.
pub fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.signal(), status.code()) {
        (Some(sig), _) => {
            let name = match sig {
                4 => " (SIGILL)",
                6 => " (SIGABRT)",
                7 => " (SIGBUS)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                15 => " (SIGTERM)",
                _ => "",
            };
            format!("signal {sig}{name}")
        }
        (None, Some(code)) => format!("status {code}"),
        (None, None) => "unknown status".into(),
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        self.kill();
    }
}
