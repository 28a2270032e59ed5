//! Reading the numbers a sentence states, whatever way they are written, so a summary's "1000"
//! is matched to the source's "1,000", "one thousand" or "1천", and "$7.5M" to "7.5 million".
//! Korean units (천, 만, 억, 조) multiply as they do in speech: 1억 5천만 = 150,000,000.

/// A word of the text: a run of letters/digits with inner `.`, `,`, `-` kept (3.5, 1,000,
/// GPT-4.1), and a trailing `%`.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let inner = matches!(c, '.' | ',' | '-' | '\'')
                && chars.get(j + 1).is_some_and(|(_, n)| n.is_alphanumeric())
                // "1,000" keeps its comma; "models, and" does not.
                && (c != ',' || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()));
            if c.is_alphanumeric() || inner {
                j += 1;
            } else {
                break;
            }
        }
        if chars.get(j).is_some_and(|(_, c)| *c == '%') {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |(o, _)| *o);
        out.push(&text[start..end]);
        i = j;
    }
    out
}

const EN_UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// "one", "twenty", "million": words that only state a number.
pub fn is_number_word(w: &str) -> bool {
    EN_UNITS.iter().any(|(name, _)| *name == w) || (w.len() > 1 && scale_word(w).is_some())
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" | "t" => 1e12,
        _ => return None,
    })
}

fn korean_unit(c: char) -> Option<f64> {
    Some(match c {
        '십' => 1e1,
        '백' => 1e2,
        '천' => 1e3,
        '만' => 1e4,
        '억' => 1e8,
        '조' => 1e12,
        _ => return None,
    })
}

/// The value of a Korean amount written as one word from its first number `n` on, with
/// `rest` its units and what follows them: "557만6000" is 5,576,000 and "78억8000만" is
/// 7,880,000,000 (groups add while their scale falls), with the smallest scale written. None
/// when `rest` starts with no unit.
fn korean_groups(n: f64, rest: &str) -> Option<(f64, f64)> {
    let units = |s: &str| -> (f64, usize) {
        let mut scale = 1.0;
        let mut len = 0;
        for c in s.chars() {
            match korean_unit(c) {
                Some(u) => {
                    scale *= u;
                    len += c.len_utf8();
                }
                None => break,
            }
        }
        (scale, len)
    };
    let (scale, len) = units(rest);
    if len == 0 {
        return None;
    }
    let (mut total, mut smallest) = (n * scale, scale);
    let mut tail = &rest[len..];
    while tail.starts_with(|c: char| c.is_ascii_digit()) {
        let Some((m, after)) = split_number(tail) else {
            break;
        };
        let (scale, len) = units(after);
        if scale >= smallest {
            break;
        }
        total += m * scale;
        smallest = scale;
        tail = &after[len..];
        if len == 0 {
            break;
        }
    }
    Some((total, smallest))
}

/// Suffixes that leave a number's value alone: ordinals, Korean counters and date parts, units.
fn is_plain_suffix(s: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "st",
        "nd",
        "rd",
        "th",
        "x",
        "s",
        "년",
        "월",
        "일",
        "시",
        "분",
        "초",
        "개",
        "명",
        "건",
        "위",
        "배",
        "점",
        "달러",
        "원",
        "차",
        "번째",
        "번",
        "종",
        "곳",
        "개국",
        "세대",
        "주",
        "퍼센트",
        "퍼센트포인트",
        "포인트",
        "시간",
        "일간",
        "개월",
        "년간",
        "주년",
        "회",
        "가지",
        "ms",
        "gb",
        "tb",
        "mb",
        "kb",
        "b",
        "tok",
        "fps",
        "w",
        "kw",
        "mw",
        "gw",
        "pp",
        "p",
    ];
    SUFFIXES.contains(&s)
}

