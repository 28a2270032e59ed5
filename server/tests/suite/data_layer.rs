//! The data layer across engines: `copy-db` moves an install from SQLite to Postgres and back
//! with the same pages and a verified log, and its table list covers both schemas. These
//! tests need the test Postgres server whichever engine the run is on.

use crate::common;

use std::collections::BTreeSet;

use common::*;
use proofwire::db::copy::{NOT_COPIED, TABLES};
use proofwire::db::{Location, Store};

fn write_config(dir: &std::path::Path, database_url: &str) -> std::path::PathBuf {
    let config = demo_config(dir);
    let path = dir.join("proofwire.toml");
    std::fs::write(
        &path,
        format!(
            "data_dir = {:?}\ndatabase_url = {:?}\nsources_file = {:?}\nclaims_seed = {:?}\n\n[summarizer]\nenabled = false\n",
            dir.display().to_string(),
            database_url,
            config.sources_file.display().to_string(),
            config.claims_seed.display().to_string(),
        ),
    )
    .expect("write config");
    path
}

/// `proofwire` without the test harness's database override: the config says where.
fn run(config: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofwire"));
    let out = cmd
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("PROOFWIRE_DATABASE_URL")
        .output()
        .expect("run proofwire");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn columns_of(rows: &[(String, String)]) -> BTreeSet<(String, String)> {
    rows.iter()
        .filter(|(t, _)| !NOT_COPIED.contains(&t.as_str()))
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_copy_table_list_is_exactly_both_engines_schema() {
    let listed: BTreeSet<(String, String)> = TABLES
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(|(c, _)| (t.name.to_string(), c.to_string()))
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = Store::open(&dir.path().join("schema.db"))
        .await
        .expect("sqlite");
    let postgres = Store::connect(&Location::Postgres(postgres_database(&format!(
        "schema {}",
        dir.path().display()
    ))))
    .await
    .expect("postgres");
    for db in [&sqlite, &postgres] {
        let actual = columns_of(&db.schema_columns().await.expect("schema"));
        let missing: Vec<_> = actual.difference(&listed).collect();
        let extra: Vec<_> = listed.difference(&actual).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: columns copy-db does not know: {missing:?}; listed but absent: {extra:?}",
            db.engine()
        );
    }
}

/// Every page a reader sees, with the per-response CSP nonce taken out.
async fn pages(store: &Store, config: &proofwire::config::Config) -> Vec<(String, String)> {
    let served = serve_store(store, config, None, |_, _| {}).await;
    let client = reqwest::Client::new();
    let mut claim_ids: Vec<i64> = store
        .raw("SELECT id FROM claims ORDER BY id")
        .scalars()
        .await
        .expect("claims");
    claim_ids.truncate(5);
    let mut paths: Vec<String> = [
        "/",
        "/digest/2026-02-21",
        "/archive",
        "/claims",
        "/sources",
        "/search?q=benchmark",
        "/api/claims",
    ]
    .map(String::from)
    .to_vec();
    paths.extend(claim_ids.iter().map(|id| format!("/claim/{id}")));
    // Each response has its own CSP nonce; it is taken out wherever it appears.
    let nonce = regex::Regex::new(r"'nonce-([^']+)'").expect("regex");
    let took = regex::Regex::new(r#"\d+\.\d+ ms|took_ms\\":[0-9.]+"#).expect("regex");
    let mut out = Vec::new();
    for path in paths {
        let r = client
            .get(format!("http://{}{path}", served.addr))
            .header("accept-language", "en")
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 200, "{path}");
        let csp = r
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let mut body = r.text().await.expect("body");
        if let Some(n) = nonce.captures(&csp) {
            body = body.replace(&n[1], "");
        }
        // The search page says how long the search took.
        let body = took.replace_all(&body, "").into_owned();
        out.push((path, body));
    }
    out
}

#[test]
fn copy_db_moves_an_install_to_postgres_and_back_with_the_same_pages_and_log() {
    let _one = one_site_at_a_time();
    shared_runtime().block_on(async {
        let root = tempfile::tempdir().expect("tempdir");
        let a = root.path().join("a");
        std::fs::create_dir_all(&a).expect("dir");
        let sqlite_a = a.join("proofwire.db");
        let config_a = write_config(&a, "");
        let (ok, out, err) = run(&config_a, &["ingest"]);
        assert!(ok, "{out}{err}");

        // To Postgres.
        let pg_url = postgres_database(&format!("copy {}", root.path().display()));
        let b = root.path().join("b");
        std::fs::create_dir_all(&b).expect("dir");
        let config_b = write_config(&b, &pg_url);
        let from = format!("sqlite://{}", sqlite_a.display());
        let started = std::time::Instant::now();
        let (ok, out, err) = run(&config_a, &["copy-db", "--from", &from, "--to", &pg_url]);
        assert!(ok, "{out}{err}");
        assert!(out.contains("claim log verified on both"), "{out}");
        eprintln!("copy-db of the demo to Postgres: {:?}", started.elapsed());
        // Postgres's password never reaches the output.
        assert!(!out.contains("secret"));
        let (ok, out, err) = run(&config_b, &["verify-log"]);
        assert!(ok, "{out}{err}");
        // A second copy into the now-full database is refused and changes nothing.
        let (ok, _, err) = run(&config_a, &["copy-db", "--from", &from, "--to", &pg_url]);
        assert!(!ok && err.contains("not empty"), "{err}");

        // And back, into a new file.
        let c = root.path().join("c");
        std::fs::create_dir_all(&c).expect("dir");
        let config_c = write_config(&c, "");
        let (ok, out, err) = run(
            &config_b,
            &[
                "copy-db",
                "--from",
                &pg_url,
                "--to",
                &format!("sqlite://{}", c.join("proofwire.db").display()),
            ],
        );
        assert!(ok, "{out}{err}");
        let (ok, out, err) = run(&config_c, &["verify-log"]);
        assert!(ok, "{out}{err}");

        // Every page the same on all three.
        let mut seen = Vec::new();
        for (dir, location) in [
            (&a, Location::Sqlite(sqlite_a.clone())),
            (&b, Location::Postgres(pg_url.clone())),
            (&c, Location::Sqlite(c.join("proofwire.db"))),
        ] {
            let store = Store::connect(&location).await.expect("open");
            let mut config = demo_config(dir);
            config.database_url = match &location {
                Location::Postgres(u) => u.clone(),
                Location::Sqlite(_) => String::new(),
            };
            seen.push(pages(&store, &config).await);
        }
        for (i, other) in seen.iter().enumerate().skip(1) {
            for ((path, want), (_, got)) in seen[0].iter().zip(other) {
                assert!(
                    want == got,
                    "{path} differs on copy {i}:\n{}",
                    first_difference(want, got)
                );
            }
        }
        // New rows on the copy continue after the copied ids.
        let store = Store::connect(&Location::Postgres(pg_url.clone()))
            .await
            .expect("open");
        let max: i64 = store
            .raw("SELECT MAX(id) FROM claims")
            .scalar()
            .await
            .expect("max");
        let next: i64 = store
            .raw(
                "INSERT INTO claims (article_id, vendor, kind, sentence, span_start, span_end,
                   content_hash, fields_method, created_at, updated_at)
                 SELECT article_id, vendor, kind, 'x', 0, 1, content_hash, 'test', created_at,
                   updated_at FROM claims WHERE id = $1 RETURNING id",
            )
            .bind(max)
            .scalar()
            .await
            .expect("insert after copy");
        assert_eq!(next, max + 1);
    });
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .chars()
        .zip(b.chars())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |s: &str| {
        s.chars()
            .skip(at.saturating_sub(80))
            .take(200)
            .collect::<String>()
    };
    format!("at char {at}:\n  {}\n  {}", show(a), show(b))
}

