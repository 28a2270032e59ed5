//! Third-party results end to end: evidence sources read over loopback (CSV by URL, Every Eval
//! Ever JSON from a file), each result stored once, matched to claims by canonical model and
//! benchmark and compatible settings, with a verdict from the result's own interval; an
//! editor's acceptance becomes evidence and a log event, a dismissal hides the suggestion.

use crate::common;

use app::vocab::Verdict;
use common::*;
use proofwire::claims::log;
use proofwire::claims::record as claims;
use proofwire::fetch::Fetcher;
use proofwire::results::{self, EvidenceSource, Format};

const POST: &[&str] = &[
    "OpenAI released GPT-5 to all users this week.",
    "OpenAI reports that GPT-5 scores 74.9% on SWE-bench Verified without tools and 94.6% on AIME 2025.",
];

/// Fixture rows, not real measurements.
const CSV: &str = "model,benchmark,score,ci_low,ci_high,stderr,date,settings,source_url,evaluator_relationship
gpt-5-2025-08-07,SWE-Bench-Verified,65.0%,,,2.0,2025-09-01,without tools,https://evals.example/a,third_party
GPT-5,SWE-bench Verified,74.0%,72.0,76.0,,2025-09-02,,https://evals.example/b,
GPT-5,SWE-bench Pro,23.3%,,,,2025-09-03,,https://evals.example/c,
GPT-5,SWE-bench Verified,70.0%,,,,2025-09-04,with tools,https://evals.example/d,
GPT-5,SWE-bench Verified,lots,,,,,,,
";

/// A fixture Every Eval Ever record (schema 0.2.0 shape).
const EEE: &str = r#"{"schema_version": "0.2.0", "evaluation_timestamp": "1757000000",
 "source_metadata": {"source_name": "fixture-harness", "evaluator_relationship": "third_party"},
 "model_info": {"id": "openai/gpt-5", "name": "openai/gpt-5"},
 "evaluation_results": [{"evaluation_name": "aime", "source_data": {"dataset_name": "AIME 2025", "url": ["https://evals.example/aime"]},
   "metric_config": {"min_score": 0, "max_score": 1},
   "score_details": {"score": 0.92, "confidence_interval": {"lower": 0.90, "upper": 0.94}}}]}"#;

