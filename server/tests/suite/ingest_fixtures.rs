//! Ingestion against fixture feeds and pages served from 127.0.0.1.

use crate::common;

use common::*;
use proofwire::ingest::Outcome;

const PARAS: &[&str] = &[
    "Acme today released Acme-7, a reasoning model that scores 81.2% on the MathBench test suite.",
    "Acme-7 is available today to all Pro users through the Acme app and the developer API.",
    "The company says Acme-7 uses a third of the compute of its previous reasoning model.",
    "Independent researchers were given early access to reproduce the MathBench result.",
];

fn failed(reports: &[proofwire::ingest::SourceReport], id: &str) -> String {
    match &reports.iter().find(|r| r.id == id).expect("report").outcome {
        Outcome::Failed(e) => e.clone(),
        other => panic!("{id} should have failed, got {other:?}"),
    }
}

fn stored(reports: &[proofwire::ingest::SourceReport], id: &str) -> proofwire::ingest::Counts {
    match &reports.iter().find(|r| r.id == id).expect("report").outcome {
        Outcome::Stored(c) => *c,
        other => panic!("{id} should have stored entries, got {other:?}"),
    }
}

#[tokio::test]
async fn rss_entries_get_page_text_summary_and_spans_and_304_does_nothing() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let mut feed = Doc::xml(&rss(&[
        (
            "Acme-7 release",
            &format!("{base}/posts/acme-7"),
            "acme-7",
            "<p>Short feed blurb.</p>",
        ),
        (
            "Second post",
            &format!("{base}/posts/second"),
            "second",
            "<p>Only the feed has this text. It is long enough to be a sentence.</p>",
        ),
    ]));
    feed.etag = Some("\"v1\"");
    fx.put("rss.xml", feed);
    fx.put(
        "posts/acme-7",
        Doc::html(&article_page("Acme-7 release", PARAS, None)),
    );
    // posts/second is missing: the feed's own text must be kept.
    let h = Harness::new(fetch_config(addr)).await;
    let src = source("acme", &format!("{base}/rss.xml"));

    let r = h.run(&src).await;
    let c = stored(&r, "acme");
    assert_eq!(
        (c.new, c.updated, c.unchanged, c.page_failures),
        (2, 0, 0, 1)
    );

    let text = h
        .strings("SELECT content_text FROM articles WHERE canonical_url LIKE '%acme-7'")
        .await
        .remove(0);
    assert!(text.contains("81.2% on the MathBench"), "{text}");
    for junk in [
        "SITE HEADER",
        "NAV LINKS",
        "RELATED POSTS",
        "FOOTER TEXT",
        "tracked",
    ] {
        assert!(!text.contains(junk), "{junk} leaked into {text}");
    }
    let origins = h
        .strings("SELECT text_origin FROM articles ORDER BY id")
        .await;
    assert_eq!(origins, vec!["page", "feed"]);

    // Every summary sentence is exactly the text of its span.
    let rows: Vec<(String, i64, i64, String)> = h.store.raw(
        "SELECT s.text, s.src_start, s.src_end, a.content_text FROM summary_sentences s JOIN articles a ON a.id = s.article_id",
    )
    .fetch_all_as()
    .await
    .expect("spans");
    assert!(!rows.is_empty());
    for (sentence, start, end, text) in rows {
        let span: String = text
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        assert_eq!(span, sentence);
    }

    // Second run: the server answers 304 and nothing else is fetched or written.
    let before = h
        .strings("SELECT updated_at FROM articles ORDER BY id")
        .await;
    let r = h.run(&src).await;
    assert_eq!(r[0].outcome, Outcome::NotModified);
    assert_eq!(fx.not_modified.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(fx.hits("posts/acme-7"), 1, "page fetched once only");
    assert_eq!(
        h.strings("SELECT updated_at FROM articles ORDER BY id")
            .await,
        before
    );
}

#[tokio::test]
async fn changed_content_updates_and_unchanged_does_no_work() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let link = format!("{base}/posts/p");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("Post", &link, "p", "<p>x</p>")])),
    );
    fx.put(
        "posts/p",
        Doc::html(&article_page("Post", &PARAS[..2], None)),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let src = source("s", &format!("{base}/rss.xml"));
    h.run(&src).await;
    let r = h.run(&src).await;
    let c = stored(&r, "s");
    assert_eq!((c.new, c.updated, c.unchanged), (0, 0, 1));
    assert_eq!(fx.hits("posts/p"), 1);

    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("Post (updated)", &link, "p", "<p>y</p>")])),
    );
    fx.put("posts/p", Doc::html(&article_page("Post", PARAS, None)));
    let r = h.run(&src).await;
    assert_eq!(stored(&r, "s").updated, 1);
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 1);
    let title = h.strings("SELECT title FROM articles").await.remove(0);
    assert_eq!(title, "Post (updated)");
    let text = h
        .strings("SELECT content_text FROM articles")
        .await
        .remove(0);
    assert!(text.contains("third of the compute"));
}

/// Every stored article's fingerprint, checked against the one its stored title and text give,
/// with none missing or stale. Nothing here runs the story upkeep.
async fn assert_every_article_fingerprinted(h: &Harness) -> usize {
    use proofwire::stories::{Fingerprint, FINGERPRINT_VERSION};
    let missing = h
        .store
        .unfingerprinted(FINGERPRINT_VERSION)
        .await
        .expect("unfingerprinted");
    assert!(
        missing.is_empty(),
        "stored without a fingerprint: {missing:?}"
    );
    let ids: Vec<app::ids::ArticleId> = h
        .strings("SELECT CAST(id AS TEXT) FROM articles ORDER BY id")
        .await
        .iter()
        .map(|id| id.parse().expect("id"))
        .collect();
    let stored = h
        .store
        .fingerprints(&ids, FINGERPRINT_VERSION)
        .await
        .expect("fingerprints");
    assert_eq!(stored.len(), ids.len());
    for (id, data) in stored {
        let a = h.store.article(id).await.expect("article").expect("stored");
        let fp: Fingerprint = serde_json::from_str(&data).expect("fingerprint json");
        assert_eq!(
            fp,
            Fingerprint::of(&a.title, &a.content_text),
            "article {id:?}: the fingerprint of its stored text"
        );
    }
    ids.len()
}

