//! A scripted WebSub hub on loopback: it records publish pings, and for a subscribe request it
//! verifies intent against the subscriber's callback (a random challenge, checked in the echo)
//! before answering 202, as a synchronous hub does. `push` then distributes content to the
//! last verified callback, signed with the secret it was given (or not).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use proofwire::websub::signature::{sign, Method};

/// One verification the hub made: what it sent and what came back.
#[derive(Clone, Debug)]
pub struct Verification {
    pub callback: String,
    pub topic: String,
    pub status: u16,
    /// The answer's body was exactly the challenge.
    pub echoed: bool,
}

#[derive(Default)]
pub struct HubLog {
    /// `hub.url` of every publish ping, in order.
    pub published: Vec<String>,
    /// Every subscribe request's form.
    pub subscribes: Vec<HashMap<String, String>>,
    pub verifications: Vec<Verification>,
}

#[derive(Clone)]
struct HubState {
    log: Arc<Mutex<HubLog>>,
    /// The lease granted in verifications.
    lease: i64,
    /// The status every request is answered with (after verifying, for a subscribe).
    status: u16,
    client: reqwest::Client,
}

pub struct ScriptedHub {
    pub addr: SocketAddr,
    log: Arc<Mutex<HubLog>>,
    client: reqwest::Client,
}

impl ScriptedHub {
    /// A hub granting `lease` seconds and answering `status`.
    pub async fn start(lease: i64, status: u16) -> ScriptedHub {
        let log = Arc::new(Mutex::new(HubLog::default()));
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("client");
        let state = HubState {
            log: log.clone(),
            lease,
            status,
            client: client.clone(),
        };
        let app = Router::new().route("/", post(hub)).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind hub");
        let addr = listener.local_addr().expect("hub addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ScriptedHub { addr, log, client }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn log<T>(&self, f: impl FnOnce(&HubLog) -> T) -> T {
        f(&self.log.lock().expect("hub log"))
    }

    /// The secret and callback of the last subscribe request.
    pub fn subscriber(&self) -> (String, String) {
        self.log(|l| {
            let last = l.subscribes.last().expect("a subscribe request");
            (
                last.get("hub.secret").cloned().unwrap_or_default(),
                last.get("hub.callback").cloned().unwrap_or_default(),
            )
        })
    }

    /// Distributes `body` to the last subscriber, with `signature` as `X-Hub-Signature`;
    /// returns the callback's status.
    pub async fn push(&self, body: &[u8], signature: Option<String>) -> u16 {
        let (_, callback) = self.subscriber();
        let mut req = self
            .client
            .post(callback)
            .header("content-type", "application/atom+xml")
            .body(body.to_vec());
        if let Some(s) = signature {
            req = req.header("x-hub-signature", s);
        }
        req.send().await.expect("push").status().as_u16()
    }

    /// `body` signed as the hub signs it, with the secret the subscriber gave.
    pub fn sign(&self, body: &[u8]) -> String {
        let (secret, _) = self.subscriber();
        sign(Method::Sha256, secret.as_bytes(), body)
    }
}

async fn hub(
    State(s): State<HubState>,
    Form(form): Form<HashMap<String, String>>,
) -> impl IntoResponse {
    let status = StatusCode::from_u16(s.status).unwrap_or(StatusCode::ACCEPTED);
    match form.get("hub.mode").map(String::as_str) {
        Some("publish") => {
            let url = form.get("hub.url").cloned().unwrap_or_default();
            s.log.lock().expect("hub log").published.push(url);
        }
        Some("subscribe") => {
            s.log.lock().expect("hub log").subscribes.push(form.clone());
            if !status.is_success() {
                return status;
            }
            let callback = form.get("hub.callback").cloned().unwrap_or_default();
            let topic = form.get("hub.topic").cloned().unwrap_or_default();
            let challenge = format!("challenge-{}", rand::random::<u64>());
            let answer = s
                .client
                .get(&callback)
                .query(&[
                    ("hub.mode", "subscribe"),
                    ("hub.topic", topic.as_str()),
                    ("hub.challenge", challenge.as_str()),
                    ("hub.lease_seconds", &s.lease.to_string()),
                ])
                .send()
                .await;
            let (code, echoed) = match answer {
                Ok(r) => {
                    let code = r.status().as_u16();
                    (
                        code,
                        r.text().await.ok().as_deref() == Some(challenge.as_str()),
                    )
                }
                Err(_) => (0, false),
            };
            s.log
                .lock()
                .expect("hub log")
                .verifications
                .push(Verification {
                    callback,
                    topic,
                    status: code,
                    echoed,
                });
        }
        _ => return StatusCode::BAD_REQUEST,
    }
    status
}