#[tokio::test]
async fn results_are_stored_once_matched_by_entity_and_settings_and_accepted_by_an_editor() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let link = format!("{base}/posts/gpt5");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("GPT-5", &link, "gpt5", "<p>v1</p>")])),
    );
    fx.put("posts/gpt5", Doc::html(&article_page("GPT-5", POST, None)));
    fx.put("results.csv", Doc::new("text/csv", CSV));
    let h = Harness::new(fetch_config(addr)).await;
    h.run(&source("openai", &format!("{base}/rss.xml"))).await;
    let pool = &h.store;

    let eee_path = h.dir.path().join("eee.json");
    std::fs::write(&eee_path, EEE).expect("write fixture");
    let sources = vec![
        EvidenceSource {
            id: "fixture-csv".into(),
            publisher: "Fixture Evals".into(),
            url: Some(format!("{base}/results.csv")),
            path: None,
            format: Format::Csv,
            licence: "CC-BY-4.0".into(),
            relationship: "third_party".into(),
            ..Default::default()
        },
        EvidenceSource {
            id: "fixture-eee".into(),
            publisher: "Fixture EEE".into(),
            url: None,
            path: Some(eee_path),
            format: Format::Eee,
            licence: "MIT".into(),
            relationship: "third_party".into(),
            ..Default::default()
        },
    ];
    results::validate_sources(&sources).expect("valid sources");
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");

    let first = results::refresh(pool, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    assert_eq!(first[0].results, 4, "{first:?}");
    assert_eq!(first[0].new_results, 4);
    assert_eq!(first[0].problems.len(), 1);
    assert!(
        first[0].problems[0].starts_with("line 6:"),
        "{:?}",
        first[0].problems
    );
    assert_eq!(first[1].new_results, 1, "{first:?}");
    // The same sources again: nothing new is stored.
    let second = results::refresh(pool, &sources, &fetcher, 1 << 20)
        .await
        .expect("refresh");
    assert!(
        second
            .iter()
            .all(|r| r.new_results == 0 && r.error.is_none()),
        "{second:?}"
    );
    assert_eq!(pool.count_results().await.expect("count"), 5);

    let all = pool
        .claims(&claims::ClaimFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("claims");
    let swe = all
        .iter()
        .find(|c| c.metric.as_deref() == Some("SWE-bench Verified"))
        .expect("SWE claim");
    assert_eq!(swe.subject_entity.as_deref(), Some("gpt-5"));
    assert_eq!(swe.settings, ["without tools"]);

    // Alias spellings match; SWE-bench Pro (another split) and a with-tools run do not.
    let matched = results::for_claim(pool, swe).await.expect("match");
    let urls: Vec<&str> = matched
        .iter()
        .filter_map(|(r, _)| r.measured.url.as_deref())
        .collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(urls.contains(&"https://evals.example/a") && urls.contains(&"https://evals.example/b"));
    for (r, s) in &matched {
        match r.measured.url.as_deref() {
            // 65.0 ± 1.645 × 2.0 leaves 74.9 outside.
            Some("https://evals.example/a") => {
                assert_eq!(s.verdict, Verdict::Contradicts);
                assert!((s.delta + 9.9).abs() < 1e-9);
            }
            // The published interval 72–76 holds 74.9.
            _ => assert_eq!(s.verdict, Verdict::Supports),
        }
    }
    let aime = all
        .iter()
        .find(|c| c.metric.as_deref() == Some("AIME 2025"))
        .expect("AIME claim");
    let aime_matched = results::for_claim(pool, aime).await.expect("match");
    assert_eq!(aime_matched.len(), 1);
    assert!(
        (aime_matched[0].0.measured.score - 92.0).abs() < 1e-9,
        "a proportion is read as percent"
    );
    assert_eq!(aime_matched[0].1.verdict, Verdict::Contradicts);

    // An editor accepts one result and dismisses the other; neither is suggested again.
    let (accept, s) = matched
        .iter()
        .find(|(_, s)| s.verdict == Verdict::Contradicts)
        .expect("one");
    let ev = results::present::as_evidence(accept, s);
    claims::add_evidence(pool, swe.id, &ev, "ann", "2026-11-28T00:00:00Z")
        .await
        .expect("accept");
    let dismiss = matched
        .iter()
        .find(|(r, _)| r.id != accept.id)
        .expect("other")
        .0
        .id;
    claims::dismiss_result(pool, swe.id, dismiss, "ann", "2026-11-28T00:00:01Z")
        .await
        .expect("dismiss");
    assert!(results::for_claim(pool, swe)
        .await
        .expect("match")
        .is_empty());
    let evidence = pool.evidence_of(swe.id).await.expect("evidence");
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].ev.result_id, Some(accept.id.get()));
    assert_eq!(evidence[0].ev.measured_num, Some(65.0));
    assert!(evidence[0]
        .ev
        .note
        .as_deref()
        .unwrap_or_default()
        .contains("outside"));
    let logged = h
        .strings(&format!(
            "SELECT payload FROM claim_events WHERE claim_id = {} AND kind = 'evidence'",
            swe.id
        ))
        .await
        .iter()
        .filter(|p| {
            serde_json::from_str::<serde_json::Value>(p).expect("payload")["result_id"]
                == accept.id.get()
        })
        .count();
    assert_eq!(logged, 1);
    assert!(log::verify(pool).await.expect("verify").is_ok());
    // A dismissal of something already dismissed is refused and changes nothing.
    assert!(
        claims::dismiss_result(pool, swe.id, dismiss, "ann", "2026-11-28T00:00:02Z")
            .await
            .is_err()
    );
}