#[tokio::test]
async fn every_article_is_stored_with_its_fingerprint_without_the_story_upkeep() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[
            (
                "Acme-7 release",
                &format!("{base}/posts/acme-7"),
                "acme-7",
                "<p>blurb</p>",
            ),
            (
                "Feed only",
                &format!("{base}/posts/missing"),
                "missing",
                "<p>Only the feed has this text, long enough to be a sentence of its own.</p>",
            ),
        ])),
    );
    fx.put(
        "posts/acme-7",
        Doc::html(&article_page("Acme-7 release", PARAS, None)),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let src = source("acme", &format!("{base}/rss.xml"));
    assert_eq!(stored(&h.run(&src).await, "acme").new, 2);
    assert_eq!(assert_every_article_fingerprinted(&h).await, 2);

    // A changed text is saved with the fingerprint of the new text, not left with the old one.
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[(
            "Acme-7 release, revised",
            &format!("{base}/posts/acme-7"),
            "acme-7",
            "<p>changed</p>",
        )])),
    );
    fx.put(
        "posts/acme-7",
        Doc::html(&article_page("Acme-7 release, revised", &PARAS[1..], None)),
    );
    assert_eq!(stored(&h.run(&src).await, "acme").updated, 1);
    assert_eq!(assert_every_article_fingerprinted(&h).await, 2);
    assert_eq!(
        proofwire::stories::upkeep(&h.store).await.expect("upkeep"),
        0,
        "nothing left for the after-round pass"
    );
}

#[tokio::test]
async fn atom_with_xml_base_and_json_feed() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "atom.xml",
        Doc::new(
            "application/atom+xml",
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/blog/">
<title>A</title><id>urn:a</id><updated>2026-02-20T10:00:00Z</updated>
<entry><title>Relative</title><id>urn:a:1</id><link href="2026/relative-post"/>
<updated>2026-02-20T10:00:00Z</updated><content type="html">&lt;p&gt;Atom body text with enough words in it.&lt;/p&gt;</content></entry>
</feed>"#
            ),
        ),
    );
    fx.put(
        "feed.json",
        Doc::new(
            "application/feed+json",
            format!(
                r#"{{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{{"id":"j1","url":"{base}/json/one","title":"JSON one","content_html":"<p>JSON body sentence that is long enough.</p>","date_published":"2026-02-19T08:00:00Z"}}]}}"#
            ),
        ),
    );
    let mut cfg = fetch_config(addr);
    cfg.fetch_pages = false;
    let h = Harness::new(cfg).await;
    let r = h
        .run(
            &(source("atom", &format!("{base}/atom.xml"))
                + &source("json", &format!("{base}/feed.json"))),
        )
        .await;
    assert_eq!(stored(&r, "atom").new, 1);
    assert_eq!(stored(&r, "json").new, 1);
    let urls = h.strings("SELECT url FROM articles ORDER BY url").await;
    assert_eq!(
        urls,
        vec![
            format!("{base}/blog/2026/relative-post"),
            format!("{base}/json/one")
        ]
    );
}

#[tokio::test]
async fn euc_kr_feed_is_decoded() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let xml = format!(
        r#"<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><title>한국 블로그</title>
<item><title>정렬 연구 지원 발표</title><link>{base}/ko/1</link><guid>ko1</guid>
<pubDate>Fri, 20 Feb 2026 01:00:00 GMT</pubDate>
<description>&lt;p&gt;오픈AI가 독립 정렬 연구에 750만 달러를 지원한다고 밝혔다. 연구자들은 컴퓨팅 자원도 받는다.&lt;/p&gt;</description></item></channel></rss>"#
    );
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(&xml);
    fx.put(
        "euckr.xml",
        Doc::new("application/rss+xml", bytes.into_owned()),
    );
    let mut cfg = fetch_config(addr);
    cfg.fetch_pages = false;
    let h = Harness::new(cfg).await;
    let r = h.run(&source("ko", &format!("{base}/euckr.xml"))).await;
    assert_eq!(stored(&r, "ko").new, 1);
    assert_eq!(
        h.strings("SELECT title FROM articles").await,
        vec!["정렬 연구 지원 발표"]
    );
    let text = h
        .strings("SELECT content_text FROM articles")
        .await
        .remove(0);
    assert!(text.contains("750만 달러"), "{text}");
    let summary = h.strings("SELECT text FROM summary_sentences").await;
    assert!(
        summary.iter().any(|s| s.contains("정렬 연구")),
        "{summary:?}"
    );
}

#[tokio::test]
async fn one_post_in_two_feeds_is_one_article() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "a.xml",
        Doc::xml(&rss(&[(
            "Shared",
            &format!("{base}/posts/shared/"),
            "guid-a",
            "<p>a</p>",
        )])),
    );
    fx.put(
        "b.xml",
        Doc::xml(&rss(&[(
            "Shared!",
            &format!("{base}/posts/shared?utm_source=b#top"),
            "guid-b",
            "<p>b</p>",
        )])),
    );
    // A third feed reuses the first feed's GUID under a different URL: GUIDs name entries
    // within one feed only, so this is another article.
    fx.put(
        "c.xml",
        Doc::xml(&rss(&[(
            "Shared",
            &format!("{base}/mirror/shared"),
            "guid-a",
            "<p>c</p>",
        )])),
    );
    fx.put(
        "posts/shared",
        Doc::html(&article_page("Shared", PARAS, None)),
    );
    fx.put(
        "mirror/shared",
        Doc::html(&article_page("Shared", PARAS, None)),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let srcs = source("a", &format!("{base}/a.xml")) + &source("b", &format!("{base}/b.xml"));
    h.run(&srcs).await;
    h.run(&source("c", &format!("{base}/c.xml"))).await;
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 2);
    assert_eq!(h.count("SELECT COUNT(*) FROM article_sources").await, 3);
    assert_eq!(
        h.strings("SELECT canonical_url FROM articles ORDER BY id")
            .await,
        vec![
            format!("{base}/posts/shared"),
            format!("{base}/mirror/shared")
        ]
    );
}

