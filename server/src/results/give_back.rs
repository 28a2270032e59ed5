//! Giving back: every benchmark claim written as an Every Eval Ever aggregate record
//! (`EvaluationLog`, schema 0.3.0, vendored in `content/schemas/eee/`), so the labs' own
//! figures, each traced to the sentence that made it, can sit beside third-party results in the
//! same schema. A claim is a vendor's documentation: `evaluator_relationship` is `first_party`
//! and `source_type` is `documentation`; the post's address, the verbatim sentence, its span in
//! the article text and the settings the post states travel with the score.
//!
//! Pure: the caller reads the claims; `proofwire export-eee DIR` writes the files and
//! `GET /api/eee/{claim id}` answers one.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::claims::entities::{lexicon, EntityKind};
use crate::claims::record::ClaimRow;
use app::vocab::ClaimKind;

/// The schema version the records are written in (the vendored schema's).
pub const SCHEMA_VERSION: &str = "0.3.0";

/// The collection folder exported records go under (`data/{collection}/{developer}/{model}/`).
pub const COLLECTION: &str = "proofwire-claims";

/// Why a claim is not written as a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotExported {
    /// Not a benchmark result (speed, pricing, a business fact, …).
    NotBenchmark,
    /// The claim has no number, no benchmark or no subject to put in the record.
    Incomplete(&'static str),
}

impl std::fmt::Display for NotExported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotExported::NotBenchmark => f.write_str("not a benchmark claim"),
            NotExported::Incomplete(what) => write!(f, "the claim states no {what}"),
        }
    }
}

/// One record and where it goes in a datastore tree.
#[derive(Debug, Clone)]
pub struct Exported {
    /// `data/proofwire-claims/{developer}/{model}/{uuid}.json`, relative to the export root.
    pub path: String,
    pub record: Value,
}

/// Lower-case ASCII letters, digits, `.` and `-`; anything else becomes one `-`. A path part
/// made from a vendor's or model's name can then never climb out of the export directory.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "unknown".into()
    } else {
        out
    }
}

