//! Third-party results as published: Every Eval Ever aggregate records (JSON: one record, an
//! array, or one record a line) and CSV tables. A row that cannot be read is reported with its
//! line (or record) and skipped; the others are kept.

use serde::Deserialize;
use serde_json::Value;

pub use crate::db::results::Measured;

/// A row that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line (CSV, JSON lines) or record number (JSON array).
    pub at: usize,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub results: Vec<Measured>,
    pub problems: Vec<Problem>,
}

/// The number of results one source may hold; a larger file is read up to it.
pub const MAX_RESULTS: usize = 20_000;

fn relationship(s: &str) -> Option<String> {
    let k = s.trim().to_lowercase().replace(['-', ' '], "_");
    matches!(
        k.as_str(),
        "first_party" | "third_party" | "collaborative" | "other"
    )
    .then_some(k)
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

// ---- Every Eval Ever -------------------------------------------------------------------------

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().and_then(finite),
        Value::String(s) => s.trim().parse::<f64>().ok().and_then(finite),
        _ => None,
    }
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut at = v;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn date_of_epoch(v: Option<&Value>) -> Option<String> {
    let secs = v.and_then(as_f64)?;
    chrono::DateTime::from_timestamp(secs as i64, 0).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The settings an Every Eval Ever result states in a form claims can be compared with.
fn eee_settings(result: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let args = result.pointer("/generation_config/generation_args");
    if let Some(tools) = args
        .and_then(|a| a.pointer("/agentic_eval_config/available_tools"))
        .and_then(Value::as_array)
    {
        out.push(
            if tools.is_empty() {
                "without tools"
            } else {
                "with tools"
            }
            .to_string(),
        );
    }
    if let Some(details) = result
        .pointer("/generation_config/additional_details")
        .and_then(Value::as_object)
    {
        for (k, v) in details {
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            match k.as_str() {
                "shots" | "num_shots" | "n_shot" => out.push(format!("{v}-shot")),
                "reasoning_effort" | "effort" => out.push(format!("{v} effort")),
                "pass_at_k" | "pass@k" => out.push(format!("pass@{v}")),
                "scaffold" | "harness" | "agent" => out.push(v),
                "tools" if v == "with" || v == "without" => out.push(format!("{v} tools")),
                _ => {}
            }
        }
    }
    out
}

/// One aggregate record (`EvaluationLog`) → one result per `evaluation_results[]` entry.
fn eee_record(record: &Value, at: usize, out: &mut Parsed) {
    let Some(model) =
        text(record, &["model_info", "id"]).or_else(|| text(record, &["model_info", "name"]))
    else {
        out.problems.push(Problem {
            at,
            reason: "no model_info.id".into(),
        });
        return;
    };
    let relationship = text(record, &["source_metadata", "evaluator_relationship"])
        .and_then(|r| relationship(&r))
        .unwrap_or_else(|| "other".into());
    let date = date_of_epoch(record.get("evaluation_timestamp"));
    let Some(results) = record.get("evaluation_results").and_then(Value::as_array) else {
        out.problems.push(Problem {
            at,
            reason: "no evaluation_results".into(),
        });
        return;
    };
    for r in results {
        let benchmark =
            text(r, &["source_data", "dataset_name"]).or_else(|| text(r, &["evaluation_name"]));
        let Some(benchmark) = benchmark else {
            out.problems.push(Problem {
                at,
                reason: "a result names no dataset".into(),
            });
            continue;
        };
        let Some(score) = r.pointer("/score_details/score").and_then(as_f64) else {
            out.problems.push(Problem {
                at,
                reason: format!("{benchmark}: no numeric score"),
            });
            continue;
        };
        // A proportion (max_score 1) is put on the 0–100 scale claims are written in; a
        // score the record calls a percentage is one already.
        let max = r.pointer("/metric_config/max_score").and_then(as_f64);
        let unit = text(r, &["metric_config", "metric_unit"]).map(|u| u.to_lowercase());
        let percent = matches!(unit.as_deref(), Some("percent" | "percentage" | "%"));
        let proportion = !percent
            && (unit.as_deref() == Some("proportion")
                || max == Some(1.0)
                || (max.is_none() && (0.0..=1.0).contains(&score)));
        let scale = if proportion { 100.0 } else { 1.0 };
        // Schema 0.3 keeps the interval and the standard error under `uncertainty` (the
        // standard error as `{value}`); 0.2 records had them beside the score.
        let ci = |k: &str| {
            r.pointer(&format!(
                "/score_details/uncertainty/confidence_interval/{k}"
            ))
            .or_else(|| r.pointer(&format!("/score_details/confidence_interval/{k}")))
            .and_then(as_f64)
        };
        let stderr = r
            .pointer("/score_details/uncertainty/standard_error/value")
            .or_else(|| r.pointer("/score_details/uncertainty/standard_error"))
            .and_then(as_f64);
        out.results.push(Measured {
            model: model.clone(),
            benchmark,
            score: score * scale,
            unit: (proportion || percent).then(|| "%".to_string()),
            lower: ci("lower").map(|x| x * scale),
            upper: ci("upper").map(|x| x * scale),
            stderr: stderr.map(|x| x * scale),
            date: date.clone(),
            settings: eee_settings(r),
            url: text(r, &["source_data", "url"])
                .or_else(|| {
                    r.pointer("/source_data/url/0")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .or_else(|| text(record, &["source_metadata", "source_url"])),
            relationship: relationship.clone(),
        });
    }
}

/// Every Eval Ever records: a JSON object, an array of them, or one per line.
pub fn eee(body: &str) -> Parsed {
    let mut out = Parsed::default();
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(records)) => {
            for (i, r) in records.iter().enumerate() {
                eee_record(r, i + 1, &mut out);
            }
        }
        Ok(record @ Value::Object(_)) => eee_record(&record, 1, &mut out),
        Ok(_) => out.problems.push(Problem {
            at: 1,
            reason: "not an object or an array".into(),
        }),
        Err(_) => {
            for (i, line) in body
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match serde_json::from_str::<Value>(line) {
                    Ok(r) => eee_record(&r, i + 1, &mut out),
                    Err(e) => out.problems.push(Problem {
                        at: i + 1,
                        reason: format!("not JSON: {e}"),
                    }),
                }
            }
        }
    }
    out.results.truncate(MAX_RESULTS);
    out
}

