//! Whether a translation says what its source sentence says, as far as a reader could check it:
//! every number (amounts, dates, percentages — "$7.5 million" is "750만 달러", 1억 5천만 is
//! 150,000,000) and every name or identifier written in Latin letters survives, and the
//! translation adds no number and no such name. A translation that fails shows the original
//! sentence instead. Meaning beyond these anchors is not checked here; the anchors are what a
//! summary's trust rests on.

use std::ops::Range;

use crate::summarize::numbers::{self, contains};

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Empty,
    /// The answer is not in the target language (the model echoed the source).
    NotTranslated,
    /// Far longer than its source: the model went on writing.
    TooLong,
    /// The same words three times or more, which the source does not repeat: the model looped.
    Loops(String),
    /// Words of the instructions the sentence does not have: the model gave its prompt back.
    EchoesInstructions(String),
    MissingNumber(String),
    AddedNumber(String),
    MissingName(String),
    AddedName(String),
    /// The model dropped the token standing for this piece of the source (`placeholders`).
    PlaceholderMissing(String),
    /// … or wrote it more than once.
    PlaceholderRepeated(String),
    /// … or wrote a token that is not one it was given, or a brace that is not a token.
    PlaceholderAltered(String),
    /// A glossary term of the source (first) did not come out as its entry (second).
    GlossaryTerm(String, String),
    /// The model wrote a Korean unit after an amount's placeholder ("{1} 만" would read
    /// "$2 만", twenty thousand dollars).
    UnitAfterPlaceholder(String),
    /// The numbers and names are kept but the meaning is not (`meaning`).
    Meaning(super::meaning::Disagreement),
}

impl Problem {
    pub fn describe(&self) -> String {
        match self {
            Problem::Empty => "empty translation".into(),
            Problem::NotTranslated => "not in the target language".into(),
            Problem::TooLong => "much longer than the source".into(),
            Problem::Loops(words) => format!("repeats \"{words}\" over and over"),
            Problem::EchoesInstructions(words) => {
                format!("gives the instructions back (\"{words}\")")
            }
            Problem::MissingNumber(n) => format!("drops the number {n}"),
            Problem::AddedNumber(n) => format!("adds the number {n}"),
            Problem::MissingName(n) => format!("drops the name {n}"),
            Problem::AddedName(n) => format!("adds the name {n}"),
            Problem::PlaceholderMissing(p) => format!("drops the placeholder for {p}"),
            Problem::PlaceholderRepeated(p) => format!("repeats the placeholder for {p}"),
            Problem::PlaceholderAltered(t) => format!("alters a placeholder ({t})"),
            Problem::UnitAfterPlaceholder(p) => format!("writes a Korean unit after {p}"),
            Problem::GlossaryTerm(term, entry) => {
                format!("translates the glossary term {term} otherwise than {entry}")
            }
            Problem::Meaning(d) => d.describe(),
        }
    }
}

/// Checks `translation` (in `target`, "ko" or "en") against its `source` sentence. Every
/// problem is listed, so evaluation can say what went wrong.
pub fn check(source: &str, translation: &str, target: &str) -> Vec<Problem> {
    check_restored(source, translation, translation, target, &[])
}

