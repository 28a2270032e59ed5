//! Test harness: a fixture HTTP server on 127.0.0.1 and helpers to run ingestion against it.
#![allow(dead_code)]

pub mod articles;
pub mod model_server;
pub mod ports;
pub mod websub_hub;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use proofwire::config::{Config, FetchConfig};
use proofwire::fetch::Fetcher;
use proofwire::ingest::sources::{self, Source};
use proofwire::ingest::{Ingestor, SourceReport};
use proofwire::store::Store;
use proofwire::summarize::Extractive;

/// A document the fixture server returns at a path.
#[derive(Clone)]
pub struct Doc {
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub etag: Option<&'static str>,
    pub delay_ms: u64,
    /// Send the body 16 bytes at a time, this many milliseconds apart (a slow body).
    pub dribble_ms: u64,
}

impl Doc {
    pub fn new(content_type: &'static str, body: impl Into<Vec<u8>>) -> Doc {
        Doc {
            body: body.into(),
            content_type,
            status: 200,
            headers: vec![],
            etag: None,
            delay_ms: 0,
            dribble_ms: 0,
        }
    }
    pub fn xml(body: &str) -> Doc {
        Doc::new("application/rss+xml", body.as_bytes().to_vec())
    }
    pub fn html(body: &str) -> Doc {
        Doc::new("text/html; charset=utf-8", body.as_bytes().to_vec())
    }
    pub fn redirect(to: &str) -> Doc {
        let mut d = Doc::new("text/plain", Vec::new());
        d.status = 302;
        d.headers.push(("location", to.to_string()));
        d
    }
}

#[derive(Clone, Default)]
pub struct Fixtures {
    docs: Arc<Mutex<HashMap<String, Doc>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    pub not_modified: Arc<AtomicUsize>,
}

impl Fixtures {
    pub fn put(&self, path: &str, doc: Doc) {
        self.docs
            .lock()
            .expect("fixture lock")
            .insert(path.trim_start_matches('/').to_string(), doc);
    }
    pub fn hits(&self, path: &str) -> usize {
        *self
            .hits
            .lock()
            .expect("fixture lock")
            .get(path.trim_start_matches('/'))
            .unwrap_or(&0)
    }
}

async fn serve_doc(
    State(f): State<Fixtures>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    *f.hits
        .lock()
        .expect("fixture lock")
        .entry(path.clone())
        .or_default() += 1;
    let doc = f.docs.lock().expect("fixture lock").get(&path).cloned();
    let Some(doc) = doc else {
        return (StatusCode::NOT_FOUND, "no such fixture").into_response();
    };
    if doc.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(doc.delay_ms)).await;
    }
    if let (Some(etag), Some(sent)) = (doc.etag, headers.get(header::IF_NONE_MATCH)) {
        if sent.to_str().ok() == Some(etag) {
            f.not_modified.fetch_add(1, Ordering::SeqCst);
            return StatusCode::NOT_MODIFIED.into_response();
        }
    }
    let mut resp = Response::builder()
        .status(doc.status)
        .header(header::CONTENT_TYPE, doc.content_type);
    if let Some(etag) = doc.etag {
        resp = resp.header(header::ETAG, etag);
    }
    for (k, v) in &doc.headers {
        resp = resp.header(*k, v);
    }
    let body = if doc.dribble_ms > 0 {
        let chunks: Vec<Vec<u8>> = doc.body.chunks(16).map(<[u8]>::to_vec).collect();
        let every = Duration::from_millis(doc.dribble_ms);
        Body::from_stream(futures_util::stream::unfold(
            chunks.into_iter(),
            move |mut rest| async move {
                let next = rest.next()?;
                tokio::time::sleep(every).await;
                Some((Ok::<_, std::io::Error>(next), rest))
            },
        ))
    } else {
        Body::from(doc.body)
    };
    resp.body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Starts the fixture server on an ephemeral loopback port.
