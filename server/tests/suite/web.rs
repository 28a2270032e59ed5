//! The served pages, over HTTP, on the bundled demo snapshot (server-rendered HTML; the
//! browser test covers hydration).

use crate::common;

use std::sync::Arc;

use common::*;
use proofwire::fetch::Fetcher;
use proofwire::ingest::Ingestor;
use proofwire::summarize::Extractive;

fn runtime() -> &'static tokio::runtime::Runtime {
    shared_runtime()
}

fn serial() -> std::sync::MutexGuard<'static, ()> {
    one_site_at_a_time()
}

struct Site {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

async fn demo_site(extra_sources: &str) -> Site {
    demo_site_in(extra_sources, None).await
}

/// The demo site, serving its static files from `site_root` when one is given.
async fn demo_site_in(extra_sources: &str, site_root: Option<std::path::PathBuf>) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = demo_config(dir.path());
    if let Some(root) = site_root {
        config.site_root = root;
    }
    if !extra_sources.is_empty() {
        let mut s = std::fs::read_to_string(&config.sources_file).expect("read sources");
        s.push_str(extra_sources);
        std::fs::write(&config.sources_file, s).expect("write sources");
    }
    let store = common::open_store(&config.database_path()).await;
    common::ingest_extractive(&store, &config).await;
    let addr = serve_store(&store, &config, None, |_, _| {}).await.addr;
    Site {
        base: format!("http://{addr}"),
        // A request that never completes (seen once: every thread parked, the SSR response
        // never sent) must fail the test, not stall the whole run.
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client"),
        _dir: dir,
    }
}

impl Site {
    async fn get(&self, path: &str, lang: &str) -> (u16, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", lang)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }
}

#[test]
fn demo_digest_of_2026_02_21_has_five_sections_in_korean_and_english() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site("").await;
        let (status, html) = site.get("/digest/2026-02-21", "ko-KR,ko;q=0.9").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("2026년 2월 21일 오늘의 AI 뉴스"),
            "Korean title"
        );
        assert!(html.contains("<html lang=\"ko\""));
        assert_eq!(html.matches("class=\"announcement").count(), 5, "{html}");
        // What matters first: the day's top stories lead under their heading, each section
        // says what kind of post it is and why it ranks there.
        let top = html.matches("class=\"announcement top-story").count();
        assert!((1..=5).contains(&top), "{top} top stories");
        assert!(
            html.find("주요 소식")
                .is_some_and(|at| html[..at].matches("class=\"announcement").count() == 0),
            "the top stories' heading comes first"
        );
        assert!(
            html.contains("title=\"이 자리에 놓인 이유: "),
            "why each story ranks where it does"
        );
        for title in [
            "Our First Proof submissions",
            "Advancing independent research on AI alignment",
            "Make music in the Gemini app with Lyria 3",
            "GGML and llama.cpp join HF to ensure the long-term progress of Local AI",
            "IBM and UC Berkeley Diagnose Why Enterprise Agents Fail Using IT-Bench and MAST",
        ] {
            assert!(html.contains(title), "missing {title}");
        }
        assert!(html.contains("참고 자료 (References)"));
        assert!(
            html.contains("href=\"/digest/2026-01-15\""),
            "previous day link"
        );

        let (_, en) = site.get("/digest/2026-02-21", "en-US,en;q=0.9").await;
        assert!(en.contains("AI news — February 21, 2026"));
        assert!(en.contains(">References<"));

        // `/` is the latest digest.
        let (status, latest) = site.get("/", "ko").await;
        assert_eq!(status, 200);
        assert!(latest.contains("2026년 2월 21일 오늘의 AI 뉴스"));
    })
}

