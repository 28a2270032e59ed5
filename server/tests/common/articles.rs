//! Articles stored directly (no feed): a source "s" of vendor Northfield and posts with
//! their extractive summaries and claims, as ingestion would write them.

use chrono::{TimeZone, Utc};
use proofwire::ingest::sources::{Location, Source};
use proofwire::store::{ArticleRecord, Store};
use proofwire::summarize::{Extractive, Summarizer, SummaryInput};

/// A fresh store in `dir` with `posts` (title, text, language) saved in order.
pub async fn store_with(dir: &std::path::Path, posts: &[(&str, &str, &str)]) -> (Store, Vec<i64>) {
    let store = super::open_store(&dir.join("db.sqlite")).await;
    let ids = add_posts(&store, posts).await;
    (store, ids)
}

/// Source "s" and `posts` (title, text, language) saved in order into an open store.
pub async fn add_posts(store: &Store, posts: &[(&str, &str, &str)]) -> Vec<i64> {
    store
        .sync_sources(&[Source {
            id: "s".into(),
            name: "S".into(),
            vendor: "Northfield".into(),
            location: Location::Url(url::Url::parse("https://example.com/f").expect("url")),
            language: "en".into(),
            enabled: true,
            kind: proofwire::ingest::listing::Kind::Feed,
        }
        .listed()])
        .await
        .expect("sources");
    let mut ids = Vec::new();
    for (i, (title, text, lang)) in posts.iter().enumerate() {
        ids.push(save(store, None, i, title, text, lang).await);
    }
    ids
}

pub async fn save(
    store: &Store,
    existing: Option<i64>,
    i: usize,
    title: &str,
    text: &str,
    lang: &str,
) -> i64 {
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 1, 0, i as u32)
        .single()
        .expect("date");
    save_at(store, existing, i, title, text, lang, at).await
}

/// `save`, published at `at`.
pub async fn save_at(
    store: &Store,
    existing: Option<i64>,
    i: usize,
    title: &str,
    text: &str,
    lang: &str,
    at: chrono::DateTime<Utc>,
) -> i64 {
    let rec = ArticleRecord {
        canonical_url: format!("https://example.com/{i}"),
        url: format!("https://example.com/{i}"),
        source_id: "s".into(),
        vendor: "Northfield".into(),
        title: title.into(),
        language: lang.into(),
        published_at: at,
        date_estimated: false,
        content_html: String::new(),
        content_text: text.into(),
        content_hash: format!("{title}|{text}"),
        text_origin: "feed",
    };
    let summary = Extractive.summarize(&SummaryInput {
        title,
        text,
        language: lang,
    });
    match store
        .save_article(
            existing.map(app::ids::ArticleId::new),
            &rec,
            None,
            &format!("f{i}{text}"),
            proofwire::store::Reading {
                summary,
                claims: proofwire::claims::extract::extract(&rec.content_text),
                fingerprint: proofwire::stories::Fingerprint::of(&rec.title, &rec.content_text),
            },
            Utc::now(),
        )
        .await
        .expect("save")
    {
        proofwire::store::Saved::Inserted(id) | proofwire::store::Saved::Updated(id) => id.get(),
        other => panic!("unexpected {other:?}"),
    }
}

/// Three short posts of one vendor on one day, each with facts a summary can be checked on.
pub const NORTHFIELD: &[(&str, &str, &str)] = &[
    (
        "Northfield opens an Oslo office",
        "The Northfield Institute opened an office in Oslo with 12 staff. It will host two workshops in 2026. The office is its third in Europe.",
        "en",
    ),
    (
        "Northfield funds safety research",
        "The Northfield Institute committed $10 million to independent safety research. Grants range from $100,000 to $2 million. Applications open on April 1.",
        "en",
    ),
    (
        "Northfield hires a director",
        "The Northfield Institute named Ana Silva its research director. She led the Lisbon lab for six years. She starts in May.",
        "en",
    ),
];
