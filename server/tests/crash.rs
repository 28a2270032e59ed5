//! Kill -9 the ingest process at several points; the next run must complete the job with no
//! duplicate and nothing missing.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const ENTRIES: usize = 30;

fn write_config(dir: &std::path::Path, addr: std::net::SocketAddr) -> std::path::PathBuf {
    let sources = dir.join("sources.toml");
    std::fs::write(&sources, source("slow", &format!("http://{addr}/slow.xml")))
        .expect("write sources");
    let config = dir.join("proofwire.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"data\"\nsources_file = \"sources.toml\"\ntimezone = \"UTC\"\n[fetch]\nallow_hosts = [\"{addr}\"]\nbackoff_base_minutes = 1\n"
        ),
    )
    .expect("write config");
    config
}

fn ingest(config: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofwire"));
    cmd.arg("--config")
        .arg(config)
        .arg("ingest")
        .envs(database_env(config))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ingest_is_completed_by_the_next_run() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let items: Vec<(String, String, String, String)> = (0..ENTRIES)
        .map(|i| {
            (
                format!("Post {i}"),
                format!("{base}/posts/{i}"),
                format!("g{i}"),
                format!("<p>Feed text {i}.</p>"),
            )
        })
        .collect();
    fx.put("slow.xml", Doc::xml(&rss_owned(&items)));
    for i in 0..ENTRIES {
        let mut page = Doc::html(&article_page(
            &format!("Post {i}"),
            &[
                &format!(
                    "Vendor announced product number {i} with a benchmark score of {i}.5 percent."
                ),
                "The release is available today for all developers through the public API.",
                "Outside researchers will try to reproduce the benchmark score next month.",
            ],
            None,
        ));
        // Slow pages stretch the run so that the kills land in the middle of it.
        page.delay_ms = 80;
        fx.put(&format!("posts/{i}"), page);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(dir.path(), addr);
    let db = dir.path().join("data/proofwire.db");

    let mut partial_counts = Vec::new();
    for kill_after in [400u64, 900, 1500] {
        let mut child = ingest(&config).spawn().expect("spawn ingest");
        let started = Instant::now();
        tokio::time::sleep(Duration::from_millis(kill_after)).await;
        // SIGKILL: no destructors, no flush, no transaction commit.
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        assert!(started.elapsed() < Duration::from_secs(10));
        // On Postgres the database exists from the start; a file exists once ingest made it.
        if db.exists() || on_postgres() {
            let pool = open_store(&db).await;
            let problem = pool.integrity_problem().await.expect("integrity check");
            assert_eq!(problem, None);
            let n: i64 = pool
                .raw("SELECT COUNT(*) FROM articles")
                .scalar()
                .await
                .expect("count");
            partial_counts.push(n);
            pool.close().await;
        }
    }
    assert!(
        partial_counts
            .iter()
            .any(|n| *n > 0 && (*n as usize) < ENTRIES),
        "some kill should land mid-run: {partial_counts:?}"
    );

    let status = ingest(&config).status().expect("final ingest");
    assert!(status.success());

    let pool = open_store(&db).await;
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { pool.raw(sql).scalar::<i64>().await.expect("query") }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM articles").await as usize,
        ENTRIES
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT canonical_url) FROM articles").await as usize,
        ENTRIES
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM article_guids").await as usize,
        ENTRIES
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM article_sources").await as usize,
        ENTRIES
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM summaries").await as usize,
        ENTRIES
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM summary_sentences s WHERE s.article_id = a.id)").await,
        0,
        "every article has its summary"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM articles WHERE text_origin = 'page'").await as usize,
        ENTRIES
    );
    // The feed's validators are saved only once every entry was stored.
    assert_eq!(
        count("SELECT COUNT(*) FROM sources WHERE last_outcome LIKE 'ok%'").await,
        1
    );
}

/// The crash loop's busy day: eight feeds of 100 to 200 posts (so they finish at different
/// times, a cut round has finished some, and some wait for their turn: four are read at once),
/// every post with its own page. 200 is the most a feed is read for (`max_entries_per_feed`).
const LOOP_SOURCES: usize = 8;
const LOOP_TOTAL: usize = 1300;