#[tokio::test]
async fn a_feed_that_copies_another_feeds_guid_cannot_rewrite_its_article() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let real = format!("{base}/posts/real");
    fx.put(
        "vendor.xml",
        Doc::xml(&rss(&[("Acme-7 released", &real, "acme-7", "<p>a</p>")])),
    );
    fx.put(
        "posts/real",
        Doc::html(&article_page("Acme-7", PARAS, None)),
    );
    let copy = |title: &str, link: &str| Doc::xml(&rss(&[(title, link, "acme-7", "<p>b</p>")]));
    fx.put("copier.xml", copy("Acme-7 released", &real));
    fx.put(
        "evil",
        Doc::html(&article_page(
            "Acme-7 withdrawn",
            &["Acme-7 scores 12.5% on MathBench, not 81.2%."],
            None,
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let both = source("vendor", &format!("{base}/vendor.xml"))
        + &source("copier", &format!("{base}/copier.xml"));
    // The vendor's feed is read first (it published the post); the copier's sighting links.
    h.run(&source("vendor", &format!("{base}/vendor.xml")))
        .await;
    h.run(&both).await;
    let text_before = h.strings("SELECT content_text FROM articles").await;
    let events_before = h.count("SELECT COUNT(*) FROM claim_events").await;
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 1);
    assert!(events_before > 0, "the vendor's claims are logged");

    // The copier changes its entry's link and title under the same GUID.
    fx.put(
        "copier.xml",
        copy("Acme-7 withdrawn", &format!("{base}/evil")),
    );
    let reports = h.run(&both).await;
    assert_eq!(stored(&reports, "copier").updated, 0);
    assert_eq!(
        h.strings("SELECT content_text FROM articles WHERE id = 1")
            .await,
        text_before
    );
    assert_eq!(
        h.strings("SELECT title FROM articles WHERE id = 1").await,
        vec!["Acme-7 released".to_string()]
    );
    // The moved entry is an article of its own at its own address (issue 28), the copier's,
    // and the only events appended are about its own claims.
    let events_of = |article: &str| {
        format!(
            "SELECT COUNT(*) FROM claim_events e JOIN claims c ON c.id = e.claim_id \
             WHERE c.article_id {article}"
        )
    };
    let evil = format!("(SELECT id FROM articles WHERE canonical_url = '{base}/evil')");
    assert_eq!(
        h.count(&events_of("= 1")).await,
        events_before,
        "nothing appended to the vendor's claim log"
    );
    assert_eq!(
        h.strings(&format!(
            "SELECT source_id FROM articles WHERE canonical_url = '{base}/evil'"
        ))
        .await,
        ["copier"]
    );
    assert_eq!(
        h.count("SELECT COUNT(*) FROM claim_events").await,
        events_before + h.count(&events_of(&format!("= {evil}"))).await
    );

    // The owner can still correct its own post.
    fx.put(
        "vendor.xml",
        Doc::xml(&rss(&[(
            "Acme-7 released (updated)",
            &real,
            "acme-7",
            "<p>a2</p>",
        )])),
    );
    let reports = h.run(&both).await;
    assert_eq!(stored(&reports, "vendor").updated, 1);
    assert_eq!(
        h.strings("SELECT title FROM articles WHERE id = 1").await,
        vec!["Acme-7 released (updated)".to_string()]
    );
}

#[tokio::test]
async fn rel_canonical_merges_only_on_the_same_host() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[
            ("Canon", &format!("{base}/p/with-tracking"), "c1", ""),
            ("Hijack", &format!("{base}/p/hijack"), "c2", ""),
        ])),
    );
    fx.put(
        "p/with-tracking",
        Doc::html(&article_page("Canon", PARAS, Some("/p/real-slug/"))),
    );
    fx.put(
        "p/hijack",
        Doc::html(&article_page(
            "Hijack",
            &PARAS[1..],
            Some("https://victim.example/p/real-slug"),
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    h.run(&source("s", &format!("{base}/rss.xml"))).await;
    let mut urls = h
        .strings("SELECT canonical_url FROM articles ORDER BY id")
        .await;
    urls.sort();
    assert_eq!(
        urls,
        vec![format!("{base}/p/hijack"), format!("{base}/p/real-slug")]
    );
}

#[tokio::test]
async fn oversized_body_and_gzip_bomb_stop_at_the_cap() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let cap = fetch_config(addr).max_body_bytes as usize;
    let mut big = rss(&[("Big", &format!("{base}/x"), "x", "<p>x</p>")]);
    big.insert_str(
        big.len() - "</channel></rss>".len(),
        &format!("<!-- {} -->", "a".repeat(cap + 1)),
    );
    fx.put("big.xml", Doc::xml(&big));
    // 64 MiB of spaces compress to a few dozen KiB.
    let mut bomb = Doc::new("application/rss+xml", gzip(&vec![b' '; 64 * 1024 * 1024]));
    bomb.headers.push(("content-encoding", "gzip".into()));
    fx.put("bomb.xml", bomb);
    let h = Harness::new(fetch_config(addr)).await;
    let r = h
        .run(
            &(source("big", &format!("{base}/big.xml"))
                + &source("bomb", &format!("{base}/bomb.xml"))),
        )
        .await;
    assert!(
        failed(&r, "big").contains("larger than"),
        "{}",
        failed(&r, "big")
    );
    assert!(
        failed(&r, "bomb").contains("larger than"),
        "{}",
        failed(&r, "bomb")
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 0);
    // The failure is recorded with a backoff for the sources page.
    let errors = h
        .strings("SELECT last_error FROM sources ORDER BY id")
        .await;
    assert!(errors.iter().all(|e| e.contains("larger than")));
    assert_eq!(
        h.count("SELECT COUNT(*) FROM sources WHERE next_attempt_at IS NOT NULL AND failures = 1")
            .await,
        2
    );
}

#[tokio::test]
async fn private_and_unlisted_addresses_are_refused() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put("to-private.xml", Doc::redirect("http://10.0.0.1/feed.xml"));
    fx.put(
        "to-metadata.xml",
        Doc::redirect("http://169.254.169.254/latest/meta-data/"),
    );
    // Another loopback port that is not in allow_hosts.
    let other = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let other_port = other.local_addr().expect("addr").port();
    fx.put(
        "to-loopback.xml",
        Doc::redirect(&format!("http://127.0.0.1:{other_port}/feed.xml")),
    );
    let h = Harness::new(fetch_config(addr)).await;
    let srcs = source("private", &format!("{base}/to-private.xml"))
        + &source("metadata", &format!("{base}/to-metadata.xml"))
        + &source("hop", &format!("{base}/to-loopback.xml"))
        + &source("direct", &format!("http://127.0.0.1:{other_port}/feed.xml"))
        + &source(
            "localhost",
            &format!("http://localhost:{}/rss.xml", addr.port()),
        );
    let r = h.run(&srcs).await;
    assert!(
        failed(&r, "private").contains("10.0.0.1 is a private address"),
        "{}",
        failed(&r, "private")
    );
    assert!(
        failed(&r, "metadata").contains("link-local"),
        "{}",
        failed(&r, "metadata")
    );
    assert!(
        failed(&r, "hop").contains("loopback"),
        "{}",
        failed(&r, "hop")
    );
    assert!(
        failed(&r, "direct").contains("refused"),
        "{}",
        failed(&r, "direct")
    );
    assert!(
        failed(&r, "localhost").contains("refused"),
        "{}",
        failed(&r, "localhost")
    );
    drop(other);
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 0);
}

#[tokio::test]
async fn too_many_redirects() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    for i in 0..10 {
        fx.put(
            &format!("loop{i}"),
            Doc::redirect(&format!("{base}/loop{}", i + 1)),
        );
    }
    let h = Harness::new(fetch_config(addr)).await;
    let r = h.run(&source("loop", &format!("{base}/loop0"))).await;
    assert!(
        failed(&r, "loop").contains("more than 5 redirects"),
        "{}",
        failed(&r, "loop")
    );
}

