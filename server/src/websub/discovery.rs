//! Which hub a feed names and what it calls itself (WebSub §4, "Discovery"): the HTTP `Link`
//! header first, then the document's own links (Atom `<link>`, `atom:link` inside RSS, a JSON
//! Feed's `hubs` and `feed_url`). Everything here comes from the feed, so a hub or topic that
//! is not a plain http(s) URL is dropped, never used.

use url::Url;

/// Longest hub or topic URL kept (a feed may name anything).
const MAX_URL_LEN: usize = 2000;

/// The hubs and self URL one place (a header, or a document) names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advertised {
    pub hubs: Vec<Url>,
    pub self_url: Option<Url>,
}

/// A hub to subscribe to, for a topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub hub: Url,
    pub topic: Url,
}

fn usable(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.len() > MAX_URL_LEN {
        return None;
    }
    let url = match (Url::parse(href), base) {
        (Ok(u), _) => u,
        (Err(_), Some(b)) => b.join(href).ok()?,
        (Err(_), None) => return None,
    };
    (matches!(url.scheme(), "http" | "https") && url.host().is_some()).then_some(url)
}

impl Advertised {
    /// Takes one link: `rel` may hold several space-separated relations.
    pub fn add(&mut self, rel: &str, href: &str, base: Option<&Url>) {
        for r in rel.split_ascii_whitespace() {
            if r.eq_ignore_ascii_case("hub") {
                if let Some(u) = usable(href, base) {
                    if !self.hubs.contains(&u) && self.hubs.len() < 8 {
                        self.hubs.push(u);
                    }
                }
            } else if r.eq_ignore_ascii_case("self") && self.self_url.is_none() {
                self.self_url = usable(href, base);
            }
        }
    }

    /// The `rel="hub"` and `rel="self"` targets of an HTTP `Link` header.
    pub fn from_link_header(header: &str, base: &Url) -> Advertised {
        let mut found = Advertised::default();
        // `<target>; param; param, <target>; …`: a target holds no `>`, so each link is cut
        // at its closing bracket rather than at commas (which a URL may hold).
        let mut rest = header;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('>') else { break };
            let target = &after[..close];
            let params_all = &after[close + 1..];
            let end = params_all.find('<').unwrap_or(params_all.len());
            let params = &params_all[..end];
            for p in params.split(';') {
                let p = p.trim().trim_end_matches(',').trim();
                if let Some((key, value)) = p.split_once('=') {
                    if key.trim().eq_ignore_ascii_case("rel") {
                        found.add(value.trim().trim_matches('"'), target, Some(base));
                    }
                }
            }
            rest = &params_all[end..];
        }
        found
    }

    /// A JSON Feed's `hubs` (`[{"type": "WebSub", "url": …}]`) and `feed_url`.
    pub fn from_json_feed(doc: &serde_json::Value, base: Option<&Url>) -> Advertised {
        let mut found = Advertised::default();
        if let Some(hubs) = doc.get("hubs").and_then(|h| h.as_array()) {
            for h in hubs.iter().take(32) {
                let kind = h.get("type").and_then(|t| t.as_str()).unwrap_or("");
                let url = h.get("url").and_then(|u| u.as_str()).unwrap_or("");
                if kind.eq_ignore_ascii_case("websub") {
                    found.add("hub", url, base);
                }
            }
        }
        if let Some(u) = doc.get("feed_url").and_then(|u| u.as_str()) {
            found.add("self", u, base);
        }
        found
    }
}

/// The hub and topic to subscribe to: the header's links over the document's (the header
/// wins, as WebSub says). The topic is the self URL; a feed that names a hub but no self is
/// taken at the address it was read from.
pub fn choose(header: &Advertised, document: &Advertised, fetched: &Url) -> Option<Found> {
    let hub = header.hubs.first().or(document.hubs.first())?.clone();
    let topic = header
        .self_url
        .clone()
        .or_else(|| document.self_url.clone())
        .unwrap_or_else(|| fetched.clone());
    Some(Found { hub, topic })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn base() -> Url {
        Url::parse("https://vendor.example/feed.xml").expect("url")
    }

    #[test]
    fn link_header_names_hub_and_self() {
        let h = r#"<https://hub.example/>; rel="hub", </feed.xml?a=1,2>; rel="self""#;
        let a = Advertised::from_link_header(h, &base());
        assert_eq!(a.hubs, vec![Url::parse("https://hub.example/").unwrap()]);
        assert_eq!(
            a.self_url.map(|u| u.to_string()).as_deref(),
            Some("https://vendor.example/feed.xml?a=1,2")
        );
    }

    #[test]
    fn malformed_and_non_http_hubs_are_dropped() {
        let mut a = Advertised::default();
        a.add("hub", "javascript:alert(1)", Some(&base()));
        a.add("hub", "mailto:x@y", None);
        a.add("hub", "http://", None);
        a.add(
            "hub",
            &format!("https://h.example/{}", "a".repeat(3000)),
            None,
        );
        a.add("hub", "not a url", None);
        assert!(a.hubs.is_empty(), "{a:?}");
        a.add("alternate hub", "//hub.example/x", Some(&base()));
        assert_eq!(a.hubs[0].as_str(), "https://hub.example/x");
    }

    #[test]
    fn the_header_wins_and_self_defaults_to_the_address_read() {
        let mut doc = Advertised::default();
        doc.add("hub", "https://doc-hub.example/", None);
        let none = Advertised::default();
        let f = choose(&none, &doc, &base()).expect("found");
        assert_eq!(f.hub.as_str(), "https://doc-hub.example/");
        assert_eq!(f.topic, base());
        let header = Advertised::from_link_header(
            "<https://header-hub.example/>; rel=hub, <https://vendor.example/self>; rel=self",
            &base(),
        );
        let f = choose(&header, &doc, &base()).expect("found");
        assert_eq!(f.hub.as_str(), "https://header-hub.example/");
        assert_eq!(f.topic.as_str(), "https://vendor.example/self");
        assert_eq!(choose(&none, &none, &base()), None);
    }

    #[test]
    fn json_feed_hubs() {
        let doc = serde_json::json!({
            "feed_url": "https://vendor.example/feed.json",
            "hubs": [{"type": "rssCloud", "url": "https://cloud.example/"},
                     {"type": "WebSub", "url": "https://hub.example/"},
                     {"type": "WebSub", "url": 7}]
        });
        let a = Advertised::from_json_feed(&doc, None);
        assert_eq!(a.hubs, vec![Url::parse("https://hub.example/").unwrap()]);
        assert_eq!(
            a.self_url.map(|u| u.to_string()).as_deref(),
            Some("https://vendor.example/feed.json")
        );
    }

    proptest! {
        #[test]
        fn link_headers_never_panic(h in "\\PC{0,200}") {
            let a = Advertised::from_link_header(&h, &base());
            for hub in a.hubs {
                prop_assert!(matches!(hub.scheme(), "http" | "https"));
            }
        }
    }
}
