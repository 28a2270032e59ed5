//! Data passed from the server to the pages. Plain serde structs, compiled on both sides.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ids::{ArticleId, ClaimId, EvidenceSourceId, ResultId, SourceId};
use crate::span::CharSpan;
use crate::vocab::{ClaimKind, EvidenceKind, Relation, Status, Verdict};

/// One sentence of a summary, with the character span (Unicode scalar values, end exclusive)
/// of the article text it was taken from, so every sentence we show can be traced
/// (`span()`; the fields stay apart so the stored and published JSON keep their shape).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SummarySentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DigestItem {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub vendor: String,
    pub title: String,
    pub url: String,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub date_estimated: bool,
    pub language: String,
    pub summary: Vec<SummarySentence>,
    /// The claims this announcement makes that its current text still makes (with those of the
    /// posts in `also`, each still its own article's claim).
    #[serde(default)]
    pub claims: Vec<ClaimCard>,
    /// Other posts covering the same announcement, shown in this section instead of their own.
    #[serde(default)]
    pub also: Vec<Coverage>,
    /// Where this story ranks in its day, and why.
    #[serde(default)]
    pub rank: Rank,
    /// The title and summary in the digest language, when the post is written in another.
    #[serde(default)]
    pub translation: Option<Translation>,
    /// Whose blog carried it, when another organisation than `vendor` wrote it (a guest post).
    #[serde(default)]
    pub hosted_by: Option<String>,
    /// The editor's headline for the story, in the digest language.
    #[serde(default)]
    pub headline: Option<Note>,
    /// The editor's commentary on why the story matters.
    #[serde(default)]
    pub commentary: Option<Note>,
    /// A post of this story written in the digest's language (a local outlet's report of the
    /// announcement), whose checked summary the section shows in that language rather than a
    /// machine translation of this post's.
    #[serde(default)]
    pub report: Option<Report>,
}

/// Another outlet's report of a section's story, in the digest's language: its checked summary
/// stands for the section's body, attributed and linked to its own spans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Report {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub vendor: String,
    pub title: String,
    pub url: String,
    pub language: String,
    pub summary: Vec<SummarySentence>,
}

impl Report {
    /// The summary as one paragraph.
    pub fn summary_text(&self) -> String {
        self.summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A post's title and summary sentences translated into the digest language, each checked
/// against its own original sentence; `None` where there is none to show (the original is
/// shown): the check failed, or the sentence is still waiting for the model (`waiting`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Translation {
    /// `ko` or `en`: pages in this language show it.
    pub language: String,
    pub title: Option<String>,
    /// One per summary sentence, in order.
    pub sentences: Vec<Option<String>>,
    /// The title is not translated yet (not refused: nothing was tried).
    #[serde(default)]
    pub title_waiting: bool,
    /// One per summary sentence: not translated yet.
    #[serde(default)]
    pub waiting: Vec<bool>,
}

/// How much of a day's text in the other language is still waiting for translation into
/// `language`: titles, summary sentences and claim sentences of its posts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TranslationProgress {
    pub language: String,
    /// Titles, summary sentences and claim sentences written in another language than
    /// `language`.
    pub sentences: usize,
    /// … of which no translation has been tried yet.
    pub waiting: usize,
}

impl SummarySentence {
    pub fn span(&self) -> CharSpan {
        CharSpan::new(self.start, self.end)
    }
}

impl DigestItem {
    /// The language one of this section's claims is written in: that of the post it was read
    /// from (the lead or a post folded into the section).
    pub fn claim_language(&self, claim: &ClaimCard) -> &str {
        if claim.article_id == self.article_id {
            return &self.language;
        }
        self.also
            .iter()
            .find(|c| c.article_id == claim.article_id)
            .map_or(&self.language, |c| &c.language)
    }

