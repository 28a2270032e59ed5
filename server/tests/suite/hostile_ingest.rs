//! Hostile content against a whole ingestion run: it must finish, store what it can, and say
//! what it could not read. (Per-function property checks are in claim_properties.rs and
//! hostile_properties.rs.)

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use proofwire::fetch::Fetcher;
use proofwire::ingest::sources;
use proofwire::ingest::{Ingestor, Outcome};
use proofwire::summarize::{Extractive, Summarizer, Summary, SummaryInput};

fn nested(depth: usize, inner: &str) -> String {
    "<div>".repeat(depth) + inner + &"</div>".repeat(depth)
}

#[tokio::test]
async fn pages_nested_tens_of_thousands_deep_are_read_quickly_and_keep_their_text() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let deep = nested(
        60_000,
        "<p>Acme-7 scores 81.2% on MathBench, the lab says.</p>",
    );
    fx.put(
        "feed.xml",
        Doc::xml(&rss(&[
            ("Deep page", &format!("{base}/deep"), "g1", "<p>x</p>"),
            // The same nesting inside the feed's own HTML (escaped by rss()).
            ("Deep feed entry", &format!("{base}/missing"), "g2", &deep),
        ])),
    );
    fx.put(
        "deep",
        Doc::html(&format!(
            "<html><body><article>{deep}</article></body></html>"
        )),
    );
    let mut fetch = fetch_config(addr);
    fetch.max_body_bytes = 1024 * 1024;
    let h = Harness::new(fetch).await;
    let started = Instant::now();
    let reports = h.run(&source("deep", &format!("{base}/feed.xml"))).await;
    let took = started.elapsed();
    let Outcome::Stored(c) = &reports[0].outcome else {
        panic!("{:?}", reports[0].outcome);
    };
    assert_eq!((c.new, c.failed), (2, 0), "{c:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let texts = h
        .strings("SELECT content_text FROM articles ORDER BY id")
        .await;
    for t in &texts {
        assert!(t.contains("Acme-7 scores 81.2% on MathBench"), "{t:.200}");
    }
    assert!(h.count("SELECT COUNT(*) FROM claims").await >= 2);
}

/// Panics on one article's text, as a bug reachable from content would.
struct Tripwire;

impl Summarizer for Tripwire {
    fn method(&self) -> &str {
        "tripwire-1"
    }
    fn summarize(&self, input: &SummaryInput<'_>) -> Summary {
        if input.text.contains("TRIPWIRE") {
            let bytes = input.text.as_bytes();
            let cut = input.text.find('é').map_or(0, |i| i + 1);
            // Slicing inside a character: the class of bug the containment is for.
            let _ = std::str::from_utf8(&bytes[..cut])
                .map(str::len)
                .map_err(|e| panic!("{e}"));
        }
        Extractive.summarize(input)
    }
}

#[tokio::test]
async fn one_entry_that_panics_is_that_entrys_error_and_the_run_goes_on() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let items: Vec<(String, String, String, String)> = (0..5)
        .map(|i| {
            let body = if i == 2 {
                "<p>TRIPWIRE café text that breaks the reader.</p>".to_string()
            } else {
                format!("<p>Ordinary post number {i} about a model release.</p>")
            };
            (
                format!("Post {i}"),
                format!("{base}/p/{i}"),
                format!("g{i}"),
                body,
            )
        })
        .collect();
    fx.put("feed.xml", Doc::xml(&rss_owned(&items)));
    fx.put(
        "other.xml",
        Doc::xml(&rss(&[(
            "Other",
            &format!("{base}/o"),
            "o1",
            "<p>Other post.</p>",
        )])),
    );
    let mut fetch = fetch_config(addr);
    fetch.fetch_pages = false;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = common::open_store(&dir.path().join("p.db")).await;
    let ingestor = Ingestor::new(
        store.clone(),
        Arc::new(Fetcher::new(&fetch).expect("fetcher")),
        Arc::new(Tripwire),
        fetch,
    );
    let list = sources::parse(
        &(source("a", &format!("{base}/feed.xml")) + &source("b", &format!("{base}/other.xml"))),
        dir.path(),
    )
    .expect("sources");
    let reports = ingestor.run(&list, None).await.expect("the run completes");
    let Outcome::Stored(a) = &reports[0].outcome else {
        panic!("{:?}", reports[0].outcome);
    };
    assert_eq!((a.new, a.failed), (4, 1), "{a:?}");
    assert!(reports[0]
        .to_string()
        .contains("1 entries could not be read"));
    assert!(matches!(&reports[1].outcome, Outcome::Stored(b) if b.new == 1));
    let titles: Vec<String> = store
        .raw("SELECT title FROM articles ORDER BY title")
        .scalars()
        .await
        .expect("titles");
    assert_eq!(titles, ["Other", "Post 0", "Post 1", "Post 3", "Post 4"]);
    // /sources names the entry and why.
    let outcome: String = store
        .raw("SELECT last_outcome FROM sources WHERE id = 'a'")
        .scalar()
        .await
        .expect("outcome");
    assert!(
        outcome.contains("1 entries could not be read")
            && outcome.contains("/p/2: reading it failed"),
        "{outcome}"
    );
}

