//! Subscription feeds readers' apps understand: one document model written as Atom (RFC 4287,
//! through `xml::XmlWriter`, so every piece of text is escaped and reduced to what XML can
//! carry) or as JSON Feed 1.1 (serde_json, which escapes any character JSON needs escaped). The web handlers in
//! `web/feeds.rs` fill it from digests, a vendor's articles or a saved search.

use serde_json::json;

use crate::xml::XmlWriter;

/// One feed, whatever it is written as.
#[derive(Debug, Clone)]
pub struct Feed {
    /// A stable IRI for the feed (its Atom address).
    pub id: String,
    pub title: String,
    /// The page the feed mirrors.
    pub home: String,
    pub atom_url: String,
    pub json_url: String,
    /// `ko` or `en`.
    pub language: String,
    /// RFC 3339: the newest entry's, or the time the feed was made when it has none.
    pub updated: String,
    pub entries: Vec<Entry>,
    /// The WebSub hub this feed is announced to (`rel="hub"`, JSON Feed `hubs`); only feeds
    /// the hub is told about name one, and each names itself with its topic URL (`atom_url`,
    /// `json_url`).
    pub hub: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub title: String,
    /// Where the entry is read: a digest page, or the original post.
    pub url: String,
    /// RFC 3339.
    pub published: String,
    /// RFC 3339.
    pub updated: String,
    /// Plain text.
    pub summary: String,
    /// HTML built from escaped text only (see `html`).
    pub content_html: String,
    pub author: String,
}

/// Escapes text for the HTML inside a feed entry.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An Atom `<link>`.
pub(crate) fn link(w: &mut XmlWriter, href: &str, rel: &str, kind: Option<&str>) {
    match kind {
        Some(k) => w.empty("link", &[("href", href), ("rel", rel), ("type", k)]),
        None => w.empty("link", &[("href", href), ("rel", rel)]),
    }
}

/// An Atom `<author>` with its name.
pub(crate) fn author(w: &mut XmlWriter, name: &str) {
    w.open("author", &[]);
    w.text_element("name", name, &[]);
    w.close("author");
}

/// The feed as an Atom document.
pub fn atom(feed: &Feed) -> String {
    let mut w = XmlWriter::new(1);
    w.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", feed.language.as_str()),
        ],
    );
    w.text_element("id", &feed.id, &[]);
    w.text_element("title", &feed.title, &[("type", "text")]);
    w.text_element("updated", &feed.updated, &[]);
    link(&mut w, &feed.atom_url, "self", Some("application/atom+xml"));
    if let Some(hub) = &feed.hub {
        link(&mut w, hub, "hub", None);
    }
    link(&mut w, &feed.home, "alternate", Some("text/html"));
    link(
        &mut w,
        &feed.json_url,
        "alternate",
        Some("application/feed+json"),
    );
    author(&mut w, "Proofwire");
    w.text_element("generator", "Proofwire", &[]);
    for e in &feed.entries {
        w.open("entry", &[]);
        w.text_element("id", &e.id, &[]);
        w.text_element("title", &e.title, &[("type", "text")]);
        w.text_element("published", &e.published, &[]);
        w.text_element("updated", &e.updated, &[]);
        link(&mut w, &e.url, "alternate", Some("text/html"));
        author(&mut w, &e.author);
        w.text_element("summary", &e.summary, &[("type", "text")]);
        w.text_element("content", &e.content_html, &[("type", "html")]);
        w.close("entry");
    }
    w.close("feed");
    w.finish(&feed.id)
}

/// The feed as a JSON Feed 1.1 document.
pub fn json_feed(feed: &Feed) -> String {
    let items: Vec<serde_json::Value> = feed
        .entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published,
                "date_modified": e.updated,
                "authors": [{"name": e.author}],
            })
        })
        .collect();
    let mut doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.json_url,
        "language": feed.language,
        "authors": [{"name": "Proofwire"}],
        "items": items,
    });
    if let Some(hub) = &feed.hub {
        doc["hubs"] = json!([{"type": "WebSub", "url": hub}]);
    }
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Feed {
        Feed {
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
                content_html: format!("<p>{}</p>", html("<b>not bold</b>")),
                author: "Proofwire".into(),
            }],
            hub: Some("https://hub.example/".into()),
        }
    }

    #[test]
    fn both_forms_parse_back_with_their_text_intact() {
        let f = sample();
        for (name, body) in [("atom", atom(&f)), ("json", json_feed(&f))] {
            let parsed = feed_rs::parser::parse(body.as_bytes())
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}\n{body}"));
            assert_eq!(
                parsed.title.map(|t| t.content).as_deref(),
                Some("T <&> \"q\"")
            );
            assert_eq!(parsed.entries.len(), 1, "{name}");
            let e = &parsed.entries[0];
            assert_eq!(e.id, "http://x.test/digest/2026-02-21", "{name}");
            assert_eq!(
                e.title.as_ref().map(|t| t.content.as_str()),
                Some("AI news </title><script>"),
                "{name}"
            );
            let content = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .unwrap_or_default();
            assert!(
                content.contains("&lt;b&gt;not bold&lt;/b&gt;"),
                "{name}: {content}"
            );
            assert_eq!(e.links[0].href, "http://x.test/digest/2026-02-21", "{name}");
            // The hub and self a subscriber discovers: `ingest::feed`'s tests read them back.
        }
        let mut plain = f.clone();
        plain.hub = None;
        assert!(!atom(&plain).contains("rel=\"hub\""));
        assert!(!json_feed(&plain).contains("hubs"));
    }
}
