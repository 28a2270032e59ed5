//! Which third-party results bear on which claims, and what each suggests. A result matches a
//! claim when both name the same canonical model and the same benchmark (a different split is
//! a different benchmark) and their stated settings do not contradict each other.

use std::sync::LazyLock;

use app::vocab::Verdict;
use regex::Regex;

pub use crate::claims::entities::{
    benchmark_entity, benchmark_entity_at, model_entity, system_entity,
};

static AXES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("shots", r"(?i)\b(\d+|zero|one|few)-shot\b"),
        ("pass", r"(?i)\bpass@(\d+)\b"),
        ("majority", r"(?i)\b(?:maj|cons)@(\d+)\b"),
        ("tools", r"(?i)\b(with|without|no)\s+tools\b"),
        (
            "effort",
            // Written as a setting ("high effort") or onto an API id ("gpt-5-mini-high").
            r"(?i)(?:\b(high|medium|low|minimal)[- ](?:reasoning[- ])?effort\b|[-_](xhigh|high|medium|low|minimal)$)",
        ),
        // One attempt or several: "Single Attempt", "Attempts - 1", "Multiple Attempts", and
        // several runs of which the best is kept ("high-compute parallel runs", "test-time
        // scaling (TTS)", "Bo16", an "ensembler" choosing among candidates). pass@1 is one
        // attempt too (see `axes`).
        (
            "attempts",
            r"(?i)(?:\b(single|multiple)[- ]attempts?\b|\battempts\s*[-:]\s*(\d+)|\b(parallel[- ](?:runs|attempts|samples|test[- ]time compute)|test[- ]time scaling|TTS|best[- ]of[- ]\d+|Bo\d+|ensembl(?:e|er|ers|ing|ed))\b)",
        ),
        // How the model was run on a repository task: one patch written without an agent loop
        // ("Single Patch w/o Test", Agentless), an agent acting in a shell ("Agentic",
        // SWE-bench's bash-only board), or inside a named agent system a leaderboard ranks
        // ("agent system: OpenHands + …", `swebench::AGENT_SYSTEM`): that run measures the
        // system, so it is no vendor's own agentic or single-patch run.
        (
            "scaffold",
            r"(?i)(?:\b(single[- ]patch|agentless)\b|\b(agentic|bash[- ]only)\b|\b(agent system):)",
        ),
        // Extended thinking on or off: "no think", "w/o extended", "non-thinking", "32k
        // thinking", "thinking_tokens: 32000".
        (
            "thinking",
            r"(?i)(?:\b(no|non|without|w/o)[- ]?(?:extended[- ]?)?(?:think|reasoning\b)|\b(w/o)[- ]extended\b|\b\d+k?[- ]thinking\b|\bthinking_tokens|\bextended thinking\b)",
        ),
        // Weights quantized for a local runtime ("Q4_K_M", "q8_0", GGUF, AWQ, GPTQ, "4-bit",
        // anything ollama serves): another build than the maker's (see `compatible`).
        (
            "weights",
            r"(?i)(?:\b(?:q[2-8](?:_[0-9a-z]+)*|gguf|awq|gptq|int[48]|[2-8][- ]?bit|quantized)\b|\bollama/)",
        ),
    ]
    .into_iter()
    .map(|(k, p)| (k, Regex::new(p).expect("settings axis pattern")))
    .collect()
});

/// Each comparable setting as (axis, value): "0-shot" and "zero-shot" are the same, "no tools"
/// and "without tools" too.
fn axes(settings: &[String]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for s in settings {
        for (axis, re) in AXES.iter() {
            if let Some(c) = re.captures(s) {
                if *axis == "attempts" {
                    let one = match (c.get(1), c.get(2), c.get(3)) {
                        (Some(w), _, _) => w.as_str().eq_ignore_ascii_case("single"),
                        (None, Some(n), _) => n.as_str() == "1",
                        (None, None, Some(_)) => false,
                        (None, None, None) => continue,
                    };
                    out.push((*axis, if one { "1" } else { "many" }.to_string()));
                    continue;
                }
                if *axis == "scaffold" {
                    // Every kind the setting names: "agent system: Agentless + GPT-4o" is a
                    // named system that writes one patch.
                    for c in re.captures_iter(s) {
                        let kind = match (c.get(1), c.get(2)) {
                            (Some(_), _) => "patch",
                            (None, Some(_)) => "agent",
                            (None, None) => SYSTEM,
                        };
                        out.push((*axis, kind.to_string()));
                    }
                    continue;
                }
                if *axis == "thinking" {
                    let off = c.get(1).is_some() || c.get(2).is_some();
                    out.push((*axis, if off { "off" } else { "on" }.to_string()));
                    continue;
                }
                if *axis == "effort" {
                    if let Some(v) = c.get(1).or_else(|| c.get(2)) {
                        out.push((*axis, v.as_str().to_lowercase()));
                    }
                    continue;
                }
                if *axis == "weights" {
                    out.push((*axis, "quantized".to_string()));
                    continue;
                }
                if *axis == "pass" && c.get(1).is_some_and(|n| n.as_str() == "1") {
                    out.push(("attempts", "1".to_string()));
                }
                let v = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
                let v = match v.as_str() {
                    "zero" => "0".to_string(),
                    "one" => "1".to_string(),
                    "no" => "without".to_string(),
                    _ => v,
                };
                out.push((*axis, v));
            }
        }
    }
    out
}

