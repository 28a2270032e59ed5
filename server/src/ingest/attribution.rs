//! Who wrote a post, when it is not the host: a post on one vendor's blog written by another
//! organisation (Hugging Face's blog carries posts by IBM Research, NVIDIA and others under
//! `/blog/<organisation>/<slug>`) is attributed to its author organisation, and the page notes
//! where it is hosted. Decided from the post's address, which the host controls and the
//! post's text cannot fake.

use url::Url;

/// Blogs that publish other organisations' posts under an organisation path: host, and the
/// path segment before the organisation.
const ORG_PATH_BLOGS: &[(&str, &str)] = &[("huggingface.co", "blog")];

/// Organisation slugs whose names are not their slug in title case.
const ORG_NAMES: &[(&str, &str)] = &[
    ("ibm-research", "IBM Research"),
    ("ibm", "IBM"),
    ("ibm-granite", "IBM"),
    ("nvidia", "NVIDIA"),
    ("amd", "AMD"),
    ("meta-llama", "Meta"),
    ("facebook", "Meta"),
    ("mistralai", "Mistral AI"),
    ("deepseek-ai", "DeepSeek"),
    ("lgai-exaone", "LG AI Research"),
    ("kakaocorp", "Kakao"),
    ("naver", "NAVER"),
    ("allenai", "Ai2"),
    ("servicenow-ai", "ServiceNow"),
    ("aws", "AWS"),
];

/// The organisation that wrote the post at `url`, when the address says it is not the host
/// (`host_vendor`, the source's vendor). `None`: the host wrote it.
pub fn author_org(url: &Url, host_vendor: &str) -> Option<String> {
    let host = url.host_str()?.trim_start_matches("www.");
    let (_, prefix) = ORG_PATH_BLOGS.iter().find(|(h, _)| *h == host)?;
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    // `/blog/<org>/<slug>`: a post directly under /blog/ is the host's own.
    let [first, org, _slug, ..] = segments.as_slice() else {
        return None;
    };
    if first != prefix || !valid_slug(org) {
        return None;
    }
    let name = name_of(org);
    (!name.eq_ignore_ascii_case(host_vendor)).then_some(name)
}

fn valid_slug(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// "ibm-research" → "IBM Research"; unknown slugs in title case ("cohere-labs" → "Cohere Labs").
fn name_of(slug: &str) -> String {
    let lower = slug.to_ascii_lowercase();
    if let Some((_, name)) = ORG_NAMES.iter().find(|(s, _)| *s == lower) {
        return name.to_string();
    }
    lower
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(u: &str) -> Url {
        Url::parse(u).expect("url")
    }

    #[test]
    fn an_organisation_path_names_the_author() {
        assert_eq!(
            author_org(
                &at("https://huggingface.co/blog/ibm-research/itbenchandmast"),
                "Hugging Face"
            )
            .as_deref(),
            Some("IBM Research")
        );
        assert_eq!(
            author_org(
                &at("https://huggingface.co/blog/cohere-labs/aya-vision?x=1"),
                "Hugging Face"
            )
            .as_deref(),
            Some("Cohere Labs")
        );
    }

    #[test]
    fn the_hosts_own_posts_stay_the_hosts() {
        assert_eq!(
            author_org(
                &at("https://huggingface.co/blog/ggml-joins-hf"),
                "Hugging Face"
            ),
            None
        );
        assert_eq!(
            author_org(
                &at("https://huggingface.co/blog/ibm-research/x"),
                "IBM Research"
            ),
            None
        );
        assert_eq!(
            author_org(&at("https://openai.com/blog/ibm-research/x"), "OpenAI"),
            None
        );
        assert_eq!(
            author_org(
                &at("https://huggingface.co/papers/ibm-research/x"),
                "Hugging Face"
            ),
            None
        );
        assert_eq!(
            author_org(
                &at("https://huggingface.co/blog/%3Cscript%3E/x"),
                "Hugging Face"
            ),
            None
        );
    }
}
