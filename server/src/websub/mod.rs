//! WebSub (W3C Recommendation, 2018), both ways.
//!
//! Out: with `websub.hub` set, the digest feeds name the hub (`rel="hub"`, JSON Feed `hubs`)
//! and themselves (`rel="self"`), and `publish_due` tells the hub (`hub.mode=publish`,
//! `hub.url=<topic>`) once per change of the content version. A hub that fails is logged and
//! asked again after a delay; nothing waits for it.
//!
//! In: ingestion records the hub a source's feed names (`discovery`). With
//! `websub.callback_url` set, `subscribe_due` (run by the replica that leads the schedule)
//! subscribes with a callback path of its own and a random secret, and renews at 80 % of the
//! lease the hub grants. The callback (`web/websub.rs`) answers the hub's verification only for
//! a request it is waiting for, and takes a push only with a good `X-Hub-Signature`; the
//! source is then read at once by the scheduler. Polling goes on as before either way.

pub mod discovery;
pub mod signature;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use url::Url;

use crate::config::WebSubConfig;
use crate::db::websub::Subscription;
use crate::db::{DbError, Store};
use crate::fetch::Fetcher;

/// Where hubs reach us: `{callback_url}/websub/callback/{id}`.
pub const CALLBACK_PREFIX: &str = "/websub/callback";

/// How long a hub that accepted a subscribe request has to verify it before the request
/// counts as failed and is sent again (after the backoff).
pub const VERIFY_WAIT: Duration = Duration::minutes(10);

/// The shortest time to a renewal, whatever lease a hub grants (a hub granting 0 s must not
/// make us ask it every scheduler tick).
pub const MIN_RENEWAL_SECS: i64 = 2;

/// A new callback id (128 bits) and secret (256 bits), both hex: the id is the only thing
/// that tells one subscription's callback from another's, so it must not be guessable.
pub fn new_credentials() -> (String, String) {
    let mut rng = rand::thread_rng();
    let mut id = [0u8; 16];
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut id);
    rng.fill_bytes(&mut secret);
    (hex::encode(id), hex::encode(secret))
}

pub fn callback_url(base: &str, callback_id: &str) -> String {
    format!(
        "{}{CALLBACK_PREFIX}/{callback_id}",
        base.trim_end_matches('/')
    )
}

/// The feeds we publish through the hub: the digest feed in both forms, as reached without a
/// language and with each language. A feed names itself (`rel="self"`) with one of these.
pub fn published_topics(public_url: &str) -> Vec<String> {
    let base = public_url.trim_end_matches('/');
    let mut topics = Vec::new();
    for doc in ["feed.atom", "feed.json"] {
        for query in ["", "?lang=ko", "?lang=en"] {
            topics.push(format!("{base}/{doc}{query}"));
        }
    }
    topics
}

/// Delay before asking a hub again after `failures` failures in a row (>= 1): a minute,
/// doubling, at most a day.
pub fn backoff(failures: i64) -> Duration {
    let exp = (failures.max(1) - 1).min(12) as u32;
    Duration::minutes((1i64 << exp).min(24 * 60))
}

/// When to renew a lease of `lease_seconds` granted at `now`: at 80 % of it.
pub fn renew_at(now: DateTime<Utc>, lease_seconds: i64) -> DateTime<Utc> {
    let secs = (lease_seconds.max(0).saturating_mul(4) / 5).max(MIN_RENEWAL_SECS);
    now + Duration::seconds(secs.min(10 * 365 * 24 * 3600))
}

/// Sends the subscribe requests that are due (new subscriptions, retries, renewals). Nothing
/// without a callback URL: the server cannot be reached, so sources are polled only.
pub async fn subscribe_due(
    store: &Store,
    fetcher: &Fetcher,
    config: &WebSubConfig,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    if config.callback_url.is_empty() {
        return Ok(0);
    }
    let mut sent = 0;
    for sub in store.websub_due(now).await? {
        if sub.pending {
            let why = "the hub accepted the subscription request but never verified it";
            tracing::warn!(source = %sub.source_id, hub = %sub.hub, "{why}");
            store
                .websub_failed(&sub.source_id, why, now + backoff(sub.failures + 1), now)
                .await?;
            continue;
        }
        subscribe(store, fetcher, config, &sub, now).await?;
        sent += 1;
    }
    Ok(sent)
}

