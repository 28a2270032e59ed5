//! The web tier under abuse, through the real accept loop: clients that never finish their
//! headers or bodies, login floods and sprays, and the headers every response must carry.

use crate::common;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use common::*;
use proofwire::store::Store;
use proofwire::web::{listen, WebSettings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Site {
    base: String,
    addr: std::net::SocketAddr,
    store: Store,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

async fn site(adjust: impl FnOnce(&mut WebSettings), header_read: Duration) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = demo_config(dir.path());
    let store = common::open_store(&config.database_path()).await;
    proofwire::auth::add_user(&store, "ann", "a long password", true)
        .await
        .expect("editor");
    let limits = listen::Limits {
        header_read,
        max_connections: 1024,
    };
    let addr = serve_store(&store, &config, Some(limits), |settings, _| {
        adjust(settings)
    })
    .await
    .addr;
    Site {
        base: format!("http://{addr}"),
        addr,
        store,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client"),
        _dir: dir,
    }
}

impl Site {
    /// The login form's token (also its cookie's value).
    async fn login_token(&self) -> String {
        let page = self
            .client
            .get(format!("{}/login", self.base))
            .send()
            .await
            .expect("login page");
        let cookie = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("pw_login="))
            .and_then(|v| v.split(';').next())
            .expect("login cookie")
            .to_string();
        cookie
    }

    async fn attempt(
        &self,
        token: &str,
        name: &str,
        password: &str,
        forwarded: Option<&str>,
    ) -> reqwest::Response {
        let mut r = self
            .client
            .post(format!("{}/auth/login", self.base))
            .header("cookie", format!("pw_login={token}"))
            .form(&[
                ("token", token),
                ("name", name),
                ("password", password),
                ("next", "/\t/evil.example"),
            ]);
        if let Some(f) = forwarded {
            r = r.header("x-forwarded-for", f);
        }
        r.send().await.expect("login attempt")
    }

    async fn healthz_latency(&self) -> Duration {
        let t = Instant::now();
        let r = self
            .client
            .get(format!("{}/healthz", self.base))
            .send()
            .await
            .expect("healthz");
        assert_eq!(r.status(), 200);
        t.elapsed()
    }
}

site_test! {
async fn clients_that_never_finish_their_headers_neither_slow_the_site_nor_stay() {
    let s = site(|_| {}, Duration::from_secs(2)).await;
    let started = Instant::now();
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut c = tokio::net::TcpStream::connect(s.addr)
            .await
            .expect("connect");
        c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .expect("partial headers");
        slow.push(c);
    }
    let mut worst = Duration::ZERO;
    for _ in 0..20 {
        worst = worst.max(s.healthz_latency().await);
    }
    // Every slow client is hung up on at the header deadline, not kept.
    let mut closed_after = Duration::ZERO;
    for mut c in slow {
        let mut buf = [0u8; 512];
        let read = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                match c.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(read.is_ok(), "a slow client was still connected after 20 s");
        closed_after = closed_after.max(started.elapsed());
    }
    println!(
        "200 slow clients: worst /healthz {:.1} ms while they were connected; all closed after {:.2} s",
        worst.as_secs_f64() * 1000.0,
        closed_after.as_secs_f64()
    );
    assert!(worst < Duration::from_secs(1), "healthz took {worst:?}");
    assert!(
        closed_after < Duration::from_secs(6),
        "closed after {closed_after:?}"
    );
}
}

site_test! {
async fn a_body_that_never_arrives_is_answered_408() {
    let s = site(
        |w| w.request_timeout = Duration::from_secs(2),
        Duration::from_secs(10),
    )
    .await;
    let mut c = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connect");
    c.write_all(
        b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=a",
    )
    .await
    .expect("partial body");
    let t = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), c.read_to_end(&mut answer)).await;
    let head = String::from_utf8_lossy(&answer);
    assert!(head.starts_with("HTTP/1.1 408"), "{head:.200}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}
}