/// Two workers with their own pools (two replicas) drain one queue: no job runs twice, both do
/// work, and a job whose worker died is claimed again once its lease runs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_share_the_job_queue_without_doing_a_job_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let location = Location::Postgres(postgres_database(&format!("jobs {}", dir.path().display())));
    let a = Store::connect(&location).await.expect("replica a");
    let b = Store::connect(&location).await.expect("replica b");
    let now = chrono::Utc::now();
    for i in 0..60 {
        assert!(a
            .enqueue_job("summarize", &format!("summarize:2026-11-28:{i}"), "{}", now)
            .await
            .expect("enqueue"));
    }
    // The same work is queued once.
    assert!(!a
        .enqueue_job("summarize", "summarize:2026-11-28:0", "{}", now)
        .await
        .expect("enqueue"));
    let lease = std::time::Duration::from_secs(60);
    let work = |db: Store, name: &'static str| {
        tokio::spawn(async move {
            let mut done = Vec::new();
            while let Some(job) = db
                .claim_job(name, lease, 3, chrono::Utc::now())
                .await
                .expect("claim")
            {
                // A little work, so the two interleave.
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                db.finish_job(job.id, name, None, chrono::Utc::now())
                    .await
                    .expect("finish");
                done.push(job.key);
            }
            done
        })
    };
    let (da, db_) = (work(a.clone(), "a"), work(b.clone(), "b"));
    let (da, db_) = (da.await.expect("a"), db_.await.expect("b"));
    let mut all: Vec<&String> = da.iter().chain(db_.iter()).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 60, "every job once");
    assert_eq!(da.len() + db_.len(), 60, "no job twice");
    assert!(
        !da.is_empty() && !db_.is_empty(),
        "both replicas worked: {} / {}",
        da.len(),
        db_.len()
    );
    assert_eq!(
        a.jobs_done_by().await.expect("done by"),
        vec![
            ("a".to_string(), da.len() as i64),
            ("b".to_string(), db_.len() as i64)
        ]
    );

    // A worker takes a job and dies: nobody else gets it until the lease ends, then one does.
    a.enqueue_job("refine", "refine:1", "{}", now)
        .await
        .expect("enqueue");
    let short = std::time::Duration::from_millis(300);
    let taken = a
        .claim_job("a", short, 3, chrono::Utc::now())
        .await
        .expect("claim")
        .expect("a job");
    assert!(b
        .claim_job("b", short, 3, chrono::Utc::now())
        .await
        .expect("claim")
        .is_none());
    // Stored times are to the second: wait until the lease's second is over for certain.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let retried = b
        .claim_job("b", short, 3, chrono::Utc::now())
        .await
        .expect("claim")
        .expect("the dead worker's job");
    assert_eq!((retried.id, retried.attempts), (taken.id, 2));
    // The dead worker's late answer does not overwrite the new owner's.
    a.finish_job(taken.id, "a", Some("late"), chrono::Utc::now())
        .await
        .expect("finish");
    b.finish_job(retried.id, "b", None, chrono::Utc::now())
        .await
        .expect("finish");
    let counts = a.job_counts().await.expect("counts");
    assert_eq!(
        (counts.done, counts.failed, counts.queued, counts.running),
        (61, 0, 0, 0)
    );
}