/// The scaffold kind of a run inside a named agent system (`swebench::AGENT_SYSTEM`).
const SYSTEM: &str = "system";

/// A run inside someone else's named agent system ("SWE-agent + GPT-4o") measures that system
/// with the model, not the model as its maker ran it: it bears only on a claim that states the
/// kind of run the system is ("Agentless" for "Agentless-1.5 + GPT-4o"), never on one that
/// states none. A maker's own submission is not read as such a system (`swebench::read_row`).
fn same_system_kind(a: &[String], b: &[String]) -> bool {
    let kinds =
        |v: &[String]| -> Vec<String> { v.iter().filter(|k| *k != SYSTEM).cloned().collect() };
    let (ka, kb) = (kinds(a), kinds(b));
    ka.iter().any(|k| kb.contains(k))
}

/// Two sets of settings are comparable unless, on an axis both state, they share no value
/// (5-shot against 0-shot, with tools against without). Unstated is not a contradiction.
pub fn compatible(claim: &[String], result: &[String]) -> bool {
    let a = axes(claim);
    let b = axes(result);
    let values = |side: &[(&'static str, String)], axis: &str| -> Vec<String> {
        side.iter()
            .filter(|(x, _)| *x == axis)
            .map(|(_, v)| v.clone())
            .collect()
    };
    AXES.iter().all(|(axis, _)| {
        let (va, vb) = (values(&a, axis), values(&b, axis));
        if *axis == "scaffold" && (va.iter().chain(&vb).any(|k| k == SYSTEM)) {
            return same_system_kind(&va, &vb);
        }
        // A quantized build's score says nothing about the maker's weights a claim is made
        // on, unless the claim is about a quantized build too: unstated is not "any" here.
        if *axis == "weights" {
            return va.is_empty() == vb.is_empty();
        }
        va.is_empty() || vb.is_empty() || va.iter().any(|v| vb.contains(v))
    })
}

/// The snapshot a model name states, as (year if written, month and day): `gpt-4o-2024-08-06`,
/// `GPT-4o (2024-05-13)`, `claude-sonnet-4-20250514`, `GPT-4o 0513`, `Claude-3.5-Sonnet-1022`,
/// `devstral-small-2505`. A four-digit tail is read as a month and day when it is one (`0513`),
/// else as a year and month when it is one of this decade's (`2505`), never as a year (`2025`).
fn snapshot(name: &str) -> Option<(Option<u32>, u32)> {
    if let Some(date) = crate::claims::entities::lexicon().snapshot_date(name) {
        return dated(date);
    }
    dated(name)
}

/// The snapshot date written in a name.
fn dated(name: &str) -> Option<(Option<u32>, u32)> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[-\s(])(20\d{2})-?([01]\d)-?([0-3]\d)(?:$|[)\s])")
            .expect("snapshot date pattern")
    });
    static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[-\s(])([01]\d)([0-3]\d)(?:$|[)\s])").expect("snapshot day pattern")
    });
    let real = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    if let Some(c) = DATE.captures(name) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
            if real(m, d) {
                return Some((Some(y), m * 100 + d));
            }
        }
    }
    if let Some(c) = MONTH_DAY.captures(name) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(m), Some(d)) = (num(1), num(2)) {
            if real(m, d) {
                return Some((None, m * 100 + d));
            }
        }
    }
    // A year and month where no month and day can be read: Mistral's releases
    // ("devstral-small-2505", "Devstral small (2512)", "mistral-large-2411").
    static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[-\s(])(2[3-9])(0[1-9]|1[0-2])(?:$|[)\s])")
            .expect("snapshot year-month pattern")
    });
    let c = YEAR_MONTH.captures(name)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    Some((Some(2000 + num(1)?), num(2)? * 100))
}

