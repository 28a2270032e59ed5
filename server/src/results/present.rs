//! How a third-party result appears beside a claim, and the evidence it becomes when an editor
//! accepts it.

use app::models::{ChartPoint, ResultLine, ResultSuggestion};
use app::vocab::{EvidenceKind, Relation};

use super::matching::{interval, Suggestion};
use super::StoredResult;
use crate::claims::record::{ClaimRow, NewEvidence};
use crate::claims::views::delta;

/// Every Eval Ever's relationship to the model's developer, in the evidence vocabulary: work
/// the developer took part in is first-party.
pub fn relation(relationship: &str) -> Relation {
    match relationship {
        "first_party" | "collaborative" => Relation::FirstParty,
        "third_party" => Relation::ThirdParty,
        _ => Relation::Community,
    }
}

fn number(x: f64, unit: Option<&str>) -> String {
    let t = format!("{x:.2}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    match unit {
        Some("%") => format!("{t}%"),
        Some(u) => format!("{t} {u}"),
        None => t.to_string(),
    }
}

fn interval_text(r: &StoredResult) -> Option<String> {
    let m = &r.measured;
    interval(m.score, m.lower, m.upper, m.stderr).map(|(l, u, _)| {
        format!(
            "{} – {}",
            number(l, m.unit.as_deref()),
            number(u, m.unit.as_deref())
        )
    })
}

/// "71.2% measured by Vals AI": the newest of a claim's independent results, and their count.
pub fn measured_by_others(results: &[StoredResult]) -> Option<app::models::MeasuredByOthers> {
    let newest = results.first()?;
    Some(app::models::MeasuredByOthers {
        measured: number(newest.measured.score, newest.measured.unit.as_deref()),
        publisher: newest.publisher.clone(),
        url: newest.measured.url.clone(),
        results: u32::try_from(results.len()).unwrap_or(u32::MAX),
    })
}

pub fn suggestion_view(r: &StoredResult, s: &Suggestion, claim: &ClaimRow) -> ResultSuggestion {
    let m = &r.measured;
    ResultSuggestion {
        result_id: r.id,
        publisher: r.publisher.clone(),
        licence: r.licence.clone(),
        model: m.model.clone(),
        benchmark: m.benchmark.clone(),
        measured: number(m.score, m.unit.as_deref()),
        interval: interval_text(r),
        delta: delta(claim.value_num, claim.unit.as_deref(), Some(m.score)),
        verdict: s.verdict,
        basis: s.basis.clone(),
        relation: relation(&m.relationship),
        settings: m.settings.clone(),
        date: m.date.clone(),
        url: m.url.clone(),
    }
}

/// The evidence an accepted result becomes: the publisher, its value and interval, the
/// suggested verdict, and the reason for it (which the editor saw when accepting).
pub fn as_evidence(r: &StoredResult, s: &Suggestion) -> NewEvidence {
    let m = &r.measured;
    NewEvidence {
        url: m.url.clone().unwrap_or_default(),
        title: format!("{}: {} on {}", r.publisher, m.model, m.benchmark),
        organisation: r.publisher.clone(),
        kind: EvidenceKind::IndependentEvaluation,
        relation: relation(&m.relationship),
        verdict: s.verdict,
        measured_value: Some(number(m.score, m.unit.as_deref())),
        measured_num: Some(m.score),
        interval: interval_text(r),
        settings: (!m.settings.is_empty()).then(|| m.settings.join(", ")),
        note: Some(format!(
            "{}. Published under {}{}.",
            s.basis,
            r.licence,
            m.date
                .as_deref()
                .map(|d| format!(", evaluated {d}"))
                .unwrap_or_default()
        )),
        article_id: None,
        result_id: Some(r.id.get()),
    }
}

pub fn result_line(r: &StoredResult) -> ResultLine {
    let m = &r.measured;
    ResultLine {
        publisher: r.publisher.clone(),
        model: m.model.clone(),
        benchmark: m.benchmark.clone(),
        measured: number(m.score, m.unit.as_deref()),
        interval: interval_text(r),
        settings: m.settings.clone(),
        date: m.date.clone(),
        url: m.url.clone(),
    }
}

/// A measured percentage as a chart point (`None` for other units: the chart is in percent).
pub fn result_point(r: &StoredResult, series: String) -> Option<ChartPoint> {
    let m = &r.measured;
    (m.unit.as_deref() == Some("%")).then(|| ChartPoint {
        date: m
            .date
            .clone()
            .unwrap_or_else(|| r.first_seen.format("%Y-%m-%d").to_string()),
        value: m.score,
        measured: true,
        series,
        by: r.publisher.clone(),
        href: m.url.clone(),
    })
}

/// A claimed percentage as a chart point, dated by its announcement's day in the configured zone.
pub fn claim_point(c: &ClaimRow, series: String, tz: chrono_tz::Tz) -> Option<ChartPoint> {
    (c.unit.as_deref() == Some("%"))
        .then_some(c.value_num)
        .flatten()
        .map(|value| ChartPoint {
            date: crate::dates::local_time(c.published_at, tz)
                .chars()
                .take(10)
                .collect(),
            value,
            measured: false,
            series,
            by: c.vendor.clone(),
            href: Some(format!("/claim/{}", c.id)),
        })
}
