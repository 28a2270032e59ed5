//! The real local model (installed by scripts/setup.sh from PyPI): grounded summaries, the cache,
//! a responsive server while it works, and a clean fallback when the model file is missing or
//! broken.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::articles::{save, store_with};
use common::{repo_root, serve_store};
use proofwire::config::SummarizerConfig;
use proofwire::summarize::backend::Model;
use proofwire::summarize::grounding;
use proofwire::summarize::llama::{LlmError, LocalModel};
use proofwire::summarize::model::ModelSummarizer;
use proofwire::summarize::pipeline::{Pipeline, Selection};
use proofwire::summarize::sentences::slice;
use proofwire::summarize::SummaryInput;

const EN_TITLE: &str = "A $10 million fund for independent safety research";
const EN_TEXT: &str = "We are committing $10 million to a new fund for independent AI safety research, administered by the Northfield Institute. The fund will make grants of $100,000 to $2 million to academic groups and non-profit labs.\n\nGrantees also receive free compute credits worth up to $250,000 each. We will have no say over which projects are selected; a panel of five external reviewers will decide.\n\nApplications open on April 1 and close on June 30, 2026. The first grants will be announced in September.";
const KO_TITLE: &str = "누리랩, AI 안전 연구에 50억 원 지원";
const KO_TEXT: &str = "누리랩이 국내 대학의 AI 안전 연구를 지원하기 위해 50억 원 규모의 연구 기금을 만든다고 밝혔다. 기금은 2026년부터 3년 동안 운영된다.\n\n연구팀마다 최대 2억 원을 지원하며, 올해는 15개 팀을 뽑는다. 선정은 외부 심사위원 7명이 맡고, 누리랩은 심사에 참여하지 않는다.\n\n신청은 4월 1일부터 5월 15일까지 받는다.";

fn model_config() -> SummarizerConfig {
    SummarizerConfig {
        model: repo_root().join(proofwire::config::DEFAULT_MODEL_PATH),
        threads: 2,
        batch_threads: 2,
        ..SummarizerConfig::default()
    }
}

fn start() -> LocalModel {
    let cfg = model_config();
    LocalModel::start(&cfg).unwrap_or_else(|e| {
        panic!("the default model must be installed for this test (scripts/setup.sh does it): {e}")
    })
}