/// A claim on one dated snapshot of a model is not measured by a result on another (GPT-4o
/// 0513 against gpt-4o-2024-08-06). A name without a date matches a snapshot named by its full
/// date (an API's id for the model as released), but not one tagged with a month and day
/// alone: that is how a later release under the same name is told from the first ("DeepSeek
/// R1 (0528)", "DeepSeek V3 0324", "Claude-3.5-Sonnet-1022"), so the bare name meant the
/// first.
pub fn same_snapshot(claim_model: &str, result_model: &str) -> bool {
    match (snapshot(claim_model), snapshot(result_model)) {
        (Some((ya, a)), Some((yb, b))) => {
            // A year-month tag (day 0) is any day of its month.
            let days = a == b || (a / 100 == b / 100 && (a % 100 == 0 || b % 100 == 0));
            days && (ya.is_none() || yb.is_none() || ya == yb)
        }
        (None, Some((year, _))) | (Some((year, _)), None) => year.is_some(),
        (None, None) => true,
    }
}

/// A claim's or a result's names and settings as written.
#[derive(Debug, Clone, Copy)]
pub struct Stated<'a> {
    pub model: &'a str,
    pub benchmark: &'a str,
    pub settings: &'a [String],
}

impl Stated<'_> {
    /// The settings, with the ones written into the names ("Claude Sonnet 4 (w/o extended)",
    /// "SWE-bench bash-only").
    fn all_settings(&self) -> Vec<String> {
        let mut all = self.settings.to_vec();
        all.push(self.model.to_string());
        all.push(self.benchmark.to_string());
        all
    }
}

/// Whether a result on a model may bear on a claim on it, names and settings as written: the
/// same snapshot when both name one, and no setting contradicted, the ones written into the
/// names included ("Claude Sonnet 4 (w/o extended)" against "… (32k thinking)").
pub fn comparable(claim: Stated<'_>, result: Stated<'_>) -> bool {
    same_snapshot(claim.model, result.model)
        && compatible(&claim.all_settings(), &result.all_settings())
}

/// The z-value of a two-sided 90% interval.
const Z90: f64 = 1.645;
/// Without an interval, a result within this many points of a percentage claim supports it…
pub const TOLERANCE_POINTS: f64 = 1.0;
/// …and within this fraction of any other claimed value.
pub const TOLERANCE_RELATIVE: f64 = 0.02;

/// What a result suggests about a claimed value, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub verdict: Verdict,
    /// Measured minus claimed, in the claim's unit (points for percentages).
    pub delta: f64,
    pub basis: String,
}

/// The interval a result's own uncertainty gives: the published interval, else ±1.645
/// standard errors (90%).
pub fn interval(
    score: f64,
    lower: Option<f64>,
    upper: Option<f64>,
    stderr: Option<f64>,
) -> Option<(f64, f64, String)> {
    match (lower, upper, stderr) {
        (Some(l), Some(u), _) if l <= u => Some((l, u, "the publisher's interval".into())),
        (_, _, Some(se)) if se >= 0.0 => Some((
            score - Z90 * se,
            score + Z90 * se,
            "90% interval from the standard error".into(),
        )),
        _ => None,
    }
}

