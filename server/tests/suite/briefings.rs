//! Daily briefings delivered for real on loopback: email through lettre to a minimal SMTP sink
//! written here (read back with mail-parser, as a mail client would), webhooks to an axum
//! receiver in each shape; retries with backoff, giving up, never twice (also with two senders
//! at once), and the unsubscribe link and settings page over HTTP. Both engines.

use crate::common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::i18n::Lang;
use app::vocab::{BriefingChannel, BriefingScope, WebhookShape};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, TimeZone, Utc};
use common::articles::{store_with, NORTHFIELD};
use proofwire::briefing::subscribe::{subscribe, Checked};
use proofwire::briefing::Delivery;
use proofwire::config::Config;
use proofwire::db::Store;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const LIMIT: Duration = Duration::from_secs(30);

/// 09:30 in Seoul on the posts' day (they are published at 10:00 KST on 2026-03-02).
fn morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 30, 0)
        .single()
        .expect("time")
}

// ---------------------------------------------------------------- the SMTP sink

/// Every message the sink accepted, as the raw DATA (dot-stuffing undone).
#[derive(Clone, Default)]
struct Sink {
    messages: Arc<Mutex<Vec<String>>>,
}

impl Sink {
    fn all(&self) -> Vec<String> {
        self.messages.lock().expect("sink").clone()
    }
}

/// A minimal SMTP server: greets, says yes to EHLO, MAIL, RCPT and RSET, takes DATA up to the
/// lone dot, and closes on QUIT. Enough for lettre's conversation, nothing more.
async fn smtp_sink() -> (SocketAddr, Sink) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind sink");
    let addr = listener.local_addr().expect("addr");
    let sink = Sink::default();
    let kept = sink.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
                let mut line = String::new();
                loop {
                    line.clear();
                    match tokio::time::timeout(LIMIT, lines.read_line(&mut line)).await {
                        Ok(Ok(n)) if n > 0 => {}
                        _ => return,
                    }
                    let verb = line.trim_end().to_ascii_uppercase();
                    let answer: &[u8] = if verb.starts_with("EHLO") {
                        b"250-sink.test\r\n250 8BITMIME\r\n"
                    } else if verb.starts_with("DATA") {
                        let _ = write.write_all(b"354 go on\r\n").await;
                        let mut data = String::new();
                        loop {
                            let mut l = String::new();
                            match lines.read_line(&mut l).await {
                                Ok(n) if n > 0 => {}
                                _ => return,
                            }
                            if l == ".\r\n" {
                                break;
                            }
                            data.push_str(l.strip_prefix('.').unwrap_or(&l));
                        }
                        kept.messages.lock().expect("sink").push(data);
                        b"250 queued\r\n"
                    } else if verb.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    if write.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (addr, sink)
}

// ---------------------------------------------------------------- the webhook receiver

#[derive(Clone, Default)]
struct Hooks {
    /// (endpoint, body) of every call, in order.
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    /// Calls to `flaky` answered 500 before it starts answering 200.
    flaky_failures: Arc<Mutex<usize>>,
}

impl Hooks {
    fn to(&self, endpoint: &str) -> Vec<Value> {
        self.calls
            .lock()
            .expect("hooks")
            .iter()
            .filter(|(e, _)| e == endpoint)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

async fn hook(
    State(hooks): State<Hooks>,
    Path(endpoint): Path<String>,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = record(&hooks, &endpoint, &body);
    match endpoint.as_str() {
        // An endless answer: the sender reads a bounded prefix and moves on.
        "huge" => {
            let chunks = futures_util::stream::repeat_with(|| {
                Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'x'; 64 * 1024]))
            });
            (status, axum::body::Body::from_stream(chunks)).into_response()
        }
        "stall" => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            status.into_response()
        }
        "moved" => (
            StatusCode::TEMPORARY_REDIRECT,
            [(axum::http::header::LOCATION, "/hook/generic")],
        )
            .into_response(),
        _ => status.into_response(),
    }
}

fn record(hooks: &Hooks, endpoint: &str, body: &[u8]) -> StatusCode {
    let endpoint = endpoint.to_string();
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    hooks
        .calls
        .lock()
        .expect("hooks")
        .push((endpoint.clone(), value));
    match endpoint.as_str() {
        "down" => StatusCode::INTERNAL_SERVER_ERROR,
        "flaky" => {
            let mut left = hooks.flaky_failures.lock().expect("hooks");
            if *left > 0 {
                *left -= 1;
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::OK
            }
        }
        _ => StatusCode::OK,
    }
}

