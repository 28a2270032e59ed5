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

/// Where the chain stood when it was published (in a digest export, the claims feed, or a
/// checkpoint file): kept outside the database, it exposes a truncated tail or a chain that
/// was rewritten and rehashed from some event on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// Events in the chain at the time; None when only the head hash is known.
    pub events: Option<i64>,
    pub head: String,
    #[serde(default)]
    pub at: Option<String>,
}

/// The chain's current length and head (`GENESIS` when empty).
pub async fn head(pool: &SqlitePool) -> Result<Checkpoint, sqlx::Error> {
    let last = sqlx::query("SELECT id, hash FROM claim_events ORDER BY id DESC LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(match last {
        Some(r) => Checkpoint {
            events: Some(r.get(0)),
            head: r.get(1),
            at: None,
        },
        None => Checkpoint {
            events: Some(0),
            head: GENESIS.to_string(),
            at: None,
        },
    })
}

/// Whether the chain still holds the published head at the published position.
pub async fn holds(pool: &SqlitePool, cp: &Checkpoint) -> Result<Result<(), Broken>, sqlx::Error> {
    let broken = || Broken::Anchor {
        events: cp.events,
        head: cp.head.clone(),
    };
    if cp.head == GENESIS && cp.events.unwrap_or(0) == 0 {
        return Ok(Ok(()));
    }
    let found: Option<i64> = match cp.events {
        Some(n) => {
            sqlx::query_scalar("SELECT id FROM claim_events WHERE id = ?1 AND hash = ?2")
                .bind(n)
                .bind(&cp.head)
                .fetch_optional(pool)
                .await?
        }
        None => {
            sqlx::query_scalar("SELECT id FROM claim_events WHERE hash = ?1")
                .bind(&cp.head)
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(if found.is_some() {
        Ok(())
    } else {
        Err(broken())
    })
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
    #[error("claim {claim_id} has logged events but no longer exists (deleted with its history)")]
    MissingClaim { claim_id: i64 },
    #[error("evidence {id}: {what}")]
    Evidence { id: i64, what: String },
    #[error("the published head {head} (after {} events) is not in the chain: it was truncated or rewritten", events.map_or("an unknown number of".to_string(), |n| n.to_string()))]
    Anchor { events: Option<i64>, head: String },
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
    let known: std::collections::HashSet<i64> = claims.iter().map(|c| c.get::<i64, _>(0)).collect();
    if let Some(e) = rows
        .iter()
        .map(|r| r.get::<i64, _>("claim_id"))
        .find(|id| !known.contains(id))
    {
        return Ok(Err(Broken::MissingClaim { claim_id: e }));
    }
    if let Err(b) = evidence_matches_log(pool, &rows).await? {
        return Ok(Err(b));
    }
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

/// Evidence rows are written once, with an event carrying all their fields: each row must
/// match its event, and each logged row must still be there.
async fn evidence_matches_log(
    pool: &SqlitePool,
    events: &[sqlx::sqlite::SqliteRow],
) -> Result<Result<(), Broken>, sqlx::Error> {
    use serde_json::{json, Value};
    let mut logged: std::collections::HashMap<i64, (Event, Value)> = Default::default();
    for e in events
        .iter()
        .map(event_from_row)
        .filter(|e| e.kind == "evidence")
    {
        let Ok(p) = serde_json::from_str::<Value>(&e.payload) else {
            continue;
        };
        if let Some(id) = p.get("evidence_id").and_then(Value::as_i64) {
            logged.insert(id, (e, p));
        }
    }
    let rows = sqlx::query(
        "SELECT id, claim_id, url, title, organisation, kind, relation, verdict, measured_value,
                measured_num, interval, settings, note, article_id, result_id, added_by, added_at
         FROM evidence ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        let id: i64 = r.get("id");
        let broken = |what: &str| {
            Ok(Err(Broken::Evidence {
                id,
                what: what.into(),
            }))
        };
        let Some((event, payload)) = logged.get(&id) else {
            return broken("not in the log (added or replaced outside Proofwire)");
        };
        seen.insert(id);
        let row = json!({
            "url": r.get::<String, _>("url"), "title": r.get::<String, _>("title"),
            "organisation": r.get::<String, _>("organisation"), "kind": r.get::<String, _>("kind"),
            "relation": r.get::<String, _>("relation"), "verdict": r.get::<String, _>("verdict"),
            "measured_value": r.get::<Option<String>, _>("measured_value"),
            "measured_num": r.get::<Option<f64>, _>("measured_num"),
            "interval": r.get::<Option<String>, _>("interval"),
            "settings": r.get::<Option<String>, _>("settings"),
            "note": r.get::<Option<String>, _>("note"),
            "article_id": r.get::<Option<i64>, _>("article_id"),
            "result_id": r.get::<Option<i64>, _>("result_id"),
        });
        let differs = row.as_object().into_iter().flatten().any(|(k, v)| {
            // Events written before a field existed do not carry it.
            payload.get(k).is_some_and(|logged| logged != v)
        });
        if differs
            || event.claim_id != r.get::<i64, _>("claim_id")
            || event.actor != r.get::<String, _>("added_by")
            || event.at != r.get::<String, _>("added_at")
        {
            return broken("differs from what the log recorded (edited)");
        }
    }
    if let Some(id) = logged.keys().copied().filter(|id| !seen.contains(id)).min() {
        return Ok(Err(Broken::Evidence {
            id,
            what: "logged but no longer stored (deleted)".into(),
        }));
    }
    Ok(Ok(()))
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
