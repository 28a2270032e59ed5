//! `websub_subscriptions` (the hubs our sources' feeds name, and how each subscription stands)
//! and `websub_publications` (what we last announced to our own hub). The protocol is in
//! `crate::websub`; this module only stores it.

use app::ids::SourceId;
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, Result, Store};
use crate::dates::ts;

/// How a subscription stands (`state`).
pub const DISCOVERED: &str = "discovered";
pub const REQUESTED: &str = "requested";
pub const SUBSCRIBED: &str = "subscribed";
pub const DENIED: &str = "denied";
pub const FAILED: &str = "failed";

/// One source's subscription.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscription {
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub topic: String,
    pub hub: String,
    pub callback_id: String,
    pub secret: String,
    pub state: String,
    /// A subscribe request was sent and its verification has not come yet.
    pub pending: bool,
    #[sqlx(try_from = "Time")]
    pub discovered_at: DateTime<Utc>,
    pub requested_at: Option<Time>,
    pub verified_at: Option<Time>,
    pub lease_seconds: Option<i64>,
    pub lease_expires_at: Option<Time>,
    pub next_attempt_at: Option<Time>,
    pub failures: i64,
    pub last_error: Option<String>,
    pub push_pending: bool,
    pub pushes: i64,
    pub last_push_at: Option<Time>,
}

/// What a hub was last told about one of our feeds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Publication {
    pub hub: String,
    pub topic: String,
    pub version: Option<String>,
    pub published_at: Option<Time>,
    pub failures: i64,
    pub next_attempt_at: Option<Time>,
    pub last_error: Option<String>,
}

const COLUMNS: &str = "source_id, topic, hub, callback_id, secret, state, pending, discovered_at,
    requested_at, verified_at, lease_seconds, lease_expires_at, next_attempt_at, failures,
    last_error, push_pending, pushes, last_push_at";

impl Store {
    /// Records the hub and topic a source's feed names. A new pair (a new source, or a feed
    /// that moved to another hub or topic) starts over with the id and secret given; the same
    /// pair keeps the subscription as it stands.
    pub async fn websub_discovered(
        &self,
        source_id: &SourceId,
        topic: &str,
        hub: &str,
        callback_id: &str,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO websub_subscriptions
               (source_id, topic, hub, callback_id, secret, state, discovered_at)
             VALUES ($1, $2, $3, $4, $5, 'discovered', $6)
             ON CONFLICT(source_id) DO UPDATE SET topic = excluded.topic, hub = excluded.hub,
               callback_id = excluded.callback_id, secret = excluded.secret,
               state = 'discovered', pending = FALSE, discovered_at = excluded.discovered_at,
               requested_at = NULL, verified_at = NULL, lease_seconds = NULL,
               lease_expires_at = NULL, next_attempt_at = NULL, failures = 0,
               last_error = NULL, push_pending = FALSE
             WHERE websub_subscriptions.topic <> excluded.topic
                OR websub_subscriptions.hub <> excluded.hub";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(source_id.as_str())
            .bind(topic)
            .bind(hub)
            .bind(callback_id)
            .bind(secret)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The source's feed names no hub now: its subscription is forgotten (the hub lets the
    /// lease run out) and the source is polled only.
    pub async fn websub_forget(&self, source_id: &SourceId) -> Result<()> {
        const SQL: &str = "DELETE FROM websub_subscriptions WHERE source_id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(source_id.as_str())
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn websub_subscriptions(&self) -> Result<Vec<Subscription>> {
        let sql = format!("SELECT {COLUMNS} FROM websub_subscriptions ORDER BY source_id");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// Subscriptions of enabled sources whose next request is due (never sent, a retry, or a
    /// renewal); a disabled source's lease is left to run out.
    pub async fn websub_due(&self, now: DateTime<Utc>) -> Result<Vec<Subscription>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM websub_subscriptions
             WHERE (next_attempt_at IS NULL OR next_attempt_at <= $1)
               AND source_id IN (SELECT id FROM sources WHERE enabled)
             ORDER BY source_id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(ts(now)).fetch_all(p).await)?)
    }

