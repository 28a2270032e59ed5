//! Article pages and feed HTML: main-text extraction, sanitizing, plain text.
//!
//! Everything here treats its input as hostile. The HTML we store is the output of ammonia;
//! the plain text (what summaries and their spans refer to) is derived from that sanitized HTML.

mod nesting;

use std::collections::HashSet;

use ammonia::UrlRelative;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

pub use nesting::{limit_nesting, MAX_DEPTH};

/// Elements removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "iframe", "object", "embed", "svg", "math", "button", "select", "textarea", "input",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "br",
    "details",
    "summary",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub canonical: Option<Url>,
    /// The page's own title (`og:title`, else `<title>`, else its first `<h1>`), for entries
    /// that come without one (sitemaps).
    pub title: Option<String>,
    /// When the page says it was published (`article:published_time`, else the first
    /// `<time datetime>` of its content).
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// Sanitized HTML of the main content.
    pub html: String,
    pub text: String,
}

/// Sanitizes untrusted HTML: no scripts, styles, event handlers, forms or frames; relative
/// links made absolute against `base`; links get `rel="noopener noreferrer nofollow"`.
pub fn sanitize(html: &str, base: Option<&Url>) -> String {
    let mut b = ammonia::Builder::default();
    let drop: HashSet<&str> = DROP_WITH_CONTENT.iter().copied().collect();
    b.rm_tags(&drop);
    b.clean_content_tags(drop);
    b.link_rel(Some("noopener noreferrer nofollow"));
    match base {
        Some(base) => {
            b.url_relative(UrlRelative::RewriteWithBase(base.clone()));
        }
        None => {
            b.url_relative(UrlRelative::Deny);
        }
    }
    b.clean(&limit_nesting(html, MAX_DEPTH)).to_string()
}

/// Plain text with paragraphs separated by a blank line and whitespace collapsed within them.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_fragment(&limit_nesting(html, MAX_DEPTH));
    let raw = flatten(doc.root_element());
    raw.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text under `root`, blocks set apart by blank lines. Walks the tree with the parser's own
/// open/close edges instead of recursion: hostile pages nest tens of thousands of elements
/// deep, and a recursive walk overflows the stack and aborts the whole process.
fn flatten(root: ElementRef<'_>) -> String {
    let mut out = String::new();
    // While inside a dropped element: the node whose closing edge ends the skip.
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        let (node, open) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        if let Some(id) = skipping {
            if !open && node.id() == id {
                skipping = None;
            }
            continue;
        }
        match node.value() {
            Node::Text(t) if open => out.push_str(t),
            Node::Element(e) if node.id() != root.id() => {
                let name = e.name();
                if open && DROP_WITH_CONTENT.contains(&name) {
                    skipping = Some(node.id());
                } else if BLOCKS.contains(&name) {
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
    out
}

fn selector(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Finds the main content of an article page: `<article>`, else `<main>`, else
/// `[role=main]`, else `<body>`; and the page's `rel=canonical` link if it is http(s).
pub fn extract_page(page: &str, page_url: &Url) -> Extracted {
    let doc = Html::parse_document(&limit_nesting(page, MAX_DEPTH));
    let canonical = selector("link[rel~=canonical]")
        .and_then(|s| doc.select(&s).next())
        .and_then(|l| l.value().attr("href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let container = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|s| selector(s))
        .find_map(|s| {
            // The candidate with the most text wins when a page has several <article>s.
            doc.select(&s)
                .max_by_key(|e| e.text().map(str::len).sum::<usize>())
        });
    let first_text = |s: &str| {
        selector(s)
            .and_then(|s| doc.select(&s).next())
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|t| !t.is_empty())
    };
    let meta = |property: &str| {
        selector(&format!(
            "meta[property=\"{property}\"], meta[name=\"{property}\"]"
        ))
        .and_then(|s| doc.select(&s).next())
        .and_then(|m| m.value().attr("content"))
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|c| !c.is_empty())
    };
    let title = meta("og:title")
        .or_else(|| first_text("title"))
        .or_else(|| first_text("h1"))
        .map(|t| t.chars().take(300).collect());
    let published = meta("article:published_time")
        .or_else(|| {
            let time = selector("time[datetime]")?;
            container
                .and_then(|c| c.select(&time).next())
                .and_then(|t| t.value().attr("datetime"))
                .map(str::to_string)
        })
        .and_then(|d| crate::dates::parse_published(&d, &[]));
    let inner = container.map(|c| c.inner_html()).unwrap_or_default();
    let html = sanitize(&inner, Some(page_url));
    let text = html_to_text(&html);
    Extracted {
        canonical,
        title,
        published,
        html,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_scripts_and_handlers_and_resolves_links() {
        let base = Url::parse("https://ex.com/blog/post").expect("url");
        let out = sanitize(
            r#"<p onclick="alert(1)">Hi <a href="/x" onmouseover="evil()">x</a><script>alert(2)</script><img src=x onerror=alert(3)></p><a href="javascript:alert(4)">j</a>"#,
            Some(&base),
        );
        assert!(!out.contains("alert"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(out.contains("href=\"https://ex.com/x\""), "{out}");
        assert!(out.contains("noopener"), "{out}");
    }

    #[test]
    fn extracts_main_text_and_canonical() {
        let page = r#"<!doctype html><html><head>
<link rel="canonical" href="/blog/real-post/?utm_source=x">
<style>body{}</style><script>var tracking = 1;</script></head>
<body><header>Site header</header><nav>Home | Blog</nav>
<article><h1>Title</h1><p>First paragraph with <b>bold</b> text.</p>
<aside>Related posts</aside><form><input name=q></form><p>Second paragraph.</p></article>
<footer>Copyright</footer></body></html>"#;
        let base = Url::parse("https://ex.com/blog/real-post").expect("url");
        let x = extract_page(page, &base);
        assert_eq!(
            x.canonical.as_ref().map(Url::as_str),
            Some("https://ex.com/blog/real-post/?utm_source=x")
        );
        assert_eq!(
            x.text,
            "Title\n\nFirst paragraph with bold text.\n\nSecond paragraph."
        );
        for junk in ["Site header", "Home", "Related", "Copyright", "tracking"] {
            assert!(
                !x.text.contains(junk) && !x.html.contains(junk),
                "{junk} leaked"
            );
        }
    }

    #[test]
    fn falls_back_to_body() {
        let base = Url::parse("https://ex.com/").expect("url");
        let x = extract_page(
            "<html><body><div><p>Only text</p></div></body></html>",
            &base,
        );
        assert_eq!(x.text, "Only text");
        assert!(x.canonical.is_none());
    }
}