#[tokio::test]
async fn broken_documents_give_clear_errors_and_store_nothing() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put("page.html", Doc::html("<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Not a feed</p></body></html>"));
    let full = rss(&[
        ("One", &format!("{base}/1"), "1", "<p>one</p>"),
        ("Two", &format!("{base}/2"), "2", "<p>two</p>"),
    ]);
    fx.put("truncated.xml", Doc::xml(&full[..full.len() - 40]));
    fx.put(
        "entities.xml",
        Doc::xml(r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title><item><title>&lol2;</title><link>https://example.com/x</link></item></channel></rss>"#),
    );
    let mut cfg = fetch_config(addr);
    cfg.fetch_pages = false;
    let h = Harness::new(cfg).await;
    let r = h
        .run(
            &(source("html", &format!("{base}/page.html"))
                + &source("trunc", &format!("{base}/truncated.xml"))
                + &source("ent", &format!("{base}/entities.xml"))
                + &source("gone", &format!("{base}/missing.xml"))),
        )
        .await;
    assert!(
        failed(&r, "html").contains("not a feed: it is an HTML page"),
        "{}",
        failed(&r, "html")
    );
    assert!(
        failed(&r, "trunc").contains("truncated"),
        "{}",
        failed(&r, "trunc")
    );
    assert!(
        failed(&r, "ent").contains("entities"),
        "{}",
        failed(&r, "ent")
    );
    assert!(failed(&r, "gone").contains("404"), "{}", failed(&r, "gone"));
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 0);
    assert_eq!(h.count("SELECT COUNT(*) FROM article_guids").await, 0);
}

#[tokio::test]
async fn script_payloads_are_sanitized_everywhere() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let xml = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
<item><title>&lt;script&gt;alert('title')&lt;/script&gt;Safe title &lt;img src=x onerror=alert(1)&gt;</title>
<link>{base}/xss-page</link><guid>xss1</guid><pubDate>Fri, 20 Feb 2026 10:00:00 GMT</pubDate>
<description>&lt;p onclick="alert(2)"&gt;Feed text&lt;/p&gt;</description></item>
<item><title>Feed only</title><link>{base}/nowhere</link><guid>xss2</guid><pubDate>Fri, 20 Feb 2026 11:00:00 GMT</pubDate>
<description><![CDATA[<p>Visible words in a paragraph.<script>alert(3)</script><a href="javascript:alert(4)">link</a><iframe src="https://evil.example"></iframe><img src="/i.png" onerror="alert(5)"></p>]]></description></item>
</channel></rss>"#
    );
    fx.put("xss.xml", Doc::xml(&xml));
    fx.put(
        "xss-page",
        Doc::html(&article_page(
            "Page",
            &[
                "A real paragraph about the release <img src=x onerror=\"alert(6)\">.",
                "<a href=\"javascript:alert(7)\" onmouseover=\"alert(8)\">Another</a> paragraph with text<script>alert(9)</script>.",
            ],
            None,
        )),
    );
    let h = Harness::new(fetch_config(addr)).await;
    h.run(&source("xss", &format!("{base}/xss.xml"))).await;
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 2);
    let titles = h.strings("SELECT title FROM articles ORDER BY id").await;
    assert_eq!(
        titles[0], "alert('title')Safe title",
        "tags reduced to text"
    );
    for html in h.strings("SELECT content_html FROM articles").await {
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "onmouseover",
            "javascript:",
            "<iframe",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }
    for text in h.strings("SELECT content_text FROM articles").await {
        assert!(!text.contains("alert("), "script text leaked into {text}");
    }
}

#[tokio::test]
async fn missing_and_future_dates() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    fx.put(
        "dates.xml",
        Doc::xml(&format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>
<item><title>No date</title><link>{base}/d/1</link><description>Some text here for the article body.</description></item>
<item><title>Garbage date</title><link>{base}/d/2</link><pubDate>the day after tomorrow</pubDate><description>Text.</description></item>
<item><title>Future</title><link>{base}/d/3</link><pubDate>Sat, 01 Jan 2099 00:00:00 GMT</pubDate><description>Text.</description></item>
</channel></rss>"#
        )),
    );
    let mut cfg = fetch_config(addr);
    cfg.fetch_pages = false;
    let h = Harness::new(cfg).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    h.run(&source("d", &format!("{base}/dates.xml"))).await;
    let after = chrono::Utc::now() + chrono::Duration::seconds(1);
    let rows: Vec<(String, String, bool)> = h
        .store
        .raw("SELECT title, published_at, date_estimated FROM articles ORDER BY id")
        .fetch_all_as()
        .await
        .expect("rows");
    assert_eq!(rows.len(), 3);
    for (title, published, estimated) in rows {
        let t = proofwire::dates::parse_ts(&published).expect("timestamp");
        assert!(
            t >= before && t <= after,
            "{title}: {published} not clamped to now"
        );
        assert_eq!(estimated, title != "Future", "{title}");
    }
}

/// A post on Hugging Face's blog under an organisation's path is that organisation's, and the
/// digest says where it is hosted; the host's own posts stay the host's. (A file feed: the
/// addresses are Hugging Face's, and nothing is fetched from them.)
#[tokio::test]
async fn a_guest_post_is_attributed_to_its_author_organisation_with_the_host_noted() {
    let h = Harness::new(proofwire::config::FetchConfig::default()).await;
    let feed = h.dir.path().join("hf.xml");
    // Two stories (one text would be one story, and the digest one section: the posts are
    // fingerprinted as they are read).
    let body = "<p>A post long enough to be summarized, written for the test of attribution.</p>\
                <p>Another paragraph that is also long enough to be kept in the summary.</p>";
    let other = "<p>The GGML team joins Hugging Face to keep local inference fast and open.</p>\
                 <p>Its libraries stay under their licence and keep their maintainers.</p>";
    std::fs::write(
        &feed,
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>HF</title>
<item><title>Diagnosing agent failures</title><link>https://huggingface.co/blog/ibm-research/itbenchandmast</link>
<guid>g1</guid><pubDate>Fri, 20 Feb 2026 21:00:00 GMT</pubDate><description><![CDATA[{body}]]></description></item>
<item><title>GGML joins HF</title><link>https://huggingface.co/blog/ggml-joins-hf</link>
<guid>g2</guid><pubDate>Fri, 20 Feb 2026 22:00:00 GMT</pubDate><description><![CDATA[{other}]]></description></item>
</channel></rss>"#
        ),
    )
    .expect("feed");
    h.run(&format!(
        "[[source]]\nid = \"hf\"\nname = \"HF\"\nvendor = \"Hugging Face\"\npath = \"{}\"\nlanguage = \"en\"\n",
        feed.display()
    ))
    .await;
    assert_eq!(
        h.strings("SELECT vendor FROM articles ORDER BY id").await,
        ["IBM Research", "Hugging Face"]
    );
    let tz = chrono_tz::Asia::Seoul;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 2, 21).expect("date");
    let digest = proofwire::digest::build_digest(&h.store, tz, Some(day), "en")
        .await
        .expect("digest")
        .expect("a day");
    let hosts: Vec<(String, Option<String>)> = digest
        .items
        .iter()
        .map(|i| (i.vendor.clone(), i.hosted_by.clone()))
        .collect();
    assert!(
        hosts.contains(&("IBM Research".into(), Some("Hugging Face".into()))),
        "{hosts:?}"
    );
    assert!(hosts.contains(&("Hugging Face".into(), None)), "{hosts:?}");
}