#[test]
fn bad_source_configs_are_refused_with_the_reason() {
    let good = EvidenceSource {
        id: "a".into(),
        publisher: "P".into(),
        url: Some("https://evals.example/a.csv".into()),
        path: None,
        format: Format::Csv,
        licence: "CC-BY-4.0".into(),
        relationship: "third_party".into(),
        ..Default::default()
    };
    assert!(results::validate_sources(std::slice::from_ref(&good)).is_ok());
    let both = EvidenceSource {
        path: Some("x.csv".into()),
        ..good.clone()
    };
    assert!(results::validate_sources(&[both])
        .unwrap_err()
        .contains("exactly one"));
    let ftp = EvidenceSource {
        url: Some("ftp://evals.example/a".into()),
        ..good.clone()
    };
    assert!(results::validate_sources(&[ftp])
        .unwrap_err()
        .contains("http"));
    let rel = EvidenceSource {
        relationship: "friends".into(),
        ..good.clone()
    };
    assert!(results::validate_sources(&[rel])
        .unwrap_err()
        .contains("relationship"));
    let no_room = EvidenceSource {
        max_bytes: Some(0),
        ..good.clone()
    };
    assert!(results::validate_sources(&[no_room])
        .unwrap_err()
        .contains("max_bytes"));
    assert!(results::validate_sources(&[good.clone(), good])
        .unwrap_err()
        .contains("repeated"));
}

/// The shipped `proofwire.toml` gives a first run a real independent measurement: its demo
/// evidence source (a path resolved against the config file) is read with the demo feeds, and
/// the demo's GPT-5 SWE-bench Verified claim gets the published third-party result beside it.
#[tokio::test]
async fn the_shipped_config_gives_a_demo_claim_an_independent_measurement() {
    let shipped = proofwire::config::Config::load(Some(&repo_root().join("proofwire.toml")))
        .expect("the shipped config loads");
    let demo = shipped
        .evidence_source
        .iter()
        .find(|s| s.id == "demo-vals-ai")
        .expect("the demo evidence source");
    assert_eq!(
        demo.path.as_deref(),
        Some(repo_root().join("content/demo/results.csv").as_path()),
        "a relative path is resolved against the config file"
    );

    // On by default: Every Eval Ever's datastore, read from the Hub, with who publishes it under
    // which licence. (Not read here: tests reach only loopback; tests/suite/results_hub.rs reads the
    // same format from a loopback Hub.)
    assert!(shipped.read_evidence_sources);
    let eee = shipped
        .evidence_source
        .iter()
        .find(|s| s.format == Format::EeeHub)
        .expect("the Every Eval Ever datastore is configured");
    assert!(eee.enabled);
    assert_eq!(eee.url.as_deref(), Some("https://huggingface.co"));
    assert_eq!(eee.repo.as_deref(), Some("evaleval/EEE_datastore"));
    assert!(eee.publisher.contains("Every Eval Ever") && eee.licence.contains("MIT"));
    assert_eq!(eee.relationship, "third_party");
    let aider = shipped
        .evidence_source
        .iter()
        .find(|s| s.format == Format::Aider)
        .expect("Aider's leaderboard is configured");
    assert!(aider.enabled && aider.licence.contains("Apache-2.0"));
    assert_eq!(aider.relationship, "third_party");
    // And SWE-bench's leaderboards, with a cap above the feeds' for a file that outgrows it.
    let swebench = shipped
        .evidence_source
        .iter()
        .find(|s| s.format == Format::Swebench)
        .expect("SWE-bench's leaderboards are configured");
    assert!(swebench.enabled && swebench.licence.contains("CC BY-NC 4.0"));
    assert_eq!(swebench.relationship, "third_party");
    assert_eq!(
        swebench.url.as_deref(),
        Some("https://raw.githubusercontent.com/SWE-bench/swe-bench.github.io/main/data/leaderboards.json")
    );
    assert!(swebench.publisher.contains("SWE-bench"));
    assert!(swebench.max_bytes.unwrap_or(0) > shipped.fetch.max_body_bytes);
    // Beside the datastore, at least two published leaderboards outside it (issue 30).
    let outside: Vec<&str> = shipped
        .evidence_source
        .iter()
        .filter(|s| s.enabled && s.url.is_some() && s.format != Format::EeeHub)
        .map(|s| s.publisher.as_str())
        .collect();
    assert!(outside.len() >= 2, "{outside:?}");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = demo_config(dir.path());
    config.evidence_source = vec![demo.clone()];
    let store = common::open_store(&config.database_path()).await;
    let list = proofwire::ingest::sources::load(&config.sources_file).expect("sources");
    let ingestor = proofwire::ingest::Ingestor::new(
        store.clone(),
        std::sync::Arc::new(Fetcher::new(&config.fetch).expect("fetcher")),
        std::sync::Arc::new(proofwire::summarize::Extractive),
        config.fetch.clone(),
    );
    ingestor.run(&list, None).await.expect("ingest");
    proofwire::run::upkeep::claims(&config, &store)
        .await
        .expect("claims upkeep");
    proofwire::run::upkeep::results(&config, &store)
        .await
        .expect("the evidence sources are read");

    let all = store
        .claims(&claims::ClaimFilter {
            limit: 200,
            ..Default::default()
        })
        .await
        .expect("claims");
    let swe = all
        .iter()
        .find(|c| {
            c.subject_entity.as_deref() == Some("gpt-5")
                && c.metric.as_deref() == Some("SWE-bench Verified")
        })
        .expect("the demo's GPT-5 SWE-bench Verified claim");
    let matched = results::for_claim(&store, swe).await.expect("match");
    assert_eq!(matched.len(), 1, "{matched:?}");
    let (result, suggestion) = &matched[0];
    assert_eq!(result.publisher, "Vals AI");
    assert_eq!(
        result.measured.url.as_deref(),
        Some("https://www.vals.ai/benchmarks/swebench-2025-08-27")
    );
    // 68.8 measured against 74.9 claimed, with no published interval: the default tolerance.
    assert!((suggestion.delta + 6.1).abs() < 1e-9, "{suggestion:?}");
    assert_eq!(suggestion.verdict, Verdict::Contradicts);
    // The other demo claims about GPT-5 (AIME 2025) have no result on that benchmark.
    let aime = all
        .iter()
        .find(|c| c.metric.as_deref() == Some("AIME 2025"))
        .expect("the demo's AIME claim");
    assert!(results::for_claim(&store, aime)
        .await
        .expect("match")
        .is_empty());
}

