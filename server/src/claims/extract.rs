//! Rule-based claim extraction: which sentences make a claim, and the structured fields every
//! one of them can be read for without a model. Every field is a verbatim piece of its
//! sentence (or absent), so nothing here can state a value the article does not.

use std::sync::LazyLock;

use app::vocab::ClaimKind;
use regex::Regex;

use crate::summarize::{numbers, sentences};

/// Bumped when the rules change; stored per article so a new version re-reads old articles.
pub const EXTRACTOR_VERSION: u32 = 1;
/// The `fields_method` of claims whose fields come from these rules.
pub const RULES_METHOD: &str = "rules-v1";
/// More than this many claims in one post is noise, not a list of claims.
const MAX_CLAIMS_PER_ARTICLE: usize = 16;

#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedClaim {
    pub kind: ClaimKind,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub unit: Option<String>,
    pub comparison: Option<String>,
    pub sentence: String,
    /// Character span (Unicode scalar values, end exclusive) of `sentence` in the text.
    pub start: usize,
    pub end: usize,
}

/// Benchmarks and leaderboards, as they are usually written. Names with two or more capitals
/// in a row match case-sensitively ("MATH" is a benchmark, "math" is a word).
const BENCHMARKS: &[&str] = &[
    "SWE-bench",
    "SWE-Lancer",
    "MMLU-Pro",
    "MMLU",
    "KMMLU",
    "GPQA",
    "HumanEval",
    "MBPP",
    "MATH",
    "AIME",
    "HMMT",
    "ARC-AGI",
    "OSWorld",
    "WebArena",
    "Terminal-Bench",
    "LiveCodeBench",
    "HellaSwag",
    "GSM8K",
    "BIG-Bench",
    "Humanity's Last Exam",
    "Humanity’s Last Exam",
    "τ-bench",
    "tau-bench",
    "τ²-bench",
    "MMMU",
    "Chatbot Arena",
    "LMArena",
    "HAE-RAE",
    "IT-Bench",
    "BrowseComp",
    "SimpleQA",
    "HealthBench",
    "FrontierMath",
    "First Proof",
    "Codeforces",
    "Aider Polyglot",
    "Video-MME",
    "MathVista",
    "ChartQA",
    "DocVQA",
    "SciCode",
    "MRCR",
    "International Mathematical Olympiad",
    "IMO",
    "MAST",
];

/// Words that may follow a benchmark name as part of it ("SWE-bench Verified", "AIME 2025").
const BENCHMARK_SUFFIXES: &[&str] = &[
    "Verified",
    "Lite",
    "Pro",
    "Diamond",
    "Hard",
    "Extended",
    "Multimodal",
    "Polyglot",
    "Bench",
    "Live",
    "Text",
    "Vision",
    "II",
    "v2",
    "Airline",
    "Retail",
    "Telecom",
];

struct Patterns {
    percent: Regex,
    money: Regex,
    multiplier: Regex,
    quantity: Regex,
    share: Regex,
    plain: Regex,
    comparison: Regex,
    subject: Regex,
}

static P: LazyLock<Patterns> = LazyLock::new(|| {
    let num = r"\d+(?:[.,]\d+)*";
    let compile = |s: &str| Regex::new(s).expect("claim pattern compiles");
    Patterns {
        percent: compile(&format!(
            r"(?i){num}\s?(?:%p|%|％|퍼센트|percent(?:age points?)?\b)"
        )),
        money: compile(&format!(
            r"(?i)(?:[$€£₩]\s?{num}(?:\s?(?:million|billion|trillion|thousand|bn|[mkb])\b)?|{num}\s?(?:억|만|천|조)?\s?(?:달러|원|유로|파운드))"
        )),
        multiplier: compile(&format!(r"(?i){num}\s?(?:x\b|×|times\b|배)")),
        quantity: compile(&format!(
            r"(?i){num}\s?(?:million|billion|trillion|thousand|[MBK]\b|억|만|천|조)?\s?(?:parameters|params|tokens|languages|users|developers|customers|countries|GB|TB|GW|MW|ms|milliseconds|seconds|minutes|hours|days|points|problems|tasks|GPUs|TPUs|개 언어|개국|개|명|점|초|시간|토큰|파라미터)\b?"
        )),
        share: compile(
            r"(?i)\b(?:at least |more than |over |nearly |almost )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)\s+(?:of|out of)\s+(?:the\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)\b",
        ),
        plain: compile(r"\d+(?:[.,]\d+)*"),
        comparison: compile(
            r"(?i)\b(?:compared (?:to|with)|versus|vs\.?|(?:better|faster|cheaper|higher|lower|fewer|more|less|smaller|larger) than|up from|down from|over the previous|from \S+ to)\s(?:[^,;:.!?]|\.\d){1,80}|[^\s,]+\s?(?:대비|보다)",
        ),
        subject: compile(
            r"\b(?:[A-Z][A-Za-z]*[-.]?\d[\w.]*|[A-Z][A-Za-z]+(?:[- ][A-Z][A-Za-z]+)?[- ]\d+(?:\.\d+)*[A-Za-z]?)(?:[- ](?:[A-Z][a-z]+|[A-Z]+|pro|mini|nano|flash|turbo|\d+(?:\.\d+)*[Bb]?))*",
        ),
    }
});

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn has_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| lower.contains(w))
}

