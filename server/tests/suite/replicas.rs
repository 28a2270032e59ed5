//! Two `proofwire serve` replicas on one Postgres behind a real HAProxy (deploy/haproxy.cfg),
//! all on loopback: an editor logs in through one replica and acts through the other, the
//! leader ingests and both replicas find the new post, then the leader is killed with
//! `kill -9` under load: requests keep being answered, the survivor takes the schedule over,
//! nothing is lost or duplicated, and the claim log verifies.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

/// Kills the process at the end of the test, however it ends.
struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One word only post `i` contains, to search for.
const CODENAMES: [&str; 8] = [
    "amber", "birch", "cedar", "dahlia", "ember", "fjord", "garnet", "harbor",
];

fn post_page(i: usize) -> String {
    article_page(
        &format!("Model {i} release"),
        &[
            &format!(
                "Lab {i} says Model-{i}, codenamed {}, scores 7{i}.5% on SWE-bench Verified.",
                CODENAMES[i]
            ),
            "The release is available today for all developers through the public API.",
        ],
        None,
    )
}

fn publish(fx: &Fixtures, base: &str, n: usize) {
    let items: Vec<(String, String, String, String)> = (0..n)
        .map(|i| {
            (
                format!("Model {i} release"),
                format!("{base}/posts/{i}"),
                format!("g{i}"),
                format!("<p>Model {i}.</p>"),
            )
        })
        .collect();
    for i in 0..n {
        fx.put(&format!("posts/{i}"), Doc::html(&post_page(i)));
    }
    fx.put("feed.xml", Doc::xml(&rss_owned(&items)));
}

fn replica_config(
    dir: &std::path::Path,
    fixture: std::net::SocketAddr,
    db: &str,
) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(
        dir.join("sources.toml"),
        source("lab", &format!("http://{fixture}/feed.xml")),
    )
    .expect("sources");
    let path = dir.join("proofwire.toml");
    std::fs::write(
        &path,
        format!(
            "data_dir = \"data\"\ndatabase_url = {db:?}\nsources_file = \"sources.toml\"\nclaims_seed = \"\"\n\
             timezone = \"UTC\"\nsite_root = {:?}\n\
             # 3 s between rounds, so the test sees several.\ningest_interval_minutes = 0.05\n\
             [summarizer]\nenabled = false\n[fetch]\nallow_hosts = [\"{fixture}\"]\n",
            repo_root().join("target/site").display().to_string(),
        ),
    )
    .expect("config");
    path
}

/// A replica on a port of its own, with that port.
fn serve(config: &std::path::Path) -> (Guard, u16) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_proofwire"));
    command
        .arg("--config")
        .arg(config)
        .arg("serve")
        .env("RUST_LOG", "warn")
        .env_remove("PROOFWIRE_DATABASE_URL")
        .stdout(Stdio::null());
    let dir = config.parent().expect("the config is in a directory");
    let (child, addr) = crate::common::ports::serve_on_any_port(command, dir);
    (Guard(child), addr.port())
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{base} never became healthy");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether `base`'s search (its own index) finds post `i` by its codename.
async fn finds(client: &reqwest::Client, base: &str, i: usize) -> bool {
    let Ok(r) = client
        .get(format!("{base}/api/search?q={}", CODENAMES[i]))
        .send()
        .await
    else {
        return false;
    };
    let Ok(text) = r.text().await else {
        return false;
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    v["total"].as_u64() == Some(1)
}

async fn leads(client: &reqwest::Client, base: &str) -> bool {
    match client.get(format!("{base}/metrics")).send().await {
        Ok(r) => r.text().await.is_ok_and(|t| {
            t.lines()
                .any(|l| l.trim() == "proofwire_scheduler_leader 1")
        }),
        Err(_) => false,
    }
}

fn set_cookies(r: &reqwest::Response) -> Vec<(String, String)> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no input {name}"));
    let rest = &html[at..];
    let v = rest.find("value=\"").expect("value") + 7;
    rest[v..].split('"').next().unwrap_or_default().to_string()
}

