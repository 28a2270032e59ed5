//! Aider's leaderboard as Aider publishes it: the YAML data file behind
//! https://aider.chat/docs/leaderboards/ (`aider/website/_data/polyglot_leaderboard.yml` in
//! Aider-AI/aider, Apache-2.0). One entry per run: the model as Aider names it, with the
//! run's settings in parentheses ("gpt-5 (high)", "claude-opus-4-20250514 (32k thinking)"),
//! `pass_rate_2` (the leaderboard's "percent correct": solved within two tries, the second
//! after seeing the test errors), the edit format, and the date. Aider runs the benchmark
//! itself, so every row is third party. An entry that pairs two models ("o3 (high) + gpt-4.1",
//! an architect and an editor) measures neither alone and is skipped with its reason.

use serde_json::Value;

use super::parse::{Measured, Parsed, Problem, MAX_RESULTS};

/// Where the figures are shown (what an editor checks a result against).
pub const LEADERBOARD_URL: &str = "https://aider.chat/docs/leaderboards/";

/// The benchmark the polyglot leaderboard measures.
pub const BENCHMARK: &str = "Aider Polyglot";

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// Aider's edit formats, which some run names carry after the model ("Qwen3 235B A22B diff").
const EDIT_FORMATS: &[&str] = &[
    "whole",
    "diff",
    "diff-fenced",
    "udiff",
    "architect",
    "editor-diff",
    "editor-whole",
    "patch",
];

/// A run name's tag that tells one release of a model from another: "0528" in "DeepSeek R1
/// (0528)", or a full date. It belongs to the model, not to the run's settings.
pub(super) fn is_release_tag(part: &str) -> bool {
    let digits = part.chars().filter(|c| c.is_ascii_digit()).count();
    let only_date_chars = part.chars().all(|c| c.is_ascii_digit() || c == '-');
    only_date_chars && (digits == 4 || digits == 8) && part.len() <= 10
}

/// "gpt-5 (high)" → ("gpt-5", ["high effort"]); "claude-sonnet-4-20250514 (no thinking)" →
/// (…, ["without thinking"]); "DeepSeek R1 (0528)" keeps its release tag in the name; "Qwen3
/// 235B A22B diff, no think, Alibaba API" (settings after a comma, the edit format after the
/// model) → ("Qwen3 235B A22B", ["diff edit format", "without thinking", "Alibaba API"]).
/// What the parentheses hold that is not a known setting stays a setting as written, so two
/// runs of one model never read as the same run.
pub fn model_and_settings(name: &str) -> (String, Vec<String>) {
    let name = name.trim();
    let (head, inside) = match (name.find('('), name.rfind(')')) {
        (Some(open), Some(close)) if open < close => (name[..open].trim(), &name[open + 1..close]),
        _ => match name.split_once(',') {
            Some((head, rest)) => (head.trim(), rest),
            None => (name, ""),
        },
    };
    let mut settings = Vec::new();
    let mut model = head.to_string();
    if let Some((rest, last)) = head.rsplit_once(' ') {
        if EDIT_FORMATS.iter().any(|f| last.eq_ignore_ascii_case(f)) && !rest.trim().is_empty() {
            model = rest.trim().to_string();
            settings.push(format!("{} edit format", last.to_lowercase()));
        }
    }
    let mut tags = Vec::new();
    for part in inside.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if is_release_tag(part) {
            tags.push(part);
            continue;
        }
        let lower = part.to_lowercase();
        let setting = match lower.as_str() {
            "high" | "medium" | "low" | "minimal" => format!("{lower} effort"),
            "no thinking" | "no think" => "without thinking".to_string(),
            _ if lower.contains("think")
                && lower.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
            {
                format!("with thinking ({part})")
            }
            _ => part.to_string(),
        };
        settings.push(setting);
    }
    if !tags.is_empty() {
        model = format!("{model} ({})", tags.join(", "));
    }
    (model, settings)
}

