//! The database-backed implementation of the UI's `Backend` trait.

use app::backend::{Backend, PageError};
use app::ids::{ArticleId, ClaimId, SourceId};
use app::models::{
    ArchiveDay, Article, ArticleVersion, ClaimDetail, ClaimsPage, ClaimsQuery, Digest, EntityPage,
    EvidenceSourceStatus, SearchParams, SearchResults, SourceStatus, SuggestedEvidence,
    VendorStatusCounts, Viewer,
};
use app::vocab::{ClaimKind, Status};
use async_trait::async_trait;
use chrono_tz::Tz;

use crate::auth;
use crate::claims::{jsonld, log as claim_log, record as claims, views};

use crate::dates::parse_date;
use crate::db::Store;
use crate::digest::{build_article, build_digest, group_by_date};
use crate::search::Search;

/// Claims a page of `/claims` and `GET /api/claims` shows unless asked for another number.
const CLAIMS_PER_PAGE: u32 = 50;
const MAX_CLAIMS_PER_PAGE: u32 = 500;
/// Beyond this an offset would walk the whole table for nothing a reader asked for.
const MAX_CLAIMS_PAGE: u32 = 10_000;
/// Names to confirm shown to an editor at once (answering one brings up the next).
const NAMES_SHOWN: usize = 30;

pub struct DbBackend {
    store: Store,
    tz: Tz,
    search: Search,
    /// The digest language: the one model lead paragraphs are written in.
    lead_language: String,
    debug_view: bool,
    public_url: String,
    secure_cookies: bool,
    /// This process's model, as the serve command starts it.
    model: crate::summarize::status::StatusHandle,
    backend_name: String,
    translations: crate::translate::queue::TranslationQueue,
    /// Whether hubs can reach this server (`websub.callback_url`).
    websub_callbacks: bool,
}

impl DbBackend {
    pub fn new(store: Store, search: Search, web: &super::WebSettings) -> DbBackend {
        DbBackend {
            store,
            tz: web.tz,
            search,
            lead_language: web.default_lang.code().to_string(),
            debug_view: web.debug_view,
            public_url: web.public_url.clone(),
            secure_cookies: web.secure_cookies,
            model: web.model.clone(),
            backend_name: web.model_backend.clone(),
            translations: web.translations.clone(),
            websub_callbacks: web.websub_callbacks,
        }
    }

    /// The database this back end reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The search index this back end queries.
    pub fn searcher(&self) -> &Search {
        &self.search
    }

    async fn session_viewer(&self, session: Option<String>) -> Result<Option<Viewer>, PageError> {
        let Some(token) = session.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let user = auth::session(&self.store, &token).await?;
        Ok(user.map(|u| Viewer {
            name: u.name,
            editor: u.editor,
            csrf: u.csrf,
        }))
    }

    /// Later articles that mention the claim's subject and benchmark, found through the search
    /// index, minus those already accepted or dismissed.
    async fn suggestions(&self, c: &claims::ClaimRow) -> Result<Vec<SuggestedEvidence>, PageError> {
        // Business facts are kept, but nobody reproduces a funding round.
        if !c.kind.is_trackable() {
            return Ok(Vec::new());
        }
        let phrases: Vec<String> = [&c.subject, &c.metric]
            .into_iter()
            .flatten()
            .map(|p| format!("\"{}\"", p.replace('"', " ")))
            .collect();
        if phrases.is_empty() {
            return Ok(Vec::new());
        }
        let since = Some(
            crate::dates::local_date(c.published_at, self.tz)
                .format("%Y-%m-%d")
                .to_string(),
        );
        let results = self
            .search(SearchParams {
                q: phrases.join(" "),
                from: since,
                sort: Some("date".into()),
                ..Default::default()
            })
            .await?;
        let handled = self.store.handled_suggestions(c.id).await?;
        let claimed_at = crate::dates::local_time(c.published_at, self.tz);
        Ok(results
            .hits
            .into_iter()
            .filter(|h| {
                h.article_id != c.article_id
                    && !handled.contains(&h.article_id)
                    && h.published_at > claimed_at
            })
            .take(5)
            .map(|h| SuggestedEvidence {
                article_id: h.article_id,
                title: h.title.iter().map(|f| f.text.as_str()).collect(),
                vendor: h.vendor,
                url: h.url,
                published_at: h.published_at,
            })
            .collect())
    }
}

