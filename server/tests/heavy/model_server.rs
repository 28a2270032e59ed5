//! The remote backend against a real OpenAI-compatible server: llama-cpp-python's server
//! (installed by scripts/setup.sh from PyPI) serving the same GGUF the embedded backend loads.
//! Summaries pass the same grounding check, claim fields come back under the JSON Schema and
//! are still checked against their sentence, and a server killed mid-batch leaves every
//! article whole.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::articles::{store_with, NORTHFIELD};
use common::model_server::{remote_config, RealServer};
use common::repo_root;
use proofwire::config::SummarizerConfig;
use proofwire::summarize::backend::Model;
use proofwire::summarize::model::ModelSummarizer;
use proofwire::summarize::pipeline::{Pipeline, Selection};
use proofwire::summarize::sentences::slice;

/// One model server at a time: two of them on two cores would only measure each other.
async fn one_server() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

fn server() -> (RealServer, SummarizerConfig) {
    let gguf = repo_root().join(proofwire::config::DEFAULT_MODEL_PATH);
    let s = RealServer::start(&gguf, "qwen-coder");
    let mut cfg = remote_config(&s.base, "qwen-coder");
    // llama-cpp-python 0.3.36 rejects OpenAI's json_schema form and takes this one.
    cfg.api_schema_dialect = "json_object".into();
    cfg.api_timeout_secs = 300;
    cfg.api_concurrency = 1;
    (s, cfg)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_through_the_server_pass_the_same_grounding_check() {
    let _one = one_server().await;
    let (mut server, cfg) = server();
    let model = server.alive(Model::start(&cfg).await, "the server serves the model");
    assert!(
        model.key().starts_with("openai:qwen-coder"),
        "{}",
        model.key()
    );
    let summarizer = ModelSummarizer::new(model, 160, None);
    let (title, text, lang) = NORTHFIELD[1];
    let answer = summarizer
        .summarize(&proofwire::summarize::SummaryInput {
            title,
            text,
            language: lang,
        })
        .await;
    let checked = server.alive(answer, "an answer");
    assert!(checked.generation.generated_tokens > 0);
    let kept = checked.summary.map(|s| s.sentences).unwrap_or_default();
    assert!(
        !kept.is_empty() || !checked.dropped.is_empty(),
        "the model wrote something: {:?}",
        checked.generation.text
    );
    for s in &kept {
        assert!(!slice(text, s.span()).trim().is_empty());
        let alone = proofwire::summarize::grounding::check(&s.text, title, text, lang, false);
        assert_eq!(alone.kept.len(), 1, "{:?} -> {:?}", s.text, alone.dropped);
    }
    eprintln!(
        "server summary: {} kept, {} dropped, {} tokens in {:.1} s",
        checked.kept,
        checked.dropped.len(),
        checked.generation.generated_tokens,
        checked.generation.generation_time.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claim_fields_come_back_under_the_schema_and_are_still_checked() {
    let _one = one_server().await;
    let (mut server, cfg) = server();
    let model = server.alive(Model::start(&cfg).await, "the server serves the model");
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(
        dir.path(),
        &[(
            "Nova-2",
            "Nova-2 scores 71.3% on SWE-bench Verified, compared with 64.0% for Nova-1.",
            "en",
        )],
    )
    .await;
    let refined = proofwire::claims::refine::run(&store, &model).await;
    let stats = server.alive(refined, "refine");
    assert!(stats.read >= 1, "{stats:?}");
    let rows = store
        .raw(
            "SELECT c.sentence, c.subject, c.metric, c.value, r.accepted, r.raw
             FROM claims c JOIN claim_refinements r ON r.claim_id = c.id",
        )
        .fetch_all()
        .await
        .expect("rows");
    assert_eq!(rows.len() as usize, stats.read);
    for r in &rows {
        let raw: String = r.get("raw");
        // The schema held the answer to one object with the keys it names.
        let json: serde_json::Value = serde_json::from_str(raw.trim())
            .unwrap_or_else(|e| panic!("not the schema's JSON ({e}): {raw}"));
        assert!(json.get("kind").is_some(), "{raw}");
        if r.get::<bool, _>("accepted") {
            let sentence: String = r.get("sentence");
            for field in ["subject", "metric", "value"] {
                if let Some(v) = r.get::<Option<String>, _>(field) {
                    assert!(
                        sentence.to_lowercase().contains(&v.to_lowercase()),
                        "{field} {v:?} is not in {sentence:?}"
                    );
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_batch_leaves_every_article_whole() {
    let _one = one_server().await;
    let (mut server, mut cfg) = server();
    cfg.api_retries = 1;
    cfg.api_backoff_ms = 100;
    let model = server.alive(Model::start(&cfg).await, "the server serves the model");
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), NORTHFIELD).await;
    let pipeline = Pipeline::new(
        store.clone(),
        Arc::new(ModelSummarizer::new(model, 120, None)),
        chrono_tz::Asia::Seoul,
        "en",
    );
    let batch = tokio::spawn(async move { pipeline.run(&Selection::default(), |_| {}).await });
    // Kill the server once the first article is done, while the second is being written.
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let runs: i64 = store
            .raw("SELECT COUNT(*) FROM summary_runs")
            .scalar()
            .await
            .expect("runs");
        if runs >= 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no summary within 240 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill();
    let stats = batch.await.expect("join").expect("the run goes on");
    assert!(stats.failed >= 1, "{stats:?}");
    let rows: Vec<(String, i64)> = store
        .raw("SELECT s.method, (SELECT COUNT(*) FROM summary_runs r WHERE r.article_id = a.id) FROM articles a JOIN summaries s ON s.article_id = a.id ORDER BY a.id")
        .fetch_all()
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
        .collect();
    assert_eq!(rows.len(), 3);
    for (method, runs) in &rows {
        // A model summary always has its run; an article the model never finished keeps the
        // extractive summary and no run.
        if method.starts_with("openai:") {
            assert_eq!(*runs, 1, "{rows:?}");
        } else {
            assert!(method.starts_with("extractive"), "{rows:?}");
        }
    }
    assert!(
        rows.iter().filter(|(_, runs)| *runs == 0).count() >= 1,
        "the killed server finished nothing more: {rows:?}"
    );
}

/// A stand-in for a server built for the wrong CPU: it lists its model, then dies with SIGSEGV
/// on the first completion (server/tests/fixtures/crashing_model_server).
fn crashing_server_path() -> std::path::PathBuf {
    repo_root().join("server/tests/fixtures/crashing_model_server")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_dies_on_its_first_answer_is_named_with_its_signal() {
    let fake = crashing_server_path();
    let gguf = repo_root().join(proofwire::config::DEFAULT_MODEL_PATH);
    let mut server = RealServer::start_with(&gguf, "qwen-coder", &[("PYTHONPATH", &fake)]);
    let mut cfg = remote_config(&server.base, "qwen-coder");
    cfg.api_retries = 0;
    let model = server.alive(Model::start(&cfg).await, "the server lists the model");
    let answer = model
        .generate(proofwire::summarize::llama::Prompt {
            system: "Answer in one word.".into(),
            before: String::new(),
            document: "Say OK.".into(),
            after: String::new(),
            max_new_tokens: 4,
            grammar: None,
            schema: None,
        })
        .await;
    assert!(answer.is_err(), "the stand-in never answers");
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        server.alive(answer, "a completion")
    }));
    let message = match caught {
        Ok(_) => panic!("a failed request passed"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    assert!(
        message.contains("the model server exited (signal 11 (SIGSEGV))"),
        "{message}"
    );
    assert!(message.contains("ldtilecfg"), "its last lines: {message}");
}

#[test]
fn the_install_check_stops_on_a_server_that_dies_with_the_reason() {
    let out = std::process::Command::new(repo_root().join("scripts/model-server.sh"))
        .arg("check")
        .env("PYTHONPATH", crashing_server_path())
        .output()
        .expect("run scripts/model-server.sh check");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "the check passed a dying server: {said}"
    );
    assert!(said.contains("signal 11, SIGSEGV"), "{said}");
    assert!(
        said.contains("ldtilecfg"),
        "the server's last lines: {said}"
    );
}
