//! Editors' state-changing forms: on the claim page, add evidence, set the status, accept or
//! dismiss suggested evidence; on /sources, add a feed or change a source. Each takes the
//! `Editor` extractor (an editor's session, the CSRF token and the Origin checked), validates every
//! field (a wrong field is a 400 naming it, with nothing written), then writes the change and
//! its log event in one transaction and redirects back to the claim.

use app::ids::{ArticleId, ClaimId, ResultId, SourceId};
use app::vocab::{EvidenceKind, NameVerdict, NoteKind, Placement, Relation, Status, Verdict};
use axum::extract::{Path, State};
use axum::response::Response;

use super::error::{AppError, HtmlError};
use super::session::{see_other, Form};
use super::signed_in::Editor;
use super::WebState;
use crate::claims::record::{self as claims, NewEvidence};
use crate::claims::ClaimError;
use crate::dates::ts;
use crate::summarize::numbers;

fn claim_id(raw: &str) -> Result<ClaimId, AppError> {
    raw.parse::<ClaimId>()
        .ok()
        .filter(|id| id.get() > 0)
        .ok_or_else(|| AppError::NotFound("There is no such claim.".into()))
}

/// Collects every problem with the form, so the editor fixes them in one go.
pub(super) struct Problems(pub(super) Vec<String>);

impl Problems {
    fn text(
        &mut self,
        form: &Form,
        name: &str,
        label: &str,
        max: usize,
        required: bool,
    ) -> Option<String> {
        match form.get(name) {
            None if required => {
                self.0.push(format!("{label} is required."));
                None
            }
            None => None,
            Some(v) if v.chars().count() > max => {
                self.0
                    .push(format!("{label} is longer than {max} characters."));
                None
            }
            Some(v) => Some(v),
        }
    }

    fn choice<T>(
        &mut self,
        form: &Form,
        name: &str,
        label: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = form.get(name).unwrap_or_default();
        let v = parse(&raw);
        if v.is_none() {
            self.0
                .push(format!("{label} {raw:?} is not one of the listed choices."));
        }
        v
    }

    /// Every problem at once, or none.
    pub(super) fn check(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.into())
        }
    }
}

/// Every problem in one 400, so the form is fixed in one go.
impl From<Problems> for AppError {
    fn from(p: Problems) -> AppError {
        if p.0.is_empty() {
            AppError::BadRequest("The form is incomplete.".into())
        } else {
            AppError::BadRequest(p.0.join(" "))
        }
    }
}

fn http_url(s: &str) -> bool {
    url::Url::parse(s)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .unwrap_or(false)
}

pub async fn add_evidence(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Editor { form, user }: Editor,
) -> Result<Response, HtmlError> {
    let id = claim_id(&id)?;
    let mut p = Problems(Vec::new());
    let url = p.text(&form, "url", "The URL", 2000, true);
    if let Some(u) = &url {
        if !http_url(u) {
            p.0.push(format!("The URL {u:?} is not an http(s) address."));
        }
    }
    let title = p.text(&form, "title", "The title", 300, true);
    let organisation = p.text(&form, "organisation", "The organisation", 200, true);
    let kind = p.choice(&form, "kind", "The evidence type", EvidenceKind::parse);
    let relation = p.choice(&form, "relation", "The relationship", Relation::parse);
    let verdict = p.choice(&form, "verdict", "The verdict", Verdict::parse);
    let measured_value = p.text(&form, "measured_value", "The measured value", 100, false);
    let measured_num = measured_value
        .as_deref()
        .and_then(|v| numbers::numbers(v).into_iter().next());
    if measured_value.is_some() && measured_num.is_none() {
        p.0.push("The measured value has no number in it.".into());
    }
    let interval = p.text(&form, "interval", "The interval", 100, false);
    let settings = p.text(&form, "settings", "The run settings", 500, false);
    let note = p.text(&form, "note", "The note", 2000, false);
    p.check()?;
    let (Some(url), Some(title), Some(organisation), Some(kind), Some(relation), Some(verdict)) =
        (url, title, organisation, kind, relation, verdict)
    else {
        return Err(AppError::BadRequest("The form is incomplete.".into()).into());
    };
    let ev = NewEvidence {
        url,
        title,
        organisation,
        kind,
        relation,
        verdict,
        measured_value,
        measured_num,
        interval,
        settings,
        note,
        article_id: None,
        result_id: None,
    };
    let now = ts(chrono::Utc::now());
    claims::add_evidence(state.store(), id, &ev, &user.name, &now).await?;
    Ok(see_other(&format!("/claim/{id}#evidence")))
}