pub fn suggest(
    claimed: f64,
    percent: bool,
    score: f64,
    lower: Option<f64>,
    upper: Option<f64>,
    stderr: Option<f64>,
) -> Suggestion {
    let delta = score - claimed;
    let (inside, basis) = match interval(score, lower, upper, stderr) {
        Some((l, u, what)) => {
            let inside = (l..=u).contains(&claimed);
            (
                inside,
                format!(
                    "claimed value {} {what} [{l:.1}, {u:.1}]",
                    if inside { "inside" } else { "outside" }
                ),
            )
        }
        None if percent => (
            delta.abs() <= TOLERANCE_POINTS,
            format!("no interval published; default tolerance ±{TOLERANCE_POINTS} point"),
        ),
        None => (
            delta.abs() <= TOLERANCE_RELATIVE * claimed.abs(),
            format!(
                "no interval published; default tolerance ±{:.0}%",
                TOLERANCE_RELATIVE * 100.0
            ),
        ),
    };
    Suggestion {
        verdict: if inside {
            Verdict::Supports
        } else {
            Verdict::Contradicts
        },
        delta,
        basis,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_dated_snapshot_meets_its_undated_name_but_not_another_snapshot() {
        assert!(same_snapshot("GPT-4o", "gpt-4o-2024-08-06"));
        assert!(same_snapshot("claude-sonnet-4-20250514", "Claude Sonnet 4"));
        // A month-and-day tag marks a later release under the same name.
        assert!(!same_snapshot("DeepSeek R1", "DeepSeek R1 (0528)"));
        assert!(!same_snapshot("DeepSeek-V3-0324", "DeepSeek V3"));
        assert!(same_snapshot("DeepSeek-V3-0324", "DeepSeek V3 (0324)"));
        assert!(same_snapshot("GPT-4o 0513", "GPT-4o (2024-05-13)"));
        assert!(same_snapshot(
            "Claude-3.5-Sonnet-1022",
            "Claude-3.5-Sonnet (2024-10-22)"
        ));
        assert!(!same_snapshot("GPT-4o 0513", "gpt-4o-2024-08-06"));
        assert!(!same_snapshot("gpt-4o-2024-05-13", "gpt-4o-2025-05-13"));
        assert!(!same_snapshot(
            "claude-sonnet-4-20250514",
            "Claude Sonnet 4 (20250929)"
        ));
        // A release called by a word is the snapshot it names (content/entities.toml).
        assert!(same_snapshot(
            "upgraded Claude 3.5 Sonnet",
            "claude-3-5-sonnet-20241022"
        ));
        assert!(same_snapshot(
            "업그레이드된 Claude 3.5 Sonnet",
            "Claude 3.5 Sonnet (2024-10-22)"
        ));
        assert!(!same_snapshot(
            "upgraded Claude 3.5 Sonnet",
            "claude-3-5-sonnet-20240620"
        ));
        assert!(!same_snapshot(
            "Claude 3.5 Sonnet (old)",
            "claude-3-5-sonnet-20241022"
        ));
        assert_eq!(
            model_entity("upgraded Claude 3.5 Sonnet"),
            model_entity("Claude 3.5 Sonnet")
        );
        // A year, a version or a size is no snapshot.
        assert!(same_snapshot("AIME 2025 model", "gpt-4o-2024-08-06"));
        assert!(same_snapshot("Llama 3.1 8B", "Llama 3.1 405B"));
        assert!(same_snapshot("model-1399", "model-2024-05-13"));
        assert!(!same_snapshot("model-1399", "model-0513"));
        // Mistral tags a release with its year and month.
        assert!(!same_snapshot(
            "Devstral(24 B,代号 devstral-small-2505)",
            "Devstral small (2512)"
        ));
        assert!(same_snapshot(
            "devstral-small-2505",
            "mistralai/Devstral-Small-2505"
        ));
        assert!(same_snapshot("Devstral Small", "devstral-small-2505"));
        assert!(same_snapshot("AIME 2025 model", "mistral-large-2411"));
        assert!(same_snapshot(
            "mistral-large-2411",
            "mistral-large-2024-11-18"
        ));
        assert!(!same_snapshot(
            "mistral-large-2411",
            "mistral-large-2024-07-24"
        ));
    }

    #[test]
    fn any_names_and_settings_are_compared_without_panicking() {
        use proptest::prelude::*;
        let text = "(?s)[a-zA-Z0-9 ()\\-:/@,.İıß\u{301}가-힣\u{10FFFF}]{0,80}|.{0,300}";
        proptest!(ProptestConfig::with_cases(400), |(
            a in text, b in text, sa in proptest::collection::vec(text, 0..3),
            sb in proptest::collection::vec(text, 0..3),
        )| {
            // Symmetric where it must be: a snapshot matches itself, and comparing is total.
            prop_assert!(same_snapshot(&a, &a));
            prop_assert_eq!(same_snapshot(&a, &b), same_snapshot(&b, &a));
            let _ = comparable(
                Stated { model: &a, benchmark: &b, settings: &sa },
                Stated { model: &b, benchmark: &a, settings: &sb },
            );
            let _ = model_entity(&format!("OpenAI {a}"));
            let _ = model_entity(&a);
            // The Korean spelling's and the bracketed id's readings, over any text.
            let _ = model_entity(&format!("클로드{a}"));
            let _ = model_entity(&format!("오픈AI 큐원{a} {b}"));
            let _ = model_entity(&format!("Devstral ({a}) {b}"));
            let _ = model_entity(&format!("{a} 프로 {b}"));
        });
    }

    #[test]
    fn thinking_and_attempts_written_into_names_or_settings_must_agree() {
        let yes = |m: &str, s: &[&str], rm: &str, rs: &[&str]| {
            let (s, rs) = (strings(s), strings(rs));
            comparable(
                Stated {
                    model: m,
                    benchmark: "SWE-bench Verified",
                    settings: &s,
                },
                Stated {
                    model: rm,
                    benchmark: "SWE-bench Verified",
                    settings: &rs,
                },
            )
        };
        let no = |m: &str, s: &[&str], rm: &str, rs: &[&str]| !yes(m, s, rm, rs);
        // Best of several runs is several attempts, however the page writes it; pass@1 is one.
        for many in [
            "high-compute parallel runs",
            "with test time scaling (TTS)",
            "best-of-16",
            "OpenAI's o1 as our ensembler",
            "ensembling candidate patches",
        ] {
            assert!(no("GPT-5", &[many], "gpt-5", &["single attempt"]), "{many}");
            assert!(
                yes("GPT-5", &[many], "gpt-5", &["multiple attempts (2+)"]),
                "{many}"
            );
        }
        assert!(no(
            "GPT-5",
            &["pass@1"],
            "gpt-5",
            &["multiple attempts (2+)"]
        ));
        assert!(yes("GPT-5", &["Pass@1"], "gpt-5", &["single attempt"]));
        assert!(yes(
            "GPT-5",
            &["parallel computing"],
            "gpt-5",
            &["single attempt"]
        ));
        assert!(no(
            "Claude Sonnet 4 (w/o extended)",
            &[],
            "claude-sonnet-4-20250514 (32k thinking)",
            &[]
        ));
        assert!(no(
            "Qwen3 (Non-thinking)",
            &[],
            "qwen3",
            &["thinking_tokens: 32000"]
        ));
        assert!(no(
            "GPT-4.1",
            &["Multiple Attempts (Agentic)"],
            "GPT-4.1",
            &["System: Attempts - 1"]
        ));
        assert!(yes(
            "Claude Sonnet 4 (w/o extended)",
            &["Single Attempt (Agentic Coding)"],
            "Claude 4 Sonnet (Nonthinking)",
            &["System: Attempts - 1"]
        ));
        // Unstated on one side is no contradiction.
        assert!(yes("GPT-5", &[], "gpt-5 (32k thinking)", &[]));
        // One patch without an agent loop is not an agent's run, wherever the run is named.
        let patch = strings(&["Single Patch w/o Test"]);
        let agent = |benchmark| Stated {
            model: "GPT-4.1 (2025-04-14)",
            benchmark,
            settings: &[],
        };
        let claim = Stated {
            model: "GPT-4.1",
            benchmark: "SWE-bench Verified",
            settings: &patch,
        };
        assert!(!comparable(claim, agent("SWE-bench bash-only")));
        assert!(comparable(claim, agent("SWE-bench Verified")));
        assert!(no("GPT-4.1", &["Agentless"], "GPT-4.1", &["Agentic"]));
        // A run inside a named agent system is no vendor's own agentic or single-patch run,
        // and a claim that names no scaffold is not compared with it either.
        let system = ["agent system: OpenHands + GPT-4.1"];
        assert!(no(
            "GPT-4.1",
            &["Single Attempt (Agentic Coding)"],
            "gpt-4.1",
            &system
        ));
        assert!(no(
            "GPT-4.1",
            &["Single Patch w/o Test"],
            "gpt-4.1",
            &system
        ));
        assert!(no("GPT-4.1", &[], "gpt-4.1", &system));
        // A named system that writes one patch is both.
        let agentless = ["agent system: Agentless-1.5 + GPT 4o (2024-05-13)"];
        assert!(yes(
            "GPT-4o",
            &["Agentless"],
            "gpt-4o-2024-05-13",
            &agentless
        ));
        assert!(no("GPT-4o", &["Agentic"], "gpt-4o-2024-05-13", &agentless));
    }

    #[test]
    fn published_names_resolve_to_the_claims_entities() {
        assert_eq!(
            model_entity("anthropic/claude-opus-4-6").as_deref(),
            Some("claude-opus-4-6")
        );
        assert_eq!(model_entity("gpt-5-2025-08-07").as_deref(), Some("gpt-5"));
        assert_eq!(
            benchmark_entity("SWE-Bench-Verified").as_deref(),
            Some("swe-bench-verified")
        );
        assert_ne!(
            benchmark_entity("SWE-bench Pro"),
            benchmark_entity("SWE-bench Verified")
        );
    }

    #[test]
    fn settings_conflict_only_on_the_same_axis() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(compatible(&s(&["5-shot"]), &s(&["5-shot", "with tools"])));
        assert!(
            compatible(&s(&[]), &s(&["0-shot"])),
            "unstated is not a contradiction"
        );
        assert!(compatible(&s(&["zero-shot"]), &s(&["0-shot"])));
        assert!(!compatible(&s(&["5-shot"]), &s(&["0-shot"])));
        assert!(!compatible(&s(&["without tools"]), &s(&["with tools"])));
        assert!(compatible(&s(&["no tools"]), &s(&["without tools"])));
        assert!(!compatible(
            &s(&["high effort"]),
            &s(&["low reasoning effort"])
        ));
    }

    #[test]
    fn the_results_own_interval_decides_on_both_sides_of_it() {
        // 65.0 ± 1.645 × 2.0 = [61.7, 68.3]
        let inside = suggest(67.0, true, 65.0, None, None, Some(2.0));
        assert_eq!(inside.verdict, Verdict::Supports);
        assert!((inside.delta + 2.0).abs() < 1e-9);
        let outside = suggest(74.9, true, 65.0, None, None, Some(2.0));
        assert_eq!(outside.verdict, Verdict::Contradicts);
        assert!(outside.basis.contains("outside"));
        // A published interval wins over the standard error.
        let published = suggest(74.9, true, 65.0, Some(60.0), Some(75.0), Some(2.0));
        assert_eq!(published.verdict, Verdict::Supports);
        // No uncertainty: the documented tolerance.
        assert_eq!(
            suggest(91.9, true, 91.2, None, None, None).verdict,
            Verdict::Supports
        );
        assert_eq!(
            suggest(91.9, true, 90.5, None, None, None).verdict,
            Verdict::Contradicts
        );
        assert_eq!(
            suggest(1501.0, false, 1480.0, None, None, None).verdict,
            Verdict::Supports
        );
    }
}
#[cfg(test)]
mod names_meet {
    //! Names as published against names as written, over the whole shared entity lists (the
    //! claims' `content/entities*.toml`): a dated or vendor-prefixed id meets its prose name,
    //! and a variant (a split, a harder set, a smaller model, another year) never meets it.
    use super::{benchmark_entity, model_entity};
    use crate::claims::entities::{fold, lexicon, EntityKind};
    use proptest::prelude::*;

