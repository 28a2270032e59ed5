//! From rows to what pages, feeds and the JSON API show: cards, evidence with deltas, the
//! history timeline, and the status the evidence suggests.

use app::ids::ArticleId;
use app::models::{ClaimCard, EvidenceView, HistoryEntry};
use app::vocab::{EvidenceKind, Relation, Status, Verdict};
use chrono_tz::Tz;

use super::log::{Event, EventKind};
use super::record::{ClaimRow, EvidenceRow};
use crate::dates::{local_rfc3339, local_time};

/// Who set the claim's current status (the ClaimReview's reviewer); empty if no one has.
pub fn reviewer(events: &[Event]) -> String {
    events
        .iter()
        .rev()
        .find(|e| e.is(EventKind::Status))
        .map(|e| e.actor.clone())
        .unwrap_or_default()
}

pub fn card(r: &ClaimRow, tz: Tz) -> ClaimCard {
    ClaimCard {
        id: r.id,
        kind: r.kind,
        status: r.status,
        vendor: r.vendor.clone(),
        subject: r.subject.clone(),
        metric: r.metric.clone(),
        value: r.value.clone(),
        value_num: r.value_num,
        unit: r.unit.clone(),
        comparison: r.comparison.clone(),
        qualifier: r.qualifier.clone(),
        settings: r.settings.clone(),
        subject_from_context: r.subject_from_context,
        subject_entity: r.subject_entity.clone(),
        metric_entity: r.metric_entity.clone(),
        sentence: r.sentence.clone(),
        article_id: r.article_id,
        article_title: r.article_title.clone(),
        article_url: r.article_url.clone(),
        published_at: local_time(r.published_at, tz),
        current: r.current,
        status_at: r.status_at.map(|t| local_time(t, tz)),
        benchmark_note: r
            .metric_entity
            .as_deref()
            .and_then(|id| super::entities::lexicon().benchmark_note(id)),
        measured_by_others: None,
    }
}

/// Measured minus claimed, for one source (sources are never averaged). Percentages differ
/// in points; other units in their own unit.
pub fn delta(claimed: Option<f64>, unit: Option<&str>, measured: Option<f64>) -> Option<String> {
    let (c, m) = (claimed?, measured?);
    let d = m - c;
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    let magnitude = format!("{:.2}", d.abs());
    let magnitude = magnitude.trim_end_matches('0').trim_end_matches('.');
    Some(match unit {
        Some("%") | Some("percentage points") => format!("{sign}{magnitude} points"),
        Some(u) if u != "count" => format!("{sign}{magnitude} {u}"),
        _ => format!("{sign}{magnitude}"),
    })
}

pub fn evidence_view(e: &EvidenceRow, claim: &ClaimRow, tz: Tz) -> EvidenceView {
    EvidenceView {
        id: e.id,
        url: e.ev.url.clone(),
        title: e.ev.title.clone(),
        organisation: e.ev.organisation.clone(),
        kind: e.ev.kind,
        relation: e.ev.relation,
        verdict: e.ev.verdict,
        measured_value: e.ev.measured_value.clone(),
        interval: e.ev.interval.clone(),
        settings: e.ev.settings.clone(),
        note: e.ev.note.clone(),
        delta: delta(claim.value_num, claim.unit.as_deref(), e.ev.measured_num),
        article_id: e.ev.article_id.map(ArticleId::new),
        added_by: e.added_by.clone(),
        added_at: local_time(e.added_at, tz),
    }
}