pub async fn set_status(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Editor { form, user }: Editor,
) -> Result<Response, HtmlError> {
    let id = claim_id(&id)?;
    let mut p = Problems(Vec::new());
    let status = p.choice(&form, "status", "The status", Status::parse);
    let reason = p.text(&form, "reason", "The reason", 2000, true);
    let mut evidence = Vec::new();
    for raw in form.all("evidence") {
        match raw.parse::<i64>() {
            Ok(e) => evidence.push(e),
            Err(_) => {
                p.0.push(format!("Evidence {raw:?} is not an evidence number."))
            }
        }
    }
    p.check()?;
    let (Some(status), Some(reason)) = (status, reason) else {
        return Err(AppError::BadRequest("The form is incomplete.".into()).into());
    };
    let now = ts(chrono::Utc::now());
    claims::set_status(
        state.store(),
        id,
        status,
        &reason,
        &evidence,
        &user.name,
        &now,
    )
    .await?;
    Ok(see_other(&format!("/claim/{id}#history")))
}

/// An editor accepts a suggested third-party result as evidence (with its log event), or
/// dismisses it; the suggestion is recomputed from the stored result, never read from the form.
pub async fn result(
    State(state): State<WebState>,
    Path((id, result, decision)): Path<(String, String, String)>,
    Editor { form: _, user }: Editor,
) -> Result<Response, HtmlError> {
    let id = claim_id(&id)?;
    let Ok(result_id) = result.parse::<ResultId>() else {
        return Err(
            AppError::BadRequest("The suggested result number is not a number.".into()).into(),
        );
    };
    let now = ts(chrono::Utc::now());
    let pool = state.store();
    let outcome = match decision.as_str() {
        "dismiss" => claims::dismiss_result(pool, id, result_id, &user.name, &now).await,
        "accept" => {
            let claim = match pool.claim(id).await? {
                Some(c) => c,
                None => return Err(AppError::NotFound("There is no such claim.".into()).into()),
            };
            let matches = crate::results::for_claim(pool, &claim).await?;
            let Some((r, s)) = matches.iter().find(|(r, _)| r.id == result_id) else {
                return Err(AppError::BadRequest("That result does not bear on this claim, or it was already accepted or dismissed.".into()).into());
            };
            let ev = crate::results::present::as_evidence(r, s);
            claims::add_evidence(pool, id, &ev, &user.name, &now)
                .await
                .map(|_| ())
        }
        _ => {
            return Err(
                AppError::BadRequest("The decision must be accept or dismiss.".into()).into(),
            )
        }
    };
    outcome?;
    Ok(see_other(&format!("/claim/{id}#evidence")))
}

/// An editor adds a name a model or benchmark is written as; claims and results that named it
/// that way are linked to it at once.
pub async fn add_alias_model(
    State(state): State<WebState>,
    Path(id): Path<String>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    add_alias(state, "model", id, editor).await
}

pub async fn add_alias_benchmark(
    State(state): State<WebState>,
    Path(id): Path<String>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    add_alias(state, "benchmark", id, editor).await
}