#[test]
fn archive_sources_article_and_errors() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site("").await;
        let (_, archive) = site.get("/archive", "en").await;
        for d in [
            "2026-02-21",
            "2026-01-15",
            "2025-12-30",
            "2025-11-19",
            "2025-08-08",
        ] {
            assert!(
                archive.contains(&format!("/digest/{d}")),
                "archive lists {d}"
            );
        }
        assert!(
            archive.contains(">5<") || archive.contains("5 items") || archive.contains(">5 "),
            "count shown"
        );

        let (_, sources) = site.get("/sources", "en").await;
        assert!(sources.contains("LG AI연구원 소식 (스냅샷)"));
        assert!(sources.contains("demo-ibm-research"));

        let (status, digest) = site.get("/digest/2026-02-21", "en").await;
        assert_eq!(status, 200);
        let id: String = digest
            .split("data-article-id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("article id")
            .to_string();
        let (status, article) = site.get(&format!("/article/{id}"), "en").await;
        assert_eq!(status, 200);
        assert!(article.contains("<mark id=\"span-0\""), "highlighted span");
        assert!(
            article.contains("href=\"#span-0\""),
            "sentence links to its span"
        );

        let (status, _) = site.get("/article/999999", "en").await;
        assert_eq!(status, 404);
        let (status, body) = site.get("/digest/2026-13-45", "en").await;
        assert_eq!(status, 400);
        assert!(body.contains("not a valid date"));
        let (status, body) = site.get("/digest/2024-01-01", "en").await;
        assert_eq!(status, 200);
        assert!(body.contains("No announcements on this date"));
        let (status, body) = site.get("/healthz", "en").await;
        assert_eq!((status, body.as_str()), (200, "ok"));
    })
}

#[test]
fn language_switch_sets_a_cookie_and_stays_on_site() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site("").await;
        let r = site
            .client
            .get(format!("{}/lang/en?next=/archive", site.base))
            .send()
            .await
            .expect("switch");
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(r.headers()["location"], "/archive");
        let cookie = r.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_string();
        assert!(cookie.starts_with("lang=en;"), "{cookie}");
        let html = site
            .client
            .get(format!("{}/digest/2026-02-21", site.base))
            .header("accept-language", "ko")
            .header("cookie", "lang=en")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("AI news — February 21, 2026"),
            "cookie beats Accept-Language"
        );

        let r = site
            .client
            .get(format!("{}/lang/ko?next=//evil.example/", site.base))
            .send()
            .await
            .expect("switch");
        assert_eq!(r.headers()["location"], "/");
        let r = site
            .client
            .get(format!("{}/lang/fr", site.base))
            .send()
            .await
            .expect("bad");
        assert_eq!(r.status().as_u16(), 400);
    })
}

#[test]
fn feed_markup_is_escaped_on_pages() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let feed = dir.path().join("xss.xml");
        std::fs::write(
            &feed,
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
    <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Evil &amp;lt;img src=x onerror=alert(2)&amp;gt;</title>
    <link>https://evil.example/post</link><guid>xss</guid><pubDate>Fri, 20 Feb 2026 22:00:00 GMT</pubDate>
    <description><![CDATA[<p>First sentence of the hostile post is long enough.<script>alert(3)</script></p><p onclick="alert(4)">Second sentence is also long enough to keep.</p>]]></description></item>
    </channel></rss>"#,
        )
        .expect("write feed");
        let extra = format!(
            "[[source]]\nid = \"xss\"\nname = \"<b>XSS</b>\"\nvendor = \"Evil <i>Corp</i>\"\npath = \"{}\"\nlanguage = \"en\"\n",
            feed.display()
        );
        let site = demo_site(&extra).await;
        for path in ["/digest/2026-02-21", "/sources"] {
            let (_, html) = site.get(path, "en").await;
            assert!(!html.contains("<script>alert"), "{path} has a live script");
            assert!(!html.contains("<img src=x"), "{path} has a live img");
            assert!(!html.contains("<b>XSS</b>") && !html.contains("<i>Corp</i>"), "{path} renders names as HTML");
            assert!(!html.contains("onclick=\"alert"), "{path}");
        }
        let (_, digest) = site.get("/digest/2026-02-21", "en").await;
        assert!(digest.contains("Evil &amp;lt;img") || digest.contains("Evil &lt;img"), "title shown as text");
    })
}

