//! `content/sources.toml`: the list of feeds, as `[[source]]` tables.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use app::ids::SourceId;
use serde::Deserialize;

use super::listing::{HtmlListing, JsonListing, Kind, SitemapListing};

#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("cannot read sources file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("sources file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    name: String,
    vendor: String,
    url: Option<String>,
    path: Option<PathBuf>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_enabled")]
    enabled: bool,
    /// `feed` (default), `html`, `sitemap` or `json`; the last three need their own table.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    html: Option<HtmlListing>,
    #[serde(default)]
    sitemap: Option<SitemapListing>,
    #[serde(default)]
    json: Option<JsonListing>,
}

fn default_language() -> String {
    "en".into()
}

fn default_enabled() -> bool {
    true
}

/// Where a feed document comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Url(url::Url),
    /// A local file (an offline snapshot); resolved against the sources file's directory.
    File(PathBuf),
}

impl Location {
    pub fn describe(&self) -> String {
        match self {
            Location::Url(u) => crate::fetch::display_url(u),
            Location::File(p) => format!("file: {}", p.display()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Source {
    pub id: SourceId,
    pub name: String,
    pub vendor: String,
    pub location: Location,
    pub language: String,
    pub enabled: bool,
    /// How the fetched document is read.
    pub kind: Kind,
}

impl Source {
    /// The source as the `sources` table mirrors it.
    pub fn listed(&self) -> crate::db::sources::ListedSource<'_> {
        crate::db::sources::ListedSource {
            id: &self.id,
            name: &self.name,
            vendor: &self.vendor,
            location: self.describe(),
            language: &self.language,
            enabled: self.enabled,
        }
    }

    /// Where the source is read from, and how when it is not a feed.
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            Kind::Feed => None,
            ref k => Some(k.name()),
        };
        join_described(&self.location.describe(), kind)
    }
}

/// A location as `/sources` shows and stores it: the address, and the kind after it in
/// brackets when the source is not a feed.
pub fn join_described(address: &str, kind: Option<&str>) -> String {
    match kind {
        Some(k) => format!("{address} ({k})"),
        None => address.to_string(),
    }
}

/// The address and kind of a location written by `join_described`.
pub fn split_described(described: &str) -> (&str, Option<&str>) {
    match described.split_once(" (") {
        Some((address, kind)) => (address, Some(kind.trim_end_matches(')'))),
        None => (described, None),
    }
}

pub fn load(path: &Path) -> Result<Vec<Source>, SourcesError> {
    let text = std::fs::read_to_string(path).map_err(|source| SourcesError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|message| SourcesError::Parse {
        path: path.to_path_buf(),
        message,
    })
}

pub fn parse(text: &str, base: &Path) -> Result<Vec<Source>, String> {
    let file: SourcesFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(file.source.len());
    for raw in file.source {
        let id = raw.id.trim().to_string();
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_id {
            return Err(format!(
                "source id {:?} must be letters, digits, '-' or '_'",
                raw.id
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(format!("source id {id:?} appears twice"));
        }
        let location = match (raw.url, raw.path) {
            (Some(u), None) => {
                let url =
                    url::Url::parse(&u).map_err(|e| format!("source {id}: url {u:?}: {e}"))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(format!("source {id}: only http and https URLs are fetched"));
                }
                Location::Url(url)
            }
            (None, Some(p)) => Location::File(if p.is_relative() { base.join(p) } else { p }),
            _ => return Err(format!("source {id}: give exactly one of `url` or `path`")),
        };
        if !matches!(raw.language.as_str(), "ko" | "en") {
            return Err(format!("source {id}: language must be `ko` or `en`"));
        }
        let kind = match (
            raw.kind.as_deref().unwrap_or("feed"),
            raw.html,
            raw.sitemap,
            raw.json,
        ) {
            ("feed", None, None, None) => Kind::Feed,
            ("html", Some(h), None, None) => Kind::Html(h),
            ("sitemap", None, Some(s), None) => Kind::Sitemap(s),
            ("json", None, None, Some(j)) => Kind::Json(j),
            (k, ..) if !matches!(k, "feed" | "html" | "sitemap" | "json") => {
                return Err(format!(
                    "source {id}: kind must be feed, html, sitemap or json, not {k:?}"
                ))
            }
            ("feed", ..) => {
                return Err(format!(
                    "source {id}: a feed takes no [source.html], [source.sitemap] or [source.json]"
                ))
            }
            (k, ..) => {
                return Err(format!(
                    "source {id}: kind = {k:?} needs its [source.{k}] table and no other"
                ))
            }
        };
        super::listing::validate(&kind).map_err(|e| format!("source {id}: {e}"))?;
        out.push(Source {
            id: SourceId::from(id),
            name: raw.name,
            vendor: raw.vendor,
            location,
            language: raw.language,
            enabled: raw.enabled,
            kind,
        });
    }
    Ok(out)
}

/// The sources file with editors' changes applied: their values replace the file's, and feeds
/// they added join the list. A stored value that no longer makes a valid source is left out of
/// the change (and logged), never fatal.
pub fn with_settings(
    file: Vec<Source>,
    settings: &[crate::db::sources::SourceSetting],
) -> Vec<Source> {
    let mut out = file;
    for s in settings {
        let url = match s.url.as_deref().map(url::Url::parse) {
            Some(Ok(u)) if matches!(u.scheme(), "http" | "https") => Some(u),
            Some(_) => {
                tracing::warn!(source = %s.id, "an editor's URL for this source is not valid; kept the file's");
                None
            }
            None => None,
        };
        let language = s
            .language
            .clone()
            .filter(|l| matches!(l.as_str(), "ko" | "en"));
        match out.iter_mut().find(|x| x.id == s.id) {
            Some(src) => {
                if let Some(n) = &s.name {
                    src.name = n.clone();
                }
                if let Some(v) = &s.vendor {
                    src.vendor = v.clone();
                }
                if let Some(u) = url {
                    src.location = Location::Url(u);
                }
                if let Some(l) = language {
                    src.language = l;
                }
                if let Some(e) = s.enabled {
                    src.enabled = e;
                }
            }
            None if s.added => match url {
                Some(u) => out.push(Source {
                    id: s.id.clone(),
                    name: s.name.clone().unwrap_or_else(|| s.id.to_string()),
                    vendor: s.vendor.clone().unwrap_or_else(|| s.id.to_string()),
                    location: Location::Url(u),
                    language: language.unwrap_or_else(default_language),
                    enabled: s.enabled.unwrap_or(true),
                    kind: Kind::Feed,
                }),
                None => {
                    tracing::warn!(source = %s.id, "an editor-added source has no valid URL; skipped")
                }
            },
            // A file source that was removed from the file: its settings wait for it.
            None => {}
        }
    }
    out
}

/// The sources file and the editors' changes, as every run reads them.
pub async fn effective(path: &Path, store: &crate::db::Store) -> Result<Vec<Source>, SourcesError> {
    let file = load(path)?;
    match store.source_settings().await {
        Ok(settings) => Ok(with_settings(file, &settings)),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read editors' source settings; using the file alone");
            Ok(file)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_url_and_path_sources() {
        let s = parse(
            r#"
[[source]]
id = "openai"
name = "OpenAI News"
vendor = "OpenAI"
url = "https://openai.com/news/rss.xml"

[[source]]
id = "demo-openai"
name = "OpenAI (snapshot)"
vendor = "OpenAI"
path = "demo/openai.xml"
language = "en"
enabled = false
"#,
            Path::new("/x"),
        )
        .expect("valid");
        assert_eq!(s.len(), 2);
        assert!(s[0].enabled);
        assert_eq!(
            s[1].location,
            Location::File(PathBuf::from("/x/demo/openai.xml"))
        );
    }

    #[test]
    fn rejects_bad_sources() {
        let one = |body: &str| parse(&format!("[[source]]\n{body}"), Path::new("."));
        assert!(
            one("id=\"a\"\nname=\"n\"\nvendor=\"v\"").is_err(),
            "no location"
        );
        assert!(one("id=\"a\"\nname=\"n\"\nvendor=\"v\"\nurl=\"ftp://x/y\"").is_err());
        assert!(one("id=\"a b\"\nname=\"n\"\nvendor=\"v\"\nurl=\"https://x/\"").is_err());
        assert!(
            one("id=\"a\"\nname=\"n\"\nvendor=\"v\"\nurl=\"https://x/\"\nlanguage=\"fr\"").is_err()
        );
        let dup = "[[source]]\nid=\"a\"\nname=\"n\"\nvendor=\"v\"\nurl=\"https://x/\"\n";
        assert!(parse(&format!("{dup}{dup}"), Path::new(".")).is_err());
    }
}
