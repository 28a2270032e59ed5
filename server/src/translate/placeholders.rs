//! Placeholders: what a small model garbles most — numbers, amounts, dates' numbers, names,
//! URLs and code identifiers — never reaches it. Each is replaced by a numbered token (`{1}`,
//! `{2}`, …) before the sentence is sent and put back from the original text after, so "$10
//! billion" cannot come back as 10억 달러 nor "Gemini 3 Pro" as 그린미니 3 프로. A token the model
//! dropped, repeated or altered refuses the translation (the page shows the original, as for
//! any refused one); the anchors check still runs on the restored text.
//!
//! Every span is found on the sentence itself and cut from it; nothing is sliced with an
//! offset from a transformed copy. Braces in the sentence are always inside a masked piece, so
//! the masked text holds no brace but its tokens, and restoring an unchanged masked text gives
//! the sentence back exactly.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::check::{self, Problem};
use crate::claims::entities::{lexicon, EntityKind};
use crate::summarize::numbers;

/// A sentence with its pieces replaced by tokens, and the pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Masked {
    /// What the model is given.
    pub text: String,
    /// The original text of token `{i}` at index `i - 1`.
    pub slots: Vec<String>,
    /// A date slot's Korean form ("February 14, 2026" → "2026년 2월 14일"), put back instead
    /// of the English one in a Korean translation.
    korean: Vec<Option<String>>,
    /// A Korean amount's English form ("320억" → "32 billion") or a Hangul model name's
    /// Latin one ("엑사원 4.0" → "EXAONE 4.0"), put back instead in an English translation: a
    /// small model reads 320억 as 320 billion and 엑사원 as "engineer".
    english: Vec<Option<String>>,
}

/// The token standing for slot `index` (0-based) in the masked text.
pub(super) fn token(index: usize) -> String {
    format!("{{{}}}", index + 1)
}

/// The slot (0-based) of the token that starts `text`, written exactly as `token` writes it
/// ({01} is not {1}) and one of the first `slots`, with the token's length in bytes.
pub(super) fn slot_at(text: &str, slots: usize) -> Option<(usize, usize)> {
    let (digits, len) = read_token(text)?;
    let i = digits
        .parse::<usize>()
        .ok()
        .filter(|i| (1..=slots).contains(i))?;
    (token(i - 1) == text[..len]).then_some((i - 1, len))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A name, identifier, URL or code: adjacent numbers belong to it ("Gemini 3 Pro").
    Name,
    Number,
    /// A brace of the sentence itself: always masked, so braces in the masked text are tokens.
    Brace,
    /// A number written with Korean units (320억, 1억 5천만): a piece that holds Hangul,
    /// masked only when it has an English form.
    KoreanAmount,
    /// A model or maker name written in Hangul ("엑사원 4.0", "딥시크-V3", "엔비디아"): masked
    /// only when the entity lists give its Latin name, which an English translation gets
    /// instead.
    KoreanName,
}

#[derive(Debug, Clone)]
struct Span {
    range: Range<usize>,
    kind: Kind,
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'`{}]+"#).expect("URL pattern"));

/// Code: in backticks, or a word joined by `_`, `::`, `/` or dots (llama.cpp, ggml.ai,
/// torch.compile, snake_case), with a call's `()`.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"`[^`\n{}]+`|\b[A-Za-z_][A-Za-z0-9_]*(?:(?:::|[._/])[A-Za-z0-9_]+)+(?:\(\))?|\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*",
    )
    .expect("code pattern")
});

/// An amount, a count, a percentage or a size: "$7.5 million", "£50,000", "91.9%", "80GB",
/// "720p", "200k", "17 billion".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:US\$|[$£€¥₩])?\d+(?:,\d{3})*(?:\.\d+)?(?:[A-Za-z]+\b|\s?%|\s(?:percent|thousand|million|billion|trillion)\b)?",
    )
    .expect("number pattern")
});

/// A number with Korean units written onto it, groups falling in scale: "320억", "26만", "1억
/// 5천만", "1조 2천억". A unit a space away ("15 만") is left to the model and the check.
static KOREAN_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+(?:,\d{3})*(?:\.\d+)?[십백천]?[만억조]?(?:\s?\d+(?:,\d{3})*(?:\.\d+)?[십백천]?[만억조]?)*")
        .expect("Korean amount pattern")
});

/// The English form of a piece that is exactly a number with Korean units: "32 billion",
/// "1.2 billion", "260,000". None when it has no unit or a value too odd to write plainly.
fn english_amount(piece: &str) -> Option<String> {
    if !piece.chars().any(|c| "십백천만억조".contains(c)) {
        return None;
    }
    let [value] = numbers::numbers(piece)[..] else {
        return None;
    };
    if !(1.0..1e16).contains(&value) {
        return None;
    }
    let (scaled, word) = [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")]
        .into_iter()
        .find(|(scale, _)| value >= *scale)
        .map_or((value, ""), |(scale, word)| (value / scale, word));
    let text = if word.is_empty() {
        if value.fract() != 0.0 {
            return None;
        }
        with_thousands(value as u64)
    } else {
        let fixed = format!("{scaled:.3}");
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    // What is written must read back as the same value, or it is not written at all.
    let written = format!("{text}{word}");
    (numbers::numbers(&written) == [value]).then_some(written)
}

fn with_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTH: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// A date with its month's name: "February 14, 2026", "14 February 2026", "February 14",
/// "February 2026". One piece, so the model cannot take its day for its month.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})(?:,?\s+(?P<y2>\d{{4}}))?|(?P<m3>{MONTH}),?\s+(?P<y3>\d{{4}}))\b"
    ))
    .expect("date pattern")
});

