//! Sources that are not feeds, for vendors that publish none: an HTML listing page read with
//! CSS selectors, a `sitemap.xml` filtered by a URL pattern, and a JSON listing API read with
//! field paths. Each turns a fetched document into the entries a feed would give, through the
//! same fetcher, limits and per-source errors. A listing that yields no entry is an error (the
//! page's layout changed), never an empty success.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use url::Url;

use super::feed::{self, FeedEntry, FeedError, ParsedFeed};

/// How a source's document is read.
#[derive(Clone, Debug)]
pub enum Kind {
    Feed,
    Html(HtmlListing),
    Sitemap(SitemapListing),
    Json(JsonListing),
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Feed => "feed",
            Kind::Html(_) => "html",
            Kind::Sitemap(_) => "sitemap",
            Kind::Json(_) => "json",
        }
    }
}

/// `[source.html]`: selectors are relative to each item.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlListing {
    /// One match per post.
    pub item: String,
    /// The title's element (default: the item's own text).
    #[serde(default)]
    pub title: Option<String>,
    /// The link's element (default: the item itself if it is a link, else its first link).
    #[serde(default)]
    pub link: Option<String>,
    /// The date's element; its `datetime` attribute wins over its text.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// chrono formats tried after RFC 3339 and the common ones (`dates::DATE_FORMATS`).
    #[serde(default)]
    pub date_formats: Vec<String>,
    /// A regular expression that finds the date inside the date element's text, for pages
    /// that write it inside other words ("DeepSeek-V3.2 Release 2025/12/01"): its first group
    /// if it has one, else the whole match, is read with the formats above. When the date
    /// element is also the title's, the matched date is cut from the title.
    #[serde(default)]
    pub date_pattern: Option<String>,
}

/// `[source.sitemap]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SitemapListing {
    /// A regular expression every kept URL matches (e.g. `^https://x\.ai/news/[^/]+$`).
    pub pattern: String,
    /// How many of the matching URLs to read, newest `lastmod` first.
    #[serde(default = "default_newest")]
    pub newest: usize,
}

fn default_newest() -> usize {
    30
}

/// `[source.json]`: dot paths (`data.list`, `0.title`) into the document and into each item.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonListing {
    /// The array of posts.
    pub items: String,
    pub title: String,
    pub link: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date_formats: Vec<String>,
}

/// Checks a listing's selectors, pattern and paths when the sources file is read, so a typo
/// is a configuration error, not a failed run.
pub fn validate(kind: &Kind) -> Result<(), String> {
    let css = |what: &str, s: &str| {
        Selector::parse(s)
            .map(|_| ())
            .map_err(|e| format!("{what} selector {s:?}: {e}"))
    };
    match kind {
        Kind::Feed => Ok(()),
        Kind::Html(h) => {
            css("item", &h.item)?;
            for (what, s) in [
                ("title", &h.title),
                ("link", &h.link),
                ("date", &h.date),
                ("summary", &h.summary),
            ] {
                if let Some(s) = s {
                    css(what, s)?;
                }
            }
            if let Some(p) = &h.date_pattern {
                Regex::new(p).map_err(|e| format!("date_pattern {p:?}: {e}"))?;
            }
            Ok(())
        }
        Kind::Sitemap(s) => Regex::new(&s.pattern)
            .map(|_| ())
            .map_err(|e| format!("pattern {:?}: {e}", s.pattern)),
        Kind::Json(j) => {
            for (what, p) in [("items", &j.items), ("title", &j.title), ("link", &j.link)] {
                if p.trim().is_empty() {
                    return Err(format!("json {what} path is empty"));
                }
            }
            Ok(())
        }
    }
}

/// The entries of a fetched document read as `kind`.
pub fn read(
    kind: &Kind,
    body: &[u8],
    content_type: Option<&str>,
    base: Option<&Url>,
) -> Result<ParsedFeed, FeedError> {
    match kind {
        Kind::Feed => feed::parse(body, content_type, base),
        Kind::Html(spec) => html(&feed::to_utf8(body, content_type)?, base, spec),
        Kind::Sitemap(spec) => sitemap(&feed::to_utf8(body, content_type)?, spec),
        Kind::Json(spec) => json(&String::from_utf8_lossy(body), base, spec),
    }
}