    /// The summary as one paragraph, in the post's own language.
    pub fn summary_text(&self) -> String {
        self.summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The report in `lang` a page in `lang` shows as this post's body, if any.
    pub fn report_for(&self, lang: Lang) -> Option<&Report> {
        self.report
            .as_ref()
            .filter(|r| r.language == lang.code() && self.language != lang.code())
    }

    /// The translation to show on a page in `lang`, if any.
    pub fn translation_for(&self, lang: Lang) -> Option<&Translation> {
        self.translation
            .as_ref()
            .filter(|t| t.language == lang.code() && self.language != lang.code())
    }
}

/// A story's place in its day: the points of each signal, and whether it leads the digest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Rank {
    pub score: f32,
    pub kind: Option<crate::vocab::StoryKind>,
    /// One of the day's top stories (shown first); the others are grouped by vendor.
    pub top: bool,
    pub reasons: Vec<RankReason>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RankReason {
    pub signal: crate::vocab::RankSignal,
    pub points: f32,
    /// How many (claims, other sources) where the signal counts something.
    pub count: usize,
}

impl Rank {
    /// "launch +3 · 2 checkable claims +1.5 · …", for the section's tooltip and the article page.
    pub fn explain(&self, lang: Lang) -> String {
        use crate::vocab::RankSignal;
        self.reasons
            .iter()
            .map(|r| {
                let what = match (r.signal, self.kind) {
                    (RankSignal::Kind, Some(k)) => k.label(lang).to_string(),
                    (RankSignal::Claims | RankSignal::Coverage | RankSignal::Outlets, _) => {
                        format!("{} {}", r.signal.label(lang), r.count)
                    }
                    _ => r.signal.label(lang).to_string(),
                };
                if r.points == 0.0 {
                    what
                } else {
                    format!("{what} {:+}", (r.points * 10.0).round() / 10.0)
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Several minor posts of one vendor and kind in a day, shown as one line ("7 guides from
/// OpenAI") instead of a section each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Series {
    pub vendor: String,
    pub kind: crate::vocab::StoryKind,
    pub posts: Vec<SeriesPost>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SeriesPost {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub title: String,
    pub url: String,
}

/// Another post of the same story: where it is, and why it was judged the same story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Coverage {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub vendor: String,
    pub title: String,
    pub url: String,
    pub language: String,
    /// Why it is this section's story ("same names (…) and figures (…)"), in English.
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Digest {
    /// `YYYY-MM-DD` in the configured time zone.
    pub date: String,
    pub items: Vec<DigestItem>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The model-written lead paragraph, when one matches the day's current summaries.
    pub lead: Option<Lead>,
    /// Minor posts folded into one line per vendor and kind (their sections are not in `items`).
    #[serde(default)]
    pub series: Vec<Series>,
    /// Stories an editor hid from the day (listed, with links, never silently dropped).
    #[serde(default)]
    pub hidden: Vec<SeriesPost>,
    /// The editor's lead and closing section for the day.
    #[serde(default)]
    pub notes: DayNotes,
    /// How many of the day's sentences in the other language still wait for translation.
    #[serde(default)]
    pub translation_progress: Option<TranslationProgress>,
    /// The claim sentences of sections in the other language that a translation into the
    /// digest's language was tried for. A claim line on a page in that language shows the
    /// checked translation, the verbatim sentence on hover and on the claim's page.
    #[serde(default)]
    pub claim_translations: Vec<ClaimSentenceTranslation>,
}

/// A claim's verbatim sentence and its checked translation (None: refused, so the sentence is
/// shown as written).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimSentenceTranslation {
    pub sentence: String,
    pub language: String,
    pub text: Option<String>,
}

/// The editor's voice for a whole day: shown labelled as the editor's, apart from the checked
/// summaries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DayNotes {
    pub lead: Option<Note>,
    /// "Expected future": the editor's closing section.
    pub closing: Option<Note>,
}

/// A note an editor wrote, with who and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Note {
    pub text: String,
    pub editor: String,
    /// RFC 3339.
    pub at: String,
}

/// A lead paragraph written by the local model and checked against the day's summaries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lead {
    /// `ko` or `en`: pages in the other language use the fixed lead line.
    pub language: String,
    pub text: String,
}

impl Digest {
    /// The claim sentences a translation into `lang` was tried for, each with its checked
    /// translation (None: refused, the verbatim sentence is quoted).
    pub fn claim_translations_in(&self, lang: Lang) -> HashMap<&str, Option<&str>> {
        self.claim_translations
            .iter()
            .filter(|t| t.language == lang.code())
            .map(|t| (t.sentence.as_str(), t.text.as_deref()))
            .collect()
    }

    /// The lead paragraph for a page or export in `lang`.
    pub fn lead_text(&self, lang: Lang) -> String {
        match &self.lead {
            Some(l) if l.language == lang.code() => l.text.clone(),
            _ => lead_line(&self.items, lang),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Article {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub id: ArticleId,
    pub vendor: String,
    pub source_name: String,
    pub title: String,
    pub url: String,
    pub canonical_url: String,
    pub language: String,
    pub published_at: String,
    pub date_estimated: bool,
    pub fetched_at: String,
    pub updated_at: String,
    /// `YYYY-MM-DD` of the digest this article appears in.
    pub digest_date: String,
    /// Plain text extracted from the sanitized HTML; summary spans index into it.
    pub text: String,
    pub summary: Vec<SummarySentence>,
    pub summary_method: String,
    /// Sentences the model wrote that the grounding check dropped, with the reason; only
    /// filled for the editors' debug view.
    pub dropped: Vec<DroppedSentence>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DroppedSentence {
    pub text: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourceStatus {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub id: SourceId,
    pub name: String,
    pub vendor: String,
    pub location: String,
    pub language: String,
    pub enabled: bool,
    pub last_fetch_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub failures: i64,
    pub next_attempt_at: Option<String>,
    pub entry_count: i64,
    /// Where the source's URL now redirects permanently: sources.toml should say so.
    #[serde(default)]
    pub moved_to: Option<String>,
    /// The WebSub hub the source's feed names, and how the subscription stands.
    #[serde(default)]
    pub websub: Option<SourceWebSub>,
}

/// A source's WebSub subscription as `/sources` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourceWebSub {
    pub hub: String,
    pub topic: String,
    /// `discovered`, `requested`, `subscribed`, `denied`, `failed`, or `polling_only` (the
    /// server has no callback URL, so it cannot subscribe).
    pub state: String,
    /// Local time the lease ends (subscribed only).
    pub lease_expires_at: Option<String>,
    pub last_error: Option<String>,
    pub pushes: i64,
    pub last_push_at: Option<String>,
}

/// What an editor sees on `/sources` besides the list: the form token and the latest changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAdmin {
    pub csrf: String,
    pub changes: Vec<SourceChangeLine>,
}

/// What an editor sees on `/claims` above the list: claim subjects no entity list holds,
/// each waiting for an answer, and the form token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamesToConfirm {
    pub csrf: String,
    pub names: Vec<NameToConfirm>,
    /// More names wait than are shown.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameToConfirm {
    /// As most claims write it.
    pub name: String,
    /// Other ways claims write it.
    pub spellings: Vec<String>,
    pub claims: u32,
    /// The newest claim that names it.
    pub latest: ClaimId,
    /// A vendor whose post wrote it.
    pub vendor: String,
}

/// One change an editor made to a source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceChangeLine {
    pub source_id: SourceId,
    pub editor: String,
    /// RFC 3339 in the configured time zone.
    pub at: String,
    pub change: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArchiveDay {
    pub date: String,
    pub count: usize,
}

/// What the search page and `GET /api/search` accept. Every field is optional text so that a
/// wrong value (a bad date, an unknown sort) is reported as a note instead of failing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    /// Vendor slug, e.g. `openai`, `huggingface`.
    #[serde(default)]
    pub vendor: Option<String>,
    /// `en` or `ko`.
    #[serde(default)]
    pub lang: Option<String>,
    /// A claim status key, e.g. `reproduced`: articles with a current claim in that status.
    #[serde(default)]
    pub status: Option<String>,
    /// `YYYY-MM-DD`, inclusive, in the configured time zone.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    #[serde(default)]
    pub sort: Option<String>,
    /// 1-based.
    #[serde(default)]
    pub page: Option<u32>,
}

/// A piece of highlighted text: `mark` pieces matched the query. Plain text, never HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub vendor: String,
    pub vendor_slug: String,
    pub title: Vec<Fragment>,
    pub url: String,
    /// RFC 3339 in the configured time zone.
    pub published_at: String,
    pub language: String,
    /// From the summary when it matched, else from the article text, else the summary's start.
    pub snippet: Vec<Fragment>,
    pub score: f32,
    /// Claim statuses of the article's claims (filled by the claim tracker).
    pub statuses: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VendorFacet {
    pub slug: String,
    pub name: String,
    pub count: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The query was cut to this many characters.
    Truncated,
    /// More terms than this were ignored.
    TooManyTerms,
    UnbalancedQuote,
    /// An operator (AND, OR, -) with nothing to apply to.
    Dangling,
    /// `name:` is not a field; the value was searched as words.
    UnknownField,
    /// This part has no searchable characters.
    NoWords,
    /// A filter parameter that could not be read (detail names it) and was ignored.
    BadFilter,
    /// The page number is out of range; the detail is the page shown.
    PageOutOfRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueryNote {
    pub kind: NoteKind,
    pub detail: String,
}

/// A follow-up search offered when there are no results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Suggestion {
    /// Search again without this filter (`vendor`, `lang`, `date`).
    DropFilter(String, SearchParams),
    /// A respelled query whose words exist in the index.
    Spelling(String, SearchParams),
    /// Any of the words instead of all of them.
    AnyWord(SearchParams),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The request as understood (page clamped, bad filters dropped).
    pub params: SearchParams,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    /// Matches per vendor with every filter but the vendor one applied.
    pub facets: Vec<VendorFacet>,
    pub notes: Vec<QueryNote>,
    pub suggestions: Vec<Suggestion>,
    pub took_ms: f64,
}

/// A claim as lists, digests and feeds show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimCard {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub id: ClaimId,
    pub kind: ClaimKind,
    pub status: Status,
    pub vendor: String,
    pub subject: Option<String>,
    pub metric: Option<String>,
    /// As written in the sentence.
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub unit: Option<String>,
    pub comparison: Option<String>,
    /// "up to", "at least", "약": how the value is bounded, as written.
    pub qualifier: Option<String>,
    /// Evaluation or run settings stated with the value ("5-shot", "single H100").
    pub settings: Vec<String>,
    /// The subject was named in an earlier sentence, not in this one.
    pub subject_from_context: bool,
    /// Canonical model and benchmark ids (content/entities.toml), for their pages.
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
    /// The verbatim sentence.
    pub sentence: String,
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub article_title: String,
    pub article_url: String,
    /// RFC 3339 in the configured time zone: when the claim's article was published.
    pub published_at: String,
    /// False once a later version of the article stopped making the claim.
    pub current: bool,
    /// When the status was last set (RFC 3339, configured zone).
    pub status_at: Option<String>,
    /// The claim's benchmark has been retired, found contaminated or saturated.
    #[serde(default)]
    pub benchmark_note: Option<BenchmarkNote>,
    /// What others measured on the claim's model, benchmark and settings (lists fill it;
    /// an editor still decides the status).
    #[serde(default)]
    pub measured_by_others: Option<MeasuredByOthers>,
}

/// The newest independent result on a claim's model, benchmark and settings: "71.2% measured
/// by Vals AI", and how many such results there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasuredByOthers {
    /// As the publisher states it ("71.2%").
    pub measured: String,
    pub publisher: String,
    pub url: Option<String>,
    pub results: u32,
}

impl MeasuredByOthers {
    /// "74.9% claimed · 71.2% measured by Vals AI" (the claimed part when the claim has a
    /// value), with the count when more than one result measures it.
    pub fn line(&self, claimed: Option<&str>, lang: Lang) -> String {
        let more = (self.results > 1).then(|| match lang {
            Lang::Ko => format!(" (결과 {}건)", self.results),
            Lang::En => format!(" ({} results)", self.results),
        });
        let more = more.unwrap_or_default();
        match (lang, claimed) {
            (Lang::Ko, Some(c)) => {
                format!("주장 {c} · {} 측정 {}{more}", self.publisher, self.measured)
            }
            (Lang::Ko, None) => format!("{} 측정 {}{more}", self.publisher, self.measured),
            (Lang::En, Some(c)) => format!(
                "{c} claimed · {} measured by {}{more}",
                self.measured, self.publisher
            ),
            (Lang::En, None) => format!("{} measured by {}{more}", self.measured, self.publisher),
        }
    }
}

/// Per vendor: how many of its benchmark claims others have measured, and how far off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VendorCoverage {
    pub vendor: String,
    /// Its current benchmark claims.
    pub claims: u32,
    /// Those with at least one independent result on the same model, benchmark and settings.
    pub measured: u32,
    /// The median of (newest measured − claimed) over its measured percentage claims, in
    /// points.
    pub median_points: Option<f64>,
}

/// A benchmark's standing as recorded in content/entities.toml, with where it was said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BenchmarkNote {
    pub benchmark: String,
    pub state: crate::vocab::BenchmarkState,
    /// `YYYY-MM-DD`.
    pub since: String,
    pub source: String,
    pub note: String,
}

