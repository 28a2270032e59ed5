//! CPU work on hostile content, run where it cannot hurt the server: on the blocking pool (not
//! the async workers that serve pages), with a time budget, and with a panic turned into an
//! error for the one item that caused it.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Contained {
    #[error("reading it failed: {0}")]
    Panicked(String),
    #[error("reading it took longer than {} s", .0.as_secs())]
    OverBudget(Duration),
}

/// Runs `work` on the blocking pool and waits at most `budget` for it. Past the budget the
/// result is abandoned (the thread finishes on its own; inputs are size-capped, so it ends).
pub async fn run<T, F>(budget: Duration, work: F) -> Result<T, Contained>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let task = tokio::task::spawn_blocking(work);
    match tokio::time::timeout(budget, task).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) if e.is_panic() => Err(Contained::Panicked(panic_message(e.into_panic()))),
        Ok(Err(_)) => Err(Contained::Panicked("the task was cancelled".into())),
        Err(_) => Err(Contained::OverBudget(budget)),
    }
}

/// The text a panic carried, when it carried text.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => (*s).to_string(),
            Err(_) => "a panic without a message".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn panics_and_overruns_become_errors() {
        let ok = run(Duration::from_secs(5), || 2 + 2).await;
        assert_eq!(ok, Ok(4));
        let panicked = run(Duration::from_secs(5), || -> u8 {
            let v: Vec<u8> = Vec::new();
            v[usize::from(v.is_empty())]
        })
        .await;
        assert!(
            matches!(&panicked, Err(Contained::Panicked(m)) if m.contains("index out of bounds")),
            "{panicked:?}"
        );
        let slow = run(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(400));
        })
        .await;
        assert_eq!(slow, Err(Contained::OverBudget(Duration::from_millis(50))));
    }
}
