//! Grounded translation: what is already checked is translated, not summarized again in another
//! language. Each title and each grounded summary sentence of an article in another language
//! than the digest's is translated on its own, and each translation is checked against its own
//! source sentence (`check`); one that fails is not shown — the page shows the original sentence
//! instead. Translations are cached by (sentence hash, target language, model, prompt version),
//! so an unchanged day translates nothing.
//!
//! Before the model sees a sentence its numbers, amounts, names, URLs and identifiers are
//! replaced by numbered tokens (`placeholders`), and the glossary terms it holds are listed
//! with their entries (`glossary`); after, the tokens are restored, and the translation is
//! refused if a token was dropped, repeated or altered, if the anchors check fails on the
//! restored text, or if a glossary term did not come out as its entry.
//!
//! `check` (the anchors a translation must keep), `placeholders`, `glossary`, `grammar` (the
//! answer's shape the embedded model decodes under), `queue` (which
//! day is translated first), `day` (a digest day's checked translations and what of it still
//! waits for one), `evaluate` (`proofwire eval-translations`), and here the prompt
//! and one sentence's translation.

pub mod check;
pub mod day;
pub mod evaluate;
pub mod glossary;
pub mod grammar;
pub mod meaning;
pub mod meaning_eval;
pub mod placeholders;
pub mod queue;

use std::fmt::Write;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::db::translations::Version;
use crate::summarize::backend::Model;
use crate::summarize::llama::{LlmError, Prompt};
use crate::summarize::model::language_name;

/// Bump when the prompt changes: cached translations of another version are made again.
/// 2: placeholders and the glossary. 3: amounts with Korean units are masked. 4: the
/// embedded model answers under `grammar` (each token at most once, one line), and common
/// acronyms are left in Korean sentences. 5: makers' Korean spellings are masked.
pub const PROMPT_VERSION: i64 = 5;

/// The prompt's wording, unchanged since version 2: a translation that passed then still
/// counts, so an upgrade does not send a Korean digest back to English; the digest applies
/// the checks added since (the meaning check, `check::form_problems`) to it again
/// (`day::still_checked`).
pub const WORDING_VERSION: i64 = 2;

/// What decides the model's answer to a masked sentence: the prompt's wording and the grammar
/// it answers under. `eval-translations` reuses a kept answer only under the same one.
pub const ANSWER_VERSION: i64 = 4;

/// The stored translations that count (`db::translations::Version`).
pub const VERSION: Version = Version {
    current: PROMPT_VERSION,
    passed_since: WORDING_VERSION,
};

/// One sentence's translation as the model gave it and as the check judged it.
#[derive(Debug, Clone)]
pub struct Translated {
    /// The checked translation; `None` when it failed the check (show the original).
    pub text: Option<String>,
    /// What the model answered (with its placeholders), kept for evaluation and debugging.
    pub raw: String,
    /// What the model was given: the sentence with its placeholders.
    pub masked: String,
    pub problems: Vec<check::Problem>,
    pub ms: f64,
}

/// Whether text written in `language` is translated for a digest in `target`: both are the
/// languages translation knows, and they differ.
pub fn needs_translation(language: &str, target: &str) -> bool {
    language != target && matches!(language, "en" | "ko") && matches!(target, "en" | "ko")
}

/// The hash a sentence's translations are cached under.
pub fn sentence_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.trim().as_bytes()))
}