#[test]
fn search_page_and_api_on_the_demo_snapshot() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site("").await;
        let (status, html) = site.get("/search?q=llama.cpp", "en").await;
        assert_eq!(status, 200);
        assert!(html.contains("<mark>llama</mark>"), "highlighted title");
        assert!(html.contains("GGML and"), "the llama.cpp post is found");
        assert!(
            html.contains("id=\"site-search\""),
            "the header box is on the page"
        );
        assert!(
            html.contains("data-vendor=\"huggingface\""),
            "vendor facet link"
        );

        // Korean: the LG posts are found by a particle-bearing query.
        let (status, ko) = site
            .get("/search?q=%EC%97%91%EC%82%AC%EC%9B%90%EC%9D%84", "ko")
            .await;
        assert_eq!(status, 200);
        assert!(ko.contains("<mark>"), "{ko}");

        // Malformed queries never fail the page or the API.
        for q in ["%22unclosed", "AND", "foo%3Abar", &"x".repeat(10_000)] {
            let (status, body) = site.get(&format!("/search?q={q}"), "en").await;
            assert_eq!(status, 200, "{q}");
            assert!(!body.contains("Could not load"), "{q}");
            let (status, json) = site.get(&format!("/api/search?q={q}"), "en").await;
            assert_eq!(status, 200, "{q}");
            let v: serde_json::Value = serde_json::from_str(&json).expect("json");
            assert!(
                v["notes"].as_array().is_some_and(|n| !n.is_empty()),
                "{q}: {json}"
            );
        }

        let (status, json) = site
            .get("/api/search?q=alignment&vendor=openai&sort=date", "en")
            .await;
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert!(v["total"].as_u64().is_some_and(|n| n >= 1), "{json}");
        assert_eq!(v["hits"][0]["vendor"], "OpenAI");
        assert_eq!(v["params"]["sort"], "date");
        assert!(v["facets"].as_array().is_some_and(|f| !f.is_empty()));
    })
}

/// `/feed.atom` and `/feed.json` carry one entry per demo day, parse as feeds, and answer a
/// repeated request with 304; a vendor's feed holds only that vendor; a saved search is a feed;
/// every page tells feed readers where the digest feed is.
#[test]
fn digests_vendors_and_searches_are_feeds_readers_parse() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site("").await;
        let days = [
            "2026-02-21",
            "2026-01-15",
            "2025-12-30",
            "2025-11-19",
            "2025-08-08",
        ];
        for path in ["/feed.atom", "/feed.json", "/feed.atom?lang=en"] {
            let r = site
                .client
                .get(format!("{}{path}", site.base))
                .send()
                .await
                .expect("feed");
            assert_eq!(r.status().as_u16(), 200, "{path}");
            let kind = r.headers()["content-type"]
                .to_str()
                .expect("type")
                .to_string();
            assert!(
                kind.starts_with(if path.contains("json") {
                    "application/feed+json"
                } else {
                    "application/atom+xml"
                }),
                "{path}: {kind}"
            );
            let etag = r.headers()["etag"].to_str().expect("etag").to_string();
            let body = r.bytes().await.expect("body");
            let feed = feed_rs::parser::parse(&body[..])
                .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
            let links: Vec<String> = feed
                .entries
                .iter()
                .map(|e| e.links[0].href.clone())
                .collect();
            let want: Vec<String> = days
                .iter()
                .map(|d| format!("http://127.0.0.1:3000/digest/{d}"))
                .collect();
            assert_eq!(links, want, "{path}: newest day first, one entry a day");
            let first = &feed.entries[0];
            let content = first
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .expect("content");
            assert!(content.contains("Our First Proof submissions"), "{content}");
            let title = first
                .title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default();
            if path.ends_with("lang=en") {
                assert_eq!(title, "AI news — February 21, 2026");
            } else {
                assert_eq!(title, "2026년 2월 21일 오늘의 AI 뉴스");
            }
            // The same document again: the reader's copy is current.
            let again = site
                .client
                .get(format!("{}{path}", site.base))
                .header("if-none-match", &etag)
                .send()
                .await
                .expect("revalidate");
            assert_eq!(again.status().as_u16(), 304, "{path}");
        }

        let (status, body) = site.get("/vendor/openai/feed.atom", "en").await;
        assert_eq!(status, 200);
        let feed = feed_rs::parser::parse(body.as_bytes()).expect("vendor feed parses");
        assert_eq!(feed.entries.len(), 3, "the demo's three OpenAI posts");
        assert!(feed
            .entries
            .iter()
            .all(|e| e.links[0].href.starts_with("https://openai.com/")));
        let (status, _) = site.get("/vendor/no-such-vendor/feed.atom", "en").await;
        assert_eq!(status, 404);

        let (status, body) = site.get("/search.json?q=GPT-5", "en").await;
        assert_eq!(status, 200);
        let feed = feed_rs::parser::parse(body.as_bytes()).expect("search feed parses");
        assert!(!feed.entries.is_empty());
        assert!(feed.entries.iter().any(|e| e
            .title
            .as_ref()
            .is_some_and(|t| t.content == "Introducing GPT-5")));

        let (_, page) = site.get("/digest/2026-02-21", "en").await;
        assert!(
            page.contains(r#"<link rel="alternate" type="application/atom+xml""#)
                && page.contains(r#"href="/feed.atom""#),
            "the digest feed is discoverable"
        );
        let (_, page) = site.get("/search?q=GPT-5", "en").await;
        assert!(
            page.contains("/search.atom?q=GPT-5"),
            "the search offers its feed"
        );
    });
}

