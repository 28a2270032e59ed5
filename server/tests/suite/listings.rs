//! Sources that are not feeds, end to end over loopback: an HTML listing page read with
//! selectors (and the same page after a redesign, which must fail loudly and change nothing),
//! a sitemap whose posts' titles and dates come from their own pages, and a JSON listing API.
//! Also the shipped sitemap sources' patterns against their fixtures.

use crate::common;

use common::*;
use proofwire::ingest::listing::{self, Kind};
use proofwire::ingest::Outcome;

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
        proofwire::ingest::sources::parse(
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
    assert!(
        one("kind = \"html\"\n[source.html]\nitem = \"li\"\ndate_pattern = \"(\"\n")
            .unwrap_err()
            .contains("date_pattern")
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

/// The shipped Anthropic (disabled fallback) and xAI sitemap sources keep their news posts from
/// a sitemap and nothing else.
#[test]
fn the_shipped_sitemap_sources_keep_only_news_posts() {
    let root = repo_root();
    let list =
        proofwire::ingest::sources::load(&root.join("content/sources.toml")).expect("sources.toml");
    for (id, fixture, want) in [
        (
            "anthropic-news-sitemap",
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

/// One shipped listing source, the stored copy of its real page, and the posts that page lists
/// (link, title, date), in page order.
struct VendorPage {
    id: &'static str,
    fixture: &'static str,
    /// The page's own navigation and footer links; none of them may come out as a post
    /// unless the listing itself also links it.
    chrome: &'static str,
    /// A class or tag the items are found by, replaced to simulate a redesign.
    marker: (&'static str, &'static str),
    posts: Vec<(&'static str, &'static str, &'static str)>,
}

fn vendor_pages() -> Vec<VendorPage> {
    vec![
        VendorPage {
            id: "anthropic-news",
            fixture: "anthropic.html",
            chrome: "header a[href], footer a[href]",
            marker: ("-module-scss-module__", "-redesigned__"),
            posts: vec![
                ("https://www.anthropic.com/claude-opus-5-5", "Introducing Claude Opus 5.5", "2026-09-22"),
                ("https://www.anthropic.com/features/ebola-response", "The Situation Report", "2026-09-22"),
                ("https://www.anthropic.com/claude-fable-and-mythos-5-1", "Introducing Claude Fable 5.1 and Claude Mythos 5.1", "2026-09-01"),
                ("https://www.anthropic.com/threat-intelligence-report-september-2026", "Detecting and countering misuse of AI: September 2026", "2026-09-10"),
                ("https://www.anthropic.com/news/claude-discovers-novel-enzyme-system", "Claude discovers a novel enzyme system with CRISPR-like repeats", "2026-09-23"),
                ("https://www.anthropic.com/news/accenture-embedded-evaluation", "Partnering with Accenture on embedded evaluation", "2026-09-18"),
                ("https://www.anthropic.com/news/life-sciences-verification-program", "Introducing the Life Sciences Verification Program", "2026-09-17"),
                ("https://www.anthropic.com/news/enterprise-frontier-safeguards", "Developing Enterprise Frontier Safeguards with our customers", "2026-09-01"),
                ("https://www.anthropic.com/news/improving-alignment-security-efforts", "Improving our alignment and security efforts", "2026-08-31"),
                ("https://www.anthropic.com/news/model-hardware-standard-research-preview", "Previewing the Model Hardware Standard", "2026-08-27"),
                ("https://www.anthropic.com/news/expanding-support-for-scientists", "Expanding our support for scientists", "2026-08-27"),
                ("https://www.anthropic.com/news/wellbeing-research-grants", "Funding better evaluations of AI’s impact on wellbeing", "2026-08-25"),
                ("https://www.anthropic.com/news/claude-text-watermark", "How Claude’s text watermark works", "2026-08-14"),
                ("https://www.anthropic.com/news/improving-fable-5-s-biology-safeguards", "Improving Fable 5's biology safeguards", "2026-08-07"),
            ],
        },
        VendorPage {
            id: "deepseek-news",
            fixture: "deepseek.html",
            chrome: "nav.navbar a[href], footer a[href], .table-of-contents a[href], .breadcrumbs a[href]",
            marker: ("theme-doc-sidebar-item-link", "sidebar-entry"),
            posts: vec![
                ("https://api-docs.deepseek.com/news/news260910", "DeepSeek-V4.1-Flash Release", "2026-09-10"),
                ("https://api-docs.deepseek.com/news/news260821", "DeepSeek-V4-Flash-Vision-Exp Release", "2026-08-21"),
                ("https://api-docs.deepseek.com/news/news260813", "DeepSeek-V4-Pro GA Release", "2026-08-13"),
                ("https://api-docs.deepseek.com/news/news260424", "DeepSeek-V4 Preview Release", "2026-04-24"),
                ("https://api-docs.deepseek.com/news/news251201", "DeepSeek-V3.2 Release", "2025-12-01"),
                ("https://api-docs.deepseek.com/news/news250929", "DeepSeek-V3.2-Exp Release", "2025-09-29"),
                ("https://api-docs.deepseek.com/news/news250922", "DeepSeek V3.1 Update", "2025-09-22"),
                ("https://api-docs.deepseek.com/news/news250821", "DeepSeek V3.1 Release", "2025-08-21"),
                ("https://api-docs.deepseek.com/news/news250528", "DeepSeek-R1-0528 Release", "2025-05-28"),
                ("https://api-docs.deepseek.com/news/news250325", "DeepSeek-V3-0324 Release", "2025-03-25"),
                ("https://api-docs.deepseek.com/news/news250120", "DeepSeek-R1 Release", "2025-01-20"),
                ("https://api-docs.deepseek.com/news/news250115", "DeepSeek APP", "2025-01-15"),
                ("https://api-docs.deepseek.com/news/news1226", "Introducing DeepSeek-V3", "2024-12-26"),
                ("https://api-docs.deepseek.com/news/news1210", "DeepSeek-V2.5-1210 Release", "2024-12-10"),
                ("https://api-docs.deepseek.com/news/news1120", "DeepSeek-R1-Lite Release", "2024-11-20"),
                ("https://api-docs.deepseek.com/news/news0905", "DeepSeek-V2.5 Release", "2024-09-05"),
                ("https://api-docs.deepseek.com/news/news0802", "Context Caching is Available", "2024-08-02"),
                ("https://api-docs.deepseek.com/news/news0725", "New API Features", "2024-07-25"),
            ],
        },
        VendorPage {
            id: "groq-blog",
            fixture: "groq.html",
            // The stored copy is the listing fragment only: no navigation to leak.
            chrome: "header a[href], footer a[href]",
            marker: ("PostCard_cardLink", "Card_link"),
            posts: vec![
                ("https://groq.com/blog/groq-among-the-first-to-bring-nvidia-groq-3-lpx-and-vera-rubin-nvl72-to-market", "Groq Among the First to Bring NVIDIA Groq 3 LPX and Vera Rubin NVL72 to Market", "2026-08-24"),
                ("https://groq.com/blog/groqcloud-expanding-to-meet-demand", "GroqCloud: Expanding to Meet Demand", "2026-02-16"),
            ],
        },
    ]
}

fn web_url(src: &proofwire::ingest::sources::Source) -> url::Url {
    match &src.location {
        proofwire::ingest::sources::Location::Url(u) => u.clone(),
        other => panic!("{} is a web source, not {other:?}", src.id),
    }
}

fn vendor_fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("server/tests/fixtures/vendors").join(name))
        .expect("vendor fixture")
}

/// Each shipped vendor listing, read by the product's own listing code from a stored copy of
/// the vendor's real page (server/tests/fixtures/vendors/, each with its SOURCE.md), gives
/// exactly the posts the page lists: their titles, absolute links on the vendor's host and
/// dates, and none of the page's navigation or footer links.
#[test]
fn the_shipped_vendor_pages_give_the_posts_they_list() {
    let list = proofwire::ingest::sources::load(&repo_root().join("content/sources.toml"))
        .expect("sources.toml");
    for page in vendor_pages() {
        let src = list
            .iter()
            .find(|s| s.id == page.id)
            .unwrap_or_else(|| panic!("{} is shipped", page.id));
        assert!(src.enabled, "{} is enabled", page.id);
        assert!(
            matches!(src.kind, Kind::Html(_)),
            "{} is an html source",
            page.id
        );
        let base = web_url(src);
        let body = vendor_fixture(page.fixture);
        let got = listing::read(
            &src.kind,
            body.as_bytes(),
            Some("text/html; charset=utf-8"),
            Some(&base),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", page.id));
        let view: Vec<(String, String, String)> = got
            .entries
            .iter()
            .map(|e| {
                (
                    e.link.as_ref().map(|u| u.to_string()).unwrap_or_default(),
                    e.title.clone(),
                    e.published
                        .map(|d| d.date_naive().to_string())
                        .unwrap_or_default(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = page
            .posts
            .iter()
            .map(|(l, t, d)| (l.to_string(), t.to_string(), d.to_string()))
            .collect();
        assert_eq!(view, want, "{}", page.id);
        for e in &got.entries {
            let link = e.link.as_ref().expect("link");
            assert_eq!(link.scheme(), "https", "{link}");
            assert_eq!(
                link.host_str(),
                base.host_str(),
                "{} links on its own host",
                page.id
            );
        }
        // The page's own chrome: every link there that the listing does not also link must
        // stay out.
        let doc = scraper::Html::parse_document(&body);
        let chrome = scraper::Selector::parse(page.chrome).expect("selector");
        let listed: std::collections::HashSet<&str> = page.posts.iter().map(|p| p.0).collect();
        let chrome_only: Vec<String> = doc
            .select(&chrome)
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|h| base.join(h).ok())
            .map(|u| u.to_string())
            .filter(|u| !listed.contains(u.as_str()))
            .collect();
        let leaked: Vec<&(String, String, String)> =
            view.iter().filter(|v| chrome_only.contains(&v.0)).collect();
        assert!(
            leaked.is_empty(),
            "{}: navigation or footer links came out as posts: {leaked:?}",
            page.id
        );
        if page.id != "groq-blog" {
            assert!(
                chrome_only.len() >= 5,
                "{}: the copy has its page chrome",
                page.id
            );
        }
    }
}

/// The same real pages after a redesign (the class the items are found by renamed), an empty
/// page and another vendor's page: each is a clear error naming the item selector and the
/// layout, never a panic and never an empty success.
#[test]
fn a_vendor_page_without_its_items_is_a_clear_error() {
    let list = proofwire::ingest::sources::load(&repo_root().join("content/sources.toml"))
        .expect("sources.toml");
    let pages = vendor_pages();
    for page in &pages {
        let src = list.iter().find(|s| s.id == page.id).expect("shipped");
        let Kind::Html(spec) = &src.kind else {
            panic!("{} is an html source", page.id)
        };
        let base = web_url(src);
        let real = vendor_fixture(page.fixture);
        assert!(
            real.contains(page.marker.0),
            "{}: marker in the page",
            page.id
        );
        let redesigned = real.replace(page.marker.0, page.marker.1);
        let other = pages
            .iter()
            .find(|p| p.id != page.id)
            .map(|p| vendor_fixture(p.fixture))
            .expect("another vendor");
        for (what, body) in [
            ("redesign", redesigned.as_str()),
            ("empty page", "<!doctype html><html><body></body></html>"),
            ("another vendor's page", other.as_str()),
        ] {
            match listing::read(&src.kind, body.as_bytes(), Some("text/html"), Some(&base)) {
                Err(e) => {
                    let message = e.to_string();
                    assert!(
                        message.contains(&format!("{:?}", spec.item)) && message.contains("layout"),
                        "{} ({what}): {message}",
                        page.id
                    );
                }
                Ok(f) => panic!(
                    "{} ({what}) must fail, not give {} entries",
                    page.id,
                    f.entries.len()
                ),
            }
        }
    }
}

/// The shipped DeepSeek source, exactly as `content/sources.toml` writes it but pointed at
/// loopback, ingests the stored copy of DeepSeek's real news page: every post it lists is
/// stored once, with its date stated by the page and the date cut from its title.
#[tokio::test]
async fn the_shipped_deepseek_source_ingests_its_real_page() {
    let shipped =
        std::fs::read_to_string(repo_root().join("content/sources.toml")).expect("sources.toml");
    let start = shipped
        .find("id = \"deepseek-news\"")
        .and_then(|i| shipped[..i].rfind("[[source]]"))
        .expect("the deepseek block");
    let end = shipped[start + 1..]
        .find("[[source]]")
        .map(|i| start + 1 + i)
        .unwrap_or(shipped.len());
    let block = &shipped[start..end];
    let live = "https://api-docs.deepseek.com/news/news260910";
    assert!(block.contains(live), "{block}");
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let src = block.replace(live, &format!("{base}/news/news260910"));
    let page = vendor_fixture("deepseek.html");
    fx.put("news/news260910", Doc::html(&page));
    let want: Vec<(&str, &str, &str)> = vendor_pages()
        .into_iter()
        .find(|p| p.id == "deepseek-news")
        .expect("deepseek")
        .posts;
    for (link, title, _) in &want {
        let path = link.trim_start_matches("https://api-docs.deepseek.com/");
        if path != "news/news260910" {
            fx.put(
                path,
                Doc::html(&article_page(
                    title,
                    &["DeepSeek released a new model version on its API platform today."],
                    None,
                )),
            );
        }
    }
    let h = Harness::new(fetch_config(addr)).await;
    let report = h.run(&src).await;
    assert!(
        matches!(&report[0].outcome, Outcome::Stored(c) if c.new == want.len()),
        "{}",
        report[0]
    );
    let rows = h
        .strings("SELECT title || ' | ' || substr(published_at, 1, 10) || ' | ' || CASE WHEN date_estimated THEN 'estimated' ELSE 'stated' END FROM articles ORDER BY published_at DESC, title")
        .await;
    let mut expected: Vec<String> = want
        .iter()
        .map(|(_, t, d)| format!("{t} | {d} | stated"))
        .collect();
    expected.sort_by(|a, b| {
        let date = |s: &str| s.split(" | ").nth(1).unwrap_or_default().to_string();
        date(b).cmp(&date(a)).then(a.cmp(b))
    });
    assert_eq!(rows, expected);
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
    let list = proofwire::ingest::sources::load(&sources).expect("still a valid sources file");
    let view: Vec<(String, String, String)> = list
        .iter()
        .map(|s| (s.id.to_string(), s.vendor.clone(), s.language.clone()))
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