fn nothing(what: String) -> FeedError {
    FeedError::Listing(what)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(el: ElementRef<'_>) -> String {
    collapse(&el.text().collect::<String>())
}

fn resolve(base: Option<&Url>, href: &str) -> Option<Url> {
    let href = href.trim();
    Url::parse(href)
        .ok()
        .or_else(|| base.and_then(|b| b.join(href).ok()))
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// The date a pattern finds in `text`: its first group if it has one, else the whole match.
fn date_in(re: &Regex, text: &str) -> Option<String> {
    let caps = re.captures(text)?;
    caps.get(1)
        .or_else(|| caps.get(0))
        .map(|m| m.as_str().trim().to_string())
        .filter(|d| !d.is_empty())
}

/// `title` without the last occurrence of `part` (the offset is found in `title` itself), or
/// `None` if `part` is not in it or nothing would be left.
fn without_last(title: &str, part: &str) -> Option<String> {
    let at = title.rfind(part)?;
    let rest = title.get(..at)?.to_string() + " " + title.get(at + part.len()..)?;
    Some(collapse(&rest)).filter(|t| !t.is_empty())
}

fn html(text: &str, base: Option<&Url>, spec: &HtmlListing) -> Result<ParsedFeed, FeedError> {
    let sel = |s: &str| Selector::parse(s).map_err(|e| nothing(format!("selector {s:?}: {e}")));
    let item = sel(&spec.item)?;
    let title = spec.title.as_deref().map(sel).transpose()?;
    let link = spec.link.as_deref().map(sel).transpose()?;
    let date = spec.date.as_deref().map(sel).transpose()?;
    let summary = spec.summary.as_deref().map(sel).transpose()?;
    let date_pattern = spec
        .date_pattern
        .as_deref()
        .map(|p| Regex::new(p).map_err(|e| nothing(format!("date_pattern {p:?}: {e}"))))
        .transpose()?;
    let any_link = sel("a[href]")?;
    let doc = Html::parse_document(&super::extract::limit_nesting(
        text,
        super::extract::MAX_DEPTH,
    ));
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for el in doc.select(&item) {
        let anchor = match &link {
            Some(s) => el.select(s).next(),
            None if el.value().name() == "a" => Some(el),
            None => el.select(&any_link).next(),
        };
        let Some(url) = anchor
            .and_then(|a| a.value().attr("href"))
            .and_then(|h| resolve(base, h))
        else {
            continue;
        };
        if !seen.insert(url.clone()) {
            continue;
        }
        let title = match &title {
            Some(s) => el.select(s).map(text_of).find(|t| !t.is_empty()),
            None => Some(text_of(el)),
        }
        .unwrap_or_default();
        let dated = date.as_ref().and_then(|s| {
            el.select(s).find_map(|d| {
                let attr = d
                    .value()
                    .attr("datetime")
                    .and_then(|v| crate::dates::parse_published(v, &spec.date_formats))
                    .map(|t| (t, None));
                attr.or_else(|| {
                    let text = text_of(d);
                    let written = match &date_pattern {
                        Some(re) => date_in(re, &text)?,
                        None => text,
                    };
                    crate::dates::parse_published(&written, &spec.date_formats)
                        .map(|t| (t, date_pattern.as_ref().map(|_| written)))
                })
            })
        });
        let published = dated.as_ref().map(|(t, _)| *t);
        // A date found by pattern inside the title's own text is not part of the title.
        let title = match dated.as_ref().and_then(|(_, w)| w.as_deref()) {
            Some(written) => without_last(&title, written).unwrap_or(title),
            None => title,
        };
        let summary = summary
            .as_ref()
            .and_then(|s| el.select(s).next())
            .map(text_of)
            .filter(|t| !t.is_empty())
            .map(|t| format!("<p>{}</p>", crate::feeds::html(&t)))
            .unwrap_or_default();
        entries.push(FeedEntry {
            guid: Some(url.to_string()),
            link: Some(url),
            title,
            html: summary,
            published,
        });
    }
    if entries.is_empty() {
        return Err(nothing(format!(
            "the listing page has no item matching {:?} with a link (has its layout changed?)",
            spec.item
        )));
    }
    Ok(ParsedFeed {
        title: None,
        entries,
        advertised: Default::default(),
    })
}

fn sitemap(text: &str, spec: &SitemapListing) -> Result<ParsedFeed, FeedError> {
    use quick_xml::events::Event;
    feed::check_xml_root(text, &["urlset", "sitemapindex"])?;
    let pattern = Regex::new(&spec.pattern)
        .map_err(|e| nothing(format!("pattern {:?}: {e}", spec.pattern)))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut found: Vec<(String, Option<String>)> = Vec::new();
    let (mut loc, mut lastmod) = (None::<String>, None::<String>);
    let mut root = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                root.get_or_insert_with(|| name.clone());
                if name == "url" {
                    (loc, lastmod) = (None, None);
                }
                path.push(name);
            }
            Ok(Event::End(_)) => {
                let closed = path.pop();
                if closed.as_deref() == Some("url") {
                    found.extend(loc.take().map(|l| (l, lastmod.take())));
                }
            }
            Ok(Event::Text(t)) => {
                let value = t.decode().map(|s| s.trim().to_string()).unwrap_or_default();
                match path.last().map(String::as_str) {
                    Some("loc") if path.iter().any(|p| p == "url") => loc = Some(value),
                    Some("lastmod") => lastmod = Some(value),
                    _ => {}
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(FeedError::Malformed(e.to_string())),
            _ => {}
        }
    }
    if root.as_deref() == Some("sitemapindex") {
        return Err(nothing(
            "this is a sitemap index: point the source at one of the sitemaps it lists".into(),
        ));
    }
    let mut kept: Vec<(Url, Option<DateTime<Utc>>)> = found
        .into_iter()
        .filter(|(l, _)| pattern.is_match(l))
        .filter_map(|(l, m)| {
            let url = resolve(None, &l)?;
            Some((url, m.and_then(|m| crate::dates::parse_published(&m, &[]))))
        })
        .collect();
    if kept.is_empty() {
        return Err(nothing(format!(
            "no URL in the sitemap matches {:?}",
            spec.pattern
        )));
    }
    // `lastmod` says when a page last changed, not when it was published: it only picks the
    // newest pages to read; their dates come from the pages themselves.
    kept.sort_by_key(|k| std::cmp::Reverse(k.1));
    let mut seen = HashSet::new();
    let entries = kept
        .into_iter()
        .filter(|(u, _)| seen.insert(u.clone()))
        .take(spec.newest.max(1))
        .map(|(url, _)| FeedEntry {
            guid: Some(url.to_string()),
            link: Some(url),
            title: String::new(),
            html: String::new(),
            published: None,
        })
        .collect();
    Ok(ParsedFeed {
        title: None,
        entries,
        advertised: Default::default(),
    })
}

/// The value at a dot path: object keys, and array indices as numbers.
fn at<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.')
        .filter(|p| !p.is_empty())
        .try_fold(v, |v, key| match v {
            serde_json::Value::Object(m) => m.get(key),
            serde_json::Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        })
}

