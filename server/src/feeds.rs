//! Subscription feeds readers' apps understand: one document model written as Atom (RFC 4287,
//! with quick-xml so every piece of text is escaped) or as JSON Feed 1.1. The web handlers in
//! `web/feeds.rs` fill it from digests, a vendor's articles or a saved search.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde_json::json;

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

/// One element holding escaped text, with attributes.
pub(crate) fn text_el(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    text: &str,
    attrs: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut start = BytesStart::new(name);
    for a in attrs {
        start.push_attribute(*a);
    }
    w.write_event(Event::Start(start))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// An Atom `<link>`.
pub(crate) fn link(
    w: &mut Writer<Vec<u8>>,
    href: &str,
    rel: &str,
    kind: Option<&str>,
) -> std::io::Result<()> {
    let mut el = BytesStart::new("link");
    el.push_attribute(("href", href));
    el.push_attribute(("rel", rel));
    if let Some(k) = kind {
        el.push_attribute(("type", k));
    }
    w.write_event(Event::Empty(el))
}

/// An Atom `<author>` with its name.
pub(crate) fn author(w: &mut Writer<Vec<u8>>, name: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("author")))?;
    text_el(w, "name", name, &[])?;
    w.write_event(Event::End(BytesEnd::new("author")))
}

/// The feed as an Atom document.
pub fn atom(feed: &Feed) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let written: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut root = BytesStart::new("feed");
        root.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
        root.push_attribute(("xml:lang", feed.language.as_str()));
        w.write_event(Event::Start(root))?;
        text_el(&mut w, "id", &feed.id, &[])?;
        text_el(&mut w, "title", &feed.title, &[("type", "text")])?;
        text_el(&mut w, "updated", &feed.updated, &[])?;
        link(&mut w, &feed.atom_url, "self", Some("application/atom+xml"))?;
        link(&mut w, &feed.home, "alternate", Some("text/html"))?;
        link(
            &mut w,
            &feed.json_url,
            "alternate",
            Some("application/feed+json"),
        )?;
        author(&mut w, "Proofwire")?;
        text_el(&mut w, "generator", "Proofwire", &[])?;
        for e in &feed.entries {
            w.write_event(Event::Start(BytesStart::new("entry")))?;
            text_el(&mut w, "id", &e.id, &[])?;
            text_el(&mut w, "title", &e.title, &[("type", "text")])?;
            text_el(&mut w, "published", &e.published, &[])?;
            text_el(&mut w, "updated", &e.updated, &[])?;
            link(&mut w, &e.url, "alternate", Some("text/html"))?;
            author(&mut w, &e.author)?;
            text_el(&mut w, "summary", &e.summary, &[("type", "text")])?;
            text_el(&mut w, "content", &e.content_html, &[("type", "html")])?;
            w.write_event(Event::End(BytesEnd::new("entry")))?;
        }
        w.write_event(Event::End(BytesEnd::new("feed")))?;
        Ok(())
    })();
    // Writing into a Vec cannot fail; keep what was written and say so if it ever does.
    if let Err(e) = written {
        tracing::error!(error = %e, feed = %feed.id, "writing an Atom feed");
    }
    String::from_utf8(w.into_inner()).unwrap_or_default()
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
    let doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.json_url,
        "language": feed.language,
        "authors": [{"name": "Proofwire"}],
        "items": items,
    });
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
        }
    }
}