/// The prompt for one masked sentence, with the glossary `terms` it holds (as written, entry).
fn prompt(
    masked: &placeholders::Masked,
    from: &str,
    to: &str,
    terms: &[(String, String)],
    shape: &grammar::Shape,
) -> Prompt {
    let (from_name, to_name) = (language_name(from), language_name(to));
    let example = match to {
        "ko" => "Example: \"{1} released {2} with {3} parameters.\" → \"{1}는 {3} 매개변수의 {2}를 공개했다.\"",
        _ => "Example: \"{1}는 {3} 매개변수의 {2}를 공개했다.\" → \"{1} released {2} with {3} parameters.\"",
    };
    let mut system = format!(
        "You translate one sentence of technology news from {from_name} into {to_name}. Tokens \
         in curly braces such as {{1}} and {{2}} stand for names, numbers and amounts: copy \
         every token exactly once, unchanged, where it belongs in the {to_name} sentence. Add \
         nothing and leave nothing out. Answer with the translation only, on one line. \
         {example}"
    );
    let tokens = placeholders::tokens(&masked.text);
    if !tokens.is_empty() {
        let _ = write!(
            system,
            "\nThis sentence has {} tokens: {}. Your translation must contain each of them once.",
            tokens.len(),
            tokens.join(" ")
        );
    }
    if !terms.is_empty() {
        let _ = write!(system, "\nTranslate these terms exactly as given:");
        for (term, entry) in terms {
            let _ = write!(system, "\n- {term} → {entry}");
        }
    }
    Prompt {
        system,
        before: format!("{from_name} sentence:\n"),
        document: masked.text.clone(),
        after: format!("\n{to_name} translation:"),
        max_new_tokens: 160,
        grammar: Some(shape.gbnf()),
        schema: None,
    }
}

/// A sentence made ready for the model: its glossary terms, its masked text and the prompt.
pub struct Prepared {
    pub hits: Vec<glossary::Hit>,
    pub masked: placeholders::Masked,
    /// The form the answer may take (the prompt's grammar).
    pub shape: grammar::Shape,
    pub prompt: Prompt,
}

/// Finds the glossary terms of `sentence`, masks it and writes its prompt. From Korean the
/// common acronyms are left in the sentence too (`placeholders::common_acronyms`).
pub fn prepare(sentence: &str, from: &str, to: &str) -> Prepared {
    let hits = glossary::glossary().find(sentence, from, to);
    let mut keep: Vec<std::ops::Range<usize>> = hits.iter().map(|h| h.range.clone()).collect();
    if from == "ko" {
        keep.extend(placeholders::common_acronyms(sentence));
    }
    let masked = placeholders::mask(sentence, &keep);
    let mut listed: Vec<(String, String)> = Vec::new();
    for h in &hits {
        let pair = (h.found.clone(), h.entry.clone());
        if !listed.contains(&pair) {
            listed.push(pair);
        }
    }
    let entries: Vec<&str> = listed.iter().map(|(_, entry)| entry.as_str()).collect();
    let shape = grammar::Shape::of(&masked, to, &entries);
    let prompt = prompt(&masked, from, to, &listed, &shape);
    Prepared {
        hits,
        masked,
        shape,
        prompt,
    }
}