/// The Korean form of a piece that is exactly a date: year 년, month 월, day 일.
fn korean_date(piece: &str) -> Option<String> {
    let c = DATE.captures(piece)?;
    if c.get(0)?.range() != (0..piece.len()) {
        return None;
    }
    let month_name = c.name("m1").or(c.name("m2")).or(c.name("m3"))?.as_str();
    let month = check::month_number(month_name)?;
    let day = c.name("d1").or(c.name("d2")).map(|d| d.as_str());
    let year = c
        .name("y1")
        .or(c.name("y2"))
        .or(c.name("y3"))
        .map(|y| y.as_str());
    let day = match day {
        Some(d) => {
            let d: u32 = d.parse().ok()?;
            if !(1..=31).contains(&d) {
                return None;
            }
            Some(d)
        }
        None => None,
    };
    let mut out = String::new();
    if let Some(y) = year {
        out.push_str(y);
        out.push_str("년 ");
    }
    out.push_str(&format!("{month}월"));
    if let Some(d) = day {
        out.push_str(&format!(" {d}일"));
    }
    Some(out)
}

/// Words that start a sentence without being part of a name after them ("The" in "The 120b
/// model", "In" in "In Gemini 3").
const NOT_NAMES: &[&str] = &[
    "A", "About", "After", "All", "Almost", "Also", "An", "And", "Around", "As", "At", "Before",
    "But", "By", "Each", "Every", "For", "From", "Here", "In", "Into", "Its", "It", "Just", "Less",
    "More", "Nearly", "Now", "Of", "On", "Only", "Or", "Our", "Over", "Since", "Some", "The",
    "Their", "There", "These", "They", "This", "That", "Those", "To", "Today", "Under", "Until",
    "Up", "We", "With", "When", "While",
];

/// Acronyms both languages' press write as ordinary words ("AI 모델", "LLM 기반"). Masked, a
/// small model reading Korean drops them from its English ("하이브리드 {3} 모델" → "the hybrid
/// model"); left in the sentence it writes them as they are, and the anchors check still
/// wants each one kept.
const COMMON_ACRONYMS: &[&str] = &[
    "AI", "AGI", "API", "APIs", "CPU", "CPUs", "GPU", "GPUs", "IT", "LLM", "LLMs", "ML", "NPU",
    "NPUs", "SDK",
];

/// Where `sentence` writes one of the `COMMON_ACRONYMS` as a name of its own (the ranges the
/// check reads as names), for `mask`'s `keep`.
pub fn common_acronyms(sentence: &str) -> Vec<Range<usize>> {
    check::name_spans(sentence)
        .into_iter()
        .filter(|r| {
            sentence
                .get(r.clone())
                .is_some_and(|w| COMMON_ACRONYMS.contains(&w))
        })
        .collect()
}

/// Replaces the pieces of `sentence` a model must not touch by numbered tokens. `keep` are
/// byte ranges of `sentence` left for the model (glossary terms, translated by their entry);
/// a piece overlapping one is not masked.
pub fn mask(sentence: &str, keep: &[Range<usize>]) -> Masked {
    let spans = merged(sentence, keep);
    let mut text = String::with_capacity(sentence.len());
    let mut slots = Vec::with_capacity(spans.len());
    let mut korean = Vec::with_capacity(spans.len());
    let mut english = Vec::with_capacity(spans.len());
    let mut last = 0;
    for span in spans {
        // Every range is on character boundaries of `sentence` (regex matches and unions of
        // them); `get` keeps that from ever being a panic.
        let (Some(before), Some(piece)) = (
            sentence.get(last..span.range.start),
            sentence.get(span.range.clone()),
        ) else {
            continue;
        };
        text.push_str(before);
        text.push_str(&token(slots.len()));
        slots.push(piece.to_string());
        korean.push(korean_date(piece));
        english.push(match span.kind {
            Kind::KoreanName => lexicon().latin(piece),
            _ => english_amount(piece),
        });
        last = span.range.end;
    }
    text.push_str(sentence.get(last..).unwrap_or(""));
    Masked {
        text,
        slots,
        korean,
        english,
    }
}

impl Masked {
    /// The model's answer with every token replaced by its original piece, or what is wrong
    /// with its tokens: one dropped, repeated, unknown or altered (a brace that is not a
    /// whole token) refuses the translation.
    pub fn unmask(&self, answer: &str) -> Result<String, Vec<Problem>> {
        self.put_back(answer, |i| &self.slots[i])
    }