async fn receiver() -> (SocketAddr, Hooks) {
    let hooks = Hooks::default();
    let app = Router::new()
        .route("/hook/{endpoint}", post(hook))
        .with_state(hooks.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind receiver");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, hooks)
}

// ---------------------------------------------------------------- the setup

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    config: Config,
    user: app::ids::UserId,
    sink: Sink,
    hooks: Hooks,
    hook_base: String,
}

async fn world(name: &str) -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    // A database per test on Postgres: named after the path, which is unique per tempdir.
    let _ = name;
    let (store, _) = store_with(dir.path(), &NORTHFIELD[..2]).await;
    let (smtp, sink) = smtp_sink().await;
    let (hooks_addr, hooks) = receiver().await;
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        timezone: "Asia/Seoul".into(),
        public_url: "http://127.0.0.1:9".into(),
        ..Config::default()
    };
    config.fetch.allow_hosts = vec![hooks_addr.to_string()];
    let b = &mut config.briefing;
    b.smtp_host = smtp.ip().to_string();
    b.smtp_port = smtp.port();
    b.smtp_tls = "none".into();
    b.smtp_from = "Proofwire <briefing@proofwire.test>".into();
    b.retry_base_secs = 60;
    b.max_attempts = 3;
    b.send_timeout_secs = 10;
    proofwire::auth::add_user(&store, "ann", "a long password", false)
        .await
        .expect("user");
    let user = store.credentials("ann").await.expect("db").expect("ann").id;
    World {
        _dir: dir,
        store,
        config,
        user,
        sink,
        hooks,
        hook_base: format!("http://{hooks_addr}/hook"),
    }
}

impl World {
    async fn subscribe(
        &self,
        channel: BriefingChannel,
        target: &str,
        shape: WebhookShape,
    ) -> app::ids::SubscriptionId {
        let c = Checked {
            channel,
            target: target.into(),
            shape,
            language: Lang::En,
            send_at: "08:00".into(),
            scope: BriefingScope::All,
        };
        subscribe(&self.store, self.user, &c, "2026-03-01T00:00:00Z")
            .await
            .expect("subscribe")
    }

    fn delivery(&self, me: &str) -> Delivery {
        Delivery::new(&self.config, self.store.clone(), me.into()).expect("delivery")
    }

    async fn pass(&self, at: DateTime<Utc>) -> proofwire::briefing::Pass {
        tokio::time::timeout(LIMIT, self.delivery("test").run_once(at))
            .await
            .expect("a pass ends in time")
            .expect("pass")
    }

    /// The digest's first section title, as the digest page shows it in English.
    async fn first_title(&self) -> String {
        let tz = self.config.tz().expect("tz");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("day");
        let digest = proofwire::digest::build_digest(&self.store, tz, Some(day), "en")
            .await
            .expect("digest")
            .expect("a digest");
        assert!(!digest.items.is_empty(), "the day has sections");
        proofwire::export::shown_title(&digest.items[0], Lang::En)
    }