#[async_trait]
impl Backend for DbBackend {
    async fn entity(
        &self,
        kind: String,
        id: String,
        session: Option<String>,
    ) -> Result<EntityPage, PageError> {
        use crate::claims::entities::{lexicon, EntityKind};
        use crate::results::present;
        let entity_kind = match kind.as_str() {
            "model" => EntityKind::Model,
            "benchmark" => EntityKind::Benchmark,
            _ => return Err(PageError::NotFound),
        };
        let lexicon = lexicon();
        let entity = lexicon.get(entity_kind, &id).ok_or(PageError::NotFound)?;
        let is_model = entity_kind == EntityKind::Model;
        let filter = crate::db::claims::ClaimFilter {
            current_only: true,
            trackable_only: true,
            subject_entity: is_model.then(|| id.clone()),
            metric_entity: (!is_model).then(|| id.clone()),
            oldest_first: true,
            limit: 500,
            ..Default::default()
        };
        let rows = self.store.claims(&filter).await?;
        let results = if is_model {
            self.store.results_about(Some(&id), None).await
        } else {
            self.store.results_about(None, Some(&id)).await
        }?;
        // The other side of each pair, by its canonical name when it has one.
        let name_of = |kind: EntityKind, entity: Option<&str>, written: &str| {
            entity
                .and_then(|e| lexicon.get(kind, e))
                .map_or_else(|| written.to_string(), |e| e.name.clone())
        };
        let other = if is_model {
            EntityKind::Benchmark
        } else {
            EntityKind::Model
        };
        let mut points: Vec<_> = rows
            .iter()
            .filter_map(|c| {
                let (e, w) = if is_model {
                    (c.metric_entity.as_deref(), c.metric.as_deref())
                } else {
                    (c.subject_entity.as_deref(), c.subject.as_deref())
                };
                present::claim_point(c, name_of(other, e, w.unwrap_or("")), self.tz)
            })
            .chain(results.iter().filter_map(|r| {
                let (e, w) = if is_model {
                    (r.benchmark_entity.as_deref(), r.measured.benchmark.as_str())
                } else {
                    (r.model_entity.as_deref(), r.measured.model.as_str())
                };
                present::result_point(r, name_of(other, e, w))
            }))
            .collect();
        points.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(EntityPage {
            kind,
            name: entity.name.clone(),
            vendor: entity.vendor.clone(),
            aliases: entity
                .aliases
                .iter()
                .filter(|a| **a != entity.name)
                .cloned()
                .collect(),
            claims: rows.iter().map(|r| views::card(r, self.tz)).collect(),
            results: results.iter().map(present::result_line).collect(),
            points,
            id,
            viewer: self.session_viewer(session).await?,
        })
    }

    async fn digest(&self, date: Option<String>) -> Result<Option<Digest>, PageError> {
        let date = match date {
            Some(s) => Some(
                parse_date(&s).ok_or_else(|| PageError::Invalid(format!("{s:?} is not a date")))?,
            ),
            None => None,
        };
        let digest = build_digest(&self.store, self.tz, date, &self.lead_language).await?;
        // A reader is waiting for this day in the digest language: it is translated next.
        if let Some(d) = &digest {
            if crate::translate::day::awaits_translation(d, &self.lead_language) {
                if let Some(day) = parse_date(&d.date) {
                    self.translations.to_front(day);
                }
            }
        }
        Ok(digest)
    }

    async fn article(
        &self,
        id: ArticleId,
        debug: bool,
        session: Option<String>,
    ) -> Result<Article, PageError> {
        // What the grounding check dropped is for editors checking the summarizer, not readers.
        let debug = debug
            && self.debug_view
            && self
                .session_viewer(session)
                .await?
                .is_some_and(|v| v.editor);
        build_article(&self.store, self.tz, id, debug)
            .await?
            .ok_or(PageError::NotFound)
    }