// ---- CSV -------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct CsvRow {
    model: String,
    benchmark: String,
    score: String,
    #[serde(default)]
    ci_low: Option<String>,
    #[serde(default)]
    ci_high: Option<String>,
    #[serde(default)]
    stderr: Option<String>,
    #[serde(default)]
    date: Option<String>,
    /// Semicolon-separated ("5-shot; pass@1").
    #[serde(default)]
    settings: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    evaluator_relationship: Option<String>,
}

fn number(field: &str, s: &Option<String>) -> Result<Option<f64>, String> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .trim_end_matches('%')
            .parse::<f64>()
            .ok()
            .and_then(finite)
            .map(Some)
            .ok_or_else(|| format!("{field} {t:?} is not a number")),
    }
}

fn csv_row(row: CsvRow, default_relationship: &str) -> Result<Measured, String> {
    let model = row.model.trim().to_string();
    let benchmark = row.benchmark.trim().to_string();
    if model.is_empty() || benchmark.is_empty() {
        return Err("model and benchmark are required".into());
    }
    let score = number("score", &Some(row.score.clone()))?.ok_or("score is required")?;
    let percent = row.score.trim().ends_with('%');
    let date = match row.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("date {d:?} is not YYYY-MM-DD"))?
                .to_string(),
        ),
        None => None,
    };
    let relationship = match row
        .evaluator_relationship
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => {
            relationship(r).ok_or_else(|| format!("evaluator_relationship {r:?} is unknown"))?
        }
        None => default_relationship.to_string(),
    };
    Ok(Measured {
        model,
        benchmark,
        score,
        unit: percent.then(|| "%".to_string()),
        lower: number("ci_low", &row.ci_low)?,
        upper: number("ci_high", &row.ci_high)?,
        stderr: number("stderr", &row.stderr)?,
        date,
        settings: row
            .settings
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        url: row
            .source_url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty()),
        relationship,
    })
}

