//! What an operator relies on: /metrics, JSON logs, and backup / restore while ingesting.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

fn proofwire(config: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    cli(config, args, "", env)
}

/// A data dir with the demo sources (and `extra` sources) and its config file.
fn data_dir(root: &Path, name: &str, extra: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("dir");
    let demo = demo_config(&dir);
    let mut sources = std::fs::read_to_string(&demo.sources_file).expect("sources");
    sources.push_str(extra);
    std::fs::write(&demo.sources_file, sources).expect("sources");
    let config = dir.join("proofwire.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nsources_file = {:?}\nclaims_seed = {:?}\ntimezone = \"Asia/Seoul\"\n\n[summarizer]\nenabled = false\n",
            dir.display().to_string(),
            demo.sources_file.display().to_string(),
            repo_root().join("content/demo/claims.toml").display().to_string(),
        ),
    )
    .expect("config");
    config
}

struct Site {
    base: String,
    client: reqwest::Client,
}

async fn serve(config_path: &Path) -> Site {
    let config = proofwire::config::Config::load(Some(config_path)).expect("config");
    let store = common::open_store(&config.database_path()).await;
    let addr = serve_store(&store, &config, None, |settings, _| {
        settings.public_url = "http://proofwire.test".into();
    })
    .await
    .addr;
    Site {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client"),
    }
}

impl Site {
    /// The body with each response's nonce taken out (it differs by design).
    async fn page(&self, path: &str) -> String {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", "en")
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.expect("body");
        // Leptos repeats the nonce in its preload links' `crossorigin`; searches say how long
        // they took.
        regex::Regex::new(r#"(nonce|crossorigin)="[^"]*"|[0-9.]+ ms|took_ms[\\"]*:[0-9.e-]+"#)
            .expect("re")
            .replace_all(&body, "")
            .into_owned()
    }
}

site_test! {
async fn metrics_count_requests_by_route_and_read_the_store() {
    let root = tempfile::tempdir().expect("tempdir");
    let config = data_dir(root.path(), "m", "");
    let (ok, _, err) = proofwire(&config, &["ingest"], &[]);
    assert!(ok, "{err}");
    let site = serve(&config).await;
    // The recorder is the process's: other tests in this binary may have counted before.
    const CLAIMS_200: &str = r#"http_requests_total{route="/claims",method="GET",status="200"} "#;
    let count = |m: &str| -> u64 {
        m.lines()
            .find_map(|l| l.strip_prefix(CLAIMS_200))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    let before = count(&site.page("/metrics").await);
    for _ in 0..3 {
        site.page("/healthz").await;
    }
    site.page("/claims").await;
    let _ = site
        .client
        .get(format!("{}/claim/999999", site.base))
        .send()
        .await
        .expect("missing claim");
    let m = site.page("/metrics").await;
    for expected in [
        r#"http_requests_total{route="/healthz",method="GET",status="200"} "#,
        r#"http_request_duration_seconds_bucket{route="/claim/{id}",method="GET",le="#,
        "proofwire_articles ",
        r#"proofwire_claims{status="corrected"} 1"#,
        "proofwire_search_index_lag 0",
        "# TYPE http_request_duration_seconds histogram",
    ] {
        assert!(m.contains(expected), "{expected} missing from:\n{m}");
    }
    assert_eq!(count(&m), before + 1, "one more /claims answered 200");
    assert!(
        !m.contains("route=\"/claim/999999\""),
        "raw paths are not labels"
    );
}
}

#[test]
fn json_logs_are_one_object_per_line_and_other_crates_stay_quiet() {
    let root = tempfile::tempdir().expect("tempdir");
    let config = data_dir(root.path(), "l", "");
    // `migrate` creates and migrates the database and names the schema version.
    let (ok, out, err) = proofwire(&config, &["migrate"], &[]);
    let engine = if on_postgres() { "postgres" } else { "sqlite" };
    let newest = std::fs::read_dir(repo_root().join("migrations").join(engine))
        .expect("migrations")
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .split('_')
                .next()?
                .parse::<i64>()
                .ok()
        })
        .max()
        .expect("a migration");
    assert!(
        ok && out.contains(&format!("schema at migration {newest}")),
        "{out}{err}"
    );
    let (ok, _, err) = proofwire(
        &config,
        &["ingest"],
        &[("PROOFWIRE_SERVER_LOG_FORMAT", "json")],
    );
    assert!(ok, "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "ingest logs each source");
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        assert!(v["level"].is_string() && v["target"].is_string(), "{l}");
        let target = v["target"].as_str().unwrap_or_default();
        assert!(
            target.starts_with("proofwire") || v["level"] != "INFO",
            "third-party INFO line: {l}"
        );
    }
    let (ok, _, err) = proofwire(
        &config,
        &["ingest"],
        &[("PROOFWIRE_SERVER_LOG_FORMAT", "yaml")],
    );
    assert!(!ok && err.contains("server.log_format"), "{err}");
}

