//! `/claims.atom`: claim status changes as an Atom (RFC 4287) feed, written through
//! `xml::XmlWriter`, so every piece of text is escaped and reduced to what XML can carry.

use crate::feeds::{author, link};
use crate::xml::XmlWriter;

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
    let mut w = XmlWriter::new(1);
    w.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xmlns:proofwire", LOG_NAMESPACE),
        ],
    );
    w.empty(
        "proofwire:log",
        &[
            ("events", log.events.unwrap_or(0).to_string().as_str()),
            ("head", log.head.as_str()),
        ],
    );
    w.text_element("id", &format!("{base}/claims.atom"), &[]);
    w.text_element("title", "Proofwire: claim status changes", &[]);
    let updated = changes
        .first()
        .map(|c| c.at.as_str())
        .unwrap_or(fallback_updated);
    w.text_element("updated", updated, &[]);
    link(&mut w, &format!("{base}/claims.atom"), "self", None);
    link(&mut w, &format!("{base}/claims"), "alternate", None);
    author(&mut w, "Proofwire");
    for c in changes {
        w.open("entry", &[]);
        w.text_element(
            "id",
            &format!("{base}/claim/{}#event-{}", c.claim_id, c.event_id),
            &[],
        );
        w.text_element("title", &c.title, &[("type", "text")]);
        w.text_element("updated", &c.at, &[]);
        link(
            &mut w,
            &format!("{base}/claim/{}", c.claim_id),
            "alternate",
            None,
        );
        author(&mut w, &c.actor);
        w.text_element("summary", &c.summary, &[("type", "text")]);
        w.close("entry");
    }
    w.close("feed");
    w.finish("the claims feed")
}