/// A claim-making word in English or Korean (what turns a number into a claim).
fn trigger(lower: &str) -> bool {
    has_any(
        lower,
        &[
            "score",
            "achiev",
            "reach",
            "outperform",
            "beats",
            "surpass",
            "state of the art",
            "state-of-the-art",
            "sota",
            "available",
            "launch",
            "release",
            "rolling out",
            "rolls out",
            "introduc",
            "accuracy",
            "faster",
            "cheaper",
            "better",
            "improv",
            "reduc",
            "increas",
            "costs",
            "price",
            "priced",
            "per million",
            "free",
            "supports",
            "capable",
            "can now",
            "correct",
            "solv",
            "proof",
            "record",
            "top",
            "leading",
            "first",
            "best",
            "fewer",
            "more than",
            "up to",
            "commit",
            "invest",
            "fund",
            "saves",
            "cuts",
            "lower",
            "higher",
            "matches",
            "rank",
            "win",
            "gold",
            "달성",
            "기록",
            "능가",
            "최고",
            "최초",
            "향상",
            "개선",
            "성능",
            "점수",
            "정확도",
            "출시",
            "공개",
            "발표",
            "무료",
            "가격",
            "요금",
            "제공",
            "지원",
            "절감",
            "감소",
            "증가",
            "빠른",
            "빨라",
            "투자",
            "1위",
            "앞선",
            "넘어",
        ],
    )
}

/// Words that make a claim without any number.
fn strong_trigger(lower: &str) -> bool {
    has_any(
        lower,
        &[
            "outperform",
            "state of the art",
            "state-of-the-art",
            "generally available",
            "now available",
            "available today",
            "available to",
            "rolling out",
            "능가",
            "세계 최고",
            "세계 최초",
            "최고 수준",
            "정식 출시",
        ],
    )
}

fn classify(lower: &str, metric: bool, value: Option<&Found>) -> ClaimKind {
    let money = value.is_some_and(|v| v.unit.as_deref().is_some_and(is_currency));
    if metric && value.is_some() {
        return ClaimKind::Benchmark;
    }
    if has_any(
        lower,
        &[
            "price",
            "priced",
            "per million",
            "pricing",
            "/month",
            "per month",
            "가격",
            "요금",
        ],
    ) || (money && has_any(lower, &["cost", "free", "무료"]))
    {
        return ClaimKind::Pricing;
    }
    if has_any(
        lower,
        &[
            "safety",
            "red team",
            "red-team",
            "jailbreak",
            "harmful",
            "misuse",
            "안전",
            "유해",
        ],
    ) {
        return ClaimKind::Safety;
    }
    let dated = MONTHS.iter().any(|m| lower.contains(m))
        || has_any(
            lower,
            &["today", "next week", "quarter", "분기", "월 ", "일부터"],
        );
    if dated
        && has_any(
            lower,
            &[
                "launch", "release", "ship", "coming", "출시", "공개", "출범",
            ],
        )
    {
        return ClaimKind::ReleaseDate;
    }
    if has_any(
        lower,
        &[
            "available",
            "rolling out",
            "rolls out",
            "access",
            "in preview",
            "users",
            "이용",
            "제공",
            "사용할 수",
        ],
    ) {
        return ClaimKind::Availability;
    }
    if has_any(
        lower,
        &[
            "proof",
            "paper",
            "we show",
            "we find",
            "study",
            "attempt",
            "research",
            "experiment",
            "논문",
            "증명",
            "실험",
        ],
    ) {
        return ClaimKind::Research;
    }
    if metric {
        return ClaimKind::Benchmark;
    }
    if has_any(
        lower,
        &[
            "outperform",
            "state of the art",
            "state-of-the-art",
            "can ",
            "able to",
            "better",
            "faster",
            "fewer",
            "more accurate",
            "best",
            "능가",
            "최고",
            "향상",
            "개선",
            "빠른",
            "빨라",
        ],
    ) {
        return ClaimKind::Capability;
    }
    ClaimKind::Other
}