/// One piece of evidence, with the difference between the measured and the claimed value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub organisation: String,
    pub kind: EvidenceKind,
    pub relation: Relation,
    pub verdict: Verdict,
    pub measured_value: Option<String>,
    pub interval: Option<String>,
    pub settings: Option<String>,
    pub note: Option<String>,
    /// Measured minus claimed, when both are numbers in the same unit ("-2.1 points").
    pub delta: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<i64>))]
    pub article_id: Option<ArticleId>,
    pub added_by: String,
    pub added_at: String,
}

/// One event of a claim's log, as the history timeline shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub id: i64,
    /// `recorded`, `status`, `evidence`, `correction`, `restated`, `dismissed`.
    pub kind: String,
    pub at: String,
    pub actor: String,
    /// For status events.
    pub from: Option<Status>,
    pub to: Option<Status>,
    /// A human-readable line built from the payload.
    pub detail: String,
    pub hash: String,
}

/// A later article that mentions the claim's subject and benchmark.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SuggestedEvidence {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub article_id: ArticleId,
    pub title: String,
    pub vendor: String,
    pub url: String,
    pub published_at: String,
}

/// A third-party result that bears on a claim, and what it suggests; an editor decides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultSuggestion {
    #[cfg_attr(feature = "ssr", schema(value_type = i64))]
    pub result_id: ResultId,
    pub publisher: String,
    pub licence: String,
    /// The model and benchmark as the publisher names them.
    pub model: String,
    pub benchmark: String,
    /// The measured value as shown ("65.0%").
    pub measured: String,
    /// The publisher's interval or the 90% interval from its standard error.
    pub interval: Option<String>,
    /// Measured minus claimed ("−9.9 points").
    pub delta: Option<String>,
    pub verdict: crate::vocab::Verdict,
    /// Why that verdict: inside or outside the interval, or the default tolerance.
    pub basis: String,
    pub relation: crate::vocab::Relation,
    pub settings: Vec<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// One point of an entity page's chart: a claimed or an independently measured percentage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChartPoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub value: f64,
    pub measured: bool,
    /// The other side of the pair: the benchmark on a model's page, the model on a benchmark's.
    pub series: String,
    /// Who claimed or measured it.
    pub by: String,
    pub href: Option<String>,
}

