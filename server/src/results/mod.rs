//! Third-party results: what independent evaluators and leaderboards measured, read from the
//! configured evidence sources (`[[evidence_source]]`: an Every Eval Ever JSON file or a CSV
//! table, by URL through the same fetcher as feeds, or a local file), each stored once with its
//! provenance, and matched to claims by canonical model and benchmark and compatible settings.
//! A match is only a suggestion on the claim page; an editor accepts it as evidence or dismisses it.

pub mod aider;
pub mod coverage;
pub mod evaluate;
pub mod give_back;
pub mod hub;
pub mod matching;
pub mod parse;
pub mod present;
pub mod swebench;

use app::ids::{ClaimId, EvidenceSourceId};
use url::Url;

use crate::claims::record::ClaimRow;
pub use crate::db::results::StoredResult;
use crate::db::results::{ReadOutcome, SourceState};
use crate::db::{DbError, Reads, Store};
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use matching::{comparable, suggest, Stated, Suggestion};

pub use crate::config::{validate_sources, EvidenceSource, Format};

/// What refreshing one source did.
#[derive(Debug, Clone, Default)]
pub struct SourceReport {
    pub id: EvidenceSourceId,
    pub results: usize,
    pub new_results: usize,
    pub not_modified: bool,
    /// Rows that were skipped: "line 3: score \"lots\" is not a number" (for a datastore,
    /// files, by path).
    pub problems: Vec<String>,
    pub error: Option<String>,
    /// A datastore: aggregate files listed, changed files read, and changed files left for the
    /// next read by the time budget or the file cap.
    pub files_listed: usize,
    pub files_read: usize,
    pub files_left: usize,
    /// Results a changed file states differently ("path: model on benchmark: old → new").
    pub changes: Vec<String>,
}

async fn body_of(
    source: &EvidenceSource,
    fetcher: &Fetcher,
    max_bytes: u64,
    known: &SourceState,
) -> Result<Option<(String, Option<SourceState>)>, String> {
    if let Some(path) = &source.path {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.len() > max_bytes {
            return Err(format!(
                "{} is larger than {max_bytes} bytes",
                path.display()
            ));
        }
        let text = tokio::fs::read_to_string(path)
            .await
            .map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(Some((text, None)));
    }
    let url = source
        .url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .ok_or("no url")?;
    let validators = Validators {
        etag: known.etag.clone(),
        last_modified: known.last_modified.clone(),
    };
    match fetcher
        .get(&url, &validators)
        .await
        .map_err(|e| e.to_string())?
    {
        FetchOutcome::NotModified => Ok(None),
        FetchOutcome::Fetched(f) => {
            let text =
                String::from_utf8(f.body).map_err(|_| "the body is not UTF-8".to_string())?;
            let state = SourceState {
                etag: f.validators.etag,
                last_modified: f.validators.last_modified,
            };
            Ok(Some((text, Some(state))))
        }
    }
}

/// Reads every source and stores the results not seen before. A failing source is reported
/// and the others go on; nothing stored is ever changed or removed by a later fetch.
/// Time parsing one results file may take.
const PARSE_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);

/// Stores the results of one evidence source not stored before, each with its model and
/// benchmark resolved to the shared entity lists first; returns how many were new.
pub async fn record(
    db: &Store,
    source: &EvidenceSource,
    results: &[parse::Measured],
    now: &str,
) -> Result<usize, DbError> {
    let resolved: Vec<_> = results
        .iter()
        .map(|m| crate::db::results::NewResult {
            measured: m,
            origin: None,
            model_entity: matching::model_entity(&m.model),
            benchmark_entity: matching::benchmark_entity_at(
                &m.benchmark,
                m.url.as_deref().or(source.url.as_deref()),
            ),
        })
        .collect();
    store_resolved(db, source, &source.publisher, &resolved, now).await
}

/// Like `record`, for results that each came from one file of a many-file source, published
/// by `publisher` (the evaluator a datastore record names, through the datastore).
pub async fn record_from(
    db: &Store,
    source: &EvidenceSource,
    publisher: &str,
    results: &[(&parse::Measured, &str)],
    now: &str,
) -> Result<usize, DbError> {
    let resolved: Vec<_> = results
        .iter()
        .map(|(m, origin)| crate::db::results::NewResult {
            measured: m,
            origin: Some(origin),
            model_entity: matching::model_entity(&m.model),
            benchmark_entity: matching::benchmark_entity_at(&m.benchmark, m.url.as_deref()),
        })
        .collect();
    store_resolved(db, source, publisher, &resolved, now).await
}

