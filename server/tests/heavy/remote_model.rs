//! The remote backend against a scripted OpenAI-compatible server on loopback: what reaches the
//! server, and what happens when it refuses, stalls, answers garbage, dies mid-batch or serves
//! another model. The real server (llama-cpp-python) is exercised in `model_server.rs`.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::articles::{store_with, NORTHFIELD};
use common::model_server::{remote_config, FakeServer, Reply};
use proofwire::summarize::backend::Model;
use proofwire::summarize::llama::{LlmError, Prompt};
use proofwire::summarize::model::ModelSummarizer;
use proofwire::summarize::pipeline::{Pipeline, Selection};
use proofwire::summarize::remote::Health;

fn prompt() -> Prompt {
    Prompt {
        system: "Answer briefly.".into(),
        before: "Q: ".into(),
        document: "What is a digest?".into(),
        after: String::new(),
        max_new_tokens: 20,
        grammar: None,
        schema: None,
    }
}

/// (method, has a model run) of each article, in id order.
async fn shown(store: &proofwire::store::Store) -> Vec<(String, i64)> {
    store
        .raw("SELECT s.method || '|' || (SELECT COUNT(*) FROM summary_runs r WHERE r.article_id = a.id) FROM articles a JOIN summaries s ON s.article_id = a.id ORDER BY a.id")
        .scalars::<String>()
        .await
        .expect("summaries")
        .into_iter()
        .map(|row| {
            let (m, n) = row.rsplit_once('|').expect("row");
            (m.to_string(), n.parse().expect("count"))
        })
        .collect()
}

