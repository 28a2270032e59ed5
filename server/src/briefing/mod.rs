//! Daily briefings: each signed-in user's subscriptions (an email address, or a webhook in one
//! of three shapes; a language; a local time; top stories only or all) and their delivery.
//!
//! `serve` runs [`Delivery::run_forever`] on every replica. A pass sends each live subscription
//! whose time has come today and which has no delivery row for today, once a digest exists:
//! it claims the (subscription, day) row by inserting it — the primary key lets one insert win,
//! on either engine and across replicas — and only then sends. A failed send is tried again
//! with exponential backoff up to `max_attempts`, then given up; a row left `sending` by a
//! sender that died is given up too, never sent again. Every message carries an unsubscribe
//! link with the subscription's unguessable token.

pub mod content;
pub mod send;
pub mod shapes;
pub mod subscribe;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use app::i18n::Lang;
use app::models::Digest;
use app::vocab::{BriefingChannel, BriefingScope, WebhookShape};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use futures_util::StreamExt;

use crate::config::Config;
use crate::dates::{day_bounds, local_date, parse_date, ts};
use crate::db::briefings::SubscriptionRow;
use crate::db::{DbError, Store};
use crate::drain::Drain;
use crate::fetch::Fetcher;
use send::{SendError, Senders};

/// The longest wait between two tries.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum BriefingError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Send(#[from] SendError),
    #[error("the fetcher: {0}")]
    Fetch(#[from] crate::fetch::FetchError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

/// Sends one pass makes at once.
const SENDS_AT_ONCE: usize = 4;

/// One delivery a pass will try: a subscription's first send for a day, or a retry.
struct Job {
    sub: SubscriptionRow,
    day: String,
    date: NaiveDate,
    retry: bool,
}

enum Outcome {
    Sent,
    Failed,
    /// Another sender (or an earlier pass) held the claim.
    Skipped,
}

/// The digests one pass built, by language and day.
type Digests = HashMap<(Lang, NaiveDate), Option<Digest>>;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
    /// Claims another sender (or an earlier pass) already held.
    pub skipped: usize,
}

/// The unsubscribe page of a token, on the public site.
pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!(
        "{}/briefing/unsubscribe/{token}",
        public_url.trim_end_matches('/')
    )
}

/// Delay before the try after `attempts` failed ones: `base`, doubled per further failure.
pub fn backoff(base: Duration, attempts: u32) -> Duration {
    base.saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1)))
        .min(MAX_BACKOFF)
}

pub struct Delivery {
    store: Store,
    tz: Tz,
    public_url: String,
    max_attempts: u32,
    retry_base: Duration,
    lease: Duration,
    check_every: Duration,
    senders: Senders,
    /// This sender's name in the claims it holds (host:addr:pid in `serve`).
    me: String,
}

impl Delivery {
    pub fn new(config: &Config, store: Store, me: String) -> Result<Delivery, BriefingError> {
        let b = &config.briefing;
        let fetcher = Arc::new(Fetcher::new(&config.fetch)?);
        Ok(Delivery {
            store,
            tz: config.tz()?,
            public_url: config.public_url.trim_end_matches('/').to_string(),
            max_attempts: b.max_attempts.max(1),
            retry_base: Duration::from_secs(b.retry_base_secs),
            lease: Duration::from_secs(b.send_timeout_secs + 60),
            check_every: Duration::from_secs(b.check_secs.max(1)),
            senders: Senders::new(b, fetcher)?,
            me,
        })
    }

    /// Passes every `check_secs` until the drain begins; a failed pass is logged and the next
    /// one tries again.
    pub async fn run_forever(&self, drain: &Drain) {
        while !drain.is_draining() {
            match self.run_once(Utc::now()).await {
                Ok(p) if p.sent + p.failed > 0 => {
                    tracing::info!(sent = p.sent, failed = p.failed, "briefings delivered")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "briefing delivery pass failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.check_every) => {}
                _ = drain.started() => return,
            }
        }
    }

    /// One pass at `now`: gives up stale claims, sends what is due, retries what is waiting.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<Pass, BriefingError> {
        let started = std::time::Instant::now();
        let now_s = ts(now);
        let abandoned = self.store.abandon_stale_deliveries(&now_s).await?;
        if abandoned > 0 {
            tracing::warn!(
                deliveries = abandoned,
                "briefings whose sender stopped mid-send were given up"
            );
        }
        let local = now.with_timezone(&self.tz);
        let today = local.date_naive();
        let day = today.format("%Y-%m-%d").to_string();
        let time = local.format("%H:%M").to_string();
        // The digests are built first, one per language and day; nothing is claimed before
        // there is something to send.
        let mut digests: Digests = HashMap::new();
        let mut jobs = Vec::new();
        for sub in self.store.subscriptions_due(&day, &time).await? {
            let Some(lang) = Lang::parse(&sub.language) else {
                continue;
            };
            if self.digest(&mut digests, lang, today).await?.is_some() {
                jobs.push(Job {
                    sub,
                    day: day.clone(),
                    date: today,
                    retry: false,
                });
            }
        }
        for (sub, for_day) in self.store.deliveries_to_retry(&now_s).await? {
            let (Some(lang), Some(date)) = (Lang::parse(&sub.language), parse_date(&for_day))
            else {
                continue;
            };
            if self.digest(&mut digests, lang, date).await?.is_some() {
                jobs.push(Job {
                    sub,
                    day: for_day,
                    date,
                    retry: true,
                });
            }
        }
        // A few sends at once, each claimed only when it starts, so a slow receiver holds up
        // neither the others nor its own claim's lease.
        let digests = &digests;
        let outcomes: Vec<Result<Outcome, BriefingError>> = futures_util::stream::iter(jobs)
            .map(|job| {
                let at = now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
                self.claim_and_send(job, digests, at)
            })
            .buffer_unordered(SENDS_AT_ONCE)
            .collect()
            .await;
        let mut pass = Pass::default();
        for outcome in outcomes {
            match outcome? {
                Outcome::Sent => pass.sent += 1,
                Outcome::Failed => pass.failed += 1,
                Outcome::Skipped => pass.skipped += 1,
            }
        }
        Ok(pass)
    }

