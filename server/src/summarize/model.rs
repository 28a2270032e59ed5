//! Summaries written by the local model and checked sentence by sentence against the source.
//! A summary that loses too much to the check is not shown: the extractive one stays.

use serde::{Deserialize, Serialize};

use super::backend::Model;
use super::grounding::{self, Dropped};
use super::llama::{Generation, LlmError, Prompt};
use super::{Summary, SummaryInput, SummarySentence};

/// Bump when the prompt or the checks change: every article is summarized again.
pub const PROMPT_VERSION: u32 = 1;
/// Fewer kept characters than this and the summary is not worth showing.
const MIN_KEPT_CHARS: usize = 40;

pub struct ModelSummarizer {
    model: Model,
    max_new_tokens: u32,
    /// `Some(code)`: always write in this language; `None`: in the article's language.
    fixed_language: Option<String>,
}

/// One model summary and what the check made of it.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The kept sentences, or None when too little survived (the extractive summary stays).
    pub summary: Option<Summary>,
    pub dropped: Vec<Dropped>,
    pub kept: usize,
    pub generation: Generation,
    pub language: String,
}

/// What is recorded for every model run, shown to editors in the debug view.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunRecord {
    pub model_sha256: String,
    pub prompt_version: u32,
    pub kept: usize,
    pub dropped: Vec<Dropped>,
    pub fallback: bool,
    pub raw: String,
}

pub(crate) fn language_name(code: &str) -> &'static str {
    match code {
        "ko" => "Korean",
        _ => "English",
    }
}

impl ModelSummarizer {
    pub fn new(model: Model, max_new_tokens: u32, fixed_language: Option<String>) -> Self {
        ModelSummarizer {
            model,
            max_new_tokens,
            fixed_language,
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Names the model and the prompt; part of the cache key and shown beside the summary.
    pub fn method(&self) -> String {
        self.model.method(&format!("p{PROMPT_VERSION}"))
    }

    fn output_language<'a>(&'a self, article_language: &'a str) -> &'a str {
        self.fixed_language.as_deref().unwrap_or(article_language)
    }

    pub fn prompt(&self, input: &SummaryInput<'_>) -> Prompt {
        let lang = language_name(self.output_language(input.language));
        Prompt {
            system: format!(
                "You write summaries of AI company announcements for a daily news digest. \
                 Write exactly 3 short sentences in {lang}. Use only facts stated in the article. \
                 Copy every number, name, product and date exactly as the article writes it. \
                 Add no opinion, background or prediction. Output only the 3 sentences."
            ),
            before: format!("Title: {}\n\nArticle:\n", input.title),
            document: input.text.to_string(),
            after: format!("\n\nWrite the 3-sentence summary in {lang}."),
            max_new_tokens: self.max_new_tokens,
            grammar: None,
            schema: None,
        }
    }

    pub async fn summarize(&self, input: &SummaryInput<'_>) -> Result<Checked, LlmError> {
        let generation = self.model.generate(self.prompt(input)).await?;
        let language = self.output_language(input.language).to_string();
        let checked = grounding::check(
            &generation.text,
            input.title,
            input.text,
            &language,
            language != input.language,
        );
        let kept_chars: usize = checked.kept.iter().map(|s| s.text.chars().count()).sum();
        let kept = checked.kept.len();
        let summary = (kept_chars >= MIN_KEPT_CHARS).then(|| Summary {
            method: self.method(),
            sentences: checked.kept,
        });
        Ok(Checked {
            summary,
            dropped: checked.dropped,
            kept,
            generation,
            language,
        })
    }

    /// The digest's lead paragraph from the day's titles and summary sentences, checked
    /// against them as its source. None when nothing survives the check.
    pub async fn lead(
        &self,
        language: &str,
        items: &[(String, String, Vec<SummarySentence>)],
    ) -> Result<Option<(String, Generation)>, LlmError> {
        let mut source = String::new();
        for (vendor, title, sentences) in items {
            source.push_str(&format!("{vendor}: {title}."));
            for s in sentences {
                source.push(' ');
                source.push_str(&s.text);
            }
            source.push_str("\n\n");
        }
        let lang = language_name(language);
        let prompt = Prompt {
            system: format!(
                "You write the opening paragraph of a daily AI news digest. Write 2 short sentences \
                 in {lang} that name the companies and their main announcements of the day. Use only \
                 the facts given; copy names and numbers exactly. Output only the 2 sentences."
            ),
            before: "Today's announcements:\n\n".into(),
            document: source.clone(),
            after: format!("\nWrite the 2-sentence opening paragraph in {lang}."),
            max_new_tokens: self.max_new_tokens.min(160),
            grammar: None,
            schema: None,
        };
        let generation = self.model.generate(prompt).await?;
        // The source is mostly English summaries; a Korean lead is checked on its anchors.
        let source_korean = source
            .chars()
            .filter(|c| matches!(c, '\u{AC00}'..='\u{D7A3}'))
            .count()
            * 2
            > source.chars().filter(char::is_ascii_alphabetic).count();
        let source_lang = if source_korean { "ko" } else { "en" };
        let checked = grounding::check(
            &generation.text,
            "",
            &source,
            language,
            source_lang != language,
        );
        let text: Vec<String> = checked.kept.into_iter().map(|s| s.text).collect();
        let text = text.join(" ");
        Ok((text.chars().count() >= MIN_KEPT_CHARS).then_some((text, generation)))
    }
}