    async fn token(&self, id: app::ids::SubscriptionId) -> String {
        self.store
            .subscriptions_of(self.user)
            .await
            .expect("db")
            .into_iter()
            .find(|s| s.id == id)
            .expect("subscription")
            .unsubscribe_token
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

// ---------------------------------------------------------------- the tests

#[test]
fn email_goes_out_once_with_subject_story_and_unsubscribe_header() {
    runtime().block_on(async {
        let w = world("email.db").await;
        let id = w
            .subscribe(
                BriefingChannel::Email,
                "reader@example.com",
                WebhookShape::Generic,
            )
            .await;
        // 07:30 in Seoul: not yet time.
        let early = morning() - chrono::Duration::hours(2);
        assert_eq!(w.pass(early).await.sent, 0);
        assert!(w.sink.all().is_empty());

        let p = w.pass(morning()).await;
        assert_eq!((p.sent, p.failed), (1, 0), "{p:?}");
        // Never twice: a later pass the same day sends nothing.
        w.pass(morning() + chrono::Duration::hours(3)).await;
        let messages = w.sink.all();
        assert_eq!(messages.len(), 1);

        let raw = messages[0].as_bytes();
        let mail = mail_parser::MessageParser::default()
            .parse(raw)
            .expect("a parseable message");
        assert_eq!(mail.subject(), Some("AI news — March 2, 2026"));
        let body = mail.body_text(0).expect("a text body").to_string();
        let title = w.first_title().await;
        assert!(body.contains(&title), "{title:?} not in {body}");
        let token = w.token(id).await;
        let link = format!("http://127.0.0.1:9/briefing/unsubscribe/{token}");
        assert!(body.contains(&link), "the body links the unsubscribe page");
        let header = mail
            .header_raw("List-Unsubscribe")
            .expect("List-Unsubscribe")
            .trim()
            .to_string();
        assert_eq!(header, format!("<{link}>"));
        assert_eq!(
            mail.header_raw("List-Unsubscribe-Post").map(str::trim),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(
            mail.to().and_then(|a| a.first()).and_then(|a| a.address()),
            Some("reader@example.com")
        );

        let row = w
            .store
            .delivery(id, "2026-03-02")
            .await
            .expect("db")
            .expect("logged");
        assert_eq!(row.status, "sent");
        assert_eq!(row.attempts, 1);
        assert_eq!(row.digest_day.as_deref(), Some("2026-03-02"));
    })
}

#[test]
fn each_webhook_shape_arrives_as_its_service_reads_it() {
    runtime().block_on(async {
        let w = world("shapes.db").await;
        for shape in WebhookShape::ALL {
            let url = format!("{}/{}", w.hook_base, shape.key());
            w.subscribe(BriefingChannel::Webhook, &url, *shape).await;
        }
        // A Korean subscriber gets the Korean digest's title and labels.
        let korean = Checked {
            channel: BriefingChannel::Webhook,
            target: format!("{}/ko", w.hook_base),
            shape: WebhookShape::Generic,
            language: Lang::Ko,
            send_at: "08:00".into(),
            scope: BriefingScope::All,
        };
        subscribe(&w.store, w.user, &korean, "2026-03-01T00:00:00Z")
            .await
            .expect("subscribe");
        let p = w.pass(morning()).await;
        assert_eq!((p.sent, p.failed), (4, 0), "{p:?}");
        let title = w.first_title().await;
        let ko = w.hooks.to("ko");
        assert_eq!(ko.len(), 1);
        assert_eq!(ko[0]["language"], "ko");
        assert_eq!(ko[0]["title"], "2026년 3월 2일 오늘의 AI 뉴스");
        assert!(ko[0]["unsubscribe_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:9/briefing/unsubscribe/")));

        let generic = w.hooks.to("generic");
        assert_eq!(generic.len(), 1);
        let g = &generic[0];
        assert_eq!(g["day"], "2026-03-02");
        assert_eq!(g["language"], "en");
        assert_eq!(g["title"], "AI news — March 2, 2026");
        assert_eq!(g["url"], "http://127.0.0.1:9/digest/2026-03-02");
        let stories = g["stories"].as_array().expect("stories");
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0]["title"], title.as_str());
        // The day's claims come with what they are shown under on the page (a status, or a
        // business fact's kind) and their verbatim sentence.
        let claims: Vec<&str> = stories
            .iter()
            .flat_map(|s| s["claims"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        assert!(
            claims
                .iter()
                .any(|c| c.starts_with("Business fact: “") && c.contains("$10 million")),
            "{claims:?}"
        );
        for s in stories {
            assert!(s["url"].as_str().is_some_and(|u| u.starts_with("https://")));
            assert!(s["summary"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(s["claims"].is_array());
        }

        let slack = w.hooks.to("slack");
        assert_eq!(slack.len(), 1);
        assert!(slack[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains(&title)));
        let blocks = slack[0]["blocks"].as_array().expect("blocks");
        assert_eq!(blocks[0]["type"], "header");
        assert!(blocks.iter().any(|b| b["type"] == "section"
            && b["text"]["text"]
                .as_str()
                .is_some_and(|t| t.contains(&title))));
        assert!(blocks
            .iter()
            .any(|b| b.to_string().contains("/briefing/unsubscribe/")));

        let discord = w.hooks.to("discord");
        assert_eq!(discord.len(), 1);
        assert!(discord[0]["content"]
            .as_str()
            .is_some_and(|c| c.contains("/briefing/unsubscribe/")));
        let embeds = discord[0]["embeds"].as_array().expect("embeds");
        assert_eq!(embeds.len(), 2);
        assert_eq!(embeds[0]["title"], title.as_str());
        assert_eq!(
            discord[0]["allowed_mentions"]["parse"],
            serde_json::json!([])
        );
    })
}

#[test]
fn a_failed_send_is_retried_with_backoff_then_given_up() {
    runtime().block_on(async {
        let w = world("retry.db").await;
        *w.hooks.flaky_failures.lock().expect("hooks") = 1;
        let flaky = w
            .subscribe(
                BriefingChannel::Webhook,
                &format!("{}/flaky", w.hook_base),
                WebhookShape::Generic,
            )
            .await;
        let down = w
            .subscribe(
                BriefingChannel::Webhook,
                &format!("{}/down", w.hook_base),
                WebhookShape::Generic,
            )
            .await;
        let t0 = morning();
        let p = w.pass(t0).await;
        assert_eq!((p.sent, p.failed), (0, 2), "{p:?}");
        let row = w
            .store
            .delivery(flaky, "2026-03-02")
            .await
            .expect("db")
            .expect("row");
        assert_eq!(row.status, "retrying");
        assert_eq!(row.attempts, 1);
        assert!(
            row.error.as_deref().is_some_and(|e| e.contains("500")),
            "{row:?}"
        );

        // Before the first backoff (60 s) nothing is tried again.
        w.pass(t0 + chrono::Duration::seconds(30)).await;
        assert_eq!(w.hooks.to("flaky").len(), 1);
        assert_eq!(w.hooks.to("down").len(), 1);

        let p = w.pass(t0 + chrono::Duration::seconds(61)).await;
        assert_eq!((p.sent, p.failed), (1, 1), "{p:?}");
        let row = w
            .store
            .delivery(flaky, "2026-03-02")
            .await
            .expect("db")
            .expect("row");
        assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
        assert_eq!(row.error, None);
        assert_eq!(w.hooks.to("flaky").len(), 2);

        // The second wait is twice the first: 120 s after the second failure.
        w.pass(t0 + chrono::Duration::seconds(61 + 100)).await;
        assert_eq!(w.hooks.to("down").len(), 2);
        w.pass(t0 + chrono::Duration::seconds(61 + 121)).await;
        assert_eq!(w.hooks.to("down").len(), 3);
        let row = w
            .store
            .delivery(down, "2026-03-02")
            .await
            .expect("db")
            .expect("row");
        assert_eq!(
            (row.status.as_str(), row.attempts),
            ("failed", 3),
            "{row:?}"
        );
        // Given up: no further tries, whatever the time.
        w.pass(t0 + chrono::Duration::hours(5)).await;
        assert_eq!(w.hooks.to("down").len(), 3);
        assert_eq!(w.hooks.to("flaky").len(), 2);
    })
}

#[test]
fn two_senders_at_once_send_one_message() {
    runtime().block_on(async {
        let w = world("replicas.db").await;
        for i in 0..4 {
            w.subscribe(
                BriefingChannel::Webhook,
                &format!("{}/r{i}", w.hook_base),
                WebhookShape::Generic,
            )
            .await;
        }
        let (a, b) = (w.delivery("replica-a"), w.delivery("replica-b"));
        let (pa, pb) = tokio::time::timeout(LIMIT, async {
            tokio::join!(a.run_once(morning()), b.run_once(morning()))
        })
        .await
        .expect("in time");
        let (pa, pb) = (pa.expect("a"), pb.expect("b"));
        assert_eq!(pa.sent + pb.sent, 4, "{pa:?} {pb:?}");
        for i in 0..4 {
            assert_eq!(
                w.hooks.to(&format!("r{i}")).len(),
                1,
                "r{i} got one message"
            );
        }
    })
}

#[test]
fn a_sender_that_died_mid_send_is_given_up_not_repeated() {
    runtime().block_on(async {
        let w = world("stale.db").await;
        let id = w
            .subscribe(
                BriefingChannel::Webhook,
                &format!("{}/stale", w.hook_base),
                WebhookShape::Generic,
            )
            .await;
        // A claim held by a sender that never came back (its lease runs out at 09:31).
        assert!(w
            .store
            .claim_delivery(
                id,
                "2026-03-02",
                "gone",
                "2026-03-02T00:30:00Z",
                "2026-03-02T00:31:00Z"
            )
            .await
            .expect("claim"));
        w.pass(morning() + chrono::Duration::minutes(5)).await;
        let row = w
            .store
            .delivery(id, "2026-03-02")
            .await
            .expect("db")
            .expect("row");
        assert_eq!(row.status, "failed");
        assert!(w.hooks.to("stale").is_empty(), "not sent again");
    })
}

#[test]
fn unsubscribing_by_the_link_stops_delivery_and_the_settings_page_checks_its_form() {
    let _one = common::one_site_at_a_time();
    common::shared_runtime().block_on(async {
        let mut w = world("web.db").await;
        // The site has no mail server: email is refused with a clear form error.
        w.config.briefing.smtp_host.clear();
        let served = common::serve_store(&w.store, &w.config, None, |_, _| {}).await;
        let base = format!("http://{}", served.addr);
        let mut english = reqwest::header::HeaderMap::new();
        english.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            reqwest::header::HeaderValue::from_static("en"),
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(english)
            .timeout(LIMIT)
            .build()
            .expect("client");

        // Every page's footer leads to the settings page.
        let archive = client
            .get(format!("{base}/archive"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        assert!(archive.contains("href=\"/settings/briefings\""));
        // Signed out: the settings page sends to the login page.
        let r = client
            .get(format!("{base}/settings/briefings"))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 303);

        let checks = tokio::sync::Semaphore::new(1);
        let session = proofwire::auth::login(&w.store, &checks, "ann", "a long password")
            .await
            .expect("db")
            .expect("signed in");
        let cookie = format!("pw_session={session}");
        let page = client
            .get(format!("{base}/settings/briefings"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("get");
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("body");
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("csrf token")
            .to_string();
        assert!(
            html.contains("no mail server configured"),
            "says email is off"
        );

        let form = |pairs: &[(&str, &str)]| {
            client
                .post(format!("{base}/settings/briefings"))
                .header("cookie", &cookie)
                .form(pairs)
                .send()
        };
        let r = form(&[
            ("csrf", &csrf),
            ("channel", "email"),
            ("target", "reader@example.com"),
            ("language", "en"),
            ("send_at", "08:00"),
            ("scope", "all"),
        ])
        .await
        .expect("post");
        assert_eq!(r.status(), 400);
        assert!(r
            .text()
            .await
            .expect("body")
            .contains("no mail server configured"));
        let r = form(&[
            ("csrf", "wrong"),
            ("channel", "webhook"),
            ("target", "http://x.example/h"),
            ("language", "en"),
            ("send_at", "08:00"),
            ("scope", "all"),
        ])
        .await
        .expect("post");
        assert_eq!(r.status(), 403, "the CSRF token is checked");
        let r = form(&[
            ("csrf", &csrf),
            ("channel", "webhook"),
            ("target", "javascript:alert(1)"),
            ("shape", "teams"),
            ("language", "en"),
            ("send_at", "8 am"),
            ("scope", "all"),
        ])
        .await
        .expect("post");
        assert_eq!(r.status(), 400);
        let text = r.text().await.expect("body");
        for problem in ["not an http(s) address", "shape", "not a time of day"] {
            assert!(text.contains(problem), "{problem:?} named in {text}");
        }
        let hook = format!("{}/web", w.hook_base);
        let r = form(&[
            ("csrf", &csrf),
            ("channel", "webhook"),
            ("target", &hook),
            ("shape", "discord"),
            ("language", "en"),
            ("send_at", "08:00"),
            ("scope", "top"),
        ])
        .await
        .expect("post");
        assert_eq!(r.status(), 303);
        let subs = w.store.subscriptions_of(w.user).await.expect("db");
        assert_eq!(subs.len(), 1);
        let sub = subs[0].clone();
        assert_eq!((sub.shape.as_str(), sub.scope.as_str()), ("discord", "top"));

        // The first day is delivered and shows in the log on the settings page.
        assert_eq!(w.pass(morning()).await.sent, 1);
        let html = client
            .get(format!("{base}/settings/briefings"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("data-status=\"sent\""),
            "the delivery log shows the send"
        );

        // The unsubscribe link: GET only asks; a wrong token finds nothing.
        let link = format!("{base}/briefing/unsubscribe/{}", sub.unsubscribe_token);
        let r = client.get(&link).send().await.expect("get");
        assert_eq!(r.status(), 200);
        let confirm = r.text().await.expect("body");
        assert!(confirm.contains("method=\"post\""));
        // Whoever the message reached can open the link: the webhook's path (its secret) is
        // not shown.
        assert!(confirm.contains("http://127.0.0.1/…"), "{confirm}");
        assert!(!confirm.contains("/hook/web"), "{confirm}");
        let wrong = format!("{base}/briefing/unsubscribe/{}", "0".repeat(64));
        assert_eq!(
            client.post(&wrong).send().await.expect("post").status(),
            404
        );
        let live = w.store.subscriptions_of(w.user).await.expect("db");
        assert!(
            live[0].unsubscribed_at.is_none(),
            "GET and a wrong token change nothing"
        );
        // A mail client's one-click POST (RFC 8058).
        let r = client
            .post(&link)
            .form(&[("List-Unsubscribe", "One-Click")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 200);

        // The next day: nothing is sent to it.
        let next_day = morning() + chrono::Duration::days(1);
        assert_eq!(w.pass(next_day).await.sent, 0);
        assert_eq!(w.hooks.to("web").len(), 1);
    })
}

/// `proofwire serve` itself sends a due briefing from its own loop (every second here), once,
/// and stops cleanly on SIGTERM. Today (real time) has no posts, so the latest day's digest
/// goes out.
#[test]
fn serve_delivers_a_due_briefing_from_its_own_loop() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let (hooks_addr, hooks) = receiver().await;
        std::fs::write(dir.path().join("empty.xml"), common::rss(&[])).expect("feed");
        std::fs::write(
            dir.path().join("sources.toml"),
            "[[source]]\nid = \"s\"\nname = \"S\"\nvendor = \"Northfield\"\npath = \"empty.xml\"\nlanguage = \"en\"\n",
        )
        .expect("sources");
        let config_path = dir.path().join("proofwire.toml");
        std::fs::write(
            &config_path,
            format!(
                "data_dir = \"data\"\nsources_file = \"sources.toml\"\ntimezone = \"Asia/Seoul\"\npublic_url = \"http://127.0.0.1:9\"\n\n[fetch]\nallow_hosts = [\"{hooks_addr}\"]\n\n[summarizer]\nenabled = false\n\n[briefing]\ncheck_secs = 1\n"
            ),
        )
        .expect("config");
        let config = Config::load(Some(&config_path)).expect("config loads");
        let store = common::open_store(&config.database_path()).await;
        common::articles::add_posts(&store, &NORTHFIELD[..2]).await;
        proofwire::auth::add_user(&store, "ann", "a long password", false)
            .await
            .expect("user");
        let user = store
            .credentials("ann")
            .await
            .expect("db")
            .expect("ann")
            .id;
        let id = subscribe(
            &store,
            user,
            &Checked {
                channel: BriefingChannel::Webhook,
                target: format!("http://{hooks_addr}/hook/serve"),
                shape: WebhookShape::Generic,
                language: Lang::En,
                send_at: "00:00".into(),
                scope: BriefingScope::Top,
            },
            "2026-03-01T00:00:00Z",
        )
        .await
        .expect("subscribe");

        let mut child = Reaped(std::process::Command::new(env!("CARGO_BIN_EXE_proofwire"))
            .arg("--config")
            .arg(&config_path)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .envs(common::database_env(&config_path))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn serve"));
        let deadline = std::time::Instant::now() + LIMIT;
        while hooks.to("serve").is_empty() && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // A few more passes: still one message.
        tokio::time::sleep(Duration::from_secs(3)).await;
        // SAFETY: a signal to the child this test started.
        unsafe {
            libc::kill(child.0.id() as i32, libc::SIGTERM);
        }
        let status = child.0.wait().expect("serve exits");
        let calls = hooks.to("serve");
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert_eq!(calls[0]["day"], "2026-03-02", "the latest day with posts");
        assert!(status.success(), "serve stops cleanly: {status:?}");
        // One row, for the day it ran (today in Seoul, read from the log rather than the clock
        // so a run across midnight does not fail).
        let rows = store.deliveries_of(user, 10).await.expect("db");
        assert_eq!(rows.len(), 1, "{rows:?}");
        let row = &rows[0];
        assert_eq!(row.subscription_id, id);
        assert!(row.day.as_str() > "2026-03-02", "{row:?}");
        assert_eq!((row.status.as_str(), row.attempts), ("sent", 1));
        assert_eq!(row.digest_day.as_deref(), Some("2026-03-02"));
    })
}

/// A child process killed when the test ends, whichever way it ends.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A retry that lands after midnight still sends its own day's digest, and the next day's
/// briefing is a delivery of its own.
#[test]
fn a_retry_after_midnight_sends_its_own_days_digest() {
    runtime().block_on(async {
        let w = world("midnight.db").await;
        // A post on the next day (2026-03-03 in Seoul).
        common::articles::save_at(
            &w.store,
            None,
            7,
            "Northfield opens a Seoul lab",
            "The Northfield Institute opened a lab in Seoul with 20 staff. It is its first in Asia.",
            "en",
            Utc.with_ymd_and_hms(2026, 3, 3, 2, 0, 0)
                .single()
                .expect("time"),
        )
        .await;
        *w.hooks.flaky_failures.lock().expect("hooks") = 1;
        let c = Checked {
            channel: BriefingChannel::Webhook,
            target: format!("{}/flaky", w.hook_base),
            shape: WebhookShape::Generic,
            language: Lang::En,
            send_at: "23:59".into(),
            scope: BriefingScope::All,
        };
        let id = subscribe(&w.store, w.user, &c, "2026-03-01T00:00:00Z")
            .await
            .expect("subscribe");
        // 23:59:30 in Seoul on 2026-03-02: the first try fails.
        let late = Utc
            .with_ymd_and_hms(2026, 3, 2, 14, 59, 30)
            .single()
            .expect("time");
        assert_eq!(w.pass(late).await.failed, 1);
        // 00:01:00 on 2026-03-03: the retry for 2026-03-02 carries 2026-03-02's digest.
        let p = w.pass(late + chrono::Duration::seconds(90)).await;
        assert_eq!(p.sent, 1, "{p:?}");
        let calls = w.hooks.to("flaky");
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[1]["day"], "2026-03-02");
        let row = w
            .store
            .delivery(id, "2026-03-02")
            .await
            .expect("db")
            .expect("row");
        assert_eq!(row.digest_day.as_deref(), Some("2026-03-02"));
        // At 23:59 on 2026-03-03 the day's own briefing goes out, with its own post.
        let next = late + chrono::Duration::days(1);
        assert_eq!(w.pass(next).await.sent, 1);
        let calls = w.hooks.to("flaky");
        assert_eq!(calls.len(), 3);
        assert_eq!(calls[2]["day"], "2026-03-03");
        assert!(calls[2]["stories"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["title"] == "Northfield opens a Seoul lab")));
    })
}

/// Webhook addresses are user input: a loopback address not allowed by `fetch.allow_hosts` is
/// refused before connecting, a redirect is not followed, an endless answer is read only in
/// part, and a receiver that never answers is given up on in `send_timeout_secs`.
#[test]
fn webhook_addresses_answers_and_time_are_bounded() {
    runtime().block_on(async {
        let mut w = world("bounds.db").await;
        w.config.briefing.send_timeout_secs = 2;
        let refused = w
            .subscribe(
                BriefingChannel::Webhook,
                "http://127.0.0.1:1/hook",
                WebhookShape::Generic,
            )
            .await;
        let mut ids = Vec::new();
        for endpoint in ["huge", "stall", "moved"] {
            let url = format!("{}/{endpoint}", w.hook_base);
            ids.push(
                w.subscribe(BriefingChannel::Webhook, &url, WebhookShape::Generic)
                    .await,
            );
        }
        let started = std::time::Instant::now();
        let p = w.pass(morning()).await;
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
        assert_eq!((p.sent, p.failed), (1, 3), "{p:?}");
        let row = |id| {
            let store = w.store.clone();
            async move {
                store
                    .delivery(id, "2026-03-02")
                    .await
                    .expect("db")
                    .expect("row")
            }
        };
        let r = row(refused).await;
        assert!(
            r.error.as_deref().is_some_and(|e| e.contains("refused")),
            "{r:?}"
        );
        assert_eq!(row(ids[0]).await.status, "sent", "huge answer read in part");
        let stalled = row(ids[1]).await;
        assert!(
            stalled
                .error
                .as_deref()
                .is_some_and(|e| e.contains("timed out")),
            "{stalled:?}"
        );
        let moved = row(ids[2]).await;
        assert!(
            moved.error.as_deref().is_some_and(|e| e.contains("307")),
            "{moved:?}"
        );
        assert!(
            w.hooks.to("generic").is_empty(),
            "the redirect was not followed"
        );
    })
}