fn loop_posts(source: usize) -> usize {
    (100 + 20 * source).min(200)
}
/// Restarts, each after a kill -9 or a SIGTERM at a seeded random point.
const LOOP_KILLS: usize = 20;
const LOOP_SEED: u64 = 0x5eed_0031;
/// The drain's grace in the loop's config (`[server] shutdown_grace_secs`).
const LOOP_GRACE_SECS: u64 = 1;

/// xorshift64*: the loop's delays and signals, the same on every run of the test.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

fn loop_config(
    dir: &std::path::Path,
    fixture: std::net::SocketAddr,
    model_base: &str,
) -> std::path::PathBuf {
    let sources: String = (0..LOOP_SOURCES)
        .map(|s| {
            source(
                &format!("lab{s}"),
                &format!("http://{fixture}/lab{s}/feed.xml"),
            )
        })
        .collect();
    std::fs::write(dir.join("sources.toml"), sources).expect("sources");
    let config = dir.join("proofwire.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"data\"\nsources_file = \"sources.toml\"\ntimezone = \"UTC\"\nclaims_seed = \"\"\n\
             site_root = {:?}\n\
             # No interval inside the test: only resuming can finish the day.\ningest_interval_minutes = 30\n\
             [server]\nshutdown_grace_secs = {LOOP_GRACE_SECS}\n\
             [summarizer]\nenabled = true\nbackend = \"openai\"\napi_base_url = {model_base:?}\n\
             api_model = \"fake\"\napi_timeout_secs = 5\napi_retries = 0\n\
             [fetch]\nallow_hosts = [\"{fixture}\"]\n",
            repo_root().join("target/site").display().to_string(),
        ),
    )
    .expect("config");
    config
}