site_test! {
async fn spraying_names_from_one_address_is_limited_and_a_trusted_proxy_names_the_client() {
    // Direct clients: X-Forwarded-For is theirs to write, so it is ignored.
    let s = site(|_| {}, Duration::from_secs(10)).await;
    let token = s.login_token().await;
    let mut statuses = Vec::new();
    for i in 0..30 {
        let forged = format!("198.51.100.{i}");
        let r = s
            .attempt(&token, &format!("user{i}"), "wrong password", Some(&forged))
            .await;
        statuses.push(r.status().as_u16());
    }
    let refused = statuses.iter().filter(|s| **s == 429).count();
    println!(
        "login spray, 30 names from one address: {} refused (429)",
        refused
    );
    assert_eq!(&statuses[..20], &[401; 20][..]);
    assert_eq!(refused, 10, "{statuses:?}");

    // Behind a trusted proxy: each client address has its own allowance.
    let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
    let s = site(|w| w.trusted_proxies = vec![proxy], Duration::from_secs(10)).await;
    let token = s.login_token().await;
    for i in 0..30 {
        let client = format!("6.6.6.6, 203.0.113.{i}");
        let r = s
            .attempt(&token, &format!("user{i}"), "wrong password", Some(&client))
            .await;
        assert_eq!(r.status(), 401, "client {i}");
    }
    // The proxy's own address, named over and over, is limited like any client.
    let mut last = 0;
    for i in 0..25 {
        last = s
            .attempt(
                &token,
                &format!("other{i}"),
                "wrong password",
                Some("203.0.113.200"),
            )
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
}
}

site_test! {
async fn parallel_attempts_on_one_name_are_counted_atomically_and_pages_stay_fast() {
    let s = site(|_| {}, Duration::from_secs(10)).await;
    let token = s.login_token().await;
    let flood: Vec<_> = (0..40)
        .map(|_| {
            let (client, base, token) = (s.client.clone(), s.base.clone(), token.clone());
            tokio::spawn(async move {
                client
                    .post(format!("{base}/auth/login"))
                    .header("cookie", format!("pw_login={token}"))
                    .form(&[
                        ("token", token.as_str()),
                        ("name", "ann"),
                        ("password", "wrong password"),
                    ])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut worst = Duration::ZERO;
    for _ in 0..10 {
        worst = worst.max(s.healthz_latency().await);
    }
    let mut statuses = Vec::new();
    for f in flood {
        statuses.push(f.await.expect("attempt task"));
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    println!(
        "40 parallel attempts on one name: {checked} checked, {refused} refused; worst /healthz meanwhile {:.1} ms",
        worst.as_secs_f64() * 1000.0
    );
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    assert!(worst < Duration::from_secs(1), "{worst:?}");
}
}

site_test! {
async fn pages_carry_a_fresh_nonce_policy_and_token_pages_are_not_cached() {
    let s = site(|_| {}, Duration::from_secs(10)).await;
    let get = |path: &'static str| {
        let (client, base) = (s.client.clone(), s.base.clone());
        async move {
            client
                .get(format!("{base}{path}"))
                .send()
                .await
                .expect("get")
        }
    };
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let r = get("/archive").await;
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.headers()["x-frame-options"], "DENY");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|t| t.split('\'').next())
            .expect("nonce in policy")
            .to_string();
        let body = r.text().await.expect("body");
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries it"
        );
        assert!(
            !body.contains("<script>"),
            "no inline script without a nonce"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a nonce is used once");
    let health = get("/healthz").await;
    assert!(health.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .starts_with("default-src 'none'"));
    assert!(health.headers().get("cache-control").is_none());
    let login = get("/login").await;
    assert_eq!(login.headers()["cache-control"], "no-store");

    // A redirect target with a tab (browsers drop it: "/\t/evil" is "//evil") stays on site.
    let token = s.login_token().await;
    let r = s.attempt(&token, "ann", "a long password", None).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/claims");
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("pw_session="))
        .and_then(|v| v.split(';').next())
        .expect("session")
        .to_string();
    let claims = s
        .client
        .get(format!("{}/claims", s.base))
        .header("cookie", format!("pw_session={session}"))
        .send()
        .await
        .expect("claims");
    assert_eq!(claims.headers()["cache-control"], "no-store");
}
}

site_test! {
async fn a_page_that_cannot_load_says_so_with_its_status() {
    let s = site(|_| {}, Duration::from_secs(10)).await;
    for path in [
        "/archive",
        "/sources",
        "/claims",
        "/login",
        "/search?q=model",
    ] {
        let r = s
            .client
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 200, "{path} loads on a sound database");
    }
    for table in ["articles", "sources", "claims", "sessions", "search_log"] {
        s.store
            .raw(format!("ALTER TABLE {table} RENAME TO {table}_gone"))
            .execute()
            .await
            .expect("break the database");
    }
    // (/search reads the index, not these tables: with no hits it has nothing to fail on.)
    for path in ["/archive", "/sources", "/claims", "/login"] {
        // With a session cookie, /login looks the session up (and fails with the database).
        let r = s
            .client
            .get(format!("{}{path}", s.base))
            .header("cookie", "pw_session=some-token")
            .send()
            .await
            .expect("get");
        let status = r.status().as_u16();
        let body = r.text().await.unwrap_or_default();
        assert_eq!(status, 500, "{path}: {body:.300}");
        assert!(!body.contains("no such table"), "{path} shows no internals");
    }
}
}
