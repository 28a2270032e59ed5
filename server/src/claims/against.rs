//! A Korean value stated as a share of a named quantity: "이론상 최대 성능 대비 24%", "최대
//! 성능의 98%", "처리 속도 대비 1.5배". The quantity before "대비" or "의" is what the value
//! measures when its head is a noun of measurement; a name there ("GPT-4o 대비") is what the
//! subject is compared with, and is left to the comparison rules. English states a ratio
//! against a noun with "the … of": "4x the performance of its predecessor".

use std::sync::LazyLock;

use regex::Regex;

/// Nouns of measurement a share may be stated against, as the head of the phrase.
const MEASURE_HEADS: &[&str] = &[
    "성능",
    "속도",
    "정확도",
    "점수",
    "비용",
    "가격",
    "처리량",
    "효율",
    "전력",
    "용량",
    "크기",
    "규모",
    "대역폭",
    "연산량",
    "메모리",
];

/// Words that may modify such a head without being a clause of their own ("이론상 최대
/// 성능", "실제 처리 속도").
const MODIFIERS: &[&str] = &[
    "최대",
    "최고",
    "이론상",
    "이론적",
    "피크",
    "실제",
    "평균",
    "전체",
    "연산",
    "처리",
    "추론",
    "학습",
    "생성",
    "응답",
    "메모리",
    "전력",
];

/// The byte range of the measured quantity a value at `at` is stated against, if the words
/// right before it are one (a qualifier such as "약" may stand between). Offsets are of
/// `sentence` itself; an offset off a character boundary finds nothing.
pub fn measure_against(sentence: &str, at: usize) -> Option<(usize, usize)> {
    let mut before = sentence.get(..at)?.trim_end();
    for q in ["약", "최대", "무려", "불과"] {
        if let Some(b) = before.strip_suffix(q) {
            before = b.trim_end();
        }
    }
    // "성능 대비", "성능의": the head noun ends where the cue starts.
    let head_end = if let Some(b) = before.strip_suffix("대비") {
        let b_trimmed = b.trim_end();
        (b_trimmed.len() < b.len()).then_some(b_trimmed.len())?
    } else {
        before.strip_suffix('의')?.len()
    };
    let head_text = before.get(..head_end)?;
    let head_start = head_text.rfind(' ').map_or(0, |i| i + 1);
    let head = head_text.get(head_start..)?;
    if !MEASURE_HEADS.contains(&head) {
        return None;
    }
    let mut start = head_start;
    for _ in 0..2 {
        let rest = sentence.get(..start)?;
        let Some(trimmed) = rest.strip_suffix(' ') else {
            break;
        };
        let word_start = trimmed.rfind(' ').map_or(0, |i| i + 1);
        let word = trimmed.get(word_start..)?;
        if !MODIFIERS.contains(&word) {
            break;
        }
        start = word_start;
    }
    Some((start, head_start + head.len()))
}

/// Last syllables of the Korean forms that modify a noun after a value ("향상된", "높은",
/// "빠른", "저렴한", "늘어난", "줄어든", "큰"); "가볍지만" joins clauses and is none of them.
const MODIFYING_ENDINGS: &[char] = &['된', '한', '은', '는', '운', '른', '난', '든', '진', '큰'];

/// The byte range of a measured noun right after a value ending at `end`, past a word that
/// modifies it: "40% 향상된 성능을", "2배 더 빠른 속도로", "24% 크기임에도". Only a noun of
/// measurement counts.
pub fn measure_after(sentence: &str, end: usize) -> Option<(usize, usize)> {
    // "103%의 성능", "2,350억 개 규모의": a value the noun is "of" is written as the subject's
    // own result or size, and the noun says nothing of what was measured; those are left.
    let mut at = end;
    let mut rest = sentence.get(end..)?;
    // At most "더" and one modifying word before the noun.
    for _ in 0..3 {
        let r = rest.strip_prefix(' ')?;
        let word_len = r.find([' ', ',', '.']).unwrap_or(r.len());
        let word = &r[..word_len];
        let modifying = word == "더" || word.ends_with(MODIFYING_ENDINGS);
        let head = MEASURE_HEADS.iter().find(|h| word.starts_with(*h));
        // "32B 크기의 모델": a size-class adjective, not a measure of its own.
        let of_a_noun = head.is_some_and(|h| word[h.len()..].starts_with('의'));
        if let Some(h) = head.filter(|_| !of_a_noun) {
            let start = at + 1;
            return Some((start, start + h.len()));
        }
        if !modifying {
            return None;
        }
        at += 1 + word_len;
        rest = &r[word_len..];
    }
    None
}