/// The digest page is rendered once per content version and language: a repeat is the same
/// page with a fresh script nonce (in the body and the policy alike), a reader holding its
/// `ETag` gets 304, a change to one of the day's articles shows on the next request, and a
/// signed-in request is never served from the cache.
#[test]
fn digest_pages_are_cached_per_content_version_with_fresh_nonces() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = demo_config(dir.path());
        let store = common::open_store(&config.database_path()).await;
        common::ingest_extractive(&store, &config).await;
        let addr = serve_store(&store, &config, None, |_, _| {}).await.addr;
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        let url = format!("http://{addr}/digest/2026-02-21");
        let get = |extra: Vec<(&'static str, String)>| {
            let mut r = client.get(&url).header("accept-language", "en");
            for (k, v) in extra {
                r = r.header(k, v);
            }
            r.send()
        };
        let nonce_of = |csp: &str| -> String {
            let at = csp.find("'nonce-").expect("a nonce in the policy") + 7;
            csp[at..at + csp[at..].find('\'').expect("closing quote")].to_string()
        };
        let mut seen = Vec::new();
        for _ in 0..2 {
            let r = get(vec![]).await.expect("page");
            assert_eq!(r.status().as_u16(), 200);
            let etag = r.headers()["etag"].to_str().expect("etag").to_string();
            let csp = r.headers()["content-security-policy"]
                .to_str()
                .expect("csp")
                .to_string();
            let body = r.text().await.expect("body");
            let nonce = nonce_of(&csp);
            assert!(
                body.contains(&format!("nonce=\"{nonce}\"")),
                "the page's scripts carry the policy's nonce"
            );
            assert!(body.contains("Our First Proof submissions"));
            let masked = body.replace(&nonce, "N");
            seen.push((etag, nonce, masked));
        }
        assert_eq!(seen[0].0, seen[1].0, "same content, same ETag");
        assert_ne!(seen[0].1, seen[1].1, "never the same nonce twice");
        assert_eq!(seen[0].2, seen[1].2, "the same page apart from the nonce");

        let r = get(vec![("if-none-match", seen[0].0.clone())])
            .await
            .expect("revalidate");
        assert_eq!(r.status().as_u16(), 304);
        // A 304 updates the kept page's headers: a policy here would replace the one that
        // names the kept page's nonce and stop its scripts.
        assert!(r.headers().get("content-security-policy").is_none());
        let korean = client
            .get(&url)
            .header("accept-language", "ko")
            .send()
            .await
            .expect("korean page");
        assert_ne!(
            korean.headers()["etag"].to_str().expect("etag"),
            seen[0].0,
            "each language is its own page"
        );

        // A query string is no part of the page: such requests are rendered as they come and
        // kept out of the cache.
        let r = client
            .get(format!("{url}?x=1"))
            .header("accept-language", "en")
            .send()
            .await
            .expect("with a query");
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.headers().get("etag").is_none());

        // One of the day's articles changes: the next request shows it, under a new ETag.
        store
            .raw("UPDATE articles SET title = 'Our First Proof submissions, revised' WHERE url LIKE '%first-proof%'")
            .execute()
            .await
            .expect("edit the article");
        let r = get(vec![("if-none-match", seen[0].0.clone())])
            .await
            .expect("after the change");
        assert_eq!(r.status().as_u16(), 200, "the old ETag is stale");
        assert_ne!(r.headers()["etag"].to_str().expect("etag"), seen[0].0);
        assert!(r
            .text()
            .await
            .expect("body")
            .contains("Our First Proof submissions, revised"));

        // A signed-in request renders afresh and is kept out of caches.
        let r = get(vec![("cookie", "pw_session=whatever".into())])
            .await
            .expect("with a session");
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.headers().get("etag").is_none());
    });
}