    /// Each entity with the spellings that resolve to it.
    fn spellings(kind: EntityKind) -> Vec<(String, Vec<String>)> {
        let lex = lexicon();
        lex.entities(kind)
            .iter()
            .map(|e| {
                let mut names: Vec<String> = std::iter::once(e.name.clone())
                    .chain(e.aliases.iter().cloned())
                    .filter(|n| lex.canonical(kind, n) == Some(e.id.as_str()))
                    .collect();
                names.dedup();
                (e.id.clone(), names)
            })
            .collect()
    }

    /// "Claude Opus 4.5" → "claude-opus-4-5": how API ids spell a prose name.
    fn kebab(name: &str) -> String {
        name.to_lowercase().replace([' ', '.'], "-")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]

        #[test]
        fn dated_and_prefixed_ids_meet_their_prose_names(
            y in 2023u32..2028, m in 1u32..13, d in 1u32..29,
            prefix in "[a-z][a-z0-9-]{0,12}",
        ) {
            for (id, names) in spellings(EntityKind::Model) {
                for n in &names {
                    for dated in [
                        format!("{n}-{y}{m:02}{d:02}"),
                        format!("{n}-{y}-{m:02}-{d:02}"),
                        format!("{prefix}/{n}-{y}-{m:02}-{d:02}"),
                        format!("{prefix}/{n}"),
                    ] {
                        prop_assert_eq!(model_entity(&dated), Some(id.clone()), "{}", dated);
                    }
                }
                // The API's kebab-case spelling of the canonical name, dated.
                if let Some(name) = names.first().filter(|n| n.is_ascii()) {
                    let api = format!("{prefix}/{}-{y}{m:02}{d:02}", kebab(name));
                    prop_assert_eq!(model_entity(&api), Some(id.clone()), "{}", api);
                }
            }
        }

