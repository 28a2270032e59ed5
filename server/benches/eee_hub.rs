//! The Every Eval Ever datastore reader on a 10,000-file tree: a loopback Hub
//! (`tests/common/hub.rs`) serves copies of the stored real records
//! (`tests/fixtures/eee-datastore/`) under 10,000 model folders; the reader lists them (1,000
//! a page, as the Hub pages), fetches each changed file through the fetcher, checks it against
//! the schema and stores its results in a fresh SQLite file. Printed side by side: the first
//! read in one go, a read with the shipped caps (2,000 files, 120 s), a second read with
//! nothing changed, and a read after 100 files changed; time, and the process's resident memory
//! before each phase and its peak during it (reset through /proc/self/clear_refs), the
//! loopback Hub's copy of the tree included in both.
//!
//! `cargo bench -p server --bench eee_hub` (PROOFWIRE_BENCH_FILES=N for another size).

#[path = "../tests/common/hub.rs"]
mod hub;

use std::time::Instant;

use proofwire::config::FetchConfig;
use proofwire::db::Store;
use proofwire::fetch::Fetcher;
use proofwire::results::{self, EvidenceSource, Format, SourceReport};

/// A `/proc/self/status` memory line in MB: `VmHWM` (peak resident since the last reset) or
/// `VmRSS` (resident now).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn records() -> Vec<(String, serde_json::Value)> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eee-datastore");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().contains("broken")
            {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
                        .expect("json");
                let collection = p
                    .strip_prefix(root.join("data"))
                    .ok()
                    .and_then(|r| r.iter().next())
                    .map(|c| c.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((collection, v));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// File `i` of the tree: one of the real records under a model name of its own.
fn file(records: &[(String, serde_json::Value)], i: usize, version: u32) -> (String, Vec<u8>) {
    let (collection, record) = &records[i % records.len()];
    let mut r = record.clone();
    let model = format!("bench-model-{i:05}");
    r["model_info"]["id"] = serde_json::json!(format!("bench-org/{model}"));
    if version > 0 {
        r["retrieved_timestamp"] = serde_json::json!(format!("{}", 1_800_000_000 + version));
        if let Some(s) = r.pointer_mut("/evaluation_results/0/score_details/score") {
            *s = serde_json::json!(s.as_f64().unwrap_or(0.0) * 0.99);
        }
    }
    let uuid = format!("{:08x}-0000-4000-8000-{:012x}", i, i);
    (
        format!("data/{collection}/bench-org/{model}/{uuid}.json"),
        serde_json::to_vec_pretty(&r).expect("json"),
    )
}

fn source(addr: std::net::SocketAddr, max_files: usize, budget_secs: u64) -> EvidenceSource {
    EvidenceSource {
        id: "eee-datastore".into(),
        publisher: "Every Eval Ever (EvalEval Coalition)".into(),
        url: Some(format!("http://{addr}")),
        repo: Some("evaleval/EEE_datastore".into()),
        format: Format::EeeHub,
        licence: "MIT".into(),
        max_files,
        budget_secs,
        ..Default::default()
    }
}

async fn phase(name: &str, store: &Store, fetcher: &Fetcher, src: &EvidenceSource) -> SourceReport {
    reset_peak();
    let before = status_mb("VmRSS:");
    let t = Instant::now();
    let r = results::refresh(store, std::slice::from_ref(src), fetcher, 5 << 20)
        .await
        .expect("refresh")
        .remove(0);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{name:<38} {secs:>8.2} s  {before:>5.0} MB before, {:>5.0} MB peak  listed {:>6}  read {:>6}  left {:>6}  results {:>7} (new {:>7})  changes {:>4}  error {}",
        status_mb("VmHWM:"),
        r.files_listed,
        r.files_read,
        r.files_left,
        r.results,
        r.new_results,
        r.changes.len(),
        r.error.as_deref().unwrap_or("none"),
    );
    r
}

fn main() {
    let n: usize = std::env::var("PROOFWIRE_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(n));
}

async fn run(n: usize) {
    let recs = records();
    let tree = hub::Hub::default();
    let mut bytes = 0;
    for i in 0..n {
        let (path, body) = file(&recs, i, 0);
        bytes += body.len();
        tree.put(&path, body);
    }
    let addr = hub::start_hub(tree.clone()).await;
    println!(
        "Every Eval Ever datastore reader: {n} files ({:.1} MB) from {} real records, loopback Hub at {addr}",
        bytes as f64 / 1e6,
        recs.len()
    );
    let fetch = FetchConfig {
        allow_hosts: vec![addr.to_string()],
        ..FetchConfig::default()
    };
    let fetcher = Fetcher::new(&fetch).expect("fetcher");

    // The shipped caps on a fresh database: how much one scheduled read gets through.
    let dir = tempfile::tempdir().expect("tempdir");
    let capped = Store::open(&dir.path().join("capped.db"))
        .await
        .expect("store");
    phase(
        "first read, shipped caps (2000, 120 s)",
        &capped,
        &fetcher,
        &source(addr, 2000, 120),
    )
    .await;

    let store = Store::open(&dir.path().join("proofwire.db"))
        .await
        .expect("store");
    let whole = source(addr, n, 3600);
    phase("first read, whole tree", &store, &fetcher, &whole).await;
    let before = tree.total_resolves();
    phase("second read, nothing changed", &store, &fetcher, &whole).await;
    assert_eq!(
        tree.total_resolves(),
        before,
        "an unchanged file was fetched"
    );
    for i in (0..n).step_by((n / 100).max(1)).take(100) {
        let (path, body) = file(&recs, i, 1);
        tree.put(&path, body);
    }
    phase("read after 100 files changed", &store, &fetcher, &whole).await;
    println!(
        "results stored: {}; Hub requests: {} listings, {} files",
        store.count_results().await.expect("count"),
        tree.listings(),
        tree.total_resolves()
    );
}
