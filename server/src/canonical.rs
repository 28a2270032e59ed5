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
