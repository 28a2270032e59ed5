//! `proofwire backup FILE` and `proofwire restore FILE`: a consistent copy of the database
//! taken while the server runs, and a checked way back. The search index is not copied; it is
//! derived data and is rebuilt on restore.

use std::path::{Path, PathBuf};

use crate::claims::log;
use crate::config::Config;
use crate::db::{DbError, Store};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists; choose a new file", .0.display())]
    Exists(PathBuf),
    #[error("{} is not a usable Proofwire backup: {why}", path.display())]
    Unusable { path: PathBuf, why: String },
    #[error("{} already holds a database; restore into a new data_dir, or pass --force to replace it (stop the server first)", .0.display())]
    Occupied(PathBuf),
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("backup and restore work on the embedded SQLite file; this install uses Postgres: back it up with pg_dump, or move data with `proofwire copy-db`")]
    Postgres,
    #[error(transparent)]
    Store(#[from] DbError),
}

/// The embedded database file, or why backup and restore do not apply.
fn sqlite_file(config: &Config) -> Result<PathBuf, BackupError> {
    match config.database() {
        crate::db::Location::Sqlite(path) => Ok(path),
        crate::db::Location::Postgres(_) => Err(BackupError::Postgres),
    }
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let path = path.to_path_buf();
    move |source| BackupError::Io { what, path, source }
}

/// What a backup holds, printed so the operator can note the log head beside the file.
pub struct Summary {
    pub bytes: u64,
    pub checkpoint: log::Checkpoint,
}

pub async fn backup(config: &Config, to: &Path) -> Result<Summary, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    let store = Store::open(&sqlite_file(config)?).await?;
    store.backup_into(to).await?;
    let copy = check(to).await?;
    let bytes = std::fs::metadata(to).map_err(io("read", to))?.len();
    Ok(Summary {
        bytes,
        checkpoint: copy,
    })
}

/// Opens `file` read-only and checks it is a sound Proofwire database whose claim log
/// verifies; returns the log's head.
async fn check(file: &Path) -> Result<log::Checkpoint, BackupError> {
    let unusable = |why: String| BackupError::Unusable {
        path: file.to_path_buf(),
        why,
    };
    if !file.is_file() {
        return Err(unusable("no such file".into()));
    }
    let store = Store::open_read_only(file)
        .await
        .map_err(|e| unusable(e.to_string()))?;
    let result = async {
        if let Some(problem) = store
            .integrity_problem()
            .await
            .map_err(|e| unusable(e.to_string()))?
        {
            return Err(unusable(format!("SQLite integrity check: {problem}")));
        }
        if store.schema_version().await?.is_none() {
            return Err(unusable("it has no Proofwire schema".into()));
        }
        log::verify(&store)
            .await
            .map_err(|e| unusable(e.to_string()))?
            .map_err(|b| unusable(format!("its claim log is broken: {b}")))?;
        log::head(&store).await.map_err(|e| unusable(e.to_string()))
    }
    .await;
    store.close().await;
    result
}

/// Restores `from` as the configured database: checked first, copied beside the target and
/// renamed into place, migrated to this version, and the search index rebuilt by the caller.
pub async fn restore(
    config: &Config,
    from: &Path,
    force: bool,
) -> Result<log::Checkpoint, BackupError> {
    let target = sqlite_file(config)?;
    let checkpoint = check(from).await?;
    if target.exists() && !force {
        return Err(BackupError::Occupied(target));
    }
    let dir = &config.data_dir;
    std::fs::create_dir_all(dir).map_err(io("create", dir))?;
    let partial = dir.join("proofwire.db.restoring");
    std::fs::copy(from, &partial).map_err(io("copy to", &partial))?;
    // The old database's write-ahead log must not be replayed onto the restored file.
    for ext in ["db-wal", "db-shm"] {
        let stale = dir.join(format!("proofwire.{ext}"));
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(io("remove", &stale))?;
        }
    }
    std::fs::rename(&partial, &target).map_err(io("move into place", &target))?;
    // Migrates a backup from an older version.
    Store::open(&target).await?.close().await;
    let index = config.search_index_dir();
    if index.exists() {
        std::fs::remove_dir_all(&index).map_err(io("remove the old search index", &index))?;
    }
    Ok(checkpoint)
}