/// The model's `raw` answer to a `prepare`d sentence, restored and judged.
pub fn verdict(
    sentence: &str,
    prepared: &Prepared,
    raw: String,
    from: &str,
    to: &str,
    ms: f64,
) -> Translated {
    let line = first_line(&raw);
    let (answer, mut problems) = judge(sentence, &prepared.masked, &prepared.hits, &line, from, to);
    if let Some(words) = echoed(&prepared.prompt.system, sentence, &line) {
        problems.push(check::Problem::EchoesInstructions(words));
    }
    Translated {
        text: problems.is_empty().then_some(answer),
        raw,
        masked: prepared.masked.text.clone(),
        problems,
        ms,
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
    let prepared = prepare(sentence, from, to);
    let raw = model.generate(prepared.prompt.clone()).await?.text;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(verdict(sentence, &prepared, raw, from, to, ms))
}

/// The model's `answer` restored and checked: its tokens, then the anchors on the restored
/// text and no Korean unit written onto an amount, then the glossary, then the meaning
/// (`meaning`: negation, plan or fact, units, who does what). Returns the restored text (the
/// answer as given when its tokens are wrong) and every problem found.
pub fn judge(
    sentence: &str,
    masked: &placeholders::Masked,
    hits: &[glossary::Hit],
    answer: &str,
    from: &str,
    to: &str,
) -> (String, Vec<check::Problem>) {
    let restored = match masked.restore(answer, to) {
        Ok(text) => text,
        Err(problems) => return (answer.to_string(), problems),
    };
    let terms: Vec<std::ops::Range<usize>> = hits.iter().map(|h| h.range.clone()).collect();
    let mut problems = check::check_restored(sentence, &restored, answer, to, &terms);
    problems.retain(|p| !respelled_name(masked, to, p));
    problems.extend(
        placeholders::units_after_tokens(masked, answer)
            .into_iter()
            .map(check::Problem::UnitAfterPlaceholder),
    );
    problems.extend(
        glossary::glossary()
            .missing(hits, &restored, to)
            .into_iter()
            .map(|h| check::Problem::GlossaryTerm(h.found.clone(), h.entry.clone())),
    );
    problems.extend(
        meaning::check(sentence, &restored, from, to)
            .into_iter()
            .map(check::Problem::Meaning),
    );
    (restored, problems)
}

/// How many words in a row of the instructions make an echo: three would catch plain English
/// the prompt happens to use ("each of them", "from Korean into").
const ECHOED: usize = 5;

/// `ECHOED` words in a row of the instructions in `system` (its quoted example aside) that
/// `answer` writes and `sentence` does not, numbers left out: "This sentence has tokens: {1}
/// {2}. Your translation must contain each of them once." for a Korean sentence.
fn echoed(system: &str, sentence: &str, answer: &str) -> Option<String> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect()
    };
    let instructions: String = system.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let told: Vec<String> = words(&instructions)
        .windows(ECHOED)
        .map(|w| w.join(" "))
        .collect();
    let source = words(sentence).join(" ");
    words(answer)
        .windows(ECHOED)
        .map(|w| w.join(" "))
        .find(|phrase| told.contains(phrase) && !source.contains(phrase.as_str()))
}

