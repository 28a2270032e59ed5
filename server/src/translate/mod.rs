//! Grounded translation: what is already checked is translated, not summarized again in another
//! language. Each title and each grounded summary sentence of an article in another language
//! than the digest's is translated on its own, and each translation is checked against its own
//! source sentence (`check`); one that fails is not shown — the page shows the original sentence
//! instead. Translations are cached by (sentence hash, target language, model, prompt version),
//! so an unchanged day translates nothing.
//!
//! `check` (the anchors a translation must keep), `evaluate` (`proofwire eval-translations`),
//! and here the prompt and one sentence's translation.

pub mod check;
pub mod evaluate;

use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::summarize::backend::Model;
use crate::summarize::llama::{LlmError, Prompt};
use crate::summarize::model::language_name;

/// Bump when the prompt changes: cached translations of another version are made again.
pub const PROMPT_VERSION: i64 = 1;

/// One sentence's translation as the model gave it and as the check judged it.
#[derive(Debug, Clone)]
pub struct Translated {
    /// The checked translation; `None` when it failed the check (show the original).
    pub text: Option<String>,
    /// What the model answered, kept for evaluation and debugging.
    pub raw: String,
    pub problems: Vec<check::Problem>,
    pub ms: f64,
}

/// The hash a sentence's translations are cached under.
pub fn sentence_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.trim().as_bytes()))
}

fn prompt(sentence: &str, from: &str, to: &str) -> Prompt {
    let (from, to) = (language_name(from), language_name(to));
    Prompt {
        system: format!(
            "You translate one sentence of technology news from {from} into {to}. Keep every \
             number, amount, date, percentage, product name, company name and identifier exactly \
             as in the source; names stay in Latin letters as written. Add nothing and leave \
             nothing out. Answer with the translation only, on one line."
        ),
        before: format!("{from} sentence:\n"),
        document: sentence.to_string(),
        after: format!("\n{to} translation:"),
        max_new_tokens: 160,
        grammar: None,
        schema: None,
    }
}

/// Translates one sentence with `model` and checks it.
pub async fn translate(
    model: &Model,
    sentence: &str,
    from: &str,
    to: &str,
) -> Result<Translated, LlmError> {
    let started = Instant::now();
    let generation = model.generate(prompt(sentence, from, to)).await?;
    let raw = generation.text;
    let answer = first_line(&raw);
    let problems = check::check(sentence, &answer, to);
    Ok(Translated {
        text: problems.is_empty().then_some(answer),
        raw,
        problems,
        ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The answer without a label the model may repeat ("Korean translation:") or quotes around
/// it: the first non-empty line.
fn first_line(raw: &str) -> String {
    let line = raw
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let line = ["translation:", "Translation:", "번역:"]
        .iter()
        .find_map(|label| line.split_once(label).map(|(_, rest)| rest))
        .unwrap_or(line)
        .trim();
    line.trim_matches(['"', '“', '”', '「', '」'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_quotes_are_not_part_of_the_answer() {
        assert_eq!(
            first_line("\n  Korean translation: \"안녕하세요.\"\nmore"),
            "안녕하세요."
        );
        assert_eq!(first_line("“구글이 발표했다.”"), "구글이 발표했다.");
        assert_eq!(first_line(""), "");
    }
}