    async fn evidence_sources(&self) -> Result<Vec<EvidenceSourceStatus>, PageError> {
        let rows = self.store.source_reads().await?;
        Ok(rows
            .into_iter()
            .map(|r| EvidenceSourceStatus {
                id: r.source_id,
                fetched_at: crate::dates::local_time(r.fetched_at, self.tz),
                results: r.results,
                new_results: r.new_results,
                problems: r.problems,
                error: r.error,
                last_good_at: r.last_good_at.map(|t| crate::dates::local_time(t, self.tz)),
                changes: r.changes,
                files_left: r.files_left,
            })
            .collect())
    }

    async fn model_status(&self) -> Result<app::models::ModelStatus, PageError> {
        Ok(self.model.view(&self.backend_name))
    }

    async fn rounds(&self) -> Result<app::models::RoundsView, PageError> {
        let s = crate::rounds::status(&self.store).await?;
        let tz = self.tz;
        let local = move |t: Option<String>| {
            t.as_deref()
                .and_then(crate::dates::parse_ts)
                .map(|t| crate::dates::local_time(t, tz))
        };
        Ok(app::models::RoundsView {
            last_started_at: local(s.last_started_at),
            last_finished_at: local(s.last_finished_at),
            last_cut_at: local(s.last_cut_at),
            resumed_at: local(s.resumed_at),
            resumed_finished_at: local(s.resumed_finished_at),
            ..s
        })
    }

    async fn sources(&self) -> Result<Vec<SourceStatus>, PageError> {
        let rows = self.store.sources().await?;
        let mut subscriptions = self.store.websub_subscriptions().await?;
        let tz = self.tz;
        let local =
            move |t: Option<crate::db::time::Time>| t.map(|t| crate::dates::local_time(t.0, tz));
        let callbacks = self.websub_callbacks;
        let mut websub_of = move |id: &SourceId| {
            let at = subscriptions.iter().position(|s| &s.source_id == id)?;
            let s = subscriptions.swap_remove(at);
            // A hub is named but this server cannot be reached: polled only.
            let state = if callbacks || s.state != crate::db::websub::DISCOVERED {
                s.state
            } else {
                "polling_only".to_string()
            };
            Some(app::models::SourceWebSub {
                hub: s.hub,
                topic: s.topic,
                state,
                lease_expires_at: local(s.lease_expires_at),
                last_error: s.last_error,
                pushes: s.pushes,
                last_push_at: local(s.last_push_at),
            })
        };
        Ok(rows
            .into_iter()
            .map(|r| SourceStatus {
                websub: websub_of(&r.id),
                id: r.id,
                name: r.name,
                vendor: r.vendor,
                location: r.location,
                language: r.language,
                enabled: r.enabled,
                last_fetch_at: local(r.last_fetch_at),
                last_success_at: local(r.last_success_at),
                last_outcome: r.last_outcome,
                last_error: r.last_error,
                failures: r.failures,
                next_attempt_at: local(r.next_attempt_at),
                entry_count: r.entry_count,
                moved_to: r.moved_to,
            })
            .collect())
    }

    async fn source_admin(
        &self,
        session: Option<String>,
    ) -> Result<Option<app::models::SourceAdmin>, PageError> {
        let Some(viewer) = self.session_viewer(session).await?.filter(|v| v.editor) else {
            return Ok(None);
        };
        let changes = self.store.source_changes(50).await?;
        Ok(Some(app::models::SourceAdmin {
            csrf: viewer.csrf,
            changes: changes
                .into_iter()
                .map(|c| app::models::SourceChangeLine {
                    at: crate::dates::local_rfc3339(&c.at, self.tz),
                    source_id: c.source_id,
                    editor: c.editor,
                    change: c.change,
                })
                .collect(),
        }))
    }