struct Server {
    child: std::process::Child,
    port: u16,
    base: String,
    /// The process's log, shown when it fails to exit.
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first start takes a free port; every later one listens on the same address, as a replica
/// restarted by its supervisor does (its `host:addr` is how it finds the model jobs its earlier
/// process left running).
fn start_server(config: &std::path::Path, log: &std::path::Path, port: Option<u16>) -> Server {
    let out = std::fs::File::create(log).expect("log file");
    let err = out.try_clone().expect("log file");
    let mut command = Command::new(env!("CARGO_BIN_EXE_proofwire"));
    command
        .arg("--config")
        .arg(config)
        .arg("serve")
        .envs(database_env(config))
        .env("RUST_LOG", "info")
        .stdout(out)
        .stderr(err);
    let (child, port) = match port {
        Some(port) => (
            command
                .args(["--addr", &format!("127.0.0.1:{port}")])
                .spawn()
                .expect("start proofwire serve"),
            port,
        ),
        None => {
            let dir = log.parent().expect("the log is in a directory");
            let (child, addr) = common::ports::serve_on_any_port(command, dir);
            (child, addr.port())
        }
    };
    Server {
        child,
        port,
        base: format!("http://127.0.0.1:{port}"),
        log: log.to_path_buf(),
    }
}

fn signal(server: &Server, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill {sig}");
}

async fn wait_healthy(client: &reqwest::Client, server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status() == 200 {
                return;
            }
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("the server exited before answering: {status}");
        }
        assert!(Instant::now() < deadline, "the server never became healthy");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The last lines the process logged, for a failure message.
fn log_tail(server: &Server) -> String {
    let text = std::fs::read_to_string(&server.log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Waits for the process to exit (at most `limit`); returns its status and how long it took.
async fn wait_exit(server: &mut Server, limit: Duration) -> (std::process::ExitStatus, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            return (status, started.elapsed());
        }
        if started.elapsed() >= limit {
            panic!(
                "the server did not exit within {limit:?}; its log ends:\n{}",
                log_tail(server)
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn readyz(client: &reqwest::Client, base: &str) -> Option<(u16, serde_json::Value)> {
    let r = client.get(format!("{base}/readyz")).send().await.ok()?;
    let status = r.status().as_u16();
    let v = serde_json::from_str(&r.text().await.ok()?).ok()?;
    Some((status, v))
}

/// Posts without a finished summary job.
const WITHOUT_SUMMARY_JOB: &str = "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM jobs j \
     WHERE j.kind = 'summarize' AND j.state = 'done' AND j.payload LIKE '%\"article_id\":' || a.id || ',%')";

/// What the rounds, sources and failed jobs say, for a failure message.
async fn diagnose(store: &proofwire::store::Store) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT id || ' started ' || started_at || ' finished ' || COALESCE(finished_at, '-') || ' cut ' || COALESCE(cut_at, '-') || ' resumes ' || COALESCE(resumes, 0) FROM ingest_rounds ORDER BY id DESC LIMIT 6",
        "SELECT round_id || ' ' || source_id || ' ' || outcome || ' ' || read_at FROM ingest_round_sources ORDER BY round_id DESC LIMIT 12",
        "SELECT id || ' ' || COALESCE(last_outcome, '-') || ' ' || COALESCE(last_error, '-') FROM sources",
        "SELECT key || ' ' || COALESCE(error, '-') FROM jobs WHERE state = 'failed' LIMIT 3",
    ] {
        let rows = store.raw(sql.to_string()).scalars::<String>().await.expect("diagnose");
        out.push_str(&rows.join("\n"));
        out.push_str("\n--\n");
    }
    out
}

async fn count(store: &proofwire::store::Store, sql: &str) -> i64 {
    store.raw(sql.to_string()).scalar().await.expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_serving_process_killed_or_stopped_mid_round_again_and_again_loses_and_delays_nothing() {
    let (fixture, fx) = start_fixture_server().await;
    publish_busy_day(&fx, &format!("http://{fixture}"), LOOP_SOURCES, loop_posts);
    let model = common::model_server::FakeServer::start(&["fake"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = loop_config(dir.path(), fixture, &model.base());
    let db = dir.path().join("data/proofwire.db");
    let log = dir.path().join("serve.log");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let started = Instant::now();

    // SIGTERM in the middle of a round: /healthz says 503 while the source being read
    // finishes, the process exits 0 within the grace, and says in one line what it left.
    let mut server = start_server(&config, &log, None);
    let port = Some(server.port);
    wait_healthy(&client, &mut server).await;
    let store = open_store(&db).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&store, "SELECT COUNT(*) FROM articles").await < 5 {
        assert!(Instant::now() < deadline, "the first round stored nothing");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&server, "-TERM");
    let mut saw_503 = false;
    while !saw_503 {
        match client.get(format!("{}/healthz", server.base)).send().await {
            Ok(r) => saw_503 = r.status() == 503,
            Err(_) => break,
        }
    }
    let (status, drain_time) =
        wait_exit(&mut server, Duration::from_secs(LOOP_GRACE_SECS + 5)).await;
    assert!(
        status.success(),
        "a drained SIGTERM exits 0: {status}; its log ends:\n{}",
        log_tail(&server)
    );
    assert!(saw_503, "/healthz answered 503 while draining");
    let text = std::fs::read_to_string(&log).expect("log");
    let stop_lines: Vec<&str> = text.lines().filter(|l| l.contains("stopped:")).collect();
    assert_eq!(stop_lines.len(), 1, "one line says what was left: {text}");
    assert!(
        stop_lines[0].contains("source(s) unread"),
        "the stop line should name the sources left: {}\nthe whole log:\n{text}",
        stop_lines[0]
    );
    let stored_at_stop = count(&store, "SELECT COUNT(*) FROM articles").await;
    assert!(
        (stored_at_stop as usize) < LOOP_TOTAL,
        "the stop should land mid-round: {stored_at_stop} of {LOOP_TOTAL} stored"
    );
    eprintln!(
        "SIGTERM mid-round: drained and exited in {drain_time:?}, {stored_at_stop} of {LOOP_TOTAL} posts stored; {}",
        stop_lines[0]
    );

    // A second signal exits at once, without waiting for the grace.
    let mut server = start_server(&config, &log, port);
    wait_healthy(&client, &mut server).await;
    signal(&server, "-TERM");
    tokio::time::sleep(Duration::from_millis(50)).await;
    signal(&server, "-TERM");
    let (_, second) = wait_exit(&mut server, Duration::from_secs(LOOP_GRACE_SECS + 5)).await;
    assert!(
        second < Duration::from_millis(1500),
        "a second signal exits at once: {second:?}"
    );

    // The loop: kill -9 or SIGTERM at seeded random points, restarting each time.
    let mut rng = Rng(LOOP_SEED);
    let (mut kills, mut terms, mut drains) = (0, 0, Vec::new());
    for round in 0..LOOP_KILLS {
        let mut server = start_server(&config, &log, port);
        wait_healthy(&client, &mut server).await;
        tokio::time::sleep(Duration::from_millis(rng.below(1000))).await;
        // Both kinds, whatever the seed: the first and last kills are one of each.
        let term = match round {
            0 => true,
            r if r == LOOP_KILLS - 1 => false,
            _ => rng.below(2) == 0,
        };
        if term {
            terms += 1;
            signal(&server, "-TERM");
            let (status, took) =
                wait_exit(&mut server, Duration::from_secs(LOOP_GRACE_SECS + 5)).await;
            assert!(
                status.success(),
                "SIGTERM exits 0: {status}; its log ends:\n{}",
                log_tail(&server)
            );
            drains.push(took);
        } else {
            kills += 1;
            signal(&server, "-KILL");
            wait_exit(&mut server, Duration::from_secs(5)).await;
        }
    }
    let stored_after_loop = count(&store, "SELECT COUNT(*) FROM articles").await;
    eprintln!(
        "crash loop: {kills} kill -9, {terms} SIGTERM (drains {drains:?}); {stored_after_loop} of {LOOP_TOTAL} posts stored"
    );

    // One more start: no interval passes (it is 30 minutes), so whatever the restart leaves
    // undone waits for nothing but the work itself. How fast that work goes depends on the
    // machine, so what fails the test is a stall — STALL without a post stored, a job
    // finished, a sentence translated (the day read first goes ahead of the jobs) or the
    // round ending — not a slow machine; COMPLETE bounds the whole.
    const STALL: Duration = Duration::from_secs(20);
    const COMPLETE: Duration = Duration::from_secs(300);
    let restarted = Instant::now();
    let mut server = start_server(&config, &log, port);
    wait_healthy(&client, &mut server).await;
    let mut last_progress = (Instant::now(), (-1, -1, -1, false));
    loop {
        let articles = count(&store, "SELECT COUNT(*) FROM articles").await;
        let jobs = store.job_counts().await.expect("jobs");
        let unsummarized = count(&store, WITHOUT_SUMMARY_JOB).await;
        let finished = readyz(&client, &server.base)
            .await
            .is_some_and(|(_, v)| v["rounds"]["last_finished_at"].is_string());
        if finished
            && articles as usize == LOOP_TOTAL
            && unsummarized == 0
            && jobs.queued + jobs.running == 0
        {
            break;
        }
        let translated = count(&store, "SELECT COUNT(*) FROM translations").await;
        let state = (articles, jobs.done + jobs.failed, translated, finished);
        if state != last_progress.1 {
            last_progress = (Instant::now(), state);
        }
        let stalled = last_progress.0.elapsed() > STALL;
        assert!(
            !stalled && restarted.elapsed() < COMPLETE,
            "the day was not completed after the restart ({}): {articles} of {LOOP_TOTAL} posts, \
             {unsummarized} without a done summary job, jobs {jobs:?}, {translated} translations, \
             round finished: {finished}\n{}",
            if stalled {
                format!("nothing moved for {STALL:?}")
            } else {
                format!("not done in {COMPLETE:?}")
            },
            diagnose(&store).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let completed_in = restarted.elapsed();
    // The index holds exactly the stored posts (every page names the test).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let total = client
            .get(format!("{}/api/search?q=crashloop", server.base))
            .send()
            .await
            .ok();
        let total = match total {
            Some(r) => r
                .text()
                .await
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v["total"].as_u64()),
            None => None,
        };
        if total == Some(LOOP_TOTAL as u64) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the search index holds {total:?} posts, the database {LOOP_TOTAL}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, ready) = readyz(&client, &server.base).await.expect("readyz");
    assert!(ready["rounds"]["last_cut_at"].is_string(), "{ready}");
    assert!(ready["rounds"]["resumed_at"].is_string(), "{ready}");
    let metrics = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics body");
    assert!(
        metrics.contains(r#"proofwire_ingest_rounds_total{event="finished"} "#)
            && metrics.contains(r#"proofwire_ingest_rounds_total{event="resumed"} "#),
        "{metrics}"
    );
    signal(&server, "-TERM");
    let (status, _) = wait_exit(&mut server, Duration::from_secs(LOOP_GRACE_SECS + 5)).await;
    assert!(
        status.success(),
        "the last stop exits 0: {status}; its log ends:\n{}",
        log_tail(&server)
    );
    eprintln!(
        "after the loop: the day completed {completed_in:?} after the last start; whole test {:?}",
        started.elapsed()
    );

    // Every post exactly once, nothing else.
    for sql in [
        "SELECT COUNT(*) FROM articles",
        "SELECT COUNT(DISTINCT canonical_url) FROM articles",
        "SELECT COUNT(*) FROM article_guids",
        "SELECT COUNT(*) FROM article_sources",
        "SELECT COUNT(*) FROM summaries",
        "SELECT COUNT(*) FROM articles WHERE text_origin = 'page'",
    ] {
        assert_eq!(count(&store, sql).await as usize, LOOP_TOTAL, "{sql}");
    }
    assert_eq!(store.integrity_problem().await.expect("integrity"), None);
    let (ok, out, err) = common::cli(&config, &["verify-log"], "", &[]);
    assert!(ok, "verify-log: {out}{err}");
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM (SELECT article_id, span_start, span_end FROM claims \
             GROUP BY article_id, span_start, span_end, value HAVING COUNT(*) > 1) d"
        )
        .await,
        0,
        "no claim stored twice"
    );
    assert!(
        count(&store, "SELECT COUNT(*) FROM claims").await as usize >= LOOP_TOTAL,
        "every post's benchmark claim is there"
    );
    // The restarts were mid-round, and each cut round was resumed, never read twice whole.
    let cut = count(
        &store,
        "SELECT COUNT(*) FROM ingest_rounds WHERE finished_at IS NULL",
    )
    .await;
    let resumed = count(
        &store,
        "SELECT COUNT(*) FROM ingest_rounds WHERE resumes IS NOT NULL",
    )
    .await;
    eprintln!("rounds: {cut} cut, {resumed} resumed");
    assert!(
        cut >= (LOOP_KILLS / 2) as i64,
        "most restarts landed mid-round: {cut}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM ingest_rounds WHERE finished_at IS NULL AND cut_at IS NULL"
        )
        .await,
        0,
        "every unfinished round is recorded as cut"
    );
    // No summary job lost: every post's summary job is queued once and done.
    let jobs = store.job_counts().await.expect("jobs");
    assert_eq!(
        (jobs.queued, jobs.running, jobs.failed),
        (0, 0, 0),
        "{jobs:?}"
    );
    assert_eq!(
        count(&store, WITHOUT_SUMMARY_JOB).await,
        0,
        "every post's summary job is done"
    );
}

/// A server whose log reader went away (its pipe closed: a log collector restarted,
/// `proofwire serve | head`) keeps serving and still stops on SIGTERM within its grace: a log
/// line it cannot write is dropped, not a panic in the thread that wrote it (the signal thread
/// logs as it begins the drain).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_log_pipe_closed_still_stops_on_sigterm() {
    let (fixture, _fx) = start_fixture_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(dir.path(), fixture);
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        format!(
            "claims_seed = \"\"\n{text}[server]\nshutdown_grace_secs = 1\n[summarizer]\nenabled = false\n"
        ),
    )
    .expect("config");
    let mut command = Command::new(env!("CARGO_BIN_EXE_proofwire"));
    command
        .arg("--config")
        .arg(&config)
        .arg("serve")
        .envs(database_env(&config))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (child, addr) = common::ports::serve_on_any_port(command, dir.path());
    let mut server = Server {
        child,
        port: addr.port(),
        base: format!("http://{addr}"),
        log: dir.path().join("no log: its pipe was closed"),
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    wait_healthy(&client, &mut server).await;

    drop(server.child.stdout.take());
    drop(server.child.stderr.take());
    // Serving goes on with nowhere to log to.
    for _ in 0..3 {
        let r = client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .expect("/healthz with the log pipe closed");
        assert_eq!(r.status(), 200);
    }
    signal(&server, "-TERM");
    let (status, took) = wait_exit(&mut server, Duration::from_secs(1 + 3 + 5)).await;
    assert!(
        status.success(),
        "a drained SIGTERM exits 0 with its log pipe closed too: {status}"
    );
    eprintln!("SIGTERM with the log pipe closed: exited in {took:?}");
}
