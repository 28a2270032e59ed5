//! `briefing_subscriptions` and `briefing_deliveries`: who gets the daily briefing where, and
//! what was sent. A delivery row is claimed by inserting it (`ON CONFLICT DO NOTHING`) before
//! anything is sent, so two senders — two replicas, or two passes of one — never both send a
//! subscription's briefing for one day.

use app::ids::{SubscriptionId, UserId};

use super::{on_pool, Result, Store};

/// A subscription as stored. Vocabulary columns stay text here; `briefing` reads them into the
/// app's enums.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriptionRow {
    #[sqlx(try_from = "i64")]
    pub id: SubscriptionId,
    #[sqlx(try_from = "i64")]
    pub user_id: UserId,
    pub channel: String,
    pub target: String,
    pub shape: String,
    pub language: String,
    pub send_at: String,
    pub scope: String,
    pub unsubscribe_token: String,
    pub created_at: String,
    pub unsubscribed_at: Option<String>,
}

/// A new subscription's fields.
#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub user_id: UserId,
    pub channel: &'a str,
    pub target: &'a str,
    pub shape: &'a str,
    pub language: &'a str,
    pub send_at: &'a str,
    pub scope: &'a str,
    pub unsubscribe_token: &'a str,
    pub created_at: &'a str,
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryRow {
    #[sqlx(try_from = "i64")]
    pub subscription_id: SubscriptionId,
    pub day: String,
    pub digest_day: Option<String>,
    pub attempts: i64,
    pub status: String,
    pub error: Option<String>,
    pub next_attempt_at: Option<String>,
    pub sent_at: Option<String>,
    pub updated_at: String,
}

const SUBSCRIPTION_COLUMNS: &str = "s.id, s.user_id, s.channel, s.target, s.shape, s.language,
     s.send_at, s.scope, s.unsubscribe_token, s.created_at, s.unsubscribed_at";

