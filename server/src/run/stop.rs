//! What a stop records after the drain: the round this replica leaves, and its model jobs.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::ids::SourceId;
use chrono::Utc;

use crate::config::Config;
use crate::db::Store;
use crate::ingest::sources;
use crate::rounds::count;

/// The steps of recording a stop as they are taken, so that a recording cut short by its
/// budget can say which step it was waiting on and how long each before it took.
#[derive(Default)]
pub struct Steps(Mutex<Vec<(&'static str, Instant)>>);

impl Steps {
    fn begin(&self, step: &'static str) {
        if let Ok(mut v) = self.0.lock() {
            v.push((step, Instant::now()));
        }
    }

    /// "name ms, name ms, name (waiting ms)": every step begun, the last one still under way.
    pub fn report(&self) -> String {
        let Ok(v) = self.0.lock() else {
            return String::new();
        };
        let now = Instant::now();
        let mut out = Vec::with_capacity(v.len());
        for (i, (name, began)) in v.iter().enumerate() {
            match v.get(i + 1) {
                Some((_, next)) => out.push(format!("{name} {} ms", (*next - *began).as_millis())),
                None => out.push(format!(
                    "{name} (waiting {} ms)",
                    (now - *began).as_millis()
                )),
            }
        }
        out.join(", ")
    }
}

/// After a drain: the round this replica was running (if its end was not reached) is
/// recorded as cut with what it left, the model jobs this replica held go back to the queue,
/// and one line says what was left.
pub async fn record_stop(
    config: &Config,
    store: &Store,
    runner: &str,
    drain_time: Duration,
    steps: &Steps,
) {
    let now = Utc::now();
    steps.begin("putting model jobs back");
    let jobs = match store.release_jobs(runner, "", now).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %e, "cannot put this replica's model jobs back in the queue");
            0
        }
    };
    steps.begin("reading the last round");
    let round = match store.latest_round().await {
        Ok(Some(r)) if r.finished_at.is_none() && r.runner == runner => Some(r),
        Ok(_) => None,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the last round");
            None
        }
    };
    let mut left: Vec<SourceId> = Vec::new();
    if let Some(r) = &round {
        steps.begin("reading the round's progress");
        let read: HashSet<SourceId> = match store.round_sources(r.id).await {
            Ok(rows) => rows.into_iter().map(|(id, _)| id).collect(),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the round's progress");
                HashSet::new()
            }
        };
        steps.begin("listing the sources");
        let list = sources::effective(&config.sources_file, store)
            .await
            .unwrap_or_default();
        left = list
            .into_iter()
            .filter(|s| s.enabled && !read.contains(&s.id))
            .map(|s| s.id)
            .collect();
        let reason = format!("stopped by a signal with {} source(s) unread", left.len());
        steps.begin("recording the cut round");
        if let Err(e) = store.cut_round(r.id, now, &reason).await {
            tracing::error!(error = %e, "cannot record the cut round");
        }
        count("cut");
    }
    let drained_ms = drain_time.as_millis() as u64;
    match round {
        Some(r) => tracing::warn!(
            drained_ms,
            round = r.id,
            sources_unread = left.len(),
            model_jobs_requeued = jobs,
            "stopped: round {} cut with {} source(s) unread ({}) and {} model job(s) put back in the queue; the next start resumes them",
            r.id,
            left.len(),
            left.iter().map(SourceId::as_str).collect::<Vec<_>>().join(", "),
            jobs
        ),
        None if jobs > 0 => tracing::warn!(
            drained_ms,
            model_jobs_requeued = jobs,
            "stopped: no round in progress; {jobs} model job(s) put back in the queue"
        ),
        None => tracing::info!(drained_ms, "stopped: nothing left unfinished"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_each_step_taken_and_the_one_still_waiting() {
        let steps = Steps::default();
        assert_eq!(steps.report(), "");
        steps.begin("first");
        std::thread::sleep(Duration::from_millis(20));
        steps.begin("second");
        let report = steps.report();
        let (first, second) = report.split_once(", ").expect("two steps");
        let first_ms: u128 = first
            .strip_prefix("first ")
            .and_then(|r| r.strip_suffix(" ms"))
            .and_then(|n| n.parse().ok())
            .expect("first step with its time");
        assert!(first_ms >= 20, "{report}");
        assert!(second.starts_with("second (waiting "), "{report}");
    }
}