/// An RSS snapshot of one post published `at`, titled `title`, for ingesting "today".
fn todays_feed(title: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Today</title>\
         <item><title>{title}</title><link>https://today.example/post</link><guid>today-1</guid>\
         <pubDate>{}</pubDate><description><![CDATA[<p>{title}. Model T-1 scores 61.5% on MathBench.</p>]]></description></item>\
         </channel></rss>",
        at.to_rfc2822()
    )
}

/// Digest pages are cached per day: an ingestion that touches only today leaves another day's
/// page cached (the same page, its `Last-Modified` that of its first render, its `ETag` still
/// current), the day before today's first post changes once (it gains its "next" link) and
/// then stays cached through more of today's ingestion, `/` follows today; and a day's page
/// changes as soon as its own content does (an article's title, a claim's status).
#[test]
fn an_ingestion_of_today_leaves_other_days_pages_cached() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = demo_config(dir.path());
        let store = common::open_store(&config.database_path()).await;
        let ingestor = Ingestor::new(
            store.clone(),
            Arc::new(Fetcher::new(&config.fetch).expect("fetcher")),
            Arc::new(Extractive),
            config.fetch.clone(),
        );
        let demo = proofwire::ingest::sources::load(&config.sources_file).expect("sources");
        ingestor.run(&demo, None).await.expect("ingest the demo");
        let addr = serve_store(&store, &config, None, |_, _| {}).await.addr;
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        // (status, ETag, Last-Modified, body) of a page in English.
        let page = |path: &'static str, etag: Option<String>| {
            let mut r = client
                .get(format!("http://{addr}{path}"))
                .header("accept-language", "en");
            if let Some(t) = etag {
                r = r.header("if-none-match", t);
            }
            async move {
                let r = r.send().await.expect("page");
                let header = |name: &str| {
                    r.headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string()
                };
                let (status, etag, modified) =
                    (r.status().as_u16(), header("etag"), header("last-modified"));
                let csp = header("content-security-policy");
                let body = r.text().await.expect("body");
                // The nonce differs per response; everything else is the page.
                let body = match csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next()) {
                    Some(nonce) if !nonce.is_empty() => body.replace(nonce, "N"),
                    _ => body,
                };
                (status, etag, modified, body)
            }
        };
        let today_source = dir.path().join("today.xml");
        let today_sources = format!(
            "[[source]]\nid = \"today\"\nname = \"Today\"\nvendor = \"Today Lab\"\npath = \"{}\"\nlanguage = \"en\"\n",
            today_source.display()
        );
        let today = proofwire::ingest::sources::parse(&today_sources, dir.path()).expect("today's source");
        let now = chrono::Utc::now() - chrono::Duration::minutes(1);

        // Many readers at once on a page not rendered yet: one render serves them all alike.
        let at_once = futures_util::future::join_all(
            (0..12).map(|_| page("/digest/2025-12-30", None)),
        )
        .await;
        assert!(at_once
            .iter()
            .all(|p| p.0 == 200 && p.1 == at_once[0].1 && p.3 == at_once[0].3));

        let old = page("/digest/2026-01-15", None).await;
        let before = page("/digest/2026-02-21", None).await;
        assert_eq!((old.0, before.0), (200, 200));
        assert!(!before.3.contains("Lab news of today"));
        // Last-Modified has whole seconds: a page rendered again after this would say so.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

        std::fs::write(&today_source, todays_feed("Lab news of today", now)).expect("feed");
        ingestor.run(&today, None).await.expect("ingest today");
        let latest = page("/", None).await;
        assert!(latest.3.contains("Lab news of today"), "/ is today's digest");
        let after = page("/digest/2026-02-21", None).await;
        assert_ne!(after.1, before.1, "the day before today gained its next link");
        let gained = page("/digest/2026-02-21", None).await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

        // Today changes again (its post rewritten), twice.
        for title in ["Lab news of today, updated", "Lab news of today, updated again"] {
            std::fs::write(&today_source, todays_feed(title, now)).expect("feed");
            ingestor.run(&today, None).await.expect("ingest today again");
        }
        let latest = page("/", None).await;
        assert!(latest.3.contains("Lab news of today, updated again"));
        for (path, first) in [("/digest/2026-01-15", &old), ("/digest/2026-02-21", &gained)] {
            let again = page(path, None).await;
            assert_eq!(again.0, 200);
            assert_eq!(again.1, first.1, "{path}: the same version after today's ingestion");
            assert_eq!(
                again.2, first.2,
                "{path}: served from the cache, not rendered again"
            );
            assert_eq!(again.3, first.3, "{path}: the same page");
            let revalidated = page(path, Some(first.1.clone())).await;
            assert_eq!(revalidated.0, 304, "{path}: the reader's copy is current");
        }

        // The day's own content changes: the next request shows it.
        store
            .raw("UPDATE articles SET title = 'K-EXAONE advances, revised' WHERE url LIKE '%2026011500358%'")
            .execute()
            .await
            .expect("edit the article");
        let edited = page("/digest/2026-01-15", Some(old.1.clone())).await;
        assert_eq!(edited.0, 200, "the old ETag is stale");
        assert_ne!(edited.1, old.1);
        assert!(edited.3.contains("K-EXAONE advances, revised"));
        let claim: i64 = store
            .raw(
                "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id \
                 WHERE a.url LIKE '%2026011500358%' ORDER BY c.id LIMIT 1",
            )
            .scalar()
            .await
            .expect("a claim of that day");
        proofwire::claims::record::set_status(
            &store,
            app::ids::ClaimId::new(claim),
            app::vocab::Status::Pending,
            "checking",
            &[],
            "editor",
            &proofwire::dates::ts(chrono::Utc::now()),
        )
        .await
        .expect("status");
        let statused = page("/digest/2026-01-15", Some(edited.1.clone())).await;
        assert_eq!(statused.0, 200, "a claim's new status is the day's change");
        assert_ne!(statused.1, edited.1);
    });
}