/// A feed of the posts numbered `range`, whose pages each answer after 60 ms.
fn publish_slow_posts(fx: &Fixtures, base: &str, range: std::ops::Range<usize>) {
    let items: Vec<(String, String, String, String)> = range
        .clone()
        .map(|i| {
            (
                format!("Slow {i}"),
                format!("{base}/p/{i}"),
                format!("s{i}"),
                format!("<p>Slow post {i} scores {i}.5% on MathBench.</p>"),
            )
        })
        .collect();
    for i in range {
        let mut page = Doc::html(&article_page(
            &format!("Slow {i}"),
            &[&format!(
                "Acme model {i} scores {i}.5% on MathBench, the lab says."
            )],
            None,
        ));
        page.delay_ms = 60;
        fx.put(&format!("p/{i}"), page);
    }
    fx.put("slow.xml", Doc::xml(&rss_owned(&items)));
}

site_test! {
async fn a_backup_taken_during_ingestion_restores_with_a_verified_log_and_the_same_pages() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    // A slow extra source keeps the ingestion writing while the backup is taken.
    publish_slow_posts(&fx, &base, 0..40);
    let root = tempfile::tempdir().expect("tempdir");
    let extra = format!("[[source]]\nid = \"slow\"\nname = \"Slow\"\nvendor = \"Slow Lab\"\nurl = \"{base}/slow.xml\"\nlanguage = \"en\"\n");
    let a = data_dir(root.path(), "a", &extra);
    std::fs::write(
        &a,
        std::fs::read_to_string(&a).expect("config")
            + &format!("\n[fetch]\nallow_hosts = [\"{addr}\"]\n"),
    )
    .expect("config");
    let (ok, _, err) = proofwire(&a, &["ingest"], &[]);
    assert!(ok, "{err}");
    if on_postgres() {
        // Backups of a Postgres install are pg_dump's job; the command says so and writes
        // nothing.
        let file = root.path().join("pg.db");
        let (ok, _, err) = proofwire(&a, &["backup", &file.display().to_string()], &[]);
        assert!(!ok && err.contains("pg_dump"), "{err}");
        assert!(!file.exists());
        return;
    }

    // Second pass: new slow entries arrive while a backup is taken.
    publish_slow_posts(&fx, &base, 40..80);
    let mut ingesting = Command::new(env!("CARGO_BIN_EXE_proofwire"))
        .arg("--config")
        .arg(&a)
        .envs(database_env(&a))
        .args(["ingest", "--source", "slow"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ingest");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let during = root.path().join("during.db");
    let (ok, out, err) = proofwire(&a, &["backup", &during.display().to_string()], &[]);
    let still_running = ingesting.try_wait().expect("poll").is_none();
    assert!(ok, "{err}");
    assert!(out.contains("claim log:"), "{out}");
    assert!(ingesting.wait().expect("ingest").success());
    assert!(
        still_running,
        "the backup was meant to land during the ingestion"
    );

    let b = data_dir(root.path(), "b", &extra);
    let (ok, out, err) = proofwire(&b, &["restore", &during.display().to_string()], &[]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("claim log verified") && out.contains("reindexed"),
        "{out}"
    );
    let (ok, _, err) = proofwire(&b, &["verify-log"], &[]);
    assert!(ok, "{err}");
    let (ok, _, err) = proofwire(&b, &["restore", &during.display().to_string()], &[]);
    assert!(
        !ok && err.contains("--force"),
        "restoring over a database needs --force: {err}"
    );
    // A server on that data dir (it keeps running to the end of the test): refused before
    // anything is replaced.
    let _serving = serve(&b).await;
    let (ok, _, err) = proofwire(
        &b,
        &["restore", &during.display().to_string(), "--force"],
        &[],
    );
    assert!(!ok && err.contains("stop it first"), "{err}");

    // Pages: a backup of the finished state, restored elsewhere, serves the same pages.
    let after = root.path().join("after.db");
    let (ok, _, err) = proofwire(&a, &["backup", &after.display().to_string()], &[]);
    assert!(ok, "{err}");
    let (ok, _, err) = proofwire(&a, &["backup", &after.display().to_string()], &[]);
    assert!(!ok && err.contains("already exists"), "{err}");
    let c = data_dir(root.path(), "c", &extra);
    let (ok, _, err) = proofwire(&c, &["restore", &after.display().to_string()], &[]);
    assert!(ok, "{err}");
    let (site_a, site_c) = (serve(&a).await, serve(&c).await);
    for path in [
        "/",
        "/digest/2026-02-21",
        "/claims",
        "/archive",
        "/article/1",
        "/search?q=MathBench",
        "/search?q=MathBench&sort=date",
        "/api/claims",
        "/api/search?q=model",
    ] {
        let (pa, pc) = (site_a.page(path).await, site_c.page(path).await);
        if let Some(at) = pa.bytes().zip(pc.bytes()).position(|(x, y)| x != y) {
            let around = |p: &str| {
                p.get(at.saturating_sub(80)..(at + 80).min(p.len()))
                    .unwrap_or_default()
                    .to_string()
            };
            panic!(
                "{path} differs after restore at byte {at}: {:?} vs {:?}",
                around(&pa),
                around(&pc)
            );
        }
        assert_eq!(pa.len(), pc.len(), "{path}");
    }

    // Not a backup at all, or a backup whose log was tampered with, is refused.
    let junk = root.path().join("junk.db");
    std::fs::write(&junk, b"not a database").expect("junk");
    let d = data_dir(root.path(), "d", "");
    let (ok, _, err) = proofwire(&d, &["restore", &junk.display().to_string()], &[]);
    assert!(
        !ok && err.contains("not a usable Proofwire backup"),
        "{err}"
    );
    let pool = proofwire::db::Store::open(&after).await.expect("open");
    pool.raw("DROP TRIGGER claim_events_no_update")
        .execute()
        .await
        .expect("drop");
    pool.raw("UPDATE claim_events SET actor = 'mallory' WHERE id = 1")
        .execute()
        .await
        .expect("tamper");
    pool.close().await;
    let (ok, _, err) = proofwire(&d, &["restore", &after.display().to_string()], &[]);
    assert!(!ok && err.contains("claim log is broken"), "{err}");
    assert!(!d.parent().expect("dir").join("proofwire.db").exists());
}
}

/// The id of a claim that has an Every Eval Ever record (a benchmark claim with a number, a
/// benchmark and a model).
async fn first_benchmark_claim(site: &Site) -> i64 {
    let page: serde_json::Value =
        serde_json::from_str(&site.page("/api/claims?kind=benchmark").await).expect("json");
    for card in page["claims"].as_array().expect("claims") {
        let id = card["id"].as_i64().expect("id");
        let r = site
            .client
            .get(format!("{}/api/eee/{id}", site.base))
            .send()
            .await
            .expect("get");
        if r.status() == 200 {
            return id;
        }
    }
    panic!("no benchmark claim has an Every Eval Ever record")
}

/// The JSON schema of one documented response, with the document's components beside it so
/// its `$ref`s resolve.
fn response_schema(doc: &serde_json::Value, path: &str, status: &str) -> serde_json::Value {
    let schema = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]
        ["schema"]
        .clone();
    assert!(
        !schema.is_null(),
        "{path} documents no JSON body for {status}"
    );
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"].clone(),
        "allOf": [schema],
    })
}