    /// The subscription a callback path names.
    pub async fn websub_by_callback(&self, callback_id: &str) -> Result<Option<Subscription>> {
        let sql = format!("SELECT {COLUMNS} FROM websub_subscriptions WHERE callback_id = $1");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(callback_id).fetch_optional(p).await)?)
    }

    /// Marks a subscribe request as about to be sent: its verification is expected from now,
    /// until `wait_until` (when an unverified request counts as failed). A live subscription
    /// being renewed stays subscribed meanwhile.
    pub async fn websub_requesting(
        &self,
        source_id: &SourceId,
        now: DateTime<Utc>,
        wait_until: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE websub_subscriptions SET pending = TRUE, requested_at = $2,
               next_attempt_at = $3,
               state = CASE WHEN state = 'subscribed' THEN state ELSE 'requested' END
             WHERE source_id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(source_id.as_str())
            .bind(ts(now))
            .bind(ts(wait_until))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// A request failed (refused, unreachable, or never verified): tried again at `retry_at`.
    /// A subscription whose lease still runs stays subscribed.
    pub async fn websub_failed(
        &self,
        source_id: &SourceId,
        error: &str,
        retry_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE websub_subscriptions SET pending = FALSE,
               failures = failures + 1, last_error = $2, next_attempt_at = $3,
               state = CASE WHEN state = 'subscribed' AND lease_expires_at > $4
                 THEN state ELSE 'failed' END
             WHERE source_id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(source_id.as_str())
            .bind(error)
            .bind(ts(retry_at))
            .bind(ts(now))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The hub verified a pending subscribe request: subscribed until `expires`, renewed at
    /// `renew_at`. False when nothing was pending (the answer is then a 404).
    pub async fn websub_verified(
        &self,
        callback_id: &str,
        topic: &str,
        lease_seconds: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        renew_at: DateTime<Utc>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE websub_subscriptions SET state = 'subscribed',
               pending = FALSE, verified_at = $3, lease_seconds = $4, lease_expires_at = $5,
               next_attempt_at = $6, failures = 0, last_error = NULL
             WHERE callback_id = $1 AND topic = $2 AND pending";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(callback_id)
            .bind(topic)
            .bind(ts(now))
            .bind(lease_seconds)
            .bind(ts(expires))
            .bind(ts(renew_at))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// The hub denied the subscription (at once or later): asked again at `retry_at`.
    pub async fn websub_denied(
        &self,
        callback_id: &str,
        topic: &str,
        reason: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE websub_subscriptions SET state = 'denied', pending = FALSE,
               lease_expires_at = NULL, last_error = $3, next_attempt_at = $4
             WHERE callback_id = $1 AND topic = $2";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(callback_id)
            .bind(topic)
            .bind(reason)
            .bind(ts(retry_at))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// A push with a good signature: the source is to be read now.
    pub async fn websub_pushed(&self, callback_id: &str, now: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "UPDATE websub_subscriptions SET push_pending = TRUE,
               pushes = pushes + 1, last_push_at = $2
             WHERE callback_id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(callback_id)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The sources pushed since the last call, each handed out once.
    pub async fn websub_take_pushed(&self) -> Result<Vec<SourceId>> {
        const SQL: &str = "UPDATE websub_subscriptions SET push_pending = FALSE
             WHERE push_pending RETURNING source_id";
        let ids: Vec<String> = on_pool!(self, p => sqlx::query_scalar(SQL).fetch_all(p).await)?;
        let mut ids: Vec<SourceId> = ids.into_iter().map(SourceId::from).collect();
        ids.sort();
        Ok(ids)
    }

    /// What `hub` was last told of each topic.
    pub async fn websub_publications(&self, hub: &str) -> Result<Vec<Publication>> {
        const SQL: &str = "SELECT hub, topic, version, published_at, failures, next_attempt_at,
               last_error FROM websub_publications WHERE hub = $1 ORDER BY topic";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(hub).fetch_all(p).await)?)
    }

    /// The hub took the announcement of `version` of `topic`.
    pub async fn websub_published(
        &self,
        hub: &str,
        topic: &str,
        version: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO websub_publications (hub, topic, version, published_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT(hub, topic) DO UPDATE SET version = excluded.version,
               published_at = excluded.published_at, failures = 0, next_attempt_at = NULL,
               last_error = NULL";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(hub)
            .bind(topic)
            .bind(version)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The hub could not be told: tried again at `retry_at`; the version last announced stays.
    pub async fn websub_publish_failed(
        &self,
        hub: &str,
        topic: &str,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO websub_publications
               (hub, topic, failures, next_attempt_at, last_error)
             VALUES ($1, $2, 1, $3, $4)
             ON CONFLICT(hub, topic) DO UPDATE SET
               failures = websub_publications.failures + 1,
               next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(hub)
            .bind(topic)
            .bind(ts(retry_at))
            .bind(error)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
