//! The append-only, hash-chained event log. Each event's hash covers its canonical content and
//! the previous event's hash, so changing or deleting any row breaks every later link, and
//! `prev_hash` is unique, so two writers can never fork the chain.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Version of the canonical form below; part of every hash.
const CANONICAL_VERSION: u32 = 1;

/// One event as stored.
#[derive(Debug, Clone)]
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

/// The fields in a fixed order: serde writes struct fields in declaration order, so the
/// bytes hashed do not depend on any map ordering.
#[derive(Serialize)]
struct Canonical<'a> {
    v: u32,
    id: i64,
    claim_id: i64,
    kind: &'a str,
    at: &'a str,
    actor: &'a str,
    payload: &'a str,
    prev_hash: &'a str,
}

pub fn hash_of(
    id: i64,
    claim_id: i64,
    kind: &str,
    at: &str,
    actor: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let canonical = Canonical {
        v: CANONICAL_VERSION,
        id,
        claim_id,
        kind,
        at,
        actor,
        payload,
        prev_hash,
    };
    // Serializing plain strings and integers cannot fail.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    hex::encode(Sha256::digest(&bytes))
}

/// Appends an event inside the caller's transaction and returns its id. The caller's
/// transaction must have begun with `BEGIN IMMEDIATE` (see `Store::begin_write`) so the last
/// hash cannot change between reading it and writing after it.
pub async fn append(
    tx: &mut Transaction<'_, Sqlite>,
    claim_id: i64,
    kind: &str,
    at: &str,
    actor: &str,
    payload: &serde_json::Value,
) -> Result<i64, sqlx::Error> {
    let last = sqlx::query("SELECT id, hash FROM claim_events ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let (id, prev) = match last {
        Some(r) => (r.get::<i64, _>(0) + 1, r.get::<String, _>(1)),
        None => (1, GENESIS.to_string()),
    };
    let payload = payload.to_string();
    let hash = hash_of(id, claim_id, kind, at, actor, &payload, &prev);
    sqlx::query(
        "INSERT INTO claim_events (id, claim_id, kind, at, actor, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .bind(id)
    .bind(claim_id)
    .bind(kind)
    .bind(at)
    .bind(actor)
    .bind(&payload)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

fn event_from_row(r: &sqlx::sqlite::SqliteRow) -> Event {
    Event {
        id: r.get("id"),
        claim_id: r.get("claim_id"),
        kind: r.get("kind"),
        at: r.get("at"),
        actor: r.get("actor"),
        payload: r.get("payload"),
        prev_hash: r.get("prev_hash"),
        hash: r.get("hash"),
    }
}

pub async fn events_of(pool: &SqlitePool, claim_id: i64) -> Result<Vec<Event>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT * FROM claim_events WHERE claim_id = ?1 ORDER BY id")
            .bind(claim_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(event_from_row)
            .collect(),
    )
}

pub async fn recent(pool: &SqlitePool, kind: &str, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT * FROM claim_events WHERE kind = ?1 ORDER BY id DESC LIMIT ?2")
            .bind(kind)
            .bind(limit)
            .fetch_all(pool)
            .await?
            .iter()
            .map(event_from_row)
            .collect(),
    )
}

/// Why the chain is broken, naming the first event that does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    #[error("event {id}: its content does not match its hash (edited after it was written)")]
    Content { id: i64 },
    #[error("event {id}: it does not follow the event before it (an event before it was changed or removed)")]
    Link { id: i64 },
    #[error("event {id}: expected event {expected} next (events were removed)")]
    Gap { id: i64, expected: i64 },
    #[error(
        "claim {claim_id}: status {stored:?} is not the status its log ends with ({logged:?})"
    )]
    State {
        claim_id: i64,
        stored: String,
        logged: String,
    },
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub events: usize,
    pub head: String,
}

/// Walks every event in order and checks its hash, its link to the one before, that no id is
/// missing, and that each claim's stored status is the one its status events end with.
pub async fn verify(pool: &SqlitePool) -> Result<Result<Verified, Broken>, sqlx::Error> {
    let rows = sqlx::query("SELECT * FROM claim_events ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut prev = GENESIS.to_string();
    let mut last_status: std::collections::HashMap<i64, String> = Default::default();
    for (expected_id, r) in (1..).zip(rows.iter()) {
        let e = event_from_row(r);
        if e.id != expected_id {
            return Ok(Err(Broken::Gap {
                id: e.id,
                expected: expected_id,
            }));
        }
        let recomputed = hash_of(
            e.id,
            e.claim_id,
            &e.kind,
            &e.at,
            &e.actor,
            &e.payload,
            &e.prev_hash,
        );
        if recomputed != e.hash {
            return Ok(Err(Broken::Content { id: e.id }));
        }
        if e.prev_hash != prev {
            return Ok(Err(Broken::Link { id: e.id }));
        }
        if e.kind == "status" {
            if let Some(to) = serde_json::from_str::<serde_json::Value>(&e.payload)
                .ok()
                .and_then(|p| p.get("to").and_then(|t| t.as_str()).map(str::to_owned))
            {
                last_status.insert(e.claim_id, to);
            }
        }
        prev = e.hash;
    }
    let claims = sqlx::query("SELECT id, status FROM claims ORDER BY id")
        .fetch_all(pool)
        .await?;
    for c in &claims {
        let id: i64 = c.get(0);
        let stored: String = c.get(1);
        let logged = last_status
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "unverified".to_string());
        if stored != logged {
            return Ok(Err(Broken::State {
                claim_id: id,
                stored,
                logged,
            }));
        }
    }
    Ok(Ok(Verified {
        events: rows.len(),
        head: prev,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_hash() {
        let base = hash_of(1, 2, "status", "t", "ann", "{}", GENESIS);
        assert_eq!(base.len(), 64);
        assert_ne!(base, hash_of(2, 2, "status", "t", "ann", "{}", GENESIS));
        assert_ne!(base, hash_of(1, 3, "status", "t", "ann", "{}", GENESIS));
        assert_ne!(base, hash_of(1, 2, "evidence", "t", "ann", "{}", GENESIS));
        assert_ne!(base, hash_of(1, 2, "status", "u", "ann", "{}", GENESIS));
        assert_ne!(base, hash_of(1, 2, "status", "t", "bob", "{}", GENESIS));
        assert_ne!(base, hash_of(1, 2, "status", "t", "ann", "{ }", GENESIS));
        assert_ne!(
            base,
            hash_of(1, 2, "status", "t", "ann", "{}", &"1".repeat(64))
        );
        assert_eq!(base, hash_of(1, 2, "status", "t", "ann", "{}", GENESIS));
    }
}
