//! One ingestion run: for each source, fetch the feed (or read the snapshot file), parse it,
//! and store each new or changed entry with its extracted text and summary.
//!
//! A failing source never stops the run: its error and a backoff are recorded and the run
//! moves on. Only a storage failure is fatal.
//!
//! The steps of reading a source are the submodules: `sources` (what to read), `listing` (a
//! feed, an HTML listing page, a sitemap or a JSON listing read into entries), `feed` (a feed
//! document), `extract` (an article page's text, sanitized HTML), `attribution` (a guest
//! post's author organisation), and `opml` (sources from and to other feed readers). The
//! network is `crate::fetch`'s, dates are `crate::dates`', canonical addresses
//! `crate::canonical`'s: those serve more than ingestion.

pub mod attribution;
pub mod extract;
pub mod feed;
pub mod listing;
pub mod opml;
pub mod sources;

use std::fmt;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use app::ids::{ArticleId, SourceId};
use chrono::{DateTime, Duration, Utc};
use futures_util::{stream, StreamExt};
use sha2::{Digest, Sha256};
use url::Url;

use self::extract::{extract_page, html_to_text, sanitize, Extracted};
use self::feed::{FeedEntry, FeedError};
use self::sources::{Location, Source};
use crate::canonical::canonicalize;
use crate::config::FetchConfig;
use crate::contained::{self, Contained};
use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::ownership::{role, speaks_for, Role};
use crate::rounds::RoundPlan;
use crate::store::{ArticleRecord, DbError, Existing, Reading, Saved, Store};
use crate::summarize::{Summarizer, SummaryInput, MODEL_METHOD_PREFIXES};
use crate::websub::discovery::Advertised;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("no source with id {0:?} in the sources file")]
    UnknownSource(SourceId),
    #[error(transparent)]
    Store(#[from] DbError),
}

