//! SIGTERM and Ctrl-C for `serve`, watched on a thread of their own with its own small runtime.
//! The async workers can be busy (a round reading hundreds of posts, page renders), and a stop
//! must not wait for them: the drain begins when the signal arrives, a second signal exits at
//! once, and a drain that runs past its grace by more than `OVERRUN` is cut short, as a kill
//! would (every write is transactional and a restart resumes the round).
//!
//! The signals are also blocked in every other thread (`hold`, before the first thread
//! starts). The kernel hands a process's signal to any thread that does not block it, and its
//! handler runs only when that thread next returns from the kernel: a thread waiting seconds
//! for an `fsync` on a busy disk held a stop back that long. Only the watching thread, which
//! waits in `epoll`, takes them now.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::drain::Drain;

/// How long past the grace a stop may take (tasks aborted, the stop recorded) before the
/// process exits without it.
pub const OVERRUN: Duration = Duration::from_secs(3);

/// Watches signals until dropped; the handlers are installed when `watch` returns, so a
/// signal from then on drains instead of killing the process.
pub struct SignalWatch {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts from now on.
/// Called before the runtime starts, so that only the watching thread takes them; until it
/// listens they wait, pending, rather than kill the process.
pub fn hold() -> std::io::Result<()> {
    set_mask(true)
}

/// Starts the watching thread and waits until it listens.
pub fn watch(drain: Drain, grace: Duration) -> std::io::Result<SignalWatch> {
    let (ready_tx, ready_rx) = mpsc::channel();
    let (stop, stopped) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("proofwire-signals".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                let mut signals = Signals::install();
                // Handlers first, then the signals let in: one that came meanwhile drains.
                if let Err(e) = set_mask(false) {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
                let _ = ready_tx.send(Ok(()));
                on_signals(&mut signals, drain, grace, stopped).await;
            });
        })?;
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(SignalWatch {
            stop: Some(stop),
            thread: Some(thread),
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(std::io::Error::other("the signal thread ended at start")),
    }
}

async fn on_signals(
    signals: &mut Signals,
    drain: Drain,
    grace: Duration,
    mut stopped: oneshot::Receiver<()>,
) {
    let first = tokio::select! {
        s = signals.next() => s,
        _ = &mut stopped => return,
    };
    tracing::info!(
        signal = first,
        grace_secs = grace.as_secs(),
        "draining: no new work is taken; the source being read and the requests in flight get the grace period (a second signal exits at once)"
    );
    drain.begin();
    tokio::select! {
        second = signals.next() => {
            tracing::warn!(
                signal = second,
                "a second signal: exiting now; the unfinished round is resumed at the next start"
            );
            std::process::exit(1);
        }
        _ = tokio::time::sleep(grace + OVERRUN) => {
            tracing::error!(
                overrun_secs = OVERRUN.as_secs(),
                "the stop ran past its grace: exiting now; the unfinished round is resumed at the next start"
            );
            std::process::exit(1);
        }
        _ = &mut stopped => {}
    }
}

/// Blocks (or unblocks) SIGTERM and SIGINT in the calling thread.
#[cfg(unix)]
fn set_mask(block: bool) -> std::io::Result<()> {
    let how = if block {
        libc::SIG_BLOCK
    } else {
        libc::SIG_UNBLOCK
    };
    // SAFETY: the set is initialised by sigemptyset before use, and pthread_sigmask only
    // changes the calling thread's mask.
    let rc = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(how, &set, std::ptr::null_mut())
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::from_raw_os_error(rc))
    }
}

#[cfg(not(unix))]
fn set_mask(_block: bool) -> std::io::Result<()> {
    Ok(())
}

impl Drop for SignalWatch {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// SIGTERM and Ctrl-C (SIGINT), listened to from the start of `serve` to its end, so the
/// second one is not missed while the first drains.
struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn install() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Signals {
                term: signal(SignalKind::terminate()).ok(),
                int: signal(SignalKind::interrupt()).ok(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    /// The next signal's name.
    async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
                match s {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = recv(&mut self.term) => "SIGTERM",
                _ = recv(&mut self.int) => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
