//! Property tests for claim extraction and the pieces it is built from: over arbitrary Unicode
//! and over claim-like text made of hostile fragments (case-changing letters, combining marks,
//! Korean particles, right-to-left text, zero-width joiners), nothing panics, every offset is a
//! character boundary of the text it indexes, and every field is a piece of its sentence.

use proofwire::claims::entities::{lexicon, EntityKind};
use proofwire::claims::extract::{extract, value_number};
use proofwire::claims::parts;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Pieces real claim sentences are made of, and pieces that break naive text handling.
const FRAGMENTS: &[&str] = &[
    "GPT-4o",
    "Llama3.1 8B",
    "Llama 3.1 405B",
    "K-엑사원",
    "엑사원 4.0",
    "노바-2",
    "큐웬3",
    "Claude Sonnet 3.7",
    "Scout",
    "SWE-bench Verified",
    "MMLU",
    "KMMLU",
    "AIME 2025",
    "LMArena",
    "74.9%",
    "1,800",
    "671B",
    "128K",
    "#1",
    "7위",
    "72.03점",
    "2배",
    "20x",
    "$0.005",
    "14.8 trillion",
    "twice",
    "three seconds",
    "320ms",
    "at least five of the ten",
    "tokens per second",
    "context window",
    "parameters",
    "메모리 요구량",
    "평균 점수",
    "up to ",
    "about ",
    "최대 ",
    "약 ",
    " 이상",
    " 대비 ",
    "보다 ",
    "than ",
    "outperforms ",
    "compared with ",
    "released ",
    "is now available ",
    "raised $6 billion ",
    "valuation ",
    "투자 유치 ",
    "5-shot",
    "pass@1",
    "on a single Nvidia H100",
    "INT4",
    "at 1M (",
    "(",
    ")",
    "‘",
    "’",
    "“",
    "\"",
    "'",
    ", ",
    ". ",
    "\n\n",
    " — ",
    " ",
    "\u{212A}",
    "İ",
    "ẞ",
    "ﬃ",
    "ǅ",
    "Σ",
    "\u{0301}",
    "\u{0345}",
    "\u{200D}",
    "\u{2011}",
    "\u{FEFF}",
    "مرحبا",
    "🤖",
    "은",
    "는",
    "를",
    "에서",
    "했다",
    "March 25",
    "2026",
    "컨텍스트 길이",
    "처리 속도",
    "memory bandwidth",
    "İ",
    "\u{0301}",
    // Pieces the rules read grammar from: Korean tiers and glosses written onto names, scales
    // of scores, Korean amounts, prices per unit, quoted benchmarks, parts of a test, verbs of
    // beating, relative clauses, topics, lists and pronouns.
    "GPT-5 하이",
    " 미디엄",
    "(에이닷엑스 케이원)",
    " (Thinking)",
    "10점 만점 중 ",
    "450점 만점에 ",
    "1조7000억",
    "5천억개",
    "3조 개의 토큰",
    "per million input tokens",
    "100만 토큰당",
    "/1K ",
    "'라이브코드벤치'에서",
    "‘GPQA 다이아몬드 테스트’",
    "수학 영역에서 ",
    "에이닷 엑스 K1",
    "를 앞섰다",
    "의 성능을 상회",
    "에 이어 ",
    "인 ",
    "의 ",
    "도 ",
    "respectively",
    "각각 ",
    "Apache 2.0 license",
    "아파치 2.0",
    "which registered ",
    "improves latency by ",
    "Vending-Bench",
    "On the AMC, ",
    " on the 2024 American Invitational Mathematics Exam",
    "in the Llama 4 collection",
    "its latest Claude model, ",
    "메타는 ",
    "탑재한 ",
    "할 수 있다",
    "시장의 ",
    "trailing behind",
    "it scores ",
    "we release Voxtral",
    "Soar Over 6%",
    "a score of ",
    "with ",
    " and ",
    // The determiner-led subjects, Korean chips, ranges, hyphens and business patterns of
    // 2026-12-07: each next to multi-byte text somewhere.
    "The ",
    "the new ",
    " LPU boasts ",
    " humanoid robot completed ",
    " has partnered ",
    " 칩은 ",
    "루산 칩에 ",
    "10-30 ",
    "14~24배 ",
    "‑3‑mini",
    "“",
    "SRAM 44GB",
    " tokens per second",
    "을 발표합니다",
    "빠른 ",
    "토큰 처리 속도",
    " paying subscribers",
    "가입자가 ",
    "% of the ",
    " market",
    "total ",
    "올해 출시 예정인 이 칩은 ",
    "공개한 생성형 인공지능 모델이다",
    "월 $20의 구독료",
    "통합했습니다",
    "ranked at the 3rd place",
    " ranks 2nd on ",
    "a million tokens",
    "At its core, the architecture features ",
    "Built on it, it can ",
    " weighs roughly 25kg",
    "from preview to general availability",
    "가격을 대폭 인하했다",
    "350와트",
    " 13,000,000 Discord members",
    " 256 concurrent users",
    "long-term partnership",
];

fn claim_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..160,
    )
    .prop_map(|parts| parts.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![claim_like(), any::<String>(), "\\PC{0,400}"]
}

fn config() -> Config {
    Config {
        cases: 2048,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x0c1a_1a55),
        ..Config::default()
    }
}