/// Issue 28: an aggregator lists a vendor's post under its own GUID and is read before the
/// vendor's feed; later it moves that GUID to another address with another title. The post
/// stays at its address with the vendor's title, text and name; the moved entry becomes an
/// article of its own at its new address.
#[tokio::test]
async fn an_aggregator_read_first_cannot_take_over_the_vendors_post() {
    let (vendor_addr, vendor_site) = start_fixture_server().await;
    let (agg_addr, agg_site) = start_fixture_server().await;
    let post = format!("http://{vendor_addr}/posts/launch");
    let elsewhere = format!("http://{agg_addr}/elsewhere");
    vendor_site.put(
        "vendor.xml",
        Doc::xml(&rss(&[("Acme-7 released", &post, "acme-7", "<p>v</p>")])),
    );
    vendor_site.put(
        "posts/launch",
        Doc::html(&article_page("Acme-7 released", PARAS, None)),
    );
    agg_site.put(
        "agg.xml",
        Doc::xml(&rss(&[("Today in AI: Acme-7", &post, "agg-1", "<p>g</p>")])),
    );
    agg_site.put(
        "elsewhere",
        Doc::html(&article_page(
            "HIJACKED title",
            &["Acme-7 scores 12.5% on MathBench, not 81.2%."],
            None,
        )),
    );
    let mut fetch = fetch_config(vendor_addr);
    fetch.allow_hosts.push(agg_addr.to_string());
    let h = Harness::new(fetch).await;
    let vendor = source("vendor", &format!("http://{vendor_addr}/vendor.xml"));
    let aggregator = source("aggregator", &format!("http://{agg_addr}/agg.xml"));
    let the_post = format!("SELECT {{}} FROM articles WHERE canonical_url = '{post}'");
    let at_post = |column: &str| the_post.replace("{}", column);

    h.run(&aggregator).await;
    h.run(&vendor).await;
    // The vendor's own feed decides the title and the vendor, whichever feed was read first.
    assert_eq!(h.strings(&at_post("title")).await, ["Acme-7 released"]);
    assert_eq!(h.strings(&at_post("vendor")).await, ["Vendor vendor"]);
    assert_eq!(h.strings(&at_post("source_id")).await, ["vendor"]);
    let id = h.count(&at_post("id")).await;
    let text = h.strings(&at_post("content_text")).await;
    assert!(text[0].contains("81.2%"), "{text:?}");
    let events_of_post = format!(
        "SELECT COUNT(*) FROM claim_events e JOIN claims c ON c.id = e.claim_id \
         WHERE c.article_id = {id}"
    );
    let events_before = h.count(&events_of_post).await;
    assert!(events_before > 0, "the vendor's claims are logged");

    // The aggregator moves its GUID to another address and title.
    agg_site.put(
        "agg.xml",
        Doc::xml(&rss(&[("HIJACKED title", &elsewhere, "agg-1", "<p>h</p>")])),
    );
    h.run(&aggregator).await;
    assert_eq!(
        h.count(&at_post("id")).await,
        id,
        "the post keeps its article"
    );
    assert_eq!(h.strings(&at_post("url")).await, [post.as_str()]);
    assert_eq!(h.strings(&at_post("title")).await, ["Acme-7 released"]);
    assert_eq!(h.strings(&at_post("vendor")).await, ["Vendor vendor"]);
    assert_eq!(h.strings(&at_post("content_text")).await, text);
    assert_eq!(h.count(&events_of_post).await, events_before);
    // The moved entry is an article of its own, at its own address, the aggregator's.
    assert_eq!(
        h.strings(&format!(
            "SELECT title FROM articles WHERE canonical_url = '{elsewhere}'"
        ))
        .await,
        ["HIJACKED title"]
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM articles").await, 2);
    // The aggregator no longer carries the vendor's post; the vendor still does.
    assert_eq!(
        h.strings(&format!(
            "SELECT source_id FROM article_sources WHERE article_id = {id}"
        ))
        .await,
        ["vendor"]
    );
}

/// What the ingestion before issue 28 left behind, made by hand: the vendor's post re-pointed
/// to the aggregator's other address, retitled, rewritten and given the aggregator's vendor.
/// `repair-ownership` says so without writing (dry run), then puts it back and logs each
/// change: from the kept version when there is one, else by having the vendor write it again.
#[tokio::test]
async fn repair_ownership_puts_back_a_hijacked_article() {
    use proofwire::repair_ownership as repair;
    let (vendor_addr, vendor_site) = start_fixture_server().await;
    let (agg_addr, agg_site) = start_fixture_server().await;
    let post = format!("http://{vendor_addr}/posts/launch");
    let elsewhere = format!("http://{agg_addr}/elsewhere");
    // The vendor's feed answers 304 to a reader that has it: the repair must get past that.
    let mut feed = Doc::xml(&rss(&[("Acme-7 released", &post, "acme-7", "<p>v</p>")]));
    feed.etag = Some("\"v1\"");
    vendor_site.put("vendor.xml", feed);
    vendor_site.put(
        "posts/launch",
        Doc::html(&article_page("Acme-7 released", PARAS, None)),
    );
    agg_site.put(
        "agg.xml",
        Doc::xml(&rss(&[("Today in AI: Acme-7", &post, "agg-1", "<p>g</p>")])),
    );
    let mut fetch = fetch_config(vendor_addr);
    fetch.allow_hosts.push(agg_addr.to_string());
    let h = Harness::new(fetch).await;
    let vendor = source("vendor", &format!("http://{vendor_addr}/vendor.xml"));
    let aggregator = source("aggregator", &format!("http://{agg_addr}/agg.xml"));
    h.run(&(aggregator.clone() + &vendor)).await;
    let sound = "SELECT url || ' | ' || title || ' | ' || source_id || ' | ' || vendor || ' | ' \
                 || content_hash FROM articles WHERE id = 1";
    let before = h.strings(sound).await;
    let text = h
        .strings("SELECT content_text FROM articles WHERE id = 1")
        .await;
    let summarizer = || std::sync::Arc::new(proofwire::summarize::Extractive);
    let now = chrono::Utc::now();
    let dry = repair::run(&h.store, summarizer(), false, now)
        .await
        .expect("dry run");
    assert!(dry.findings.is_empty(), "{dry}");

    let hijack = format!(
        "UPDATE articles SET url = '{elsewhere}', title = 'HIJACKED title', \
         content_text = 'hijacked', content_hash = 'h-hijacked', source_id = 'aggregator', \
         vendor = 'Vendor aggregator' WHERE id = 1"
    );
    h.store
        .raw(hijack.as_str())
        .execute()
        .await
        .expect("hijack");
    let dry = repair::run(&h.store, summarizer(), false, now)
        .await
        .expect("dry run");
    let printed = dry.to_string();
    assert_eq!(dry.findings.len(), 1, "{printed}");
    assert!(printed.contains("dry run: nothing written"), "{printed}");
    let fields: Vec<&str> = dry.findings[0].repairs.iter().map(|r| r.field).collect();
    assert_eq!(
        fields,
        [
            "url",
            "source_id",
            "vendor",
            "carried_by",
            "title",
            "content_hash"
        ],
        "{printed}"
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM ownership_repairs").await, 0);
    assert!(h.strings(sound).await[0].contains("HIJACKED title"));

    let events = h.count("SELECT COUNT(*) FROM claim_events").await;
    let applied = repair::run(&h.store, summarizer(), true, now)
        .await
        .expect("apply");
    assert_eq!(h.strings(sound).await, before, "{applied}");
    assert_eq!(
        h.strings("SELECT content_text FROM articles WHERE id = 1")
            .await,
        text
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM ownership_repairs").await, 6);
    assert_eq!(
        h.strings("SELECT source_id FROM article_sources WHERE article_id = 1")
            .await,
        ["vendor"],
        "the aggregator's entry links another address now"
    );
    assert_eq!(
        h.count("SELECT COUNT(*) FROM claim_events").await,
        events,
        "the restored text is the version its claims were read from"
    );
    assert!(matches!(
        proofwire::claims::log::verify(&h.store).await,
        Ok(Ok(_))
    ));
    let again = repair::run(&h.store, summarizer(), false, now)
        .await
        .expect("second dry run");
    assert!(again.findings.is_empty(), "{again}");

    // A database from before versions kept their text: the address, owner and vendor come
    // back at once, the title and text at the vendor's next reading.
    h.store
        .raw(hijack.as_str())
        .execute()
        .await
        .expect("hijack");
    h.store
        .raw(
            "UPDATE article_versions SET source_id = NULL, url = NULL, vendor = NULL, \
             title = NULL, content_html = NULL, content_text = NULL, text_origin = NULL",
        )
        .execute()
        .await
        .expect("forget kept versions");
    let applied = repair::run(&h.store, summarizer(), true, now)
        .await
        .expect("apply");
    let fields: Vec<&str> = applied.findings[0]
        .repairs
        .iter()
        .map(|r| r.field)
        .collect();
    assert_eq!(fields, ["url", "source_id", "vendor", "text"], "{applied}");
    assert!(h.strings(sound).await[0].contains("HIJACKED title"));
    let not_modified = vendor_site
        .not_modified
        .load(std::sync::atomic::Ordering::SeqCst);
    h.run(&vendor).await;
    assert_eq!(
        vendor_site
            .not_modified
            .load(std::sync::atomic::Ordering::SeqCst),
        not_modified,
        "the vendor's feed is read in full"
    );
    assert_eq!(h.strings(sound).await, before);
    assert_eq!(
        h.strings("SELECT content_text FROM articles WHERE id = 1")
            .await,
        text
    );
    assert!(matches!(
        proofwire::claims::log::verify(&h.store).await,
        Ok(Ok(_))
    ));
}

/// Feeds are read concurrently: an outlet that owns a post (it was read first) and is
/// rewriting it, slowly, while the vendor's feed takes the post over, must not write over the
/// vendor's version when it is done — who may write is decided again under the write lock.
#[tokio::test]
async fn an_outlet_still_reading_cannot_write_over_the_vendors_take_over() {
    let (vendor_addr, vendor_site) = start_fixture_server().await;
    let (outlet_addr, outlet_site) = start_fixture_server().await;
    let post = format!("http://{vendor_addr}/posts/launch");
    // The outlet links the same post with a trailing slash (the same canonical address); its
    // page answers slowly, the vendor's at once.
    let outlet_link = format!("{post}/");
    vendor_site.put(
        "posts/launch",
        Doc::html(&article_page("Acme-7 released", PARAS, None)),
    );
    let mut slow = Doc::html(&article_page("Acme-7 released", &PARAS[..2], None));
    slow.delay_ms = 800;
    vendor_site.put("posts/launch/", slow);
    let outlet_feed = |title: &str| Doc::xml(&rss(&[(title, &outlet_link, "o-1", "<p>o</p>")]));
    outlet_site.put("outlet.xml", outlet_feed("Outlet: Acme-7"));
    vendor_site.put(
        "vendor.xml",
        Doc::xml(&rss(&[("Acme-7 released", &post, "acme-7", "<p>v</p>")])),
    );
    let mut fetch = fetch_config(vendor_addr);
    fetch.allow_hosts.push(outlet_addr.to_string());
    let h = Harness::new(fetch).await;
    let vendor = source("vendor", &format!("http://{vendor_addr}/vendor.xml"));
    let outlet = source("outlet", &format!("http://{outlet_addr}/outlet.xml"));
    h.run(&outlet).await;
    assert_eq!(
        h.strings("SELECT source_id FROM articles").await,
        ["outlet"]
    );
    // The outlet edits its entry (it owns the post, so it rewrites it, slowly) while the
    // vendor's feed is read beside it.
    outlet_site.put("outlet.xml", outlet_feed("Outlet: Acme-7 (updated)"));
    h.run(&(outlet + &vendor)).await;
    assert_eq!(
        h.strings("SELECT source_id || ' | ' || vendor || ' | ' || title FROM articles")
            .await,
        ["vendor | Vendor vendor | Acme-7 released"]
    );
    assert_eq!(
        h.strings("SELECT source_id FROM article_sources ORDER BY source_id")
            .await,
        ["outlet", "vendor"]
    );
}

// WebSub, the subscriber's side: a scripted hub on loopback verifies our callback, then pushes
// content signed (or not) with the secret we gave it, while the real scheduler runs.

/// An Atom feed naming `hub` (and itself) with one entry per `(slug, title)`.
fn atom_feed(base: &str, hub: Option<&str>, posts: &[(&str, &str)]) -> String {
    let hub = hub
        .map(|h| format!(r#"<link rel="hub" href="{h}"/>"#))
        .unwrap_or_default();
    let entries: String = posts
        .iter()
        .map(|(slug, title)| {
            format!(
                r#"<entry><title>{title}</title><id>urn:p:{slug}</id><link href="{base}/posts/{slug}"/><updated>2026-02-20T10:00:00Z</updated><content type="html">&lt;p&gt;{title}: a post body with enough words in it to keep.&lt;/p&gt;</content></entry>"#
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>P</title><id>urn:p</id><updated>2026-02-20T10:00:00Z</updated>{hub}<link rel="self" href="{base}/feed.atom"/>{entries}</feed>"#
    )
}

async fn wait_until(what: &str, secs: u64, mut done: impl AsyncFnMut() -> bool) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !done().await {
        assert!(std::time::Instant::now() < end, "timed out waiting: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

struct WebSubSite {
    fx: Fixtures,
    base: String,
    hub: common::websub_hub::ScriptedHub,
    store: proofwire::store::Store,
    site: std::net::SocketAddr,
    drain: proofwire::drain::Drain,
    _dir: tempfile::TempDir,
}

impl Drop for WebSubSite {
    fn drop(&mut self) {
        self.drain.begin();
    }
}

impl WebSubSite {
    async fn articles(&self) -> i64 {
        self.store
            .raw("SELECT COUNT(*) FROM articles")
            .scalar::<i64>()
            .await
            .expect("count")
    }
}

/// A site serving its callbacks, a source whose feed names the scripted hub (granting
/// `lease` seconds) and one whose feed names none, and the scheduler as `serve` runs it,
/// once the hub has verified the subscription.
async fn websub_site(lease: i64) -> WebSubSite {
    let (addr, fx) = start_fixture_server().await;
    let hub = common::websub_hub::ScriptedHub::start(lease, 202).await;
    let base = format!("http://{addr}");
    fx.put(
        "feed.atom",
        Doc::new(
            "application/atom+xml",
            atom_feed(&base, Some(&hub.url()), &[("one", "Post one")]),
        ),
    );
    fx.put(
        "plain.xml",
        Doc::xml(&rss(&[(
            "Plain",
            &format!("{base}/posts/plain"),
            "plain",
            "<p>A plain feed's post with enough words.</p>",
        )])),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let sources_file = dir.path().join("sources.toml");
    std::fs::write(
        &sources_file,
        source("pushed", &format!("{base}/feed.atom"))
            + &source("polled", &format!("{base}/plain.xml")),
    )
    .expect("sources");
    let mut fetch = fetch_config(addr);
    fetch.allow_hosts.push(hub.addr.to_string());
    fetch.fetch_pages = false;
    let mut config = proofwire::config::Config {
        data_dir: dir.path().to_path_buf(),
        sources_file,
        claims_seed: std::path::PathBuf::new(),
        ingest_interval_minutes: 600.0,
        fetch,
        ..Default::default()
    };
    let store = open_store(&dir.path().join("proofwire.db")).await;
    let served = serve_store(&store, &config, None, |_, _| {}).await;
    config.websub.callback_url = format!("http://{}", served.addr);
    config.websub.lease_seconds = 3600;
    let drain = proofwire::drain::Drain::default();
    let ingestor = proofwire::ingest::Ingestor::new(
        store.clone(),
        std::sync::Arc::new(proofwire::fetch::Fetcher::new(&config.fetch).expect("fetcher")),
        std::sync::Arc::new(proofwire::summarize::Extractive),
        config.fetch.clone(),
    );
    tokio::spawn(
        proofwire::run::schedule::Scheduler {
            config,
            store: store.clone(),
            ingestor,
            index: served.index.clone(),
            worker: Default::default(),
            runner: "websub-test".into(),
            drain: drain.clone(),
        }
        .run(),
    );
    let site = WebSubSite {
        fx,
        base,
        hub,
        store,
        site: served.addr,
        drain,
        _dir: dir,
    };
    wait_until("the hub's first verification", 30, async || {
        site.hub.log(|l| !l.verifications.is_empty())
    })
    .await;
    site
}

site_test! {
    async fn websub_verified_pushes_read_the_source_and_forged_ones_do_not() {
        let s = websub_site(3600).await;
        let topic = format!("{}/feed.atom", s.base);
        // The subscribe request and the verification of intent it led to.
        let (form, verifications) = s.hub.log(|l| (l.subscribes[0].clone(), l.verifications.clone()));
        assert_eq!(form.get("hub.mode").map(String::as_str), Some("subscribe"));
        assert_eq!(form.get("hub.topic"), Some(&topic));
        assert_eq!(form.get("hub.lease_seconds").map(String::as_str), Some("3600"));
        let callback = form.get("hub.callback").cloned().unwrap_or_default();
        let prefix = format!("http://{}/websub/callback/", s.site);
        assert!(callback.starts_with(&prefix), "{callback}");
        assert!(form.get("hub.secret").is_some_and(|k| k.len() >= 32));
        assert_eq!(verifications.len(), 1);
        assert_eq!(verifications[0].status, 200);
        assert!(verifications[0].echoed, "the challenge must come back as it was sent");
        let subs = s.store.websub_subscriptions().await.expect("rows");
        assert_eq!(subs.len(), 1, "only the feed that names a hub is subscribed");
        assert_eq!(subs[0].source_id, "pushed");
        assert_eq!(subs[0].state, "subscribed");
        let lease_left = subs[0].lease_expires_at.expect("lease").0 - chrono::Utc::now();
        assert!((3590..=3600).contains(&lease_left.num_seconds()), "{lease_left}");
        // The feed without a hub was read as before.
        wait_until("both sources read", 20, async || s.articles().await == 2).await;

        // Verifications nobody asked for are refused, and change nothing.
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        let get = |url: String| {
            let client = client.clone();
            async move { client.get(url).send().await.expect("get").status().as_u16() }
        };
        let q = |mode: &str, topic: &str| {
            format!("?hub.mode={mode}&hub.topic={}&hub.challenge=abc&hub.lease_seconds=5", url::form_urlencoded::byte_serialize(topic.as_bytes()).collect::<String>())
        };
        assert_eq!(get(format!("{callback}{}", q("subscribe", &topic))).await, 404, "nothing is pending now");
        assert_eq!(get(format!("{callback}{}", q("unsubscribe", &topic))).await, 404);
        assert_eq!(get(format!("{callback}{}", q("denied", "http://elsewhere/"))).await, 404);
        assert_eq!(get(format!("{prefix}{}{}", "0".repeat(32), q("subscribe", &topic))).await, 404);
        assert_eq!(get(format!("{prefix}..%2F{}", q("subscribe", &topic))).await, 404);
        let unknown = client.post(format!("{prefix}{}", "f".repeat(32))).body("x").send().await.expect("post");
        assert_eq!(unknown.status().as_u16(), 404);
        let after = s.store.websub_subscriptions().await.expect("rows");
        assert_eq!(after[0].state, "subscribed");
        assert_eq!(after[0].lease_expires_at, subs[0].lease_expires_at);

        // A new post: forged pushes are acknowledged and ignored, the feed is not read.
        s.fx.put(
            "feed.atom",
            Doc::new("application/atom+xml", atom_feed(&s.base, Some(&s.hub.url()), &[("one", "Post one"), ("two", "Post two")])),
        );
        let reads = s.fx.hits("feed.atom");
        let body = b"<feed>pushed content</feed>".to_vec();
        let other_secret = proofwire::websub::signature::sign(proofwire::websub::signature::Method::Sha256, b"not the secret", &body);
        let mut tampered = s.hub.sign(&body).into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        for signature in [None, Some("sha256=zz".to_string()), Some(other_secret), Some(String::from_utf8(tampered).expect("ascii"))] {
            assert_eq!(s.hub.push(&body, signature).await, 202);
        }
        let mut one_byte_off = body.clone();
        one_byte_off[0] ^= 1;
        assert_eq!(s.hub.push(&one_byte_off, Some(s.hub.sign(&body))).await, 202);
        // A body over the limit is refused before its signature is looked at.
        let huge = vec![b'x'; 300 * 1024];
        assert_eq!(s.hub.push(&huge, Some(s.hub.sign(&huge))).await, 413);
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        assert_eq!(s.fx.hits("feed.atom"), reads, "a forged push must not read the feed");
        assert_eq!(s.articles().await, 2);
        assert_eq!(s.store.websub_subscriptions().await.expect("rows")[0].pushes, 0);

        // A push signed with the secret: the source is read now, not at the next round.
        assert_eq!(s.hub.push(&body, Some(s.hub.sign(&body))).await, 202);
        wait_until("the pushed post stored", 20, async || s.articles().await == 3).await;
        assert!(s.fx.hits("feed.atom") > reads);
        let row = &s.store.websub_subscriptions().await.expect("rows")[0];
        assert_eq!(row.pushes, 1);
        assert!(!row.push_pending, "a push is read once");

        // /sources says how each source stands.
        let page = client.get(format!("http://{}/sources", s.site)).send().await.expect("sources").text().await.expect("text");
        assert!(page.contains(r#"data-websub="subscribed""#), "{page}");
        assert_eq!(page.matches("data-websub=").count(), 1, "the polled source has no WebSub line");
    }
}

site_test! {
    async fn websub_a_short_lease_is_renewed_before_it_ends() {
        // The hub grants 3 s: renewal comes at 80 % of it (2 s), so several come in seconds.
        let s = websub_site(3).await;
        wait_until("two renewals", 30, async || s.hub.log(|l| l.verifications.len() >= 3)).await;
        let (forms, verifications) = s.hub.log(|l| (l.subscribes.clone(), l.verifications.clone()));
        assert!(verifications.iter().all(|v| v.status == 200 && v.echoed), "{verifications:?}");
        // Renewed, not replaced: the same callback and secret each time.
        for f in &forms[1..] {
            assert_eq!(f.get("hub.callback"), forms[0].get("hub.callback"));
            assert_eq!(f.get("hub.secret"), forms[0].get("hub.secret"));
        }
        let row = &s.store.websub_subscriptions().await.expect("rows")[0];
        assert_eq!(row.state, "subscribed");
        assert_eq!(row.lease_seconds, Some(3));
        assert!(row.lease_expires_at.expect("lease").0 > chrono::Utc::now() - chrono::Duration::seconds(1));
    }
}

#[tokio::test]
async fn websub_hubs_that_fail_or_never_answer_are_recorded_and_retried_later() {
    // A hub that accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let silent_addr = silent.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((conn, _)) = silent.accept().await {
            held.push(conn);
        }
    });
    let refusing = common::websub_hub::ScriptedHub::start(60, 500).await;
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    for (path, hub) in [
        ("silent.atom", format!("http://{silent_addr}/")),
        ("refusing.atom", refusing.url()),
        ("malformed.atom", "http://[not-a-hub".to_string()),
    ] {
        let feed = atom_feed(&base, Some(&hub), &[(path, "A post")])
            .replace("/feed.atom", &format!("/{path}"));
        fx.put(path, Doc::new("application/atom+xml", feed));
    }
    let mut cfg = fetch_config(addr);
    cfg.allow_hosts.push(silent_addr.to_string());
    cfg.allow_hosts.push(refusing.addr.to_string());
    cfg.fetch_pages = false;
    cfg.timeout_secs = 1;
    let h = Harness::new(cfg.clone()).await;
    let list = source("silent", &format!("{base}/silent.atom"))
        + &source("refusing", &format!("{base}/refusing.atom"))
        + &source("malformed", &format!("{base}/malformed.atom"));
    let r = h.run(&list).await;
    for id in ["silent", "refusing", "malformed"] {
        assert_eq!(
            stored(&r, id).new,
            1,
            "{id}: the hub never holds up reading the feed"
        );
    }
    let subs = h.store.websub_subscriptions().await.expect("rows");
    let ids: Vec<&str> = subs.iter().map(|s| s.source_id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["refusing", "silent"],
        "a hub that is not a URL is never stored"
    );

    let fetcher = proofwire::fetch::Fetcher::new(&cfg).expect("fetcher");
    let websub = proofwire::config::WebSubConfig {
        callback_url: "http://127.0.0.1:9".into(),
        ..Default::default()
    };
    let now = chrono::Utc::now();
    let started = std::time::Instant::now();
    proofwire::websub::subscribe_due(&h.store, &fetcher, &websub, now)
        .await
        .expect("subscribe");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let subs = h.store.websub_subscriptions().await.expect("rows");
    for s in &subs {
        assert_eq!(s.state, "failed", "{}", s.source_id);
        assert_eq!(s.failures, 1);
        assert!(!s.pending);
        assert!(
            s.next_attempt_at.expect("retry").0 > now,
            "retried later, not at once"
        );
    }
    let error = |id: &str| {
        subs.iter()
            .find(|s| s.source_id == id)
            .and_then(|s| s.last_error.clone())
            .unwrap_or_default()
    };
    assert!(error("silent").contains("timed out"), "{}", error("silent"));
    assert!(error("refusing").contains("500"), "{}", error("refusing"));
    // Not due again yet: nothing is sent.
    let asked = refusing.log(|l| l.subscribes.len());
    assert_eq!(
        proofwire::websub::subscribe_due(&h.store, &fetcher, &websub, now)
            .await
            .expect("again"),
        0
    );
    assert_eq!(refusing.log(|l| l.subscribes.len()), asked);
    // Without a callback URL nothing is ever sent: those sources are polled only.
    let off = proofwire::config::WebSubConfig::default();
    let later = now + chrono::Duration::days(2);
    assert_eq!(
        proofwire::websub::subscribe_due(&h.store, &fetcher, &off, later)
            .await
            .expect("off"),
        0
    );
    assert_eq!(refusing.log(|l| l.subscribes.len()), asked);
    assert_eq!(
        h.count("SELECT COUNT(*) FROM articles").await,
        3,
        "stored posts untouched"
    );

    // A feed that stops naming a hub is polled only from then on.
    fx.put(
        "refusing.atom",
        Doc::new(
            "application/atom+xml",
            atom_feed(&base, None, &[("x", "Another post")]),
        ),
    );
    h.run(&list).await;
    let ids: Vec<String> = h
        .store
        .websub_subscriptions()
        .await
        .expect("rows")
        .into_iter()
        .map(|s| s.source_id.to_string())
        .collect();
    assert_eq!(ids, vec!["silent".to_string()]);
    // A source taken out of the sources file is disabled: its subscription is not renewed.
    h.run(&(source("refusing", &format!("{base}/refusing.atom"))))
        .await;
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    assert_eq!(
        proofwire::websub::subscribe_due(&h.store, &fetcher, &websub, later)
            .await
            .expect("disabled"),
        0
    );
}