/// `check` of a translation whose names and amounts were put back from placeholders:
/// `written` is the model's answer with its tokens, on which alone the language is judged (a
/// Korean sentence with "$12 million" and "Northfield" restored is still Korean), and a name
/// inside one of the `terms` (byte ranges of `source`) need not survive: those are glossary
/// terms, which must come out as their entry instead.
pub fn check_restored(
    source: &str,
    translation: &str,
    written: &str,
    target: &str,
    terms: &[Range<usize>],
) -> Vec<Problem> {
    let translation = translation.trim();
    if translation.is_empty() {
        return vec![Problem::Empty];
    }
    let mut problems = Vec::new();
    let hangul = |s: &str| s.chars().filter(|c| is_hangul(*c)).count();
    let latin = |s: &str| s.chars().filter(char::is_ascii_alphabetic).count();
    let in_target = match target {
        "ko" => hangul(written) * 3 >= latin(written).min(hangul(written) * 3 + 1),
        _ => hangul(written) == 0,
    };
    if !in_target || translation == source.trim() {
        problems.push(Problem::NotTranslated);
    }
    if translation.chars().count() > 4 * source.chars().count().max(20) {
        problems.push(Problem::TooLong);
    }
    problems.extend(form_problems(source, translation));
    let from = numbers_with_months(source);
    let to = numbers::numbers(translation);
    // "three models" is 세 모델 in Korean: a native numeral keeps a number, though it is not
    // read as one where a number is added (두 모델 also says "both models").
    let mut kept = to.clone();
    if target == "ko" {
        kept.extend(native_numerals(translation));
    }
    for n in numbers::numbers(source) {
        if !contains(&kept, n) {
            problems.push(Problem::MissingNumber(show(n)));
        }
    }
    for n in &to {
        if !contains(&from, *n) {
            problems.push(Problem::AddedNumber(show(*n)));
        }
    }

    let lower_translation = translation.to_lowercase();
    // A month is kept by its name or its number (February 14 → 2월 14일).
    for month in months(source) {
        let name = crate::claims::parts::MONTHS[month - 1];
        if !lower_translation.contains(name) && !contains(&to, month as f64) {
            problems.push(Problem::MissingNumber(format!("{month} ({name})")));
        }
    }
    let mut required: Vec<&str> = Vec::new();
    for span in name_spans(source) {
        let in_term = terms
            .iter()
            .any(|t| t.start < span.end && span.start < t.end);
        match source.get(span) {
            Some(name) if !in_term && !required.contains(&name) => required.push(name),
            _ => {}
        }
    }
    for name in required.into_iter().filter(|n| month_number(n).is_none()) {
        if !lower_translation.contains(&name.to_lowercase()) {
            problems.push(Problem::MissingName(name.to_string()));
        }
    }
    let lower_source = source.to_lowercase();
    // Into Korean every Latin name must come from the source; into English only identifiers
    // (GPT-5, 80GB) can be checked: a Korean source writes company names in Hangul (구글).
    for name in names(translation) {
        let checkable = target == "ko" || name.chars().any(|c| c.is_ascii_digit());
        if checkable && !lower_source.contains(&name.to_lowercase()) {
            problems.push(Problem::AddedName(name.to_string()));
        }
    }
    problems.dedup();
    problems
}

/// Characters that write a number other than ASCII digits (full-width ４, ⅓, ², ①, Ⅳ): kept
/// out with the digits, or a model barred from digits writes "about ⅓" for 40 %.
pub const OTHER_NUMBER_CHARS: &[(char, char)] = &[
    ('\u{00B2}', '\u{00B3}'),
    ('\u{00B9}', '\u{00B9}'),
    ('\u{00BC}', '\u{00BE}'),
    ('\u{2070}', '\u{2079}'),
    ('\u{2080}', '\u{2089}'),
    ('\u{2150}', '\u{218B}'),
    ('\u{2460}', '\u{24FF}'),
    ('\u{2776}', '\u{2793}'),
    ('\u{3007}', '\u{3007}'),
    ('\u{3021}', '\u{3029}'),
    ('\u{3220}', '\u{3229}'),
    ('\u{3280}', '\u{3289}'),
    ('\u{FF10}', '\u{FF19}'),
];

/// A digit or another character that writes a number.
pub fn writes_number(c: char) -> bool {
    c.is_ascii_digit()
        || OTHER_NUMBER_CHARS
            .iter()
            .any(|&(a, b)| (a..=b).contains(&c))
}

/// What the checks refuse that translations stored before them were not checked for (the
/// digest applies these again): an answer that loops, and a number the reader cannot read
/// ("about ⅓" for 40 %), which is one added all the same.
pub fn form_problems(source: &str, translation: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(words) = looped(translation, source) {
        problems.push(Problem::Loops(words));
    }
    if let Some(c) = translation
        .chars()
        .find(|&c| !c.is_ascii_digit() && writes_number(c) && !source.contains(c))
    {
        problems.push(Problem::AddedNumber(c.to_string()));
    }
    problems
}