    /// The digest a briefing for `day` carries, in `lang`: that day's when it has sections,
    /// else the latest earlier day's (a briefing sent before the day's first post). Never a
    /// later day's, so a retry after midnight still sends what its day would have.
    async fn digest<'a>(
        &self,
        cache: &'a mut Digests,
        lang: Lang,
        day: NaiveDate,
    ) -> Result<&'a Option<Digest>, BriefingError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry((lang, day)) {
            let build = |d: NaiveDate| {
                crate::digest::build_digest(&self.store, self.tz, Some(d), lang.code())
            };
            let mut found = build(day).await?.filter(|d| !d.items.is_empty());
            if found.is_none() {
                let (from, to) = day_bounds(day, self.tz);
                if let Some(before) = self.store.neighbours(from, to).await?.before {
                    found = build(local_date(before, self.tz))
                        .await?
                        .filter(|d| !d.items.is_empty());
                }
            }
            slot.insert(found);
        }
        Ok(cache.get(&(lang, day)).unwrap_or(&None))
    }

    /// Claims a job's delivery, sends it and records the outcome.
    async fn claim_and_send(
        &self,
        job: Job,
        digests: &Digests,
        now: DateTime<Utc>,
    ) -> Result<Outcome, BriefingError> {
        let Job {
            sub,
            day,
            date,
            retry,
        } = job;
        let now_s = ts(now);
        let until = ts(now + chrono::Duration::from_std(self.lease).unwrap_or_default());
        let claimed = if retry {
            self.store
                .claim_retry(sub.id, &day, &self.me, &now_s, &until)
                .await?
        } else {
            self.store
                .claim_delivery(sub.id, &day, &self.me, &now_s, &until)
                .await?
        };
        if !claimed {
            return Ok(Outcome::Skipped);
        }
        let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
        let scope = BriefingScope::parse(&sub.scope).unwrap_or(BriefingScope::Top);
        let outcome = match digests.get(&(lang, date)).and_then(Option::as_ref) {
            Some(digest) => {
                let briefing = content::from_digest(
                    digest,
                    lang,
                    scope,
                    &self.public_url,
                    unsubscribe_url(&self.public_url, &sub.unsubscribe_token),
                );
                self.send(&sub, &briefing).await.map(|()| briefing.day)
            }
            None => Err(SendError::Message("no digest to send".into())),
        };
        let done_at = ts(Utc::now().max(now));
        match outcome {
            Ok(digest_day) => {
                self.store
                    .delivery_sent(sub.id, &day, &digest_day, &self.me, &done_at)
                    .await?;
                Ok(Outcome::Sent)
            }
            Err(e) => {
                let attempts = self
                    .store
                    .delivery(sub.id, &day)
                    .await?
                    .map(|d| d.attempts)
                    .unwrap_or(0)
                    + 1;
                let retry_at = (attempts < i64::from(self.max_attempts)).then(|| {
                    let wait = backoff(self.retry_base, attempts as u32);
                    ts(now + chrono::Duration::from_std(wait).unwrap_or_default())
                });
                tracing::warn!(subscription = sub.id.get(), day, attempts, error = %e, retry = retry_at.is_some(), "briefing not delivered");
                self.store
                    .delivery_failed(
                        sub.id,
                        &day,
                        &e.to_string(),
                        retry_at.as_deref(),
                        &self.me,
                        &done_at,
                    )
                    .await?;
                Ok(Outcome::Failed)
            }
        }
    }

    async fn send(&self, sub: &SubscriptionRow, b: &content::Briefing) -> Result<(), SendError> {
        match BriefingChannel::parse(&sub.channel) {
            Some(BriefingChannel::Email) => self.senders.send_email(b, &sub.target).await,
            Some(BriefingChannel::Webhook) => {
                let shape = WebhookShape::parse(&sub.shape).unwrap_or(WebhookShape::Generic);
                self.senders.send_webhook(b, &sub.target, shape).await
            }
            None => Err(SendError::Message(format!(
                "unknown channel {:?}",
                sub.channel
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let base = Duration::from_secs(60);
        assert_eq!(backoff(base, 1), Duration::from_secs(60));
        assert_eq!(backoff(base, 2), Duration::from_secs(120));
        assert_eq!(backoff(base, 4), Duration::from_secs(480));
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }
}
