//! Turns a fetched feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into entries.
//!
//! Before feed-rs sees a byte we decode legacy encodings (EUC-KR and friends) to UTF-8, refuse
//! entity declarations (the billion-laughs family) and check that the XML is complete and
//! well-formed, because feed-rs is lenient and would turn a truncated download into a feed
//! with fewer entries, which ingestion would then trust.

use chrono::{DateTime, Utc};
use encoding_rs::Encoding;
use quick_xml::events::Event;
use url::Url;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FeedError {
    #[error("the document declares XML entities, which are refused")]
    Entities,
    #[error("the document is not a feed: {0}")]
    NotAFeed(String),
    #[error("the feed is truncated or not well-formed XML: {0}")]
    Malformed(String),
    #[error("the JSON feed is truncated or not valid JSON: {0}")]
    BadJson(String),
    #[error("unknown character encoding {0:?}")]
    Encoding(String),
    #[error("{0}")]
    Listing(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeedEntry {
    pub guid: Option<String>,
    pub link: Option<Url>,
    /// Plain text: markup in a title is reduced to its text.
    pub title: String,
    /// Untrusted HTML from the feed (content, else summary); sanitized before it is stored.
    pub html: String,
    pub published: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub entries: Vec<FeedEntry>,
    /// The WebSub hubs and self URL the document names (none for listings).
    pub advertised: crate::websub::discovery::Advertised,
}

/// Character encoding from a BOM, the XML declaration, or the HTTP charset, in that order.
fn detect_encoding(
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<&'static Encoding, FeedError> {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Ok(enc);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    if head.trim_start().starts_with("<?xml") {
        if let Some(decl_end) = head.find("?>") {
            let decl = &head[..decl_end];
            if let Some(pos) = decl.find("encoding") {
                let rest = decl[pos + "encoding".len()..].trim_start();
                let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
                let quote = rest.chars().next().unwrap_or('"');
                let label: String = rest.chars().skip(1).take_while(|c| *c != quote).collect();
                return Encoding::for_label(label.trim().as_bytes())
                    .ok_or(FeedError::Encoding(label));
            }
        }
    }
    if let Some(ct) = content_type {
        if let Some(cs) = ct
            .split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
        {
            let cs = cs.trim_matches('"');
            return Encoding::for_label(cs.as_bytes())
                .ok_or_else(|| FeedError::Encoding(cs.into()));
        }
    }
    Ok(encoding_rs::UTF_8)
}

/// Decodes to UTF-8 and rewrites the declaration to say so, so feed-rs does not decode twice.
pub(crate) fn to_utf8(bytes: &[u8], content_type: Option<&str>) -> Result<String, FeedError> {
    let enc = detect_encoding(bytes, content_type)?;
    let (text, _, _) = enc.decode(bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with("<?xml") {
        if let Some(end) = text.find("?>") {
            return Ok(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
                &text[end + 2..]
            ));
        }
    }
    Ok(text.to_string())
}

/// Walks the whole document once: refuses entity declarations, finds the root element (one
/// of `roots`) and insists every element is closed.
pub(crate) fn check_xml_root(text: &str, roots: &[&str]) -> Result<(), FeedError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth: usize = 0;
    let mut root: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::DocType(d)) => {
                let body = String::from_utf8_lossy(&d);
                if body.contains("<!ENTITY") || body.contains("<!entity") {
                    return Err(FeedError::Entities);
                }
            }
            Ok(Event::Start(e)) => {
                if root.is_none() {
                    root = Some(String::from_utf8_lossy(e.local_name().as_ref()).to_lowercase());
                    check_root(root.as_deref(), roots)?;
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) => {
                if root.is_none() {
                    root = Some(String::from_utf8_lossy(e.local_name().as_ref()).to_lowercase());
                    check_root(root.as_deref(), roots)?;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(FeedError::Malformed(format!(
                    "{e} at byte {}",
                    reader.buffer_position()
                )))
            }
        }
    }
    match root {
        None => Err(FeedError::NotAFeed("no root element".into())),
        Some(_) if depth > 0 => Err(FeedError::Malformed(format!(
            "document ends with {depth} element(s) still open"
        ))),
        Some(_) => Ok(()),
    }
}

/// The roots a feed document may have.
const FEED_ROOTS: &[&str] = &["rss", "feed", "rdf", "channel"];

fn check_xml(text: &str) -> Result<(), FeedError> {
    check_xml_root(text, FEED_ROOTS)
}

fn check_root(root: Option<&str>, roots: &[&str]) -> Result<(), FeedError> {
    match root {
        Some(r) if roots.contains(&r) => Ok(()),
        Some("html") => Err(FeedError::NotAFeed("it is an HTML page".into())),
        Some(other) => Err(FeedError::NotAFeed(format!("root element <{other}>"))),
        None => Ok(()),
    }
}

