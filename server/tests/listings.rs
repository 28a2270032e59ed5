//! Sources that are not feeds, end to end over loopback: an HTML listing page read with
//! selectors (and the same page after a redesign, which must fail loudly and change nothing),
//! a sitemap whose posts' titles and dates come from their own pages, and a JSON listing API.
//! Also the shipped sitemap sources' patterns against their fixtures.

mod common;

use common::*;
use proofwire::ingest::Outcome;
use proofwire::listing::{self, Kind};

fn listing_source(id: &str, url: &str, kind_table: &str) -> String {
    format!(
        "[[source]]\nid = \"{id}\"\nname = \"{id}\"\nvendor = \"Vendor {id}\"\nurl = \"{url}\"\nlanguage = \"en\"\n{kind_table}\n"
    )
}

const LISTING: &str = r#"<!doctype html><html><body><main><ul class="posts">
<li class="post"><a href="/news/model-x"><h3>Introducing Model X</h3></a><time datetime="2026-02-20">Feb 20, 2026</time><p class="teaser">Model X scores 71.2% on SWE-bench Verified.</p></li>
<li class="post"><a href="/news/policy-update"><h3>A policy update</h3></a><time>Feb 18, 2026</time></li>
</ul></main></body></html>"#;

#[tokio::test]
async fn an_html_listing_is_read_and_a_redesign_is_a_clear_error() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put("news", Doc::html(LISTING));
    fx.put(
        "news/model-x",
        Doc::html(&article_page(
            "Model X",
            &["Model X scores 71.2% on SWE-bench Verified, the company says, up from 64.0%."],
            None,
        )),
    );
    fx.put(
        "news/policy-update",
        Doc::html(&article_page(
            "Policy",
            &["We updated our usage policy today."],
            None,
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let src = listing_source(
        "vendor-x",
        &format!("{base}/news"),
        "kind = \"html\"\n[source.html]\nitem = \"li.post\"\ntitle = \"h3\"\ndate = \"time\"\nsummary = \".teaser\"\n",
    );
    let first = h.run(&src).await;
    assert!(
        matches!(&first[0].outcome, Outcome::Stored(c) if c.new == 2),
        "{}",
        first[0]
    );
    let rows = h
        .strings("SELECT title || ' | ' || published_at || ' | ' || CASE WHEN date_estimated THEN 'estimated' ELSE 'stated' END FROM articles ORDER BY published_at DESC")
        .await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("Introducing Model X | 2026-02-20T12:00:00"),
        "{rows:?}"
    );
    assert!(rows[0].ends_with("stated"), "{rows:?}");
    assert!(
        rows[1].starts_with("A policy update | 2026-02-18T12:00:00"),
        "{rows:?}"
    );
    // The article text comes from the post's page, so its claims are found there.
    assert_eq!(
        h.count("SELECT COUNT(*) FROM claims WHERE sentence LIKE '%71.2%'")
            .await,
        1
    );

    // The vendor redesigns the page: the selectors match nothing. That is this source's
    // error, in words, and nothing stored changes.
    fx.put(
        "news",
        Doc::html("<!doctype html><html><body><div class=\"grid\"><div class=\"card\">Introducing Model X</div></div></body></html>"),
    );
    let second = h.run(&src).await;
    match &second[0].outcome {
        Outcome::Failed(message) => assert!(
            message.contains("li.post") && message.contains("layout"),
            "{message}"
        ),
        other => panic!("a redesign must fail, not succeed empty: {other:?}"),
    }
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 2);
}