fn assert_grounded(
    title: &str,
    text: &str,
    language: &str,
    sentences: &[proofwire::summarize::SummarySentence],
) {
    for s in sentences {
        let span = slice(text, s.span());
        assert!(!span.trim().is_empty(), "empty span for {:?}", s.text);
        assert!(s.end <= text.chars().count());
        // Each kept sentence passes the check on its own: no number or name the source lacks.
        let alone = grounding::check(&s.text, title, text, language, false);
        assert_eq!(alone.kept.len(), 1, "{:?} -> {:?}", s.text, alone.dropped);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_model_writes_grounded_summaries_in_the_requested_language() {
    let model = start();
    assert_eq!(model.info().sha256, proofwire::config::DEFAULT_MODEL_SHA256);
    let summarizer = ModelSummarizer::new(Model::Local(model), 200, None);

    let en = summarizer
        .summarize(&SummaryInput {
            title: EN_TITLE,
            text: EN_TEXT,
            language: "en",
        })
        .await
        .expect("english summary");
    let summary = en.summary.unwrap_or_else(|| {
        panic!(
            "nothing survived the check: {:?} / raw {:?}",
            en.dropped, en.generation.text
        )
    });
    assert!(!summary.sentences.is_empty());
    let short = &proofwire::config::DEFAULT_MODEL_SHA256[..12];
    assert!(
        summary.method.starts_with(&format!("llama:{short}:p")),
        "{}",
        summary.method
    );
    for s in &summary.sentences {
        assert!(
            !s.text
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{}",
            s.text
        );
    }
    assert_grounded(EN_TITLE, EN_TEXT, "en", &summary.sentences);

    let ko = summarizer
        .summarize(&SummaryInput {
            title: KO_TITLE,
            text: KO_TEXT,
            language: "ko",
        })
        .await
        .expect("korean summary");
    // Whatever the model wrote, what is kept is Korean and grounded.
    let kept: Vec<_> = ko.summary.map(|s| s.sentences).unwrap_or_default();
    for s in &kept {
        assert!(
            s.text
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{}",
            s.text
        );
    }
    assert_grounded(KO_TITLE, KO_TEXT, "ko", &kept);
    assert!(
        !kept.is_empty() || !ko.dropped.is_empty(),
        "the model wrote nothing at all: {:?}",
        ko.generation.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_are_cached_by_text_model_and_prompt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with(
        dir.path(),
        &[(EN_TITLE, EN_TEXT, "en"), ("Short note", "The Northfield Institute opened an office in Oslo with 12 staff. It will host two workshops in 2026.", "en")],
    )
    .await;
    let model = start();
    let summarizer = Arc::new(ModelSummarizer::new(Model::Local(model.clone()), 120, None));
    let pipeline = Pipeline::new(store.clone(), summarizer, chrono_tz::Asia::Seoul, "en");
    let first = pipeline
        .run(&Selection::default(), |_| {})
        .await
        .expect("first run");
    assert_eq!(first.done, 2);
    let after_first = model.calls();
    assert!(after_first >= 2, "two articles summarized");

    // Nothing changed: no model call at all.
    let second = pipeline
        .run(&Selection::default(), |_| {})
        .await
        .expect("second run");
    assert_eq!(second.total, 0);
    assert_eq!(model.calls(), after_first, "the cache must answer");

    // One article edited: exactly that one is summarized again.
    save(&store, Some(ids[1]), 1, "Short note", "The Northfield Institute opened an office in Oslo with 14 staff. It will host two workshops in 2026.", "en").await;
    let third = pipeline
        .run(&Selection::default(), |_| {})
        .await
        .expect("third run");
    assert_eq!(third.total, 1);
    let runs: i64 = store
        .raw("SELECT COUNT(*) FROM summary_runs WHERE article_id = $1")
        .bind(ids[1])
        .scalar()
        .await
        .expect("count");
    assert_eq!(runs, 2, "one run per version of the text");
    // --force redoes what the cache would skip.
    let forced = pipeline
        .run(
            &Selection {
                article: Some(ids[0]),
                force: true,
                ..Selection::default()
            },
            |_| {},
        )
        .await
        .expect("forced");
    assert_eq!(forced.total, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_answers_while_the_model_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let posts: Vec<(String, String)> = (0..4)
        .map(|i| {
            (
                format!("Grant round {i}"),
                EN_TEXT.replace("$10 million", &format!("${} million", 10 + i)),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = posts
        .iter()
        .map(|(t, x)| (t.as_str(), x.as_str(), "en"))
        .collect();
    let (store, _) = store_with(dir.path(), &refs).await;
    let config = common::demo_config(dir.path());
    let addr = serve_store(&store, &config, None, |settings, _| {
        settings.default_lang = app::i18n::Lang::En;
    })
    .await
    .addr;

    let model = start();
    let summarizer = Arc::new(ModelSummarizer::new(Model::Local(model.clone()), 200, None));
    let pipeline = Pipeline::new(store.clone(), summarizer, chrono_tz::Asia::Seoul, "en");
    let batch = tokio::spawn(async move { pipeline.run(&Selection::default(), |_| {}).await });
    let client = reqwest::Client::new();
    let mut slowest = Duration::ZERO;
    let mut probes = 0;
    while !batch.is_finished() {
        for path in ["/healthz", "/digest/2026-03-02"] {
            let t = Instant::now();
            let r = client
                .get(format!("http://{addr}{path}"))
                .timeout(Duration::from_secs(5))
                .send()
                .await
                .expect("request while the model works");
            assert_eq!(r.status().as_u16(), 200, "{path}");
            let _ = r.text().await;
            slowest = slowest.max(t.elapsed());
            probes += 1;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let stats = batch.await.expect("join").expect("batch");
    assert_eq!(stats.done, 4);
    assert!(
        probes >= 10,
        "the batch ran long enough to be probed ({probes} probes)"
    );
    assert!(
        slowest < Duration::from_secs(1),
        "slowest answer took {slowest:?}"
    );
    eprintln!("{probes} requests during the batch, slowest {slowest:?}");
}

fn prompt(system: &str, document: &str) -> proofwire::summarize::llama::Prompt {
    proofwire::summarize::llama::Prompt {
        system: system.into(),
        before: "Say in one short sentence what this text announces.\n\n".into(),
        document: document.into(),
        after: String::new(),
        max_new_tokens: 16,
        grammar: None,
        schema: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prompts_that_start_alike_are_read_only_where_they_differ() {
    let model = start();
    let system =
        "You are a careful news editor. You answer in plain English, you never add a fact \
                  the text does not state, and you keep every number exactly as written.";
    let first = model
        .generate(prompt(system, EN_TEXT))
        .await
        .expect("first");
    assert_eq!(
        first.reused_tokens, 0,
        "nothing was held before the first prompt"
    );

    let other_text = "Nuri Lab opens a second office in Busan with 40 engineers.";
    let second = model
        .generate(prompt(system, other_text))
        .await
        .expect("second");
    // The shared system prompt and instructions are held; the new text is read.
    assert!(
        second.reused_tokens >= 30 && second.reused_tokens < second.prompt_tokens,
        "reused {} of {}",
        second.reused_tokens,
        second.prompt_tokens
    );

    // The same prompt again: everything but the last token is held, and the answer is the same.
    let again = model
        .generate(prompt(system, other_text))
        .await
        .expect("again");
    assert_eq!(again.reused_tokens, again.prompt_tokens - 1);
    assert_eq!(again.text, second.text);

    // A prompt that differs from its start keeps at most the chat template's opening tokens,
    // and its answer is the one the model gives it from a cold start.
    let changed = model
        .generate(prompt("Answer in one word.", other_text))
        .await
        .expect("changed");
    assert!(
        changed.reused_tokens < 8,
        "reused {}",
        changed.reused_tokens
    );
    let cold = start()
        .generate(prompt("Answer in one word.", other_text))
        .await
        .expect("cold");
    assert_eq!(cold.reused_tokens, 0);
    assert_eq!(changed.text, cold.text);

    // The raw benchmark loop leaves the cache holding nothing reusable.
    model.raw_run(32, 4, 7).await.expect("raw run");
    let after_raw = model
        .generate(prompt(system, other_text))
        .await
        .expect("after raw");
    assert_eq!(after_raw.reused_tokens, 0);
    assert_eq!(after_raw.text, second.text);
}

#[test]
fn a_missing_or_broken_model_file_is_reported_and_the_app_falls_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = model_config();
    cfg.model = dir.path().join("nope.gguf");
    match LocalModel::start(&cfg) {
        Err(e @ LlmError::Missing(_)) => assert!(e.to_string().contains("scripts/setup.sh"), "{e}"),
        Err(e) => panic!("expected Missing, got {e}"),
        Ok(_) => panic!("a missing model must not load"),
    }

    // A truncated copy: the checksum catches it before llama.cpp reads it.
    let truncated: PathBuf = dir.path().join("truncated.gguf");
    let full = std::fs::read(&model_config().model).expect("the default model is installed");
    std::fs::write(&truncated, &full[..full.len() / 50]).expect("write");
    cfg.model = truncated.clone();
    match LocalModel::start(&cfg) {
        Err(e @ LlmError::Checksum { .. }) => assert!(e.to_string().contains("truncated"), "{e}"),
        Err(e) => panic!("expected Checksum, got {e}"),
        Ok(_) => panic!("a truncated model must not load"),
    }
    // With no checksum configured, llama.cpp itself refuses it, without crashing the process.
    cfg.model_sha256 = String::new();
    match LocalModel::start(&cfg) {
        Err(LlmError::Load(..)) => {}
        Err(e) => panic!("expected a load error, got {e}"),
        Ok(_) => panic!("a truncated model must not load"),
    }

    // The app-level entry point logs the reason and leaves the extractive summarizer in charge.
    let mut config = common::demo_config(dir.path());
    config.summarizer.model = truncated;
    let started = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(proofwire::run::worker::start_model(&config));
    assert!(started.is_none());
}

/// The grammar a translation is decoded under holds the real model to its form: each token at
/// most once, one line, no digit of its own, no control token — also when the prompt asks
/// for what it forbids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_is_decoded_in_the_form_its_grammar_allows() {
    use proofwire::translate::{self, grammar::Shape, placeholders};
    let model = start();
    let sentences = [
        (EN_TITLE, "en", "ko"),
        (KO_TITLE, "ko", "en"),
        (
            "Nova-2 scores 71.3% on SWE-bench Verified, up from 64.0% for Nova-1 in March 2026.",
            "en",
            "ko",
        ),
    ];
    for (sentence, from, to) in sentences {
        let prepared = translate::prepare(sentence, from, to);
        let shape = &prepared.shape;
        let answer = model
            .generate(prepared.prompt.clone())
            .await
            .expect("answer");
        assert!(
            shape.allows(&answer.text),
            "{sentence:?} → {:?} breaks the form of\n{}",
            answer.text,
            shape.gbnf()
        );
    }
    let masked = placeholders::mask("Nova-2 costs $2 per hour.", &[]);
    let shape = Shape::of(&masked, "ko", &[]);
    assert!(shape.tokens >= 2 && !shape.digits, "{masked:?}");
    let mut asked = prompt(
        "Write the text you are given three times, each on its own line, then the number 42.",
        &masked.text,
    );
    asked.before = String::new();
    asked.max_new_tokens = 60;
    asked.grammar = Some(shape.gbnf());
    let answer = model.generate(asked).await.expect("answer");
    assert!(
        shape.allows(&answer.text) && !answer.text.contains("42"),
        "{:?}",
        answer.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_structures_claims_and_the_check_keeps_it_to_the_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(
        dir.path(),
        &[
            (
                "Nova-2",
                "Nova-2 scores 71.3% on SWE-bench Verified, compared with 64.0% for Nova-1.",
                "en",
            ),
            ("노바-2", "노바-2는 KMMLU에서 68.2%를 기록했다.", "ko"),
        ],
    )
    .await;
    let model = start();
    let stats = proofwire::claims::refine::run(&store, &Model::Local(model.clone()))
        .await
        .expect("refine");
    assert_eq!(stats.read, 2, "{stats:?}");
    assert_eq!(stats.accepted + stats.rejected, 2);
    let rows = store
        .raw(
            "SELECT c.sentence, c.fields_method, c.subject, c.metric, c.value, c.comparison,
                r.accepted, r.raw
         FROM claims c JOIN claim_refinements r ON r.claim_id = c.id",
        )
        .fetch_all()
        .await
        .expect("rows");
    assert_eq!(rows.len(), 2);
    let mut accepted = 0;
    for r in &rows {
        let sentence: String = r.get("sentence");
        let raw: String = r.get("raw");
        // The grammar holds the answer to one JSON object.
        let json: serde_json::Value =
            serde_json::from_str(raw.trim()).expect("grammar-shaped JSON");
        assert!(
            json.get("kind").is_some()
                && json.get("subject").is_some()
                && json.get("metric").is_some(),
            "{raw}"
        );
        if r.get::<bool, _>("accepted") {
            accepted += 1;
            for field in ["subject", "metric", "value", "comparison"] {
                if let Some(v) = r.get::<Option<String>, _>(field) {
                    assert!(
                        sentence.to_lowercase().contains(&v.to_lowercase()),
                        "{field} {v:?} is not in {sentence:?}"
                    );
                }
            }
        } else {
            assert_eq!(
                r.get::<String, _>("fields_method"),
                proofwire::claims::extract::RULES_METHOD,
                "a refused answer leaves the rule fields"
            );
        }
    }
    assert_eq!(accepted, stats.accepted);
    // Each sentence is read once per model and prompt.
    let calls = model.calls();
    let again = proofwire::claims::refine::run(&store, &Model::Local(model.clone()))
        .await
        .expect("refine again");
    assert_eq!(again.read, 0);
    assert_eq!(model.calls(), calls);
}

/// The job queue as `serve` runs it: the scheduler's step queues the summaries and claim
/// structuring the model has not done, a worker drains it (and writes the day's lead once the
/// day's summaries are done), and the next scheduling queues nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_drains_the_queued_model_work_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(
        dir.path(),
        &[(
            "Nova-2",
            "Nova-2 scores 71.3% on SWE-bench Verified, compared with 64.0% for Nova-1. It is available today.",
            "en",
        )],
    )
    .await;
    let model = start();
    let summarizer = Arc::new(ModelSummarizer::new(Model::Local(model.clone()), 120, None));
    let pipeline = Pipeline::new(store.clone(), summarizer, chrono_tz::Asia::Seoul, "en");
    let worker = proofwire::work::Worker::new(
        store.clone(),
        pipeline,
        Model::Local(model.clone()),
        "w1".into(),
    );
    let queued = worker.enqueue().await.expect("enqueue");
    assert!(queued >= 2, "a summary and a claim to structure: {queued}");
    assert_eq!(
        worker.enqueue().await.expect("enqueue again"),
        0,
        "queued once"
    );
    let mut ran = 0;
    while worker.run_one().await.expect("job") {
        ran += 1;
    }
    assert_eq!(ran, queued);
    let counts = store.job_counts().await.expect("counts");
    assert_eq!((counts.done as usize, counts.failed), (queued, 0));
    let runs: i64 = store
        .raw("SELECT COUNT(*) FROM summary_runs")
        .scalar()
        .await
        .expect("runs");
    assert_eq!(runs, 1);
    let refined: i64 = store
        .raw("SELECT COUNT(*) FROM claim_refinements")
        .scalar()
        .await
        .expect("refinements");
    assert!(refined >= 1);
    // Done work is not queued again.
    assert_eq!(worker.enqueue().await.expect("enqueue after"), 0);
}