/// Reduces markup in a title to plain text (entities decoded, tags dropped).
pub fn plain_text(fragment: &str) -> String {
    let doc = scraper::Html::parse_fragment(&super::extract::limit_nesting(
        fragment,
        super::extract::MAX_DEPTH,
    ));
    let text: String = doc.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The four hex digits of a `\uXXXX` escape starting at `at` (the backslash), if it is one.
fn unicode_escape(bytes: &[u8], at: usize) -> Option<u16> {
    if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
        return None;
    }
    let hex = std::str::from_utf8(bytes.get(at + 2..at + 6)?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

/// JSON text with every lone surrogate escape (`\ud800` without its pair, or a stray
/// `\udc00`) replaced by `\ufffd`. JSON allows them, but serde_json refuses a string holding
/// one, which would fail the whole feed over one post's title; a pair is kept as it is.
pub(crate) fn mend_lone_surrogates(json: &str) -> std::borrow::Cow<'_, str> {
    let bytes = json.as_bytes();
    if !json.contains("\\u") {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len());
    // Everything before `copied` is in `out`; cuts fall only before ASCII bytes (a backslash)
    // or at the end, so they are character boundaries.
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match unicode_escape(bytes, i) {
            Some(0xD800..=0xDBFF)
                if matches!(unicode_escape(bytes, i + 6), Some(0xDC00..=0xDFFF)) =>
            {
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str(&json[copied..i]);
                out.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            // Any other escape, `\\` included, is two characters (or six, the same either way).
            _ => i += 2,
        }
    }
    out.push_str(json.get(copied..).unwrap_or_default());
    std::borrow::Cow::Owned(out)
}

pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base: Option<&Url>,
) -> Result<ParsedFeed, FeedError> {
    let first = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xef && *b != 0xbb && *b != 0xbf)
        .map(|i| bytes[i]);
    let mut advertised = crate::websub::discovery::Advertised::default();
    let text = if first == Some(b'{') {
        let text = mend_lone_surrogates(&String::from_utf8_lossy(bytes)).into_owned();
        let doc = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| FeedError::BadJson(e.to_string()))?;
        // feed-rs reads neither `hubs` nor `feed_url` as a relation.
        advertised = crate::websub::discovery::Advertised::from_json_feed(&doc, base);
        text
    } else {
        let text = to_utf8(bytes, content_type)?;
        if !text.trim_start().starts_with('<') {
            return Err(FeedError::NotAFeed("it is neither XML nor JSON".into()));
        }
        check_xml(&text)?;
        text
    };
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.map(Url::as_str))
        .build();
    let feed = parser
        .parse(text.as_bytes())
        .map_err(|e| FeedError::NotAFeed(e.to_string()))?;
    for l in &feed.links {
        if let Some(rel) = l.rel.as_deref() {
            advertised.add(rel, &l.href, base);
        }
    }
    let entries = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())
                .and_then(|l| match (Url::parse(&l.href), base) {
                    (Ok(u), _) => Some(u),
                    (Err(_), Some(b)) => b.join(&l.href).ok(),
                    (Err(_), None) => None,
                })
                .filter(|u| matches!(u.scheme(), "http" | "https"));
            let html = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))
                .unwrap_or_default();
            let guid = Some(e.id).filter(|id| !id.trim().is_empty());
            FeedEntry {
                guid,
                link,
                title: e.title.map(|t| plain_text(&t.content)).unwrap_or_default(),
                html,
                published: e.published.or(e.updated),
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| plain_text(&t.content)),
        entries,
        advertised,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hub and self a WebSub subscriber discovers in our own feeds (`crate::feeds`), read
    /// back as ingestion reads them.
    #[test]
    fn our_feeds_name_their_hub_and_self() {
        use crate::feeds::{atom, json_feed, Entry, Feed};
        let f = Feed {
            id: "http://x.test/feed.atom".into(),
            title: "T <&> \"q\"".into(),
            home: "http://x.test/".into(),
            atom_url: "http://x.test/feed.atom".into(),
            json_url: "http://x.test/feed.json".into(),
            language: "en".into(),
            updated: "2026-02-21T01:10:00+00:00".into(),
            entries: vec![Entry {
                id: "http://x.test/digest/2026-02-21".into(),
                title: "AI news </title><script>".into(),
                url: "http://x.test/digest/2026-02-21".into(),
                published: "2026-02-21T01:10:00+00:00".into(),
                updated: "2026-02-21T02:00:00+00:00".into(),
                summary: "a & b".into(),
                content_html: format!("<p>{}</p>", crate::feeds::html("<b>not bold</b>")),
                author: "Proofwire".into(),
            }],
            hub: Some("https://hub.example/".into()),
        };
        for (name, body) in [("atom", atom(&f)), ("json", json_feed(&f))] {
            let ours = parse(body.as_bytes(), None, None).expect("parses");
            let want_self = if name == "atom" {
                &f.atom_url
            } else {
                &f.json_url
            };
            assert_eq!(
                ours.advertised
                    .hubs
                    .iter()
                    .map(|u| u.as_str())
                    .collect::<Vec<_>>(),
                vec!["https://hub.example/"],
                "{name}"
            );
            assert_eq!(
                ours.advertised.self_url.as_ref().map(|u| u.as_str()),
                Some(want_self.as_str()),
                "{name}"
            );
        }
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title><link>https://ex.com/</link>
<item><title>Hello &lt;b&gt;world&lt;/b&gt;</title><link>/posts/1</link><guid>g1</guid>
<pubDate>Sat, 21 Feb 2026 01:00:00 GMT</pubDate><description>&lt;p&gt;Body&lt;/p&gt;</description></item>
</channel></rss>"#;

    #[test]
    fn rss_with_relative_link_resolved_against_feed_url() {
        let base = Url::parse("https://ex.com/feed.xml").expect("url");
        let f = parse(RSS.as_bytes(), None, Some(&base)).expect("parses");
        assert_eq!(f.entries.len(), 1);
        let e = &f.entries[0];
        assert_eq!(e.title, "Hello world");
        assert_eq!(
            e.link.as_ref().map(Url::as_str),
            Some("https://ex.com/posts/1")
        );
        assert_eq!(e.guid.as_deref(), Some("g1"));
        assert!(e.html.contains("<p>Body</p>"));
        assert_eq!(
            e.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-02-21T01:00:00+00:00")
        );
    }

    #[test]
    fn truncated_xml_is_an_error_not_a_shorter_feed() {
        let cut = &RSS[..RSS.len() - 30];
        assert!(matches!(
            parse(cut.as_bytes(), None, None),
            Err(FeedError::Malformed(_))
        ));
    }

    #[test]
    fn entity_declarations_are_refused() {
        let doc = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel><title>&b;</title></channel></rss>"#;
        assert_eq!(parse(doc.as_bytes(), None, None), Err(FeedError::Entities));
    }

    #[test]
    fn html_and_garbage_are_not_feeds() {
        let html =
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>";
        assert!(matches!(
            parse(html.as_bytes(), None, None),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(
            parse(b"hello", None, None),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(
            parse(b"{\"version\": ", None, None),
            Err(FeedError::BadJson(_))
        ));
    }

    #[test]
    fn euc_kr_is_decoded() {
        let xml = r#"<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><title>블로그</title><item><title>정렬 연구 지원</title><link>https://ex.kr/1</link></item></channel></rss>"#;
        let (bytes, _, _) = encoding_rs::EUC_KR.encode(xml);
        let f = parse(&bytes, None, None).expect("parses");
        assert_eq!(f.entries[0].title, "정렬 연구 지원");
        assert_eq!(f.title.as_deref(), Some("블로그"));
    }

    #[test]
    fn json_feed() {
        let doc = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://ex.com/a","title":"A","content_html":"<p>x</p>","date_published":"2026-02-20T10:00:00Z"}]}"#;
        let f = parse(doc.as_bytes(), None, None).expect("parses");
        assert_eq!(f.entries[0].title, "A");
        assert_eq!(
            f.entries[0].link.as_ref().map(Url::as_str),
            Some("https://ex.com/a")
        );
    }

    /// A JSON string literal of text pieces and surrogate escapes, paired or not.
    fn literal() -> impl proptest::strategy::Strategy<Value = (String, bool)> {
        use proptest::prelude::*;
        prop::collection::vec(
            prop_oneof![
                any::<String>().prop_map(|t| {
                    let q = serde_json::to_string(&t).unwrap_or_default();
                    (q[1..q.len() - 1].to_string(), false)
                }),
                Just(("\\\\u".to_string(), false)),
                Just(("\\ud83d\\ude00".to_string(), false)),
                (0xD800u16..0xE000).prop_map(|u| (format!("\\u{u:04x}"), true)),
            ],
            0..10,
        )
        .prop_map(|parts| {
            let lone = parts.iter().any(|(_, l)| *l);
            (
                format!(
                    "\"{}\"",
                    parts.into_iter().map(|(p, _)| p).collect::<String>()
                ),
                lone,
            )
        })
    }

    proptest::proptest! {
        /// A lone surrogate no longer fails the document; anything else is left as it was.
        #[test]
        fn lone_surrogates_are_mended_and_nothing_else_changes((text, lone) in literal()) {
            let mended = mend_lone_surrogates(&text);
            let parsed = serde_json::from_str::<String>(&mended);
            proptest::prop_assert!(parsed.is_ok(), "{text:?} → {mended:?}");
            if !lone {
                proptest::prop_assert_eq!(mended.as_ref(), text.as_str());
            }
        }
    }

    #[test]
    fn a_json_feed_with_a_lone_surrogate_in_a_title_keeps_its_posts() {
        let doc = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Lab",
            "items": [{"id": "1", "url": "https://ex.com/1", "title": "A \ud800 B \u0001 \ud83d\ude00",
            "content_html": "<p>x \udfff</p>"}]}"#;
        let f = parse(doc.as_bytes(), None, None).expect("the feed is read");
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].title, "A \u{FFFD} B \u{1} 😀");
        assert!(f.entries[0].html.contains("x \u{FFFD}"));
    }
}
