//! Giving back: benchmark claims written as Every Eval Ever aggregate records by
//! `proofwire export-eee DIR` and `GET /api/eee/{id}`, each validated against the schema file
//! published in `evaleval/every_eval_ever` (vendored in `content/schemas/eee/`, see its
//! SOURCE.md), first party, documentation, with the post, the verbatim sentence and its span,
//! and read back by our own Every Eval Ever reader as the same figure.

use crate::common;

use app::vocab::{ClaimKind, Status};
use common::*;
use proofwire::claims::record::{ClaimFilter, ClaimRow};
use proofwire::results::give_back;
use proptest::prelude::*;

fn eee_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_root().join("content/schemas/eee/eval.schema.json"))
        .expect("the vendored schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn problems(v: &jsonschema::Validator, record: &serde_json::Value) -> Vec<String> {
    v.iter_errors(record)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect()
}

fn claim(kind: ClaimKind, strings: [String; 6], value_num: Option<f64>) -> ClaimRow {
    let [vendor, subject, metric, sentence, title, setting] = strings;
    let t = chrono::DateTime::from_timestamp(1_757_000_000, 0).expect("time");
    ClaimRow {
        id: app::ids::ClaimId::new(7),
        article_id: app::ids::ArticleId::new(1),
        vendor,
        kind,
        subject: Some(subject),
        metric: Some(metric),
        value: value_num.map(|v| format!("{v}%")),
        value_num,
        unit: Some("%".into()),
        comparison: None,
        qualifier: Some("up to".into()),
        settings: vec![setting, "5-shot".into()],
        subject_from_context: true,
        subject_entity: Some("gpt-5".into()),
        metric_entity: None,
        sentence,
        span_start: 3,
        span_end: 40,
        content_hash: "ab".repeat(32),
        fields_method: "rules".into(),
        current: true,
        status: Status::Unverified,
        status_at: None,
        created_at: t,
        article_title: title,
        article_url: "https://vendor.example/post".into(),
        published_at: t,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a post's names and sentence hold, a benchmark claim with a number becomes a
    /// record the published schema accepts, whose path stays inside the export directory.
    #[test]
    fn any_benchmark_claim_becomes_a_schema_valid_record(
        strings in proptest::array::uniform6("\\PC{0,30}"),
        value in proptest::num::f64::ANY,
    ) {
        let validator = eee_schema();
        let row = claim(ClaimKind::Benchmark, strings.clone(), Some(value));
        match give_back::record(&row, "http://proofwire.test") {
            Ok(e) => {
                let p = problems(&validator, &e.record);
                prop_assert!(p.is_empty(), "{p:?}");
                prop_assert!(e.path.starts_with("data/proofwire-claims/"));
                prop_assert!(e.path.split('/').all(|part| !part.is_empty() && part != ".." && part != "."));
                prop_assert_eq!(e.path.split('/').count(), 5);
                prop_assert_eq!(&e.record["source_metadata"]["additional_details"]["claim_sentence"], &serde_json::json!(row.sentence));
            }
            Err(why) => {
                // Only a claim missing a piece (a non-finite number, a blank name) has none.
                let blank = |s: &str| s.trim().is_empty();
                prop_assert!(!value.is_finite() || blank(&strings[1]) || blank(&strings[2]), "{why}");
            }
        }
        // Other kinds are never written.
        prop_assert!(give_back::record(&claim(ClaimKind::Pricing, strings, Some(1.0)), "x").is_err());
    }
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let v = eee_schema();
    let strings = ["OpenAI", "GPT-5", "AIME 2025", "s", "t", "without tools"].map(String::from);
    let good = give_back::record(&claim(ClaimKind::Benchmark, strings, Some(94.6)), "x")
        .expect("a record")
        .record;
    assert!(problems(&v, &good).is_empty());
    for broken in [
        "/source_metadata/evaluator_relationship",
        "/eval_library",
        "/model_info/additional_details/deployment_type",
    ] {
        let mut r = good.clone();
        let (parent, key) = broken.rsplit_once('/').expect("a path");
        r.pointer_mut(parent)
            .and_then(|p| p.as_object_mut())
            .expect("parent")
            .remove(key);
        assert!(!v.is_valid(&r), "{broken} removed and still valid");
    }
    let mut r = good.clone();
    r["source_metadata"]["source_type"] = serde_json::json!("press release");
    assert!(!v.is_valid(&r));
}

/// The demo's claims exported by the binary: every file valid, one per benchmark claim that has
/// a number, a benchmark and a model, the span pointing at the sentence in the article text, and
/// the same record served at `/api/eee/{id}`.
#[tokio::test]
async fn export_eee_writes_every_benchmark_claim_as_a_valid_first_party_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = demo_config(dir.path());
    let store = open_store(&config.database_path()).await;
    ingest_extractive(&store, &config).await;
    proofwire::run::upkeep::claims(&config, &store)
        .await
        .expect("claims upkeep");
    let config_file = dir.path().join("proofwire.toml");
    std::fs::write(
        &config_file,
        format!(
            "data_dir = {:?}\nsources_file = {:?}\npublic_url = \"http://proofwire.test\"\nclaims_seed = \"\"\n[summarizer]\nenabled = false\n",
            config.data_dir.display().to_string(),
            config.sources_file.display().to_string()
        ),
    )
    .expect("config");
    let out = dir.path().join("eee");
    let (ok, stdout, stderr) = cli(
        &config_file,
        &["export-eee", &out.display().to_string()],
        "",
        &[],
    );
    assert!(ok, "{stdout}\n{stderr}");

    let claims = store
        .claims(&ClaimFilter {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .expect("claims");
    let expected: Vec<&ClaimRow> = claims
        .iter()
        .filter(|c| give_back::record(c, "http://proofwire.test").is_ok())
        .collect();
    assert!(
        expected.len() >= 3,
        "the demo has benchmark claims: {}",
        expected.len()
    );
    let mut files = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert_eq!(files.len(), expected.len(), "{stdout}");
    assert!(stdout.contains(&format!("wrote {} Every Eval Ever record", files.len())));

    let validator = eee_schema();
    let mut by_claim = std::collections::HashMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let record: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let p = problems(&validator, &record);
        assert!(p.is_empty(), "{}: {p:?}", f.display());
        assert_eq!(
            record["source_metadata"]["evaluator_relationship"],
            "first_party"
        );
        assert_eq!(record["source_metadata"]["source_type"], "documentation");
        let id: app::ids::ClaimId = record["evaluation_results"][0]["evaluation_result_id"]
            .as_str()
            .and_then(|s| s.strip_prefix("claim-"))
            .and_then(|s| s.parse().ok())
            .expect("claim id");
        // Our own reader takes the file back as the same figure and settings.
        let back = proofwire::results::parse::eee(&text);
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.results.len(), 1);
        by_claim.insert(id, (record, back.results[0].clone()));
    }

    for c in &expected {
        let (record, back) = by_claim.get(&c.id).expect("a file for every claim");
        let details = &record["source_metadata"]["additional_details"];
        assert_eq!(details["source_url"], c.article_url.as_str());
        assert_eq!(details["claim_sentence"], c.sentence.as_str());
        assert_eq!(
            record["evaluation_results"][0]["source_data"]["url"][0],
            c.article_url.as_str()
        );
        // The span is the sentence, in characters of the stored article text.
        let article = store
            .article(c.article_id)
            .await
            .expect("article")
            .expect("exists");
        let start: usize = details["claim_span_start"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("start");
        let end: usize = details["claim_span_end"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("end");
        let spanned: String = article
            .content_text
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(spanned, c.sentence);
        assert_eq!(Some(back.score), c.value_num);
        assert_eq!(back.relationship, "first_party");
        assert_eq!(back.url.as_deref(), Some(c.article_url.as_str()));
        if c.unit.as_deref() == Some("%") {
            assert_eq!(back.unit.as_deref(), Some("%"), "{record}");
        }
        for s in &c.settings {
            let stated = record["evaluation_results"][0]["generation_config"]["additional_details"]
                ["stated_settings"]
                .as_str()
                .unwrap_or_default();
            assert!(stated.contains(s.as_str()), "{s} missing from {stated}");
        }
    }
    // The GPT-5 SWE-bench Verified claim is there, under OpenAI's folder, without tools.
    let swe = expected
        .iter()
        .find(|c| {
            c.subject_entity.as_deref() == Some("gpt-5")
                && c.metric.as_deref() == Some("SWE-bench Verified")
        })
        .expect("the demo's SWE-bench claim");
    let (record, back) = &by_claim[&swe.id];
    assert_eq!(record["model_info"]["id"], "openai/gpt-5");
    assert!((back.score - 74.9).abs() < 1e-9);
    assert_eq!(back.settings, ["without tools"]);

    // The API answers the same record; other claims and other ids say why not.
    let served = serve_store(&store, &config, None, |settings, _| {
        settings.public_url = "http://proofwire.test".into();
    })
    .await;
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("http://{}{path}", served.addr);
        async move {
            let r = client.get(url).send().await.expect("get");
            (r.status().as_u16(), r.text().await.expect("body"))
        }
    };
    let (status, body) = get(format!("/api/eee/{}", swe.id)).await;
    assert_eq!(status, 200, "{body}");
    let api: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(&api, record);
    let other = claims
        .iter()
        .find(|c| c.kind != ClaimKind::Benchmark)
        .expect("a claim of another kind");
    assert_eq!(get(format!("/api/eee/{}", other.id)).await.0, 404);
    assert_eq!(get("/api/eee/nope".into()).await.0, 400);
    assert_eq!(get("/api/eee/99999999".into()).await.0, 404);
}
