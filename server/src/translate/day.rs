//! A day's digest in the other language: the checked translations its sections show, how much
//! of it still waits for one, and which texts those are (what `translating::translate_day`
//! asks the model for, in the order a reader meets them).

use std::collections::{HashMap, HashSet};

use app::i18n::Lang;
use app::ids::ArticleId;
use app::models::{
    ClaimSentenceTranslation, Digest, DigestItem, SummarySentence, Translation, TranslationProgress,
};

use super::{needs_translation, sentence_hash, VERSION};
use crate::db::{DbError, Reads};
use crate::stories::post::{Post, Section};

/// What a section shows that a translation may stand for: its lead post's language, title and
/// summary, the translation it has, and the language of the outlet's report it shows, if any.
pub struct Shown<'a> {
    pub language: &'a str,
    pub title: &'a str,
    pub summary: &'a [SummarySentence],
    pub translation: Option<&'a Translation>,
    pub report_language: Option<&'a str>,
}

impl<'a> Shown<'a> {
    /// A section of the built page.
    pub fn item(i: &'a DigestItem) -> Shown<'a> {
        Shown {
            language: &i.language,
            title: &i.title,
            summary: &i.summary,
            translation: i.translation.as_ref(),
            report_language: i.report.as_ref().map(|r| r.language.as_str()),
        }
    }

    /// A section before the page is made: its translation from `translations` and its report
    /// as a page in `target` picks it.
    pub fn section(
        s: &'a Section,
        translations: &'a HashMap<ArticleId, Translation>,
        target: &str,
    ) -> Shown<'a> {
        Shown {
            language: &s.lead.language,
            title: &s.lead.title,
            summary: &s.lead.summary,
            translation: translations.get(&s.lead.article_id),
            report_language: s.report(target).map(|p| p.language.as_str()),
        }
    }

    /// The translation a page in `lang` shows, if any (`DigestItem::translation_for`).
    fn translation_for(&self, lang: Lang) -> Option<&'a Translation> {
        self.translation
            .filter(|t| t.language == lang.code() && self.language != lang.code())
    }

    /// Whether a page in `lang` shows a report as the body (`DigestItem::report_for`).
    fn report_for(&self, lang: Lang) -> bool {
        self.report_language == Some(lang.code()) && self.language != lang.code()
    }
}

/// Whether a title or sentence of this digest is still waiting for its translation into
/// `target` (a refused one is not asked again, so it does not count).
pub fn awaits_translation(digest: &Digest, target: &str) -> bool {
    digest
        .translation_progress
        .as_ref()
        .is_some_and(|p| p.language == target && p.waiting > 0)
}

/// One stored translation as the page may show it: checked again by the meaning check and
/// the form checks (`check::form_problems`), which translations stored before them have not
/// been through (a disagreement is a refusal).
fn still_checked(
    stored: Option<&Option<String>>,
    source: &str,
    from: &str,
    target: &str,
) -> Option<Option<String>> {
    let stored = stored?;
    Some(stored.clone().filter(|text| {
        super::meaning::check(source, text, from, target).is_empty()
            && super::check::form_problems(source, text).is_empty()
    }))
}

/// Stored translations into one language by sentence hash, as tried (`None`: refused).
pub struct Stored(HashMap<String, Option<String>>);

impl Stored {
    fn get(&self, text: &str) -> Option<&Option<String>> {
        self.0.get(&sentence_hash(text))
    }
}

/// The stored translations into `target` of all that a day's posts may show in another
/// language, one query per 400 sentences (none when nothing is): the title and summary
/// sentences and the claim sentences of every post written in another language. Read before
/// the posts are grouped so that the page's connection is given back before any grouping
/// work; the price is the titles and summaries of posts that will be folded into another's
/// section, looked up and never shown (on a day of many foreign posts, up to as many lookups
/// again as the sections' own).
pub async fn stored(store: &Reads, posts: &[Post], target: &str) -> Result<Stored, DbError> {
    let mut hashes: Vec<String> = Vec::new();
    for post in posts
        .iter()
        .filter(|p| needs_translation(&p.language, target))
    {
        hashes.push(sentence_hash(&post.title));
        hashes.extend(post.summary.iter().map(|x| sentence_hash(&x.text)));
        hashes.extend(post.claims.iter().map(|c| sentence_hash(&c.sentence)));
    }
    hashes.sort_unstable();
    hashes.dedup();
    if hashes.is_empty() {
        return Ok(Stored(HashMap::new()));
    }
    Ok(Stored(
        store
            .stored_translations(&hashes, target, VERSION)
            .await?
            .into_iter()
            .collect(),
    ))
}

/// The checked translations of the title and summary sentences of each section whose lead is
/// written in another language than `target`, by the lead's article, where any was tried.
pub fn translations(
    found: &Stored,
    sections: &[Section],
    target: &str,
) -> HashMap<ArticleId, Translation> {
    let foreign = |s: &&Section| needs_translation(&s.lead.language, target);
    let mut out = HashMap::new();
    for post in sections.iter().filter(foreign).map(|s| &s.lead) {
        let from = &post.language;
        let title = still_checked(found.get(&post.title), &post.title, from, target);
        let sentences: Vec<Option<Option<String>>> = post
            .summary
            .iter()
            .map(|s| still_checked(found.get(&s.text), &s.text, from, target))
            .collect();
        let waiting: Vec<bool> = sentences.iter().map(Option::is_none).collect();
        if title.is_some() || sentences.iter().any(Option::is_some) {
            out.insert(
                post.article_id,
                Translation {
                    language: target.to_string(),
                    title_waiting: title.is_none(),
                    title: title.flatten(),
                    sentences: sentences.into_iter().map(Option::flatten).collect(),
                    waiting,
                },
            );
        }
    }
    out
}

