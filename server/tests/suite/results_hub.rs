//! The Every Eval Ever datastore read as the Hugging Face Hub serves it, from a loopback Hub
//! (`common/hub.rs`) serving a stored tree of real records (`fixtures/eee-datastore/`, each file
//! citing its source in SOURCE.md): the listing paged by `Link: rel="next"`, then only the
//! files whose oid changed; a schema-invalid file reported with its path and skipped; a listing
//! cut off part-way (error reported, what was listed still read); a file that changes a result
//! (the old one kept, the change shown); an unreachable or stalled Hub bounded in time and shown
//! on `/sources` with its last good read.

use crate::common;
#[path = "../common/hub.rs"]
mod hub;

use std::time::{Duration, Instant};

use common::*;
use hub::{start_hub, Hub};
use proofwire::fetch::Fetcher;
use proofwire::results::{self, EvidenceSource, Format};

const BROKEN: &str =
    "data/broken-example/openai/gpt-5-2025-08-07/0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a.json";
const GPT5: &str =
    "data/vals-ai-swebench/openai/gpt-5-2025-08-07/3f2b9c1e-5d7a-4e8b-9a61-0c4d2e7f8a90.json";
const OPEN_LLM: &str =
    "data/hfopenllm_v2/TencentARC/LLaMA-Pro-8B-Instruct/98ea850e-7019-4728-a558-8b1819ec47c2.json";

fn stored_tree() -> Hub {
    let hub = Hub::default();
    hub.put_dir(&repo_root().join("server/tests/fixtures/eee-datastore"));
    assert_eq!(hub.len(), 5);
    hub
}

fn source(addr: std::net::SocketAddr) -> EvidenceSource {
    EvidenceSource {
        id: "eee-datastore".into(),
        publisher: "Every Eval Ever (EvalEval Coalition)".into(),
        url: Some(format!("http://{addr}")),
        repo: Some("evaleval/EEE_datastore".into()),
        format: Format::EeeHub,
        licence: "MIT".into(),
        ..Default::default()
    }
}

