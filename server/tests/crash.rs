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
