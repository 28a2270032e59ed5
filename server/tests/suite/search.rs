//! Search over a small crafted corpus: Korean and English analysis, query syntax, filters,
//! facets, sorting, pagination, highlights, lenient parsing, reindex and recovery.

use crate::common;

use std::sync::Arc;

use app::models::{NoteKind, SearchParams, SearchResults, Suggestion};
use chrono::{TimeZone, Utc};
use proofwire::ingest::sources::{Location, Source};
use proofwire::search::{sync, Search, SearchIndex};
use proofwire::store::{ArticleRecord, Store};
use proofwire::summarize::{Extractive, Summarizer, SummaryInput};

struct Corpus {
    store: Store,
    search: Search,
    dir: tempfile::TempDir,
}

fn source(id: &str, vendor: &str, lang: &str) -> Source {
    Source {
        id: id.into(),
        name: vendor.into(),
        vendor: vendor.into(),
        location: Location::Url(url::Url::parse("https://example.com/feed").expect("url")),
        language: lang.into(),
        enabled: true,
        kind: proofwire::ingest::listing::Kind::Feed,
    }
}

/// (source id, vendor, language, title, text, day of March 2026)
type Post = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
);

const POSTS: &[Post] = &[
    ("openai", "OpenAI", "en", "OpenAI announces a new reasoning model",
     "Today we are announcing o5, a reasoning model that scores 91% on the benchmark. It is available to Pro users.", 2),
    ("openai", "OpenAI", "en", "Introducing the alignment research grants",
     "We announced grants for alignment research. Independent labs can apply until April.", 5),
    ("hf", "Hugging Face", "en", "Hugging Face joins forces with llama.cpp",
     "The llama.cpp team joins Hugging Face to keep local inference open source. <script>alert(1)</script> stays text.", 7),
    ("hf", "Hugging Face", "en", "Open source datasets for evaluation",
     "We release open datasets for model evaluation, deprecated formats are removed.", 9),
    ("google", "Google", "en", "Gemini gets faster announcements",
     "The announcement covers a faster Gemini model for developers and a source release.", 11),
    ("lg", "LG AI Research", "ko", "엑사원 정렬 연구 지원 발표",
     "LG AI연구원이 정렬 연구를 지원하는 프로그램을 발표했다. GPT-5를 넘는 성능을 목표로 한다.", 12),
    ("lg", "LG AI Research", "ko", "정렬을 위한 새 데이터셋 공개",
     "정렬을 위한 데이터셋을 공개했다. 모델 평가 결과도 함께 내놓았다.", 14),
    ("lg", "LG AI Research", "ko", "모델 평가 결과 공개",
     "새 모델의 평가 결과를 공개했다. 벤치마크 점수는 85점이다.", 16),
];

async fn corpus() -> Corpus {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = common::open_store(&dir.path().join("db.sqlite")).await;
    store
        .sync_sources(
            &[
                source("openai", "OpenAI", "en"),
                source("hf", "Hugging Face", "en"),
                source("google", "Google", "en"),
                source("lg", "LG AI Research", "ko"),
            ]
            .iter()
            .map(Source::listed)
            .collect::<Vec<_>>(),
        )
        .await
        .expect("sources");
    for (i, p) in POSTS.iter().enumerate() {
        insert(&store, i, p).await;
    }
    let index = sync::open_for_serving(&store, &dir.path().join("index"), 1)
        .await
        .expect("index");
    let search = Search::new(index, store.clone(), chrono_tz::Asia::Seoul);
    Corpus { store, search, dir }
}

async fn insert(store: &Store, i: usize, p: &Post) -> i64 {
    let (src, vendor, lang, title, text, day) = *p;
    let summary = Extractive.summarize(&SummaryInput {
        title,
        text,
        language: lang,
    });
    let rec = ArticleRecord {
        canonical_url: format!("https://example.com/{src}/{i}"),
        url: format!("https://example.com/{src}/{i}"),
        source_id: src.into(),
        vendor: vendor.into(),
        title: title.into(),
        language: lang.into(),
        published_at: Utc
            .with_ymd_and_hms(2026, 3, day, 3, 0, 0)
            .single()
            .expect("date"),
        date_estimated: false,
        content_html: format!("<p>{text}</p>"),
        content_text: text.into(),
        content_hash: format!("hash-{i}-{title}"),
        text_origin: "feed",
    };
    match store
        .save_article(
            None,
            &rec,
            None,
            "feedhash",
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
        proofwire::store::Saved::Inserted(id) => id.get(),
        other => panic!("expected an insert, got {other:?}"),
    }
}

impl Corpus {
    async fn run(&self, params: SearchParams) -> SearchResults {
        self.search.search(params).await.expect("search")
    }