async fn store_resolved(
    db: &Store,
    source: &EvidenceSource,
    publisher: &str,
    resolved: &[crate::db::results::NewResult<'_>],
    now: &str,
) -> Result<usize, DbError> {
    let publisher = crate::db::results::Publisher {
        source_id: &source.id,
        publisher,
        licence: &source.licence,
    };
    db.record_results(&publisher, resolved, now).await
}

pub async fn refresh(
    db: &Store,
    sources: &[EvidenceSource],
    fetcher: &Fetcher,
    max_bytes: u64,
) -> Result<Vec<SourceReport>, DbError> {
    let mut reports = Vec::new();
    for source in sources.iter().filter(|s| s.enabled) {
        let now = crate::dates::ts(chrono::Utc::now());
        let known = db.evidence_source_state(&source.id).await?;
        let mut report = SourceReport {
            id: source.id.clone(),
            ..Default::default()
        };
        let mut validators = None;
        if source.format == Format::EeeHub {
            hub::refresh(db, source, fetcher, &mut report, &now).await?;
            save_read(db, source, None, &report, &now).await?;
            reports.push(report);
            continue;
        }
        let cap = source.max_bytes.unwrap_or(max_bytes);
        let own_fetcher = (cap != max_bytes).then(|| fetcher.with_max_body_bytes(cap));
        let read = match &own_fetcher {
            Some(Err(e)) => Err(e.to_string()),
            Some(Ok(f)) => body_of(source, f, cap, &known).await,
            None => body_of(source, fetcher, cap, &known).await,
        };
        match read {
            Err(e) => report.error = Some(e),
            Ok(None) => report.not_modified = true,
            Ok(Some((body, v))) => {
                let (format, relationship) = (source.format, source.relationship.clone());
                // Parsing a hostile file runs off the async threads, and its failure is this
                // source's error (validators are then kept, so the file is read again).
                let parsed = crate::contained::run(PARSE_BUDGET, move || match format {
                    Format::Eee | Format::EeeHub => parse::eee(&body),
                    Format::Csv => parse::csv(&body, &relationship),
                    Format::Aider => aider::leaderboard(&body),
                    Format::Swebench => swebench::leaderboards(&body),
                })
                .await;
                let parsed = match parsed {
                    Ok(p) => p,
                    Err(e) => {
                        report.error = Some(e.to_string());
                        save_read(db, source, None, &report, &now).await?;
                        reports.push(report);
                        continue;
                    }
                };
                validators = v;
                report.problems = parsed
                    .problems
                    .iter()
                    .map(|p| format!("line {}: {}", p.at, p.reason))
                    .collect();
                report.results = parsed.results.len();
                report.new_results = record(db, source, &parsed.results, &now).await?;
            }
        }
        save_read(db, source, validators.as_ref(), &report, &now).await?;
        reports.push(report);
    }
    Ok(reports)
}

async fn save_read(
    db: &Store,
    source: &EvidenceSource,
    validators: Option<&SourceState>,
    report: &SourceReport,
    now: &str,
) -> Result<(), DbError> {
    let outcome = ReadOutcome {
        validators,
        at: now,
        results: report.results,
        new_results: report.new_results,
        problems: &report.problems,
        error: report.error.as_deref(),
        changes: &report.changes,
        files_left: report.files_left,
    };
    db.save_source_read(&source.id, &outcome).await
}

/// What others measured on each claim: claim id → results, newest first.
pub type Measured = std::collections::HashMap<ClaimId, Vec<StoredResult>>;

/// The independent results (not first-party) on each claim's model and benchmark, with
/// settings that do not contradict the claim's and the same kind of unit (a percentage against
/// percentages only): claim id → results, newest first. One query per 400 claims.
pub async fn by_others<'a>(
    db: &Reads,
    claims: impl IntoIterator<Item = &'a ClaimRow>,
) -> Result<Measured, DbError> {
    let measurable: std::collections::HashMap<ClaimId, &ClaimRow> = claims
        .into_iter()
        .filter(|c| {
            c.kind.is_trackable()
                && c.value_num.is_some()
                && c.subject_entity.is_some()
                && c.metric_entity.is_some()
        })
        .map(|c| (c.id, c))
        .collect();
    let ids: Vec<ClaimId> = measurable.keys().copied().collect();
    let mut out = Measured::default();
    if ids.is_empty() {
        return Ok(out);
    }
    for (id, r) in db.results_on_claims(&ids).await? {
        let Some(claim) = measurable.get(&id) else {
            continue;
        };
        let percent = claim.unit.as_deref() == Some("%");
        if present::relation(&r.measured.relationship) != app::vocab::Relation::FirstParty
            && comparable(
                Stated {
                    model: claim.subject.as_deref().unwrap_or(""),
                    benchmark: claim.metric.as_deref().unwrap_or(""),
                    settings: &claim.settings,
                },
                Stated {
                    model: &r.measured.model,
                    benchmark: &r.measured.benchmark,
                    settings: &r.measured.settings,
                },
            )
            && percent == (r.measured.unit.as_deref() == Some("%"))
        {
            out.entry(id).or_default().push(r);
        }
    }
    Ok(out)
}

