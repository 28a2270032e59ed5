//! Every document the site publishes stays well-formed whatever the posts hold: a JSON Feed
//! whose titles and text carry control characters, noncharacters and lone surrogates (legal
//! JSON escapes, common in scraped text) is ingested, and then every XML document (`/feed.atom`,
//! `?lang=`, `/search.atom`, a vendor's feed, `/claims.atom`, `/sources.opml`) parses with a
//! strict XML parser and every JSON document with serde_json, each still carrying the post.

mod common;

use common::*;
use proofwire::config::Config;
use proptest::prelude::*;
use proptest::test_runner::{Config as Cases, RngSeed};

/// One piece of a hostile string as written in the JSON Feed: text (escaped by serde_json, so
/// a control character becomes `\u0001`), or a lone surrogate escape no Rust string can hold.
#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    LoneSurrogate(u16),
}

/// Characters XML 1.0 forbids or discourages, and their neighbours.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('\u{1}')),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap_or('\u{7f}')),
        prop::sample::select(vec![
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FEFF}',
            '\u{FFFD}',
            '\u{2028}',
            '\u{1FFFE}',
            '\u{10FFFF}',
            '\u{E000}',
            '\u{D7FF}',
        ]),
        any::<char>(),
    ]
}

fn pieces() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::collection::vec(awkward_char(), 1..6)
                .prop_map(|cs| Piece::Text(cs.into_iter().collect())),
            2 => prop::sample::select(vec!["model ", "& ", "<b>", "]]>", "\"q\" ", "결과 "])
                .prop_map(|s| Piece::Text(s.to_string())),
            1 => prop_oneof![0xD800u16..0xDC00, 0xDC00u16..0xE000].prop_map(Piece::LoneSurrogate),
        ],
        0..8,
    )
}

/// The pieces as the inside of a JSON string literal.
fn json_inner(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => {
                let quoted = serde_json::to_string(t).unwrap_or_default();
                quoted[1..quoted.len() - 1].to_string()
            }
            Piece::LoneSurrogate(u) => format!("\\u{u:04x}"),
        })
        .collect()
}

/// The same pieces as plain Rust text (a lone surrogate left out), for names outside JSON.
fn plain(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t.as_str()),
            Piece::LoneSurrogate(_) => None,
        })
        .collect()
}

/// A JSON Feed of one post around hostile title and text, with a claim sentence to set a
/// status on.
fn json_feed(title: &[Piece], text: &[Piece]) -> String {
    format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "Lab {t}",
            "items": [{{"id": "post-1", "url": "https://northfield.example/posts/1",
              "title": "{t} Northfield report {t}",
              "content_html": "<p>{x}</p><p>Northfield-7 scores 74.9% on MMLU. {x}</p>",
              "date_published": "2026-03-02T09:00:00Z"}}]}}"#,
        t = json_inner(title),
        x = json_inner(text),
    )
}

/// A TOML basic string holding `s` (every character escaped as TOML allows).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses `body` with roxmltree, which refuses any character XML 1.0 forbids; panics with the
/// document otherwise.
fn strict_xml<'a>(path: &str, body: &'a str) -> roxmltree::Document<'a> {
    roxmltree::Document::parse(body)
        .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}\n{body:?}"))
}

fn entries(doc: &roxmltree::Document<'_>) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry")))
        .count()
}

async fn get(client: &reqwest::Client, base: &str, path: &str) -> String {
    let r = client
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(r.status().as_u16(), 200, "{path}");
    r.text().await.expect("body")
}

