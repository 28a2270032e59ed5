//! `claim_events`: the append-only, hash-chained log (hashing and checking live in
//! `claims::log`; this module only stores and reads rows).

use app::ids::ClaimId;

use super::{on_pool, on_tx, Result, Store, Tx};

/// One event as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub claim_id: i64,
    pub kind: String,
    pub at: String,
    pub actor: String,
    /// JSON text, stored exactly as hashed.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What an event records. Stored as its key, which the event's hash covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A claim found in an article version.
    Recorded,
    /// The vendor reworded the sentence; the value stands.
    Restated,
    /// The vendor changed the value, or removed the claim.
    Correction,
    /// A newer extractor read the same text differently.
    Reextracted,
    /// An editor linked evidence.
    Evidence,
    /// An editor changed the status.
    Status,
    /// An editor turned a suggestion down.
    Dismissed,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Recorded,
        EventKind::Restated,
        EventKind::Correction,
        EventKind::Reextracted,
        EventKind::Evidence,
        EventKind::Status,
        EventKind::Dismissed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EventKind::Recorded => "recorded",
            EventKind::Restated => "restated",
            EventKind::Correction => "correction",
            EventKind::Reextracted => "reextracted",
            EventKind::Evidence => "evidence",
            EventKind::Status => "status",
            EventKind::Dismissed => "dismissed",
        }
    }

    pub fn parse(key: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl Event {
    /// The event's kind; None for a key Proofwire never writes (the row was forged).
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }

    pub fn is(&self, kind: EventKind) -> bool {
        self.kind == kind.key()
    }
}

const EVENT_COLUMNS: &str = "id, claim_id, kind, at, actor, payload, prev_hash, hash";

impl Tx {
    /// The last event's (id, hash), read under the transaction's log lock.
    pub async fn last_event(&mut self) -> Result<Option<(i64, String)>> {
        const SQL: &str = "SELECT id, hash FROM claim_events ORDER BY id DESC LIMIT 1";
        Ok(on_tx!(self, c => sqlx::query_as(SQL).fetch_optional(&mut *c).await)?)
    }

    pub async fn insert_event(&mut self, e: &Event) -> Result<()> {
        const SQL: &str = "INSERT INTO claim_events (id, claim_id, kind, at, actor, payload,
             prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(e.id)
            .bind(e.claim_id)
            .bind(&e.kind)
            .bind(&e.at)
            .bind(&e.actor)
            .bind(&e.payload)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}

impl Store {
    pub async fn last_event(&self) -> Result<Option<(i64, String)>> {
        const SQL: &str = "SELECT id, hash FROM claim_events ORDER BY id DESC LIMIT 1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_optional(p).await)?)
    }

    pub async fn events_of(&self, claim_id: ClaimId) -> Result<Vec<Event>> {
        let sql =
            format!("SELECT {EVENT_COLUMNS} FROM claim_events WHERE claim_id = $1 ORDER BY id");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(claim_id.get()).fetch_all(p).await)?)
    }

    pub async fn recent_events(&self, kind: EventKind, limit: i64) -> Result<Vec<Event>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM claim_events WHERE kind = $1 ORDER BY id DESC LIMIT $2"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(&sql).bind(kind.key()).bind(limit).fetch_all(p).await)?,
        )
    }

    /// The whole chain in order.
    pub async fn all_events(&self) -> Result<Vec<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM claim_events ORDER BY id");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// Whether an event with this hash is in the chain (at position `id`, when given).
    pub async fn event_exists(&self, id: Option<i64>, hash: &str) -> Result<bool> {
        const SQL: &str = "SELECT id FROM claim_events WHERE ($1 IS NULL OR id = $1) AND hash = $2";
        let found: Option<i64> = on_pool!(self, p => sqlx::query_scalar(SQL)
            .bind(id)
            .bind(hash)
            .fetch_optional(p)
            .await)?;
        Ok(found.is_some())
    }
}
