//! The Every Eval Ever datastore read the way the Hugging Face Hub serves it: the dataset's
//! tree listing (`/api/datasets/{repo}/tree/{revision}/{folder}?recursive=true`, paged by
//! the `Link: <…>; rel="next"` header), then `/datasets/{repo}/resolve/{revision}/{path}` for
//! only the aggregate files whose oid changed since the last read (each file's oid and ETag are
//! kept in `evidence_source_files`). Every request goes through the feed fetcher (address
//! policy, size cap, time limit), and a whole read has a time budget and a file cap: what is
//! left is read next time, so an unreachable or huge datastore never holds anything up.
//!
//! A file is checked against the published schema (vendored, `content/schemas/eee/`) when it
//! says it is written in that schema's version; a file that fails is reported with its path and
//! skipped until it changes. A listing cut off part-way is an error, and the files it did list
//! are still read. A file that changes a result adds the new one (the old one stays) and the
//! change is reported.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Deserialize;
use url::Url;

use super::parse::{self, Measured};
use super::{EvidenceSource, SourceReport};
use crate::db::results::SourceFile;
use crate::db::{DbError, Store};
use crate::fetch::{FetchOutcome, Fetcher, Validators};

/// The schema published in `evaleval/every_eval_ever` (see `content/schemas/eee/SOURCE.md`).
const SCHEMA_TEXT: &str = include_str!("../../../content/schemas/eee/eval.schema.json");

/// Pages of one listing at most (the Hub gives about a thousand entries a page).
const MAX_PAGES: usize = 1000;

/// Files fetched at once (the fetcher's per-host slots bound it further).
const CONCURRENT_FILES: usize = 4;

/// Time checking and reading one file may take.
const FILE_BUDGET: Duration = Duration::from_secs(10);

static SCHEMA: LazyLock<Result<(String, jsonschema::Validator), String>> = LazyLock::new(|| {
    let schema: serde_json::Value =
        serde_json::from_str(SCHEMA_TEXT).map_err(|e| format!("schema: {e}"))?;
    let version = schema["version"].as_str().unwrap_or("0.3.0").to_string();
    let validator = jsonschema::validator_for(&schema).map_err(|e| format!("schema: {e}"))?;
    Ok((version, validator))
});

/// One entry of the Hub's tree listing.
#[derive(Debug, Deserialize)]
struct TreeEntry {
    #[serde(rename = "type")]
    kind: String,
    oid: String,
    path: String,
}

/// What a listing gave: aggregate files by path with their oid, and why it stopped early.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<(String, String)>,
    pub pages: usize,
    pub error: Option<String>,
}

/// The `rel="next"` target of a `Link` header, resolved against the page it came with.
pub fn next_link(header: &str, base: &Url) -> Option<Url> {
    for part in header.split(',') {
        let part = part.trim();
        let Some(rest) = part.strip_prefix('<') else {
            continue;
        };
        let Some((target, params)) = rest.split_once('>') else {
            continue;
        };
        let is_next = params.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase();
            let Some(v) = p.strip_prefix("rel=") else {
                return false;
            };
            v.trim_matches('"').split_whitespace().any(|r| r == "next")
        });
        if is_next {
            return base.join(target.trim()).ok();
        }
    }
    None
}

/// An aggregate record of the datastore: `…/{uuid}.json` (sample files are `.jsonl`).
fn is_aggregate(path: &str) -> bool {
    path.ends_with(".json") && !path.split('/').any(|p| p == ".." || p.is_empty())
}

fn hub_url(base: &Url, segments: &[&str]) -> Option<Url> {
    let mut url = base.clone();
    {
        let mut path = url.path_segments_mut().ok()?;
        path.pop_if_empty();
        for s in segments {
            for part in s.split('/').filter(|p| !p.is_empty()) {
                path.push(part);
            }
        }
    }
    Some(url)
}

