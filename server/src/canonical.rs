//! Canonical URLs: the key that makes the same post from two feeds one article.

use url::Url;

/// Lower-case host (the `url` crate already does this), no default port, no fragment, no
/// `utm_*` tracking parameters, and no trailing slash except for the root path.
pub fn canonicalize(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.to_ascii_lowercase().starts_with("utm_"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = u.path().to_string();
    if path.len() > 1 && path.ends_with('/') {
        u.set_path(path.trim_end_matches('/'));
    }
    u.to_string()
}

/// The registrable part of an address's host ("https://news.example.co.kr/a" →
/// "example.co.kr"), as scripts/eval/sites.py computes it; `None` for no host.
pub fn registrable_site(raw: &str) -> Option<String> {
    let host = Url::parse(raw.trim()).ok()?;
    let host = host.host_str()?.trim_end_matches('.').to_lowercase();
    let parts: Vec<&str> = host.split('.').collect();
    let second = ["co", "or", "go", "ac", "ne", "re", "com", "net", "org"];
    let n = parts.len();
    let keep = if n >= 3 && second.contains(&parts[n - 2]) && parts[n - 1].len() == 2 {
        3
    } else {
        2
    };
    Some(parts[n.saturating_sub(keep)..].join("."))
}

/// Parses and canonicalizes, or `None` for anything that is not an absolute http(s) URL.
pub fn canonical_str(raw: &str) -> Option<String> {
    let u = Url::parse(raw.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| canonicalize(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonical_str(s).expect("valid url")
    }

    #[test]
    fn a_site_is_the_hosts_registrable_part() {
        let site = |s| registrable_site(s).unwrap_or_default();
        assert_eq!(site("https://news.example.co.kr/a"), "example.co.kr");
        assert_eq!(site("https://www.Anthropic.com/"), "anthropic.com");
        assert_eq!(site("https://qwenlm.github.io/blog/"), "github.io");
        assert_eq!(registrable_site("not an address"), None);
    }

    proptest::proptest! {
        /// Any text: no panic, and a site found is the end of the parsed host.
        #[test]
        fn any_text_gives_a_site_that_ends_the_host_or_none(s in "(https?://)?\\PC{0,40}") {
            if let Some(site) = registrable_site(&s) {
                let host = Url::parse(s.trim()).ok().and_then(|u| u.host_str().map(str::to_lowercase));
                let host = host.unwrap_or_default();
                proptest::prop_assert!(host.trim_end_matches('.').ends_with(&site));
            }
        }
    }

    #[test]
    fn strips_tracking_fragment_and_trailing_slash() {
        assert_eq!(
            c("HTTPS://OpenAI.com:443/index/first-proof/?utm_source=rss&utm_medium=feed#top"),
            "https://openai.com/index/first-proof"
        );
        assert_eq!(
            c("https://example.com/a/?id=3&UTM_campaign=x&b=2"),
            "https://example.com/a?id=3&b=2"
        );
        assert_eq!(c("https://example.com/"), "https://example.com/");
        assert_eq!(c("https://example.com"), "https://example.com/");
        assert_eq!(
            c("http://example.com:8080/x//"),
            "http://example.com:8080/x"
        );
    }

    #[test]
    fn same_post_two_spellings_same_key() {
        assert_eq!(
            c("https://huggingface.co/blog/ggml-joins-hf/"),
            c("https://HuggingFace.co/blog/ggml-joins-hf?utm_source=x")
        );
    }

    #[test]
    fn refuses_non_http() {
        assert!(canonical_str("javascript:alert(1)").is_none());
        assert!(canonical_str("/relative/path").is_none());
        assert!(canonical_str("ftp://x/y").is_none());
    }
}
