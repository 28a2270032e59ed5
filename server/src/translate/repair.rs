//! One second attempt for a refused translation, told what was wrong with the first.
//!
//! A small model asked the same thing twice answers the same way (decoding is greedy), so
//! the second answer is sampled (seeded), and the prompt carries the first answer and, in
//! plain words, why it was refused ("it left out the token {2}", "it did not translate agent-first as
//! 에이전트 우선"). The feedback goes after the sentence, so the model reuses everything it
//! read for the first attempt and reads only the feedback. The second answer is judged by the
//! same checks as the first; one that fails again is refused as before. There is never a third
//! attempt: a sentence costs at most two answers.

use super::check::Problem;
use super::placeholders::Masked;
use crate::summarize::llama::{Prompt, Sampling};
use crate::summarize::model::language_name;

/// The first attempt's prompt, continued with its `answer` (as written, with its tokens) and
/// why it was refused.
pub fn prompt(
    first: &Prompt,
    masked: &Masked,
    answer: &str,
    problems: &[Problem],
    to: &str,
) -> Prompt {
    let to_name = language_name(to);
    let mut after = first.after.clone();
    after.push(' ');
    after.push_str(answer.trim());
    after.push_str("\n\nThat translation was refused:");
    for p in problems {
        after.push_str("\n- ");
        after.push_str(&feedback(p, masked, to_name));
    }
    after.push_str(&format!(
        "\nTranslate the sentence again, fixing this, with every token exactly once.\n\
         Corrected {to_name} translation:"
    ));
    Prompt {
        after,
        sampling: Some(SAMPLING),
        ..first.clone()
    }
}

/// Greedy decoding of the continued prompt mostly gave the first answer again (80 of 81
/// refused tuning sentences stayed refused with feedback alone), so the second answer is
/// sampled.
const SAMPLING: Sampling = Sampling {
    temperature: 0.7,
    top_k: 40,
    seed: 20_261_206,
};

/// What was wrong, said to the model in terms of what it was given: tokens, not the pieces
/// they stand for (it never saw those).
fn feedback(problem: &Problem, masked: &Masked, to_name: &str) -> String {
    let token = |piece: &str| masked.token_of(piece).unwrap_or_else(|| piece.to_string());
    match problem {
        Problem::Empty => "It was empty.".into(),
        Problem::NotTranslated => format!("It was not written in {to_name}."),
        Problem::TooLong => {
            "It was much longer than the sentence: translate only the sentence.".into()
        }
        Problem::MissingNumber(n) => format!("It left out the number {n}."),
        Problem::AddedNumber(n) => {
            format!("It added the number {n}, which the sentence does not have.")
        }
        Problem::MissingName(n) => format!("It left out the name {n}."),
        Problem::AddedName(n) => {
            format!("It added the name {n}, which the sentence does not have.")
        }
        Problem::PlaceholderMissing(p) => format!("It left out the token {}.", token(p)),
        Problem::PlaceholderRepeated(p) => {
            format!("It wrote the token {} more than once.", token(p))
        }
        Problem::PlaceholderAltered(t) => {
            format!("It wrote {t}, which is not one of the tokens given; copy the tokens exactly.")
        }
        Problem::UnitAfterPlaceholder(p) => format!(
            "It wrote a number word after the token {}; the token already is the whole amount.",
            token(p)
        ),
        Problem::GlossaryTerm(term, entry) => {
            format!("It did not translate \"{term}\" as \"{entry}\".")
        }
        Problem::Meaning(d) => format!("Its meaning differs from the sentence: {}.", d.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::{meaning::Disagreement, placeholders};

    fn first() -> Prompt {
        Prompt {
            system: "system".into(),
            before: "English sentence:\n".into(),
            document: "{1} will invest up to {2} in {3}.".into(),
            after: "\nKorean translation:".into(),
            max_new_tokens: 160,
            grammar: None,
            schema: None,
            sampling: None,
        }
    }

    #[test]
    fn the_feedback_names_tokens_and_follows_the_first_prompt_unchanged() {
        let masked = placeholders::mask("NVIDIA will invest up to $10 billion in Anthropic.", &[]);
        assert_eq!(masked.text, "{1} will invest up to {2} in {3}.");
        let p = prompt(
            &first(),
            &masked,
            "{1}는 {3}에 투자한다.",
            &[Problem::PlaceholderMissing("$10 billion".into())],
            "ko",
        );
        // Everything the model read the first time comes first, unchanged: it is reused.
        assert_eq!(p.system, first().system);
        assert_eq!(p.document, first().document);
        assert!(p.after.starts_with(&first().after), "{}", p.after);
        assert!(p.after.contains("{1}는 {3}에 투자한다."), "{}", p.after);
        assert!(p.after.contains("left out the token {2}"), "{}", p.after);
        assert!(
            !p.after.contains("$10 billion"),
            "the model never sees the pieces: {}",
            p.after
        );
        assert!(
            p.after.ends_with("Corrected Korean translation:"),
            "{}",
            p.after
        );
        assert_eq!(first().sampling, None);
        assert!(
            p.sampling.is_some(),
            "greedy decoding would give the first answer again"
        );
    }

    #[test]
    fn every_problem_reads_as_a_sentence_about_the_answer() {
        let masked = placeholders::mask("Gemini 3 Pro costs $2 per million tokens.", &[]);
        let problems = [
            Problem::Empty,
            Problem::NotTranslated,
            Problem::TooLong,
            Problem::MissingNumber("2".into()),
            Problem::AddedNumber("2027".into()),
            Problem::MissingName("Gemini".into()),
            Problem::AddedName("OpenAI".into()),
            Problem::PlaceholderMissing("$2".into()),
            Problem::PlaceholderRepeated("Gemini 3 Pro".into()),
            Problem::PlaceholderAltered("{9}".into()),
            Problem::UnitAfterPlaceholder("$2".into()),
            Problem::GlossaryTerm("agent-first".into(), "에이전트 우선".into()),
            Problem::Meaning(Disagreement::Negation { source: true }),
        ];
        for p in &problems {
            let said = feedback(p, &masked, "Korean");
            assert!(said.starts_with("It"), "{said}");
            assert!(said.ends_with('.'), "{said}");
            assert!(
                !said.contains("Gemini 3 Pro") && !said.contains("$2 "),
                "{said}"
            );
        }
    }
}