/// The listing of the source's folder, page after page, until the end, an error or `until`.
pub async fn list(fetcher: &Fetcher, source: &EvidenceSource, until: Instant) -> Listing {
    let mut out = Listing::default();
    let base = match source.url.as_deref().map(Url::parse) {
        Some(Ok(u)) => u,
        _ => {
            out.error = Some("no url".into());
            return out;
        }
    };
    let repo = source.repo.as_deref().unwrap_or_default();
    let Some(mut url) = hub_url(
        &base,
        &[
            "api/datasets",
            repo,
            "tree",
            &source.revision,
            &source.under,
        ],
    ) else {
        out.error = Some("the url cannot be a base".into());
        return out;
    };
    url.set_query(Some("recursive=true"));
    let mut seen = HashSet::new();
    loop {
        if out.pages >= MAX_PAGES || !seen.insert(url.to_string()) {
            out.error = Some(format!("the listing did not end after {} pages", out.pages));
            return out;
        }
        let left = until.saturating_duration_since(Instant::now());
        let fetched =
            match tokio::time::timeout(left, fetcher.get(&url, &Validators::default())).await {
                Err(_) => Err("the read's time budget ran out".to_string()),
                Ok(Err(e)) => Err(e.to_string()),
                Ok(Ok(FetchOutcome::NotModified)) => Err("answered 304 without validators".into()),
                Ok(Ok(FetchOutcome::Fetched(f))) => Ok(f),
            };
        let f = match fetched {
            Ok(f) => f,
            Err(e) => {
                out.error = Some(cut_off(&out, &e));
                return out;
            }
        };
        let entries: Vec<TreeEntry> = match serde_json::from_slice(&f.body) {
            Ok(e) => e,
            Err(e) => {
                out.error = Some(cut_off(&out, &format!("page is not a tree listing: {e}")));
                return out;
            }
        };
        out.pages += 1;
        out.files.extend(
            entries
                .into_iter()
                .filter(|e| e.kind == "file" && is_aggregate(&e.path))
                .map(|e| (e.path, e.oid)),
        );
        // The next page only on the Hub itself: a listing cannot send us elsewhere.
        match f
            .link
            .as_deref()
            .and_then(|l| next_link(l, &f.final_url))
            .filter(|n| n.origin() == base.origin())
        {
            Some(next) => url = next,
            None => return out,
        }
    }
}

fn cut_off(listing: &Listing, reason: &str) -> String {
    if listing.pages == 0 {
        format!("listing failed: {reason}")
    } else {
        format!(
            "listing cut off after {} page(s) and {} files: {reason}",
            listing.pages,
            listing.files.len()
        )
    }
}

/// Why a file that says it is written in the vendored schema's version is not valid in it
/// (the first few errors, with where), or `None`. Files of other versions are read for what
/// the reader needs and problems are reported by it.
pub fn schema_problem(record: &serde_json::Value) -> Option<String> {
    let (version, validator) = match &*SCHEMA {
        Ok(s) => s,
        Err(e) => return Some(e.clone()),
    };
    let stated = record.get("schema_version").and_then(|v| v.as_str())?;
    let minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    if minor(stated) != minor(version) {
        return None;
    }
    let errors: Vec<String> = validator
        .iter_errors(record)
        .take(3)
        .map(|e| {
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".into() } else { at };
            format!("{at}: {e}")
        })
        .collect();
    (!errors.is_empty()).then(|| {
        let text = format!("not valid in schema {version}: {}", errors.join("; "));
        text.chars().take(400).collect()
    })
}

/// One file's body → the evaluator it names (`source_organization_name`) and its results, or
/// why it has none.
fn read_file(body: &[u8], file_url: &str) -> Result<(Option<String>, Vec<Measured>), String> {
    let text = std::str::from_utf8(body).map_err(|_| "not UTF-8".to_string())?;
    let record: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if !record.is_object() {
        return Err("not a record".into());
    }
    if let Some(p) = schema_problem(&record) {
        return Err(p);
    }
    let parsed = parse::eee(text);
    if parsed.results.is_empty() {
        let why = parsed
            .problems
            .first()
            .map_or("no results".to_string(), |p| p.reason.clone());
        return Err(why);
    }
    let evaluator = record
        .pointer("/source_metadata/source_organization_name")
        .and_then(|v| v.as_str())
        .map(|o| o.trim().chars().take(120).collect::<String>())
        .filter(|o| !o.is_empty());
    let results = parsed
        .results
        .into_iter()
        .map(|mut m| {
            // Where the figure can be checked: the record's own page, else the file.
            if m.url.is_none() {
                m.url = Some(file_url.to_string());
            }
            m
        })
        .collect();
    Ok((evaluator, results))
}

/// What reading one changed file gave.
struct FileRead {
    file: SourceFile,
    /// Who ran the evaluation, as the record names it.
    evaluator: Option<String>,
    results: Vec<Measured>,
}