pub async fn start_fixture_server() -> (SocketAddr, Fixtures) {
    let fixtures = Fixtures::default();
    let app = Router::new()
        .route("/{*path}", get(serve_doc))
        .with_state(fixtures.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fixture server");
    let addr = listener.local_addr().expect("fixture addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, fixtures)
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip finish")
}

/// A fetch config that allows exactly the fixture server.
pub fn fetch_config(addr: SocketAddr) -> FetchConfig {
    FetchConfig {
        allow_hosts: vec![addr.to_string()],
        max_body_bytes: 256 * 1024,
        timeout_secs: 10,
        connect_timeout_secs: 5,
        ..FetchConfig::default()
    }
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub ingestor: Ingestor,
}

/// One ingestion of the config's sources into the store, with extractive summaries.
pub async fn ingest_extractive(store: &Store, config: &Config) -> Vec<SourceReport> {
    let list = sources::load(&config.sources_file).expect("sources");
    Ingestor::new(
        store.clone(),
        Arc::new(Fetcher::new(&config.fetch).expect("fetcher")),
        Arc::new(Extractive),
        config.fetch.clone(),
    )
    .run(&list, None)
    .await
    .expect("ingest")
}

impl Harness {
    pub async fn new(fetch: FetchConfig) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = open_store(&dir.path().join("proofwire.db")).await;
        let fetcher = Arc::new(Fetcher::new(&fetch).expect("fetcher"));
        let ingestor = Ingestor::new(store.clone(), fetcher, Arc::new(Extractive), fetch);
        Harness {
            dir,
            store,
            ingestor,
        }
    }

    pub async fn run(&self, sources_toml: &str) -> Vec<SourceReport> {
        let list: Vec<Source> =
            sources::parse(sources_toml, self.dir.path()).expect("sources parse");
        self.ingestor.run(&list, None).await.expect("ingest run")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        self.store
            .raw(sql)
            .scalar::<i64>()
            .await
            .expect("count query")
    }

    pub async fn strings(&self, sql: &str) -> Vec<String> {
        self.store
            .raw(sql)
            .scalars::<String>()
            .await
            .expect("string query")
    }
}

pub fn source(id: &str, url: &str) -> String {
    format!("[[source]]\nid = \"{id}\"\nname = \"{id}\"\nvendor = \"Vendor {id}\"\nurl = \"{url}\"\nlanguage = \"en\"\n\n")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A config for the demo snapshot only (no network sources), in a fresh data dir.
pub fn demo_config(data_dir: &std::path::Path) -> Config {
    let root = repo_root();
    let sources: String = std::fs::read_to_string(root.join("content/sources.toml"))
        .expect("sources.toml")
        .split("[[source]]")
        .filter(|block| block.contains("path ="))
        .map(|b| format!("[[source]]{b}"))
        .collect();
    let file = data_dir.join("demo-sources.toml");
    let sources = sources.replace(
        "path = \"demo/",
        &format!("path = \"{}/content/demo/", root.display()),
    );
    std::fs::write(&file, sources).expect("write demo sources");
    Config {
        data_dir: data_dir.to_path_buf(),
        sources_file: file,
        site_root: root.join("target/site"),
        claims_seed: root.join("content/demo/claims.toml"),
        ..Config::default()
    }
}

pub fn rss(items: &[(&str, &str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fixture</title><link>https://example.com/</link>"#,
    );
    for (title, link, guid, body) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><pubDate>Fri, 20 Feb 2026 16:00:00 GMT</pubDate><description><![CDATA[{body}]]></description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

pub fn article_page(title: &str, paragraphs: &[&str], canonical: Option<&str>) -> String {
    let canon = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{c}\">"))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title>{canon}<script>window.tracked=1</script></head>\
         <body><header>SITE HEADER</header><nav>NAV LINKS</nav><article><h1>{title}</h1>{body}</article>\
         <aside>RELATED POSTS</aside><footer>FOOTER TEXT</footer></body></html>"
    )
}

/// Leptos binds its task executor to the first tokio runtime it sees, process-wide, so tests that
/// start in-process sites share one runtime instead of a runtime per `#[tokio::test]`.
pub fn shared_runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

/// A test that serves an in-process Leptos site: it runs on the shared runtime and one site at
/// a time (see `shared_runtime` and `one_site_at_a_time`; a test with a runtime of its own
/// occasionally got no answer to a page request, on Postgres more than on SQLite).
#[macro_export]
macro_rules! site_test {
    ($(#[$m:meta])* async fn $name:ident() $body:block) => {
        $(#[$m])*
        #[test]
        fn $name() {
            let _one = $crate::common::one_site_at_a_time();
            $crate::common::shared_runtime().block_on(async $body)
        }
    };
}

/// One in-process site at a time. With several of these Leptos servers rendering at once, a
/// request occasionally never got its response (about 1 run in 10; 0 in 40 runs one at a time,
/// and a single real server answered 320 concurrent requests without a miss), so the hang belongs
/// to several Leptos apps in one process, which only these tests do.
pub fn one_site_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// The server's own limits (header deadline, connection cap) as `proofwire serve` sets them.
fn default_limits() -> proofwire::web::listen::Limits {
    let server = proofwire::config::ServerConfig::default();
    proofwire::web::listen::Limits {
        header_read: Duration::from_secs(server.header_read_timeout_secs),
        max_connections: server.max_connections,
    }
}

/// A running site over `store`: its address and its search index.
pub struct Served {
    pub addr: SocketAddr,
    pub index: Arc<proofwire::search::SearchIndex>,
}

/// Serves `store` with `config`'s settings (changed by `adjust`, which also learns the address)
/// on an ephemeral loopback port, through the real accept loop, until the test ends.
pub async fn serve_store(
    store: &Store,
    config: &Config,
    limits: Option<proofwire::web::listen::Limits>,
    adjust: impl FnOnce(&mut proofwire::web::WebSettings, SocketAddr),
) -> Served {
    serve_store_with(store, config, limits, adjust, |_| axum::Router::new()).await
}

/// `serve_store` with `extra` routes inside the site's layers, as `serve` adds `/mcp`.
pub async fn serve_store_with(
    store: &Store,
    config: &Config,
    limits: Option<proofwire::web::listen::Limits>,
    adjust: impl FnOnce(&mut proofwire::web::WebSettings, SocketAddr),
    extra: impl FnOnce(&proofwire::web::WebState) -> axum::Router<proofwire::web::WebState>,
) -> Served {
    let index = proofwire::search::sync::open_for_serving(store, &config.search_index_dir(), 1)
        .await
        .expect("search index");
    let search =
        proofwire::search::Search::new(index.clone(), store.clone(), config.tz().expect("tz"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut settings = proofwire::web::WebSettings::from_config(config).expect("settings");
    adjust(&mut settings, addr);
    let state = proofwire::web::WebState::new(
        store.clone(),
        search,
        settings,
        proofwire::run::serve::leptos_options(config, addr),
    );
    let extra = extra(&state);
    tokio::spawn(proofwire::web::listen::serve(
        listener,
        proofwire::web::router_with(state, extra),
        limits.unwrap_or_else(default_limits),
        std::future::pending(),
    ));
    Served { addr, index }
}

/// An RSS document from owned `(title, link, guid, html)` items.
pub fn rss_owned(items: &[(String, String, String, String)]) -> String {
    let refs: Vec<(&str, &str, &str, &str)> = items
        .iter()
        .map(|(a, b, c, d)| (a.as_str(), b.as_str(), c.as_str(), d.as_str()))
        .collect();
    rss(&refs)
}

/// Runs the `proofwire` binary with `config`, `args`, `stdin` and extra environment (RUST_LOG
/// removed); returns success, standard output and standard error.
pub fn cli(
    config: &std::path::Path,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofwire"));
    cmd.arg("--config")
        .arg(config)
        .args(args)
        .env_remove("RUST_LOG")
        .envs(database_env(config))
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run proofwire");
    if let Some(mut s) = child.stdin.take() {
        let _ = s.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The admin URL of the Postgres server tests may use (`scripts/test` starts a throwaway one;
/// by hand: `scripts/pg-cluster.sh start DIR`, then export the URL it prints).
pub fn postgres_server() -> String {
    std::env::var("PROOFWIRE_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
        .expect(
            "this test needs a Postgres server: set PROOFWIRE_TEST_POSTGRES (scripts/test does)",
        )
}

/// Whether this run's databases are on Postgres (`PROOFWIRE_TEST_ENGINE=postgres`, the second
/// pass of `scripts/test`) rather than the embedded SQLite file.
pub fn on_postgres() -> bool {
    std::env::var("PROOFWIRE_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// A new, empty database on the test Postgres server, named after `key`.
pub fn postgres_database(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let admin = postgres_server();
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    let name = format!("pw_{}", &digest[..20]);
    let out = std::process::Command::new("psql")
        .args([admin.as_str(), "-v", "ON_ERROR_STOP=1", "-qc"])
        .arg(format!("CREATE DATABASE {name}"))
        .output()
        .expect("run psql");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || stderr.contains("already exists"),
        "creating the test database failed: {stderr}"
    );
    let mut url = url::Url::parse(&admin).expect("PROOFWIRE_TEST_POSTGRES is a URL");
    url.set_path(&name);
    url.to_string()
}

/// Drops a trigger, as someone with write access to the database would.
pub async fn drop_trigger(db: &Store, name: &str, table: &str) {
    let sql = match db.engine() {
        proofwire::db::Engine::Sqlite => format!("DROP TRIGGER {name}"),
        proofwire::db::Engine::Postgres => format!("DROP TRIGGER {name} ON {table}"),
    };
    db.raw(sql).execute().await.expect("drop trigger");
}

/// The database a test uses where the embedded default would be the file `sqlite_path`: that
/// file, or on the test Postgres server a database of its own, named after the path (so a
/// `proofwire` process started on the same config finds the same one), created on first use.
pub fn test_database(sqlite_path: &std::path::Path) -> proofwire::db::Location {
    if !on_postgres() {
        return proofwire::db::Location::Sqlite(sqlite_path.to_path_buf());
    }
    proofwire::db::Location::Postgres(postgres_database(&sqlite_path.display().to_string()))
}

/// Opens (and migrates) the test database for `sqlite_path` (see `test_database`).
pub async fn open_store(sqlite_path: &std::path::Path) -> Store {
    Store::connect(&test_database(sqlite_path))
        .await
        .expect("open store")
}

/// Environment for a `proofwire` process on `config`, pointing it at the test database.
pub fn database_env(config: &std::path::Path) -> Vec<(String, String)> {
    if !on_postgres() {
        return Vec::new();
    }
    let c = proofwire::config::Config::load(Some(config)).expect("test config loads");
    if !c.database_url.is_empty() {
        return Vec::new();
    }
    match test_database(&c.database_path()) {
        proofwire::db::Location::Postgres(url) => vec![("PROOFWIRE_DATABASE_URL".into(), url)],
        proofwire::db::Location::Sqlite(_) => Vec::new(),
    }
}

/// A busy day on the fixture server: `posts(s)` posts for each of `sources` feeds
/// (`lab{s}/feed.xml`), every post with its own page answered after 40 ms, so a round takes
/// seconds and a restart can cut it.
pub fn publish_busy_day(fx: &Fixtures, base: &str, sources: usize, posts: impl Fn(usize) -> usize) {
    for s in 0..sources {
        let items: Vec<(String, String, String, String)> = (0..posts(s))
            .map(|i| {
                (
                    format!("Lab {s} post {i}"),
                    format!("{base}/lab{s}/posts/{i}"),
                    format!("lab{s}-g{i}"),
                    format!("<p>Feed text {s}-{i}.</p>"),
                )
            })
            .collect();
        fx.put(&format!("lab{s}/feed.xml"), Doc::xml(&rss_owned(&items)));
        for i in 0..posts(s) {
            let mut page = Doc::html(&article_page(
                &format!("Lab {s} post {i}"),
                &[
                    &format!(
                        "Lab {s} released model {s}-{i}, which scores {i}.{s} percent on SWE-bench Verified, a crashloop test."
                    ),
                    "The release is available today for all developers through the public API.",
                    "Outside researchers will try to reproduce the benchmark score next month.",
                ],
                None,
            ));
            // Two pages at a time per host: the day takes longer than a restart's delay.
            page.delay_ms = 40;
            fx.put(&format!("lab{s}/posts/{i}"), page);
        }
    }
}