fn assert_piece(text: &str, start: usize, end: usize, piece: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{start}..{end} of {}",
        text.len()
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    assert_eq!(&text[start..end], piece);
}

fn check_claims(text: &str) {
    let claims = extract(text);
    assert!(claims.len() <= 16);
    let chars: Vec<char> = text.chars().collect();
    for c in &claims {
        assert!(c.span.start <= c.span.end && c.span.end <= chars.len());
        let at: String = chars[c.span.start..c.span.end].iter().collect();
        assert_eq!(at, c.sentence, "the span is the sentence");
        let mut pieces: Vec<&String> = [&c.metric, &c.value, &c.qualifier, &c.comparison]
            .into_iter()
            .flatten()
            .chain(&c.settings)
            .collect();
        if !c.subject_from_context {
            pieces.extend(&c.subject);
        }
        for p in pieces {
            assert!(
                c.sentence.contains(p.as_str()),
                "{p:?} is not in {:?}",
                c.sentence
            );
        }
        assert!(c.value_num.is_none_or(f64::is_finite));
    }
}

fn check_parts(s: &str) {
    for n in parts::names(s, &[]) {
        assert_piece(s, n.start, n.end, &n.text);
    }
    for (a, b, t) in parts::metric_phrases(s) {
        assert_piece(s, a, b, &t);
    }
    for (a, b, t) in parts::settings(s) {
        assert_piece(s, a, b, &t);
    }
    for kind in [EntityKind::Model, EntityKind::Benchmark] {
        for m in lexicon().find(kind, s) {
            assert_piece(s, m.start, m.end, &m.text);
        }
    }
    let bounds: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain([s.len()])
        .step_by(7)
        .collect();
    for w in bounds.windows(2) {
        if let Some(q) = parts::qualifier(s, w[0], w[1]) {
            assert!(s.contains(q.as_str()), "{q:?}");
        }
    }
    let _ = value_number(s);
    for (a, b) in parts::quoted(s) {
        assert!(a <= b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b));
    }
    let names = parts::names(s, &[]);
    for w in names.windows(2) {
        let _ = parts::listed_together(s, &w[0], &w[1]);
    }
    let phrases = parts::metric_phrases(s);
    for (i, _) in s.char_indices().step_by(5).take(400) {
        if let Some((a, b, _)) = parts::korean_measure(s, i) {
            assert!(a <= b && b <= i, "{a}..{b} before {i}");
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
        }
        for &(start, end, _) in &phrases {
            if end <= i && i - end <= 64 {
                let _ = parts::tied_before(s, end, i);
                let _ = parts::linked_by_of(s, end, i);
            }
            let _ = parts::per_unit(s, start, end);
        }
    }
}

/// Pieces of published result files: CSV cells and quotes, JSON punctuation, numbers, names.
const RESULT_FRAGMENTS: &[&str] = &[
    "model,benchmark,score\n",
    "GPT-5",
    ",",
    "\n",
    "\"",
    "\"\"",
    "74.9%",
    "0.431",
    "-1e308",
    "NaN",
    "inf",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"score_details\"",
    "\"score\"",
    "\"evaluation_results\"",
    "\"model_info\"",
    "\"id\"",
    "null",
    "true",
    "2025-13-45",
    "\u{0}",
    "\u{FEFF}",
    "é\u{301}",
    "\r\n",
];

fn result_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(RESULT_FRAGMENTS).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn result_files_never_panic_and_every_result_is_finite(t in prop_oneof![result_like(), any::<String>()]) {
        for parsed in [proofwire::results::parse::eee(&t), proofwire::results::parse::csv(&t, "third_party")] {
            for r in &parsed.results {
                prop_assert!(r.score.is_finite());
                prop_assert!(r.lower.is_none_or(f64::is_finite) && r.upper.is_none_or(f64::is_finite));
                prop_assert!(!r.model.is_empty() && !r.benchmark.is_empty());
            }
        }
    }

    #[test]
    fn settings_compatibility_is_symmetric_and_reflexive(a in text(), b in text()) {
        let a: Vec<String> = parts::settings(&a).into_iter().map(|(_, _, t)| t).collect();
        let b: Vec<String> = parts::settings(&b).into_iter().map(|(_, _, t)| t).collect();
        use proofwire::results::matching::compatible;
        prop_assert!(compatible(&a, &a));
        prop_assert_eq!(compatible(&a, &b), compatible(&b, &a));
    }

    #[test]
    fn extraction_keeps_spans_and_fields_inside_the_text(t in text()) {
        check_claims(&t);
    }

    #[test]
    fn every_part_indexes_the_text_it_was_found_in(t in text()) {
        check_parts(&t);
    }
}

/// A very long post, one "sentence" stuffed with names and values, and one of ordinary
/// sentences: both are read to the end (a quadratic step would not finish in the test run).
#[test]
fn very_long_hostile_text_is_read_to_the_end() {
    let stuffed = "GPT-4o than Llama3.1 8B 74.9% on MMLU, 2배 대비 ".repeat(4_000);
    check_claims(&stuffed);
    check_parts(&stuffed[..stuffed.len() / 8]);
    let prose =
        "Nova-2 scores 71.3% on SWE-bench Verified, up to 3x faster than Nova-1. ".repeat(3_000);
    let claims = extract(&prose);
    assert_eq!(claims.len(), 16, "capped per article");
    check_claims(&prose);
}
