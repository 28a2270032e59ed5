//! Sentence splitting for English and Korean, in character offsets.

use app::span::CharSpan;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "vs", "etc", "inc", "ltd", "co", "corp", "st", "no", "fig",
    "e.g", "i.e", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
];

/// Spans in characters, end exclusive, trimmed of surrounding whitespace.
/// A sentence ends at `.`, `!`, `?`, `。` or `…` followed by whitespace (so "3.5" and
/// "gpt-4.1" stay whole), or at a paragraph break.
pub fn split(text: &str) -> Vec<CharSpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_end = i + 1 == chars.len();
        let terminal = matches!(c, '.' | '!' | '?' | '。' | '…' | '！' | '？');
        let paragraph = c == '\n' && chars.get(i + 1) == Some(&'\n');
        // Closing quotes and brackets after the stop belong to the sentence.
        let mut end = i + 1;
        while terminal
            && end < chars.len()
            && matches!(chars[end], '"' | '\'' | '”' | '’' | ')' | ']')
        {
            end += 1;
        }
        let closes = terminal
            && (end == chars.len() || chars[end].is_whitespace())
            && !(c == '.' && is_abbreviation(&chars[start..i]));
        if closes || paragraph || at_end {
            let stop = if closes { end } else { i + 1 };
            push_trimmed(&chars, start, stop, &mut spans);
            start = stop;
            i = stop;
            continue;
        }
        i += 1;
    }
    if start < chars.len() {
        push_trimmed(&chars, start, chars.len(), &mut spans);
    }
    spans
}

fn is_abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let w = word.trim_start_matches(['(', '"', '\'']).to_lowercase();
    // A single capital letter ("J. Smith", "U.S.") is an initial, not a sentence end.
    (w.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
        || ABBREVIATIONS.contains(&w.as_str())
        || (w.contains('.') && w.len() <= 5 && w.chars().all(|c| c.is_alphabetic() || c == '.'))
}

fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<CharSpan>) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if end > start {
        out.push(CharSpan::new(start, end));
    }
}

/// The text of a span.
pub fn slice(text: &str, span: CharSpan) -> String {
    span.text_of(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        split(t).into_iter().map(|s| slice(t, s)).collect()
    }

    #[test]
    fn english_keeps_decimals_and_abbreviations() {
        assert_eq!(
            texts("GPT-4.1 scores 85.3% on the test. Dr. Kim said so, e.g. in the U.S. report! Really?"),
            vec![
                "GPT-4.1 scores 85.3% on the test.",
                "Dr. Kim said so, e.g. in the U.S. report!",
                "Really?"
            ]
        );
    }

    #[test]
    fn korean_and_paragraphs() {
        assert_eq!(
            texts("오픈AI가 새 모델을 공개했다. 성능은 12% 올랐다\n\n다음 문단입니다."),
            vec![
                "오픈AI가 새 모델을 공개했다.",
                "성능은 12% 올랐다",
                "다음 문단입니다."
            ]
        );
    }

    #[test]
    fn spans_are_character_offsets() {
        let t = "가나다. abc.";
        let s = split(t);
        assert_eq!(s, vec![CharSpan::new(0, 4), CharSpan::new(5, 9)]);
        assert_eq!(slice(t, s[1]), "abc.");
    }
}