    async fn q(&self, q: &str) -> SearchResults {
        self.run(SearchParams {
            q: q.into(),
            ..Default::default()
        })
        .await
    }

    async fn titles(&self, q: &str) -> Vec<String> {
        let mut t: Vec<String> = self
            .q(q)
            .await
            .hits
            .into_iter()
            .map(|h| h.title.into_iter().map(|f| f.text).collect::<String>())
            .collect();
        t.sort();
        t
    }

    async fn ids(&self, q: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .q(q)
            .await
            .hits
            .iter()
            .map(|h| h.article_id.get())
            .collect();
        ids.sort();
        ids
    }
}

#[tokio::test]
async fn korean_particles_spacing_and_phrases() {
    let c = corpus().await;
    let plain = c.titles("정렬").await;
    assert_eq!(
        plain,
        vec![
            "엑사원 정렬 연구 지원 발표".to_string(),
            "정렬을 위한 새 데이터셋 공개".to_string()
        ]
    );
    assert_eq!(c.titles("정렬을").await, plain, "particle 을");
    assert_eq!(c.titles("정렬은").await, plain, "particle 은");
    // Spacing variants and a phrase: only the post that says 정렬 연구.
    let phrase = c.titles("\"정렬 연구\"").await;
    assert_eq!(phrase, vec!["엑사원 정렬 연구 지원 발표".to_string()]);
    assert_eq!(c.titles("정렬연구").await, phrase);
    // "정렬을 위한" is a phrase in one post only.
    assert_eq!(
        c.titles("\"정렬을 위한\"").await,
        vec!["정렬을 위한 새 데이터셋 공개".to_string()]
    );
    // Mixed Korean and English, with a particle glued to a Latin word.
    assert_eq!(c.titles("GPT-5를").await, phrase);
    assert_eq!(c.titles("LG 정렬 지원").await, phrase);
}

#[tokio::test]
async fn english_stemming_phrases_exclusion_or_and_fields() {
    let c = corpus().await;
    let announce = c.ids("announce").await;
    assert_eq!(announce.len(), 3, "o5 post, grants post, Gemini post");
    assert_eq!(c.ids("announced").await, announce);
    assert_eq!(c.ids("announcement").await, announce);
    assert_eq!(
        c.titles("\"open source\"").await,
        vec![
            "Hugging Face joins forces with llama.cpp".to_string(),
            "Open source datasets for evaluation".to_string()
        ]
    );
    assert_eq!(
        c.titles("\"open source\" -deprecated").await,
        vec!["Hugging Face joins forces with llama.cpp".to_string()]
    );
    assert_eq!(c.ids("grants OR llama.cpp").await.len(), 2);
    assert_eq!(
        c.titles("title:gemini").await,
        vec!["Gemini gets faster announcements".to_string()]
    );
    // "source" is in the Gemini post's text, not its title.
    assert!(c.titles("title:source gemini").await.is_empty());
    assert_eq!(c.ids("vendor:openai").await.len(), 2);
    assert_eq!(c.ids("vendor:\"Hugging Face\"").await.len(), 2);
    assert_eq!(c.ids("announce vendor:openai").await.len(), 2);
}