    async fn names_to_confirm(
        &self,
        session: Option<String>,
    ) -> Result<Option<app::models::NamesToConfirm>, PageError> {
        let Some(viewer) = self.session_viewer(session).await?.filter(|v| v.editor) else {
            return Ok(None);
        };
        let mut names =
            crate::claims::names::names_to_confirm(self.store(), NAMES_SHOWN + 1).await?;
        let more = names.len() > NAMES_SHOWN;
        names.truncate(NAMES_SHOWN);
        Ok(Some(app::models::NamesToConfirm {
            csrf: viewer.csrf,
            more,
            names: names
                .into_iter()
                .map(|n| app::models::NameToConfirm {
                    name: n.name,
                    spellings: n.spellings,
                    claims: n.claims,
                    latest: n.latest,
                    vendor: n.vendor,
                })
                .collect(),
        }))
    }

    async fn archive(&self) -> Result<Vec<ArchiveDay>, PageError> {
        let times = self.store.all_published().await?;
        Ok(group_by_date(&times, self.tz))
    }

    async fn search(&self, params: SearchParams) -> Result<SearchResults, PageError> {
        Ok(self.search.search(params).await?)
    }

    async fn claims(&self, query: ClaimsQuery) -> Result<ClaimsPage, PageError> {
        self.claims_page(query).await
    }

    async fn claim(&self, id: ClaimId, session: Option<String>) -> Result<ClaimDetail, PageError> {
        let mut detail = self.claim_detail(id).await?;
        detail.viewer = self.session_viewer(session).await?;
        Ok(detail)
    }

    async fn viewer(&self, session: Option<String>) -> Result<Option<Viewer>, PageError> {
        self.session_viewer(session).await
    }

