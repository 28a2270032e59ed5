//! OPML 2.0, the list format every feed reader imports and exports: `/sources.opml` writes
//! Proofwire's sources (a folder per vendor, through `xml::XmlWriter`), and `proofwire sources import FILE.opml` adds a
//! reader's feeds to `sources.toml`, checked as a whole before anything is written.

use std::collections::HashSet;
use std::path::Path;

use app::ids::SourceId;
use quick_xml::events::{BytesStart, Event};
use serde::Serialize;
use url::Url;

use super::feed::{self, FeedError};
use crate::xml::XmlWriter;

/// A feed named in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub xml_url: Url,
    /// The folder it sits in, if any (readers group feeds by topic or publisher).
    pub folder: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is larger than {limit} bytes")]
    TooLarge { path: String, limit: u64 },
    #[error("not an OPML file: {0}")]
    NotOpml(#[from] FeedError),
    #[error("the sources file would not be valid after the import ({0}); nothing was written")]
    Invalid(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The largest OPML file read.
const MAX_BYTES: u64 = 5 << 20;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            a.key
                .local_name()
                .as_ref()
                .eq_ignore_ascii_case(name.as_bytes())
        })
        .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
        .filter(|v| !v.is_empty())
}

/// The feeds of an OPML document, in order; outlines without an http(s) `xmlUrl` are folders
/// or links and give none.
pub fn parse(text: &str) -> Result<Vec<Outline>, OpmlError> {
    feed::check_xml_root(text, &["opml"])?;
    let mut reader = quick_xml::Reader::from_str(text);
    // Each open outline: its title when it is a folder (has no feed URL).
    let mut open: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.local_name().as_ref() == b"outline" {
                    open.pop();
                }
                continue;
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(OpmlError::NotOpml(FeedError::Malformed(e.to_string()))),
            Ok(_) => continue,
        };
        if e.local_name().as_ref() != b"outline" {
            continue;
        }
        let title = attr(&e, "title").or_else(|| attr(&e, "text"));
        let url = attr(&e, "xmlUrl")
            .and_then(|u| Url::parse(&u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        match url {
            Some(xml_url) => {
                let folder = open.iter().rev().flatten().next().cloned();
                out.push(Outline {
                    title: title
                        .unwrap_or_else(|| xml_url.host_str().unwrap_or("feed").to_string()),
                    xml_url,
                    folder,
                });
                if !empty {
                    open.push(None);
                }
            }
            None if !empty => open.push(title),
            None => {}
        }
    }
    Ok(out)
}

/// One source as the export lists it.
pub struct Listed<'a> {
    pub name: &'a str,
    pub vendor: &'a str,
    pub language: &'a str,
    /// The address read (a feed, or a listing page/sitemap/API for other kinds).
    pub url: &'a str,
    /// `None` for a feed, else the kind (`html`, `sitemap`, `json`).
    pub kind: Option<&'a str>,
}

