//! Splits article text into paragraphs and marked segments so each summary sentence can link
//! to the exact passage it came from.

use crate::span::CharSpan;

/// A run of text; `mark` is the index of the summary sentence whose source span covers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub mark: Option<usize>,
}

/// Paragraphs are separated by blank lines. Spans count characters of `text`; out-of-range or
/// overlapping spans are clipped rather than trusted.
pub fn segment(text: &str, spans: &[CharSpan]) -> Vec<Vec<Segment>> {
    let chars: Vec<char> = text.chars().collect();
    let mut owner: Vec<Option<usize>> = vec![None; chars.len()];
    for (i, &CharSpan { start, end }) in spans.iter().enumerate() {
        let end = end.min(chars.len());
        for slot in owner.iter_mut().take(end).skip(start) {
            if slot.is_none() {
                *slot = Some(i);
            }
        }
    }
    let mut paragraphs = Vec::new();
    let mut current: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A blank line (two or more newlines) ends a paragraph.
        if chars[i] == '\n' {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let newlines = chars[i..j].iter().filter(|c| **c == '\n').count();
            if newlines >= 2 {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
                i = j;
                continue;
            }
        }
        let mark = owner[i];
        match current.last_mut() {
            Some(seg) if seg.mark == mark => seg.text.push(chars[i]),
            _ => current.push(Segment {
                text: chars[i].to_string(),
                mark,
            }),
        }
        i += 1;
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_spans_across_paragraphs() {
        let text = "첫 문장. 둘째 문장.\n\nThird one. Fourth.";
        let p = segment(text, &[CharSpan::new(6, 12), CharSpan::new(14, 24)]);
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0][0],
            Segment {
                text: "첫 문장. ".into(),
                mark: None
            }
        );
        assert_eq!(
            p[0][1],
            Segment {
                text: "둘째 문장.".into(),
                mark: Some(0)
            }
        );
        assert_eq!(
            p[1][0],
            Segment {
                text: "Third one.".into(),
                mark: Some(1)
            }
        );
        assert_eq!(p[1][1].mark, None);
    }

    #[test]
    fn clips_bad_spans() {
        let p = segment("abc", &[CharSpan::new(2, 99), CharSpan::new(5, 9)]);
        assert_eq!(p[0].len(), 2);
        assert_eq!(
            p[0][1],
            Segment {
                text: "c".into(),
                mark: Some(0)
            }
        );
    }
}