    /// The token standing for `piece` (a slot's original text), as the model was given it.
    pub fn token_of(&self, piece: &str) -> Option<String> {
        self.slots.iter().position(|s| s == piece).map(token)
    }

    /// `unmask` for a translation into `to`: into Korean a date is written the Korean way
    /// (2026년 2월 14일), into English an amount with Korean units the English way (32
    /// billion); the check reads either as the same value.
    pub fn restore(&self, answer: &str, to: &str) -> Result<String, Vec<Problem>> {
        self.put_back(answer, |i| match (to, &self.korean[i], &self.english[i]) {
            ("ko", Some(date), _) => date,
            ("en", _, Some(amount)) => amount,
            _ => &self.slots[i],
        })
    }

    fn put_back<'a>(
        &'a self,
        answer: &str,
        piece: impl Fn(usize) -> &'a str,
    ) -> Result<String, Vec<Problem>> {
        let mut out = String::with_capacity(answer.len());
        let mut seen = vec![0usize; self.slots.len()];
        let mut problems = Vec::new();
        let mut rest = answer;
        while let Some(open) = rest.find(['{', '}']) {
            out.push_str(&rest[..open]);
            let after = &rest[open..];
            match read_token(after) {
                Some((_, len)) => {
                    match slot_at(after, self.slots.len()) {
                        Some((i, _)) => {
                            seen[i] += 1;
                            out.push_str(piece(i));
                        }
                        None => {
                            problems.push(Problem::PlaceholderAltered(after[..len].to_string()))
                        }
                    }
                    rest = &after[len..];
                }
                None => {
                    let c = after.chars().next().unwrap_or('{');
                    problems.push(Problem::PlaceholderAltered(c.to_string()));
                    rest = &after[c.len_utf8()..];
                }
            }
        }
        out.push_str(rest);
        for (i, n) in seen.iter().enumerate() {
            match n {
                0 => problems.push(Problem::PlaceholderMissing(self.slots[i].clone())),
                1 => {}
                _ => problems.push(Problem::PlaceholderRepeated(self.slots[i].clone())),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

/// The pieces after whose token `answer` writes a Korean number unit (만, 억, …) that the
/// masked source did not have there: "{1} 만의 입력 토큰당" for "$2 per million input tokens"
/// reads as twenty thousand dollars once "$2" is put back.
pub fn units_after_tokens(masked: &Masked, answer: &str) -> Vec<String> {
    static UNIT_AFTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{(\d{1,6})\}\s*[십백천만억조]").expect("unit pattern"));
    let in_source: Vec<&str> = UNIT_AFTER
        .captures_iter(&masked.text)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    let mut out = Vec::new();
    for c in UNIT_AFTER.captures_iter(answer) {
        let Some(digits) = c.get(1).map(|m| m.as_str()) else {
            continue;
        };
        let slot = digits
            .parse::<usize>()
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| masked.slots.get(i));
        if let Some(slot) = slot {
            if !in_source.contains(&digits)
                && slot.chars().any(|c| c.is_ascii_digit())
                && !out.contains(slot)
            {
                out.push(slot.clone());
            }
        }
    }
    out
}

/// The tokens of a masked text, in order of their number.
pub fn tokens(masked: &str) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut rest = masked;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        match read_token(after) {
            Some((digits, len)) => {
                if let Ok(i) = digits.parse::<usize>() {
                    out.push((i, after[..len].to_string()));
                }
                rest = &after[len..];
            }
            None => rest = &after[1..],
        }
    }
    out.sort();
    out.dedup();
    out.into_iter().map(|(_, t)| t).collect()
}

/// `{digits}` at the start of `text`: the digits and the token's length in bytes.
fn read_token(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix('{')?;
    let digits_len = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 || digits_len > 6 || inner.as_bytes().get(digits_len) != Some(&b'}') {
        return None;
    }
    Some((&inner[..digits_len], digits_len + 2))
}