        #[test]
        fn a_benchmark_year_is_never_dropped(year in 1990u32..2100) {
            for (id, names) in spellings(EntityKind::Benchmark) {
                for n in &names {
                    let edition = format!("{n} {year}");
                    let known = lexicon()
                        .get(EntityKind::Benchmark, &id)
                        .is_some_and(|e| std::iter::once(&e.name).chain(&e.aliases).any(|a| fold(a) == fold(&edition)));
                    if !known {
                        prop_assert_ne!(benchmark_entity(&edition), Some(id.clone()), "{}", edition);
                    }
                }
            }
        }
    }

    /// A spelling of `id` with a variant's word added never resolves to `id` unless that
    /// spelling is itself one of `id`'s names.
    fn variants_stay_apart(kind: EntityKind, suffixes: &[&str]) -> Vec<String> {
        let lex = lexicon();
        let mut merged = Vec::new();
        for (id, names) in spellings(kind) {
            let own: Vec<String> = lex
                .get(kind, &id)
                .map(|e| {
                    std::iter::once(&e.name)
                        .chain(&e.aliases)
                        .map(|a| fold(a))
                        .collect()
                })
                .unwrap_or_default();
            for n in &names {
                for suffix in suffixes {
                    let variant = format!("{n}{suffix}");
                    if lex.canonical(kind, &variant) == Some(id.as_str())
                        && !own.contains(&fold(&variant))
                    {
                        merged.push(format!("{variant} → {id}"));
                    }
                }
            }
        }
        merged
    }

    #[test]
    fn benchmark_variants_stay_apart() {
        let merged = variants_stay_apart(
            EntityKind::Benchmark,
            &[
                " Pro",
                "-Pro",
                " Verified",
                " Multilingual",
                " Lite",
                " Mini",
                " Hard",
                " 2",
                " v2",
                "-Redux",
                " Diamond",
                " Extended",
            ],
        );
        assert!(merged.is_empty(), "{merged:?}");
        // The pairs the issue names.
        let b = |n: &str| benchmark_entity(n);
        assert_ne!(b("SWE-bench Verified"), b("SWE-bench Pro"));
        assert_ne!(b("SWE-bench Verified"), b("SWE-bench Multilingual"));
        assert_ne!(b("SWE-bench Verified"), b("SWE-bench"));
        assert_ne!(b("MMLU"), b("MMLU-Pro"));
        assert_eq!(b("MMLU-PRO"), b("MMLU-Pro"));
        assert_eq!(b("MMLU-Pro (overall)"), b("MMLU-Pro"));
        assert_eq!(b("swe_bench_verified"), Some("swe-bench-verified".into()));
        assert_eq!(
            b("AIME 2026"),
            None,
            "an edition not in the lists is no other edition"
        );
    }

    #[test]
    fn model_variants_stay_apart() {
        let merged = variants_stay_apart(
            EntityKind::Model,
            &[
                "-mini",
                " mini",
                "-nano",
                "-pro",
                " Pro",
                "-codex",
                " Turbo",
                " Flash",
                "-lite",
                " Max",
                "-thinking",
            ],
        );
        assert!(merged.is_empty(), "{merged:?}");
        let m = |n: &str| model_entity(n);
        assert_eq!(m("openai/gpt-5-2025-08-07"), m("GPT-5"));
        assert_eq!(
            m("anthropic/claude-opus-4-5-20251101"),
            m("Claude Opus 4.5")
        );
        assert_eq!(m("gemini-2.5-pro-preview-06-05"), m("Gemini 2.5 Pro"));
        assert_ne!(m("gpt-5-mini-2025-08-07"), m("GPT-5"));
        assert_ne!(m("claude-opus-4-20250514"), m("Claude Opus 4.5"));
        assert_ne!(m("gpt-5-codex"), m("GPT-5"));
    }
}

