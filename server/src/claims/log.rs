//! The append-only, hash-chained event log. Each event's hash covers its canonical content and
//! the previous event's hash, so changing or deleting any row breaks every later link, and
//! `prev_hash` is unique, so two writers can never fork the chain.

pub use crate::db::events::{Event, EventKind};
use crate::db::{DbError, Store, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Version of the canonical form below; part of every hash.
const CANONICAL_VERSION: u32 = 1;

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

/// Appends an event inside the caller's transaction and returns its id. The transaction must
/// come from `Store::begin_write`, which holds the log's lock, so the last hash cannot change
/// between reading it and writing after it.
pub async fn append(
    tx: &mut Tx,
    claim_id: i64,
    kind: EventKind,
    at: &str,
    actor: &str,
    payload: &serde_json::Value,
) -> Result<i64, DbError> {
    let kind = kind.key();
    let (id, prev) = match tx.last_event().await? {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let payload = payload.to_string();
    let hash = hash_of(id, claim_id, kind, at, actor, &payload, &prev);
    tx.insert_event(&Event {
        id,
        claim_id,
        kind: kind.to_string(),
        at: at.to_string(),
        actor: actor.to_string(),
        payload,
        prev_hash: prev,
        hash,
    })
    .await?;
    Ok(id)
}

pub async fn events_of(db: &Store, claim_id: app::ids::ClaimId) -> Result<Vec<Event>, DbError> {
    db.events_of(claim_id).await
}

pub async fn recent(db: &Store, kind: EventKind, limit: i64) -> Result<Vec<Event>, DbError> {
    db.recent_events(kind, limit).await
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
pub async fn head(db: &Store) -> Result<Checkpoint, DbError> {
    Ok(match db.last_event().await? {
        Some((id, hash)) => Checkpoint {
            events: Some(id),
            head: hash,
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
pub async fn holds(db: &Store, cp: &Checkpoint) -> Result<Result<(), Broken>, DbError> {
    if cp.head == GENESIS && cp.events.unwrap_or(0) == 0 {
        return Ok(Ok(()));
    }
    Ok(if db.event_exists(cp.events, &cp.head).await? {
        Ok(())
    } else {
        Err(Broken::Anchor {
            events: cp.events,
            head: cp.head.clone(),
        })
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
pub async fn verify(db: &Store) -> Result<Result<Verified, Broken>, DbError> {
    let rows = db.all_events().await?;
    let mut prev = GENESIS.to_string();
    let mut last_status: std::collections::HashMap<i64, String> = Default::default();
    for (expected_id, e) in (1..).zip(rows.iter()) {
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
        if e.is(EventKind::Status) {
            if let Some(to) = serde_json::from_str::<serde_json::Value>(&e.payload)
                .ok()
                .and_then(|p| p.get("to").and_then(|t| t.as_str()).map(str::to_owned))
            {
                last_status.insert(e.claim_id, to);
            }
        }
        prev = e.hash.clone();
    }
    let claims = db.claim_statuses().await?;
    let known: std::collections::HashSet<i64> = claims.iter().map(|c| c.0).collect();
    if let Some(e) = rows
        .iter()
        .map(|e| e.claim_id)
        .find(|id| !known.contains(id))
    {
        return Ok(Err(Broken::MissingClaim { claim_id: e }));
    }
    if let Err(b) = evidence_matches_log(db, &rows).await? {
        return Ok(Err(b));
    }
    for (id, stored) in claims {
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
async fn evidence_matches_log(db: &Store, events: &[Event]) -> Result<Result<(), Broken>, DbError> {
    use serde_json::{json, Value};
    let mut logged: std::collections::HashMap<i64, (Event, Value)> = Default::default();
    for e in events.iter().filter(|e| e.is(EventKind::Evidence)) {
        let Ok(p) = serde_json::from_str::<Value>(&e.payload) else {
            continue;
        };
        if let Some(id) = p.get("evidence_id").and_then(Value::as_i64) {
            logged.insert(id, (e.clone(), p));
        }
    }
    let rows = db.all_evidence().await?;
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        let id = r.id;
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
            "url": r.url, "title": r.title, "organisation": r.organisation, "kind": r.kind,
            "relation": r.relation, "verdict": r.verdict, "measured_value": r.measured_value,
            "measured_num": r.measured_num, "interval": r.interval, "settings": r.settings,
            "note": r.note, "article_id": r.article_id, "result_id": r.result_id,
        });
        let differs = row.as_object().into_iter().flatten().any(|(k, v)| {
            // Events written before a field existed do not carry it.
            payload.get(k).is_some_and(|logged| logged != v)
        });
        if differs
            || event.claim_id != r.claim_id
            || event.actor != r.added_by
            || event.at != r.added_at
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