/// The pieces to mask, in order, without overlaps.
fn merged(sentence: &str, keep: &[Range<usize>]) -> Vec<Span> {
    let overlaps = |r: &Range<usize>| keep.iter().any(|k| k.start < r.end && r.start < k.end);
    // A Hangul name holding a kept range whole ("LG AI연구원" holds the acronym AI) is still one
    // name; one that cuts a kept range is not masked.
    let crosses = |r: &Range<usize>| {
        keep.iter()
            .any(|k| k.start < r.end && r.start < k.end && !(r.start <= k.start && k.end <= r.end))
    };
    let has_hangul = |r: &Range<usize>| {
        sentence
            .get(r.clone())
            .is_none_or(|s| s.chars().any(is_hangul))
    };
    let mut spans: Vec<Span> = found(sentence)
        .into_iter()
        .filter(|s| {
            let written_into_korean =
                s.kind == Kind::Name && inside_korean_word(sentence, &s.range);
            let kept = if s.kind == Kind::KoreanName {
                crosses(&s.range)
            } else {
                overlaps(&s.range)
            };
            !(s.range.is_empty()
                || kept
                || (has_hangul(&s.range)
                    && !matches!(s.kind, Kind::KoreanAmount | Kind::KoreanName))
                || written_into_korean)
        })
        .collect();
    // Braces last and unconditionally: the masked text must hold none of the sentence's own.
    spans.extend(
        sentence
            .char_indices()
            .filter(|(_, c)| matches!(c, '{' | '}'))
            .map(|(i, c)| Span {
                range: i..i + c.len_utf8(),
                kind: Kind::Brace,
            }),
    );
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        if let Some(last) = out.last_mut() {
            // Overlapping or touching pieces are one; so are a name and a name or number one space after
            // it ("Gemini 3 Pro", "Amazon Web Services", "Claude Opus 4").
            let gap = sentence.get(last.range.end..span.range.start);
            let joins = span.range.start <= last.range.end
                || (last.kind == Kind::Name
                    && !matches!(
                        span.kind,
                        Kind::Brace | Kind::KoreanAmount | Kind::KoreanName
                    )
                    && gap == Some(" ")
                    && !overlaps(&(last.range.start..span.range.end)));
            if joins {
                let extends = span.range.end > last.range.end;
                last.range.end = last.range.end.max(span.range.end);
                // A Hangul name keeps its kind (and its Latin form) over what it holds.
                if span.kind == Kind::Name && (last.kind != Kind::KoreanName || extends) {
                    last.kind = Kind::Name;
                }
                continue;
            }
        }
        out.push(span);
    }
    extend_left(sentence, &mut out, keep);
    out
}

/// Endings a Korean sentence writes onto a name (Genie 3를, OpenAI의, 15일에서는 is not one).
const PARTICLES: &[&str] = &[
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "로",
    "으로",
    "에서",
    "에게",
    "까지",
    "부터",
    "보다",
    "처럼",
    "만",
    "이다",
    "이며",
    "이고",
    "과의",
    "와의",
    "에는",
    "에서는",
    "로는",
    "으로는",
    "로서",
    "으로서",
    "라는",
    "이라는",
    "이나",
    "나",
    "도의",
];

/// A name written into a Korean word (오픈AI, AI연구원): the model would have to translate a
/// word it cannot see, so it is left as it is. A particle after a name is not a word (and a
/// number takes its counter: {1}일).
fn inside_korean_word(sentence: &str, range: &Range<usize>) -> bool {
    let before = sentence
        .get(..range.start)
        .and_then(|b| b.chars().next_back());
    if before.is_some_and(is_hangul) {
        return true;
    }
    let after = sentence.get(range.end..).unwrap_or("");
    let run: &str = {
        let len: usize = after
            .chars()
            .take_while(|c| is_hangul(*c))
            .map(char::len_utf8)
            .sum();
        &after[..len]
    };
    !run.is_empty() && !PARTICLES.contains(&run)
}

/// A capitalised word just before a capitalised name or a number belongs to it ("Hugging
/// Face", "Genie 3" at the start of a sentence), unless it is a function word or a month ("The
/// 120b model", "In 2026", "March 20").
fn extend_left(sentence: &str, spans: &mut [Span], keep: &[Range<usize>]) {
    let mut floor = 0;
    for span in spans.iter_mut() {
        let start = span.range.start;
        let capitalised = sentence
            .get(start..)
            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
        let bare_number = span.kind == Kind::Number
            && sentence
                .get(span.range.clone())
                .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_digit()));
        if (span.kind == Kind::Name && capitalised) || bare_number {
            let before = sentence.get(floor..start).unwrap_or("");
            if let Some(head) = before.strip_suffix(' ') {
                let word_len = head
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_alphabetic)
                    .count();
                let word = &head[head.len() - word_len..];
                let boundary = head[..head.len() - word_len]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let new_start = start - 1 - word_len;
                if word_len >= 2
                    && boundary
                    && word.starts_with(|c: char| c.is_ascii_uppercase())
                    && !NOT_NAMES.contains(&word)
                    && check::month_number(word).is_none()
                    && !keep.iter().any(|k| k.start < start && new_start < k.end)
                {
                    span.range.start = new_start;
                    span.kind = Kind::Name;
                }
            }
        }
        floor = span.range.end;
    }
}