/// The sources as an OPML document, a folder per vendor. Feeds are `type="rss"` outlines any
/// reader subscribes to; other kinds are `type="link"` outlines that readers list but skip.
pub fn write(title: &str, created: &str, sources: &[Listed<'_>]) -> String {
    let mut w = XmlWriter::new(2);
    w.open("opml", &[("version", "2.0")]);
    w.open("head", &[]);
    w.text_element("title", title, &[]);
    w.text_element("dateCreated", created, &[]);
    w.close("head");
    w.open("body", &[]);
    let mut vendors: Vec<&str> = sources.iter().map(|s| s.vendor).collect();
    vendors.dedup();
    let mut done = HashSet::new();
    for vendor in vendors {
        if !done.insert(vendor) {
            continue;
        }
        w.open("outline", &[("text", vendor)]);
        for s in sources.iter().filter(|s| s.vendor == vendor) {
            let mut attrs = vec![("text", s.name), ("title", s.name)];
            match s.kind {
                None => attrs.extend([("type", "rss"), ("xmlUrl", s.url)]),
                Some(kind) => {
                    attrs.extend([("type", "link"), ("url", s.url), ("proofwireKind", kind)])
                }
            }
            attrs.push(("language", s.language));
            w.empty("outline", &attrs);
        }
        w.close("outline");
    }
    w.close("body");
    w.close("opml");
    w.finish("the OPML export")
}

#[derive(Serialize)]
struct NewSource {
    id: SourceId,
    name: String,
    vendor: String,
    url: String,
    language: String,
    enabled: bool,
}

#[derive(Serialize)]
struct NewSources {
    source: Vec<NewSource>,
}

/// An id from a title: lowercase ASCII letters, digits and dashes ("OpenAI News" → "openai-news").
fn slug(title: &str, url: &Url) -> String {
    let mut s = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').chars().take(40).collect::<String>();
    if s.is_empty() {
        url.host_str()
            .unwrap_or("feed")
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    } else {
        s
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    pub added: Vec<(SourceId, String)>,
    pub already_there: Vec<String>,
}

/// Adds the OPML file's feeds that `sources_file` does not have (by URL), each as a new
/// `[[source]]` in `language`, enabled or not. The file is checked whole before it is
/// replaced; on any error it is left as it was.
pub fn import(
    opml_file: &Path,
    sources_file: &Path,
    language: &str,
    enabled: bool,
) -> Result<Imported, OpmlError> {
    let read = |p: &Path| -> Result<String, OpmlError> {
        let meta = std::fs::metadata(p).map_err(|source| OpmlError::Read {
            path: p.display().to_string(),
            source,
        })?;
        if meta.len() > MAX_BYTES {
            return Err(OpmlError::TooLarge {
                path: p.display().to_string(),
                limit: MAX_BYTES,
            });
        }
        std::fs::read_to_string(p).map_err(|source| OpmlError::Read {
            path: p.display().to_string(),
            source,
        })
    };
    let outlines = parse(&read(opml_file)?)?;
    let current = read(sources_file)?;
    let base = sources_file.parent().unwrap_or(Path::new("."));
    let existing = super::sources::parse(&current, base).map_err(OpmlError::Invalid)?;
    let mut urls: HashSet<String> = existing
        .iter()
        .filter_map(|s| match &s.location {
            super::sources::Location::Url(u) => Some(u.to_string()),
            super::sources::Location::File(_) => None,
        })
        .collect();
    let mut ids: HashSet<SourceId> = existing.iter().map(|s| s.id.clone()).collect();
    let mut report = Imported::default();
    let mut new = Vec::new();
    for o in outlines {
        let url = o.xml_url.to_string();
        if !urls.insert(url.clone()) {
            report.already_there.push(url);
            continue;
        }
        let stem = slug(&o.title, &o.xml_url);
        let id = (1..)
            .map(|n| {
                SourceId::from(if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem}-{n}")
                })
            })
            .find(|id| !ids.contains(id))
            .unwrap_or_else(|| SourceId::from(stem));
        ids.insert(id.clone());
        report.added.push((id.clone(), url.clone()));
        new.push(NewSource {
            id,
            name: o.title.clone(),
            vendor: o.folder.clone().unwrap_or(o.title),
            url,
            language: language.to_string(),
            enabled,
        });
    }
    if new.is_empty() {
        return Ok(report);
    }
    let block = toml::to_string(&NewSources { source: new })
        .map_err(|e| OpmlError::Invalid(e.to_string()))?;
    let updated = format!(
        "{}\n\n# Imported from {} on {}\n{block}",
        current.trim_end(),
        opml_file.display(),
        chrono::Utc::now().format("%Y-%m-%d")
    );
    super::sources::parse(&updated, base).map_err(OpmlError::Invalid)?;
    let tmp = sources_file.with_extension("toml.importing");
    std::fs::write(&tmp, updated)
        .and_then(|_| std::fs::rename(&tmp, sources_file))
        .map_err(|source| OpmlError::Write {
            path: sources_file.display().to_string(),
            source,
        })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const READER_EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="AI labs">
    <outline type="rss" text="OpenAI News" xmlUrl="https://openai.com/news/rss.xml" htmlUrl="https://openai.com/news/"/>
    <outline type="rss" text="Mistral &amp; friends" title="Mistral AI" xmlUrl="https://mistral.ai/rss.xml"/>
  </outline>
  <outline type="rss" text="No folder" xmlUrl="http://example.org/feed"/>
  <outline type="rss" text="A script" xmlUrl="javascript:alert(1)"/>
  <outline text="Empty folder"></outline>
</body></opml>"#;

    #[test]
    fn feeds_with_their_folders_are_read_and_anything_else_is_not() {
        let got = parse(READER_EXPORT).expect("opml");
        let view: Vec<(String, String, Option<String>)> = got
            .iter()
            .map(|o| (o.title.clone(), o.xml_url.to_string(), o.folder.clone()))
            .collect();
        assert_eq!(
            view,
            [
                (
                    "OpenAI News".to_string(),
                    "https://openai.com/news/rss.xml".to_string(),
                    Some("AI labs".to_string())
                ),
                (
                    "Mistral AI".to_string(),
                    "https://mistral.ai/rss.xml".to_string(),
                    Some("AI labs".to_string())
                ),
                (
                    "No folder".to_string(),
                    "http://example.org/feed".to_string(),
                    None
                ),
            ]
        );
        assert!(parse("<html><body>not opml</body></html>").is_err());
        assert!(
            parse("<opml><body><outline text='x'>").is_err(),
            "truncated"
        );
    }

    #[test]
    fn the_export_reads_back_as_the_same_feeds() {
        let sources = [
            Listed {
                name: "OpenAI News",
                vendor: "OpenAI",
                language: "en",
                url: "https://openai.com/news/rss.xml",
                kind: None,
            },
            Listed {
                name: "Anthropic <News>",
                vendor: "Anthropic",
                language: "en",
                url: "https://www.anthropic.com/sitemap.xml",
                kind: Some("sitemap"),
            },
        ];
        let doc = write(
            "Proofwire sources",
            "Sat, 28 Nov 2026 18:00:00 GMT",
            &sources,
        );
        let back = parse(&doc).expect("our own export parses");
        assert_eq!(back.len(), 1, "only feeds are subscribable: {doc}");
        assert_eq!(back[0].folder.as_deref(), Some("OpenAI"));
        assert!(doc.contains("Anthropic &lt;News&gt;"), "{doc}");
    }
}