#[cfg(test)]
mod published_forms {
    //! How results sources write a model's name beyond a date or a vendor's prefix, by class:
    //! a checkpoint's packaging, a local runtime's tag, a reasoning setting on an API id, a
    //! maker's name left out, and a quantized build. Names invented in the style of the
    //! public lists or taken from them, with look-alikes that must stay apart.
    use super::{comparable, model_entity, Stated};

    fn m(name: &str) -> Option<String> {
        model_entity(name)
    }

    fn run<'a>(model: &'a str, settings: &'a [String]) -> Stated<'a> {
        Stated {
            model,
            benchmark: "Aider polyglot",
            settings,
        }
    }

    #[test]
    fn a_checkpoints_packaging_is_not_another_model() {
        assert_eq!(m("Llama-3.3-70B-Instruct"), m("Llama 3.3 70B"));
        assert_eq!(
            m("meta-llama/Meta-Llama-3.1-8B-Instruct"),
            m("Llama 3.1 8B")
        );
        assert_eq!(m("gemma-3-27b-it"), m("Gemma 3 27B"));
        assert_eq!(m("Qwen2.5-Coder-7B-Instruct-v1.1"), m("Qwen2.5-Coder 7B"));
        assert!(m("Llama 3.3 70B").is_some() && m("Qwen2.5-Coder 7B").is_some());
        // Packaging is dropped only after a date and never makes a name of a family's tag.
        assert_ne!(m("gpt-4-1106-preview"), m("GPT-4"));
        assert_ne!(m("Kimi K2 Base"), m("Kimi K2"));
        assert_ne!(m("Llama-3.3-8B-Instruct"), m("Llama 3.3 70B"));
        assert_ne!(m("DeepSeek-V3-Chat"), m("DeepSeek-R1"));
    }