async fn fetch_file(
    fetcher: &Fetcher,
    base: &Url,
    source: &EvidenceSource,
    path: &str,
    oid: &str,
    known: Option<&SourceFile>,
) -> FileRead {
    let repo = source.repo.as_deref().unwrap_or_default();
    let mut file = SourceFile {
        path: path.to_string(),
        oid: oid.to_string(),
        etag: None,
        results: 0,
        problem: None,
    };
    let Some(url) = hub_url(base, &["datasets", repo, "resolve", &source.revision, path]) else {
        file.problem = Some(format!("{path}: no address"));
        return FileRead {
            file,
            evaluator: None,
            results: Vec::new(),
        };
    };
    let validators = Validators {
        etag: known.and_then(|k| k.etag.clone()),
        last_modified: None,
    };
    let fetched = fetcher.get(&url, &validators).await;
    let mut evaluator = None;
    let results = match fetched {
        Ok(FetchOutcome::NotModified) => {
            // Same bytes under a new oid: what the file gave is stored already.
            file.etag = validators.etag;
            file.results = known.map_or(0, |k| k.results);
            file.problem = known.and_then(|k| k.problem.clone());
            Vec::new()
        }
        Ok(FetchOutcome::Fetched(f)) => {
            file.etag = f.validators.etag.clone();
            let body = f.body;
            let u = url.to_string();
            let read = crate::contained::run(FILE_BUDGET, move || read_file(&body, &u)).await;
            match read {
                Ok(Ok((named, results))) => {
                    file.results = results.len() as i64;
                    evaluator = named;
                    results
                }
                Ok(Err(why)) => {
                    file.problem = Some(format!("{path}: {why}"));
                    Vec::new()
                }
                Err(e) => {
                    file.problem = Some(format!("{path}: {e}"));
                    Vec::new()
                }
            }
        }
        Err(e) => {
            // Not recorded as read: the file is tried again next time.
            file.oid.clear();
            file.problem = Some(format!("{path}: {e}"));
            Vec::new()
        }
    };
    FileRead {
        file,
        evaluator,
        results,
    }
}

fn same_result(a: &Measured, b: &Measured) -> bool {
    a.model == b.model && a.benchmark == b.benchmark && a.settings == b.settings
}

fn score_text(m: &Measured) -> String {
    let unit = m.unit.as_deref().unwrap_or("");
    format!("{}{unit}", (m.score * 100.0).round() / 100.0)
}

/// Reads a Hub datastore source: listing, changed files within the budget, results stored with
/// the file they came from, each file's oid recorded. Fills `report`.
pub async fn refresh(
    db: &Store,
    source: &EvidenceSource,
    fetcher: &Fetcher,
    report: &mut SourceReport,
    now: &str,
) -> Result<(), DbError> {
    let started = Instant::now();
    let until = started + Duration::from_secs(source.budget_secs);
    let listing = list(fetcher, source, until).await;
    report.error = listing.error.clone();
    report.files_listed = listing.files.len();
    let Some(base) = source.url.as_deref().and_then(|u| Url::parse(u).ok()) else {
        return Ok(());
    };
    let known = db.source_files(&source.id).await?;
    let mut changed: Vec<&(String, String)> = listing
        .files
        .iter()
        .filter(|(path, oid)| known.get(path).is_none_or(|k| &k.oid != oid))
        .collect();
    changed.sort();
    changed.dedup_by(|a, b| a.0 == b.0);
    // Files still unusable at the same oid are reported each time, with their path.
    let listed: HashMap<&str, &str> = listing
        .files
        .iter()
        .map(|(p, o)| (p.as_str(), o.as_str()))
        .collect();
    for k in known.values() {
        if k.problem.is_some() && listed.get(k.path.as_str()) == Some(&k.oid.as_str()) {
            report.problems.extend(k.problem.clone());
        }
    }

    let take = changed.len().min(source.max_files);
    let mut done = 0usize;
    for chunk in changed[..take].chunks(64) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        // Owned inputs: a stream of futures borrowing the chunk's items does not satisfy the
        // higher-ranked bounds `tokio::spawn` puts on the read that runs this.
        let futures: Vec<_> = chunk
            .iter()
            .map(|(path, oid)| {
                let (path, oid, seen) = (path.clone(), oid.clone(), known.get(path).cloned());
                let base = &base;
                async move { fetch_file(fetcher, base, source, &path, &oid, seen.as_ref()).await }
            })
            .collect();
        let reads = futures_util::stream::iter(futures)
            .buffer_unordered(CONCURRENT_FILES)
            .collect::<Vec<FileRead>>();
        let Ok(mut reads) = tokio::time::timeout(left, reads).await else {
            break;
        };
        reads.sort_by(|a, b| a.file.path.cmp(&b.file.path));
        done += chunk.len();
        store_reads(db, source, &known, &reads, report, now).await?;
    }
    report.files_read = done;
    report.files_left = changed.len() - done;
    report.not_modified = changed.is_empty() && report.error.is_none();
    Ok(())
}