fn parse_plain(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    // "1,000" and "1,000,000" group thousands; anything else with a comma is not one number.
    let cleaned: String = if s.contains(',') {
        let groups: Vec<&str> = s.split(',').collect();
        let ok = groups
            .iter()
            .skip(1)
            .all(|g| g.len() == 3 || (g.len() > 3 && g.as_bytes()[3] == b'.'));
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        s.to_string()
    };
    cleaned.parse().ok()
}

/// Splits "7.5m" / "3억" / "10,000명" into (7.5, "m").
fn split_number(w: &str) -> Option<(f64, &str)> {
    let end = w
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(w.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    Some((parse_plain(&w[..end])?, &w[end..]))
}

/// A Latin word without the Korean particle written onto it ("GB를" → "GB", "billion을" →
/// "billion"); any other word as it is.
fn without_particle(w: &str) -> &str {
    match w
        .char_indices()
        .find(|(_, c)| ('\u{AC00}'..='\u{D7A3}').contains(c))
    {
        Some((at, _)) if at > 0 && w[..at].chars().all(|c| c.is_ascii_alphabetic()) => &w[..at],
        _ => w,
    }
}

/// Every number stated in `text`, with scale words applied. Years, days, percentages,
/// amounts and counts all come out as plain values.
pub fn numbers(text: &str) -> Vec<f64> {
    let ws = words(text);
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    // A running Korean compound such as 1억 5천만: groups add while their scale falls.
    let mut compound: Option<(f64, f64)> = None;
    while i < ws.len() {
        let w = lower[i].trim_end_matches('%');
        let mut value: Option<f64> = None;
        let mut korean_scale = None;
        if let Some((n, rest)) = split_number(w) {
            // "96GB를": a Korean particle after a Latin unit is not part of the unit.
            let rest = without_particle(rest.trim_start_matches('-'));
            if rest.is_empty() {
                // "$10 billion를" (a name restored into a Korean sentence): likewise.
                let next_scale = lower
                    .get(i + 1)
                    .and_then(|n| scale_word(without_particle(n)));
                // "7.5 million": the scale word is its own word.
                if let Some(s) = next_scale.filter(|_| lower[i + 1].len() > 1) {
                    value = Some(n * s);
                    i += 1;
                } else {
                    value = Some(n);
                }
            } else if let Some(s) = scale_word(rest) {
                value = Some(n * s);
            } else if rest.chars().next().and_then(korean_unit).is_some() {
                if let Some((v, scale)) = korean_groups(n, rest) {
                    korean_scale = Some(scale);
                    value = Some(v);
                }
            } else if is_plain_suffix(rest) || rest.chars().all(|c| !c.is_ascii_alphabetic()) {
                value = Some(n);
            }
        } else if let Some((_, v)) = EN_UNITS.iter().find(|(name, _)| *name == w) {
            // "one thousand", "twenty five", "five million"
            let mut total = *v;
            if let Some((_, unit)) = lower
                .get(i + 1)
                .and_then(|n| EN_UNITS.iter().find(|(name, _)| name == n))
            {
                if *v >= 20.0 && *unit < 10.0 {
                    total += unit;
                    i += 1;
                }
            }
            while let Some(s) = lower
                .get(i + 1)
                .and_then(|n| scale_word(n))
                .filter(|_| lower[i + 1].len() > 1)
            {
                total *= s;
                i += 1;
            }
            // A lone "one" is usually a pronoun ("the new one"); only scaled or larger words count.
            if *v != 1.0 || total != 1.0 {
                value = Some(total);
            }
        }
        match (value, korean_scale) {
            (Some(v), Some(scale)) => {
                match compound {
                    Some((sum, last_scale)) if scale < last_scale => {
                        compound = Some((sum + v, scale));
                        // The partial sum is replaced by the larger compound.
                        out.pop();
                        out.push(sum + v);
                    }
                    _ => {
                        compound = Some((v, scale));
                        out.push(v);
                    }
                }
            }
            (Some(v), None) => {
                compound = None;
                out.push(v);
            }
            (None, _) => compound = None,
        }
        i += 1;
    }
    out
}

/// Whether `value` is among `known`, allowing for rounding in the last shown digit.
pub fn contains(known: &[f64], value: f64) -> bool {
    known
        .iter()
        .any(|k| (k - value).abs() <= 1e-9 * k.abs().max(value.abs()).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_commas_and_words_agree() {
        assert_eq!(numbers("1,000 GPUs"), vec![1000.0]);
        assert_eq!(numbers("1000 GPUs"), vec![1000.0]);
        assert_eq!(numbers("one thousand GPUs"), vec![1000.0]);
        assert_eq!(numbers("twenty five tasks"), vec![25.0]);
        assert_eq!(numbers("five of the ten proofs"), vec![5.0, 10.0]);
    }

    #[test]
    fn a_korean_particle_on_a_scale_word_is_not_part_of_it() {
        assert_eq!(numbers("최대 $10 billion를 투자"), vec![1e10]);
        assert_eq!(numbers("£1 million까지"), vec![1e6]);
        assert_eq!(numbers("96GB를"), vec![96.0]);
    }

    #[test]
    fn scales_amounts_and_percentages() {
        assert_eq!(numbers("$7.5 million"), vec![7_500_000.0]);
        assert_eq!(numbers("$7.5M"), vec![7_500_000.0]);
        assert_eq!(
            numbers("£50,000 to £1 million"),
            vec![50_000.0, 1_000_000.0]
        );
        assert_eq!(numbers("scores 85% on SWE-bench"), vec![85.0]);
        assert_eq!(numbers("3.5 times faster"), vec![3.5]);
        assert_eq!(numbers("models, and tools"), Vec::<f64>::new());
    }

    #[test]
    fn korean_units_and_dates() {
        assert_eq!(numbers("1만 명"), vec![10_000.0]);
        assert_eq!(numbers("3억 원"), vec![300_000_000.0]);
        assert_eq!(numbers("1억 5천만 원"), vec![150_000_000.0]);
        assert_eq!(numbers("557만6000달러"), vec![5_576_000.0]);
        assert_eq!(numbers("약 78억8000만원"), vec![7_880_000_000.0]);
        assert_eq!(numbers("1억5천만 원"), vec![150_000_000.0]);
        assert_eq!(numbers("12만8000 토큰"), vec![128_000.0]);
        assert_eq!(numbers("2026년 3월 3일"), vec![2026.0, 3.0, 3.0]);
        assert_eq!(numbers("10,000명"), vec![10_000.0]);
        assert_eq!(numbers("HBM 96GB를 탑재"), vec![96.0]);
    }

    #[test]
    fn identifiers_are_not_numbers() {
        assert_eq!(numbers("GPT-4.1 and Qwen2.5"), Vec::<f64>::new());
        assert_eq!(
            words("GPT-4.1, llama.cpp and 1,000."),
            vec!["GPT-4.1", "llama.cpp", "and", "1,000"]
        );
    }

    #[test]
    fn dates_split_into_parts() {
        assert_eq!(numbers("March 3, 2026"), vec![3.0, 2026.0]);
    }

    proptest::proptest! {
        /// A Korean amount written as one word reads as the sum of its groups, whichever
        /// groups are written and whatever follows.
        #[test]
        fn korean_groups_in_one_word_add_up(
            eok in 0u64..10_000,
            man in 0u64..10_000,
            rest in 0u64..10_000,
            tail in "(달러|원|개|명|)",
        ) {
            let mut text = String::new();
            let mut value = 0u64;
            for (n, unit, scale) in [(eok, "억", 100_000_000), (man, "만", 10_000), (rest, "", 1)] {
                if n > 0 {
                    text.push_str(&format!("{n}{unit}"));
                    value += n * scale;
                }
            }
            proptest::prop_assume!(value > 0 && (eok > 0 || man > 0));
            text.push_str(&tail);
            proptest::prop_assert_eq!(numbers(&text), vec![value as f64], "{}", text);
        }

        #[test]
        fn any_text_is_read_without_panicking(text in proptest::prelude::any::<String>()) {
            let _ = numbers(&text);
        }
    }
}