/// The example deployment's configs are ones Proofwire accepts.
#[test]
fn the_deploy_configs_load() {
    for name in ["web.toml", "model.toml", "inference.toml"] {
        let path = repo_root().join("deploy").join(name);
        let config = proofwire::config::Config::load(Some(&path))
            .unwrap_or_else(|e| panic!("deploy/{name}: {e}"));
        assert!(
            config.database_url.is_empty(),
            "the URL comes from the environment"
        );
    }
}

/// Two editors on two replicas (two pools) acting at the same moment still make one chain:
/// appends are serialized by the log's lock, and `verify` walks it unbroken.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_editors_on_two_replicas_make_one_chain() {
    use app::vocab::{EvidenceKind, Relation, Status, Verdict};
    use proofwire::claims::record::{add_evidence, set_status, NewEvidence};
    let dir = tempfile::tempdir().expect("tempdir");
    let url = postgres_database(&format!("chain {}", dir.path().display()));
    let (ok, out, err) = run(&write_config(dir.path(), &url), &["ingest"]);
    assert!(ok, "{out}{err}");
    let location = Location::Postgres(url);
    let a = Store::connect(&location).await.expect("replica a");
    let b = Store::connect(&location).await.expect("replica b");
    let claims: Vec<i64> = a
        .raw("SELECT id FROM claims ORDER BY id LIMIT 4")
        .scalars()
        .await
        .expect("claims");
    assert_eq!(claims.len(), 4);
    let before = proofwire::claims::log::verify(&a)
        .await
        .expect("db")
        .expect("intact");
    let editor = |db: Store, name: &'static str| {
        let claims = claims.clone();
        tokio::spawn(async move {
            for round in 0..15 {
                let id = claims[round % claims.len()];
                let ev = NewEvidence {
                    url: format!("https://example.org/{name}/{round}"),
                    title: format!("{name} {round}"),
                    organisation: "Lab".into(),
                    kind: EvidenceKind::Leaderboard,
                    relation: Relation::ThirdParty,
                    verdict: Verdict::Supports,
                    measured_value: None,
                    measured_num: None,
                    interval: None,
                    settings: None,
                    note: None,
                    article_id: None,
                    result_id: None,
                };
                let at = proofwire::dates::ts(chrono::Utc::now());
                let ev_id = add_evidence(&db, app::ids::ClaimId::new(id), &ev, name, &at)
                    .await
                    .expect("evidence");
                let to = if round % 2 == 0 {
                    Status::Pending
                } else {
                    Status::Reproduced
                };
                set_status(
                    &db,
                    app::ids::ClaimId::new(id),
                    to,
                    "checked",
                    &[ev_id],
                    name,
                    &at,
                )
                .await
                .expect("status");
            }
        })
    };
    let (ta, tb) = (editor(a.clone(), "ann"), editor(b.clone(), "bob"));
    ta.await.expect("ann");
    tb.await.expect("bob");
    let after = proofwire::claims::log::verify(&b)
        .await
        .expect("db")
        .expect("one unbroken chain");
    assert_eq!(
        after.events,
        before.events + 60,
        "every append kept, none forked"
    );
}