#[tokio::test]
async fn a_sitemap_reads_matching_posts_with_their_pages_titles_and_dates() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "sitemap.xml",
        Doc::new(
            "application/xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news</loc><lastmod>2026-02-21</lastmod></url>
<url><loc>{base}/news/dated-post</loc><lastmod>2026-02-21</lastmod></url>
<url><loc>{base}/news/undated-post</loc><lastmod>2026-02-01</lastmod></url>
<url><loc>{base}/careers/engineer</loc></url>
</urlset>"#
            ),
        ),
    );
    fx.put(
        "news/dated-post",
        Doc::html(
            r#"<!doctype html><html><head><title>Dated | Vendor</title><meta property="og:title" content="A dated post"><meta property="article:published_time" content="2026-02-19T09:30:00Z"></head>
<body><article><h1>A dated post</h1><p>This post says when it was published, in its metadata.</p></article></body></html>"#,
        ),
    );
    fx.put(
        "news/undated-post",
        Doc::html(&article_page(
            "An undated post",
            &["This post does not say when it was published anywhere on the page."],
            None,
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let src = listing_source(
        "vendor-s",
        &format!("{base}/sitemap.xml"),
        &format!(
            "kind = \"sitemap\"\n[source.sitemap]\npattern = '^{}/news/[a-z0-9-]+$'\n",
            base.replace('.', "\\.")
        ),
    );
    let report = h.run(&src).await;
    assert!(
        matches!(&report[0].outcome, Outcome::Stored(c) if c.new == 2),
        "{}",
        report[0]
    );
    let rows = h
        .strings("SELECT title || ' | ' || published_at || ' | ' || CASE WHEN date_estimated THEN 'estimated' ELSE 'stated' END FROM articles ORDER BY title")
        .await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("A dated post | 2026-02-19T09:30:00") && rows[0].ends_with("stated"),
        "the page's own date, not the sitemap's lastmod: {rows:?}"
    );
    assert!(
        rows[1].starts_with("An undated post | ") && rows[1].ends_with("estimated"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_json_listing_api_is_read_by_its_paths() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "api/blog",
        Doc::new(
            "application/json",
            r#"{"result": {"items": [
                {"subject": "K-모델 공개", "path": "/blog/1", "regDate": "2026.02.20"},
                {"subject": "두 번째 글", "path": "/blog/2", "regDate": "2026.02.19"}
            ]}}"#,
        ),
    );
    for (path, text) in [
        (
            "blog/1",
            "K-모델은 벤치마크 13종에서 평균 72.5점을 기록했다고 밝혔다.",
        ),
        (
            "blog/2",
            "두 번째 글의 본문은 충분히 길게 쓴 한국어 문장입니다.",
        ),
    ] {
        fx.put(path, Doc::html(&article_page("글", &[text], None)));
    }
    let h = Harness::new(fetch_config(addr)).await;
    let src = listing_source(
        "vendor-j",
        &format!("{base}/api/blog"),
        "kind = \"json\"\n[source.json]\nitems = \"result.items\"\ntitle = \"subject\"\nlink = \"path\"\ndate = \"regDate\"\n",
    );
    let report = h.run(&src).await;
    assert!(
        matches!(&report[0].outcome, Outcome::Stored(c) if c.new == 2),
        "{}",
        report[0]
    );
    let titles = h
        .strings("SELECT title FROM articles ORDER BY published_at")
        .await;
    assert_eq!(titles, ["두 번째 글", "K-모델 공개"]);
}

#[test]
fn bad_listing_configs_are_refused_when_the_file_is_read() {
    let one = |extra: &str| {
        proofwire::sources::parse(
            &format!("[[source]]\nid = \"a\"\nname = \"a\"\nvendor = \"v\"\nurl = \"https://v.example/\"\n{extra}"),
            std::path::Path::new("."),
        )
    };
    assert!(one("kind = \"html\"\n[source.html]\nitem = \"li[[\"\n")
        .unwrap_err()
        .contains("selector"));
    assert!(
        one("kind = \"sitemap\"\n[source.sitemap]\npattern = \"(\"\n")
            .unwrap_err()
            .contains("pattern")
    );
    assert!(one("kind = \"html\"\n")
        .unwrap_err()
        .contains("[source.html]"));
    assert!(one("kind = \"rss2\"\n").unwrap_err().contains("kind"));
    assert!(
        one("[source.sitemap]\npattern = \"x\"\n").is_err(),
        "a feed with a sitemap table"
    );
}

/// The shipped Anthropic and xAI sources keep their news posts from a sitemap and nothing else.
#[test]
fn the_shipped_sitemap_sources_keep_only_news_posts() {
    let root = repo_root();
    let list = proofwire::sources::load(&root.join("content/sources.toml")).expect("sources.toml");
    for (id, fixture, want) in [
        (
            "anthropic-news",
            "anthropic-sitemap.xml",
            vec![
                "https://www.anthropic.com/news/claude-sonnet-4-6",
                "https://www.anthropic.com/news/claude-opus-4-6",
            ],
        ),
        (
            "xai-news",
            "xai-sitemap.xml",
            vec!["https://x.ai/news/grok-4-fast", "https://x.ai/news/grok-4"],
        ),
    ] {
        let src = list.iter().find(|s| s.id == id).expect("shipped source");
        assert!(matches!(src.kind, Kind::Sitemap(_)), "{id}");
        let body = std::fs::read(root.join("server/tests/fixtures/listings").join(fixture))
            .expect("fixture");
        let got = listing::read(&src.kind, &body, Some("application/xml"), None).expect(id);
        let links: Vec<String> = got
            .entries
            .iter()
            .filter_map(|e| e.link.as_ref().map(|u| u.to_string()))
            .collect();
        assert_eq!(links, want, "{id}");
    }
}

