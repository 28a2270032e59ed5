//! Where a `next=` parameter may send the browser: a path on this site, nothing else. The one
//! check every redirect uses.

/// `next` when it is a same-site path, else `fallback`. Refused: other origins (`//host`,
/// `https://…`), backslashes (browsers read `/\host` as `//host`), and control characters
/// (browsers drop tab, CR and LF from URLs, so `/\t/host` becomes `//host`; CR LF would also
/// split the header).
pub fn same_site_path<'a>(next: Option<&'a str>, fallback: &'a str) -> &'a str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::same_site_path;
    use proptest::prelude::*;

    #[test]
    fn only_same_site_paths_pass() {
        let next = |n| same_site_path(Some(n), "/");
        assert_eq!(next("/digest/2026-02-21?x=1#a"), "/digest/2026-02-21?x=1#a");
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\n/evil.example",
            "evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(next(bad), "/", "{bad:?}");
        }
        assert_eq!(same_site_path(None, "/claims"), "/claims");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, rng_seed: proptest::test_runner::RngSeed::Fixed(11), ..ProptestConfig::default() })]

        /// Whatever passes resolves, against this site, to this site.
        #[test]
        fn what_passes_stays_on_the_site(n in "\\PC{0,12}|/[\\\\/\t\r\n a-z:.]{0,8}") {
            let out = same_site_path(Some(&n), "/");
            let base = url::Url::parse("https://proofwire.example/a/b").expect("base");
            let resolved = base.join(out).expect("a path resolves");
            prop_assert_eq!(resolved.host_str(), Some("proofwire.example"));
            prop_assert!(!out.contains(['\r', '\n']));
        }
    }
}