/// Fills each card's "measured by others" from `by_others` (cards and rows in the same order
/// or not: they are matched by id).
pub async fn attach_measured(
    db: &Reads,
    rows: &[ClaimRow],
    cards: &mut [app::models::ClaimCard],
) -> Result<(), DbError> {
    attach(&by_others(db, rows).await?, cards);
    Ok(())
}

/// Fills each card's "measured by others" from results already read by `by_others`.
pub fn attach(found: &Measured, cards: &mut [app::models::ClaimCard]) {
    for card in cards {
        if let Some(results) = found.get(&card.id) {
            card.measured_by_others = present::measured_by_others(results);
        }
    }
}

/// Per vendor, its current benchmark claims, how many independent results measure, and the
/// median of (newest measured − claimed) in points over the measured percentage claims.
pub async fn coverage(db: &Store) -> Result<Vec<app::models::VendorCoverage>, DbError> {
    let rows = db.measurable_claims().await?;
    let found = by_others(db, &rows).await?;
    let mut per_vendor: std::collections::BTreeMap<String, (u32, Vec<f64>)> = Default::default();
    for claim in &rows {
        let Some(newest) = found.get(&claim.id).and_then(|r| r.first()) else {
            continue;
        };
        let entry = per_vendor.entry(claim.vendor.clone()).or_default();
        entry.0 += 1;
        if let (Some(claimed), Some("%")) = (claim.value_num, claim.unit.as_deref()) {
            entry.1.push(newest.measured.score - claimed);
        }
    }
    Ok(db
        .benchmark_claims_per_vendor()
        .await?
        .into_iter()
        .map(|(vendor, claims)| {
            let (measured, mut deltas) = per_vendor.remove(&vendor).unwrap_or_default();
            app::models::VendorCoverage {
                median_points: crate::claims::views::median(&mut deltas),
                vendor,
                claims: u32::try_from(claims).unwrap_or(u32::MAX),
                measured,
            }
        })
        .collect())
}

/// The stored results that bear on a claim, with what each suggests. Only trackable claims
/// with a canonical subject and benchmark and a number are matched; results whose settings
/// contradict the claim's, and results an editor already handled, are left out.
pub async fn for_claim(
    db: &Store,
    claim: &ClaimRow,
) -> Result<Vec<(StoredResult, Suggestion)>, DbError> {
    let (Some(model), Some(bench), Some(claimed)) = (
        claim.subject_entity.as_deref(),
        claim.metric_entity.as_deref(),
        claim.value_num,
    ) else {
        return Ok(Vec::new());
    };
    if !claim.kind.is_trackable() {
        return Ok(Vec::new());
    }
    let handled = db.handled_results(claim.id).await?;
    let percent = claim.unit.as_deref() == Some("%");
    Ok(db
        .results_about(Some(model), Some(bench))
        .await?
        .into_iter()
        .filter(|r| !handled.contains(&r.id))
        .filter(|r| {
            comparable(
                Stated {
                    model: claim.subject.as_deref().unwrap_or(""),
                    benchmark: claim.metric.as_deref().unwrap_or(""),
                    settings: &claim.settings,
                },
                Stated {
                    model: &r.measured.model,
                    benchmark: &r.measured.benchmark,
                    settings: &r.measured.settings,
                },
            )
        })
        // A percentage claim is compared with percentages only (not an Elo or a count).
        .filter(|r| percent == (r.measured.unit.as_deref() == Some("%")))
        .map(|r| {
            let m = &r.measured;
            let s = suggest(claimed, percent, m.score, m.lower, m.upper, m.stderr);
            (r, s)
        })
        .collect())
}