/// Every candidate piece, overlapping or not.
fn found(sentence: &str) -> Vec<Span> {
    let name = |range: Range<usize>| Span {
        range,
        kind: Kind::Name,
    };
    let mut out: Vec<Span> = Vec::new();
    out.extend(URL.find_iter(sentence).map(|m| {
        let trimmed = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        name(m.start()..m.start() + trimmed.len())
    }));
    out.extend(CODE.find_iter(sentence).filter_map(|m| {
        let piece = m.as_str();
        // A dotted word is code only when it is longer than an abbreviation (e.g, U.S).
        let code = piece.starts_with('`')
            || piece.contains(['_', ':', '(', '/'])
            || piece.chars().filter(|c| *c != '.').count() >= 5;
        code.then(|| name(m.range()))
    }));
    // A month is left to the model (February → 2월); the check still wants it kept.
    out.extend(
        check::name_spans(sentence)
            .into_iter()
            .filter(|r| {
                sentence
                    .get(r.clone())
                    .is_some_and(|w| check::month_number(w).is_none())
            })
            .map(name),
    );
    let lexicon = lexicon();
    for kind in [EntityKind::Model, EntityKind::Benchmark] {
        out.extend(
            lexicon
                .find(kind, sentence)
                .into_iter()
                .map(|m| name(m.start..m.end)),
        );
    }
    out.extend(vendor_spans(sentence).into_iter().map(name));
    out.extend(
        lexicon
            .family_names(sentence)
            .into_iter()
            .filter(|&(start, end)| {
                sentence
                    .get(start..end)
                    .and_then(|n| lexicon.latin(n))
                    .is_some()
            })
            .map(|(start, end)| Span {
                range: start..end,
                kind: Kind::KoreanName,
            }),
    );
    // A maker's Korean spelling as a word of its own (딥시크가, 구글 딥마인드의; not
    // 애플리케이션, nor 삼성SDS: a name of its own the spelling only starts).
    let joined_to_latin = |start: usize, end: usize| {
        let before = sentence.get(..start).and_then(|b| b.chars().next_back());
        let after = sentence.get(end..).and_then(|a| a.chars().next());
        before.is_some_and(|c| c.is_ascii_alphanumeric())
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
    };
    out.extend(
        lexicon
            .maker_spellings(sentence)
            .into_iter()
            .filter(|&(start, end)| {
                !inside_korean_word(sentence, &(start..end)) && !joined_to_latin(start, end)
            })
            .map(|(start, end)| Span {
                range: start..end,
                kind: Kind::KoreanName,
            }),
    );
    out.extend(DATE.find_iter(sentence).map(|m| Span {
        range: m.range(),
        kind: Kind::Number,
    }));
    out.extend(NUMBER.find_iter(sentence).filter_map(|m| {
        let before = sentence[..m.start()].chars().next_back();
        let after = sentence[m.end()..].chars().next();
        // Inside a word (H100, v1.2: the name is masked whole) or a Korean number (320억,
        // 1천만: read by the check in any form) the digits are not a piece of their own.
        let inside = before.is_some_and(|c| c.is_alphanumeric() || c == '.');
        let korean_unit = after.is_some_and(|c| "십백천만억조".contains(c));
        (!inside && !korean_unit).then(|| Span {
            range: m.range(),
            kind: Kind::Number,
        })
    }));
    out.extend(KOREAN_AMOUNT.find_iter(sentence).filter_map(|m| {
        // After a letter, a dot or a currency sign the digits belong to something else
        // ("$15 만" keeps its dollar: the amount is left to the model and the check).
        let before = sentence[..m.start()].chars().next_back();
        let alone = before.is_none_or(|c| c.is_whitespace() || "(['\"‘“·,~".contains(c));
        (alone && english_amount(m.as_str()).is_some()).then(|| Span {
            range: m.range(),
            kind: Kind::KoreanAmount,
        })
    }));
    out
}