/// "4x the performance of", "twice the memory bandwidth of", "half the cost of", "10x more
/// compute than": the noun a ratio takes before "of" or "than" is what it measures, whatever
/// noun that is.
static RATIO_OF_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:the ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*){0,2}) (?:of|on|for)|(?:more|less|fewer) ([a-z][a-z-]*(?: [a-z][a-z-]*)?) (?:than|compared))\b")
        .expect("ratio noun pattern compiles")
});

/// Words that are no measured noun of a system after a ratio: "2x the number of", and how
/// many use or pay for it ("3x more users than"), which is business.
const NOT_RATIO_NOUNS: &[&str] = &[
    "number",
    "amount",
    "size",
    "rest",
    "end",
    "same",
    "one",
    "users",
    "customers",
    "subscribers",
    "downloads",
    "revenue",
    "developers",
    "people",
    "money",
    "funding",
    "sales",
    "traffic",
    "visits",
];

/// The byte range of the noun a ratio ending at `end` measures ("4x the performance of its
/// predecessor").
pub fn ratio_noun(sentence: &str, end: usize) -> Option<(usize, usize)> {
    let rest = sentence.get(end..)?;
    let caps = RATIO_OF_NOUN.captures(rest)?;
    let noun = caps.get(1).or_else(|| caps.get(2))?;
    let first = noun.as_str().split(' ').next().unwrap_or_default();
    if NOT_RATIO_NOUNS.contains(&first) {
        return None;
    }
    Some((end + noun.start(), end + noun.end()))
}

/// Stems of Korean verbs of change after "A에서 B로" ("늘렸다", "확장하여", "인상되었다").
const CHANGE_STEMS: &[&str] = &[
    "확장", "확대", "증가", "늘", "향상", "개선", "인상", "상승", "올", "높", "감소", "줄", "낮",
    "축소", "단축", "절감", "하락", "내려", "인하",
];

/// Whether the value written at `start..end` is what a Korean change started from: "29개에서
/// 119개로 확장", "109달러에서 159달러로 인상". The value it changed to is the claim; the
/// one before is what it was. `next` is where the next value starts, if any.
pub fn changed_from(sentence: &str, end: usize, next: Option<usize>) -> bool {
    let (Some(after), Some(next)) = (sentence.get(end..), next) else {
        return false;
    };
    let Some(gap) = after.strip_prefix("에서") else {
        return false;
    };
    // Only a space between "에서" and the next value.
    if next != end + "에서".len() + (gap.len() - gap.trim_start().len()) || gap.trim_start() == gap
    {
        return false;
    }
    // After the value it changed to: "로"/"으로", then a verb of change within a few words.
    let Some(rest) = sentence.get(next..) else {
        return false;
    };
    let Some(to) = rest.find("로") else {
        return false;
    };
    let tail: String = rest[to..].chars().take(24).collect();
    let words: Vec<&str> = tail.split_whitespace().skip(1).take(3).collect();
    rest[..to].chars().count() <= 20
        && words
            .iter()
            .any(|w| CHANGE_STEMS.iter().any(|s| w.starts_with(s)))
}