#[tokio::test]
async fn a_model_the_server_does_not_serve_is_refused_naming_what_it_serves() {
    let server = FakeServer::start(&["qwen-coder", "llama-3"]).await;
    let err = Model::start(&remote_config(&server.base(), "gpt-9"))
        .await
        .err()
        .expect("an unknown model is refused");
    let msg = err.to_string();
    assert!(msg.contains("does not serve \"gpt-9\""), "{msg}");
    assert!(msg.contains("qwen-coder, llama-3"), "{msg}");
    // Nothing listening: a clear error, not a hang.
    server.kill();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let err = Model::start(&remote_config(&server.base(), "qwen-coder"))
        .await
        .err()
        .expect("unreachable");
    assert!(
        err.to_string().contains("cannot reach the model server"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn the_key_comes_from_the_named_variable_and_never_from_the_file() {
    let server = FakeServer::start(&["m"]).await;
    let mut cfg = remote_config(&server.base(), "m");
    cfg.api_key_env = "PROOFWIRE_TEST_MODEL_KEY_UNSET".into();
    let err = Model::start(&cfg).await.err().expect("missing variable");
    assert!(
        err.to_string().contains("PROOFWIRE_TEST_MODEL_KEY_UNSET"),
        "names the variable: {err}"
    );
    // SAFETY of the test: the variable name is unique to this test.
    unsafe { std::env::set_var("PROOFWIRE_TEST_MODEL_KEY", "s3cret-key") };
    cfg.api_key_env = "PROOFWIRE_TEST_MODEL_KEY".into();
    let model = Model::start(&cfg).await.expect("connects");
    model.generate(prompt()).await.expect("answer");
    let auth = server.script.lock().expect("script").seen[0].1.clone();
    assert_eq!(auth.as_deref(), Some("Bearer s3cret-key"));
    assert!(!model.describe().contains("s3cret"), "{}", model.describe());
}

#[tokio::test]
async fn overload_is_retried_with_backoff_and_then_answered() {
    let server = FakeServer::start(&["m"]).await;
    server.push(Reply::Status(503, "busy".into()));
    server.push(Reply::Status(429, "slow down".into()));
    server.push(Reply::Text("A digest lists the day's news.".into()));
    let model = Model::start(&remote_config(&server.base(), "m"))
        .await
        .expect("connects");
    let g = model.generate(prompt()).await.expect("third try answers");
    assert_eq!(g.text, "A digest lists the day's news.");
    assert_eq!(server.requests(), 3);
    assert_eq!((g.prompt_tokens, g.generated_tokens), (100, 20));
    // A refusal that a retry cannot fix is not retried.
    server.push(Reply::Status(400, "bad request: unknown field".into()));
    let err = model.generate(prompt()).await.expect_err("400");
    assert!(err.to_string().contains("400"), "{err}");
    assert_eq!(server.requests(), 4);
}

#[tokio::test]
async fn garbage_is_refused_with_a_reason_and_the_extractive_summary_stays() {
    let server = FakeServer::start(&["m"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), &NORTHFIELD[..1]).await;
    let before = shown(&store).await;
    let model = Model::start(&remote_config(&server.base(), "m"))
        .await
        .expect("connects");
    for junk in ["<html>Bad gateway</html>", "{\"choices\": []}"] {
        server.push(Reply::Raw(junk.into()));
        let err = model.generate(prompt()).await.expect_err(junk);
        assert!(err.to_string().starts_with("the model server"), "{err}");
    }
    server.script.lock().expect("script").fallback = Some(Reply::Raw("not json".into()));
    let pipeline = Pipeline::new(
        store.clone(),
        Arc::new(ModelSummarizer::new(model, 120, None)),
        chrono_tz::Asia::Seoul,
        "en",
    );
    let stats = pipeline
        .run(&Selection::default(), |_| {})
        .await
        .expect("a failing model is not a failing run");
    assert_eq!((stats.failed, stats.summarized), (1, 0));
    assert_eq!(shown(&store).await, before, "nothing written");
}

#[tokio::test]
async fn a_server_dying_mid_batch_is_retried_then_paused_and_nothing_is_half_written() {
    let server = FakeServer::start(&["m"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), NORTHFIELD).await;
    let model = Model::start(&remote_config(&server.base(), "m"))
        .await
        .expect("connects");
    // The newest article is summarized first; its answer is grounded in its text.
    server.push(Reply::Text(
        "The Northfield Institute named Ana Silva its research director. She starts in May.".into(),
    ));
    let summarizer = Arc::new(ModelSummarizer::new(model.clone(), 120, None));
    let pipeline = Pipeline::new(store.clone(), summarizer, chrono_tz::Asia::Seoul, "en");
    let mut stats = Default::default();
    let first = pipeline
        .pending(&Selection::default())
        .await
        .expect("pending");
    assert_eq!(first.len(), 3);
    pipeline
        .summarize_article(first[0], &mut stats)
        .await
        .expect("first answer");
    server.kill();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let stats = pipeline
        .run(&Selection::default(), |_| {})
        .await
        .expect("the run goes on");
    assert_eq!(stats.failed, 2, "{stats:?}");
    let rows = shown(&store).await;
    let modelled: Vec<_> = rows
        .iter()
        .filter(|(m, _)| m.starts_with("openai:m"))
        .collect();
    assert_eq!(modelled.len(), 1, "{rows:?}");
    for (method, runs) in &rows {
        // Either the model's summary with its run, or the extractive one without any.
        assert_eq!(method.starts_with("openai:"), *runs == 1, "{rows:?}");
    }
    // Three failed requests in a row (with their retries) open the breaker: no more calls
    // for a while, and the reason is there to show.
    let _ = model.generate(prompt()).await;
    match model.health() {
        Health::Paused { reason, .. } => {
            assert!(reason.contains("cannot reach the model server"), "{reason}")
        }
        Health::Ready => panic!("the breaker should be open"),
    }
    let started = Instant::now();
    let err = model.generate(prompt()).await.expect_err("paused");
    assert!(matches!(err, LlmError::Unavailable(_)), "{err}");
    assert!(started.elapsed() < Duration::from_millis(100), "fails fast");
}

#[tokio::test]
async fn a_slow_server_times_out_instead_of_holding_the_worker() {
    let server = FakeServer::start(&["m"]).await;
    let mut cfg = remote_config(&server.base(), "m");
    cfg.api_timeout_secs = 1;
    cfg.api_retries = 1;
    server.script.lock().expect("script").fallback =
        Some(Reply::Slow(Duration::from_secs(5), "late".into()));
    let model = Model::start(&cfg).await.expect("connects");
    let started = Instant::now();
    let err = model.generate(prompt()).await.expect_err("timeout");
    let took = started.elapsed();
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(
        took < Duration::from_secs(4),
        "two tries of 1 s, took {took:?}"
    );
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn the_schema_travels_in_the_configured_dialect_and_is_never_trusted() {
    let server = FakeServer::start(&["m"]).await;
    for (dialect, check) in [
        ("json_schema", "/response_format/json_schema/schema"),
        ("json_object", "/response_format/schema"),
        ("ollama", "/format"),
    ] {
        let mut cfg = remote_config(&server.base(), "m");
        cfg.api_schema_dialect = dialect.into();
        let model = Model::start(&cfg).await.expect("connects");
        let mut claims = proofwire::claims::extract::extract(
            "OpenAI says GPT-5 scores 74.9% on SWE-bench Verified.",
        );
        // An answer a server let through its schema but the options do not hold (an index
        // out of range, a name written out): refused, the rules' claim stays.
        server.push(Reply::Text(
            r#"{"kind":"benchmark","subject":99,"metric":"SWE-bench Verified"}"#.into(),
        ));
        let mut stats = proofwire::claims::choose::ChooseStats::default();
        proofwire::claims::choose::choose_all(&model, None, &mut claims, &mut stats)
            .await
            .expect("choose");
        assert_eq!((stats.read, stats.refused), (1, 1), "{dialect}: {stats:?}");
        assert_eq!(
            claims[0].value.as_deref(),
            Some("74.9%"),
            "the rules' value stays"
        );
        let body = server.last_body();
        let schema = body
            .pointer(check)
            .unwrap_or_else(|| panic!("{dialect}: {body}"));
        assert_eq!(schema["required"][0], "kind", "{dialect}");
        assert_eq!(body["temperature"], 0);
    }
    let mut cfg = remote_config(&server.base(), "m");
    cfg.api_schema_dialect = "none".into();
    let model = Model::start(&cfg).await.expect("connects");
    let claims = proofwire::claims::extract::extract("GPT-5 scores 74.9% on SWE-bench Verified.");
    let claim = claims.first().expect("a claim");
    let options = proofwire::claims::choose::Options::of(&claim.sentence, None);
    model
        .generate(proofwire::claims::choose::prompt(claim, None, &options))
        .await
        .expect("answer");
    let body = server.last_body();
    assert!(body.get("response_format").is_none() && body.get("format").is_none());
}

#[tokio::test]
async fn the_cache_key_names_backend_model_and_fingerprint_so_a_switch_summarizes_once() {
    let server = FakeServer::start(&["m"]).await;
    server.script.lock().expect("script").models = vec![("m".into(), Some(1_733_000_000))];
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), &NORTHFIELD[..1]).await;
    server.script.lock().expect("script").fallback = Some(Reply::Text(
        "The Northfield Institute opened an office in Oslo with 12 staff.".into(),
    ));
    let model = Model::start(&remote_config(&server.base(), "m"))
        .await
        .expect("connects");
    assert_eq!(model.key(), "openai:m@1733000000");
    let run = |model: Model| {
        let store = store.clone();
        async move {
            Pipeline::new(
                store,
                Arc::new(ModelSummarizer::new(model, 120, None)),
                chrono_tz::Asia::Seoul,
                "en",
            )
            .run(&Selection::default(), |_| {})
            .await
            .expect("run")
        }
    };
    assert_eq!(run(model.clone()).await.summarized, 1);
    // The summary, and the day's lead paragraph written from it.
    let asked = server.requests();
    assert_eq!(
        run(model.clone()).await.total,
        0,
        "unchanged text, same model: cached"
    );
    assert_eq!(server.requests(), asked, "nothing asked again");
    // The server now serves a rebuilt model under the same id: summarized again, once.
    server.script.lock().expect("script").models = vec![("m".into(), Some(1_733_999_999))];
    let rebuilt = Model::start(&remote_config(&server.base(), "m"))
        .await
        .expect("connects");
    assert_ne!(rebuilt.key(), model.key());
    assert_eq!(run(rebuilt.clone()).await.summarized, 1);
    let asked = server.requests();
    assert_eq!(run(rebuilt).await.total, 0);
    assert_eq!(server.requests(), asked);
}