/// A UUID (version 4 layout) fixed by the claim's address, so exporting again rewrites the
/// same file instead of adding one, and two sites' claims never share a name.
fn claim_uuid(public_url: &str, id: i64) -> String {
    let d = Sha256::digest(format!("{}/claim/{id}", public_url.trim_end_matches('/')).as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The settings a post states, under the keys Every Eval Ever readers (ours included) look
/// for, plus all of them as written.
fn generation_details(settings: &[String]) -> Map<String, Value> {
    let mut details = Map::new();
    for s in settings {
        let lower = s.to_lowercase();
        if let Some(n) = lower.strip_suffix("-shot") {
            let n = match n {
                "zero" => "0",
                "one" => "1",
                other => other,
            };
            if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() {
                details.insert("shots".into(), json!(n));
            }
        } else if let Some(k) = lower.strip_prefix("pass@") {
            details.insert("pass_at_k".into(), json!(k));
        } else if lower.ends_with("effort") {
            let level = lower.split([' ', '-']).next().unwrap_or_default();
            details.insert("reasoning_effort".into(), json!(level));
        } else if lower.contains("tools") {
            let with = lower.starts_with("with ") && !lower.starts_with("without");
            details.insert("tools".into(), json!(if with { "with" } else { "without" }));
        }
    }
    if !settings.is_empty() {
        details.insert("stated_settings".into(), json!(settings.join("; ")));
    }
    details
}

fn epoch(t: chrono::DateTime<chrono::Utc>) -> String {
    t.timestamp().to_string()
}

/// The record for one claim, or why there is none.
pub fn record(claim: &ClaimRow, public_url: &str) -> Result<Exported, NotExported> {
    if claim.kind != ClaimKind::Benchmark {
        return Err(NotExported::NotBenchmark);
    }
    let score = claim
        .value_num
        .filter(|v| v.is_finite())
        .ok_or(NotExported::Incomplete("number"))?;
    let metric = claim
        .metric
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .ok_or(NotExported::Incomplete("benchmark"))?;
    let subject = claim
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .ok_or(NotExported::Incomplete("model"))?;
    let lex = lexicon();
    let model_entity = claim
        .subject_entity
        .as_deref()
        .and_then(|id| lex.get(EntityKind::Model, id));
    let bench_entity = claim
        .metric_entity
        .as_deref()
        .and_then(|id| lex.get(EntityKind::Benchmark, id));
    let developer = slug(&claim.vendor);
    let model_slug = slug(claim.subject_entity.as_deref().unwrap_or(subject));
    let model_id = format!("{developer}/{model_slug}");
    let benchmark_name = bench_entity.map_or(metric, |e| e.name.as_str());
    let retrieved = epoch(claim.created_at);
    let site = public_url.trim_end_matches('/');
    let percent = claim.unit.as_deref() == Some("%");

    let mut model_details = Map::new();
    model_details.insert("deployment_type".into(), json!("unknown"));
    model_details.insert("model_availability".into(), json!("unknown"));
    model_details.insert("name_as_written".into(), json!(subject));
    if let Some(e) = model_entity {
        model_details.insert("proofwire_entity".into(), json!(e.id));
        model_details.insert("canonical_name".into(), json!(e.name));
    }
    if claim.subject_from_context {
        // The sentence does not name the model; an earlier sentence of the post did.
        model_details.insert("subject_from_context".into(), json!("true"));
    }

    let mut metric_config = json!({
        "evaluation_description": format!("{benchmark_name} as stated by {} in its own post", claim.vendor),
        "metric_name": metric,
        "lower_is_better": false,
        "score_type": "continuous",
        "min_score": if percent { json!(0) } else { Value::Null },
        "max_score": if percent { json!(100) } else { Value::Null },
    });
    if let Some(unit) = claim.unit.as_deref() {
        metric_config["metric_unit"] = json!(if unit == "%" { "percent" } else { unit });
    }
    let mut score_details = Map::new();
    score_details.insert("score".into(), json!(score));
    let mut as_written = Map::new();
    if let Some(v) = claim.value.as_deref() {
        as_written.insert("value_as_written".into(), json!(v));
    }
    if let Some(q) = claim.qualifier.as_deref() {
        as_written.insert("qualifier".into(), json!(q));
    }
    if let Some(c) = claim.comparison.as_deref() {
        as_written.insert("comparison".into(), json!(c));
    }
    if !as_written.is_empty() {
        score_details.insert("details".into(), Value::Object(as_written));
    }

    let mut result = json!({
        "evaluation_result_id": format!("claim-{}", claim.id),
        "evaluation_name": benchmark_name,
        "source_data": {
            "dataset_name": benchmark_name,
            "source_type": "url",
            "url": [claim.article_url],
            "additional_details": {"source_role": "vendor announcement"},
        },
        "evaluation_timestamp": epoch(claim.published_at),
        "metric_config": metric_config,
        "score_details": score_details,
    });
    let details = generation_details(&claim.settings);
    if !details.is_empty() {
        result["generation_config"] = json!({"additional_details": details});
    }
    if let Some(e) = bench_entity {
        result["source_data"]["additional_details"]["proofwire_entity"] = json!(e.id);
    }

    let record = json!({
        "schema_version": SCHEMA_VERSION,
        "evaluation_id": format!("{COLLECTION}/{model_id}/claim-{}/{retrieved}", claim.id),
        "evaluation_timestamp": epoch(claim.published_at),
        "retrieved_timestamp": retrieved,
        "source_metadata": {
            "source_name": claim.article_title,
            "source_type": "documentation",
            "source_organization_name": claim.vendor,
            "evaluator_relationship": "first_party",
            "additional_details": {
                "source_url": claim.article_url,
                "claim_sentence": claim.sentence,
                // Character offsets (Unicode scalar values) into the article's text as
                // Proofwire stored it, version `content_hash`.
                "claim_span_start": claim.span_start.to_string(),
                "claim_span_end": claim.span_end.to_string(),
                "claim_span_unit": "unicode scalar values of the article text",
                "article_content_sha256": claim.content_hash,
                "claim_url": format!("{site}/claim/{}", claim.id),
                "claim_status": claim.status.key(),
                "claim_current": claim.current.to_string(),
                "published_at": crate::dates::ts(claim.published_at),
                "collected_by": "Proofwire",
            },
        },
        "eval_library": {"name": "Proofwire", "version": env!("CARGO_PKG_VERSION")},
        "model_info": {
            "name": model_entity.map_or(subject, |e| e.name.as_str()),
            "id": model_id,
            "developer": claim.vendor,
            "additional_details": model_details,
        },
        "evaluation_results": [result],
    });
    Ok(Exported {
        path: format!(
            "data/{COLLECTION}/{developer}/{model_slug}/{}.json",
            claim_uuid(site, claim.id.get())
        ),
        record,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn slugs_are_safe_path_parts(name in "\\PC{0,40}") {
            let s = slug(&name);
            prop_assert!(!s.is_empty());
            prop_assert!(s != "." && s != "..");
            prop_assert!(!s.starts_with('.') && !s.ends_with('.'));
            prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'));
        }

        #[test]
        fn claim_uuids_are_version_4_shaped_and_fixed(id in any::<i64>()) {
            let a = claim_uuid("https://proofwire.example", id);
            prop_assert_eq!(&a, &claim_uuid("https://proofwire.example/", id));
            let parts: Vec<&str> = a.split('-').collect();
            prop_assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
            prop_assert!(parts[2].starts_with('4'));
            prop_assert!(matches!(parts[3].chars().next(), Some('8' | '9' | 'a' | 'b')));
            prop_assert_ne!(a, claim_uuid("https://other.example", id));
        }
    }

    #[test]
    fn stated_settings_keep_their_words_and_the_keys_readers_know() {
        let d = generation_details(&[
            "5-shot".into(),
            "without tools".into(),
            "high reasoning effort".into(),
            "pass@1".into(),
        ]);
        assert_eq!(d["shots"], "5");
        assert_eq!(d["tools"], "without");
        assert_eq!(d["reasoning_effort"], "high");
        assert_eq!(d["pass_at_k"], "1");
        assert_eq!(
            d["stated_settings"],
            "5-shot; without tools; high reasoning effort; pass@1"
        );
        assert!(generation_details(&[]).is_empty());
        assert_eq!(generation_details(&["with tools".into()])["tools"], "with");
    }
}