    fn login_token(&self) -> (String, String) {
        let token = auth::random_token();
        let cookie = format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600{}",
            auth::LOGIN_COOKIE,
            if self.secure_cookies { "; Secure" } else { "" }
        );
        (token, cookie)
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl DbBackend {
    pub async fn claims_page(&self, mut q: ClaimsQuery) -> Result<ClaimsPage, PageError> {
        let mut notes = Vec::new();
        // Business facts are kept (search and the digest list them) but are never claims.
        let mut filter = crate::db::claims::ClaimFilter {
            limit: 500,
            no_business_facts: true,
            ..Default::default()
        };
        let needs_reproduction = match nonempty(&q.view) {
            Some("needs-reproduction") => true,
            Some(other) => {
                notes.push(format!("unknown view {other:?} ignored"));
                false
            }
            None => false,
        };
        q.view = needs_reproduction.then(|| "needs-reproduction".to_string());
        if needs_reproduction {
            filter.status = Some(Status::Unverified);
            filter.current_only = true;
            filter.oldest_first = true;
            filter.trackable_only = true;
        } else if let Some(s) = nonempty(&q.status) {
            match Status::parse(s) {
                Some(st) => filter.status = Some(st),
                None => notes.push(format!("unknown status {s:?} ignored")),
            }
        }
        q.status = filter.status.map(|s| s.key().to_string());
        if let Some(k) = nonempty(&q.kind) {
            match ClaimKind::parse(k) {
                Some(kind) if !kind.is_business_fact() => filter.kind = Some(kind),
                Some(kind) => notes.push(format!(
                    "{} are not tracked claims; search finds them (kind ignored)",
                    kind.label(app::i18n::Lang::En)
                )),
                None => notes.push(format!("unknown kind {k:?} ignored")),
            }
        }
        q.kind = filter.kind.map(|k| k.key().to_string());
        filter.vendor = nonempty(&q.vendor).map(str::to_owned);
        q.vendor = filter.vendor.clone();
        for (name, value, end) in [("from", &mut q.from, false), ("to", &mut q.to, true)] {
            let Some(text) = nonempty(value).map(str::to_owned) else {
                *value = None;
                continue;
            };
            match parse_date(&text) {
                Some(d) => {
                    let (start, next) = crate::dates::day_bounds(d, self.tz);
                    let bound = crate::dates::ts(if end { next } else { start });
                    if end {
                        filter.until = Some(bound);
                    } else {
                        filter.from = Some(bound);
                    }
                }
                None => {
                    notes.push(format!(
                        "{name}={text:?} is not a date (YYYY-MM-DD); ignored"
                    ));
                    *value = None;
                }
            }
        }
        let number = |name: &str,
                      value: &mut Option<String>,
                      range: std::ops::RangeInclusive<u32>,
                      notes: &mut Vec<String>| {
            let text = nonempty(value).map(str::to_owned)?;
            match text.parse::<u32>() {
                Ok(n) if range.contains(&n) => Some(n),
                _ => {
                    notes.push(format!(
                        "{name}={text:?} is not a number from {} to {}; ignored",
                        range.start(),
                        range.end()
                    ));
                    *value = None;
                    None
                }
            }
        };
        let per_page = number(
            "per_page",
            &mut q.per_page,
            1..=MAX_CLAIMS_PER_PAGE,
            &mut notes,
        )
        .unwrap_or(CLAIMS_PER_PAGE);
        let page = number("page", &mut q.page, 1..=MAX_CLAIMS_PAGE, &mut notes).unwrap_or(1);
        // One row past the page says whether there is a next one.
        filter.limit = i64::from(per_page) + 1;
        filter.offset = i64::from(page - 1) * i64::from(per_page);
        let pool = &self.store;
        let mut rows = pool.claims(&filter).await?;
        let more = rows.len() > per_page as usize;
        rows.truncate(per_page as usize);
        let mut by_vendor: Vec<VendorStatusCounts> = Vec::new();
        for (vendor, status, n) in pool.claim_status_counts().await? {
            let status = Status::parse(&status).unwrap_or(Status::Unverified);
            match by_vendor.last_mut() {
                Some(v) if v.vendor == vendor => v.counts.push((status, n as u32)),
                _ => by_vendor.push(VendorStatusCounts {
                    vendor,
                    counts: vec![(status, n as u32)],
                }),
            }
        }
        let mut months: std::collections::BTreeMap<String, u32> = Default::default();
        for t in pool.claim_times().await? {
            if let Some(t) = crate::dates::parse_ts(&t) {
                let m = t.with_timezone(&self.tz).format("%Y-%m").to_string();
                *months.entry(m).or_default() += 1;
            }
        }
        let mut claims: Vec<_> = rows.iter().map(|r| views::card(r, self.tz)).collect();
        crate::results::attach_measured(pool, &rows, &mut claims).await?;
        Ok(ClaimsPage {
            coverage: crate::results::coverage(pool).await?,
            query: q,
            claims,
            page,
            per_page,
            more,
            notes,
            vendors: pool.claim_vendors().await?,
            by_vendor,
            by_month: months.into_iter().collect(),
            claimed_vs_measured: views::claimed_vs_measured(
                &pool.independent_measurements().await?,
            ),
        })
    }

    /// The claim page's data; `viewer` is filled by the caller for pages only.
    pub async fn claim_detail(&self, id: ClaimId) -> Result<ClaimDetail, PageError> {
        let pool = &self.store;
        let row = pool.claim(id).await?.ok_or(PageError::NotFound)?;
        let evidence = pool.evidence_of(id).await?;
        let events = claim_log::events_of(pool, id).await?;
        let card = views::card(&row, self.tz);
        let reviewer = views::reviewer(&events);
        let json_ld = jsonld::claim_review(&card, &reviewer, &self.public_url)
            .map(|v| jsonld::script_text(&v));
        let versions = pool
            .versions_of(row.article_id)
            .await?
            .into_iter()
            .map(|v| ArticleVersion {
                first_seen: crate::dates::local_time(v.first_seen, self.tz),
                last_seen: crate::dates::local_time(v.last_seen, self.tz),
                content_hash: v.content_hash,
            })
            .collect();
        Ok(ClaimDetail {
            span_start: row.span().start,
            span_end: row.span().end,
            fields_method: row.fields_method.clone(),
            evidence: evidence
                .iter()
                .map(|e| views::evidence_view(e, &row, self.tz))
                .collect(),
            history: views::history(&events, self.tz),
            suggested_status: views::suggest_status(&row, &evidence, &events),
            suggestions: self.suggestions(&row).await?,
            results: crate::results::for_claim(&self.store, &row)
                .await?
                .iter()
                .map(|(r, s)| crate::results::present::suggestion_view(r, s, &row))
                .collect(),
            versions,
            json_ld,
            viewer: None,
            claim: card,
        })
    }
}
