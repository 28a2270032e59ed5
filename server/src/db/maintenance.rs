//! What operators run against the database as a whole: backups, integrity checks, the schema
//! version.

use std::path::Path;

use super::{on_pool, DbError, Pool, Result, Store};

impl Store {
    /// A consistent copy of the whole SQLite database, written while others keep reading and
    /// writing (`VACUUM INTO` reads one snapshot). `to` must not exist. Postgres has its own
    /// tools for this (`pg_dump`), and `copy-db` moves data between engines.
    pub async fn backup_into(&self, to: &Path) -> Result<()> {
        let Pool::Sqlite(p) = &self.pool else {
            return Err(DbError::Unsupported("backup (use pg_dump)", self.engine()));
        };
        sqlx::query("VACUUM INTO $1")
            .bind(to.display().to_string())
            .execute(p)
            .await?;
        Ok(())
    }

    /// The engine's own check of every page and index; None when the database is sound.
    pub async fn integrity_problem(&self) -> Result<Option<String>> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await?;
                Ok((rows != ["ok"]).then(|| rows.join("; ")))
            }
            // Postgres checks its pages itself; a server that answers is consistent.
            Pool::Postgres(p) => {
                sqlx::query("SELECT 1").execute(p).await?;
                Ok(None)
            }
        }
    }

    /// The newest migration applied, if this is a Proofwire database at all.
    pub async fn schema_version(&self) -> Result<Option<i64>> {
        const SQL: &str = "SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE";
        let v: std::result::Result<Option<i64>, sqlx::Error> =
            on_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await);
        // A file without the migrations table is not ours: no version rather than an error.
        Ok(v.ok().flatten())
    }
}