/// A third-party result as listed on an entity page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultLine {
    pub publisher: String,
    pub model: String,
    pub benchmark: String,
    pub measured: String,
    pub interval: Option<String>,
    pub settings: Vec<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// `/model/{id}` and `/benchmark/{id}`: a canonical entity, every claim and measurement about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EntityPage {
    /// "model" or "benchmark".
    pub kind: String,
    pub id: String,
    pub name: String,
    pub vendor: Option<String>,
    pub aliases: Vec<String>,
    pub claims: Vec<ClaimCard>,
    pub results: Vec<ResultLine>,
    pub points: Vec<ChartPoint>,
    /// Editors get the form that adds a name; filled only for the page.
    pub viewer: Option<Viewer>,
}

/// The model this replica summarizes with (`/sources`): `state` is `disabled`, `starting`,
/// `ready`, `paused` (a failing model server left alone for a while) or `unavailable`, with the
/// reason for the last two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModelStatus {
    /// `local` or `openai`.
    pub backend: String,
    pub state: String,
    /// What answers: the GGUF and its SHA-256, or the server's model and address.
    pub model: String,
    pub reason: Option<String>,
}

/// The scheduled ingestion rounds (`/readyz` in RFC 3339 UTC, `/sources` in the configured
/// zone). A round cut by a restart (a kill, a deploy's SIGTERM, a lost lease) is resumed at
/// the next start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundsView {
    pub last_started_at: Option<String>,
    pub last_finished_at: Option<String>,
    pub last_cut_at: Option<String>,
    pub last_cut_reason: Option<String>,
    /// When the round that resumed the cut one started, and when it finished.
    pub resumed_at: Option<String>,
    pub resumed_finished_at: Option<String>,
}