async fn store_reads(
    db: &Store,
    source: &EvidenceSource,
    known: &HashMap<String, SourceFile>,
    reads: &[FileRead],
    report: &mut SourceReport,
    now: &str,
) -> Result<(), DbError> {
    // By publisher: the evaluator a record names, through the datastore that carries it.
    let mut batch: std::collections::BTreeMap<String, Vec<(&Measured, &str)>> =
        std::collections::BTreeMap::new();
    for read in reads {
        report.problems.extend(read.file.problem.clone());
        if read.results.is_empty() {
            continue;
        }
        // A file read before: what it said then, to show what changed.
        if known.contains_key(&read.file.path) {
            let before = db.results_from(&source.id, &read.file.path).await?;
            for new in &read.results {
                let old = before
                    .iter()
                    .rev()
                    .find(|o| same_result(&o.measured, new))
                    .map(|o| &o.measured);
                if let Some(old) = old.filter(|o| o.score != new.score) {
                    report.changes.push(format!(
                        "{}: {} on {}: {} → {}",
                        read.file.path,
                        new.model,
                        new.benchmark,
                        score_text(old),
                        score_text(new)
                    ));
                }
            }
        }
        report.results += read.results.len();
        let publisher = match &read.evaluator {
            Some(org) => format!("{org}, via {}", source.publisher),
            None => source.publisher.clone(),
        };
        batch
            .entry(publisher)
            .or_default()
            .extend(read.results.iter().map(|m| (m, read.file.path.as_str())));
    }
    for (publisher, results) in &batch {
        report.new_results += super::record_from(db, source, publisher, results, now).await?;
    }
    let files: Vec<SourceFile> = reads
        .iter()
        .filter(|r| !r.file.oid.is_empty())
        .map(|r| r.file.clone())
        .collect();
    db.save_source_files(&source.id, &files, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_next_page_is_found_in_any_link_header() {
        let base = Url::parse("https://hub.example/api/datasets/a/b/tree/main/data?recursive=true")
            .expect("url");
        let h = r#"<https://hub.example/api/datasets/a/b/tree/main/data?recursive=true&cursor=ZXlK>; rel="next""#;
        assert_eq!(
            next_link(h, &base).map(|u| u.to_string()).as_deref(),
            Some("https://hub.example/api/datasets/a/b/tree/main/data?recursive=true&cursor=ZXlK")
        );
        let two = r#"<https://hub.example/p1>; rel="prev", </p3>; rel=next"#;
        assert_eq!(
            next_link(two, &base).map(|u| u.to_string()).as_deref(),
            Some("https://hub.example/p3")
        );
        assert_eq!(
            next_link(r#"<https://hub.example/p1>; rel="prev""#, &base),
            None
        );
        assert_eq!(next_link("", &base), None);
    }

    proptest! {
        #[test]
        fn link_headers_never_panic(h in "\\PC{0,80}") {
            let base = Url::parse("https://hub.example/x").expect("url");
            let _ = next_link(&h, &base);
        }

        #[test]
        fn any_json_file_is_results_or_a_problem(body in "\\PC{0,200}") {
            let _ = read_file(body.as_bytes(), "https://hub.example/x");
        }
    }

    #[test]
    fn only_records_in_the_vendored_version_are_held_to_the_schema() {
        let mut r = serde_json::json!({"schema_version": "0.3.0", "model_info": {"id": "x/y"}});
        let p = schema_problem(&r).expect("invalid");
        assert!(p.contains("not valid in schema 0.3.0"), "{p}");
        r["schema_version"] = serde_json::json!("0.2.0");
        assert_eq!(schema_problem(&r), None);
        assert!(is_aggregate("data/hle/openai/gpt-5/0b1c.json"));
        assert!(!is_aggregate("data/hle/openai/gpt-5/0b1c_samples.jsonl"));
        assert!(!is_aggregate("data/../x.json"));
    }
}