/// What a scheduler owes at start, on both engines: a cut round's unread sources, the sources
/// the interval missed, or nothing.
#[tokio::test]
async fn a_scheduler_starting_after_a_cut_round_owes_only_its_unread_sources() {
    use app::ids::SourceId;
    use proofwire::rounds::{at_start, Start};
    let dir = tempfile::tempdir().expect("tempdir");
    let pg = postgres_database(&format!("rounds {}", dir.path().display()));
    for location in [
        Location::Sqlite(dir.path().join("rounds.db")),
        Location::Postgres(pg),
    ] {
        let db = Store::connect(&location).await.expect("db");
        let every = chrono::Duration::minutes(30);
        let sources: Vec<SourceId> = ["a", "b", "c"].into_iter().map(SourceId::from).collect();
        // Stored times are to the second.
        let t0 = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() - 300, 0)
            .expect("a time");
        assert_eq!(
            at_start(&db, &sources, every, t0).await.expect("start"),
            None
        );

        // A round read "a", then the process died.
        let cut = db.start_round("r1", None, t0).await.expect("round");
        db.round_source_done(
            cut,
            &"a".into(),
            "stored",
            t0 + chrono::Duration::seconds(40),
        )
        .await
        .expect("progress");
        let now = t0 + chrono::Duration::minutes(2);
        let owed = at_start(&db, &sources, every, now).await.expect("start");
        assert_eq!(
            owed,
            Some(Start::Resume {
                cut,
                done: [SourceId::from("a")].into_iter().collect()
            })
        );
        let recorded = db.latest_round().await.expect("latest").expect("a round");
        assert_eq!(
            recorded.cut_at,
            Some(t0 + chrono::Duration::seconds(40)),
            "cut at its last sign of life"
        );

        // The resuming round reads "b" and "c" and finishes: nothing is owed any more, and the
        // status says when the cut round was resumed.
        let resumed = db.start_round("r2", Some(cut), now).await.expect("round");
        for s in ["b", "c"] {
            db.round_source_done(resumed, &s.into(), "stored", now)
                .await
                .expect("progress");
        }
        db.finish_round(resumed, now).await.expect("finish");
        assert_eq!(
            at_start(&db, &sources, every, now).await.expect("start"),
            None
        );
        let status = proofwire::rounds::status(&db).await.expect("status");
        assert!(status.last_cut_at.is_some() && status.resumed_finished_at.is_some());

        // A source added since is read at start, the others are not.
        let more: Vec<SourceId> = ["a", "b", "c", "d"]
            .into_iter()
            .map(SourceId::from)
            .collect();
        assert!(matches!(
            at_start(&db, &more, every, now).await.expect("start"),
            Some(Start::CatchUp { done }) if done.len() == 3 && !done.contains(&SourceId::from("d"))
        ));
        // Once the interval has passed, the schedule's own rhythm reads everything.
        let later = now + chrono::Duration::minutes(31);
        assert_eq!(
            at_start(&db, &more, every, later).await.expect("start"),
            None
        );
        db.close().await;
    }
}