#[tokio::test]
async fn a_tarpit_source_is_cut_at_its_deadline_and_the_others_are_read() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    // A feed of many entries whose pages each answer slowly or dribble their bodies, behind
    // slow redirects.
    let items: Vec<(String, String, String, String)> = (0..200)
        .map(|i| {
            (
                format!("Slow {i}"),
                format!("{base}/hop/{i}"),
                format!("s{i}"),
                format!("<p>Slow entry {i}.</p>"),
            )
        })
        .collect();
    for i in 0..200 {
        let mut hop = Doc::redirect(&format!("{base}/slow/{i}"));
        hop.delay_ms = 400;
        fx.put(&format!("hop/{i}"), hop);
        let mut page = Doc::html(&article_page("Slow", &["A slow page."], None));
        // Half the pages answer late; the other half send their body a few bytes at a time.
        if i % 2 == 0 {
            page.delay_ms = 400;
        } else {
            page.dribble_ms = 40;
        }
        fx.put(&format!("slow/{i}"), page);
    }
    fx.put("tarpit.xml", Doc::xml(&rss_owned(&items)));
    fx.put(
        "fine.xml",
        Doc::xml(&rss(&[(
            "Fine",
            &format!("{base}/fine"),
            "f",
            "<p>Fine.</p>",
        )])),
    );
    fx.put(
        "fine",
        Doc::html(&article_page("Fine", &["A fine page."], None)),
    );
    let mut fetch = fetch_config(addr);
    fetch.source_deadline_secs = 3;
    let h = Harness::new(fetch).await;
    let started = Instant::now();
    let reports = h
        .run(
            &(source("fine", &format!("{base}/fine.xml"))
                + &source("tarpit", &format!("{base}/tarpit.xml"))),
        )
        .await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "the run took {took:?}");
    let tarpit = reports
        .iter()
        .find(|r| r.id == "tarpit")
        .expect("tarpit report");
    assert!(
        matches!(&tarpit.outcome, Outcome::Failed(m) if m.contains("the source's time limit (3 s)")),
        "{:?}",
        tarpit.outcome
    );
    let fine = reports
        .iter()
        .find(|r| r.id == "fine")
        .expect("fine report");
    assert!(
        matches!(&fine.outcome, Outcome::Stored(c) if c.new == 1),
        "{:?}",
        fine.outcome
    );
    // What the tarpit let through before its deadline is kept.
    let slow = h
        .count("SELECT COUNT(*) FROM articles WHERE source_id = 'tarpit'")
        .await;
    assert!((1..20).contains(&slow), "{slow} slow entries stored");
}

#[tokio::test]
async fn a_run_past_its_deadline_defers_the_sources_it_has_not_started() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let mut list = String::new();
    for i in 0..8 {
        let mut feed = Doc::xml(&rss(&[(
            "Slow",
            &format!("{base}/x{i}"),
            "g",
            "<p>Slow.</p>",
        )]));
        feed.delay_ms = 2500;
        fx.put(&format!("f{i}.xml"), feed);
        list += &source(&format!("s{i}"), &format!("{base}/f{i}.xml"));
    }
    let mut fetch = fetch_config(addr);
    fetch.fetch_pages = false;
    fetch.run_deadline_secs = 2;
    let h = Harness::new(fetch).await;
    let reports = h.run(&list).await;
    let deferred = reports
        .iter()
        .filter(|r| r.outcome == Outcome::Deferred)
        .count();
    let cut = reports
        .iter()
        .filter(|r| matches!(&r.outcome, Outcome::Failed(m) if m.contains("the run's time limit (2 s)")))
        .count();
    // Four sources run at once: the first four are cut when the run's 2 s are up, and the
    // other four, whose turn comes after that, wait for the next run without a failure.
    assert_eq!((cut, deferred), (4, 4), "{reports:?}");
    let failures: Vec<i64> = h
        .store
        .raw("SELECT failures FROM sources ORDER BY id")
        .scalars()
        .await
        .expect("failures");
    assert_eq!(
        failures.iter().filter(|f| **f == 0).count(),
        4,
        "{failures:?}"
    );
}