/// `proofwire sources import` adds an OPML file's new feeds to sources.toml once, as valid
/// sources; a broken file is refused and sources.toml stays as it was.
#[test]
fn an_opml_import_adds_new_feeds_once_and_refuses_a_broken_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources.toml");
    std::fs::write(
        &sources,
        "[[source]]\nid = \"openai-news\"\nname = \"OpenAI News\"\nvendor = \"OpenAI\"\nurl = \"https://openai.com/news/rss.xml\"\n",
    )
    .expect("sources");
    let config = dir.path().join("proofwire.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nsources_file = {:?}\n[summarizer]\nenabled = false\n",
            dir.path().join("data").display().to_string(),
            sources.display().to_string()
        ),
    )
    .expect("config");
    let opml = dir.path().join("feeds.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>Reader</title></head><body>
<outline text="AI labs">
  <outline type="rss" text="OpenAI News" xmlUrl="https://openai.com/news/rss.xml"/>
  <outline type="rss" text="Mistral AI &quot;News&quot;" xmlUrl="https://mistral.ai/rss.xml"/>
  <outline type="rss" text="카카오 기술 블로그" xmlUrl="https://tech.kakao.com/blog/feed/"/>
</outline></body></opml>"#,
    )
    .expect("opml");
    let file = opml.display().to_string();
    let (ok, out, err) = cli(
        &config,
        &["sources", "import", &file, "--language", "ko"],
        "",
        &[],
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("2 added, 1 already"), "{out}");
    let list = proofwire::sources::load(&sources).expect("still a valid sources file");
    let view: Vec<(String, String, String)> = list
        .iter()
        .map(|s| (s.id.clone(), s.vendor.clone(), s.language.clone()))
        .collect();
    assert_eq!(
        view,
        [
            ("openai-news".into(), "OpenAI".into(), "en".into()),
            ("mistral-ai-news".into(), "AI labs".into(), "ko".into()),
            ("tech-kakao-com".into(), "AI labs".into(), "ko".into()),
        ]
    );
    let named = list
        .iter()
        .find(|s| s.id == "mistral-ai-news")
        .expect("imported");
    assert_eq!(named.name, "Mistral AI \"News\"");
    // Again: nothing new.
    let (ok, out, _) = cli(&config, &["sources", "import", &file], "", &[]);
    assert!(ok && out.contains("0 added, 3 already"), "{out}");
    // A broken file changes nothing.
    let before = std::fs::read(&sources).expect("read");
    std::fs::write(&opml, "<opml><body><outline xmlUrl='https://x.example/f'>").expect("write");
    let (ok, _, err) = cli(&config, &["sources", "import", &file], "", &[]);
    assert!(!ok, "a broken OPML file must fail");
    assert!(err.contains("OPML"), "{err}");
    assert_eq!(std::fs::read(&sources).expect("read"), before);
}

/// A source whose URL now answers with a permanent redirect is still read, and `/sources`
/// says where it moved so the operator can update sources.toml; a temporary redirect says
/// nothing, and the note goes away when the redirect does.
#[tokio::test]
async fn a_permanent_redirect_is_recorded_for_the_operator() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let moved = |to: &str, status: u16| {
        let mut d = Doc::redirect(to);
        d.status = status;
        d
    };
    let feed = rss(&[(
        "Moved post",
        &format!("{base}/posts/1"),
        "moved-1",
        "<p>A post from the feed that moved to a new address.</p>",
    )]);
    fx.put("new/feed.xml", Doc::xml(&feed));
    fx.put("old/feed.xml", moved(&format!("{base}/new/feed.xml"), 301));
    fx.put("tmp/feed.xml", moved(&format!("{base}/new/feed.xml"), 302));
    fx.put(
        "posts/1",
        Doc::html(&article_page(
            "Moved post",
            &["A post from the feed that moved to a new address."],
            None,
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let sources = format!(
        "{}{}",
        source("old", &format!("{base}/old/feed.xml")),
        source("tmp", &format!("{base}/tmp/feed.xml"))
    );
    let report = h.run(&sources).await;
    assert!(
        report
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Stored(_))),
        "{report:?}"
    );
    assert_eq!(
        moved_to(&h, "old").await.as_deref(),
        Some(format!("{base}/new/feed.xml").as_str())
    );
    assert_eq!(
        moved_to(&h, "tmp").await,
        None,
        "a temporary redirect is not a move"
    );
    // The old address serves the feed again: the note goes.
    fx.put("old/feed.xml", Doc::xml(&feed));
    h.run(&sources).await;
    assert_eq!(moved_to(&h, "old").await, None);
}

async fn moved_to(h: &Harness, id: &str) -> Option<String> {
    h.store
        .sources()
        .await
        .expect("sources")
        .into_iter()
        .find(|s| s.id == id)
        .and_then(|s| s.moved_to)
}
