//! The search index's directory as one process owns it.
//!
//! tantivy's writer lock file, taken when the index is opened and held until the last handle
//! on the directory goes, keeps other processes (a CLI `ingest` or `restore` beside a server,
//! and builds from before the writer was let go between commits, which take only that file)
//! out. Within the process the writer lock is then kept in memory: the index's writer is made
//! at a change and let go after its commit (`index::SearchIndex::commit`), and a file lock
//! taken again at every commit is not reliable in a process that starts children. A child
//! holds a copy of every open descriptor from its fork to its exec, flock locks belong to the
//! descriptor, so a writer let go just before a fork stays locked for the child's first
//! moments: with two threads starting `true` in a loop, 299 of 300 commits on a file lock were
//! refused. Taking the directory again after letting it go meets the same moment, so a busy
//! lock is asked for again for up to `TAKE_PATIENCE` before the directory counts as owned.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
    INDEX_WRITER_LOCK,
};
use tantivy::Directory;

use super::SearchError;

/// How long a busy lock is asked for again: a child's fork-to-exec moment is well under a
/// millisecond, another process's ownership lasts far longer.
const TAKE_PATIENCE: Duration = Duration::from_secs(1);
const TAKE_PAUSE: Duration = Duration::from_millis(10);

#[derive(Clone, Debug)]
pub struct OwnedDirectory {
    inner: MmapDirectory,
    owned: Arc<Owned>,
}

struct Owned {
    _lock: DirectoryLock,
    /// Whether a writer of this process holds tantivy's writer lock.
    writing: AtomicBool,
}

impl std::fmt::Debug for Owned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Owned")
            .field("writing", &self.writing.load(Ordering::Relaxed))
            .finish()
    }
}

/// tantivy's writer lock while a writer of the owning process holds it.
struct Writing(Arc<Owned>);

impl Drop for Writing {
    fn drop(&mut self) {
        self.0.writing.store(false, Ordering::Release);
    }
}

impl OwnedDirectory {
    /// Takes `dir`, which must exist; `SearchError::Locked` when another process owns it.
    pub fn take(dir: &Path) -> Result<OwnedDirectory, SearchError> {
        let inner = MmapDirectory::open(dir)?;
        let lock = asked_again(|| inner.acquire_lock(&INDEX_WRITER_LOCK)).map_err(|e| match e {
            LockError::LockBusy => SearchError::Locked,
            LockError::IoError(e) => SearchError::Io(
                dir.display().to_string(),
                std::io::Error::new(e.kind(), e.to_string()),
            ),
        })?;
        Ok(OwnedDirectory {
            inner,
            owned: Arc::new(Owned {
                _lock: lock,
                writing: AtomicBool::new(false),
            }),
        })
    }
}

/// `ask` until it is not `LockBusy` or `TAKE_PATIENCE` has passed.
fn asked_again<T>(mut ask: impl FnMut() -> Result<T, LockError>) -> Result<T, LockError> {
    let started = Instant::now();
    loop {
        match ask() {
            Err(LockError::LockBusy) if started.elapsed() < TAKE_PATIENCE => {
                std::thread::sleep(TAKE_PAUSE)
            }
            answer => return answer,
        }
    }
}

impl Directory for OwnedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath != INDEX_WRITER_LOCK.filepath {
            return self.inner.acquire_lock(lock);
        }
        // Other processes are kept out by the file's lock, held since `take`; within this
        // one, still one writer.
        if self.owned.writing.swap(true, Ordering::AcqRel) {
            return Err(LockError::LockBusy);
        }
        Ok(DirectoryLock::from(Box::new(Writing(self.owned.clone()))))
    }
}

/// Runs `f` while two threads start child processes (`true`) in a loop: each child holds a
/// copy of the process's descriptors, and so of its file locks, from its fork to its exec.
#[cfg(test)]
pub(super) fn while_children_start<R>(f: impl FnOnce() -> R) -> R {
    let stop = Arc::new(AtomicBool::new(false));
    let starters: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut started = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    if std::process::Command::new("true").status().is_ok() {
                        started += 1;
                    }
                }
                started
            })
        })
        .collect();
    let out = f();
    stop.store(true, Ordering::Relaxed);
    let started: usize = starters
        .into_iter()
        .map(|h| h.join().expect("starter thread"))
        .sum();
    assert!(started > 0, "no child process was started");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_lock_is_one_at_a_time_and_the_owner_lock_keeps_others_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let owned = OwnedDirectory::take(dir.path()).expect("take");
        assert!(matches!(
            OwnedDirectory::take(dir.path()),
            Err(SearchError::Locked)
        ));
        let first = owned
            .acquire_lock(&INDEX_WRITER_LOCK)
            .expect("first writer");
        let clone = owned.clone();
        assert!(matches!(
            clone.acquire_lock(&INDEX_WRITER_LOCK),
            Err(LockError::LockBusy)
        ));
        drop(first);
        let again = clone.acquire_lock(&INDEX_WRITER_LOCK).expect("once let go");
        drop(again);
        drop(owned);
        assert!(
            matches!(OwnedDirectory::take(dir.path()), Err(SearchError::Locked)),
            "a clone still holds the directory"
        );
        drop(clone);
        OwnedDirectory::take(dir.path()).expect("taken once every handle is gone");
    }

    /// A build from before the writer was let go between commits takes only tantivy's writer
    /// lock file when it makes its writer: it must find that lock taken.
    #[test]
    fn a_writer_that_knows_only_tantivys_lock_file_is_kept_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let owned = OwnedDirectory::take(dir.path()).expect("take");
        let plain = MmapDirectory::open(dir.path()).expect("plain directory");
        assert!(matches!(
            plain.acquire_lock(&INDEX_WRITER_LOCK),
            Err(LockError::LockBusy)
        ));
        drop(owned);
        // A child started by another test may hold the released descriptor for a moment.
        let _old_writer = asked_again(|| plain.acquire_lock(&INDEX_WRITER_LOCK))
            .expect("free once the owner is gone");
        assert!(
            matches!(OwnedDirectory::take(dir.path()), Err(SearchError::Locked)),
            "and the other way round"
        );
    }

    /// Let go and taken again while other threads start children, whose copies of the lock's
    /// descriptor live from fork to exec, the directory is never found owned by another.
    #[test]
    fn taken_again_while_the_process_starts_children() {
        let dir = tempfile::tempdir().expect("tempdir");
        let refused = while_children_start(|| {
            (0..200)
                .filter(|_| OwnedDirectory::take(dir.path()).is_err())
                .count()
        });
        assert_eq!(refused, 0, "takes refused of 200");
    }
}
