//! Who decides an article: an article is its canonical address, and the source that speaks for
//! it is the one whose own site serves that address (the vendor's feed for the vendor's post).
//! An outlet that links the post first stands in for it until the vendor's feed is read, then
//! only counts as coverage. Which source was read first is chance (sources are read
//! concurrently), so nothing here depends on it except among equals.

use app::ids::SourceId;
use url::Url;

/// A site: the host without a leading `www.`, and the port (so two loopback servers, or a
/// vendor's site and a mirror on another port, are different sites).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    host: String,
    port: Option<u16>,
}

impl Site {
    pub fn of(url: &Url) -> Option<Site> {
        let host = url.host_str()?.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        Some(Site {
            host,
            port: url.port_or_known_default(),
        })
    }

    /// The site of a source as the `sources` table describes it: its address, possibly followed
    /// by its kind in brackets; a snapshot file has no site.
    pub fn of_location(described: &str) -> Option<Site> {
        let address = described.split_whitespace().next()?;
        Site::of(&Url::parse(address).ok()?)
    }

    pub fn of_address(address: &str) -> Option<Site> {
        Site::of(&Url::parse(address).ok()?)
    }
}

/// Whether a source read from `location` is the article's own site's source.
pub fn speaks_for(location: &str, address: &str) -> bool {
    match (Site::of_location(location), Site::of_address(address)) {
        (Some(source), Some(article)) => source == article,
        _ => false,
    }
}

/// What a feed entry may do to the article stored at the address it links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The source that speaks for the article: it may write title, vendor and text.
    Owner,
    /// The address's own site's source, finding the article stored by an outlet: it takes it
    /// over (title, vendor and text become its own).
    TakeOver,
    /// Anyone else: recorded as carrying the article, nothing of it changed.
    Coverage,
}

/// The role of `source` for an article owned by `owner`, given whether each is the article
/// address's own site's source.
pub fn role(
    source: &SourceId,
    source_is_home: bool,
    owner: &SourceId,
    owner_is_home: bool,
) -> Role {
    if source == owner {
        Role::Owner
    } else if source_is_home && !owner_is_home {
        Role::TakeOver
    } else {
        Role::Coverage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_ignore_www_and_compare_ports() {
        assert!(speaks_for(
            "https://www.acme.ai/blog/rss.xml",
            "https://acme.ai/blog/acme-7"
        ));
        assert!(speaks_for(
            "https://acme.ai/sitemap.xml (sitemap)",
            "https://ACME.ai:443/news/x"
        ));
        assert!(!speaks_for(
            "http://127.0.0.1:8080/feed.xml",
            "http://127.0.0.1:9090/post"
        ));
        assert!(!speaks_for(
            "https://news.example/feed",
            "https://acme.ai/blog/acme-7"
        ));
        assert!(!speaks_for(
            "file: /srv/demo/feed.xml",
            "https://acme.ai/blog/x"
        ));
        assert!(!speaks_for("https://acme.ai/feed", "not a url"));
    }

    #[test]
    fn the_home_site_takes_over_from_an_outlet_but_not_from_another_home_feed() {
        let role = |source: &str, source_is_home, owner: &str, owner_is_home| {
            role(
                &SourceId::from(source),
                source_is_home,
                &SourceId::from(owner),
                owner_is_home,
            )
        };
        assert_eq!(role("agg", false, "agg", false), Role::Owner);
        assert_eq!(role("vendor", true, "agg", false), Role::TakeOver);
        assert_eq!(role("agg", false, "vendor", true), Role::Coverage);
        assert_eq!(role("research", true, "news", true), Role::Coverage);
        assert_eq!(role("other", false, "agg", false), Role::Coverage);
    }

    proptest::proptest! {
        /// Hostile addresses (any Unicode, very long) never panic and never let a source speak
        /// for an address that does not parse; a host speaks for its own posts whatever the
        /// case of its name and its `www.`, and not for another host's.
        #[test]
        fn any_address_is_judged_without_panicking(
            location in "\\PC{0,300}",
            address in "\\PC{0,300}",
            host in "[a-zA-Z0-9][a-zA-Z0-9-]{0,39}",
            path in "\\PC{0,80}",
        ) {
            let _ = speaks_for(&location, &address);
            // The same text as a host name goes through IDNA mapping (case folding, combining
            // marks) inside the URL parser.
            let _ = speaks_for(&format!("https://{location}/f"), &format!("https://{address}/p"));
            if Url::parse(&address).map_or(true, |u| u.host_str().is_none()) {
                proptest::prop_assert!(!speaks_for(&location, &address));
            }
            let feed = format!("https://www.{host}.example/feed.xml");
            let post = format!("https://{}.example/{}", host.to_uppercase(), path);
            if Site::of_address(&feed).is_some() && Site::of_address(&post).is_some() {
                proptest::prop_assert!(speaks_for(&feed, &post), "{} / {}", feed, post);
                let elsewhere = format!("https://{host}.example.org/{path}");
                proptest::prop_assert!(!speaks_for(&feed, &elsewhere));
            }
        }
    }
}
