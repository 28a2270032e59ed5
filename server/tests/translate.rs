//! Grounded translation end to end, with a scripted model server: an English post on a Korean
//! digest is translated sentence by sentence, the model seeing placeholders instead of its
//! amounts, names and dates and the restored answer shown; a translation that drops a
//! placeholder (writing a date of its own instead) is refused and the original sentence shown
//! instead, an unchanged day asks the model nothing, and the Korean page links each sentence to
//! its original span and offers the original text.

#[macro_use]
mod common;

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
    assert!(digest.items[0].translation.is_none(), "nothing translated yet");

    // The title, the first sentence right, the second with a date the model wrote itself
    // (another day of the month) instead of the date's placeholder.
    server.push(Reply::Text("Northfield, {1} 투자 유치".into()));
    server.push(Reply::Text("Northfield는 연구소를 위해 {2}로부터 {1}를 유치했다.".into()));
    server.push(Reply::Text("회사에 따르면 이번 라운드는 2026년 3월 2일에 마감된다.".into()));
    // Asked again once with that answer, it writes its own date again.
    server.push(Reply::Text("회사에 따르면 라운드는 3월 2일에 마감된다.".into()));
    let model = Model::start(&remote_config(&server.base(), "m")).await.expect("connects");
    let pipeline = Pipeline::new(store.clone(), Arc::new(ModelSummarizer::new(model, 120, None)), tz, "ko");
    assert_eq!(pipeline.translate_day(day).await.expect("translate"), 3);
    assert_eq!(server.requests(), 4, "one request per sentence, and one more for the answer that lost its placeholder");
    let sent = server.last_body().to_string();
    assert!(
        sent.contains("The round closes on {1}, the company said.") && !sent.contains("March 20"),
        "one sentence at a time, its date a placeholder: {sent}"
    );
    assert!(sent.contains("A previous answer did not have every token exactly once"), "{sent}");

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
    assert_eq!(pipeline.translate_day(day).await.expect("again"), 0);
    assert_eq!(server.requests(), 4);

    // The Korean page: the translated sentence links to its original span, the refused one is
    // the original, and the original text is one click away; the English page is untouched.
    let mut config = demo_config(dir.path());
    config.language = "ko".into();
    let site = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let page = |lang: &'static str| {
        let client = client.clone();
        async move {
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
    };
    let ko = page("ko").await;
    let id = ids[0];
    assert!(ko.contains("Northfield, $12 million 투자 유치"), "{ko}");
    assert!(ko.contains(&format!("href=\"/article/{id}#span-0\"")) && ko.contains("연구소를 위해 Acme Ventures로부터"));
    let second = ko.split(&format!("href=\"/article/{id}#span-1\"")).nth(1).unwrap_or_default();
    assert!(second.contains("The round closes on March 20, 2026"), "the original for the refused sentence");
    assert!(ko.contains("원문 보기") && ko.contains("기계 번역"));
    let en = page("en").await;
    assert!(!en.contains("투자 유치") && en.contains(TITLE), "the English page shows the post as written");
}
}