fn text(p: &serde_json::Value, key: &str) -> String {
    p.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

pub fn history(events: &[Event], tz: Tz) -> Vec<HistoryEntry> {
    events
        .iter()
        .map(|e| {
            let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
            let (from, to) = if e.is(EventKind::Status) {
                (
                    Status::parse(&text(&p, "from")),
                    Status::parse(&text(&p, "to")),
                )
            } else {
                (None, None)
            };
            let detail = match e.kind() {
                Some(EventKind::Recorded) => {
                    format!("Recorded from the article: “{}”", text(&p, "sentence"))
                }
                Some(EventKind::Status) => {
                    let ev: Vec<String> = p
                        .get("evidence")
                        .and_then(|v| v.as_array())
                        .map(|a| a.iter().map(|x| format!("#{x}")).collect())
                        .unwrap_or_default();
                    if ev.is_empty() {
                        text(&p, "reason")
                    } else {
                        format!("{} (evidence {})", text(&p, "reason"), ev.join(", "))
                    }
                }
                Some(EventKind::Evidence) => format!(
                    "Evidence added: {} — {} ({})",
                    text(&p, "title"),
                    text(&p, "organisation"),
                    text(&p, "verdict")
                ),
                Some(EventKind::Correction) if text(&p, "change") == "removed" => format!(
                    "The article no longer makes this claim (was: “{}”)",
                    text(&p, "from_sentence")
                ),
                Some(EventKind::Correction) => format!(
                    "The article's value changed from {} to {}: “{}”",
                    p.get("from_value")
                        .and_then(|v| v.as_str())
                        .unwrap_or("(none)"),
                    p.get("to_value")
                        .and_then(|v| v.as_str())
                        .unwrap_or("(none)"),
                    text(&p, "to_sentence")
                ),
                Some(EventKind::Restated) => format!(
                    "The article reworded the claim: “{}”",
                    text(&p, "to_sentence")
                ),
                Some(EventKind::Reextracted) if text(&p, "change") == "dropped" => {
                    "A newer extractor no longer reads this sentence as a claim".to_string()
                }
                Some(EventKind::Reextracted) => {
                    "A newer extractor read the claim's fields differently".to_string()
                }
                Some(EventKind::Dismissed) => match (p.get("article_id"), p.get("result_id")) {
                    (Some(a), _) => format!("Suggested evidence dismissed (article {a})"),
                    (None, Some(r)) => {
                        format!("Suggested third-party result dismissed (result {r})")
                    }
                    (None, None) => "Suggestion dismissed".to_string(),
                },
                None => e.kind.clone(),
            };
            HistoryEntry {
                id: e.id,
                kind: e.kind.clone(),
                at: local_rfc3339(&e.at, tz),
                actor: e.actor.clone(),
                from,
                to,
                detail,
                hash: e.hash.clone(),
            }
        })
        .collect()
}

fn independent(e: &EvidenceRow) -> bool {
    e.ev.relation != Relation::FirstParty
        && matches!(
            e.ev.kind,
            EvidenceKind::IndependentEvaluation
                | EvidenceKind::Leaderboard
                | EvidenceKind::CommunityReproduction
                | EvidenceKind::ReproducibilityReport
        )
}

/// Whether a measurement is close enough to the claim to count as reproducing it: within one
/// point for percentages, within 5% otherwise.
fn close(claim: &ClaimRow, measured: Option<f64>) -> bool {
    let (Some(c), Some(m)) = (claim.value_num, measured) else {
        return true;
    };
    match claim.unit.as_deref() {
        Some("%") => (m - c).abs() <= 1.0,
        _ => (m - c).abs() <= c.abs() * 0.05,
    }
}

/// What the evidence and the article's own corrections suggest; `None` when they suggest
/// nothing beyond the current status. An editor decides.
pub fn suggest_status(
    claim: &ClaimRow,
    evidence: &[EvidenceRow],
    events: &[Event],
) -> Option<(Status, String)> {
    let suggestion = (|| {
        if !claim.current {
            return Some((
                Status::Withdrawn,
                "the article no longer makes this claim".to_string(),
            ));
        }
        if events.iter().any(|e| {
            e.is(EventKind::Correction)
                && serde_json::from_str::<serde_json::Value>(&e.payload)
                    .is_ok_and(|p| p["change"] == "value")
        }) || evidence.iter().any(|e| {
            e.ev.kind == EvidenceKind::VendorCorrection && e.ev.verdict == Verdict::Contradicts
        }) {
            return Some((
                Status::Corrected,
                "the vendor changed or corrected the claimed value".to_string(),
            ));
        }
        let supports: Vec<&EvidenceRow> = evidence
            .iter()
            .filter(|e| independent(e) && e.ev.verdict == Verdict::Supports)
            .collect();
        let contradicts = evidence
            .iter()
            .filter(|e| independent(e) && e.ev.verdict == Verdict::Contradicts)
            .count();
        let third_party_doubt = evidence
            .iter()
            .any(|e| e.ev.relation != Relation::FirstParty && e.ev.verdict == Verdict::Contradicts);
        match (supports.len(), contradicts) {
            (s, c) if s > 0 && c > 0 => Some((
                Status::Disputed,
                format!("{s} independent result(s) support the claim and {c} contradict it"),
            )),
            (s, 0) if s > 0 => {
                if supports.iter().all(|e| close(claim, e.ev.measured_num)) {
                    Some((
                        Status::Reproduced,
                        format!("{s} independent result(s) support the claim"),
                    ))
                } else {
                    Some((
                        Status::PartlyReproduced,
                        "independent results support the claim but measure a different value"
                            .to_string(),
                    ))
                }
            }
            (0, c) if c > 0 => Some((
                Status::NotReproduced,
                format!("{c} independent result(s) contradict the claim"),
            )),
            _ if third_party_doubt => Some((
                Status::Disputed,
                "a third party contradicts the claim".to_string(),
            )),
            _ => None,
        }
    })();
    suggestion.filter(|(s, _)| *s != claim.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_never_average_and_speak_in_points() {
        assert_eq!(
            delta(Some(74.9), Some("%"), Some(72.8)).as_deref(),
            Some("−2.1 points")
        );
        assert_eq!(
            delta(Some(10.0), Some("x"), Some(12.5)).as_deref(),
            Some("+2.5 x")
        );
        assert_eq!(
            delta(Some(5.0), Some("count"), Some(5.0)).as_deref(),
            Some("±0")
        );
        assert_eq!(delta(None, Some("%"), Some(1.0)), None);
    }
}

/// Per vendor, the median of measured − claimed and how many measurements it rests on; a
/// median, not a mean, so one wild measurement does not move a vendor.
pub fn claimed_vs_measured(rows: &[(String, f64, f64)]) -> Vec<app::models::VendorDelta> {
    let mut by: std::collections::BTreeMap<&str, Vec<f64>> = std::collections::BTreeMap::new();
    for (vendor, claimed, measured) in rows {
        if claimed.is_finite() && measured.is_finite() {
            by.entry(vendor).or_default().push(measured - claimed);
        }
    }
    by.into_iter()
        .filter_map(|(vendor, mut d)| {
            Some(app::models::VendorDelta {
                vendor: vendor.to_string(),
                median_points: median(&mut d)?,
                count: d.len() as u32,
            })
        })
        .collect()
}

/// The median (of an even count, the mean of the middle two); `None` for none.
pub fn median(xs: &mut [f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod delta_tests {
    use super::claimed_vs_measured;

    #[test]
    fn medians_per_vendor_resist_one_wild_measurement() {
        let rows = [
            ("OpenAI".to_string(), 74.9, 65.0),
            ("OpenAI".to_string(), 94.6, 92.0),
            ("OpenAI".to_string(), 50.0, 10.0),
            ("Google".to_string(), 91.9, 91.0),
            ("Google".to_string(), 37.5, 38.5),
        ];
        let got = claimed_vs_measured(&rows);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].vendor.as_str(), got[0].count), ("Google", 2));
        assert!((got[0].median_points - 0.05).abs() < 1e-9);
        assert_eq!((got[1].vendor.as_str(), got[1].count), ("OpenAI", 3));
        assert!(
            (got[1].median_points + 9.9).abs() < 1e-9,
            "{}",
            got[1].median_points
        );
    }
}
