//! Grounded translation end to end, with a scripted model server: an English post on a Korean
//! digest is translated sentence by sentence, the model seeing placeholders instead of its
//! amounts, names and dates and the restored answer shown; a translation that drops a
//! placeholder (writing a date of its own instead) is refused and the original sentence shown
//! instead, an unchanged day asks the model nothing, and the Korean page links each sentence to
//! its original span with the original on hover; claim lines quote the checked translation of
//! their sentence.

use crate::common;

use std::sync::Arc;

use common::articles::store_with;
use common::model_server::{remote_config, FakeServer, Reply};
use common::{demo_config, serve_store};
use proofwire::summarize::backend::Model;
use proofwire::summarize::model::ModelSummarizer;
use proofwire::summarize::pipeline::Pipeline;

const TITLE: &str = "Northfield raises $12 million";
const TEXT: &str = "Northfield raised $12 million from Acme Ventures for its lab. \
                    The round closes on March 20, 2026, the company said.";

site_test! {
async fn an_english_post_reads_in_korean_and_a_translation_that_changes_a_date_shows_the_original() {
    let server = FakeServer::start(&["m"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with(dir.path(), &[(TITLE, TEXT, "en")]).await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let tz = chrono_tz::Asia::Seoul;
    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day");
    let summary: Vec<String> = digest.items[0].summary.iter().map(|s| s.text.clone()).collect();
    assert_eq!(summary.len(), 2, "the extractive summary keeps both sentences: {summary:?}");
    let sentences_en = summary.clone();
    assert!(digest.items[0].translation.is_none(), "nothing translated yet");

    // The title, the first sentence right, the second with a date the model wrote itself
    // (another day of the month) instead of the date's placeholder.
    server.push(Reply::Text("Northfield, {1} 투자 유치".into()));
    server.push(Reply::Text("Northfield는 연구소를 위해 {2}로부터 {1}를 유치했다.".into()));
    server.push(Reply::Text("회사에 따르면 이번 라운드는 2026년 3월 2일에 마감된다.".into()));
    let model = Model::start(&remote_config(&server.base(), "m")).await.expect("connects");
    let translate_day = || proofwire::translating::translate_day(&store, &model, tz, "ko", day);
    assert_eq!(translate_day().await.expect("translate"), 3);
    assert_eq!(server.requests(), 3, "one request per sentence");
    let sent = server.last_body().to_string();
    assert!(
        sent.contains("The round closes on {1}, the company said.") && !sent.contains("March 20"),
        "one sentence at a time, its date a placeholder: {sent}"
    );

    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day");
    let t = digest.items[0].translation.clone().expect("a translation");
    assert_eq!(t.language, "ko");
    assert_eq!(t.title.as_deref(), Some("Northfield, $12 million 투자 유치"));
    assert_eq!(
        t.sentences,
        vec![Some("Northfield는 연구소를 위해 Acme Ventures로부터 $12 million를 유치했다.".to_string()), None],
        "the date's placeholder was dropped: that sentence is not shown translated"
    );
    let failed: String = store
        .raw("SELECT problems FROM translations WHERE text IS NULL")
        .scalars::<String>()
        .await
        .expect("row")
        .join("|");
    assert!(failed.contains("drops the placeholder for March 20, 2026"), "{failed}");

    // An unchanged day asks the model nothing.
    assert_eq!(translate_day().await.expect("again"), 0);
    assert_eq!(server.requests(), 3);

    // The Korean page: the translated sentence links to its original span, the refused one is
    // the original, and the original text is one click away; the English page is untouched.
    let mut config = demo_config(dir.path());
    config.language = "ko".into();
    let site = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let page = |lang: &'static str| digest_page(client.clone(), site, lang);
    let ko = page("ko").await;
    let id = ids[0];
    assert!(ko.contains("Northfield, $12 million 투자 유치"), "{ko}");
    assert!(ko.contains(&format!("href=\"/article/{id}#span-0\"")) && ko.contains("연구소를 위해 Acme Ventures로부터"));
    let second = ko.split(&format!("href=\"/article/{id}#span-1\"")).nth(1).unwrap_or_default();
    assert!(second.contains("The round closes on March 20, 2026"), "the original for the refused sentence");
    assert!(ko.contains("기계 번역"));
    // The original is on each translated sentence (hover) and at its span, not repeated whole.
    assert!(ko.contains(&format!("title=\"{}\"", sentences_en[0])), "{ko}");
    assert!(!ko.contains("class=\"original-text\""), "{ko}");
    // The funding sentence is also a claim line (a business fact): it quotes the same
    // translation, the verbatim sentence on hover.
    let fact = ko.split("class=\"fact-line\"").nth(1).unwrap_or_default();
    let fact = fact.split("</li>").next().unwrap_or_default();
    assert!(
        fact.contains("class=\"claim-sentence translated\"")
            && fact.contains("(기계 번역)")
            && fact.contains("연구소를 위해 Acme Ventures로부터")
            && fact.contains(&format!("title=\"{}\"", sentences_en[0])),
        "{fact}"
    );
    // The Korean export quotes it too, the verbatim sentence after it.
    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day");
    let head = proofwire::claims::log::Checkpoint { events: None, head: "ab".repeat(32), at: None };
    let md = proofwire::export::render(&digest, app::i18n::Lang::Ko, day, chrono::Utc::now().with_timezone(&tz), &head);
    assert!(
        md.contains(&format!("“Northfield는 연구소를 위해 Acme Ventures로부터 $12 million를 유치했다.” (원문: “{}”)", sentences_en[0])),
        "{md}"
    );
    let en = page("en").await;
    assert!(!en.contains("투자 유치") && en.contains(TITLE), "the English page shows the post as written");
}
}

/// Which post a model request is about, by a word only that post uses, and whether it asks
/// for a translation (the translation prompt) or other model work (a summary, a lead, claims).
fn requests(server: &FakeServer) -> Vec<(bool, &'static str)> {
    let script = server.script.lock().expect("script");
    script
        .seen
        .iter()
        .map(|(body, _)| {
            let text = body.to_string();
            let translation = text.contains("You translate one sentence");
            let post = ["meadow", "harbor", "planner"]
                .into_iter()
                .find(|w| text.contains(w))
                .unwrap_or("-");
            (translation, post)
        })
        .collect()
}

site_test! {
async fn the_day_being_read_is_translated_first_and_a_page_request_moves_its_day_ahead() {
    use chrono::TimeZone;
    use common::articles::save_at;
    use proofwire::translate::queue::TranslationQueue;

    let server = FakeServer::start(&["m"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    // The latest day (2 March) and two older days, one English post each.
    let (store, _) = store_with(
        dir.path(),
        &[("Lattice ships a faster planner", "The planner now answers in half the time. The planner also explains each step it takes.", "en")],
    )
    .await;
    let at = |day: u32| chrono::Utc.with_ymd_and_hms(2026, 2, day, 1, 0, 0).single().expect("date");
    save_at(&store, None, 1, "Lattice opens a harbor office", "The harbor office opens next week. The harbor team will host support.", "en", at(27)).await;
    save_at(&store, None, 2, "Lattice plants a meadow garden", "The meadow garden is open to visitors. The meadow sits beside the main office.", "en", at(25)).await;
    let tz = chrono_tz::Asia::Seoul;
    let model = Model::start(&remote_config(&server.base(), "m")).await.expect("connects");
    let pipeline = Pipeline::new(store.clone(), Arc::new(ModelSummarizer::new(model.clone(), 120, None)), tz, "ko");
    let queue = TranslationQueue::default();
    let worker = proofwire::work::Worker::new(store.clone(), pipeline, model, "w".into())
        .with_translations(queue.clone());

    // At start (and after each ingestion) the latest day is first in line.
    worker.enqueue().await.expect("enqueue");
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
    assert_eq!(queue.waiting(), [day(3, 2)]);

    // A reader opens 25 February in Korean: that day moves to the front.
    let mut config = demo_config(dir.path());
    config.language = "ko".into();
    let q = queue.clone();
    let site = serve_store(&store, &config, None, move |s, _| s.translations = q).await.addr;
    let page = reqwest::Client::new()
        .get(format!("http://{site}/digest/2026-02-25"))
        .header("accept-language", "ko")
        .send()
        .await
        .expect("page");
    assert!(page.status().is_success());
    assert_eq!(queue.waiting(), [day(2, 25), day(3, 2)], "the day read goes first");

    // The worker: 25 February's title and sentences, then 2 March's, before any other model
    // work; 27 February only once its summary job is done.
    let mut steps = 0;
    while worker.run_one().await.expect("step") {
        steps += 1;
        assert!(steps < 200, "the worker never runs out of work");
    }
    assert!(queue.waiting().is_empty());
    let seen = requests(&server);
    let first_other = seen.iter().position(|(t, _)| !t).expect("other model work ran");
    let translations_first: Vec<&str> = seen[..first_other].iter().map(|(_, p)| *p).collect();
    let last_meadow = translations_first.iter().rposition(|p| *p == "meadow").expect("25 February translated");
    let first_planner = translations_first.iter().position(|p| *p == "planner").expect("2 March translated");
    assert!(last_meadow < first_planner, "the requested day before the latest: {translations_first:?}");
    assert!(
        translations_first.iter().all(|p| *p == "meadow" || *p == "planner"),
        "nothing of 27 February before the summaries: {translations_first:?}"
    );
    // Titles first: each day's first request is its title.
    let first_of = |word: &str| seen.iter().find(|(t, p)| *t && *p == word).map(|_| ());
    assert!(first_of("harbor").is_some(), "27 February is translated after its summary");
    let first_harbor = seen.iter().position(|(t, p)| *t && *p == "harbor").expect("harbor");
    assert!(first_harbor > first_other, "{seen:?}");
    let bodies: Vec<String> = {
        let script = server.script.lock().expect("script");
        script.seen.iter().map(|(b, _)| b.to_string()).collect()
    };
    assert!(bodies[0].contains("Lattice plants a meadow garden"), "the day's title first: {}", bodies[0]);
}
}

site_test! {
async fn a_refusal_of_an_older_version_is_tried_again_and_a_pass_is_kept() {
    use proofwire::db::translations::NewTranslation;
    use proofwire::translate::{sentence_hash, WORDING_VERSION};

    let server = FakeServer::start(&["m"]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with(dir.path(), &[(TITLE, TEXT, "en")]).await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let tz = chrono_tz::Asia::Seoul;
    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day");
    let sentences: Vec<String> = digest.items[0].summary.iter().map(|s| s.text.clone()).collect();
    // Under prompt version 2: the title passed, the first sentence was refused.
    let model = Model::start(&remote_config(&server.base(), "m")).await.expect("connects");
    for (source, text) in [(TITLE.to_string(), Some("Northfield, $12 million 투자 유치")), (sentences[0].clone(), None)] {
        store
            .save_translation(&NewTranslation {
                source_hash: &sentence_hash(&source),
                target: "ko",
                model: &model.key(),
                prompt_version: WORDING_VERSION,
                text,
                problems: if text.is_some() { "" } else { "drops the placeholder" },
                raw: text.unwrap_or("?"),
                ms: 0.0,
                at: "2026-03-02T10:00:00Z",
            })
            .await
            .expect("translation");
    }
    let waiting = proofwire::translating::waiting(&store, tz, "ko", day).await.expect("waiting");
    let waiting: Vec<&str> = waiting.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(waiting, vec![sentences[0].as_str(), sentences[1].as_str()], "the old refusal waits again, the old pass does not");

    server.push(Reply::Text("Northfield는 연구소를 위해 {2}로부터 {1}를 유치했다.".into()));
    server.push(Reply::Text("회사에 따르면 이번 라운드는 {1}에 마감된다.".into()));
    assert_eq!(proofwire::translating::translate_day(&store, &model, tz, "ko", day).await.expect("translate"), 2);
    assert_eq!(server.requests(), 2, "the title that passed is not asked again");
    let t = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day")
        .items[0]
        .translation
        .clone()
        .expect("a translation");
    assert_eq!(t.title.as_deref(), Some("Northfield, $12 million 투자 유치"));
    assert!(t.sentences.iter().all(Option::is_some), "{:?}", t.sentences);
}
}

site_test! {
async fn the_page_says_how_many_sentences_still_wait_and_marks_them() {
    use proofwire::db::translations::NewTranslation;
    use proofwire::translate::{sentence_hash, PROMPT_VERSION};

    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with(
        dir.path(),
        &[
            (TITLE, TEXT, "en"),
            ("카카오, 새 언어 모델 공개", "카카오는 새 언어 모델을 공개했다. 이 모델은 누구나 내려받을 수 있다.", "ko"),
        ],
    )
    .await;
    let tz = chrono_tz::Asia::Seoul;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "ko")
        .await
        .expect("digest")
        .expect("a day");
    let english = digest.items.iter().find(|i| i.article_id.get() == ids[0]).expect("the English post");
    let sentences: Vec<String> = english.summary.iter().map(|s| s.text.clone()).collect();
    assert_eq!(sentences.len(), 2, "{sentences:?}");
    let progress = digest.translation_progress.clone().expect("a post in the other language");
    assert_eq!((progress.language.as_str(), progress.sentences, progress.waiting), ("ko", 3, 3));

    let mut config = demo_config(dir.path());
    config.language = "ko".into();
    let site = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let page = |site: std::net::SocketAddr, lang: &'static str| {
        digest_page(client.clone(), site, lang)
    };
    let marked = |html: &str| html.matches("data-awaiting-translation").count();
    let ko = page(site, "ko").await;
    assert!(ko.contains("3개 문장 중 3개는 아직 영어로 보입니다"), "{ko}");
    assert_eq!(
        marked(&ko),
        2,
        "the untranslated summary is marked as waiting, and the fact line quoting its first sentence: {ko}"
    );
    assert!(ko.contains("번역 대기"), "and its title is labelled");
    let en = page(site, "en").await;
    assert!(!en.contains("still in") && marked(&en) == 0, "an English page of a Korean digest waits for nothing");

    // The title translated, the first sentence refused: one sentence still waits, and only it
    // is marked; the refused one is the original, labelled as such.
    let save = |source: String, text: Option<&'static str>, at: &'static str| {
        let store = store.clone();
        async move {
            store
                .save_translation(&NewTranslation {
                    source_hash: &sentence_hash(&source),
                    target: "ko",
                    model: "fixture",
                    prompt_version: PROMPT_VERSION,
                    text,
                    problems: if text.is_some() { "" } else { "drops the placeholder" },
                    raw: text.unwrap_or("?"),
                    ms: 0.0,
                    at,
                })
                .await
                .expect("translation");
        }
    };
    save(TITLE.into(), Some("Northfield, $12 million 투자 유치"), "2026-03-02T10:00:00Z").await;
    save(sentences[0].clone(), None, "2026-03-02T10:00:01Z").await;
    let ko = page(site, "ko").await;
    assert!(ko.contains("3개 문장 중 1개는 아직 영어로 보입니다"), "{ko}");
    assert_eq!(marked(&ko), 1, "{ko}");
    // The opening tag of the link to a summary sentence's span.
    let tag = |i: usize| -> String {
        let id = ids[0];
        let before = ko.split(&format!("href=\"/article/{id}#span-{i}\"")).next().unwrap_or_default();
        before.rsplit("<a ").next().unwrap_or_default().to_string()
    };
    assert!(tag(1).contains("data-awaiting-translation"), "the waiting sentence is the marked one: {}", tag(1));
    assert!(!tag(0).contains("awaiting"), "the refused one is not waiting: {}", tag(0));
    assert!(ko.contains("번역이 원문과 맞지 않아 원문을 보여 줍니다"));

    // A translation stored before the meaning check that negates its source is refused when
    // the page is built: nothing waits any more, and it is not shown.
    save(sentences[1].clone(), Some("회사에 따르면 이번 라운드는 2026년 3월 20일에 마감되지 않는다."), "2026-03-02T10:00:02Z").await;
    let ko = page(site, "ko").await;
    assert!(!ko.contains("아직 영어로") && marked(&ko) == 0, "{ko}");
    assert!(!ko.contains("마감되지 않는다"), "the negated translation is not shown");

    // An English digest (its own site): the Korean post's title and sentences wait for ko→en.
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with(
        dir.path(),
        &[("카카오, 새 언어 모델 공개", "카카오는 새 언어 모델을 공개했다. 이 모델은 누구나 내려받을 수 있다.", "ko")],
    )
    .await;
    let digest = proofwire::digest::build_digest(&store, tz, Some(day), "en")
        .await
        .expect("digest")
        .expect("a day");
    let korean = digest.items.iter().find(|i| i.article_id.get() == ids[0]).expect("the Korean post");
    let expected = 1 + korean.summary.len();
    let progress = digest.translation_progress.clone().expect("a post in the other language");
    assert_eq!((progress.language.as_str(), progress.sentences, progress.waiting), ("en", expected, expected));
    let mut config = demo_config(dir.path());
    config.language = "en".into();
    let site_en = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let en = page(site_en, "en").await;
    assert!(en.contains(&format!("{expected} of {expected} sentences are still in Korean")), "{en}");
    assert_eq!(marked(&en), 1, "{en}");
}
}

site_test! {
async fn a_korean_report_of_the_same_story_is_the_korean_sections_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let english = (
        "Introducing Gemini 3 Pro",
        "Google released Gemini 3 Pro today. Gemini 3 Pro scores 91.9% on GPQA Diamond and \
         76.2% on SWE-bench Verified, the company said.",
        "en",
    );
    let korean = (
        "구글, Gemini 3 Pro 공개",
        "구글이 새 모델 Gemini 3 Pro 를 공개했다. Gemini 3 Pro 는 GPQA Diamond 에서 91.9%, \
         SWE-bench Verified 에서 76.2% 를 기록했다고 회사는 밝혔다.",
        "ko",
    );
    let (store, ids) = store_with(dir.path(), &[english, korean]).await;
    proofwire::stories::upkeep(&store).await.expect("fingerprints");
    let tz = chrono_tz::Asia::Seoul;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let build = |lang: &'static str| {
        let store = store.clone();
        async move {
            proofwire::digest::build_digest(&store, tz, Some(day), lang)
                .await
                .expect("digest")
                .expect("a day")
        }
    };

    // The Korean digest: one section, the vendor's post its headline, the Korean report its
    // body; only the title waits for a translation.
    let ko = build("ko").await;
    assert_eq!(ko.items.len(), 1, "one story: {:?}", ko.items.iter().map(|i| &i.title).collect::<Vec<_>>());
    let section = &ko.items[0];
    assert_eq!(section.article_id.get(), ids[0], "the earliest post, the vendor's, leads");
    let report = section.report.clone().expect("the Korean report is the body");
    assert_eq!(report.article_id.get(), ids[1]);
    assert!(!report.summary.is_empty() && report.summary_text().contains("91.9%"), "{report:?}");
    // The English post's claim lines are still shown, in English: their sentences wait too.
    let mut claim_sentences: Vec<String> = Vec::new();
    for c in section.claims.iter().filter(|c| c.article_id.get() == ids[0]) {
        if !claim_sentences.contains(&c.sentence) {
            claim_sentences.push(c.sentence.clone());
        }
    }
    assert!(!claim_sentences.is_empty(), "the English post's claims are on the section");
    let progress = ko.translation_progress.clone().expect("a post in the other language");
    assert_eq!(
        (progress.sentences, progress.waiting),
        (1 + claim_sentences.len(), 1 + claim_sentences.len()),
        "the title and the English claim sentences wait, not the summary the report replaces"
    );

    // The English digest of the same day has the English post's own summary.
    let en = build("en").await;
    assert!(en.items.iter().all(|i| i.report.is_none()), "nothing replaces a summary in the reader's language");

    // Translating the day asks the model for the title, then the claim sentences: the English
    // summary the report replaces is read by nobody on the Korean page.
    let waiting = proofwire::translating::waiting(&store, tz, "ko", day).await.expect("waiting");
    let mut expected = vec![(english.0.to_string(), "en".to_string())];
    expected.extend(claim_sentences.iter().map(|s| (s.clone(), "en".to_string())));
    assert_eq!(waiting, expected);
    let server = FakeServer::start(&["m"]).await;
    server.push(Reply::Text("{1} 소개".into()));
    for _ in &claim_sentences {
        // Answers without the sentence's tokens: refused, the verbatim sentence stays.
        server.push(Reply::Text("주장".into()));
    }
    let model = Model::start(&remote_config(&server.base(), "m")).await.expect("connects");
    let translated = proofwire::translating::translate_day(&store, &model, tz, "ko", day).await;
    assert_eq!(translated.expect("translate"), 1 + claim_sentences.len());
    assert_eq!(server.requests(), 1 + claim_sentences.len(), "one request per text");
    let ko = build("ko").await;
    let progress = ko.translation_progress.clone().expect("still a post in the other language");
    assert_eq!((progress.sentences, progress.waiting), (1 + claim_sentences.len(), 0), "nothing shown waits");
    assert!(ko.claim_translations.iter().all(|t| t.text.is_none()), "{:?}", ko.claim_translations);

    // The Korean page shows the report's sentences, each linked to its span, attributed; the
    // post's own summary is one click away; the English page shows the English summary.
    let mut config = demo_config(dir.path());
    config.language = "ko".into();
    let site = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let page = digest_page(client.clone(), site, "ko").await;
    let body = page.split("class=\"summary report\"").nth(1).unwrap_or_default();
    let body = body.split("</p>").next().unwrap_or_default();
    assert!(
        body.contains(&format!("href=\"/article/{}#span-0\"", ids[1])) && body.contains("91.9%") && body.contains("기록했다"),
        "the report's sentences are the body: {page}"
    );
    assert!(!body.contains("the company said"), "no English in the body: {body}");
    assert!(page.contains("같은 소식을 다룬 한국어 보도의 요약"), "attributed");
    let original = page.split("class=\"original-text\"").nth(1).unwrap_or_default();
    assert!(original.contains("Google released Gemini 3 Pro"), "the post's own summary one click away");
    let en_page = digest_page(client, site, "en").await;
    assert!(!en_page.contains("summary report") && en_page.contains("Google released Gemini 3 Pro"));
}
}

/// The demo day's digest page as a browser asking for `lang` gets it.
async fn digest_page(client: reqwest::Client, site: std::net::SocketAddr, lang: &str) -> String {
    client
        .get(format!("http://{site}/digest/2026-03-02"))
        .header("accept-language", lang)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body")
}