fn is_currency(unit: &str) -> bool {
    matches!(unit, "USD" | "EUR" | "GBP" | "KRW")
}

/// A value found in a sentence: byte range, verbatim text, its number and unit.
#[derive(Debug, Clone)]
struct Found {
    /// 0 = percent … 5 = bare number: the claim's value is the strongest kind first.
    rank: u8,
    at: usize,
    text: String,
    num: Option<f64>,
    unit: Option<String>,
}

fn unit_of(text: &str) -> Option<String> {
    let t = text.to_lowercase();
    let u = if t.contains("%p") || t.contains("percentage point") {
        "percentage points"
    } else if t.contains('%') || t.contains('％') || t.contains("percent") || t.contains("퍼센트")
    {
        "%"
    } else if t.contains('$') || t.contains("달러") {
        "USD"
    } else if t.contains('€') || t.contains("유로") {
        "EUR"
    } else if t.contains('£') || t.contains("파운드") {
        "GBP"
    } else if t.contains('₩') || t.ends_with('원') {
        "KRW"
    } else if t.ends_with('x') || t.contains('×') || t.contains("times") || t.ends_with('배') {
        "x"
    } else {
        let tail: String = t
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
            .to_string();
        let tail = tail
            .trim_start_matches("million")
            .trim_start_matches("billion")
            .trim();
        return (!tail.is_empty() && !tail.chars().all(|c| c.is_ascii_digit()))
            .then(|| tail.to_string());
    };
    Some(u.to_string())
}

fn number_of(text: &str) -> Option<f64> {
    numbers::numbers(text).into_iter().next()
}

fn is_year_or_date(sentence: &str, at: usize, text: &str) -> bool {
    let plain: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if plain.len() == 4 && text.len() == 4 && (1900..=2100).contains(&plain.parse().unwrap_or(0)) {
        return true;
    }
    // "February 14": a day after a month name; "problem 2", "version 3": identifiers.
    let before = sentence[..at].trim_end().to_lowercase();
    MONTHS.iter().any(|m| before.ends_with(m))
        || [
            "problem", "problems", "section", "chapter", "step", "part", "version", "figure",
            "table",
        ]
        .iter()
        .any(|w| before.ends_with(w))
}

/// Every value the sentence states, strongest kinds first (percent, money, multipliers,
/// quantities, "five of the ten", then bare numbers that are not years or days).
fn values(sentence: &str) -> Vec<Found> {
    let p = &*P;
    // Numbers inside product names ("Gemini 3 Pro", "GPT-5") are names, not values.
    let names: Vec<(usize, usize)> = p
        .subject
        .find_iter(sentence)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut out: Vec<Found> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut add = |rank: u8, m: regex::Match<'_>, unit: Option<String>, num: Option<f64>| {
        let (s, e) = (m.start(), m.end());
        if taken.iter().any(|&(a, b)| s < b && a < e) {
            return;
        }
        taken.push((s, e));
        out.push(Found {
            rank,
            at: s,
            num,
            unit,
            text: m.as_str().trim().to_string(),
        });
    };
    for (rank, re) in [(0, &p.percent), (1, &p.money), (2, &p.multiplier)] {
        for m in re.find_iter(sentence) {
            add(rank, m, unit_of(m.as_str()), number_of(m.as_str()));
        }
    }
    for m in p.quantity.find_iter(sentence) {
        let t = m.as_str().trim();
        // A bare number with no unit word is handled below.
        if t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            continue;
        }
        add(3, m, unit_of(t), number_of(t));
    }
    for m in p.share.find_iter(sentence) {
        let first = number_of(m.as_str());
        add(4, m, Some("count".into()), first);
    }
    for m in p.plain.find_iter(sentence) {
        let after = &sentence[m.end()..];
        // "GPT-5", "v2", "4o", and Korean ordinals ("1차", "2번째"), are not values.
        let glued = sentence[..m.start()]
            .ends_with(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '.')
            || after.starts_with(|c: char| c.is_ascii_alphabetic())
            || after.starts_with("차")
            || after.starts_with("번째")
            || after.starts_with("호");
        let in_name = names.iter().any(|&(a, b)| m.start() >= a && m.end() <= b);
        if glued || in_name || is_year_or_date(sentence, m.start(), m.as_str()) {
            continue;
        }
        add(5, m, None, number_of(m.as_str()));
    }
    out.sort_by_key(|f| f.at);
    out
}

