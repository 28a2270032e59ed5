//! Which day is translated first. A reader of the Korean digest reads the latest day, or the
//! day they opened: those days' titles and shown summaries are translated before the model
//! works on any older summary or day — up to `AHEAD` sentences each time a day comes to the
//! front, then in the time no job wants. The worker takes the front day one sentence at a time
//! (`translating::step`) before it claims a job; ingestion puts the latest day at the
//! front, and a page request for a day with sentences still in the other language moves that
//! day to the front.
//!
//! Kept in memory, per process: it only orders work the database already shows undone (a
//! sentence without a translation), so a restart loses an ordering, never work.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;

/// How many sentences the day read first may take ahead of queued jobs each time a day comes
/// to the front: a busy day's titles and its first summaries. Past that, its translation takes
/// only the time no job wants, so a 1,300-post day (thousands of sentences) cannot hold every
/// summary back for an hour; what is left is translated when the day's summaries are done.
pub const AHEAD: usize = 240;

#[derive(Clone, Debug, Default)]
pub struct TranslationQueue {
    days: Arc<Mutex<VecDeque<NaiveDate>>>,
    /// Sentences left that may still go ahead of jobs.
    ahead: Arc<AtomicUsize>,
}

impl TranslationQueue {
    fn days(&self) -> MutexGuard<'_, VecDeque<NaiveDate>> {
        // A panic while holding it leaves a valid list of days.
        self.days
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// This day is translated next (a reader asked for it, or it is the latest).
    pub fn to_front(&self, day: NaiveDate) {
        let mut days = self.days();
        days.retain(|d| *d != day);
        days.push_front(day);
        self.ahead.store(AHEAD, Ordering::Relaxed);
    }

    /// This day is translated after the days already in line (its summaries are done), in
    /// the time no job wants.
    pub fn push_back(&self, day: NaiveDate) {
        let mut days = self.days();
        if !days.contains(&day) {
            days.push_back(day);
        }
    }

    /// Whether the next sentence may go ahead of queued jobs (and counts it).
    pub fn may_go_ahead(&self) -> bool {
        self.ahead
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok()
    }

    /// The day to translate now, if any.
    pub fn front(&self) -> Option<NaiveDate> {
        self.days().front().copied()
    }

    /// Nothing of this day is left to translate (or it failed): off the queue.
    pub fn remove(&self, day: NaiveDate) {
        self.days().retain(|d| *d != day);
    }

    /// The days waiting, first first.
    pub fn waiting(&self) -> Vec<NaiveDate> {
        self.days().iter().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, day).expect("date")
    }

    #[test]
    fn a_requested_day_goes_first_once() {
        let q = TranslationQueue::default();
        assert_eq!(q.front(), None);
        q.to_front(d(21));
        q.to_front(d(19));
        q.to_front(d(20));
        q.to_front(d(19));
        assert_eq!(q.waiting(), [d(19), d(20), d(21)]);
        q.remove(d(19));
        assert_eq!(q.front(), Some(d(20)));
        // A day brought to the front may go ahead of jobs for AHEAD sentences, then waits
        // for the time no job wants.
        let fresh = TranslationQueue::default();
        assert!(
            !fresh.may_go_ahead(),
            "nothing brought forward, nothing goes ahead"
        );
        fresh.to_front(d(1));
        assert_eq!(
            (0..AHEAD + 5).filter(|_| fresh.may_go_ahead()).count(),
            AHEAD
        );
        fresh.to_front(d(2));
        assert!(fresh.may_go_ahead(), "a new request starts a new lead");
        // Clones share one queue (the web layer asks, the worker takes).
        let worker = q.clone();
        q.to_front(d(21));
        assert_eq!(worker.front(), Some(d(21)));
    }
}