async fn publish_and_read(title: Vec<Piece>, text: Vec<Piece>, name: Vec<Piece>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let feed_path = dir.path().join("lab.json");
    std::fs::write(&feed_path, json_feed(&title, &text)).expect("write feed");
    // The source name and vendor reach the OPML export (only sources read from the web are
    // listed there; this one is never reachable, which only fails that source).
    // An operator's file, not content: a NUL there is refused by Postgres when the source is
    // stored, which is not what this test is about.
    let hostile_name = plain(&name).replace('\0', "");
    let sources = format!(
        "[[source]]\nid = \"lab\"\nname = \"Lab\"\nvendor = \"Northfield\"\npath = {}\nlanguage = \"en\"\n\n\
         [[source]]\nid = \"web\"\nname = {}\nvendor = {}\nurl = \"http://127.0.0.1:9/feed.xml\"\nlanguage = \"en\"\n",
        toml_string(&feed_path.display().to_string()),
        toml_string(&format!("Web {hostile_name}")),
        toml_string(&format!("Vendor {hostile_name}")),
    );
    let sources_file = dir.path().join("sources.toml");
    std::fs::write(&sources_file, sources).expect("write sources");
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        sources_file,
        site_root: repo_root().join("target/site"),
        ..Config::default()
    };
    let store = open_store(&config.database_path()).await;
    let reports = ingest_extractive(&store, &config).await;
    let lab = reports
        .iter()
        .find(|r| r.id == "lab")
        .expect("the lab source was read");
    assert!(
        matches!(&lab.outcome, proofwire::ingest::Outcome::Stored(c) if c.new == 1),
        "a JSON Feed with lone surrogate escapes is still read: {:?}\n{}",
        lab.outcome,
        json_feed(&title, &text)
    );

    // An editor's status change on the post's claim, with hostile words, for `/claims.atom`.
    let claims = store
        .raw("SELECT id FROM claims ORDER BY id")
        .scalars::<i64>()
        .await
        .expect("claims");
    let claim = *claims.first().expect("the post's claim was extracted");
    let words = plain(&text);
    proofwire::claims::record::set_status(
        &store,
        claim,
        app::vocab::Status::Pending,
        &format!("checked {words}"),
        &[],
        &format!("editor {}", words.replace('\0', "")),
        &proofwire::dates::ts(chrono::Utc::now()),
    )
    .await
    .expect("status");

    let addr = serve_store(&store, &config, None, |_, _| {}).await.addr;
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");

    let search: serde_json::Value =
        serde_json::from_str(&get(&client, &base, "/api/search?q=Northfield&sort=date").await)
            .expect("the search API is JSON");
    let slug = search["facets"]
        .as_array()
        .and_then(|f| f.iter().find(|v| v["name"] == "Northfield"))
        .and_then(|v| v["slug"].as_str())
        .expect("the vendor facet")
        .to_string();

    for (path, at_least) in [
        ("/feed.atom".to_string(), 1),
        ("/feed.atom?lang=en".to_string(), 1),
        ("/feed.atom?lang=ko".to_string(), 1),
        ("/search.atom?q=Northfield".to_string(), 1),
        (format!("/vendor/{slug}/feed.atom"), 1),
        ("/claims.atom".to_string(), 1),
    ] {
        let body = get(&client, &base, &path).await;
        let doc = strict_xml(&path, &body);
        assert!(entries(&doc) >= at_least, "{path} carries the post\n{body}");
    }
    let opml = get(&client, &base, "/sources.opml").await;
    let doc = strict_xml("/sources.opml", &opml);
    assert!(
        doc.descendants()
            .any(|n| n.attribute("xmlUrl") == Some("http://127.0.0.1:9/feed.xml")),
        "the web source is exported\n{opml}"
    );
    for path in [
        "/feed.json".to_string(),
        "/search.json?q=Northfield".to_string(),
        format!("/vendor/{slug}/feed.json"),
        "/api/claims".to_string(),
        format!("/api/claims/{claim}"),
    ] {
        let body = get(&client, &base, &path).await;
        serde_json::from_str::<serde_json::Value>(&body)
            .unwrap_or_else(|e| panic!("{path} is not JSON: {e}\n{body:?}"));
    }

    // The Atom title is the JSON one less only what XML cannot carry.
    let atom = get(&client, &base, "/search.atom?q=Northfield").await;
    let json: serde_json::Value =
        serde_json::from_str(&get(&client, &base, "/search.json?q=Northfield").await)
            .expect("json");
    let doc = strict_xml("/search.atom", &atom);
    let atom_title = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry")))
        .flat_map(|e| e.children())
        .find(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "title")))
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_string();
    let json_title = json["items"][0]["title"].as_str().unwrap_or_default();
    // Parsers turn line ends into line feeds, so compare after that.
    let lines = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
    assert_eq!(
        lines(&atom_title),
        lines(&proofwire::xml::legal(json_title)),
        "only XML-illegal characters are dropped"
    );
}

proptest! {
    #![proptest_config(Cases {
        cases: 24,
        rng_seed: RngSeed::Fixed(20261205),
        max_shrink_iters: 32,
        failure_persistence: None,
        ..Cases::default()
    })]

    #[test]
    fn every_published_document_stays_well_formed(
        title in pieces(),
        text in pieces(),
        name in pieces(),
    ) {
        let _one = one_site_at_a_time();
        shared_runtime().block_on(publish_and_read(title, text, name));
    }
}