/// Aider's leaderboard as Aider publishes it (a stored copy of its YAML data file, see
/// fixtures/aider/SOURCE.md), read over loopback like any evidence source: every single-model
/// run becomes a third-party result on Aider Polyglot with its settings; architect + editor
/// pairs are reported and skipped; GPT-5's three runs stay apart by reasoning effort.
#[tokio::test]
async fn aiders_published_leaderboard_is_read_with_each_runs_settings() {
    let (addr, fx) = start_fixture_server().await;
    let yaml = std::fs::read_to_string(
        repo_root().join("server/tests/fixtures/aider/polyglot_leaderboard.yml"),
    )
    .expect("stored leaderboard");
    fx.put(
        "polyglot_leaderboard.yml",
        Doc::new("text/plain", yaml.as_str()),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open_store(&dir.path().join("proofwire.db")).await;
    let source = EvidenceSource {
        id: "aider-polyglot".into(),
        publisher: "Aider (aider.chat)".into(),
        url: Some(format!("http://{addr}/polyglot_leaderboard.yml")),
        format: Format::Aider,
        licence: "Apache-2.0".into(),
        ..Default::default()
    };
    let fetcher = Fetcher::new(&fetch_config(addr)).expect("fetcher");
    let r = results::refresh(&store, std::slice::from_ref(&source), &fetcher, 1 << 20)
        .await
        .expect("refresh")
        .remove(0);
    assert_eq!(r.error, None);
    let runs = yaml.matches("\n- dirname:").count() + usize::from(yaml.starts_with("- dirname:"));
    let pairs = yaml
        .lines()
        .filter(|l| l.starts_with("  model: ") && l.contains(" + "))
        .count();
    assert_eq!(pairs, 3);
    assert_eq!(r.results, runs - pairs, "{:?}", r.problems);
    assert_eq!(r.problems.len(), pairs);
    assert!(
        r.problems.iter().all(|p| p.contains("two models")),
        "{:?}",
        r.problems
    );

    let gpt5 = store
        .results_about(Some("gpt-5"), Some("aider-polyglot"))
        .await
        .expect("results");
    let mut by_effort: Vec<(String, f64)> = gpt5
        .iter()
        .map(|r| (r.measured.settings.join("; "), r.measured.score))
        .collect();
    by_effort.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        by_effort,
        [
            ("high effort; diff edit format".to_string(), 88.0),
            ("low effort; diff edit format".to_string(), 81.3),
            ("medium effort; diff edit format".to_string(), 86.7),
        ]
    );
    assert!(gpt5.iter().all(|r| r.measured.relationship == "third_party"
        && r.measured.unit.as_deref() == Some("%")
        && r.publisher == "Aider (aider.chat)"));
    // A claim made at high effort is comparable with the high-effort run only.
    let claim = ["high reasoning effort".to_string()];
    let comparable: Vec<f64> = gpt5
        .iter()
        .filter(|r| results::matching::compatible(&claim, &r.measured.settings))
        .map(|r| r.measured.score)
        .collect();
    assert_eq!(comparable, [88.0]);
}