/// Whether `problem` is a name added that the source states in Hangul: a model name comes
/// back in its Latin spelling ("딥시크-V3" → "DeepSeek-V3"), a name the source states, though
/// not in its letters.
pub fn respelled_name(masked: &placeholders::Masked, to: &str, problem: &check::Problem) -> bool {
    let check::Problem::AddedName(name) = problem else {
        return false;
    };
    masked
        .restore(&masked.text, to)
        .unwrap_or_default()
        .to_lowercase()
        .contains(&name.to_lowercase())
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

    fn judged(
        sentence: &str,
        answer_for: impl Fn(&str) -> String,
    ) -> (String, Vec<check::Problem>) {
        let hits = glossary::glossary().find(sentence, "en", "ko");
        let terms: Vec<_> = hits.iter().map(|h| h.range.clone()).collect();
        let masked = placeholders::mask(sentence, &terms);
        judge(
            sentence,
            &masked,
            &hits,
            &answer_for(&masked.text),
            "en",
            "ko",
        )
    }

    #[test]
    fn a_faithful_answer_is_restored_and_passes() {
        let s = "NVIDIA will invest up to $10 billion in Anthropic.";
        let (text, problems) = judged(s, |m| {
            assert_eq!(m, "{1} will invest up to {2} in {3}.");
            "{1}는 {3}에 최대 {2}를 투자한다.".into()
        });
        assert_eq!(problems, vec![]);
        assert_eq!(text, "NVIDIA는 Anthropic에 최대 $10 billion를 투자한다.");
    }

    #[test]
    fn a_dropped_placeholder_refuses_before_anything_else() {
        let s = "NVIDIA will invest up to $10 billion in Anthropic.";
        let (_, problems) = judged(s, |_| "{1}는 {3}에 투자한다.".into());
        assert_eq!(
            problems,
            vec![check::Problem::PlaceholderMissing("$10 billion".into())]
        );
    }

    #[test]
    fn the_anchors_check_still_runs_on_the_restored_text() {
        // A number the model wrote itself (not through a token) is still an added number.
        let s = "NVIDIA will invest up to $10 billion in Anthropic.";
        let (_, problems) = judged(s, |_| "{1}는 2027년까지 {3}에 최대 {2}를 투자한다.".into());
        assert_eq!(problems, vec![check::Problem::AddedNumber("2027".into())]);
    }

    #[test]
    fn restored_names_do_not_make_a_korean_answer_foreign() {
        // More Latin letters than Hangul once restored; the model's own words are Korean.
        let s = "Northfield raises $12 million from Acme Ventures";
        let (text, problems) = judged(s, |m| {
            assert_eq!(m, "Northfield raises {1} from {2}");
            "Northfield, {2}에서 {1} 유치".into()
        });
        assert_eq!(problems, vec![]);
        assert_eq!(text, "Northfield, Acme Ventures에서 $12 million 유치");
        // An answer that is not Korean itself still is not a translation.
        let (_, problems) = judged(s, |_| "Northfield gets {1} from {2}".into());
        assert_eq!(problems, vec![check::Problem::NotTranslated]);
    }

    #[test]
    fn a_glossary_term_must_come_out_as_its_entry() {
        let s = "OpenAI Codex is now agent-first, with open weights.";
        let (_, problems) = judged(s, |m| {
            assert!(
                m.contains("agent-first"),
                "terms are left for the model: {m}"
            );
            "{1}는 이제 악기 우선이며, 오픈 웨이트를 제공한다.".into()
        });
        assert_eq!(
            problems,
            vec![check::Problem::GlossaryTerm(
                "agent-first".into(),
                "에이전트 우선".into()
            )]
        );
        let (_, problems) = judged(s, |_| {
            "{1}는 이제 에이전트 우선이며, 오픈 웨이트를 제공한다.".into()
        });
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn the_prompt_lists_the_terms_and_sends_the_masked_sentence() {
        let terms = vec![("agent-first".to_string(), "에이전트 우선".to_string())];
        let masked = placeholders::mask("OpenAI is agent-first.", &[]);
        assert_eq!(masked.text, "{1} is agent-first.");
        let p = prompt(
            &masked,
            "en",
            "ko",
            &terms,
            &grammar::Shape::of(&masked, "ko", &[]),
        );
        assert_eq!(p.document, "{1} is agent-first.");
        assert!(
            p.system.contains("- agent-first → 에이전트 우선"),
            "{}",
            p.system
        );
        let grammar = p.grammar.unwrap_or_default();
        assert!(grammar.contains(r#"s0 ::= text ( "{1}" s1 )"#), "{grammar}");
        let plain = placeholders::mask("x", &[]);
        let shape = grammar::Shape::of(&plain, "ko", &[]);
        assert!(!prompt(&plain, "en", "ko", &[], &shape)
            .system
            .contains("these terms"));
    }

    #[test]
    fn an_answer_that_gives_the_instructions_back_is_refused() {
        let s =
            "이를 통해 메모리 요구량과 연산량을 엑사원 4.0 대비 70% 줄이면서도 성능은 끌어올렸다.";
        let prepared = prepare(s, "ko", "en");
        let echo =
            "This sentence has tokens: {1} {2}. Your translation must contain each of them once.";
        let t = verdict(s, &prepared, echo.into(), "ko", "en", 0.0);
        assert!(t.text.is_none());
        assert!(
            t.problems
                .iter()
                .any(|p| matches!(p, check::Problem::EchoesInstructions(_))),
            "{:?}",
            t.problems
        );
        // The prompt's own example is not instructions: a translation may read like it.
        let like_example = "{1} released {2} with {3} parameters.";
        assert_eq!(echoed(&prepared.prompt.system, s, like_example), None);
        let faithful =
            "This cut memory needs and compute by {2} against {1} while raising performance.";
        let t = verdict(s, &prepared, faithful.into(), "ko", "en", 0.0);
        assert!(
            !t.problems
                .iter()
                .any(|p| matches!(p, check::Problem::EchoesInstructions(_))),
            "{:?}",
            t.problems
        );
    }

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