fn entry(e: &Value) -> Result<Measured, String> {
    let name = text(e, "model").ok_or("no model")?;
    if name.contains(" + ") {
        return Err(format!(
            "{name}: two models (architect and editor), neither measured alone"
        ));
    }
    let score = number(e, "pass_rate_2").ok_or_else(|| format!("{name}: no pass_rate_2"))?;
    if !(0.0..=100.0).contains(&score) {
        return Err(format!("{name}: pass_rate_2 {score} is not a percentage"));
    }
    let (model, mut settings) = model_and_settings(&name);
    if let Some(effort) = text(e, "reasoning_effort") {
        let s = format!("{} effort", effort.to_lowercase());
        if !settings.contains(&s) {
            settings.push(s);
        }
    }
    if let Some(f) = text(e, "edit_format") {
        let s = format!("{f} edit format");
        if !settings.contains(&s) {
            settings.push(s);
        }
    }
    let date = text(e, "date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.to_string());
    Ok(Measured {
        model,
        benchmark: BENCHMARK.to_string(),
        score,
        unit: Some("%".into()),
        lower: None,
        upper: None,
        stderr: None,
        date,
        settings,
        url: Some(LEADERBOARD_URL.to_string()),
        relationship: "third_party".into(),
    })
}

/// The leaderboard's YAML: a list of runs. A run that cannot be read is reported with its
/// place in the list and skipped.
pub fn leaderboard(body: &str) -> Parsed {
    let mut out = Parsed::default();
    let entries = match serde_norway::from_str::<Value>(body) {
        Ok(Value::Array(entries)) => entries,
        Ok(_) => {
            out.problems.push(Problem {
                at: 1,
                reason: "not a list of runs".into(),
            });
            return out;
        }
        Err(e) => {
            out.problems.push(Problem {
                at: e.location().map_or(1, |l| l.line()),
                reason: format!("not YAML: {e}"),
            });
            return out;
        }
    };
    for (i, e) in entries.iter().enumerate() {
        if out.results.len() >= MAX_RESULTS {
            break;
        }
        match entry(e) {
            Ok(m) => out.results.push(m),
            Err(reason) => out.problems.push(Problem { at: i + 1, reason }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_parentheses_are_settings() {
        assert_eq!(
            model_and_settings("gpt-5 (high)"),
            ("gpt-5".into(), vec!["high effort".into()])
        );
        assert_eq!(
            model_and_settings("claude-sonnet-4-20250514 (no thinking)"),
            (
                "claude-sonnet-4-20250514".into(),
                vec!["without thinking".into()]
            )
        );
        assert_eq!(
            model_and_settings("claude-opus-4-20250514 (32k thinking)").1,
            ["with thinking (32k thinking)"]
        );
        assert_eq!(
            model_and_settings("Qwen3 235B A22B diff, no think, Alibaba API"),
            (
                "Qwen3 235B A22B".into(),
                vec![
                    "diff edit format".into(),
                    "without thinking".into(),
                    "Alibaba API".into()
                ]
            )
        );
        // A release tag names another model, not another run of the same one.
        assert_eq!(
            model_and_settings("DeepSeek R1 (0528)"),
            ("DeepSeek R1 (0528)".into(), vec![])
        );
        assert_eq!(
            model_and_settings("gemini-2.5-pro-preview (05-06, high)"),
            (
                "gemini-2.5-pro-preview (05-06)".into(),
                vec!["high effort".into()]
            )
        );
        // A model whose name is one edit-format word is left whole.
        assert_eq!(model_and_settings("patch").0, "patch");
        assert_eq!(model_and_settings("Kimi K2"), ("Kimi K2".into(), vec![]));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            bomb.push_str(&format!("{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let started = std::time::Instant::now();
        let p = leaderboard(&bomb);
        assert!(p.results.is_empty() && !p.problems.is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(leaderboard(&deep).results.is_empty());
    }

    proptest! {
        #[test]
        fn any_text_is_runs_or_problems(body in "\\PC{0,300}") {
            let _ = leaderboard(&body);
        }

        #[test]
        fn any_model_name_splits_without_panicking(name in "\\PC{0,60}") {
            let (model, _) = model_and_settings(&name);
            let untagged = model.split(" (").next().unwrap_or(&model);
            prop_assert!(name.contains(untagged));
        }
    }
}