fn scalar(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn json(text: &str, base: Option<&Url>, spec: &JsonListing) -> Result<ParsedFeed, FeedError> {
    let doc: serde_json::Value = serde_json::from_str(&super::feed::mend_lone_surrogates(text))
        .map_err(|e| FeedError::BadJson(e.to_string()))?;
    let Some(items) = at(&doc, &spec.items).and_then(|v| v.as_array()) else {
        return Err(nothing(format!(
            "the JSON has no array at {:?} (has the API changed?)",
            spec.items
        )));
    };
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for item in items {
        let Some(url) = scalar(at(item, &spec.link)).and_then(|h| resolve(base, &h)) else {
            continue;
        };
        if !seen.insert(url.clone()) {
            continue;
        }
        let title = scalar(at(item, &spec.title))
            .map(|t| collapse(&feed::plain_text(&t)))
            .unwrap_or_default();
        let published = spec
            .date
            .as_deref()
            .and_then(|p| scalar(at(item, p)))
            .and_then(|d| {
                // Unix seconds or milliseconds, else a written date.
                match d.parse::<i64>() {
                    Ok(n) if n > 100_000_000_000 => DateTime::from_timestamp_millis(n),
                    Ok(n) => DateTime::from_timestamp(n, 0),
                    Err(_) => crate::dates::parse_published(&d, &spec.date_formats),
                }
            });
        let summary = spec
            .summary
            .as_deref()
            .and_then(|p| scalar(at(item, p)))
            .map(|s| collapse(&feed::plain_text(&s)))
            .filter(|s| !s.is_empty())
            .map(|s| format!("<p>{}</p>", crate::feeds::html(&s)))
            .unwrap_or_default();
        entries.push(FeedEntry {
            guid: Some(url.to_string()),
            link: Some(url),
            title,
            html: summary,
            published,
        });
    }
    if entries.is_empty() {
        return Err(nothing(format!(
            "no item at {:?} has a link at {:?} (has the API changed?)",
            spec.items, spec.link
        )));
    }
    Ok(ParsedFeed {
        title: None,
        entries,
        advertised: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://vendor.example/news").expect("url")
    }

    #[test]
    fn an_html_listing_gives_links_titles_and_dates() {
        let page = r#"<html><body><main>
            <a href="/news/claude-x" class="card"><h3 class="title">Introducing Claude X</h3><time datetime="2026-02-20T16:00:00Z">Feb 20, 2026</time></a>
            <a href="/news/policy" class="card"><h3 class="title">Our   policy</h3><span class="date">Feb 3, 2026</span></a>
            <a href="/news/claude-x" class="card"><h3 class="title">Introducing Claude X</h3></a>
            <a href="/careers">Careers</a>
        </main></body></html>"#;
        let spec = HtmlListing {
            item: "a.card".into(),
            title: Some(".title".into()),
            link: None,
            date: Some("time, .date".into()),
            summary: None,
            date_formats: vec![],
            date_pattern: None,
        };
        let got = html(page, Some(&base()), &spec).expect("entries");
        let view: Vec<(String, String, Option<String>)> = got
            .entries
            .iter()
            .map(|e| {
                (
                    e.link.as_ref().map(Url::to_string).unwrap_or_default(),
                    e.title.clone(),
                    e.published.map(|d| d.to_rfc3339()),
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                (
                    "https://vendor.example/news/claude-x".to_string(),
                    "Introducing Claude X".to_string(),
                    Some("2026-02-20T16:00:00+00:00".to_string())
                ),
                (
                    "https://vendor.example/news/policy".to_string(),
                    "Our policy".to_string(),
                    Some("2026-02-03T12:00:00+00:00".to_string())
                ),
            ]
        );
        // The same page after a redesign: nothing matches, and that is an error.
        let err = html(
            "<html><body><div class='new-card'>x</div></body></html>",
            Some(&base()),
            &spec,
        )
        .expect_err("a changed layout");
        assert!(err.to_string().contains("a.card"), "{err}");
    }

    fn sidebar(spec_pattern: &str) -> HtmlListing {
        HtmlListing {
            item: "li.post".into(),
            title: Some("a".into()),
            link: None,
            date: Some("a".into()),
            summary: None,
            date_formats: vec![],
            date_pattern: Some(spec_pattern.into()),
        }
    }

    #[test]
    fn a_date_inside_the_title_is_found_by_pattern_and_cut_from_the_title() {
        let page = r#"<ul>
            <li class="post"><a href="/news/a">Model 2025/01/02 Release 2026/02/20</a></li>
            <li class="post"><a href="/news/b">No date here</a></li>
        </ul>"#;
        let got = html(page, Some(&base()), &sidebar(r"(\d{4}/\d{2}/\d{2})\s*$")).expect("entries");
        let view: Vec<(String, Option<String>)> = got
            .entries
            .iter()
            .map(|e| {
                (
                    e.title.clone(),
                    e.published.map(|d| d.date_naive().to_string()),
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                // The last date is the one the pattern found; an earlier one is the title's.
                (
                    "Model 2025/01/02 Release".to_string(),
                    Some("2026-02-20".to_string())
                ),
                ("No date here".to_string(), None),
            ]
        );
        // A pattern that is not a regular expression is refused with its name.
        let err = html(page, Some(&base()), &sidebar("(")).expect_err("bad pattern");
        assert!(err.to_string().contains("date_pattern"), "{err}");
        assert!(validate(&Kind::Html(sidebar("("))).is_err());
    }

    proptest::proptest! {
        /// Whatever the title, a date the pattern finds at its end is the entry's date and is
        /// not left in its title.
        #[test]
        fn a_trailing_date_is_read_and_cut_whatever_the_title(
            words in "[\\p{L} .,:!?()/-]{0,40}",
            y in 2000i32..2100,
            m in 1u32..=12,
            d in 1u32..=28,
        ) {
            let page = format!(
                r#"<ul><li class="post"><a href="/n">{words} {y}/{m:02}/{d:02}</a></li></ul>"#
            );
            let got = html(&page, Some(&base()), &sidebar(r"(\d{4}/\d{2}/\d{2})\s*$"))
                .expect("one entry");
            let entry = &got.entries[0];
            let want = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
            proptest::prop_assert_eq!(entry.published.map(|t| t.date_naive()), Some(want));
            let written = collapse(&words);
            if written.is_empty() {
                // Nothing but the date: the title keeps it rather than being empty.
                proptest::prop_assert_eq!(&entry.title, &format!("{y}/{m:02}/{d:02}"));
            } else {
                proptest::prop_assert_eq!(&entry.title, &written);
            }
        }
    }

    #[test]
    fn a_sitemap_keeps_matching_urls_newest_first_without_dates() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://vendor.example/news</loc><lastmod>2026-02-21</lastmod></url>
  <url><loc>https://vendor.example/news/old-post</loc><lastmod>2025-01-02</lastmod></url>
  <url><loc>https://vendor.example/news/new-post</loc><lastmod>2026-02-20T10:00:00Z</lastmod></url>
  <url><loc>https://vendor.example/careers/engineer</loc></url>
</urlset>"#;
        let spec = SitemapListing {
            pattern: r"^https://vendor\.example/news/[^/]+$".into(),
            newest: 30,
        };
        let got = sitemap(xml, &spec).expect("entries");
        let links: Vec<String> = got
            .entries
            .iter()
            .map(|e| e.link.as_ref().map(Url::to_string).unwrap_or_default())
            .collect();
        assert_eq!(
            links,
            [
                "https://vendor.example/news/new-post",
                "https://vendor.example/news/old-post"
            ]
        );
        assert!(got.entries.iter().all(|e| e.published.is_none()));
        let index = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://vendor.example/s1.xml</loc></sitemap></sitemapindex>"#;
        assert!(sitemap(index, &spec)
            .expect_err("an index")
            .to_string()
            .contains("index"));
    }

    #[test]
    fn a_json_listing_follows_its_paths() {
        let body = r#"{"data": {"list": [
            {"title": "EXAONE 5 공개", "url": "/blog/42", "date": "2026.02.20", "desc": "<b>요약</b>"},
            {"title": "No link"},
            {"title": "Epoch", "url": "https://vendor.example/blog/43", "date": 1771545600000}
        ]}}"#;
        let spec = JsonListing {
            items: "data.list".into(),
            title: "title".into(),
            link: "url".into(),
            date: Some("date".into()),
            summary: Some("desc".into()),
            date_formats: vec![],
        };
        let got = json(body, Some(&base()), &spec).expect("entries");
        assert_eq!(got.entries.len(), 2);
        assert_eq!(
            got.entries[0].link.as_ref().map(Url::as_str),
            Some("https://vendor.example/blog/42")
        );
        assert_eq!(got.entries[0].title, "EXAONE 5 공개");
        assert_eq!(got.entries[0].html, "<p>요약</p>");
        assert_eq!(
            got.entries[0].published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-02-20T12:00:00+00:00")
        );
        assert!(got.entries[1].published.is_some(), "epoch milliseconds");
        let err = json(r#"{"data": {}}"#, Some(&base()), &spec).expect_err("moved array");
        assert!(err.to_string().contains("data.list"), "{err}");
    }
}