/// `/sources.opml` lists the sources read from the web, a folder per vendor, feeds as
/// subscribable outlines and other kinds as links; snapshot files are left out.
#[test]
fn the_sources_are_exported_as_opml() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site = demo_site(
            "\n[[source]]\nid = \"far-feed\"\nname = \"Far Feed\"\nvendor = \"Far Lab\"\nurl = \"http://127.0.0.1:9/feed.xml\"\nlanguage = \"en\"\n\
             \n[[source]]\nid = \"far-sitemap\"\nname = \"Far News\"\nvendor = \"Far Lab\"\nkind = \"sitemap\"\nurl = \"http://127.0.0.1:9/sitemap.xml\"\nlanguage = \"en\"\n[source.sitemap]\npattern = \"^https://far\\\\.example/news/\"\n",
        )
        .await;
        let (status, body) = site.get("/sources.opml", "en").await;
        assert_eq!(status, 200, "{body}");
        let feeds = proofwire::ingest::opml::parse(&body).expect("our export is OPML");
        let urls: Vec<(String, Option<String>)> = feeds
            .iter()
            .map(|o| (o.xml_url.to_string(), o.folder.clone()))
            .collect();
        assert_eq!(
            urls,
            [("http://127.0.0.1:9/feed.xml".to_string(), Some("Far Lab".to_string()))]
        );
        assert!(body.contains(r#"url="http://127.0.0.1:9/sitemap.xml""#), "{body}");
        assert!(!body.contains("demo/"), "snapshot files are not exported: {body}");
    });
}

