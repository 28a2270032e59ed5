//! A linear pre-pass that bounds how deeply elements nest before an HTML parser sees them.
//!
//! html5ever checks "is X in scope" by walking its stack of open elements, so a page nested
//! tens of thousands of levels deep costs time quadratic in its depth (a 250 KB page of
//! `<div>`s took 12 s to extract). Real articles nest a few dozen levels; start tags beyond
//! [`MAX_DEPTH`] are dropped here (with as many end tags), keeping every character of text.

use std::borrow::Cow;

pub const MAX_DEPTH: usize = 256;

/// Elements that never contain others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame",
];

/// Elements whose end tag is usually left out (`<p>` closes the previous `<p>`): counting them
/// as nesting would make an ordinary page of unclosed paragraphs look deep.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp", "thead", "tbody",
    "tfoot", "colgroup", "caption",
];

/// Elements whose content is text, not markup, up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with start tags nested deeper than `max` (and as many end tags) removed. Runs in
/// one pass; every byte position it cuts at is a `<` or just after a `>`, so always a character
/// boundary.
pub fn limit_nesting(html: &str, max: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        if b[lt + 1..].starts_with(b"!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(gt) = tag_end(b, name_start + name_len) else {
            break;
        };
        let end = gt + 1;
        let nests = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        let mut drop = false;
        if closing {
            if nests {
                if dropped > 0 {
                    dropped -= 1;
                    drop = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ascii_ci(b, end, close.as_bytes()).unwrap_or(b.len());
            continue;
        } else if nests && b[gt - 1] != b'/' {
            if depth >= max {
                dropped += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..lt]);
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The `>` ending a tag whose name ends at `from`, skipping quoted attribute values. None when
/// the document ends first (the parser then reads the rest as part of the tag, so no further
/// tag can open: stopping there also keeps the pass linear).
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return Some(k),
            _ => {}
        }
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_documents_are_untouched() {
        let html = r#"<div class="a>b"><p>One<p>Two<br><img src=x /><script>if (a<b) {"<div>"}</script></div>"#;
        assert!(matches!(limit_nesting(html, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_documents_keep_their_text_within_the_cap() {
        let html = "<div>".repeat(1000) + "déjà vu" + &"</div>".repeat(1000) + "<p>after</p>";
        let out = limit_nesting(&html, 10);
        assert_eq!(out.matches("<div>").count(), 10);
        assert_eq!(out.matches("</div>").count(), 10);
        assert!(out.contains("déjà vu") && out.ends_with("<p>after</p>"));
    }

    #[test]
    fn unterminated_tags_and_comments_end_the_scan() {
        for html in [
            "<div a=\"",
            "<!-- never closed <div>",
            "<div",
            "<",
            "</",
            "<script><div>",
        ] {
            assert_eq!(limit_nesting(html, 0), html);
        }
    }
}