/// The values of the Korean native numerals written as words of their own (세 모델, 두 가지).
fn native_numerals(text: &str) -> Vec<f64> {
    const NUMERALS: &[(&str, f64)] = &[
        ("두", 2.0),
        ("둘", 2.0),
        ("세", 3.0),
        ("셋", 3.0),
        ("네", 4.0),
        ("넷", 4.0),
        ("다섯", 5.0),
        ("여섯", 6.0),
        ("일곱", 7.0),
        ("여덟", 8.0),
        ("아홉", 9.0),
        ("열", 10.0),
        ("열두", 12.0),
    ];
    text.split_whitespace()
        .filter_map(|w| NUMERALS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v))
        .collect()
}

/// Three words in a row that `translation` writes three times or more and `source` does not.
fn looped(translation: &str, source: &str) -> Option<String> {
    let words: Vec<&str> = translation.split_whitespace().collect();
    let mut counts: std::collections::HashMap<&[&str], usize> = std::collections::HashMap::new();
    for window in words.windows(3) {
        let n = counts.entry(window).or_insert(0);
        *n += 1;
        if *n == 3 {
            let phrase = window.join(" ");
            if source.matches(&phrase).count() < 3 {
                return Some(phrase);
            }
        }
    }
    None
}

/// The source's numbers plus the month number of every month it names: "February 14, 2026"
/// is written 2026년 2월 14일 in Korean.
fn numbers_with_months(source: &str) -> Vec<f64> {
    let mut out = numbers::numbers(source);
    out.extend(months(source).into_iter().map(|m| m as f64));
    out
}

/// 1–12 when `word` is an English month name.
pub fn month_number(word: &str) -> Option<usize> {
    let lower = word.to_lowercase();
    crate::claims::parts::MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i + 1)
}

/// The month `word` names as English writes one, capitalised: "may" and "march" are a verb.
pub fn month_in(word: &str) -> Option<usize> {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| month_number(word))
        .flatten()
}

/// The months `text` names, by number.
fn months(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = numbers::words(text)
        .into_iter()
        .filter_map(month_in)
        .collect();
    out.dedup();
    out
}

