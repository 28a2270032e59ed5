//! `/claims.atom`: claim status changes as an Atom (RFC 4287) feed, written with quick-xml so
//! every piece of text is escaped.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use crate::feeds::{author, link, text_el};
use quick_xml::Writer;

/// One status change as the feed shows it.
pub struct Change {
    pub event_id: i64,
    pub claim_id: i64,
    /// RFC 3339.
    pub at: String,
    pub actor: String,
    pub title: String,
    pub summary: String,
}

/// The namespace of Proofwire's extension elements in the feed.
pub const LOG_NAMESPACE: &str = "https://proofwire.invalid/ns/claim-log";

/// The feed document. `updated` is the newest change (or `fallback_updated` when none).
/// The claim log's head and length go in a `proofwire:log` element: readers and archives of
/// the feed keep a copy of it outside the database (`verify-log --expect-head`).
pub fn feed(
    public_url: &str,
    changes: &[Change],
    fallback_updated: &str,
    log: &super::log::Checkpoint,
) -> String {
    let base = public_url.trim_end_matches('/');
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let result: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut root = BytesStart::new("feed");
        root.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
        root.push_attribute(("xmlns:proofwire", LOG_NAMESPACE));
        w.write_event(Event::Start(root))?;
        let mut head = BytesStart::new("proofwire:log");
        head.push_attribute(("events", log.events.unwrap_or(0).to_string().as_str()));
        head.push_attribute(("head", log.head.as_str()));
        w.write_event(Event::Empty(head))?;
        text_el(&mut w, "id", &format!("{base}/claims.atom"), &[])?;
        text_el(&mut w, "title", "Proofwire: claim status changes", &[])?;
        let updated = changes
            .first()
            .map(|c| c.at.as_str())
            .unwrap_or(fallback_updated);
        text_el(&mut w, "updated", updated, &[])?;
        link(&mut w, &format!("{base}/claims.atom"), "self", None)?;
        link(&mut w, &format!("{base}/claims"), "alternate", None)?;
        author(&mut w, "Proofwire")?;
        for c in changes {
            w.write_event(Event::Start(BytesStart::new("entry")))?;
            text_el(
                &mut w,
                "id",
                &format!("{base}/claim/{}#event-{}", c.claim_id, c.event_id),
                &[],
            )?;
            text_el(&mut w, "title", &c.title, &[("type", "text")])?;
            text_el(&mut w, "updated", &c.at, &[])?;
            link(
                &mut w,
                &format!("{base}/claim/{}", c.claim_id),
                "alternate",
                None,
            )?;
            author(&mut w, &c.actor)?;
            text_el(&mut w, "summary", &c.summary, &[("type", "text")])?;
            w.write_event(Event::End(BytesEnd::new("entry")))?;
        }
        w.write_event(Event::End(BytesEnd::new("feed")))?;
        Ok(())
    })();
    // Writing into a Vec cannot fail; an error here would be a bug, so keep what was written.
    if let Err(e) = result {
        tracing::error!(error = %e, "writing the claims feed");
    }
    String::from_utf8(w.into_inner()).unwrap_or_default()
}