/// The kind of claim a head noun of size states, where the general list has none.
pub fn head_kind(phrase: &str) -> Option<app::vocab::ClaimKind> {
    ["크기", "규모", "용량"]
        .iter()
        .any(|h| phrase.ends_with(h))
        .then_some(app::vocab::ClaimKind::Specification)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(sentence: &str, value: &str) -> Option<String> {
        let at = sentence.find(value).expect("value in sentence");
        measure_against(sentence, at).map(|(s, e)| sentence[s..e].to_string())
    }

    #[test]
    fn a_share_of_a_measured_quantity_names_it() {
        assert_eq!(
            measured("노바칩은 이론상 최대 성능 대비 31%에 그쳤다.", "31%"),
            Some("이론상 최대 성능".into())
        );
        assert_eq!(
            measured("노바칩의 결과는 최대 성능의 약 97%에 이른다.", "97%"),
            Some("최대 성능".into())
        );
        assert_eq!(
            measured("노바-2는 실제 처리 속도 대비 2배다.", "2배"),
            Some("실제 처리 속도".into())
        );
    }

    #[test]
    fn a_share_of_a_name_or_a_time_is_no_measure() {
        assert_eq!(measured("노바-2는 노바-1 대비 31% 빠르다.", "31%"), None);
        assert_eq!(measured("매출은 전년 대비 31% 늘었다.", "31%"), None);
        assert_eq!(measured("노바-2의 31%가 응답했다.", "31%"), None);
    }

    fn after(sentence: &str, value: &str) -> Option<String> {
        let end = sentence.find(value).expect("value in sentence") + value.len();
        measure_after(sentence, end).map(|(s, e)| sentence[s..e].to_string())
    }

    #[test]
    fn a_measure_after_its_value_names_it() {
        assert_eq!(
            after("노바-2는 40% 향상된 성능을 보였다.", "40%"),
            Some("성능".into())
        );
        assert_eq!(
            after("노바-2는 2배 더 빠른 속도로 답한다.", "2배"),
            Some("속도".into())
        );
        assert_eq!(
            after("노바-2는 8B의 24% 크기임에도 강하다.", "24%"),
            Some("크기".into())
        );
        assert_eq!(after("노바-2는 81.2%의 성능을 보였다.", "81.2%"), None);
        assert_eq!(after("노바-2는 40% 늘어난 사용자를 모았다.", "40%"), None);
        assert_eq!(after("노바-2는 40% 성장했다.", "40%"), None);
        assert_eq!(after("노바-2는 3배 가볍지만 성능은 높다.", "3배"), None);
        assert_eq!(after("노바-2는 7B 크기의 모델이다.", "7B"), None);
    }

    #[test]
    fn a_ratio_measures_the_noun_it_is_of() {
        let noun = |s: &str, v: &str| {
            let end = s.find(v).expect("value") + v.len();
            ratio_noun(s, end).map(|(a, b)| s[a..b].to_string())
        };
        assert_eq!(
            noun("Nova-2 offers up to 4x the performance of Nova-1.", "4x"),
            Some("performance".into())
        );
        assert_eq!(
            noun("Nova-2 has twice the memory bandwidth of Nova-1.", "twice"),
            Some("memory bandwidth".into())
        );
        assert_eq!(
            noun("Nova-2 used 10x more compute than Nova-1.", "10x"),
            Some("compute".into())
        );
        assert_eq!(noun("Nova-2 drew 3x the number of users.", "3x"), None);
        assert_eq!(noun("Nova-2 is 3x faster than Nova-1.", "3x"), None);
    }

    #[test]
    fn the_value_a_korean_change_started_from_is_told() {
        let from = |s: &str, v: &str, to: &str| {
            let end = s.find(v).expect("value") + v.len();
            changed_from(s, end, s.find(to))
        };
        assert!(from(
            "노바-2는 지원 언어를 12개에서 40개로 늘렸다.",
            "12개",
            "40개"
        ));
        assert!(from(
            "요금은 연간 90달러에서 120달러로 인상되었습니다.",
            "90달러",
            "120달러"
        ));
        // A range is both ends' ("2.4B에서 32B까지"), and a place is no change.
        assert!(!from("노바-2는 2.4B에서 32B까지 제공된다.", "2.4B", "32B"));
        assert!(!from("노바-2는 MMLU에서 81%로 1위다.", "MMLU", "81%"));
    }

    proptest::proptest! {
        /// Any text, any offset: a range after the offset, on character boundaries; never a
        /// panic.
        #[test]
        fn any_ratio_end_reads_without_panic(text in "(?s)[ a-z0-9x-]{0,40}|.{0,80}", end in 0usize..160) {
            if let Some((s, e)) = ratio_noun(&text, end) {
                proptest::prop_assert!(end < s && s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }

        #[test]
        fn any_change_reads_without_panic(
            text in "(?s)[ 가-힣0-9개에서로늘%]{0,40}|.{0,80}",
            end in 0usize..160,
            next in 0usize..160,
        ) {
            let _ = changed_from(&text, end, Some(next));
        }

        #[test]
        fn any_end_reads_without_panic(
            text in "(?s)[ 가-힣의더성능속도크기0-9%]{0,40}|.{0,80}",
            end in 0usize..160,
        ) {
            if let Some((s, e)) = measure_after(&text, end) {
                proptest::prop_assert!(end < s && s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }

        /// Any text, any offset: a range inside the text, on character boundaries, before the
        /// offset; never a panic.
        #[test]
        fn any_offset_reads_without_panic(
            text in "(?s)[ 가-힣의대비성능속도최이론상0-9%]{0,40}|.{0,80}",
            at in 0usize..160,
        ) {
            if let Some((s, e)) = measure_against(&text, at) {
                proptest::prop_assert!(s < e && e <= at && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }
}