fn show(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Words in Latin letters that name something: mixing letters and digits (GPT-5, 80GB, H100),
/// with a capital after the first letter (DeepMind, MXFP4), or capitalised where the sentence
/// does not start (Google, Lyria). The Latin part of a word with a Korean particle (Google은)
/// is the name. In a headline in title case ("Diagnose Why Enterprise Agents Fail") capitals
/// say nothing, so only the first two kinds count there.
fn names(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for span in name_spans(text) {
        if let Some(name) = text.get(span) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// Where `names` finds each name, every occurrence, as byte ranges of `text` itself (the
/// placeholders mask exactly what this check will ask the translation to keep).
pub(crate) fn name_spans(text: &str) -> Vec<Range<usize>> {
    let title_case = is_title_case(text);
    let mut out = Vec::new();
    let base = text.as_ptr() as usize;
    let mut last_end = 0;
    for w in numbers::words(text) {
        // `words` returns slices of `text` itself, so these offsets index `text`.
        let start = w.as_ptr() as usize - base;
        let between = text.get(last_end..start).unwrap_or("");
        let starts = last_end == 0 || between.contains(['.', '!', '?', '\n']);
        last_end = start + w.len();
        let latin_end = w
            .char_indices()
            .find(|(_, c)| is_hangul(*c))
            .map_or(w.len(), |(i, _)| i);
        let name = w[..latin_end].trim_end_matches(['.', ',', '-', '\'', '%']);
        let first = name.chars().next();
        let Some(first) = first.filter(|c| c.is_ascii_alphabetic()) else {
            continue;
        };
        if name.chars().count() < 2 || !name.is_ascii() {
            continue;
        }
        let digit = name.chars().any(|c| c.is_ascii_digit());
        let inner_capital = name.chars().skip(1).any(|c| c.is_ascii_uppercase());
        let capital = first.is_ascii_uppercase() && !starts && !title_case;
        // "ggml", "vllm", "mlx": a lowercase word with no vowel is no English word but a
        // project's name, which a model otherwise reads as a word ("ggml" became "그만").
        let vowelless = name.len() >= 3
            && name.chars().all(|c| c.is_ascii_lowercase())
            && !name.chars().any(|c| "aeiouy".contains(c))
            // Units and abbreviations a translation writes its own way ("60 mph" → 시속 60마일).
            && !VOWELLESS_UNITS.contains(&name);
        if digit || inner_capital || capital || vowelless {
            // `name` is a prefix of `w`, which starts at `start`.
            out.push(start..start + name.len());
        }
    }
    out
}

const VOWELLESS_UNITS: &[&str] = &[
    "mph", "hrs", "lbs", "bps", "kbps", "mbps", "gbps", "tbps", "kwh", "mwh", "gwh", "twh", "mln",
    "bln", "qps", "rps", "fps", "tps", "pts", "pcs", "nth", "hmm",
];

/// Most of its Latin words (at least three, short function words aside) capitalised.
fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = numbers::words(text)
        .into_iter()
        .filter(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .count();
    words.len() >= 3 && capitalised * 4 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "OpenAI committed $7.5 million to The Alignment Project, with grants from £50,000 to £1 million.";

    #[test]
    fn a_native_korean_numeral_keeps_the_number() {
        let source = "The team annotated traces from three models and two benchmarks.";
        assert_eq!(
            check(
                source,
                "팀은 세 모델과 두 벤치마크의 트레이스를 주석했다.",
                "ko"
            ),
            vec![]
        );
        assert_eq!(
            check(source, "팀은 모델과 벤치마크의 트레이스를 주석했다.", "ko"),
            vec![
                Problem::MissingNumber("3".into()),
                Problem::MissingNumber("2".into())
            ]
        );
        assert_eq!(
            check("Both models were released.", "두 모델이 공개됐다.", "ko"),
            vec![],
            "a numeral is never an added number"
        );
    }

    #[test]
    fn a_number_written_in_other_characters_is_an_added_number() {
        let source = "About 40% of the training corpus is model-generated.";
        assert_eq!(
            check(source, "훈련 코퍼스의 약 ⅓은 모델이 생성했다.", "ko"),
            vec![
                Problem::AddedNumber("⅓".into()),
                Problem::MissingNumber("40".into())
            ]
        );
    }

    #[test]
    fn may_and_march_are_months_only_capitalised() {
        assert_eq!(
            check(
                "The model may ship soon.",
                "모델이 곧 출시될 수 있다.",
                "ko"
            ),
            vec![]
        );
        assert_eq!(
            check("It ships in May.", "곧 출시된다.", "ko"),
            vec![Problem::MissingNumber("5 (may)".into())]
        );
    }

    #[test]
    fn a_translation_that_loops_is_refused() {
        let source = "No red teamer found a universal jailbreak across most target queries.";
        let looped = "레드팀은 해바라기와 같은 레드팀의 해바라기와 같은 레드팀의 해바라기와 같은 레드팀의 해바라기와 같은 결과를 찾지 못했다.";
        assert!(
            check(source, looped, "ko")
                .iter()
                .any(|p| matches!(p, Problem::Loops(_))),
            "{:?}",
            check(source, looped, "ko")
        );
        let twice = "레드팀은 같은 질문을 두 번, 같은 질문을 두 번 던졌다.";
        assert!(!check(source, twice, "ko")
            .iter()
            .any(|p| matches!(p, Problem::Loops(_))));
    }

    #[test]
    fn a_faithful_korean_translation_passes() {
        let ko = "OpenAI는 The Alignment Project에 750만 달러를 약정했으며, 보조금은 5만 파운드에서 100만 파운드까지입니다.";
        assert_eq!(check(SOURCE, ko, "ko"), vec![]);
    }

    #[test]
    fn a_dropped_number_is_caught() {
        let ko = "OpenAI는 The Alignment Project에 750만 달러를 약정했으며, 보조금은 최대 100만 파운드입니다.";
        assert_eq!(
            check(SOURCE, ko, "ko"),
            vec![Problem::MissingNumber("50000".into())]
        );
    }

    #[test]
    fn a_changed_amount_is_caught_both_ways() {
        let ko = "OpenAI는 The Alignment Project에 7500만 달러를 약정했으며, 보조금은 5만 파운드에서 100만 파운드까지입니다.";
        let p = check(SOURCE, ko, "ko");
        assert!(
            p.contains(&Problem::MissingNumber("7500000".into())),
            "{p:?}"
        );
        assert!(
            p.contains(&Problem::AddedNumber("75000000".into())),
            "{p:?}"
        );
    }

    #[test]
    fn an_added_name_is_caught() {
        let ko = "OpenAI와 Microsoft는 The Alignment Project에 750만 달러를 약정했으며, 보조금은 5만 파운드에서 100만 파운드까지입니다.";
        assert_eq!(
            check(SOURCE, ko, "ko"),
            vec![Problem::AddedName("Microsoft".into())]
        );
    }

    #[test]
    fn a_dropped_name_is_caught() {
        let ko = "오픈AI는 The Alignment Project에 750만 달러를 약정했으며, 보조금은 5만 파운드에서 100만 파운드까지입니다.";
        assert_eq!(
            check(SOURCE, ko, "ko"),
            vec![Problem::MissingName("OpenAI".into())]
        );
    }

    #[test]
    fn korean_unit_forms_are_read_as_numbers() {
        let source = "The fund totals 150,000,000 won.";
        assert_eq!(check(source, "기금은 총 1억 5천만 원입니다.", "ko"), vec![]);
        assert_eq!(
            check(source, "기금은 총 1억 5천 원입니다.", "ko"),
            vec![
                Problem::MissingNumber("150000000".into()),
                Problem::AddedNumber("100005000".into())
            ]
        );
    }

    #[test]
    fn dates_may_be_written_with_the_month_number() {
        let source = "The attempts were first shared on February 14, 2026.";
        assert_eq!(
            check(
                source,
                "이 시도는 2026년 2월 14일에 처음 공개되었습니다.",
                "ko"
            ),
            vec![]
        );
    }

    #[test]
    fn a_title_case_headline_needs_its_real_names_only() {
        let title =
            "IBM and UC Berkeley Diagnose Why Enterprise Agents Fail Using IT-Bench and MAST";
        let ko = "IBM과 UC 버클리, IT-Bench와 MAST로 기업용 에이전트 실패 원인 진단";
        assert_eq!(check(title, ko, "ko"), vec![]);
        let dropped = "IBM과 UC 버클리, 기업용 에이전트 실패 원인 진단";
        assert_eq!(
            check(title, dropped, "ko"),
            vec![
                Problem::MissingName("IT-Bench".into()),
                Problem::MissingName("MAST".into())
            ]
        );
    }

    #[test]
    fn an_echo_or_a_ramble_is_not_a_translation() {
        assert_eq!(check(SOURCE, SOURCE, "ko"), vec![Problem::NotTranslated]);
        assert_eq!(check(SOURCE, "  ", "ko"), vec![Problem::Empty]);
        let long = "긴 문장입니다. ".repeat(80);
        assert!(check("Short.", &long, "ko").contains(&Problem::TooLong));
    }

    #[test]
    fn korean_into_english_checks_numbers_and_identifiers() {
        let source = "LG AI연구원은 엑사원 4.0을 공개했다. 320억 개 매개변수 모델이다.";
        let en = "LG AI Research released EXAONE 4.0. It is a 32 billion parameter model.";
        assert_eq!(check(source, en, "en"), vec![]);
        let wrong =
            "LG AI Research released EXAONE 4.0 and GPT-5. It is a 32 billion parameter model.";
        assert_eq!(
            check(source, wrong, "en"),
            vec![Problem::AddedName("GPT-5".into())]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_pair_is_checked_without_panicking(
            source in proptest::prelude::any::<String>(),
            translation in proptest::prelude::any::<String>(),
        ) {
            let _ = check(&source, &translation, "ko");
            let _ = check(&source, &translation, "en");
            let _ = form_problems(&source, &translation);
        }
    }
}