/// The vendors of the lexicon's entities (OpenAI, Anthropic, Google, Meta), as whole words
/// written with their capitals, wherever they are (also at the start of a sentence).
fn vendor_spans(sentence: &str) -> Vec<Range<usize>> {
    static VENDORS: LazyLock<Option<Regex>> = LazyLock::new(|| {
        let lexicon = lexicon();
        let mut names: Vec<String> = [EntityKind::Model, EntityKind::Benchmark]
            .into_iter()
            .flat_map(|k| lexicon.entities(k).iter().filter_map(|e| e.vendor.clone()))
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        if names.is_empty() {
            return None;
        }
        let alternation: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
        Regex::new(&format!(r"\b(?:{})\b", alternation.join("|"))).ok()
    });
    VENDORS
        .as_ref()
        .map(|re| re.find_iter(sentence).map(|m| m.range()).collect())
        .unwrap_or_default()
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{3130}'..='\u{318F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slots(sentence: &str) -> Vec<String> {
        mask(sentence, &[]).slots
    }

    #[test]
    fn numbers_amounts_and_names_are_masked_whole() {
        let m = mask(
            "OpenAI committed $7.5 million to The Alignment Project, created by the UK AI Security Institute.",
            &[],
        );
        assert_eq!(m.text, "{1} committed {2} to {3}, created by the {4}.");
        assert_eq!(
            m.slots,
            [
                "OpenAI",
                "$7.5 million",
                "The Alignment Project",
                "UK AI Security Institute"
            ]
        );
        assert_eq!(
            slots("Gemini 3 Pro tops the LMArena leaderboard with a score of 1501 Elo and 91.9% on GPQA Diamond."),
            ["Gemini 3 Pro", "LMArena", "1501", "Elo", "91.9%", "GPQA Diamond"]
        );
        assert_eq!(
            slots("The 120b model fits on a single 80GB GPU."),
            ["120b", "80GB", "GPU"]
        );
        assert_eq!(
            slots("Hugging Face says ggml and llama.cpp stay open source under the MIT license."),
            ["Hugging Face", "ggml", "llama.cpp", "MIT"]
        );
    }

    #[test]
    fn a_date_is_one_piece_written_the_korean_way_in_korean() {
        let m = mask("The attempts were first shared on February 14, 2026.", &[]);
        assert_eq!(m.text, "The attempts were first shared on {1}.");
        assert_eq!(
            m.restore("시도는 {1}에 처음 공개되었다.", "ko").as_deref(),
            Ok("시도는 2026년 2월 14일에 처음 공개되었다.")
        );
        assert_eq!(
            m.restore("First shared on {1}.", "en").as_deref(),
            Ok("First shared on February 14, 2026.")
        );
        assert_eq!(korean_date("14 March"), Some("3월 14일".into()));
        assert_eq!(korean_date("May 2026"), Some("2026년 5월".into()));
        assert_eq!(korean_date("May 40"), None);
        assert_eq!(korean_date("on May 4"), None);
    }

    #[test]
    fn a_capitalised_word_before_a_number_is_its_name() {
        assert_eq!(
            slots("Genie 3 generates worlds at 720p."),
            ["Genie 3", "720p"]
        );
        assert_eq!(slots("In 2026 the 120b model ships."), ["2026", "120b"]);
    }

    #[test]
    fn a_lowercase_project_name_without_vowels_is_masked() {
        assert_eq!(
            slots("The ggml library and vllm both run the model."),
            ["ggml", "vllm"]
        );
        assert!(slots("The model runs fast on a phone.").is_empty());
        assert_eq!(slots("It reaches 60 mph."), ["60"]);
    }

    #[test]
    fn urls_and_code_are_masked() {
        assert_eq!(
            slots("Call torch.compile() or read https://example.com/a?b=1."),
            ["torch.compile()", "https://example.com/a?b=1"]
        );
        assert_eq!(slots("Set `max_tokens` to 8."), ["`max_tokens`", "8"]);
    }

    #[test]
    fn a_korean_amount_is_one_piece_written_the_english_way_in_english() {
        let m = mask(
            "엑사원 4.0은 320억 개의 매개변수를 갖춘 모델로 15일 공개됐다.",
            &[],
        );
        assert_eq!(m.slots, ["엑사원 4.0", "320억", "15"]);
        assert_eq!(
            m.text,
            "{1}은 {2} 개의 매개변수를 갖춘 모델로 {3}일 공개됐다."
        );
        assert_eq!(
            m.restore("{1} has {2} parameters, released on the {3}th.", "en"),
            Ok("EXAONE 4.0 has 32 billion parameters, released on the 15th.".to_string())
        );
        // Into Korean (never asked, but harmless) the piece is put back as written.
        assert_eq!(
            m.restore("{1} {2} {3}", "ko"),
            Ok("엑사원 4.0 320억 15".to_string())
        );
        // Hangul is never masked otherwise.
        assert_eq!(
            slots("오픈소스 모델을 새로 공개했다."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_makers_korean_spelling_is_its_latin_name_in_english_and_only_as_a_word() {
        let m = mask(
            "딥시크가 밝힌 비용은 엔비디아의 칩 2048개 분량이며, 구글 딥마인드는 답하지 않았다.",
            &[],
        );
        assert_eq!(m.slots, ["딥시크", "엔비디아", "2048", "구글 딥마인드"]);
        assert_eq!(
            m.restore(
                "{1} said the cost was {3} {2} chips; {4} did not answer.",
                "en"
            ),
            Ok(
                "DeepSeek said the cost was 2048 NVIDIA chips; Google DeepMind did not answer."
                    .to_string()
            )
        );
        // A spelling inside a longer word is that word: application, KakaoTalk, Samsung SDS.
        for word in [
            "애플리케이션을",
            "카카오톡으로",
            "인공지능구글",
            "삼성SDS가",
            "X삼성",
        ] {
            assert_eq!(
                slots(&format!("새 {word} 열었다.")),
                Vec::<String>::new(),
                "{word}"
            );
        }
        // An acronym the model is left to read, inside a maker's name, leaves the name whole.
        let s = "LG AI연구원이 모델을 공개했다.";
        let ai = s.find("AI").expect("AI");
        let m = mask(
            s,
            &[Range {
                start: ai,
                end: ai + 2,
            }],
        );
        assert_eq!(m.slots, ["LG AI연구원"]);
        assert_eq!(
            m.restore("{1} released a model.", "en"),
            Ok("LG AI Research released a model.".into())
        );
        // A kept range the name only cuts into leaves the name to the model.
        assert_eq!(
            mask(
                "삼성전자는 모델을 공개했다.",
                &[Range { start: 9, end: 15 }]
            )
            .slots,
            Vec::<String>::new()
        );
    }

    #[test]
    fn korean_amounts_read_back_as_the_same_value() {
        for (piece, english) in [
            ("320억", "32 billion"),
            ("12억", "1.2 billion"),
            ("26만", "260,000"),
            ("200만", "2 million"),
            ("1억 5천만", "150 million"),
            ("1조 2천억", "1.2 trillion"),
            ("5천", "5,000"),
            ("3.5조", "3.5 trillion"),
        ] {
            assert_eq!(english_amount(piece).as_deref(), Some(english), "{piece}");
        }
        assert_eq!(english_amount("15"), None, "no unit, nothing to rewrite");
        assert!(
            slots("가격은 $15만 원이다.").is_empty(),
            "a sign before it: left to the model"
        );
        assert_eq!(
            english_amount("3 5억"),
            None,
            "two numbers are not one amount"
        );
    }

    #[test]
    fn a_name_written_into_a_korean_word_is_left_as_it_is() {
        assert_eq!(
            slots("KT AI연구소는 15일 GPT와이드와 Genie 3를 공개했다."),
            ["KT", "15", "Genie 3"]
        );
    }

    #[test]
    fn kept_ranges_are_left_to_the_model() {
        let s = "Its Mixture-of-Experts design uses 16 experts.";
        let start = s.find("Mixture").expect("term");
        let term = start..start + "Mixture-of-Experts".len();
        let m = mask(s, std::slice::from_ref(&term));
        assert_eq!(m.slots, ["16"]);
    }

    #[test]
    fn a_model_named_in_hangul_is_masked_and_comes_back_latin_in_english() {
        let s = "LG AI연구원은 엑사원 4.0을 공개했고, 딥시크-V3와 비교했다.";
        let m = mask(s, &[]);
        assert!(m.slots.contains(&"엑사원 4.0".to_string()), "{m:?}");
        assert!(!m.text.contains("엑사원"), "{m:?}");
        let answer = m.text.clone();
        assert_eq!(m.restore(&answer, "ko").as_deref(), Ok(s));
        let english = m.restore(&answer, "en").unwrap_or_default();
        assert!(english.contains("EXAONE 4.0"), "{english}");
        assert!(english.contains("DeepSeek-V3"), "{english}");
        assert!(!english.contains("엑사원"), "{english}");
    }

    #[test]
    fn a_korean_amount_with_digits_after_its_unit_is_one_piece() {
        let m = mask("비용은 557만6000달러(약 78억8000만원)에 그친다.", &[]);
        assert_eq!(m.slots, ["557만6000", "78억8000만"]);
        assert_eq!(
            m.restore("It cost {1} dollars (about {2} won).", "en")
                .as_deref(),
            Ok("It cost 5.576 million dollars (about 7.88 billion won).")
        );
    }

    #[test]
    fn common_acronyms_are_found_as_the_check_reads_names() {
        let s = "LG AI연구원은 하이브리드 AI 모델과 LLM API를 GPT-5와 비교했다.";
        let found: Vec<&str> = common_acronyms(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, ["AI", "AI", "LLM", "API"]);
        let m = mask(s, &common_acronyms(s));
        // "LG AI연구원" is a maker's name, masked whole with the acronym in it.
        assert!(m.slots.iter().any(|x| x == "LG AI연구원") && m.slots.iter().any(|x| x == "GPT-5"));
        assert!(
            !m.slots
                .iter()
                .any(|x| x == "AI" || x == "LLM" || x == "API"),
            "{m:?}"
        );
        assert!(common_acronyms("Said Aid AIs MAIN").is_empty());
    }

    #[test]
    fn a_dropped_repeated_or_altered_token_refuses() {
        let m = mask("NVIDIA will invest up to $10 billion in Anthropic.", &[]);
        assert_eq!(m.slots, ["NVIDIA", "$10 billion", "Anthropic"]);
        assert_eq!(
            m.unmask("{1}는 {3}에 최대 {2}를 투자한다.").as_deref(),
            Ok("NVIDIA는 Anthropic에 최대 $10 billion를 투자한다.")
        );
        assert_eq!(
            m.unmask("{1}는 {3}에 투자한다."),
            Err(vec![Problem::PlaceholderMissing("$10 billion".into())])
        );
        assert_eq!(
            m.unmask("{1}는 {3}에 {2}, {2}를 투자한다."),
            Err(vec![Problem::PlaceholderRepeated("$10 billion".into())])
        );
        assert_eq!(
            m.unmask("{1}는 {3}에 {02}를 {4} 투자한다."),
            Err(vec![
                Problem::PlaceholderAltered("{02}".into()),
                Problem::PlaceholderAltered("{4}".into()),
                Problem::PlaceholderMissing("$10 billion".into())
            ])
        );
        assert_eq!(
            m.unmask("{1}는 {3}에 {2 를 투자한다."),
            Err(vec![
                Problem::PlaceholderAltered("{".into()),
                Problem::PlaceholderMissing("$10 billion".into())
            ])
        );
    }

    #[test]
    fn a_korean_unit_written_after_an_amount_is_found() {
        let m = mask("Pricing is $2 per million input tokens.", &[]);
        assert_eq!(m.text, "Pricing is {1} per million input tokens.");
        assert_eq!(units_after_tokens(&m, "입력 토큰 {1} 만의 가격"), ["$2"]);
        assert!(units_after_tokens(&m, "입력 토큰 백만 개당 {1}").is_empty());
        // A unit the source itself had after the number is its own.
        let m = mask("가격은 15 만 원이다.", &[]);
        assert_eq!(m.text, "가격은 {1} 만 원이다.");
        assert!(units_after_tokens(&m, "The price is {1} 만 won.").is_empty());
        // Written onto the number, the unit is part of one amount.
        let m = mask("가격은 15만 원이다.", &[]);
        assert_eq!(m.text, "가격은 {1} 원이다.");
        assert_eq!(
            m.restore("The price is {1} won.", "en"),
            Ok("The price is 150,000 won.".to_string())
        );
    }

    #[test]
    fn braces_in_the_sentence_are_masked_so_tokens_are_unambiguous() {
        let s = "Use {1} and {{2}} literally, 3}";
        let m = mask(s, &[]);
        assert!(m.slots.iter().any(|p| p.contains('{')));
        assert_eq!(m.unmask(&m.text).as_deref(), Ok(s));
    }

    fn roundtrip(s: &str) {
        let m = mask(s, &[]);
        assert_eq!(m.unmask(&m.text).as_deref(), Ok(s), "masked {:?}", m.text);
        // Every slot is a piece of the sentence; tokens are the only braces left.
        for slot in &m.slots {
            assert!(s.contains(slot.as_str()));
        }
        let braces = m.text.chars().filter(|c| *c == '{').count();
        assert_eq!(braces, m.slots.len());
        // Restoring into either language (Korean dates, English amounts) never fails on the
        // untouched masked text.
        for to in ["en", "ko"] {
            assert!(
                m.restore(&m.text, to).is_ok(),
                "restore into {to}: {:?}",
                m.text
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn identity_translation_gives_the_sentence_back(s in any::<String>()) {
            roundtrip(&s);
        }

        /// A Korean amount's English form, when it has one, reads back as the amount's value.
        #[test]
        fn an_english_amount_reads_back_as_its_korean_value(
            piece in "[0-9]{1,6}(,[0-9]{3})?(\\.[0-9]{1,3})?[십백천]?[만억조]?( [0-9]{1,4}[십백천]?[만억조]?){0,3}",
        ) {
            if let Some(english) = english_amount(&piece) {
                prop_assert_eq!(numbers::numbers(&english), numbers::numbers(&piece));
            }
            let m = mask(&format!("모델은 {piece} 개다."), &[]);
            prop_assert!(m.restore(&m.text, "en").is_ok());
        }

        #[test]
        fn identity_on_news_like_text(
            parts in prop::collection::vec(prop_oneof![
                Just("OpenAI ".to_string()), Just("$7.5 million ".to_string()),
                Just("Gemini 3 Pro ".to_string()), Just("{1}".to_string()), Just("}{".to_string()),
                Just("엑사원 4.0은 ".to_string()), Just("320억 ".to_string()), Just("llama.cpp".to_string()),
                Just("https://a.b/{x} ".to_string()), Just("`a_b` ".to_string()), Just("U.S. ".to_string()),
                Just("\u{212A}".to_string()), Just("\u{0301}".to_string()), Just("91.9% ".to_string()),
                Just("February 14, 2026".to_string()), Just("Genie 3 ".to_string()),
                Just("딥시크-V3와 ".to_string()), Just("557만6000달러".to_string()),
                Just("큐웬3 235B".to_string()), Just("K-엑사원".to_string()), Just("AI 모델 ".to_string()),
                Just("LG AI연구원은 ".to_string()), Just("딥시크가".to_string()), Just("구글 딥마인드".to_string()),
                Just("삼성SDS".to_string()), Just("애플리케이션".to_string()), Just("엔비디아의 ".to_string()),
                "[a-zA-Z0-9 ,.$%{}가-힣\u{0300}-\u{036F}]{0,12}",
            ], 0..24),
            keep_at in any::<prop::sample::Index>(),
            keep_len in 0usize..12,
        ) {
            let s: String = parts.concat();
            roundtrip(&s);
            // Into English every piece has a form (a Hangul name its Latin one), and the
            // common acronyms left to the model change nothing of the round trip.
            let m = mask(&s, &common_acronyms(&s));
            prop_assert!(m.restore(&m.text, "en").is_ok());
            prop_assert_eq!(m.unmask(&m.text), Ok(s.clone()));
            // With a kept range too (on character boundaries of the sentence).
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let a = keep_at.index(bounds.len());
            let b = (a + keep_len).min(bounds.len() - 1);
            let kept = bounds[a]..bounds[b];
            let m = mask(&s, std::slice::from_ref(&kept));
            prop_assert_eq!(m.unmask(&m.text), Ok(s.clone()));
        }

        #[test]
        fn any_answer_is_read_without_panicking(s in any::<String>(), answer in any::<String>()) {
            let m = mask(&s, &[]);
            let _ = m.unmask(&answer);
        }
    }
}