async fn setup(
    hub: &Hub,
) -> (
    std::net::SocketAddr,
    tempfile::TempDir,
    proofwire::db::Store,
) {
    let addr = start_hub(hub.clone()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open_store(&dir.path().join("proofwire.db")).await;
    (addr, dir, store)
}

#[tokio::test]
async fn the_datastore_is_read_whole_once_then_only_what_changed() {
    let hub = stored_tree();
    hub.page_size(3); // several pages, followed by their Link headers
    let (addr, _dir, store) = setup(&hub).await;
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");
    let sources = vec![source(addr)];
    results::validate_sources(&sources).expect("valid");

    let first = results::refresh(&store, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let r = &first[0];
    assert_eq!(r.error, None, "{r:?}");
    assert!(hub.listings() > 3, "paged: {} pages", hub.listings());
    assert_eq!((r.files_listed, r.files_read, r.files_left), (5, 5, 0));
    // 6 Open LLM Leaderboard results, 15 MMLU-Pro ones, the two Vals AI ones.
    assert_eq!((r.results, r.new_results), (23, 23), "{:?}", r.problems);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(
        r.problems[0].starts_with(&format!("{BROKEN}: not valid in schema 0.3.0")),
        "{:?}",
        r.problems
    );
    assert_eq!(hub.total_resolves(), 5);

    // A real published result lands on the canonical entities claims use.
    let gpt5 = store
        .results_from(&"eee-datastore".into(), GPT5)
        .await
        .expect("results");
    assert_eq!(gpt5.len(), 1);
    assert_eq!(gpt5[0].model_entity.as_deref(), Some("gpt-5"));
    assert_eq!(
        gpt5[0].benchmark_entity.as_deref(),
        Some("swe-bench-verified")
    );
    assert_eq!(gpt5[0].measured.unit.as_deref(), Some("%"));
    assert!((gpt5[0].measured.score - 68.8).abs() < 1e-9);
    assert_eq!(gpt5[0].measured.relationship, "third_party");
    // Who measured it, as the record says, through the datastore that carries it.
    assert_eq!(
        gpt5[0].publisher,
        "Vals.ai, via Every Eval Ever (EvalEval Coalition)"
    );
    let open_llm = store
        .results_from(&"eee-datastore".into(), OPEN_LLM)
        .await
        .expect("results");
    assert!(
        open_llm
            .iter()
            .any(|r| r.measured.benchmark == "IFEval" && (r.measured.score - 44.86).abs() < 1e-9),
        "a proportion is read as a percentage: {open_llm:?}"
    );

    // Nothing changed: the listing only, no file fetched, the broken file still reported.
    let second = results::refresh(&store, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let r = &second[0];
    assert_eq!(hub.total_resolves(), 5, "an unchanged file is not fetched");
    assert!(r.not_modified && r.error.is_none(), "{r:?}");
    assert_eq!((r.files_read, r.new_results), (0, 0));
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0].starts_with(BROKEN));

    // Vals AI re-runs GPT-5 (a changed figure, made up for the test): only that file is
    // fetched again; the new result is stored beside the old, and the change is shown.
    let changed = std::fs::read_to_string(
        repo_root()
            .join("server/tests/fixtures/eee-datastore")
            .join(GPT5),
    )
    .expect("fixture")
    .replace("\"score\": 68.8", "\"score\": 70.2");
    assert!(changed.contains("70.2"));
    hub.put(GPT5, changed);
    let third = results::refresh(&store, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let r = &third[0];
    assert_eq!((r.files_read, r.new_results), (1, 1), "{r:?}");
    assert_eq!(hub.resolves(GPT5), 2);
    assert_eq!(hub.resolves(OPEN_LLM), 1);
    assert_eq!(
        r.changes,
        [format!(
            "{GPT5}: openai/gpt-5-2025-08-07 on SWE-bench Verified: 68.8% → 70.2%"
        )]
    );
    let both = store
        .results_from(&"eee-datastore".into(), GPT5)
        .await
        .expect("results");
    let scores: Vec<f64> = both.iter().map(|r| r.measured.score).collect();
    assert_eq!(scores, [68.8, 70.2], "the old result is kept");
    let state = store.source_reads().await.expect("state");
    assert_eq!(state[0].changes, r.changes);
    assert!(state[0].last_good_at.is_some());
    assert_eq!(store.count_results().await.expect("count"), 24);
}

#[tokio::test]
async fn a_listing_cut_off_part_way_is_an_error_and_what_it_listed_is_read() {
    let hub = stored_tree();
    // Page 1: the broken file and the Open LLM Leaderboard file (with their folders); page 2
    // stops in the middle of its JSON.
    hub.page_size(8);
    hub.cut_listing_at_page(Some(1));
    let (addr, _dir, store) = setup(&hub).await;
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");
    let sources = vec![source(addr)];

    let cut = results::refresh(&store, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let r = &cut[0];
    let error = r.error.as_deref().unwrap_or_default();
    assert!(
        error.starts_with("listing cut off after 1 page(s) and 2 files"),
        "{r:?}"
    );
    assert_eq!((r.files_listed, r.files_read), (2, 2));
    assert_eq!(r.new_results, 6, "the Open LLM Leaderboard file was read");
    assert!(r.problems.iter().any(|p| p.starts_with(BROKEN)));
    let state = store.source_reads().await.expect("state");
    assert_eq!(state[0].error.as_deref(), Some(error));
    assert_eq!(state[0].last_good_at, None, "never read whole yet");

    // The Hub answers whole again: the rest is read, nothing read before is fetched again.
    hub.cut_listing_at_page(None);
    let whole = results::refresh(&store, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let r = &whole[0];
    assert_eq!(r.error, None);
    assert_eq!((r.files_listed, r.files_read), (5, 3));
    assert_eq!(hub.resolves(OPEN_LLM), 1);
    assert_eq!(
        hub.resolves(BROKEN),
        1,
        "a broken file is not fetched until it changes"
    );
    assert_eq!(store.count_results().await.expect("count"), 23);
    let state = store.source_reads().await.expect("state");
    assert!(state[0].last_good_at.is_some() && state[0].error.is_none());
}

#[tokio::test]
async fn a_file_cap_leaves_the_rest_for_the_next_read() {
    let hub = stored_tree();
    let (addr, _dir, store) = setup(&hub).await;
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");
    let sources = vec![EvidenceSource {
        max_files: 2,
        ..source(addr)
    }];
    let mut read = Vec::new();
    for _ in 0..3 {
        let r = results::refresh(&store, &sources, &fetcher, 1 << 20)
            .await
            .expect("refresh")
            .remove(0);
        read.push((r.files_read, r.files_left));
    }
    assert_eq!(read, [(2, 3), (2, 1), (1, 0)]);
    assert_eq!(hub.total_resolves(), 5, "each file fetched once");
    assert_eq!(store.source_reads().await.expect("state")[0].files_left, 0);
}

/// Offline or stalled, a source costs at most its budget, says why, keeps its last good read,
/// and `/sources` shows both; the background read never makes a caller wait.
#[tokio::test]
async fn an_unreachable_or_stalled_hub_is_bounded_and_shown_on_sources() {
    let hub = stored_tree();
    let (addr, dir, store) = setup(&hub).await;
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");
    let good = source(addr);
    results::refresh(&store, std::slice::from_ref(&good), &fetcher, 1 << 20)
        .await
        .expect("refresh");
    let last_good = store.source_reads().await.expect("state")[0].last_good_at;
    assert!(last_good.is_some());

    // The same source id, now at an address nothing listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let dead = closed.local_addr().expect("addr");
    drop(closed);
    let offline = EvidenceSource {
        url: Some(format!("http://{dead}")),
        ..good.clone()
    };
    let fetcher = Fetcher::new(&fetch_config(dead)).expect("fetcher");
    let started = Instant::now();
    let r = results::refresh(&store, std::slice::from_ref(&offline), &fetcher, 1 << 20)
        .await
        .expect("refresh")
        .remove(0);
    assert!(started.elapsed() < Duration::from_secs(8));
    assert!(
        r.error
            .as_deref()
            .is_some_and(|e| e.starts_with("listing failed:")),
        "{r:?}"
    );
    let state = store.source_reads().await.expect("state");
    assert_eq!(
        state[0].last_good_at, last_good,
        "the last good read is kept"
    );
    assert!(state[0].error.is_some());

    // A Hub that accepts and never answers: the read ends at its budget.
    let stall = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let stall_addr = stall.local_addr().expect("addr");
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((s, _)) = stall.accept().await {
            open.push(s);
        }
    });
    let stalled = EvidenceSource {
        id: "stalled".into(),
        url: Some(format!("http://{stall_addr}")),
        budget_secs: 1,
        ..good.clone()
    };
    let fetcher = Fetcher::new(&fetch_config(stall_addr)).expect("fetcher");
    let started = Instant::now();
    let r = results::refresh(&store, std::slice::from_ref(&stalled), &fetcher, 1 << 20)
        .await
        .expect("refresh")
        .remove(0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        r.error
            .as_deref()
            .is_some_and(|e| e.contains("time budget")),
        "{r:?}"
    );

    // In the background: started at once, one at a time, the caller never waits.
    let mut config = proofwire::config::Config {
        data_dir: dir.path().to_path_buf(),
        fetch: fetch_config(stall_addr),
        ..Default::default()
    };
    config.evidence_source = vec![stalled.clone()];
    let started = Instant::now();
    assert!(proofwire::run::upkeep::results_in_background(
        &config, &store
    ));
    assert!(!proofwire::run::upkeep::results_in_background(
        &config, &store
    ));
    assert!(started.elapsed() < Duration::from_millis(500));
    // One config line turns every source off.
    config.read_evidence_sources = false;
    assert!(proofwire::run::upkeep::results(&config, &store)
        .await
        .expect("results")
        .is_empty());

    // /sources shows the offline source's last good read and its last error.
    let site_config = proofwire::config::Config {
        data_dir: dir.path().to_path_buf(),
        language: "en".into(),
        site_root: repo_root().join("target/site"),
        ..Default::default()
    };
    let served = serve_store(&store, &site_config, None, |_, _| {}).await;
    let page = reqwest::Client::new()
        .get(format!("http://{}/sources", served.addr))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let item = page
        .split("data-evidence-source=\"eee-datastore\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the source on /sources");
    assert!(item.contains("Last good read"), "{item}");
    assert!(item.contains("Last error"), "{item}");
    assert!(item.contains("listing failed"), "{item}");
}