/// A CSV table with a header row: `model, benchmark, score` required; `ci_low, ci_high,
/// stderr, date, settings, source_url, evaluator_relationship` optional. A score written
/// with `%` is a percentage.
pub fn csv(body: &str, default_relationship: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(body.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.problems.push(Problem {
                at: 1,
                reason: e.to_string(),
            });
            return out;
        }
    };
    for record in reader.records() {
        if out.results.len() >= MAX_RESULTS {
            break;
        }
        let outcome = record.map_err(|e| {
            let at = e.position().map_or(0, |p| p.line() as usize);
            (at, e.to_string())
        });
        let row = outcome.and_then(|r| {
            let at = r.position().map_or(0, |p| p.line() as usize);
            r.deserialize::<CsvRow>(Some(&headers))
                .map_err(|e| e.to_string())
                .and_then(|row| csv_row(row, default_relationship))
                .map_err(|reason| (at, reason))
        });
        match row {
            Ok(m) => out.results.push(m),
            Err((at, reason)) => out.problems.push(Problem { at, reason }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EEE: &str = r#"{
      "schema_version": "0.2.0",
      "evaluation_timestamp": "1770344141.0",
      "source_metadata": {"source_name": "inspect_ai", "evaluator_relationship": "third_party"},
      "model_info": {"name": "anthropic/claude-opus-4-6", "id": "anthropic/claude-opus-4-6"},
      "evaluation_results": [
        {"evaluation_name": "simpleqa_scorer",
         "source_data": {"dataset_name": "SimpleQA-Verified", "url": ["https://huggingface.co/datasets/codelion/SimpleQA-Verified"]},
         "metric_config": {"metric_name": "accuracy", "min_score": 0, "max_score": 1},
         "score_details": {"score": 0.431, "confidence_interval": {"lower": 0.4003, "upper": 0.4617}},
         "generation_config": {"generation_args": {"agentic_eval_config": {"available_tools": []}}}},
        {"evaluation_name": "broken", "source_data": {"dataset_name": "X"}, "score_details": {"score": "n/a"}}
      ]
    }"#;

    #[test]
    fn every_eval_ever_records_become_percent_results_with_intervals() {
        let p = eee(EEE);
        assert_eq!(p.results.len(), 1, "{p:?}");
        let r = &p.results[0];
        assert_eq!(r.model, "anthropic/claude-opus-4-6");
        assert_eq!(r.benchmark, "SimpleQA-Verified");
        assert!((r.score - 43.1).abs() < 1e-9);
        assert_eq!(r.unit.as_deref(), Some("%"));
        assert!((r.lower.unwrap_or_default() - 40.03).abs() < 1e-9);
        assert_eq!(r.relationship, "third_party");
        assert_eq!(r.date.as_deref(), Some("2026-02-06"));
        assert_eq!(r.settings, ["without tools"]);
        assert_eq!(
            p.problems,
            [Problem {
                at: 1,
                reason: "X: no numeric score".into()
            }]
        );
        // The same record as JSON lines and inside an array reads the same.
        let lines = format!("{}\n", EEE.replace('\n', " "));
        assert_eq!(eee(&lines).results, p.results);
        assert_eq!(eee(&format!("[{EEE}]")).results, p.results);
    }

    #[test]
    fn csv_rows_that_cannot_be_read_are_named_by_line_and_skipped() {
        let body = "model,benchmark,score,ci_low,ci_high,stderr,date,settings,source_url,evaluator_relationship\n\
            GPT-5,SWE-bench Verified,65.0%,,,1.9,2025-09-01,without tools; bash only,https://example.org/r,third_party\n\
            GPT-5,AIME 2025,lots,,,,,,,\n\
            Gemini 3 Pro,GPQA Diamond,88.4,86.0,90.8,,2025-11-30,,,\n\
            Gemini 3 Pro,GPQA Diamond,88.4,,,,30/11/2025,,,\n\
            only,three\n";
        let p = csv(body, "third_party");
        assert_eq!(p.results.len(), 2, "{p:?}");
        assert_eq!(p.results[0].unit.as_deref(), Some("%"));
        assert_eq!(p.results[0].settings, ["without tools", "bash only"]);
        assert_eq!(p.results[1].lower, Some(86.0));
        let lines: Vec<usize> = p.problems.iter().map(|x| x.at).collect();
        assert_eq!(lines, [3, 5, 6], "{:?}", p.problems);
        assert!(p.problems[0].reason.contains("score"));
        assert!(p.problems[1].reason.contains("YYYY-MM-DD"));
    }

    #[test]
    fn hostile_bodies_give_problems_not_panics() {
        for body in [
            "",
            "{",
            "[1, \"x\", null]",
            "\u{0}\u{FFFF}",
            "{\"model_info\": 5}",
            "a,b\n\"unclosed",
        ] {
            let _ = eee(body);
            let _ = csv(body, "third_party");
        }
    }
}