impl Store {
    pub async fn insert_subscription(&self, s: &NewSubscription<'_>) -> Result<SubscriptionId> {
        const SQL: &str = "INSERT INTO briefing_subscriptions (user_id, channel, target, shape,
               language, send_at, scope, unsubscribe_token, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(SQL)
            .bind(s.user_id.get())
            .bind(s.channel)
            .bind(s.target)
            .bind(s.shape)
            .bind(s.language)
            .bind(s.send_at)
            .bind(s.scope)
            .bind(s.unsubscribe_token)
            .bind(s.created_at)
            .fetch_one(p)
            .await)?;
        Ok(SubscriptionId::new(id))
    }

    /// A user's subscriptions, live and ended, newest first.
    pub async fn subscriptions_of(&self, user_id: UserId) -> Result<Vec<SubscriptionRow>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM briefing_subscriptions s
             WHERE s.user_id = $1 ORDER BY s.id DESC"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(user_id.get()).fetch_all(p).await)?)
    }

    pub async fn subscription_by_token(&self, token: &str) -> Result<Option<SubscriptionRow>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM briefing_subscriptions s
             WHERE s.unsubscribe_token = $1"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(token).fetch_optional(p).await)?)
    }

    /// Ends a live subscription by its token; false when there is none to end.
    pub async fn unsubscribe_by_token(&self, token: &str, now: &str) -> Result<bool> {
        const SQL: &str = "UPDATE briefing_subscriptions SET unsubscribed_at = $2
             WHERE unsubscribe_token = $1 AND unsubscribed_at IS NULL";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(token)
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// Ends one of `user_id`'s live subscriptions; false when it is not theirs or already ended.
    pub async fn unsubscribe_own(
        &self,
        user_id: UserId,
        id: SubscriptionId,
        now: &str,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE briefing_subscriptions SET unsubscribed_at = $3
             WHERE id = $1 AND user_id = $2 AND unsubscribed_at IS NULL";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(id.get())
            .bind(user_id.get())
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// Live subscriptions whose time (`HH:MM`) has come on `day` and that have no delivery row
    /// for it yet.
    pub async fn subscriptions_due(&self, day: &str, time: &str) -> Result<Vec<SubscriptionRow>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM briefing_subscriptions s
             WHERE s.unsubscribed_at IS NULL AND s.send_at <= $2
               AND NOT EXISTS (SELECT 1 FROM briefing_deliveries d
                               WHERE d.subscription_id = s.id AND d.day = $1)
             ORDER BY s.id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(day).bind(time).fetch_all(p).await)?)
    }

    /// Live subscriptions with a delivery waiting for its next try at `now` or before, with the
    /// day it is for.
    pub async fn deliveries_to_retry(&self, now: &str) -> Result<Vec<(SubscriptionRow, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            sub: SubscriptionRow,
            day: String,
        }
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS}, d.day FROM briefing_deliveries d
             JOIN briefing_subscriptions s ON s.id = d.subscription_id
             WHERE d.status = 'retrying' AND d.next_attempt_at <= $1
               AND s.unsubscribed_at IS NULL
             ORDER BY d.next_attempt_at, s.id"
        );
        let rows: Vec<Row> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(now).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| (r.sub, r.day)).collect())
    }

    /// Claims the first send of (subscription, day): true when this call inserted the row, so
    /// it alone may send. A row already there (sent, in flight elsewhere, failed) is left alone.
    pub async fn claim_delivery(
        &self,
        subscription_id: SubscriptionId,
        day: &str,
        me: &str,
        now: &str,
        until: &str,
    ) -> Result<bool> {
        const SQL: &str = "INSERT INTO briefing_deliveries (subscription_id, day, attempts, status,
               claimed_by, claimed_until, updated_at)
             VALUES ($1, $2, 0, 'sending', $3, $4, $5)
             ON CONFLICT (subscription_id, day) DO NOTHING";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(subscription_id.get())
            .bind(day)
            .bind(me)
            .bind(until)
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// Claims a retry whose time has come: true when this call moved it to `sending`.
    pub async fn claim_retry(
        &self,
        subscription_id: SubscriptionId,
        day: &str,
        me: &str,
        now: &str,
        until: &str,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE briefing_deliveries
             SET status = 'sending', claimed_by = $3, claimed_until = $4, updated_at = $5
             WHERE subscription_id = $1 AND day = $2 AND status = 'retrying'
               AND next_attempt_at <= $5";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(subscription_id.get())
            .bind(day)
            .bind(me)
            .bind(until)
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// Records a successful send by the holder of the claim.
    pub async fn delivery_sent(
        &self,
        subscription_id: SubscriptionId,
        day: &str,
        digest_day: &str,
        me: &str,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "UPDATE briefing_deliveries
             SET status = 'sent', attempts = attempts + 1, digest_day = $3, error = NULL,
                 sent_at = $5, updated_at = $5, next_attempt_at = NULL, claimed_until = NULL
             WHERE subscription_id = $1 AND day = $2 AND status = 'sending' AND claimed_by = $4";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(subscription_id.get())
            .bind(day)
            .bind(digest_day)
            .bind(me)
            .bind(now)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Records a failed try by the holder of the claim: `retry_at` is the next try, or `None`
    /// to give up.
    pub async fn delivery_failed(
        &self,
        subscription_id: SubscriptionId,
        day: &str,
        error: &str,
        retry_at: Option<&str>,
        me: &str,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "UPDATE briefing_deliveries
             SET status = CASE WHEN $4 IS NULL THEN 'failed' ELSE 'retrying' END,
                 attempts = attempts + 1, error = $3, next_attempt_at = $4, updated_at = $6,
                 claimed_until = NULL
             WHERE subscription_id = $1 AND day = $2 AND status = 'sending' AND claimed_by = $5";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(subscription_id.get())
            .bind(day)
            .bind(error)
            .bind(retry_at)
            .bind(me)
            .bind(now)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Gives up sends whose sender stopped holding them (it died mid-send): whether the message
    /// left is unknown, so it is never sent again. Returns how many.
    pub async fn abandon_stale_deliveries(&self, now: &str) -> Result<u64> {
        const SQL: &str = "UPDATE briefing_deliveries
             SET status = 'failed', error = 'the sender stopped during the send; not sent again, so it cannot arrive twice',
                 updated_at = $1, claimed_until = NULL
             WHERE status = 'sending' AND claimed_until < $1";
        Ok(on_pool!(self, p => sqlx::query(SQL)
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?)
    }

    /// The delivery log of a user's subscriptions, newest first.
    pub async fn deliveries_of(&self, user_id: UserId, limit: i64) -> Result<Vec<DeliveryRow>> {
        const SQL: &str = "SELECT d.subscription_id, d.day, d.digest_day, d.attempts, d.status,
               d.error, d.next_attempt_at, d.sent_at, d.updated_at
             FROM briefing_deliveries d
             JOIN briefing_subscriptions s ON s.id = d.subscription_id
             WHERE s.user_id = $1
             ORDER BY d.day DESC, d.subscription_id DESC LIMIT $2";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(user_id.get())
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// One subscription's delivery for one day.
    pub async fn delivery(
        &self,
        subscription_id: SubscriptionId,
        day: &str,
    ) -> Result<Option<DeliveryRow>> {
        const SQL: &str = "SELECT subscription_id, day, digest_day, attempts, status, error,
               next_attempt_at, sent_at, updated_at
             FROM briefing_deliveries WHERE subscription_id = $1 AND day = $2";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(subscription_id.get())
            .bind(day)
            .fetch_optional(p)
            .await)?)
    }
}