/// How the last read of one evidence source went (`/sources`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EvidenceSourceStatus {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub id: EvidenceSourceId,
    /// RFC 3339 in the configured zone.
    pub fetched_at: String,
    pub results: i64,
    pub new_results: i64,
    /// Rows skipped, with their line: "line 3: score \"lots\" is not a number" (a datastore's
    /// files, by path).
    pub problems: Vec<String>,
    pub error: Option<String>,
    /// RFC 3339 in the configured zone: the last read that ended without an error.
    pub last_good_at: Option<String>,
    /// Results the last read found changed at the source (the old ones are kept).
    pub changes: Vec<String>,
    /// Changed files the last read left for the next one (its time budget or file cap).
    pub files_left: i64,
}

/// Every version of the claim's article the ingester saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleVersion {
    pub content_hash: String,
    pub first_seen: String,
    pub last_seen: String,
}

/// The signed-in editor, with the token every form they submit must carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Viewer {
    pub name: String,
    pub editor: bool,
    pub csrf: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimDetail {
    pub claim: ClaimCard,
    /// Character span of the sentence in the article text (`span()`).
    pub span_start: usize,
    pub span_end: usize,
    pub fields_method: String,
    pub evidence: Vec<EvidenceView>,
    pub history: Vec<HistoryEntry>,
    /// What the evidence suggests, with why; an editor decides.
    pub suggested_status: Option<(Status, String)>,
    pub suggestions: Vec<SuggestedEvidence>,
    /// Third-party results on the same model and benchmark with compatible settings.
    pub results: Vec<ResultSuggestion>,
    pub versions: Vec<ArticleVersion>,
    /// schema.org ClaimReview JSON-LD, when the claim has a review.
    pub json_ld: Option<String>,
    /// Filled only for the page, never by the JSON API.
    pub viewer: Option<Viewer>,
}