    #[test]
    fn a_runtimes_tag_keeps_only_the_size() {
        assert_eq!(m("ollama/llama3.3:70b-instruct-q4_K_M"), m("Llama 3.3 70B"));
        assert_eq!(m("gpt-oss-120b:groq"), m("gpt-oss-120b"));
        assert_eq!(m("qwen2.5-coder:7b"), m("Qwen2.5-Coder 7B"));
        assert_ne!(m("qwen2.5-coder:7b"), m("Qwen2.5-Coder-32B-Instruct"));
        assert_ne!(m("gpt-oss:20b"), m("gpt-oss-120b"));
        assert_eq!(m(":7b"), None);
    }

    #[test]
    fn a_quantized_build_meets_only_a_claim_on_one() {
        let none: Vec<String> = Vec::new();
        let q = vec!["Q4_K_M".to_string()];
        let claim = run("Llama 3.3 70B", &none);
        assert!(!comparable(claim, run("ollama/llama3.3:70b", &none)));
        assert!(!comparable(
            claim,
            run("Llama-3.3-70B-Instruct-GGUF", &none)
        ));
        assert!(!comparable(claim, run("Llama-3.3-70B-Instruct", &q)));
        assert!(comparable(claim, run("Llama-3.3-70B-Instruct", &none)));
        let quantized = run("Llama 3.3 70B (4-bit)", &none);
        assert!(comparable(quantized, run("Llama-3.3-70B-Instruct", &q)));
        // Full-precision weights are no quantization.
        assert!(comparable(
            claim,
            run("Llama-3.3-70B-Instruct (bf16)", &none)
        ));
    }

    #[test]
    fn a_reasoning_setting_on_an_id_is_a_setting() {
        assert_eq!(m("openai/gpt-5-mini-high"), m("GPT-5 mini"));
        assert_eq!(m("xai/grok-4-fast-non-reasoning"), m("Grok 4 Fast"));
        assert!(m("GPT-5 mini").is_some() && m("Grok 4 Fast").is_some());
        let none: Vec<String> = Vec::new();
        let low = vec!["low effort".to_string()];
        let high = vec!["high effort".to_string()];
        assert!(!comparable(
            run("GPT-5 mini", &low),
            run("openai/gpt-5-mini-high", &none)
        ));
        assert!(comparable(
            run("GPT-5 mini", &high),
            run("openai/gpt-5-mini-high", &none)
        ));
        assert!(comparable(
            run("GPT-5 mini", &none),
            run("gpt-5-mini-high", &none)
        ));
        let thinking = vec!["32k thinking".to_string()];
        assert!(!comparable(
            run("Grok 4 Fast", &thinking),
            run("grok-4-fast-non-reasoning", &none)
        ));
        // A tier is no setting: "Gemini 2.5 Flash-Lite" is not Flash.
        assert_ne!(m("gemini-2.5-flash-lite"), m("Gemini 2.5 Flash"));
    }

    #[test]
    fn a_word_for_the_whole_set_names_the_benchmark_not_a_split() {
        use super::benchmark_entity as b;
        assert!(b("SWE-bench").is_some());
        assert_eq!(b("the full SWE-bench"), b("SWE-bench"));
        assert_eq!(b("original SWE-bench"), b("SWE-bench"));
        assert_eq!(b("Multi-SWE-bench (full)"), b("Multi-SWE-bench"));
        assert_ne!(b("full SWE-bench"), b("SWE-bench Lite"));
        assert_eq!(b("full SWE-bench Verified"), b("SWE-bench Verified"));
        assert_eq!(b("main"), None);
        assert_eq!(b("full Lite"), None);
    }

    #[test]
    fn a_maker_left_out_of_its_models_name_is_put_back() {
        assert_eq!(m("Nova Lite"), m("Amazon Nova Lite"));
        assert_eq!(m("bedrock/nova-micro"), m("Amazon Nova Micro"));
        assert!(m("Amazon Nova Lite").is_some());
        assert_eq!(m("cohere/command-r-plus"), m("Command R+"));
        assert!(m("Command R+").is_some());
        // Only a whole entity name: a tier word or a maker's other product is not one.
        assert_eq!(m("Lite"), None);
        assert_eq!(m("Nova"), None);
        assert_ne!(m("Nova Premier"), m("Amazon Nova Pro"));
    }
}
