//! Counts a sentence states that are no claim's value: how many entries a result was ranked
//! among ("9개 모델 중 가장 높은 점수", "among 14 models") and how many items a benchmark
//! holds ("500개의 질문을 포함한 벤치마크", "the 500-task subset", "a set of 1,000 problems").
//! Such a count describes the field or the test, whatever outlet writes it, so the rule is by
//! the shape of the phrase, not by any benchmark's name.

use std::sync::LazyLock;

use regex::Regex;

/// Right after a Korean count: up to three words, then "중" or "가운데" as a word of its own
/// ("개 모델 중", "개의 모델 가운데", "개 정예팀 중").
static POOL_AFTER_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^개?의?(?:\s[^\s\d,.]+){0,3}\s(?:중|가운데)(?:[\s,.]|에서|$)")
        .expect("pool pattern compiles")
});

/// Right before an English count: "among", "out of", "of the" ranking it in a field.
static POOL_BEFORE_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:among|out of)(?:\s+(?:the|all))?\s+$").expect("pool pattern compiles")
});

/// Right after an English count in a field: the kind of entries ranked.
static POOL_AFTER_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s+(?:\w+\s+)?(?:models|systems|entries|teams|competitors|participants|submissions|llms)\b",
    )
    .expect("pool pattern compiles")
});

/// The items a benchmark is made of, right after a count, in either language.
const ITEMS: &str = r"(?:questions?|problems?|tasks?|prompts?|items?|samples?|examples?|test cases?|질문|문제|문항|과제|태스크|샘플|예제)";

static ITEMS_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{ITEMS}$")).expect("items pattern compiles"));

/// "500-task", "1,000-question": a count written onto the items it counts is the size of a set.
static ITEMS_GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^-{ITEMS}\b")).expect("items pattern compiles"));

/// "개의 질문을 포함한", "문항으로 구성된", " problems spanning": items a set contains.
static ITEMS_CONTAINED_KO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^개?의?\s?{ITEMS}(?:을|를|로|으로|이|가)?\s?(?:포함|구성|이루어|담은|담긴|된)"
    ))
    .expect("items pattern compiles")
});

/// Right after an English count: the items it counts.
static ITEMS_AFTER_EN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s+{ITEMS}\b")).expect("items pattern compiles"));

/// Before an English count of items: what holds them ("a set of", "contains", "consisting of").
static ITEMS_HELD_BEFORE_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:of|contains?|containing|compris(?:es|ing)|includ(?:es|ing)|featuring|spanning)\s+(?:over\s+|about\s+|roughly\s+|nearly\s+)?$")
        .expect("items pattern compiles")
});

/// Whether the value written at `start..end` counts a field's entries or a benchmark's items.
/// Offsets are byte offsets of `sentence`; anything not on a character boundary is no count.
pub fn counts_a_pool_or_a_set(sentence: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(value)) = (sentence.get(..start), sentence.get(start..end)) else {
        return false;
    };
    // Only a whole count, read with the words after its digits ("7개 모델", "1,200
    // problems"): "9.2점" or "24%" is a result even before "중".
    let digits = value
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ','))
        .map_or(value.len(), |(i, _)| i);
    let Some(after) = sentence.get(start + digits..) else {
        return false;
    };
    let unit = value[digits..].trim();
    let counted = unit.is_empty() || unit == "개" || ITEMS_ALONE.is_match(unit);
    if digits == 0 || !counted {
        return false;
    }
    let korean_pool = POOL_AFTER_KO.is_match(after);
    let english_pool = POOL_BEFORE_EN.is_match(before) && POOL_AFTER_EN.is_match(after);
    let glued = ITEMS_GLUED.is_match(after);
    let contained = ITEMS_CONTAINED_KO.is_match(after);
    let held = ITEMS_HELD_BEFORE_EN.is_match(before) && ITEMS_AFTER_EN.is_match(after);
    korean_pool || english_pool || glued || contained || held
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sentence: &str, value: &str) -> bool {
        let start = sentence.find(value).expect("value in sentence");
        counts_a_pool_or_a_set(sentence, start, start + value.len())
    }

    #[test]
    fn the_field_a_result_is_ranked_in_is_no_value() {
        assert!(at("노바-2는 7개 모델 중 가장 높은 점수를 받았다.", "7개"));
        assert!(at("노바-2는 선정된 12개의 모델 가운데 1위를 했다.", "12개"));
        assert!(at("Nova-2 ranked first among 14 open models.", "14"));
        assert!(at("Nova-2 was best out of 30 submissions.", "30"));
        // A result is a result even where a field is named after it.
        assert!(!at("노바-2는 9.2점으로 6개 팀 중 1위다.", "9.2점"));
        assert!(!at("Nova-2 has 16 experts.", "16"));
        assert!(!at("노바-2는 16개의 전문가를 갖췄다.", "16개"));
    }

    #[test]
    fn the_items_a_benchmark_holds_are_no_value() {
        assert!(at("노바벤치는 300개의 질문을 포함한 시험이다.", "300개"));
        assert!(at("노바벤치는 250문항으로 구성된 평가다.", "250"));
        assert!(at("NovaBench is the 400-task subset of the suite.", "400"));
        assert!(at("NovaBench, a set of 1,200 problems, was used.", "1,200"));
        // What a model did with items is its result.
        assert!(!at("Nova-2 solved 40 problems in an hour.", "40"));
        assert!(!at("노바-2는 40개의 문제를 풀었다.", "40개"));
        // The value as the extractor reads it, with its unit word.
        assert!(at(
            "NovaBench, a set of 1,200 problems, was used.",
            "1,200 problems"
        ));
        let c = crate::claims::extract::extract(
            "노바-2는 300개의 질문을 포함한 노바벤치에서 9개 모델 중 가장 높은 점수를 받았다.",
        );
        assert!(
            c.iter().all(|c| c.value.is_none()),
            "the counts are no values: {c:#?}"
        );
    }

    proptest::proptest! {
        /// Any text, any offsets: never a panic, whatever boundary they fall on.
        #[test]
        fn any_offsets_read_without_panic(
            text in "(?s)[0-9개의 중가운데질문문항-]{0,30}|.{0,80}",
            start in 0usize..120,
            len in 0usize..12,
        ) {
            let _ = counts_a_pool_or_a_set(&text, start, start + len);
        }
    }
}