/// The `Accept-Encoding` that Chromium, Firefox and Safari send, and what each must get.
const BROWSERS: [(&str, &str, &str); 4] = [
    ("Chromium 156", "gzip, deflate, br, zstd", "zstd"),
    ("Firefox 140", "gzip, deflate, br, zstd", "zstd"),
    ("Safari 18", "gzip, deflate, br", "br"),
    ("an old client", "gzip", "gzip"),
];

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut out)
            .map(|_| ())
            .expect("brotli"),
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut out)
            .map(|_| ())
            .expect("gzip"),
        "zstd" => out = zstd::decode_all(body).expect("zstd"),
        "" => out = body.to_vec(),
        other => panic!("unexpected content-encoding {other}"),
    }
    out
}

/// A site directory with a browser bundle, finished by `scripts/finish-site.sh` as a release
/// build is: content-named copies, brotli and gzip beside each file, `hash.txt`.
fn finished_site(dir: &std::path::Path) -> (String, String) {
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    // Big enough to be worth compressing, and different per run so no cache could answer.
    let glue = format!(
        "// {:?}\n{}",
        dir,
        "export function init() { return 42; }\n".repeat(200)
    );
    std::fs::write(pkg.join("proofwire.js"), &glue).expect("js");
    std::fs::write(
        pkg.join("proofwire.wasm"),
        [b"\0asm".as_slice(), &[7u8; 4000]].concat(),
    )
    .expect("wasm");
    std::fs::write(
        pkg.join("proofwire.css"),
        "body { color: red; }\n".repeat(50),
    )
    .expect("css");
    let out = std::process::Command::new(repo_root().join("scripts/finish-site.sh"))
        .arg(dir)
        .output()
        .expect("run scripts/finish-site.sh");
    assert!(
        out.status.success(),
        "finish-site: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hashes = std::fs::read_to_string(dir.join("hash.txt")).expect("hash.txt");
    let hash = |ext: &str| {
        hashes
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{ext}: ")))
            .unwrap_or_else(|| panic!("no {ext} line in {hashes}"))
            .to_string()
    };
    (hash("js"), hash("wasm"))
}

#[test]
fn browsers_get_compressed_pages_and_a_year_of_caching_for_named_assets() {
    let _one_at_a_time = serial();
    runtime().block_on(async {
        let site_dir = tempfile::tempdir().expect("site dir");
        let (js_hash, wasm_hash) = finished_site(site_dir.path());
        let site = demo_site_in("", Some(site_dir.path().to_path_buf())).await;
        // A client that leaves bodies as sent, so the test sees the encoding.
        let raw = reqwest::Client::builder()
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        let fetch = |path: &str, accept: &str| {
            raw.get(format!("{}{path}", site.base))
                .header("accept-language", "en")
                .header("accept-encoding", accept)
                .send()
        };
        let header = |r: &reqwest::Response, name: &str| -> String {
            r.headers()
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(", ")
        };

        let plain = fetch("/digest/2026-02-21", "identity").await.expect("page");
        assert_eq!(header(&plain, "content-encoding"), "");
        let plain = plain.text().await.expect("body");
        for (browser, accept, expected) in BROWSERS {
            for path in ["/digest/2026-02-21", "/feed.atom", "/api/search?q=model"] {
                let r = fetch(path, accept).await.expect("response");
                assert_eq!(r.status().as_u16(), 200, "{browser} {path}");
                assert_eq!(header(&r, "content-encoding"), expected, "{browser} {path}");
                assert!(
                    header(&r, "vary")
                        .to_lowercase()
                        .contains("accept-encoding"),
                    "{browser} {path}: vary {:?}",
                    header(&r, "vary")
                );
                let sent = r.bytes().await.expect("body");
                let text = String::from_utf8(decode(expected, &sent)).expect("utf-8");
                assert!(!text.is_empty(), "{browser} {path}");
                if path.starts_with("/digest") {
                    assert!(
                        sent.len() * 3 < text.len(),
                        "{browser}: {} of {}",
                        sent.len(),
                        text.len()
                    );
                    // The same page but for its per-response nonce.
                    assert_eq!(text.len(), plain.len(), "{browser}");
                }
            }
        }

        // The page names the bundle by its content; those names are cached for a year and sent
        // precompressed, as the build wrote them.
        let page = plain;
        let js = format!("/pkg/proofwire.{js_hash}.js");
        let wasm = format!("/pkg/proofwire.{wasm_hash}.wasm");
        assert!(page.contains(&js), "the page loads {js}");
        assert!(page.contains(&wasm), "the page loads {wasm}");
        for (browser, accept, _) in BROWSERS {
            for path in [&js, &wasm] {
                let r = fetch(path, accept).await.expect("asset");
                assert_eq!(r.status().as_u16(), 200, "{browser} {path}");
                assert_eq!(
                    header(&r, "cache-control"),
                    "public, max-age=31536000, immutable",
                    "{browser} {path}"
                );
                let want = if accept.contains("br") { "br" } else { "gzip" };
                assert_eq!(header(&r, "content-encoding"), want, "{browser} {path}");
                let on_disk = site_dir
                    .path()
                    .join(path.trim_start_matches('/'))
                    .with_extension(format!(
                        "{}.{}",
                        path.rsplit('.').next().unwrap_or(""),
                        if want == "br" { "br" } else { "gz" }
                    ));
                let sent = r.bytes().await.expect("body");
                assert_eq!(
                    sent.as_ref(),
                    std::fs::read(&on_disk)
                        .expect("precompressed file")
                        .as_slice(),
                    "{browser} {path}: the build's compressed copy, not a new one"
                );
            }
        }
        let content_type = |r: &reqwest::Response| header(r, "content-type");
        let r = fetch(&wasm, "gzip, deflate, br, zstd").await.expect("wasm");
        assert_eq!(content_type(&r), "application/wasm");
        // Unnamed files may change with the next build: revalidated each time.
        let r = fetch("/pkg/proofwire.wasm", "br")
            .await
            .expect("plain wasm");
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(header(&r, "cache-control"), "no-cache");

        // What every real site has: icons, a manifest, a description, a skip link, and the
        // stylesheet in the page rather than a request that blocks the first paint.
        for (path, kind) in [
            ("/favicon.ico", "image/x-icon"),
            ("/favicon.svg", "image/svg+xml"),
            ("/manifest.webmanifest", "application/manifest+json"),
        ] {
            let r = fetch(path, "gzip, deflate, br, zstd").await.expect("icon");
            assert_eq!(r.status().as_u16(), 200, "{path}");
            assert_eq!(content_type(&r), kind, "{path}");
        }
        let (_, manifest) = site.get("/manifest.webmanifest", "en").await;
        let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest json");
        assert_eq!(manifest["name"], "Proofwire");
        assert!(
            page.contains(r##"<a href="#main" class="skip-link">"##),
            "skip link"
        );
        assert!(page.contains(r#"id="main""#), "skip target");
        assert!(
            !page.contains(r#"rel="stylesheet""#),
            "no render-blocking stylesheet"
        );
        assert!(page.contains(".skip-link"), "the stylesheet is in the page");
        let description = meta_content(&page, r#"name="description""#);
        assert!(description.len() > 40, "description {description:?}");
        assert_eq!(
            description,
            meta_content(&page, r#"property="og:description""#)
        );
        let (_, ko) = site.get("/digest/2026-02-21", "ko-KR,ko;q=0.9").await;
        let ko_description = meta_content(&ko, r#"name="description""#);
        assert_ne!(
            ko_description, description,
            "the description is in the page's language"
        );
        assert!(
            ko_description.chars().any(|c| ('가'..='힣').contains(&c)),
            "{ko_description}"
        );
        let (_, article_page) = site.get("/article/1", "en").await;
        assert!(!meta_content(&article_page, r#"name="description""#).is_empty());
    });
}

/// The `content` of the first `<meta {attribute} content="…">`.
fn meta_content(html: &str, attribute: &str) -> String {
    let at = html
        .find(&format!("<meta {attribute}"))
        .unwrap_or_else(|| panic!("no <meta {attribute}> in the page"));
    let rest = &html[at..];
    let start = rest.find("content=\"").expect("content") + 9;
    let end = rest[start..].find('"').expect("closing quote");
    rest[start..start + end].to_string()
}
