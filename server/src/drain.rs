//! The server's drain: once SIGTERM or Ctrl-C arrives, no new work starts (no source, no
//! model job, no round), `/healthz` answers 503 so a balancer stops sending traffic, and what
//! is in flight gets `shutdown_grace_secs` to finish. Everything that waits on it holds a clone.

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Clone, Debug)]
pub struct Drain {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Drain {
    fn default() -> Drain {
        Drain {
            tx: Arc::new(watch::channel(false).0),
        }
    }
}

impl Drain {
    pub fn begin(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_draining(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once the drain began (at once if it already has).
    pub async fn started(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in `self`, so waiting cannot fail for want of one.
        let _ = rx.wait_for(|d| *d).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn clones_see_the_drain_and_waiters_wake() {
        let d = Drain::default();
        let seen = d.clone();
        assert!(!seen.is_draining());
        let waiter = tokio::spawn(async move { seen.started().await });
        d.begin();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("the waiter woke")
            .expect("joined");
        assert!(d.is_draining());
        // A waiter that arrives after the drain began returns at once.
        d.started().await;
    }
}