/// Why one source failed; shown on the sources page and in the CLI report.
#[derive(Debug, thiserror::Error)]
enum SourceError {
    #[error("fetch failed: {0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Feed(#[from] FeedError),
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error(transparent)]
    Store(#[from] DbError),
    #[error("the feed: {0}")]
    Unreadable(#[from] Contained),
    #[error("stopped at the source's time limit ({0} s); what was read is kept")]
    SourceDeadline(u64),
    #[error("stopped when the run's time limit ({0} s) ran out; what was read is kept")]
    RunDeadline(u64),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub page_failures: usize,
    /// Entries whose text could not be read (a panic or an overrun, contained); the run went on.
    pub failed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Disabled,
    BackingOff(DateTime<Utc>),
    NotModified,
    Stored(Counts),
    Failed(String),
    /// The run's deadline passed before this source's turn; the next run takes it.
    Deferred,
    /// The round this run resumes finished this source before it was cut.
    ReadBeforeRestart,
    /// The server began draining before this source's turn; the next start reads it.
    Stopped,
}

impl Outcome {
    /// How the round records a source it is done with; `None` when the round still owes it
    /// (read before a restart, or never reached before a deadline or a drain).
    pub fn done_in_round(&self) -> Option<&'static str> {
        match self {
            Outcome::ReadBeforeRestart | Outcome::Stopped | Outcome::Deferred => None,
            Outcome::Disabled => Some("disabled"),
            Outcome::BackingOff(_) => Some("backing off"),
            Outcome::NotModified => Some("not modified"),
            Outcome::Stored(_) => Some("stored"),
            Outcome::Failed(_) => Some("failed"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SourceReport {
    pub id: SourceId,
    pub outcome: Outcome,
}

impl fmt::Display for SourceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Disabled => write!(f, "{:<24} disabled", self.id),
            Outcome::BackingOff(t) => write!(
                f,
                "{:<24} skipped: backing off after failures until {}",
                self.id,
                crate::dates::ts(*t)
            ),
            Outcome::NotModified => write!(f, "{:<24} not modified", self.id),
            Outcome::Stored(c) => {
                write!(
                    f,
                    "{:<24} ok: {} new, {} updated, {} unchanged",
                    self.id, c.new, c.updated, c.unchanged
                )?;
                if c.skipped > 0 {
                    write!(f, ", {} skipped (no usable link)", c.skipped)?;
                }
                if c.failed > 0 {
                    write!(f, ", {} entries could not be read (see the log)", c.failed)?;
                }
                if c.page_failures > 0 {
                    write!(
                        f,
                        ", {} pages unreachable (feed text kept)",
                        c.page_failures
                    )?;
                }
                Ok(())
            }
            Outcome::Failed(e) => write!(f, "{:<24} FAILED: {e}", self.id),
            Outcome::Deferred => write!(
                f,
                "{:<24} skipped: the run's deadline passed; the next run reads it",
                self.id
            ),
            Outcome::ReadBeforeRestart => {
                write!(f, "{:<24} read before the restart", self.id)
            }
            Outcome::Stopped => write!(
                f,
                "{:<24} skipped: the server is stopping; the next start reads it",
                self.id
            ),
        }
    }
}

/// Why one entry was not stored. Only a storage failure stops the source.
#[derive(Debug, thiserror::Error)]
enum EntryError {
    #[error(transparent)]
    Store(#[from] DbError),
    #[error(transparent)]
    Unreadable(#[from] Contained),
}

/// One feed entry as seen from one source in this run.
struct Sighting<'a> {
    source_id: &'a SourceId,
    guid: Option<&'a str>,
    feed_hash: &'a str,
    now: DateTime<Utc>,
}

/// An entry resolved to the article it is (`Ingestor::resolve`).
struct Resolved {
    link: Url,
    canonical: String,
    /// The article stored at `canonical`, and what this feed may do to it.
    existing: Option<Existing>,
    role: Option<Role>,
    /// The article page, when pages are fetched and it had text.
    page: Option<Extracted>,
}

/// An entry read (`Ingestor::read_entry`): what `save_article` writes.
struct ReadEntry {
    existing: Option<ArticleId>,
    record: ArticleRecord,
    reading: Reading,
}

pub struct Ingestor {
    store: Store,
    fetcher: Arc<Fetcher>,
    summarizer: Arc<dyn Summarizer>,
    config: FetchConfig,
}

fn sha256_hex(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

/// Delay before retrying a source that has failed `failures` times in a row (>= 1).
pub fn backoff(failures: i64, base_minutes: u64, max_minutes: u64) -> Duration {
    let exp = (failures.max(1) - 1).min(20) as u32;
    let minutes = base_minutes
        .max(1)
        .saturating_mul(1u64 << exp)
        .min(max_minutes.max(1));
    Duration::minutes(minutes as i64)
}

impl Ingestor {
    pub fn new(
        store: Store,
        fetcher: Arc<Fetcher>,
        summarizer: Arc<dyn Summarizer>,
        config: FetchConfig,
    ) -> Ingestor {
        Ingestor {
            store,
            fetcher,
            summarizer,
            config,
        }
    }

    /// The fetcher every read goes through (WebSub's requests to hubs use it too).
    pub fn fetcher(&self) -> &Arc<Fetcher> {
        &self.fetcher
    }

    /// Runs every enabled source (or only `only`, which also ignores its backoff).
    pub async fn run(
        &self,
        sources: &[Source],
        only: Option<&SourceId>,
    ) -> Result<Vec<SourceReport>, IngestError> {
        self.run_planned(sources, only, None).await
    }

    /// A scheduled round: each source done is recorded with the round, sources the round
    /// resumes already finished are not read again, and none starts once the drain began.
    pub async fn run_round(
        &self,
        sources: &[Source],
        plan: &RoundPlan,
    ) -> Result<Vec<SourceReport>, IngestError> {
        self.run_planned(sources, None, Some(plan)).await
    }

    async fn run_planned(
        &self,
        sources: &[Source],
        only: Option<&SourceId>,
        plan: Option<&RoundPlan>,
    ) -> Result<Vec<SourceReport>, IngestError> {
        let listed: Vec<_> = sources.iter().map(Source::listed).collect();
        self.store.sync_sources(&listed).await?;
        let selected: Vec<&Source> = match only {
            Some(id) => vec![sources
                .iter()
                .find(|s| &s.id == id)
                .ok_or_else(|| IngestError::UnknownSource(id.clone()))?],
            None => sources.iter().collect(),
        };
        let bar = if std::io::stdout().is_terminal() {
            let bar = indicatif::ProgressBar::new(selected.len() as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} ingest [{bar:30}] {pos}/{len} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let forced = only.is_some();
        let started = Instant::now();
        let run_end = started + StdDuration::from_secs(self.config.run_deadline_secs.max(1));
        // Futures are built up front (not in a Stream::map closure) so the run stays `Send`
        // when the server spawns it.
        let jobs: Vec<_> = selected
            .into_iter()
            .map(|src| self.run_with_progress(src, forced, run_end, plan, bar.clone()))
            .collect();
        let results: Vec<Result<SourceReport, DbError>> =
            stream::iter(jobs).buffer_unordered(4).collect().await;
        bar.finish_and_clear();
        metrics::counter!("proofwire_ingest_runs_total").increment(1);
        metrics::histogram!("proofwire_ingest_run_duration_seconds")
            .record(started.elapsed().as_secs_f64());
        let mut reports = Vec::with_capacity(results.len());
        for r in results {
            reports.push(r?);
        }
        reports.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(reports)
    }

    async fn run_with_progress(
        &self,
        src: &Source,
        forced: bool,
        run_end: Instant,
        plan: Option<&RoundPlan>,
        bar: indicatif::ProgressBar,
    ) -> Result<SourceReport, DbError> {
        bar.set_message(src.id.to_string());
        let r = match plan {
            Some(p) if p.done.contains(&src.id) => Ok(SourceReport {
                id: src.id.clone(),
                outcome: Outcome::ReadBeforeRestart,
            }),
            Some(p) if p.drain.is_draining() => Ok(SourceReport {
                id: src.id.clone(),
                outcome: Outcome::Stopped,
            }),
            _ => self.run_source(src, forced, run_end).await,
        };
        bar.inc(1);
        if let Ok(report) = &r {
            record_metrics(report);
            if let Some(p) = plan {
                crate::rounds::record_source(
                    &self.store,
                    p,
                    &report.id,
                    report.outcome.done_in_round(),
                )
                .await?;
            }
        }
        r
    }

    async fn run_source(
        &self,
        src: &Source,
        forced: bool,
        run_end: Instant,
    ) -> Result<SourceReport, DbError> {
        let report = |outcome| SourceReport {
            id: src.id.clone(),
            outcome,
        };
        if !src.enabled && !forced {
            return Ok(report(Outcome::Disabled));
        }
        let state = self.store.source_state(&src.id).await?;
        let now = Utc::now();
        if let Some(next) = state.next_attempt_at {
            if next > now && !forced {
                return Ok(report(Outcome::BackingOff(next)));
            }
        }
        // A tarpit (slow redirects, slow bodies across hundreds of entries) holds this source
        // at most its deadline, and the run at most the run's: what was stored stays.
        let left = run_end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(report(Outcome::Deferred));
        }
        let own = StdDuration::from_secs(self.config.source_deadline_secs.max(1));
        // Entries that could not be read, with why: shown on /sources with the outcome.
        let mut unread: Vec<String> = Vec::new();
        let work = tokio::time::timeout(
            own.min(left),
            self.fetch_and_store(src, &state.validators, &mut unread),
        );
        let result = match work.await {
            Ok(r) => r,
            Err(_) if own <= left => Err(SourceError::SourceDeadline(own.as_secs())),
            Err(_) => Err(SourceError::RunDeadline(
                self.config.run_deadline_secs.max(1),
            )),
        };
        match result {
            Ok((outcome, validators, moved_to)) => {
                let label = match &outcome {
                    Outcome::NotModified => "not modified".to_string(),
                    Outcome::Stored(c) => format!("ok: {} new, {} updated", c.new, c.updated),
                    _ => "ok".to_string(),
                };
                let label = match unread.first() {
                    Some(first) => format!(
                        "{label}; {} entries could not be read (first: {first})",
                        unread.len()
                    ),
                    None => label,
                };
                if let Some(Some(to)) = &moved_to {
                    tracing::warn!(source = %src.id, moved_to = %to, "the source has moved permanently; update sources.toml");
                }
                self.store
                    .record_success(
                        &src.id,
                        &label,
                        validators.as_ref(),
                        moved_to.as_ref().map(|m| m.as_deref()),
                        Utc::now(),
                    )
                    .await?;
                tracing::info!(source = %src.id, "{}", report(outcome.clone()));
                Ok(report(outcome))
            }
            Err(SourceError::Store(e)) => Err(e),
            Err(e) => {
                let message = e.to_string();
                let delay = backoff(
                    state.failures + 1,
                    self.config.backoff_base_minutes,
                    self.config.backoff_max_minutes,
                );
                let now = Utc::now();
                self.store
                    .record_failure(&src.id, &message, now, now + delay)
                    .await?;
                tracing::warn!(source = %src.id, error = %message, "source failed");
                Ok(report(Outcome::Failed(message)))
            }
        }
    }

    /// Returns the outcome, the validators to remember and where the URL moved for good
    /// (None for each keeps what is stored).
    async fn fetch_and_store(
        &self,
        src: &Source,
        known: &Validators,
        unread: &mut Vec<String>,
    ) -> Result<(Outcome, Option<Validators>, Option<Option<String>>), SourceError> {
        let mut moved_to = None;
        let mut link_header = None;
        let (body, content_type, base, validators) = match &src.location {
            Location::Url(url) => match self.fetcher.get(url, known).await? {
                FetchOutcome::NotModified => return Ok((Outcome::NotModified, None, None)),
                FetchOutcome::Fetched(f) => {
                    moved_to = Some(f.moved_to.map(|u| crate::fetch::display_url(&u)));
                    link_header = f.link;
                    (f.body, f.content_type, Some(f.final_url), f.validators)
                }
            },
            Location::File(path) => {
                let body = read_capped(path, self.config.max_body_bytes)?;
                // A snapshot file has no HTTP validators; its hash plays the ETag's part.
                let tag = format!("sha256:{}", hex::encode(Sha256::digest(&body)));
                if known.etag.as_deref() == Some(tag.as_str()) {
                    return Ok((Outcome::NotModified, None, None));
                }
                let v = Validators {
                    etag: Some(tag),
                    last_modified: None,
                };
                (body, None, None, v)
            }
        };
        let kind = src.kind.clone();
        let read_at = base.clone();
        let parsed = self
            .contained(move || listing::read(&kind, &body, content_type.as_deref(), base.as_ref()))
            .await??;
        if let Some(read_at) = &read_at {
            self.note_hub(src, read_at, link_header.as_deref(), &parsed.advertised)
                .await?;
        }
        let fetch_pages = self.config.fetch_pages && matches!(src.location, Location::Url(_));
        let mut counts = Counts::default();
        for entry in parsed
            .entries
            .into_iter()
            .take(self.config.max_entries_per_feed)
        {
            let link = entry.link.as_ref().map(Url::to_string).unwrap_or_default();
            if let Err(e) = self.store_entry(src, entry, fetch_pages, &mut counts).await {
                match e {
                    EntryError::Store(e) => return Err(SourceError::Store(e)),
                    EntryError::Unreadable(e) => {
                        counts.failed += 1;
                        tracing::warn!(source = %src.id, entry = %link, error = %e, "entry skipped");
                        unread.push(format!("{link}: {e}"));
                    }
                }
            }
        }
        Ok((Outcome::Stored(counts), Some(validators), moved_to))
    }

    /// Records the WebSub hub the feed names (the `Link` header's over the document's), or
    /// that it names none now. Subscribing is the server's job (`websub::subscribe_due`).
    async fn note_hub(
        &self,
        src: &Source,
        read_at: &Url,
        header: Option<&str>,
        document: &Advertised,
    ) -> Result<(), DbError> {
        let header = header
            .map(|h| Advertised::from_link_header(h, read_at))
            .unwrap_or_default();
        match crate::websub::discovery::choose(&header, document, read_at) {
            Some(found) => {
                let (callback_id, secret) = crate::websub::new_credentials();
                self.store
                    .websub_discovered(
                        &src.id,
                        found.topic.as_str(),
                        found.hub.as_str(),
                        &callback_id,
                        &secret,
                        Utc::now(),
                    )
                    .await
            }
            None => self.store.websub_forget(&src.id).await,
        }
    }

    /// One entry: resolved to the article it is, read, and saved. Each step may find that
    /// nothing is to be written (a skipped entry, an unchanged one) and end it there.
    async fn store_entry(
        &self,
        src: &Source,
        entry: FeedEntry,
        fetch_pages: bool,
        counts: &mut Counts,
    ) -> Result<(), EntryError> {
        let guid = entry.guid.as_deref();
        let Some(link) = entry
            .link
            .clone()
            .or_else(|| guid.and_then(|g| Url::parse(g).ok()))
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            counts.skipped += 1;
            return Ok(());
        };
        let feed_hash = sha256_hex(&[&entry.title, link.as_str(), &entry.html]);
        let seen = Sighting {
            source_id: &src.id,
            guid,
            feed_hash: &feed_hash,
            now: Utc::now(),
        };
        let Some(resolved) = self.resolve(src, link, fetch_pages, &seen, counts).await? else {
            return Ok(());
        };
        let Some(read) = self
            .read_entry(src, &entry, resolved, &seen, counts)
            .await?
        else {
            return Ok(());
        };
        let saved = self
            .store
            .save_article(
                read.existing,
                &read.record,
                guid,
                &feed_hash,
                read.reading,
                seen.now,
            )
            .await?;
        match saved {
            Saved::Inserted(_) => counts.new += 1,
            Saved::Updated(_) => counts.updated += 1,
            Saved::Linked(_) => counts.unchanged += 1,
        }
        Ok(())
    }

    /// The article an entry is: its canonical address, the stored article there and this
    /// feed's role for it, with the article page when pages are fetched (a page may name its
    /// canonical address, on its own host only). `None` when the stored article stands.
    async fn resolve(
        &self,
        src: &Source,
        link: Url,
        fetch_pages: bool,
        seen: &Sighting<'_>,
        counts: &mut Counts,
    ) -> Result<Option<Resolved>, EntryError> {
        let mut canonical = canonicalize(&link);
        let mut existing = self.store.find_existing(&canonical, &src.id).await?;
        let mut role = None;
        if let Some(ex) = &existing {
            let r = role_of(src, ex, &canonical);
            if self.keep_if_current(ex, r, seen, counts).await? {
                return Ok(None);
            }
            role = Some(r);
        }

        let mut page = None;
        if fetch_pages {
            match self.fetcher.get(&link, &Validators::default()).await {
                Ok(FetchOutcome::Fetched(f)) => {
                    let x = self
                        .contained(move || {
                            extract_page(&String::from_utf8_lossy(&f.body), &f.final_url)
                        })
                        .await?;
                    if !x.text.trim().is_empty() {
                        page = Some(x);
                    }
                }
                Ok(FetchOutcome::NotModified) => {}
                Err(e) => {
                    counts.page_failures += 1;
                    tracing::debug!(url = %link, error = %e, "article page unavailable; keeping feed text");
                }
            }
        }
        // A page may name its canonical URL, but only on its own host: a hostile page must
        // not be able to merge itself into someone else's article.
        if let Some(c) = page.as_ref().and_then(|p| p.canonical.as_ref()) {
            if c.host_str() == link.host_str() {
                let page_canonical = canonicalize(c);
                if page_canonical != canonical && existing.is_none() {
                    existing = self.store.find_existing(&page_canonical, &src.id).await?;
                    if let Some(ex) = &existing {
                        let r = role_of(src, ex, &page_canonical);
                        if self.keep_if_current(ex, r, seen, counts).await? {
                            return Ok(None);
                        }
                        role = Some(r);
                    }
                }
                canonical = page_canonical;
            }
        }
        Ok(Some(Resolved {
            link,
            canonical,
            existing,
            role,
            page,
        }))
    }

    /// An entry's text (the page's, else the feed's, sanitized), title, date, and what is read
    /// from that title and text (summary, claims, story fingerprint), as the record to save.
    /// `None` when the stored article has this text already.
    async fn read_entry(
        &self,
        src: &Source,
        entry: &FeedEntry,
        resolved: Resolved,
        seen: &Sighting<'_>,
        counts: &mut Counts,
    ) -> Result<Option<ReadEntry>, EntryError> {
        let Resolved {
            link,
            canonical,
            existing,
            role,
            page,
        } = resolved;
        let now = seen.now;
        let page_title = page.as_ref().and_then(|p| p.title.clone());
        let page_published = page.as_ref().and_then(|p| p.published);
        let (html, text, origin) = match page {
            Some(p) => (p.html, p.text, "page"),
            None => {
                let (feed_html, base) = (entry.html.clone(), link.clone());
                let (html, text) = self
                    .contained(move || {
                        let html = sanitize(&feed_html, Some(&base));
                        let text = html_to_text(&html);
                        (html, text)
                    })
                    .await?;
                (html, text, "feed")
            }
        };
        let title = if !entry.title.is_empty() {
            entry.title.clone()
        } else {
            page_title.unwrap_or_else(|| text.chars().take(80).collect())
        };
        let content_hash = sha256_hex(&[&title, &text]);
        if let Some(ex) = &existing {
            // Taking an article over changes its vendor even when the text is the same.
            if ex.content_hash == content_hash && role != Some(Role::TakeOver) {
                self.link_unchanged(ex.id, seen, counts).await?;
                return Ok(None);
            }
        }
        let (published_at, date_estimated) = match entry.published.or(page_published) {
            Some(p) if p > now => (now, false),
            Some(p) => (p, false),
            None => (now, true),
        };
        let reading = self
            .reading(title.clone(), text.clone(), src.language.clone())
            .await?;
        let record = ArticleRecord {
            canonical_url: canonical,
            url: link.to_string(),
            source_id: src.id.clone(),
            // A guest post on the host's blog is its author organisation's.
            vendor: attribution::author_org(&link, &src.vendor)
                .unwrap_or_else(|| src.vendor.clone()),
            title,
            language: src.language.clone(),
            published_at,
            date_estimated,
            content_html: html,
            content_text: text,
            content_hash,
            text_origin: origin,
        };
        Ok(Some(ReadEntry {
            existing: existing.map(|e| e.id),
            record,
            reading,
        }))
    }

    /// CPU work on one entry's content, off the async workers and within the document budget.
    async fn contained<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Contained> {
        let budget = StdDuration::from_secs(self.config.document_budget_secs.max(1));
        contained::run(budget, work).await
    }

    /// The summary, the claims and the story fingerprint of an article's title and text, in
    /// one contained run: the fingerprint is computed here, from the text being saved, so the
    /// article is written with it.
    async fn reading(
        &self,
        title: String,
        text: String,
        language: String,
    ) -> Result<Reading, Contained> {
        let summarizer = self.summarizer.clone();
        self.contained(move || Reading::of(summarizer.as_ref(), &title, &text, &language))
            .await
    }

    /// The stored article stands when this feed carries the same entry as last time, or when
    /// the feed does not speak for the article's address: a feed that links another site's
    /// post, or copies its GUID, is listed as carrying the post but never rewrites it (a
    /// rewrite would append corrections to the append-only claim log). Returns whether it was
    /// kept.
    async fn keep_if_current(
        &self,
        ex: &Existing,
        role: Role,
        seen: &Sighting<'_>,
        counts: &mut Counts,
    ) -> Result<bool, DbError> {
        let changed = ex.feed_hash.as_deref() != Some(seen.feed_hash);
        match role {
            Role::TakeOver => return Ok(false),
            Role::Owner if changed || !ex.linked_to_source => return Ok(false),
            Role::Owner | Role::Coverage => {}
        }
        if ex.linked_to_source && !changed {
            counts.unchanged += 1;
        } else {
            self.link_unchanged(ex.id, seen, counts).await?;
        }
        self.refresh_summary_if_stale(ex.id, ex.summary_method.as_deref())
            .await?;
        Ok(true)
    }

    /// Records that this feed carried an article whose stored content stays as it is.
    async fn link_unchanged(
        &self,
        id: ArticleId,
        seen: &Sighting<'_>,
        counts: &mut Counts,
    ) -> Result<(), DbError> {
        self.store
            .link_seen(id, seen.source_id, seen.guid, seen.feed_hash, seen.now)
            .await?;
        counts.unchanged += 1;
        Ok(())
    }

    async fn refresh_summary_if_stale(
        &self,
        id: ArticleId,
        method: Option<&str>,
    ) -> Result<(), DbError> {
        // A model summary of this same text is newer work, not a stale one: only a missing
        // summary or an older version of the fast summarizer is replaced here.
        let stale = match method {
            None => true,
            Some(m) => {
                m != self.summarizer.method()
                    && !MODEL_METHOD_PREFIXES.iter().any(|p| m.starts_with(p))
            }
        };
        if !stale {
            return Ok(());
        }
        let Some(a) = self.store.article(id).await? else {
            return Ok(());
        };
        let summarizer = self.summarizer.clone();
        let summary = self
            .contained(move || {
                summarizer.summarize(&SummaryInput {
                    title: &a.title,
                    text: &a.content_text,
                    language: &a.language,
                })
            })
            .await;
        match summary {
            Ok(summary) => self.store.save_summary(id, &summary, Utc::now()).await,
            Err(e) => {
                tracing::warn!(article = id.get(), error = %e, "summary not refreshed");
                Ok(())
            }
        }
    }
}

/// What `src` may do to the article `ex` stored at `address`.
fn role_of(src: &Source, ex: &Existing, address: &str) -> Role {
    let owner_home = ex
        .owner_location
        .as_deref()
        .is_some_and(|l| speaks_for(l, address));
    role(
        &src.id,
        speaks_for(&src.describe(), address),
        &ex.owner,
        owner_home,
    )
}

fn record_metrics(report: &SourceReport) {
    let outcome = match &report.outcome {
        Outcome::Disabled => "disabled",
        Outcome::BackingOff(_) => "backing_off",
        Outcome::NotModified => "not_modified",
        Outcome::Stored(_) => "stored",
        Outcome::Failed(_) => "failed",
        Outcome::Deferred => "deferred",
        Outcome::ReadBeforeRestart => "read_before_restart",
        Outcome::Stopped => "stopped",
    };
    metrics::counter!("proofwire_ingest_source_outcomes_total", "source" => report.id.to_string(), "outcome" => outcome)
        .increment(1);
    if let Outcome::Stored(c) = &report.outcome {
        for (what, n) in [
            ("new", c.new),
            ("updated", c.updated),
            ("unchanged", c.unchanged),
            ("failed", c.failed),
        ] {
            metrics::counter!("proofwire_ingest_entries_total", "result" => what)
                .increment(n as u64);
        }
    }
}

fn read_capped(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, SourceError> {
    use std::io::Read;
    let err = |e: std::io::Error| SourceError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(err)?;
    let mut body = Vec::new();
    file.take(cap + 1).read_to_end(&mut body).map_err(err)?;
    if body.len() as u64 > cap {
        return Err(SourceError::Fetch(FetchError::TooLarge(cap)));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1, 15, 1440), Duration::minutes(15));
        assert_eq!(backoff(2, 15, 1440), Duration::minutes(30));
        assert_eq!(backoff(4, 15, 1440), Duration::minutes(120));
        assert_eq!(backoff(30, 15, 1440), Duration::minutes(1440));
        assert_eq!(backoff(0, 15, 1440), Duration::minutes(15));
    }
}