/// SWE-bench's leaderboards as SWE-bench publishes them (real rows of its data file, see
/// fixtures/swebench/SOURCE.md), read over loopback like any evidence source, with a cap above
/// the feeds' (the real file outgrows it): each board becomes the benchmark the entity lists
/// name (bash-only is SWE-bench Verified run by mini-SWE-agent), an agent system's model is its
/// one model tag, a row naming no one model is the agent system's own result, and a run that
/// SWE-bench flagged or that stands twice is reported and skipped. A vendor's agentic claim is comparable with the bash-only
/// run, not with a named agent system's.
#[tokio::test]
async fn swe_benchs_published_leaderboards_are_read_board_by_board() {
    let (addr, fx) = start_fixture_server().await;
    let json = std::fs::read_to_string(
        repo_root().join("server/tests/fixtures/swebench/leaderboards.json"),
    )
    .expect("stored leaderboards");
    assert!(json.len() > 64 << 10);
    fx.put(
        "leaderboards.json",
        Doc::new("application/json", json.as_str()),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open_store(&dir.path().join("proofwire.db")).await;
    let source = EvidenceSource {
        id: "swebench-leaderboards".into(),
        publisher: "SWE-bench (swebench.com)".into(),
        url: Some(format!("http://{addr}/leaderboards.json")),
        format: Format::Swebench,
        licence: "CC BY-NC 4.0".into(),
        max_bytes: Some(1 << 20),
        ..Default::default()
    };
    // The feeds' cap (64 KiB here) is below the file's size: the source's own cap holds.
    let mut feeds = fetch_config(addr);
    feeds.max_body_bytes = 64 << 10;
    let fetcher = Fetcher::new(&feeds).expect("fetcher");
    let r = results::refresh(&store, std::slice::from_ref(&source), &fetcher, 64 << 10)
        .await
        .expect("refresh")
        .remove(0);
    assert_eq!(r.error, None);
    let rows: usize = serde_json::from_str::<serde_json::Value>(&json).expect("json")
        ["leaderboards"]
        .as_array()
        .expect("boards")
        .iter()
        .map(|b| b["results"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(rows, 20);
    let mut why: Vec<&str> = r
        .problems
        .iter()
        .map(|p| {
            ["name no model", "several models", "warning", "kept once"]
                .into_iter()
                .find(|k| p.contains(k))
                .unwrap_or(p)
        })
        .collect();
    why.sort_unstable();
    // The six rows that name no one model are agent systems the entity lists know (from
    // SWE-bench's own file): each is that system's result.
    assert_eq!(why, ["kept once", "warning", "warning"], "{:?}", r.problems);
    assert_eq!(r.results + r.problems.len(), rows);
    assert_eq!(r.new_results, r.results);
    for (system, benchmark, row) in [
        (
            "amazon-q-developer-agent",
            "swe-bench",
            "Amazon Q Developer Agent (v20250405-dev)",
        ),
        (
            "openhands-codeact",
            "swe-bench",
            "OpenHands + CodeAct v2.1 (claude-3-5-sonnet-20241022)",
        ),
        ("trae", "swe-bench-verified", "TRAE"),
        ("augment-agent", "swe-bench-verified", "Augment Agent v1"),
        ("isoform", "swe-bench-lite", "Isoform"),
        (
            "swe-agent",
            "swe-bench-multimodal",
            "SWE-agent + GPT 4o (2024-08-06)",
        ),
    ] {
        let found = store
            .results_about(Some(system), Some(benchmark))
            .await
            .expect("results");
        assert_eq!(found.len(), 1, "{system} on {benchmark}");
        assert_eq!(found[0].measured.model, row);
        assert!(
            !found[0]
                .measured
                .settings
                .iter()
                .any(|s| s.starts_with("agent system:")),
            "{:?}",
            found[0].measured.settings
        );
    }

    let sonnet = store
        .results_about(Some("claude-sonnet-4"), Some("swe-bench-verified"))
        .await
        .expect("results");
    let mut runs: Vec<(f64, String)> = sonnet
        .iter()
        .map(|r| (r.measured.score, r.measured.settings.join("; ")))
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        runs,
        [
            (
                64.93,
                "bash-only (mini-SWE-agent 1.0.0); Org: Anthropic; single attempt".to_string()
            ),
            (
                72.4,
                "agentic, the maker's own submission: Tools + Claude 4 Sonnet (2025-05-22); single attempt".to_string()
            ),
        ]
    );
    assert!(sonnet
        .iter()
        .all(|r| r.measured.relationship == "third_party"
            && r.measured.unit.as_deref() == Some("%")
            && r.publisher == "SWE-bench (swebench.com)"
            && r.licence == "CC BY-NC 4.0"));
    let bash_only = sonnet
        .iter()
        .find(|r| r.measured.score == 64.93)
        .expect("the bash-only run");
    assert_eq!(bash_only.measured.model, "Claude 4 Sonnet (20250514)");
    assert_eq!(
        bash_only.measured.url.as_deref(),
        Some("https://www.swebench.com/#bash-only")
    );
    // Anthropic's own run (its site submitted it) is an agentic one, comparable with an
    // agentic claim as the bash-only run is; a claim that names no scaffold with both.
    let comparable = |claim: &[&str]| -> Vec<f64> {
        let claim: Vec<String> = claim.iter().map(|s| s.to_string()).collect();
        let mut scores: Vec<f64> = sonnet
            .iter()
            .filter(|r| {
                results::matching::comparable(
                    results::matching::Stated {
                        model: "Claude Sonnet 4",
                        benchmark: "SWE-bench Verified",
                        settings: &claim,
                    },
                    results::matching::Stated {
                        model: &r.measured.model,
                        benchmark: &r.measured.benchmark,
                        settings: &r.measured.settings,
                    },
                )
            })
            .map(|r| r.measured.score)
            .collect();
        scores.sort_by(f64::total_cmp);
        scores
    };
    assert_eq!(
        comparable(&["Single Attempt (Agentic Coding)"]),
        [64.93, 72.4]
    );
    assert_eq!(comparable(&["Single Patch w/o Test"]), Vec::<f64>::new());
    assert_eq!(comparable(&[]), [64.93, 72.4]);

    // GPT-5 at medium effort, from the row's name; the full test set is SWE-bench itself.
    let gpt5 = store
        .results_about(Some("gpt-5"), Some("swe-bench-verified"))
        .await
        .expect("results");
    assert_eq!(gpt5.len(), 1);
    assert_eq!(gpt5[0].measured.model, "GPT-5 (2025-08-07)");
    assert_eq!(
        gpt5[0].measured.settings,
        [
            "medium effort",
            "bash-only (mini-SWE-agent 1.7.0)",
            "Org: OpenAI",
            "single attempt"
        ]
    );
    assert_eq!(gpt5[0].measured.date.as_deref(), Some("2025-08-07"));
    assert!(!results::matching::compatible(
        &["high reasoning effort".to_string()],
        &gpt5[0].measured.settings
    ));
    let full = store
        .results_about(Some("claude-3-7-sonnet"), Some("swe-bench"))
        .await
        .expect("results");
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].measured.score, 33.83);
    assert_eq!(full[0].measured.benchmark, "SWE-bench (full test set)");

    // A second read stores nothing new.
    let again = results::refresh(&store, std::slice::from_ref(&source), &fetcher, 64 << 10)
        .await
        .expect("refresh")
        .remove(0);
    assert_eq!(again.new_results, 0);
    // Without its own cap the file is refused at the feeds' cap.
    let capped = EvidenceSource {
        id: "swebench-uncapped".into(),
        max_bytes: None,
        ..source
    };
    let refused = results::refresh(&store, std::slice::from_ref(&capped), &fetcher, 64 << 10)
        .await
        .expect("refresh")
        .remove(0);
    assert!(
        refused
            .error
            .as_deref()
            .is_some_and(|e| e.contains("larger")),
        "{refused:?}"
    );
}