/// How many titles and summary sentences the sections show in another language than
/// `target`, and how many of them still wait for a translation (`awaiting`). `None` when no
/// section's post is in the other language.
pub fn progress(shown: &[Shown<'_>], target: &str) -> Option<TranslationProgress> {
    let lang = Lang::parse(target)?;
    let foreign: Vec<&Shown<'_>> = shown
        .iter()
        .filter(|s| needs_translation(s.language, target))
        .collect();
    if foreign.is_empty() {
        return None;
    }
    let sentences = foreign
        .iter()
        .map(|s| {
            1 + if s.report_for(lang) {
                0
            } else {
                s.summary.len()
            }
        })
        .sum();
    Some(TranslationProgress {
        language: target.to_string(),
        sentences,
        waiting: awaiting(shown, target).len(),
    })
}

/// The titles and shown summary sentences of these sections that wait for a translation into
/// `target` (never tried; a refused one is not asked again), each with the language it is
/// written in: every title first, then the sentences, in the sections' order. A section whose
/// body is an outlet's report in `target` waits only for its title.
pub fn awaiting(shown: &[Shown<'_>], target: &str) -> Vec<(String, String)> {
    let Some(lang) = Lang::parse(target) else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    for s in shown
        .iter()
        .filter(|s| needs_translation(s.language, target))
    {
        let translation = s.translation_for(lang);
        if translation.is_none_or(|t| t.title_waiting) {
            titles.push((s.title.to_string(), s.language.to_string()));
        }
        if s.report_for(lang) {
            continue;
        }
        for (k, x) in s.summary.iter().enumerate() {
            if translation.is_none_or(|t| t.waiting.get(k).copied().unwrap_or(true)) {
                sentences.push((x.text.clone(), s.language.to_string()));
            }
        }
    }
    titles.extend(sentences);
    titles
}

/// The claim sentences a built page's sections show in another language than `target`, each
/// once, in the page's order, with the language each is written in.
fn foreign_claim_sentences<'a>(items: &'a [DigestItem], target: &str) -> Vec<(&'a str, &'a str)> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out: Vec<(&str, &str)> = Vec::new();
    for item in items {
        for c in &item.claims {
            let language = item.claim_language(c);
            if needs_translation(language, target) && seen.insert(&c.sentence) {
                out.push((&c.sentence, language));
            }
        }
    }
    out
}

/// Those of `foreign_claim_sentences` that are not also a title or shown summary sentence (one
/// translation serves both; it is counted and asked for once, as the summary's).
fn claim_sentences_of_their_own<'a>(
    items: &'a [DigestItem],
    target: &str,
) -> Vec<(&'a str, &'a str)> {
    let Some(lang) = Lang::parse(target) else {
        return Vec::new();
    };
    let mut counted: HashSet<&str> = HashSet::new();
    for (item, shown) in items.iter().map(|i| (i, Shown::item(i))) {
        if !needs_translation(&item.language, target) {
            continue;
        }
        counted.insert(&item.title);
        if !shown.report_for(lang) {
            counted.extend(item.summary.iter().map(|s| s.text.as_str()));
        }
    }
    foreign_claim_sentences(items, target)
        .into_iter()
        .filter(|(s, _)| !counted.contains(s))
        .collect()
}

/// The claim sentences of the page that a translation into `target` was tried for, each with
/// its checked translation (a refused one, or one the checks now refuse, has none). `found`
/// is `stored` of the day's posts the page was made from.
pub fn claim_translations(
    found: &Stored,
    items: &[DigestItem],
    target: &str,
) -> Vec<ClaimSentenceTranslation> {
    foreign_claim_sentences(items, target)
        .into_iter()
        .filter_map(|(sentence, from)| {
            let text = still_checked(found.get(sentence), sentence, from, target)?;
            Some(ClaimSentenceTranslation {
                sentence: sentence.to_string(),
                language: target.to_string(),
                text,
            })
        })
        .collect()
}

/// Counts the page's claim sentences in another language into its progress: how many there
/// are and how many no translation was tried for. A day whose sections are all in `target`
/// may still quote claims of posts folded into them in the other language.
pub fn with_claims(
    progress: Option<TranslationProgress>,
    items: &[DigestItem],
    tried: &[ClaimSentenceTranslation],
    target: &str,
) -> Option<TranslationProgress> {
    let sentences = claim_sentences_of_their_own(items, target);
    if sentences.is_empty() {
        return progress;
    }
    let tried: HashSet<&str> = tried.iter().map(|t| t.sentence.as_str()).collect();
    let mut progress = progress.unwrap_or_else(|| TranslationProgress {
        language: target.to_string(),
        sentences: 0,
        waiting: 0,
    });
    progress.sentences += sentences.len();
    progress.waiting += sentences.iter().filter(|(s, _)| !tried.contains(s)).count();
    Some(progress)
}

/// `awaiting` for a built page, then its claim sentences no translation was tried for.
pub fn texts_awaiting_translation(digest: &Digest, target: &str) -> Vec<(String, String)> {
    let shown: Vec<Shown<'_>> = digest.items.iter().map(Shown::item).collect();
    let mut out = awaiting(&shown, target);
    let tried: HashSet<&str> = digest
        .claim_translations
        .iter()
        .filter(|t| t.language == target)
        .map(|t| t.sentence.as_str())
        .collect();
    for (sentence, from) in claim_sentences_of_their_own(&digest.items, target) {
        if !tried.contains(sentence) {
            out.push((sentence.to_string(), from.to_string()));
        }
    }
    out
}