impl ClaimDetail {
    /// The sentence's span (`span_start`, `span_end`: the API's field names).
    pub fn span(&self) -> CharSpan {
        CharSpan::new(self.span_start, self.span_end)
    }
}

/// `/claims` and `GET /api/claims` filters; unreadable values become notes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct ClaimsQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    /// `YYYY-MM-DD`, inclusive, on the claim's publication date.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// `needs-reproduction`: unverified current claims, oldest first.
    #[serde(default)]
    pub view: Option<String>,
    /// Which page of the list, from 1.
    #[serde(default)]
    pub page: Option<String>,
    /// Claims a page, 1–500 (default 50).
    #[serde(default)]
    pub per_page: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VendorStatusCounts {
    pub vendor: String,
    pub counts: Vec<(Status, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimsPage {
    pub query: ClaimsQuery,
    /// This page's claims, in the list's order.
    pub claims: Vec<ClaimCard>,
    /// The page shown, from 1, and how many claims a page holds.
    pub page: u32,
    pub per_page: u32,
    /// Whether a next page holds more claims.
    pub more: bool,
    pub notes: Vec<String>,
    pub vendors: Vec<String>,
    /// Over all claims (not the filtered list): the charts show the whole tracker.
    pub by_vendor: Vec<VendorStatusCounts>,
    /// (`YYYY-MM`, claims first published that month).
    pub by_month: Vec<(String, u32)>,
    /// Per vendor: how far its percentage claims sit from accepted independent measurements.
    pub claimed_vs_measured: Vec<VendorDelta>,
    /// Per vendor: its benchmark claims that published independent results measure.
    #[serde(default)]
    pub coverage: Vec<VendorCoverage>,
}

/// The median of (measured − claimed) over a vendor's percentage claims with accepted
/// third-party or community measurements, in points, and how many measurements it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VendorDelta {
    pub vendor: String,
    pub median_points: f64,
    pub count: u32,
}

/// The short lead line under the title: how many announcements from which vendors.
/// "7 guides from OpenAI" / "OpenAI 활용 가이드 7건": a folded series in one line.
pub fn series_line(series: &Series, lang: Lang) -> String {
    let n = series.posts.len();
    match lang {
        Lang::En => format!("{n} {} from {}", series.kind.plural(lang), series.vendor),
        Lang::Ko => format!("{} {} {n}건", series.vendor, series.kind.plural(lang)),
    }
}

pub fn lead_line(items: &[DigestItem], lang: Lang) -> String {
    let mut vendors: Vec<&str> = Vec::new();
    for item in items {
        if !vendors.contains(&item.vendor.as_str()) {
            vendors.push(&item.vendor);
        }
    }
    let shown = vendors
        .iter()
        .take(4)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = vendors.len() > 4;
    match lang {
        Lang::Ko => {
            let etc = if more { " 등" } else { "" };
            format!(
                "{shown}{etc} {}곳의 발표 {}건을 정리했습니다.",
                vendors.len(),
                items.len()
            )
        }
        Lang::En => {
            let noun = if items.len() == 1 {
                "announcement"
            } else {
                "announcements"
            };
            let vnoun = if vendors.len() == 1 {
                "vendor"
            } else {
                "vendors"
            };
            let etc = if more { ", and others" } else { "" };
            format!(
                "{} {noun} from {} {vnoun}: {shown}{etc}.",
                items.len(),
                vendors.len()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_counts_distinct_vendors() {
        let item = |v: &str| DigestItem {
            article_id: ArticleId::new(1),
            vendor: v.into(),
            title: "t".into(),
            url: "u".into(),
            published_at: String::new(),
            date_estimated: false,
            language: "en".into(),
            summary: vec![],
            claims: vec![],
            also: vec![],
            rank: Default::default(),
            translation: None,
            hosted_by: None,
            headline: None,
            commentary: None,
            report: None,
        };
        let items = vec![item("OpenAI"), item("OpenAI"), item("Google")];
        assert_eq!(
            lead_line(&items, Lang::En),
            "3 announcements from 2 vendors: OpenAI, Google."
        );
        assert_eq!(
            lead_line(&items, Lang::Ko),
            "OpenAI, Google 2곳의 발표 3건을 정리했습니다."
        );
    }
}