#[tokio::test]
async fn filters_facets_sorting_and_pages() {
    let c = corpus().await;
    let all = c
        .run(SearchParams {
            q: "".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(all.total, POSTS.len() as u64);
    // An empty query lists everything newest first.
    assert_eq!(all.hits[0].title[0].text, "모델 평가 결과 공개");

    let r = c
        .run(SearchParams {
            q: "model".into(),
            vendor: Some("openai".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(r.total, 1);
    // Facets ignore the vendor filter itself, so other vendors stay one click away.
    let facet = |name: &str| r.facets.iter().find(|f| f.name == name).map(|f| f.count);
    assert_eq!(facet("OpenAI"), Some(1));
    assert_eq!(facet("Hugging Face"), Some(1));
    assert_eq!(facet("Google"), Some(1));
    assert_eq!(
        facet("LG AI Research"),
        None,
        "no English 'model' in LG posts"
    );

    let r = c
        .run(SearchParams {
            lang: Some("ko".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(r.total, 3);

    // Dates are local (Seoul) days, inclusive at both ends.
    let r = c
        .run(SearchParams {
            from: Some("2026-03-05".into()),
            to: Some("2026-03-09".into()),
            sort: Some("date".into()),
            ..Default::default()
        })
        .await;
    let days: Vec<String> = r
        .hits
        .iter()
        .map(|h| h.published_at[..10].to_string())
        .collect();
    assert_eq!(days, vec!["2026-03-09", "2026-03-07", "2026-03-05"]);

    // Relevance versus date order for the same query.
    let by_date = c
        .run(SearchParams {
            q: "announce".into(),
            sort: Some("date".into()),
            ..Default::default()
        })
        .await;
    let dates: Vec<&str> = by_date
        .hits
        .iter()
        .map(|h| h.published_at.as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    // Pagination edges: 8 posts, 10 per page → one page; page 2 is empty with a note.
    let p2 = c
        .run(SearchParams {
            page: Some(2),
            ..Default::default()
        })
        .await;
    assert!(p2.hits.is_empty());
    assert_eq!(p2.total, 8);
    assert!(p2
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::PageOutOfRange && n.detail == "1"));
    let p0 = c
        .run(SearchParams {
            page: Some(0),
            ..Default::default()
        })
        .await;
    assert_eq!(p0.page, 1);
    assert_eq!(p0.hits.len(), 8);
}

#[tokio::test]
async fn pages_split_a_longer_result_list() {
    let c = corpus().await;
    for i in 0..15 {
        let post: Post = (
            "openai",
            "OpenAI",
            "en",
            "Weekly changelog",
            "A changelog entry about the API.",
            20,
        );
        insert(&c.store, 100 + i, &post).await;
    }
    sync::catch_up(&c.store, c.search.index())
        .await
        .expect("catch up");
    let page = |n| SearchParams {
        q: "changelog".into(),
        page: Some(n),
        ..Default::default()
    };
    let one = c.run(page(1)).await;
    let two = c.run(page(2)).await;
    assert_eq!((one.total, one.hits.len(), two.hits.len()), (15, 10, 5));
    let mut ids: Vec<i64> = one
        .hits
        .iter()
        .chain(two.hits.iter())
        .map(|h| h.article_id.get())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 15, "no result on two pages");
}

#[tokio::test]
async fn highlights_mark_matches_and_stay_plain_text() {
    let c = corpus().await;
    let r = c.q("llama.cpp").await;
    let hit = &r.hits[0];
    let marked: Vec<&str> = hit
        .title
        .iter()
        .filter(|f| f.mark)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(marked, vec!["llama", "cpp"]);
    let snippet: String = hit.snippet.iter().map(|f| f.text.as_str()).collect();
    assert!(hit.snippet.iter().any(|f| f.mark));
    // The post's text contains a script tag as text; it comes back as text, never as markup
    // (the page renders fragments as text nodes).
    let r = c.q("alert").await;
    let s: String = r.hits[0].snippet.iter().map(|f| f.text.as_str()).collect();
    assert!(s.contains("<script>alert(1)</script>"), "{s}");
    assert!(!snippet.is_empty());

    let r = c.q("정렬").await;
    let marks: Vec<String> = r
        .hits
        .iter()
        .flat_map(|h| h.title.iter().filter(|f| f.mark).map(|f| f.text.clone()))
        .collect();
    assert!(marks.iter().all(|m| m.contains("정렬")), "{marks:?}");
    assert!(!marks.is_empty());
}

#[tokio::test]
async fn malformed_queries_give_results_and_notes_never_errors() {
    let c = corpus().await;
    let cases: &[(&str, NoteKind)] = &[
        ("\"open source", NoteKind::UnbalancedQuote),
        ("AND", NoteKind::Dangling),
        ("model OR", NoteKind::Dangling),
        ("foo:llama", NoteKind::UnknownField),
        ("!!! model", NoteKind::NoWords),
    ];
    for (q, kind) in cases {
        let r = c.q(q).await;
        assert!(
            r.notes.iter().any(|n| n.kind == *kind),
            "{q}: {:?}",
            r.notes
        );
    }
    assert!(c.q("\"open source").await.total > 0);
    assert!(c.q("foo:llama").await.total > 0);
    let huge = "announce ".repeat(1200);
    let r = c.q(&huge).await;
    assert!(r.notes.iter().any(|n| n.kind == NoteKind::Truncated));
    assert_eq!(r.total, 3);

    let r = c
        .run(SearchParams {
            q: "model".into(),
            from: Some("yesterday".into()),
            lang: Some("fr".into()),
            sort: Some("popularity".into()),
            ..Default::default()
        })
        .await;
    let bad: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::BadFilter)
        .map(|n| n.detail.as_str())
        .collect();
    assert_eq!(bad, vec!["lang=fr", "from=yesterday", "sort=popularity"]);
    assert!(r.total > 0);
}

#[tokio::test]
async fn empty_results_suggest_a_way_out() {
    let c = corpus().await;
    let r = c.q("anounced grants").await;
    assert_eq!(r.total, 0);
    let spelled = r.suggestions.iter().find_map(|s| match s {
        Suggestion::Spelling(words, p) => Some((words.clone(), p.q.clone())),
        _ => None,
    });
    assert_eq!(
        spelled,
        Some(("announced".into(), "announced grants".into()))
    );
    assert_eq!(c.q("announced grants").await.total, 1);

    // Only the first few unknown words are respelled: a query stuffed with typos costs no more
    // than one with four.
    let r = c.q("qqq1 qqq2 qqq3 qqq4 anounced grants").await;
    let spelled = r.suggestions.iter().find_map(|s| match s {
        Suggestion::Spelling(words, _) => Some(words.clone()),
        _ => None,
    });
    assert_eq!(spelled, None, "'anounced' is the fifth word: not respelled");
    let r = c.q("anounced qqq1 qqq2 qqq3 qqq4 grants").await;
    assert!(r
        .suggestions
        .iter()
        .any(|s| matches!(s, Suggestion::Spelling(w, _) if w == "announced")));

    let r = c
        .run(SearchParams {
            q: "gemini".into(),
            vendor: Some("openai".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(r.total, 0);
    let dropped = r.suggestions.iter().find_map(|s| match s {
        Suggestion::DropFilter(name, p) => Some((name.clone(), p.vendor.clone())),
        _ => None,
    });
    assert_eq!(dropped, Some(("vendor".into(), None)));

    let r = c.q("gemini llama").await;
    assert_eq!(r.total, 0);
    assert!(r
        .suggestions
        .iter()
        .any(|s| matches!(s, Suggestion::AnyWord(p) if p.q == "gemini OR llama")));
}

#[tokio::test]
async fn reindex_gives_the_same_results() {
    let c = corpus().await;
    let queries = [
        "announce",
        "정렬",
        "\"open source\"",
        "vendor:openai",
        "model -evaluation",
    ];
    let mut before = Vec::new();
    for q in queries {
        before.push(c.ids(q).await);
    }
    let n = sync::rebuild(&c.store, c.search.index(), |_, _| {})
        .await
        .expect("rebuild");
    assert_eq!(n, POSTS.len() as u64);
    for (q, ids) in queries.iter().zip(before) {
        assert_eq!(c.ids(q).await, ids, "{q}");
    }
}

#[tokio::test]
async fn changes_and_deletions_reach_the_index() {
    let c = corpus().await;
    let id = insert(
        &c.store,
        50,
        &(
            "google",
            "Google",
            "en",
            "Quantum error correction milestone",
            "A new quantum chip.",
            20,
        ),
    )
    .await;
    assert!(
        c.ids("quantum").await.is_empty(),
        "not indexed before catch-up"
    );
    let done = sync::catch_up(&c.store, c.search.index())
        .await
        .expect("catch up");
    assert_eq!(done.indexed, 1);
    assert_eq!(c.ids("quantum").await, vec![id]);
    // Nothing changed: nothing to do.
    let again = sync::catch_up(&c.store, c.search.index())
        .await
        .expect("catch up");
    assert_eq!(again, sync::Synced::default());

    c.store
        .raw("DELETE FROM articles WHERE id = $1")
        .bind(id)
        .execute()
        .await
        .expect("delete");
    let done = sync::catch_up(&c.store, c.search.index())
        .await
        .expect("catch up");
    assert_eq!(done.removed, 1);
    assert!(c.ids("quantum").await.is_empty());
}

#[tokio::test]
async fn a_missing_or_corrupt_index_is_rebuilt_at_start() {
    let c = corpus().await;
    let expected = c.ids("announce").await;
    let dir = c.dir.path().join("index");
    // Corrupt: overwrite the index metadata with garbage.
    drop(c.search);
    std::fs::write(dir.join("meta.json"), b"{ not json").expect("corrupt");
    let index = sync::open_for_serving(&c.store, &dir, 1)
        .await
        .expect("reopen");
    assert_eq!(index.num_docs(), POSTS.len() as u64);
    let search = Search::new(index, c.store.clone(), chrono_tz::Asia::Seoul);
    let r = search
        .search(SearchParams {
            q: "announce".into(),
            ..Default::default()
        })
        .await
        .expect("search");
    let mut ids: Vec<i64> = r.hits.iter().map(|h| h.article_id.get()).collect();
    ids.sort();
    assert_eq!(ids, expected);
    drop(search);

    // Missing altogether.
    std::fs::remove_dir_all(&dir).expect("remove");
    let index = sync::open_for_serving(&c.store, &dir, 1)
        .await
        .expect("reopen");
    assert_eq!(index.num_docs(), POSTS.len() as u64);
    drop(index);

    // Stale: the database gained an article while the index was away.
    insert(
        &c.store,
        60,
        &(
            "google",
            "Google",
            "en",
            "Offline addition",
            "Written while the server was down.",
            21,
        ),
    )
    .await;
    let index: Arc<SearchIndex> = sync::open_for_serving(&c.store, &dir, 1)
        .await
        .expect("reopen");
    assert_eq!(index.num_docs(), POSTS.len() as u64 + 1);
}