#[test]
fn two_replicas_behind_haproxy_share_sessions_search_and_the_schedule_and_survive_kill_9() {
    let _one = one_site_at_a_time();
    shared_runtime().block_on(async {
        let (fixture, fx) = start_fixture_server().await;
        let base = format!("http://{fixture}");
        publish(&fx, &base, 5);
        let root = tempfile::tempdir().expect("tempdir");
        let db = postgres_database(&format!("replicas {}", root.path().display()));
        let c1 = replica_config(&root.path().join("r1"), fixture, &db);
        let c2 = replica_config(&root.path().join("r2"), fixture, &db);
        let (ok, _, err) = cli(
            &c1,
            &["user", "add", "ann", "--editor"],
            "a long password\n",
            &[("PROOFWIRE_DATABASE_URL", &db)],
        );
        assert!(ok, "{err}");
        let ((g1, p1), (g2, p2)) = (serve(&c1), serve(&c2));
        let mut replicas = [Some(g1), Some(g2)];
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let r1 = format!("http://127.0.0.1:{p1}");
        let r2 = format!("http://127.0.0.1:{p2}");
        wait_healthy(&client, &r1).await;
        wait_healthy(&client, &r2).await;
        let (lb_child, lb_port) = crate::common::ports::spawn_on_free_port(|lb_port| {
            Command::new("haproxy")
                .args(["-db", "-f"])
                .arg(repo_root().join("deploy/haproxy.cfg"))
                .env("PROOFWIRE_LB_BIND", format!("127.0.0.1:{lb_port}"))
                .env("PROOFWIRE_REPLICA_1", format!("127.0.0.1:{p1}"))
                .env("PROOFWIRE_REPLICA_2", format!("127.0.0.1:{p2}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("haproxy (scripts/setup.sh installs it)")
        });
        let _lb = Guard(lb_child);
        let lb = format!("http://127.0.0.1:{lb_port}");
        wait_healthy(&client, &lb).await;

        // The leader's first round stores the five posts; both replicas' indexes find them.
        let store = proofwire::db::Store::connect(&proofwire::db::Location::Postgres(db.clone()))
            .await
            .expect("db");
        let deadline = Instant::now() + Duration::from_secs(60);
        while !(finds(&client, &r1, 4).await && finds(&client, &r2, 4).await) {
            assert!(
                Instant::now() < deadline,
                "the first round never reached both indexes"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let leaders = [leads(&client, &r1).await, leads(&client, &r2).await];
        assert_eq!(
            leaders.iter().filter(|l| **l).count(),
            1,
            "exactly one leader: {leaders:?}"
        );

        // Log in through the balancer; every later request may land on either replica.
        let login = client
            .get(format!("{lb}/login"))
            .send()
            .await
            .expect("login page");
        let login_cookie = set_cookies(&login)
            .into_iter()
            .find(|(k, _)| k == "pw_login")
            .expect("login cookie")
            .1;
        let token = input_value(&login.text().await.expect("body"), "token");
        let r = client
            .post(format!("{lb}/auth/login"))
            .header("cookie", format!("pw_login={login_cookie}"))
            .form(&[
                ("token", token.as_str()),
                ("name", "ann"),
                ("password", "a long password"),
                ("next", "/claims"),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), 303);
        let session = set_cookies(&r)
            .into_iter()
            .find(|(k, _)| k == "pw_session")
            .expect("session")
            .1;
        let cookie = format!("pw_session={session}");
        let claim: i64 = store
            .raw("SELECT MIN(id) FROM claims WHERE sentence LIKE '%SWE-bench%'")
            .scalar()
            .await
            .expect("a claim");
        // Twice through the balancer: round robin sends one of them to each replica, and both
        // know the session and its CSRF token.
        for _ in 0..2 {
            let page = client
                .get(format!("{lb}/claim/{claim}"))
                .header("cookie", &cookie)
                .send()
                .await
                .expect("claim page");
            let html = page.text().await.expect("body");
            assert!(
                html.contains(r#"class="evidence-form""#),
                "the editor is logged in on this replica"
            );
        }
        let page = client
            .get(format!("{lb}/claim/{claim}"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("claim page");
        let csrf = input_value(&page.text().await.expect("body"), "csrf");
        let r = client
            .post(format!("{lb}/claim/{claim}/status"))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("status", "pending"),
                ("reason", "A lab is re-running it."),
            ])
            .send()
            .await
            .expect("status");
        assert_eq!(r.status(), 303);
        let status: String = store
            .raw(format!("SELECT status FROM claims WHERE id = {claim}"))
            .scalar()
            .await
            .expect("status");
        assert_eq!(status, "pending");

        // A new post: from its commit to both replicas finding it.
        publish(&fx, &base, 6);
        let mut committed = None;
        let deadline = Instant::now() + Duration::from_secs(30);
        let (mut on1, mut on2) = (None, None);
        while on1.is_none() || on2.is_none() {
            assert!(
                Instant::now() < deadline,
                "post 5 never became searchable everywhere"
            );
            if committed.is_none()
                && store
                    .raw("SELECT COUNT(*) FROM articles WHERE title = 'Model 5 release'")
                    .scalar::<i64>()
                    .await
                    .expect("count")
                    > 0
            {
                committed = Some(Instant::now());
            }
            if let Some(t) = committed {
                if on1.is_none() && finds(&client, &r1, 5).await {
                    on1 = Some(t.elapsed());
                }
                if on2.is_none() && finds(&client, &r2, 5).await {
                    on2 = Some(t.elapsed());
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        eprintln!("search freshness after commit: replica 1 {on1:?}, replica 2 {on2:?}");

        // Load through the balancer while the leader is killed.
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (ok_count, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut load = Vec::new();
        for i in 0..8 {
            let (client, lb, stop, ok_count, failed) = (
                client.clone(),
                lb.clone(),
                stop.clone(),
                ok_count.clone(),
                failed.clone(),
            );
            load.push(tokio::spawn(async move {
                let paths = [
                    "/",
                    "/claims",
                    "/search?q=release",
                    "/archive",
                    "/api/claims",
                ];
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let ok = client
                        .get(format!("{lb}{}", paths[n % paths.len()]))
                        .send()
                        .await
                        .is_ok_and(|r| r.status() == 200);
                    if ok {
                        ok_count.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let leader = if leads(&client, &r1).await { 0 } else { 1 };
        let survivor_base = if leader == 0 { &r2 } else { &r1 };
        let killed_at = chrono::Utc::now();
        let killed = Instant::now();
        if let Some(mut g) = replicas[leader].take() {
            let pid = g.0.id().to_string();
            let status = Command::new("kill")
                .args(["-9", &pid])
                .status()
                .expect("kill");
            assert!(status.success());
            let _ = g.0.wait();
        }
        // The survivor takes the schedule over and starts the next round.
        let deadline = Instant::now() + Duration::from_secs(30);
        let failover = loop {
            let last = store.last_round().await.expect("schedule");
            if last.is_some_and(|t| t > killed_at) {
                break killed.elapsed();
            }
            assert!(
                Instant::now() < deadline,
                "no round started after the leader died"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(
            leads(&client, survivor_base).await,
            "the survivor runs the schedule"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
        stop.store(true, Ordering::Relaxed);
        for t in load {
            t.await.expect("load task");
        }
        let (served, lost) = (
            ok_count.load(Ordering::Relaxed),
            failed.load(Ordering::Relaxed),
        );
        eprintln!(
            "failover: next scheduled round started {failover:?} after kill -9; \
             load through the balancer: {served} answered, {lost} failed"
        );
        assert!(served > 50, "the load ran: {served}");
        assert_eq!(lost, 0, "requests were lost while a replica died");

        // The survivor alone ingests the next post: nothing lost, nothing twice.
        publish(&fx, &base, 7);
        let deadline = Instant::now() + Duration::from_secs(30);
        while !finds(&client, survivor_base, 6).await {
            assert!(
                Instant::now() < deadline,
                "the survivor never ingested post 6"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let articles: i64 = store
            .raw("SELECT COUNT(*) FROM articles")
            .scalar()
            .await
            .expect("n");
        let links: i64 = store
            .raw("SELECT COUNT(*) FROM article_sources")
            .scalar()
            .await
            .expect("n");
        let guids: i64 = store
            .raw("SELECT COUNT(*) FROM article_guids")
            .scalar()
            .await
            .expect("n");
        assert_eq!((articles, links, guids), (7, 7, 7));
        let (ok, out, err) = cli(&c1, &["verify-log"], "", &[("PROOFWIRE_DATABASE_URL", &db)]);
        assert!(ok, "{out}{err}");
    });
}

#[test]
fn the_replica_that_takes_the_lease_finishes_the_round_the_killed_leader_cut() {
    const PER_SOURCE: usize = 40;
    let _one = one_site_at_a_time();
    shared_runtime().block_on(async {
        let (fixture, fx) = start_fixture_server().await;
        publish_busy_day(&fx, &format!("http://{fixture}"), 2, |_| PER_SOURCE);
        let root = tempfile::tempdir().expect("tempdir");
        let db = postgres_database(&format!("replicas-resume {}", root.path().display()));
        let configs: Vec<std::path::PathBuf> = ["r1", "r2"]
            .iter()
            .map(|r| {
                let dir = root.path().join(r);
                let path = replica_config(&dir, fixture, &db);
                let sources: String = (0..2)
                    .map(|s| source(&format!("lab{s}"), &format!("http://{fixture}/lab{s}/feed.xml")))
                    .collect();
                std::fs::write(dir.join("sources.toml"), sources).expect("sources");
                // No interval inside the test: only resuming can finish the round.
                let text = std::fs::read_to_string(&path)
                    .expect("config")
                    .replace("ingest_interval_minutes = 0.05", "ingest_interval_minutes = 30");
                std::fs::write(&path, text).expect("config");
                path
            })
            .collect();
        let ((g1, p1), (g2, p2)) = (serve(&configs[0]), serve(&configs[1]));
        let mut replicas = [Some(g1), Some(g2)];
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let bases = [
            format!("http://127.0.0.1:{p1}"),
            format!("http://127.0.0.1:{p2}"),
        ];
        wait_healthy(&client, &bases[0]).await;
        wait_healthy(&client, &bases[1]).await;
        let store = proofwire::db::Store::connect(&proofwire::db::Location::Postgres(db.clone()))
            .await
            .expect("db");
        let count = |sql: &'static str| {
            let store = store.clone();
            async move { store.raw(sql).scalar::<i64>().await.expect("count") }
        };
        let total = (2 * PER_SOURCE) as i64;
        let deadline = Instant::now() + Duration::from_secs(60);
        while count("SELECT COUNT(*) FROM articles").await < 5 {
            assert!(Instant::now() < deadline, "the leader's round stored nothing");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let leader = if leads(&client, &bases[0]).await { 0 } else { 1 };
        let at_kill = count("SELECT COUNT(*) FROM articles").await;
        assert!(at_kill < total, "the kill lands mid-round: {at_kill} of {total}");
        let killed = Instant::now();
        if let Some(mut g) = replicas[leader].take() {
            let status = Command::new("kill")
                .args(["-9", &g.0.id().to_string()])
                .status()
                .expect("kill");
            assert!(status.success());
            let _ = g.0.wait();
        }
        let survivor = &bases[1 - leader];
        let deadline = Instant::now() + Duration::from_secs(60);
        while count("SELECT COUNT(*) FROM articles").await < total
            || count("SELECT COUNT(*) FROM ingest_rounds WHERE resumes IS NOT NULL AND finished_at IS NOT NULL").await == 0
        {
            assert!(
                Instant::now() < deadline,
                "the survivor did not finish the cut round: {} of {total} posts",
                count("SELECT COUNT(*) FROM articles").await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let finished = killed.elapsed();
        eprintln!(
            "leader killed with {at_kill} of {total} posts stored; the survivor finished the round {finished:?} later"
        );
        assert!(leads(&client, survivor).await, "the survivor runs the schedule");
        for sql in [
            "SELECT COUNT(*) FROM articles",
            "SELECT COUNT(DISTINCT canonical_url) FROM articles",
            "SELECT COUNT(*) FROM article_guids",
            "SELECT COUNT(*) FROM article_sources",
        ] {
            assert_eq!(count(sql).await, total, "{sql}");
        }
        let r = client
            .get(format!("{survivor}/readyz"))
            .send()
            .await
            .expect("readyz");
        let v: serde_json::Value = serde_json::from_str(&r.text().await.expect("body")).expect("json");
        assert!(v["rounds"]["last_cut_at"].is_string(), "{v}");
        assert!(v["rounds"]["resumed_finished_at"].is_string(), "{v}");
        let (ok, out, err) = cli(
            &configs[0],
            &["verify-log"],
            "",
            &[("PROOFWIRE_DATABASE_URL", &db)],
        );
        assert!(ok, "{out}{err}");
    });
}