async fn subscribe(
    store: &Store,
    fetcher: &Fetcher,
    config: &WebSubConfig,
    sub: &Subscription,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let retry_at = now + backoff(sub.failures + 1);
    let hub = match Url::parse(&sub.hub) {
        Ok(u) => u,
        Err(e) => {
            let why = format!("the hub's URL is not valid: {e}");
            return store
                .websub_failed(&sub.source_id, &why, retry_at, now)
                .await;
        }
    };
    // Pending before the request leaves: a hub may verify before it answers.
    store
        .websub_requesting(&sub.source_id, now, now + VERIFY_WAIT)
        .await?;
    let callback = callback_url(&config.callback_url, &sub.callback_id);
    let lease = config.lease_seconds.to_string();
    let form = [
        ("hub.mode", "subscribe"),
        ("hub.topic", sub.topic.as_str()),
        ("hub.callback", callback.as_str()),
        ("hub.secret", sub.secret.as_str()),
        ("hub.lease_seconds", lease.as_str()),
    ];
    match fetcher.post_form(&hub, &form).await {
        Ok(status) => {
            tracing::info!(source = %sub.source_id, hub = %crate::fetch::display_url(&hub), status, "WebSub subscription requested");
            Ok(())
        }
        Err(e) => {
            let why = format!("subscribing at the hub failed: {e}");
            tracing::warn!(source = %sub.source_id, hub = %crate::fetch::display_url(&hub), error = %e, "WebSub subscription failed");
            store
                .websub_failed(&sub.source_id, &why, retry_at, Utc::now())
                .await
        }
    }
}

/// Tells the hub about every topic whose content changed since it was last told (and whose
/// retry time has come). Returns how many topics the hub took.
pub async fn publish_due(
    store: &Store,
    fetcher: &Fetcher,
    config: &WebSubConfig,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let Ok(hub) = Url::parse(&config.hub) else {
        return Ok(0);
    };
    let version = store.content_version().await?;
    let told = store.websub_publications(&config.hub).await?;
    let mut published = 0;
    let mut failure: Option<String> = None;
    for topic in published_topics(public_url) {
        let row = told.iter().find(|r| r.topic == topic);
        if row.and_then(|r| r.version.as_deref()) == Some(version.as_str()) {
            continue;
        }
        if row
            .and_then(|r| r.next_attempt_at)
            .is_some_and(|t| t.0 > now)
        {
            continue;
        }
        let failures = row.map_or(0, |r| r.failures);
        // One failure in a pass stands for the rest: a hub that never answers costs one
        // timeout, not one per topic.
        let outcome = match &failure {
            Some(e) => Err(e.clone()),
            None => fetcher
                .post_form(
                    &hub,
                    &[("hub.mode", "publish"), ("hub.url", topic.as_str())],
                )
                .await
                .map_err(|e| e.to_string()),
        };
        match outcome {
            Ok(_) => {
                store
                    .websub_published(&config.hub, &topic, &version, Utc::now())
                    .await?;
                published += 1;
            }
            Err(e) => {
                if failure.is_none() {
                    tracing::warn!(hub = %crate::fetch::display_url(&hub), error = %e, "WebSub publish failed; asked again later");
                }
                store
                    .websub_publish_failed(&config.hub, &topic, &e, now + backoff(failures + 1))
                    .await?;
                failure = Some(e);
            }
        }
    }
    if published > 0 {
        tracing::info!(topics = published, "WebSub hub told of new content");
    }
    Ok(published)
}

static RUNNING: AtomicBool = AtomicBool::new(false);

/// Runs `subscribe_due` and `publish_due` on a task of their own, one at a time (a hub that
/// never answers holds only that task, up to the fetcher's time limit): false when one is
/// still running or WebSub is off both ways.
pub fn in_background(
    config: &WebSubConfig,
    public_url: &str,
    store: &Store,
    fetcher: &Arc<Fetcher>,
) -> bool {
    if config.hub.is_empty() && config.callback_url.is_empty() {
        return false;
    }
    if RUNNING.swap(true, Ordering::SeqCst) {
        return false;
    }
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            RUNNING.store(false, Ordering::SeqCst);
        }
    }
    let (config, public_url, store, fetcher) = (
        config.clone(),
        public_url.to_string(),
        store.clone(),
        fetcher.clone(),
    );
    tokio::spawn(async move {
        let _done = Done;
        let now = Utc::now();
        if let Err(e) = subscribe_due(&store, &fetcher, &config, now).await {
            tracing::error!(error = %e, "WebSub subscriptions could not be kept");
        }
        if !config.hub.is_empty() {
            if let Err(e) = publish_due(&store, &fetcher, &config, &public_url, now).await {
                tracing::error!(error = %e, "WebSub publishing could not be recorded");
            }
        }
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_comes_at_four_fifths_of_the_lease_and_never_at_once() {
        let now = Utc::now();
        assert_eq!(renew_at(now, 100), now + Duration::seconds(80));
        assert_eq!(renew_at(now, 0), now + Duration::seconds(MIN_RENEWAL_SECS));
        assert_eq!(renew_at(now, -5), now + Duration::seconds(MIN_RENEWAL_SECS));
        assert!(renew_at(now, i64::MAX) > now);
    }

    #[test]
    fn backoff_doubles_and_caps_at_a_day() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(3), Duration::minutes(4));
        assert_eq!(backoff(500), Duration::minutes(24 * 60));
    }

    #[test]
    fn credentials_are_fresh_and_fit_the_spec() {
        let (a, s) = new_credentials();
        let (b, _) = new_credentials();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        // hub.secret must be under 200 bytes.
        assert!(s.len() < 200 && s.len() >= 32);
    }
}