/// The benchmark names in a sentence with their byte offsets, in order.
fn benchmarks(sentence: &str) -> Vec<(usize, String)> {
    let lower = sentence.to_lowercase();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for name in BENCHMARKS {
        let case_sensitive = name.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
            && !name.contains(char::is_lowercase);
        let (hay, needle) = if case_sensitive {
            (sentence.to_string(), name.to_string())
        } else {
            (lower.clone(), name.to_lowercase())
        };
        // Lowercasing can change byte lengths only outside ASCII; benchmark names are
        // matched on the lowercase copy and mapped back only when lengths agree.
        if hay.len() != sentence.len() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = hay[from..].find(&needle) {
            let s = from + pos;
            let e = s + needle.len();
            // Korean particles follow names directly ("KMMLU에서"): only ASCII bounds a name.
            let bounded = !hay[..s].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                && !hay[e..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
            if bounded && !found.iter().any(|&(a, b)| s < b && a < e) {
                found.push((s, e));
            }
            from = e;
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(s, mut e)| {
            // Take the variant that follows: "SWE-bench Verified", "AIME 2025".
            for _ in 0..2 {
                let rest = &sentence[e..];
                let Some(word) = rest.strip_prefix(' ') else {
                    break;
                };
                let w: &str = word
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | ')'))
                    .next()
                    .unwrap_or("");
                let year = w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
                if w.is_empty() || !(year || BENCHMARK_SUFFIXES.contains(&w)) {
                    break;
                }
                e += 1 + w.len();
            }
            (s, sentence[s..e].to_string())
        })
        .collect()
}

/// Product and model names: a capitalised name with a version ("GPT-5", "Gemini 3 Pro",
/// "Qwen2.5-Coder", "Claude Opus 4.5"). Benchmark names are not subjects.
fn subject(sentence: &str, metrics: &[(usize, String)]) -> Option<String> {
    P.subject
        .find_iter(sentence)
        .map(|m| m.as_str().trim().trim_end_matches(['.', '-']).to_string())
        .find(|s| {
            s.chars().any(|c| c.is_ascii_digit())
                && !metrics
                    .iter()
                    .any(|(_, b)| b.contains(s.as_str()) || s.contains(b.as_str()))
                && !MONTHS.iter().any(|m| s.to_lowercase().starts_with(m))
        })
}

fn comparison(sentence: &str) -> Option<String> {
    P.comparison
        .find(sentence)
        .map(|m| m.as_str().trim().to_string())
}

/// The claims of one article text, in text order.
pub fn extract(text: &str) -> Vec<ExtractedClaim> {
    let mut out = Vec::new();
    for span in sentences::split(text) {
        let sentence = sentences::slice(text, span);
        if sentence.chars().count() < 12 {
            continue;
        }
        out.extend(claims_in(&sentence, span));
        if out.len() >= MAX_CLAIMS_PER_ARTICLE {
            out.truncate(MAX_CLAIMS_PER_ARTICLE);
            break;
        }
    }
    out
}