async fn add_alias(
    state: WebState,
    kind: &str,
    id: String,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let kind_of = match kind {
        "model" => crate::claims::entities::EntityKind::Model,
        "benchmark" => crate::claims::entities::EntityKind::Benchmark,
        _ => return Err(AppError::NotFound("There is no such page.".into()).into()),
    };
    let alias = crate::claims::entities::Alias {
        kind: kind_of,
        entity: id.clone(),
        alias: form.get("alias").unwrap_or_default().trim().to_string(),
    };
    let now = ts(chrono::Utc::now());
    match claims::add_entity_alias(state.store(), &alias, &user.name, &now).await {
        Ok(linked) => {
            tracing::info!(kind = %kind, entity = %id, alias = %alias.alias, linked, "alias added");
            Ok(see_other(&format!("/{kind}/{id}")))
        }
        Err(ClaimError::NotFound) => {
            Err(AppError::NotFound("There is no such model or benchmark.".into()).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// An editor answers one of the names to confirm on /claims: a model of its own, another name
/// of a known model, or not a model. The button pressed is the answer.
pub async fn answer_name(
    State(state): State<WebState>,
    Editor { form, user }: Editor,
) -> Result<Response, HtmlError> {
    use crate::claims::names::{answer, Answer};
    let mut p = Problems(Vec::new());
    let name = p.text(
        &form,
        "name",
        "The name",
        crate::claims::names::MAX_SUBJECT,
        true,
    );
    let kind = form.get("answer").unwrap_or_default();
    let given = |field: &str| {
        form.get(field)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    // The answers are the verdicts, plus linking to a known model (an alias, stored as one).
    let reply = match (kind.as_str(), NameVerdict::parse(&kind)) {
        ("same_as", _) => match given("entity") {
            Some(e) => Some(Answer::SameAs(e)),
            None => {
                p.0.push("Name the known model it is another name of.".into());
                None
            }
        },
        (_, Some(NameVerdict::Model)) => Some(Answer::Model {
            display: given("display")
                .or_else(|| name.clone())
                .unwrap_or_default(),
            vendor: given("vendor"),
        }),
        (_, Some(NameVerdict::NotAModel)) => Some(Answer::NotAModel),
        (other, None) => {
            p.0.push(format!(
                "The answer {other:?} is not one of the listed choices."
            ));
            None
        }
    };
    p.check()?;
    let (Some(name), Some(reply)) = (name, reply) else {
        return Err(AppError::BadRequest("A field is missing.".into()).into());
    };
    let now = ts(chrono::Utc::now());
    let done = answer(state.store(), &name, &reply, &user.name, &now).await?;
    tracing::info!(
        name = %name,
        answer = %kind,
        entity = done.entity.as_deref().unwrap_or("-"),
        linked = done.linked,
        "name answered"
    );
    Ok(see_other("/claims#names"))
}

pub async fn suggestion(
    State(state): State<WebState>,
    Path((id, article, decision)): Path<(String, String, String)>,
    Editor { form: _, user }: Editor,
) -> Result<Response, HtmlError> {
    let id = claim_id(&id)?;
    let Ok(article_id) = article.parse::<ArticleId>() else {
        return Err(
            AppError::BadRequest("The suggested article number is not a number.".into()).into(),
        );
    };
    let now = ts(chrono::Utc::now());
    let pool = state.store();
    let result = match decision.as_str() {
        "dismiss" => claims::dismiss_suggestion(pool, id, article_id, &user.name, &now).await,
        "accept" => {
            let claim = match pool.claim(id).await? {
                Some(c) => c,
                None => return Err(AppError::NotFound("There is no such claim.".into()).into()),
            };
            let art = match state.store().article(article_id).await? {
                Some(a) => a,
                None => {
                    return Err(AppError::BadRequest(
                        "The suggested article does not exist.".into(),
                    )
                    .into())
                }
            };
            let relation = if art.vendor.eq_ignore_ascii_case(&claim.vendor) {
                Relation::FirstParty
            } else {
                Relation::ThirdParty
            };
            let ev = NewEvidence {
                url: art.url,
                title: art.title,
                organisation: art.vendor,
                kind: EvidenceKind::Commentary,
                relation,
                verdict: Verdict::Context,
                measured_value: None,
                measured_num: None,
                interval: None,
                settings: None,
                note: Some(
                    "Accepted from suggested evidence (a later article on the same subject)."
                        .into(),
                ),
                article_id: Some(art.id.get()),
                result_id: None,
            };
            claims::add_evidence(pool, id, &ev, &user.name, &now)
                .await
                .map(|_| ())
        }
        other => {
            return Err(
                AppError::BadRequest(format!("{other:?} is neither accept nor dismiss.")).into(),
            );
        }
    };
    result?;
    Ok(see_other(&format!("/claim/{id}#suggested")))
}

/// A source id as the sources file writes them.
fn valid_source_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn language_choice(s: &str) -> Option<String> {
    matches!(s, "ko" | "en").then(|| s.to_string())
}

/// `POST /sources/add`: an editor adds a feed. Every field is checked first; the source, its
/// row on /sources and the log line are written together, and the next run reads it.
pub async fn add_source(
    State(state): State<WebState>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let rows = state.store().sources().await?;
    let mut p = Problems(Vec::new());
    let id = form.get("id").unwrap_or_default().trim().to_string();
    if !valid_source_id(&id) {
        p.0.push(format!(
            "Id {id:?} must be 1 to 40 lowercase letters, digits, '-' or '_'."
        ));
    } else if rows.iter().any(|r| r.id.as_str() == id) {
        p.0.push(format!("There is already a source {id:?}."));
    }
    let name = p.text(&form, "name", "Name", 120, true);
    let vendor = p.text(&form, "vendor", "Vendor", 80, true);
    let url = p.text(&form, "url", "The feed URL", 2000, true);
    if let Some(u) = &url {
        if !http_url(u) {
            p.0.push(format!("The feed URL {u:?} is not an http(s) address."));
        } else if rows.iter().any(|r| r.location == *u) {
            p.0.push(format!("{u} is already a source."));
        }
    }
    let language = p.choice(&form, "language", "Language", language_choice);
    p.check()?;
    let (Some(name), Some(vendor), Some(url), Some(language)) = (name, vendor, url, language)
    else {
        return Err(AppError::BadRequest("A field is missing.".into()).into());
    };
    let setting = crate::db::sources::SourceSetting {
        id: SourceId::from(id),
        name: Some(name.clone()),
        vendor: Some(vendor.clone()),
        url: Some(url.clone()),
        language: Some(language.clone()),
        enabled: Some(true),
        added: true,
        updated_by: user.name.clone(),
        updated_at: ts(chrono::Utc::now()),
    };
    let shown = crate::db::sources::ShownSource {
        name: &name,
        vendor: &vendor,
        location: &url,
        language: &language,
        enabled: true,
    };
    let change = format!("added the feed {url} ({name}, {vendor}, {language})");
    save_source(&state, &setting, &shown, &change).await
}

/// `POST /sources/change`: an editor changes a source's name, vendor, URL, language or
/// enabled flag (empty fields keep their value). The change is logged field by field.
pub async fn change_source(
    State(state): State<WebState>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let (rows, settings) = (
        state.store().sources().await?,
        state.store().source_settings().await?,
    );
    let asked = form.get("source").unwrap_or_default();
    let Some(row) = rows.iter().find(|r| r.id.as_str() == asked) else {
        return Err(AppError::NotFound("There is no such source.".into()).into());
    };
    let (old_url, kind) = crate::ingest::sources::split_described(&row.location);
    let (old_url, kind) = (old_url.to_string(), kind.map(str::to_string));
    let mut p = Problems(Vec::new());
    let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let name = given(p.text(&form, "name", "Name", 120, false));
    let vendor = given(p.text(&form, "vendor", "Vendor", 80, false));
    let url = given(p.text(&form, "url", "The URL", 2000, false));
    if let Some(u) = &url {
        if !http_url(u) {
            p.0.push(format!("The URL {u:?} is not an http(s) address."));
        }
    }
    let language = match form.get("language").unwrap_or_default().as_str() {
        "" => None,
        l => {
            let v = language_choice(l);
            if v.is_none() {
                p.0.push(format!("Language {l:?} is not one of the listed choices."));
            }
            v
        }
    };
    let enabled = match form.get("enabled").unwrap_or_default().as_str() {
        "" => None,
        "on" => Some(true),
        "off" => Some(false),
        other => {
            p.0.push(format!(
                "Enabled {other:?} is not one of the listed choices."
            ));
            None
        }
    };
    let mut changes = Vec::new();
    let mut note = |what: &str, old: &str, new: &Option<String>| {
        if let Some(n) = new.as_deref().filter(|n| *n != old) {
            changes.push(format!("{what}: {old} → {n}"));
        }
    };
    note("name", &row.name, &name);
    note("vendor", &row.vendor, &vendor);
    note("url", &old_url, &url);
    note("language", &row.language, &language);
    if let Some(e) = enabled.filter(|e| *e != row.enabled) {
        changes.push(if e { "enabled" } else { "disabled" }.to_string());
    }
    if changes.is_empty() && p.0.is_empty() {
        p.0.push("Nothing to change: every given value is the current one.".into());
    }
    p.check()?;
    let before = settings.into_iter().find(|s| s.id == row.id);
    let setting = crate::db::sources::SourceSetting {
        id: row.id.clone(),
        name: name
            .clone()
            .or(before.as_ref().and_then(|b| b.name.clone())),
        vendor: vendor
            .clone()
            .or(before.as_ref().and_then(|b| b.vendor.clone())),
        url: url.clone().or(before.as_ref().and_then(|b| b.url.clone())),
        language: language
            .clone()
            .or(before.as_ref().and_then(|b| b.language.clone())),
        enabled: enabled.or(before.as_ref().and_then(|b| b.enabled)),
        added: before.as_ref().is_some_and(|b| b.added),
        updated_by: user.name.clone(),
        updated_at: ts(chrono::Utc::now()),
    };
    let new_url = url.unwrap_or(old_url);
    let location = crate::ingest::sources::join_described(&new_url, kind.as_deref());
    let shown_name = name.unwrap_or_else(|| row.name.clone());
    let shown_vendor = vendor.unwrap_or_else(|| row.vendor.clone());
    let shown_language = language.unwrap_or_else(|| row.language.clone());
    let shown = crate::db::sources::ShownSource {
        name: &shown_name,
        vendor: &shown_vendor,
        location: &location,
        language: &shown_language,
        enabled: enabled.unwrap_or(row.enabled),
    };
    save_source(&state, &setting, &shown, &changes.join("; ")).await
}

/// An editor pins a story to its day's top stories, keeps it out of them, or gives it back to
/// its signals (`placement` = pin | demote | auto, `article` = any post of the story). Logged
/// with the editor; back to the story's day.
pub async fn set_placement(
    State(state): State<WebState>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let mut p = Problems(Vec::new());
    let raw = form.get("article").unwrap_or_default();
    let id = raw.trim().parse::<ArticleId>().ok().filter(|i| i.get() > 0);
    if id.is_none() {
        p.0.push(format!("Article {raw:?} is not an article number."));
    }
    let placement = p.choice(&form, "placement", "Placement", Placement::parse);
    p.check()?;
    let (Some(id), Some(placement)) = (id, placement) else {
        return Err(AppError::BadRequest("The form is incomplete.".into()).into());
    };
    let article = match state.store().article(id).await? {
        Some(a) => a,
        None => return Err(AppError::NotFound("There is no such article.".into()).into()),
    };
    let now = ts(chrono::Utc::now());
    state
        .store()
        .set_placement(id, placement, &user.name, &now)
        .await?;
    tracing::info!(article = id.get(), editor = %user.name, placement = placement.key(), "story placed");
    // The day comes from the stored article, never from the form: no redirect to elsewhere.
    let day = crate::dates::local_date(article.published_at, state.settings.tz);
    Ok(see_other(&format!("/digest/{}", day.format("%Y-%m-%d"))))
}

/// An editor's "Not the same story": `article` leaves the section `story` (its lead) groups
/// it into, and later groupings keep the two apart. Both must be articles of one day; the
/// decision is logged with its editor. Back to the day.
pub async fn split_story(
    State(state): State<WebState>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let mut p = Problems(Vec::new());
    let mut id_of = |field: &str| {
        let raw = form.get(field).unwrap_or_default();
        let id = raw.trim().parse::<ArticleId>().ok().filter(|i| i.get() > 0);
        if id.is_none() {
            p.0.push(format!("The {field} {raw:?} is not an article number."));
        }
        id
    };
    let (article, story) = (id_of("article"), id_of("story"));
    if article.is_some() && article == story {
        p.0.push("A post is always the same story as itself.".into());
    }
    p.check()?;
    let (Some(article), Some(story)) = (article, story) else {
        return Err(AppError::BadRequest("The form is incomplete.".into()).into());
    };
    let mut days = Vec::with_capacity(2);
    for id in [article, story] {
        match state.store().article(id).await? {
            Some(a) => days.push(crate::dates::local_date(a.published_at, state.settings.tz)),
            None => return Err(AppError::NotFound("There is no such article.".into()).into()),
        }
    }
    if days[0] != days[1] {
        return Err(AppError::BadRequest("The two posts are on different days.".into()).into());
    }
    let now = ts(chrono::Utc::now());
    state
        .store()
        .split_story(article, story, &user.name, &now)
        .await?;
    tracing::info!(
        article = article.get(),
        story = story.get(),
        editor = %user.name,
        "story split"
    );
    // The day comes from the stored articles, never from the form: no redirect to elsewhere.
    Ok(see_other(&format!(
        "/digest/{}",
        days[0].format("%Y-%m-%d")
    )))
}

/// Longest editor's note: a commentary paragraph or a closing section, not an article.
const NOTE_MAX: usize = 4000;
/// Longest headline.
const HEADLINE_MAX: usize = 200;

/// An editor writes, changes or (with an empty text) removes a piece of the day's editorial
/// voice: `kind` = lead | closing (the day's) or headline | commentary (`article` = any post of
/// the story, which must belong to `day`). Every field is checked at once; each version is
/// logged with its editor. Back to the day.
pub async fn set_note(
    State(state): State<WebState>,
    editor: Editor,
) -> Result<Response, HtmlError> {
    let Editor { form, user } = editor;
    let mut p = Problems(Vec::new());
    let raw_day = form.get("day").unwrap_or_default();
    let day = crate::dates::parse_date(raw_day.trim());
    if day.is_none() {
        p.0.push(format!("Day {raw_day:?} is not a date (YYYY-MM-DD)."));
    }
    let kind = p.choice(&form, "kind", "Kind", NoteKind::parse);
    let max = if kind == Some(NoteKind::Headline) {
        HEADLINE_MAX
    } else {
        NOTE_MAX
    };
    let text = p
        .text(&form, "text", "The text", max, false)
        .map(|t| t.trim().replace("\r\n", "\n"))
        .unwrap_or_default();
    if kind == Some(NoteKind::Headline) && text.contains('\n') {
        p.0.push("A headline is one line.".into());
    }
    let raw_article = form.get("article").unwrap_or_default();
    let article = match kind {
        Some(k) if k.per_story() => {
            let id = raw_article.trim().parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                p.0.push(format!("Article {raw_article:?} is not an article number."));
            }
            id
        }
        _ => Some(0),
    };
    p.check()?;
    let (Some(day), Some(kind), Some(article)) = (day, kind, article) else {
        return Err(AppError::BadRequest("The form is incomplete.".into()).into());
    };
    if article > 0 {
        match state.store().article(ArticleId::new(article)).await? {
            Some(a) if crate::dates::local_date(a.published_at, state.settings.tz) == day => {}
            Some(_) => {
                return Err(AppError::BadRequest(format!(
                    "Article {article} is not a post of {day}."
                ))
                .into());
            }
            None => return Err(AppError::NotFound("There is no such article.".into()).into()),
        }
    }
    let day_s = day.format("%Y-%m-%d").to_string();
    let now = ts(chrono::Utc::now());
    state
        .store()
        .save_digest_note(&day_s, kind.key(), article, &text, &user.name, &now)
        .await?;
    tracing::info!(day = %day_s, kind = kind.key(), article, editor = %user.name, "digest note saved");
    Ok(see_other(&format!("/digest/{day_s}")))
}

/// Writes an editor's change to a source with its log line, then back to /sources.
async fn save_source(
    state: &WebState,
    setting: &crate::db::sources::SourceSetting,
    shown: &crate::db::sources::ShownSource<'_>,
    change: &str,
) -> Result<Response, HtmlError> {
    state
        .store()
        .save_source_setting(setting, shown, change)
        .await?;
    tracing::info!(source = %setting.id, editor = %setting.updated_by, "{change}");
    Ok(see_other("/sources"))
}
