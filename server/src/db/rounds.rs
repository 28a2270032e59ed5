//! `ingest_rounds`, `ingest_round_sources`: each scheduled ingestion round's start, end and
//! per-source progress, so a round cut by a restart is resumed by the next scheduler (on this
//! replica or the one that takes the schedule over) instead of waiting for the next interval.

use app::ids::SourceId;
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, Result, Store};
use crate::dates::ts;

#[derive(Debug, Clone, sqlx::FromRow)]
struct RoundRow {
    id: i64,
    #[sqlx(try_from = "Time")]
    started_at: DateTime<Utc>,
    runner: String,
    resumes: Option<i64>,
    finished_at: Option<Time>,
    cut_at: Option<Time>,
    cut_reason: Option<String>,
}

/// One recorded round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub runner: String,
    /// The cut round this one resumed.
    pub resumes: Option<i64>,
    pub finished_at: Option<DateTime<Utc>>,
    pub cut_at: Option<DateTime<Utc>>,
    pub cut_reason: Option<String>,
}

impl From<RoundRow> for Round {
    fn from(r: RoundRow) -> Round {
        Round {
            id: r.id,
            started_at: r.started_at,
            runner: r.runner,
            resumes: r.resumes,
            finished_at: super::time::opt(r.finished_at),
            cut_at: super::time::opt(r.cut_at),
            cut_reason: r.cut_reason,
        }
    }
}

const COLUMNS: &str = "id, started_at, runner, resumes, finished_at, cut_at, cut_reason";

impl Store {
    /// Records the start of a round; returns its id.
    pub async fn start_round(
        &self,
        runner: &str,
        resumes: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        const SQL: &str = "INSERT INTO ingest_rounds (started_at, runner, resumes)
             VALUES ($1, $2, $3) RETURNING id";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL)
            .bind(ts(now))
            .bind(runner)
            .bind(resumes)
            .fetch_one(p)
            .await)?)
    }

    pub async fn finish_round(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "UPDATE ingest_rounds SET finished_at = $2 WHERE id = $1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Says when and why an unfinished round was cut; a reason recorded earlier (by the drain
    /// that cut it) is kept.
    pub async fn cut_round(&self, id: i64, at: DateTime<Utc>, reason: &str) -> Result<()> {
        const SQL: &str = "UPDATE ingest_rounds SET cut_at = COALESCE(cut_at, $2),
               cut_reason = COALESCE(cut_reason, $3)
             WHERE id = $1 AND finished_at IS NULL";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id)
            .bind(ts(at))
            .bind(reason)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Records that `round` is done with `source` (read, failed or backing off).
    pub async fn round_source_done(
        &self,
        round: i64,
        source: &SourceId,
        outcome: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO ingest_round_sources (round_id, source_id, read_at, outcome)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (round_id, source_id) DO UPDATE SET read_at = excluded.read_at,
               outcome = excluded.outcome";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(round)
            .bind(source.as_str())
            .bind(ts(now))
            .bind(outcome)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Sources some round finished with at or after `since`.
    pub async fn sources_read_since(&self, since: DateTime<Utc>) -> Result<Vec<SourceId>> {
        const SQL: &str = "SELECT DISTINCT source_id FROM ingest_round_sources
             WHERE read_at >= $1 ORDER BY source_id";
        let ids: Vec<String> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(ts(since)).fetch_all(p).await)?;
        Ok(ids.into_iter().map(SourceId::from).collect())
    }

    /// The last sign of life of a round: its last source done, else its start.
    pub async fn round_last_progress(&self, id: i64) -> Result<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT COALESCE(
               (SELECT MAX(read_at) FROM ingest_round_sources WHERE round_id = $1),
               (SELECT started_at FROM ingest_rounds WHERE id = $1))";
        let t: Option<String> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(id).fetch_one(p).await)?;
        Ok(t.as_deref().and_then(crate::dates::parse_ts))
    }

    /// The most recent round.
    pub async fn latest_round(&self) -> Result<Option<Round>> {
        let sql = format!("SELECT {COLUMNS} FROM ingest_rounds ORDER BY id DESC LIMIT 1");
        let row: Option<RoundRow> =
            on_pool!(self, p => sqlx::query_as(&sql).fetch_optional(p).await)?;
        Ok(row.map(Round::from))
    }

    /// The most recent round that was cut, and the round that resumed it (if one has).
    pub async fn latest_cut(&self) -> Result<Option<(Round, Option<Round>)>> {
        let cut_sql = format!(
            "SELECT {COLUMNS} FROM ingest_rounds WHERE cut_at IS NOT NULL ORDER BY id DESC LIMIT 1"
        );
        let resumed_sql =
            format!("SELECT {COLUMNS} FROM ingest_rounds WHERE resumes = $1 ORDER BY id LIMIT 1");
        let cut: Option<RoundRow> =
            on_pool!(self, p => sqlx::query_as(&cut_sql).fetch_optional(p).await)?;
        let Some(cut) = cut else {
            return Ok(None);
        };
        let resumed: Option<RoundRow> = on_pool!(self, p => sqlx::query_as(&resumed_sql)
            .bind(cut.id)
            .fetch_optional(p)
            .await)?;
        Ok(Some((cut.into(), resumed.map(Round::from))))
    }

    /// The sources a round finished with, by id.
    pub async fn round_sources(&self, id: i64) -> Result<Vec<(SourceId, String)>> {
        const SQL: &str = "SELECT source_id, outcome FROM ingest_round_sources
             WHERE round_id = $1 ORDER BY source_id";
        let rows: Vec<(String, String)> =
            on_pool!(self, p => sqlx::query_as(SQL).bind(id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(source, outcome)| (SourceId::from(source), outcome))
            .collect())
    }
}