fn claims_in(sentence: &str, (start, end): (usize, usize)) -> Vec<ExtractedClaim> {
    let lower = sentence.to_lowercase();
    let vals = values(sentence);
    let metrics = benchmarks(sentence);
    let has_trigger = trigger(&lower);
    let candidate = (!vals.is_empty() && has_trigger)
        || (!metrics.is_empty() && (has_trigger || !vals.is_empty()))
        || strong_trigger(&lower);
    if !candidate {
        return Vec::new();
    }
    let subject = subject(sentence, &metrics);
    let comparison = comparison(sentence);
    let make = |metric: Option<String>, value: Option<&Found>| {
        let kind = classify(&lower, metric.is_some(), value);
        ExtractedClaim {
            kind,
            subject: subject.clone(),
            metric,
            value: value.map(|v| v.text.clone()),
            value_num: value.and_then(|v| v.num),
            unit: value.and_then(|v| v.unit.clone()),
            comparison: comparison.clone(),
            sentence: sentence.to_string(),
            start,
            end,
        }
    };
    // "74.9% on SWE-bench Verified and 94.6% on AIME 2025": one claim per result, each
    // benchmark paired with the percentage nearest before it (or after it, "MMLU: 88%").
    let scored: Vec<&Found> = vals
        .iter()
        .filter(|v| v.unit.as_deref() == Some("%") || v.unit.is_none())
        .collect();
    if metrics.len() > 1 && scored.len() >= metrics.len() {
        return metrics
            .iter()
            .map(|(at, name)| {
                let before = scored.iter().rev().find(|v| v.at < *at).copied();
                let after = scored.iter().find(|v| v.at > *at).copied();
                make(Some(name.clone()), before.or(after))
            })
            .collect();
    }
    let metric = metrics.first().map(|(_, m)| m.clone());
    let strongest = vals.iter().min_by_key(|v| (v.rank, v.at));
    vec![make(metric, strongest)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> ExtractedClaim {
        let all = extract(text);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.into_iter().next().expect("one claim")
    }

    #[test]
    fn benchmark_results_pair_each_value_with_its_benchmark() {
        let text = "OpenAI reports that GPT-5 scores 74.9% on SWE-bench Verified and 94.6% on AIME 2025 without tools.";
        let c = extract(text);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].kind, ClaimKind::Benchmark);
        assert_eq!(c[0].subject.as_deref(), Some("GPT-5"));
        assert_eq!(c[0].metric.as_deref(), Some("SWE-bench Verified"));
        assert_eq!(c[0].value.as_deref(), Some("74.9%"));
        assert_eq!(c[0].value_num, Some(74.9));
        assert_eq!(c[0].unit.as_deref(), Some("%"));
        assert_eq!(c[1].metric.as_deref(), Some("AIME 2025"));
        assert_eq!(c[1].value.as_deref(), Some("94.6%"));
        assert_eq!((c[0].start, c[0].end), (0, text.chars().count()));
    }

    #[test]
    fn counts_in_words_and_comparisons() {
        let c = one("After expert feedback, OpenAI says at least five of the ten attempts have a high chance of being correct.");
        assert_eq!(c.value.as_deref(), Some("at least five of the ten"));
        assert_eq!(c.value_num, Some(5.0));
        assert_eq!(c.kind, ClaimKind::Research);
        let c = one("The new model is 3x faster than Gemma 2 on long prompts.");
        assert_eq!(c.value.as_deref(), Some("3x"));
        assert_eq!(c.unit.as_deref(), Some("x"));
        assert_eq!(
            c.comparison.as_deref(),
            Some("faster than Gemma 2 on long prompts")
        );
        assert_eq!(c.subject.as_deref(), Some("Gemma 2"));
    }

    #[test]
    fn money_and_availability() {
        let c = one("OpenAI committed $7.5 million to The Alignment Project.");
        assert_eq!(c.value.as_deref(), Some("$7.5 million"));
        assert_eq!(c.unit.as_deref(), Some("USD"));
        let c = one("Gemini 3 Pro is now available to all Pro users in the Gemini app.");
        assert_eq!(c.kind, ClaimKind::Availability);
        assert_eq!(c.value, None, "no number in the sentence, so no value");
        assert_eq!(c.subject.as_deref(), Some("Gemini 3 Pro"));
    }

    #[test]
    fn korean_claims() {
        let text =
            "LG AI연구원은 엑사원 4.0이 KMMLU에서 78.5%를 기록해 이전 모델보다 높았다고 밝혔다.";
        let c = one(text);
        assert_eq!(c.kind, ClaimKind::Benchmark);
        assert_eq!(c.metric.as_deref(), Some("KMMLU"));
        assert_eq!(c.value.as_deref(), Some("78.5%"));
        assert_eq!(c.comparison.as_deref(), Some("모델보다"));
        let c = one("추론 속도는 기존 대비 2배 빨라졌다.");
        assert_eq!(c.value.as_deref(), Some("2배"));
        assert_eq!(c.unit.as_deref(), Some("x"));
    }

    #[test]
    fn no_claim_from_sentences_without_one() {
        assert!(extract("The attempts were first shared on February 14, 2026.").is_empty());
        assert!(
            extract("OpenAI argues that alignment is too large a problem for any single lab.")
                .is_empty()
        );
        assert!(extract("오늘은 날씨가 맑았다.").is_empty());
    }

    #[test]
    fn spans_index_characters_of_the_text() {
        let text = "첫 문장입니다.\n\nGPT-5 scores 74.9% on SWE-bench Verified.";
        let c = one(text);
        let chars: String = text.chars().skip(c.start).take(c.end - c.start).collect();
        assert_eq!(chars, c.sentence);
    }
}