site_test! {
async fn every_documented_route_answers_as_documented() {
    let root = tempfile::tempdir().expect("tempdir");
    let config = data_dir(root.path(), "o", "");
    let (ok, _, err) = proofwire(&config, &["ingest"], &[]);
    assert!(ok, "{err}");
    let site = serve(&config).await;
    let doc: serde_json::Value =
        serde_json::from_str(&site.page("/api/openapi.json").await).expect("json");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    let paths: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        paths,
        ["/api/claims", "/api/claims/{id}", "/api/eee/{id}", "/api/search"]
    );
    let get = |url: String| {
        let client = site.client.clone();
        async move {
            let r = client.get(url).send().await.expect("get");
            let status = r.status().as_u16().to_string();
            (
                status,
                serde_json::from_str::<serde_json::Value>(&r.text().await.expect("body"))
                    .expect("a JSON body"),
            )
        }
    };
    let mut checked = 0;
    for path in &paths {
        let concrete: Vec<(String, &str)> = match path.as_str() {
            "/api/claims/{id}" => vec![
                ("/api/claims/7".into(), "200"),
                ("/api/claims/x".into(), "400"),
                ("/api/claims/999999".into(), "404"),
            ],
            "/api/eee/{id}" => vec![
                (format!("/api/eee/{}", first_benchmark_claim(&site).await), "200"),
                ("/api/eee/x".into(), "400"),
                ("/api/eee/999999".into(), "404"),
            ],
            "/api/search" => vec![
                ("/api/search?q=model&page=2".into(), "200"),
                ("/api/search?q=%22unclosed&from=yesterday".into(), "200"),
            ],
            "/api/claims" => vec![
                ("/api/claims?status=corrected".into(), "200"),
                ("/api/claims?kind=nonsense&page=-1".into(), "200"),
            ],
            other => panic!("no concrete request for {other}: add one"),
        };
        for (url, expected) in concrete {
            let (status, body) = get(format!("{}{url}", site.base)).await;
            assert_eq!(status, expected, "{url}");
            let schema = response_schema(&doc, path, expected);
            let validator =
                jsonschema::validator_for(&schema).expect("the document's schema compiles");
            let problems: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .take(5)
                .collect();
            assert!(problems.is_empty(), "{url}: {problems:?}");
            // The schema says something: an empty object or a bare string is not a valid answer.
            assert!(
                !validator.is_valid(&serde_json::json!({}))
                    && !validator.is_valid(&serde_json::json!("ok")),
                "{url}: the schema accepts anything"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}
}
