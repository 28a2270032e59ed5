//! Copying a whole Proofwire database into an empty one, across engines (`proofwire copy-db`):
//! how an install moves from the embedded SQLite file to Postgres, and back.
//!
//! Every table is listed here with its columns and their types, in an order that satisfies
//! the foreign keys. A test compares this list with both engines' schemas, so a migration
//! that adds a column without adding it here fails the build's tests rather than losing data.
//! `search_log` is not copied: the target's own triggers log every row copied, and its search
//! index is built from that.

use super::raw::Arg;
use super::{on_pool, DbError, Engine, Pool, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Bool,
}

pub struct Table {
    pub name: &'static str,
    /// Column names and types, primary key first.
    pub columns: &'static [(&'static str, Kind)],
    /// Ordering that pages through the table stably.
    pub order: &'static str,
    /// An identity column whose sequence must move past the copied ids (Postgres).
    pub identity: Option<&'static str>,
}

use Kind::{Bool, Int, Real, Text};

pub const TABLES: &[Table] = &[
    Table {
        name: "sources",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("vendor", Text),
            ("location", Text),
            ("language", Text),
            ("enabled", Bool),
            ("etag", Text),
            ("last_modified", Text),
            ("last_fetch_at", Text),
            ("last_success_at", Text),
            ("last_outcome", Text),
            ("last_error", Text),
            ("failures", Int),
            ("next_attempt_at", Text),
            ("moved_to", Text),
        ],
        order: "id",
        identity: None,
    },
    Table {
        name: "articles",
        columns: &[
            ("id", Int),
            ("canonical_url", Text),
            ("url", Text),
            ("source_id", Text),
            ("vendor", Text),
            ("title", Text),
            ("language", Text),
            ("published_at", Text),
            ("date_estimated", Bool),
            ("fetched_at", Text),
            ("updated_at", Text),
            ("content_html", Text),
            ("content_text", Text),
            ("content_hash", Text),
            ("text_origin", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    // Derived from the text, but copied: every article is stored with its fingerprint, and a
    // copy keeps it so (one of another version is computed again by the story upkeep).
    Table {
        name: "article_fingerprints",
        columns: &[
            ("article_id", Int),
            ("content_hash", Text),
            ("version", Int),
            ("data", Text),
            ("computed_at", Text),
        ],
        order: "article_id",
        identity: None,
    },
    Table {
        name: "article_guids",
        columns: &[("source_id", Text), ("guid", Text), ("article_id", Int)],
        order: "source_id, guid",
        identity: None,
    },
    Table {
        name: "article_sources",
        columns: &[
            ("article_id", Int),
            ("source_id", Text),
            ("first_seen", Text),
            ("feed_hash", Text),
        ],
        order: "article_id, source_id",
        identity: None,
    },
    Table {
        name: "article_versions",
        columns: &[
            ("article_id", Int),
            ("content_hash", Text),
            ("first_seen", Text),
            ("last_seen", Text),
            ("source_id", Text),
            ("url", Text),
            ("vendor", Text),
            ("title", Text),
            ("content_html", Text),
            ("content_text", Text),
            ("text_origin", Text),
        ],
        order: "article_id, content_hash",
        identity: None,
    },
    Table {
        name: "summaries",
        columns: &[
            ("article_id", Int),
            ("method", Text),
            ("content_hash", Text),
            ("created_at", Text),
        ],
        order: "article_id",
        identity: None,
    },
    Table {
        name: "summary_sentences",
        columns: &[
            ("article_id", Int),
            ("position", Int),
            ("text", Text),
            ("src_start", Int),
            ("src_end", Int),
        ],
        order: "article_id, position",
        identity: None,
    },
    Table {
        name: "summary_runs",
        columns: &[
            ("article_id", Int),
            ("content_hash", Text),
            ("model_sha256", Text),
            ("prompt_version", Int),
            ("method", Text),
            ("language", Text),
            ("kept", Int),
            ("dropped", Text),
            ("fallback", Bool),
            ("raw_output", Text),
            ("prompt_tokens", Int),
            ("generated_tokens", Int),
            ("prompt_ms", Real),
            ("generation_ms", Real),
            ("created_at", Text),
        ],
        order: "article_id, content_hash, model_sha256, prompt_version",
        identity: None,
    },
    Table {
        name: "digest_leads",
        columns: &[
            ("date", Text),
            ("language", Text),
            ("input_hash", Text),
            ("method", Text),
            ("text", Text),
            ("created_at", Text),
        ],
        order: "date, language",
        identity: None,
    },
    Table {
        name: "claim_extractions",
        columns: &[
            ("article_id", Int),
            ("content_hash", Text),
            ("extractor_version", Int),
            ("extracted_at", Text),
        ],
        order: "article_id",
        identity: None,
    },
    Table {
        name: "claims",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("vendor", Text),
            ("kind", Text),
            ("subject", Text),
            ("metric", Text),
            ("value", Text),
            ("value_num", Real),
            ("unit", Text),
            ("comparison", Text),
            ("sentence", Text),
            ("span_start", Int),
            ("span_end", Int),
            ("content_hash", Text),
            ("fields_method", Text),
            ("current", Bool),
            ("status", Text),
            ("status_at", Text),
            ("created_at", Text),
            ("updated_at", Text),
            ("qualifier", Text),
            ("settings", Text),
            ("subject_from_context", Bool),
            ("subject_entity", Text),
            ("metric_entity", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "third_party_results",
        columns: &[
            ("id", Int),
            ("source_id", Text),
            ("publisher", Text),
            ("licence", Text),
            ("result_key", Text),
            ("model", Text),
            ("model_entity", Text),
            ("benchmark", Text),
            ("benchmark_entity", Text),
            ("score", Real),
            ("unit", Text),
            ("ci_lower", Real),
            ("ci_upper", Real),
            ("stderr", Real),
            ("evaluated_on", Text),
            ("settings", Text),
            ("url", Text),
            ("relationship", Text),
            ("first_seen", Text),
            ("origin", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "evidence",
        columns: &[
            ("id", Int),
            ("claim_id", Int),
            ("url", Text),
            ("title", Text),
            ("organisation", Text),
            ("kind", Text),
            ("relation", Text),
            ("verdict", Text),
            ("measured_value", Text),
            ("measured_num", Real),
            ("interval", Text),
            ("settings", Text),
            ("note", Text),
            ("article_id", Int),
            ("added_by", Text),
            ("added_at", Text),
            ("result_id", Int),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "suggestion_dismissals",
        columns: &[
            ("claim_id", Int),
            ("article_id", Int),
            ("dismissed_by", Text),
            ("dismissed_at", Text),
        ],
        order: "claim_id, article_id",
        identity: None,
    },
    Table {
        name: "result_dismissals",
        columns: &[
            ("claim_id", Int),
            ("result_id", Int),
            ("dismissed_by", Text),
            ("dismissed_at", Text),
        ],
        order: "claim_id, result_id",
        identity: None,
    },
    Table {
        name: "evidence_source_state",
        columns: &[
            ("source_id", Text),
            ("etag", Text),
            ("last_modified", Text),
            ("fetched_at", Text),
            ("results", Int),
            ("new_results", Int),
            ("problems", Text),
            ("error", Text),
            ("last_good_at", Text),
            ("changes", Text),
            ("files_left", Int),
        ],
        order: "source_id",
        identity: None,
    },
    Table {
        name: "evidence_source_files",
        columns: &[
            ("source_id", Text),
            ("path", Text),
            ("oid", Text),
            ("etag", Text),
            ("read_at", Text),
            ("results", Int),
            ("problem", Text),
        ],
        order: "source_id, path",
        identity: None,
    },
    Table {
        name: "claim_events",
        columns: &[
            ("id", Int),
            ("claim_id", Int),
            ("kind", Text),
            ("at", Text),
            ("actor", Text),
            ("payload", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("password_hash", Text),
            ("editor", Bool),
            ("created_at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "sessions",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("csrf_token", Text),
            ("created_at", Text),
            ("expires_at", Text),
        ],
        order: "token_hash",
        identity: None,
    },
    Table {
        name: "reader_tokens",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("created_at", Text),
            ("expires_at", Text),
        ],
        order: "token_hash",
        identity: None,
    },
    Table {
        name: "reader_item_state",
        columns: &[
            ("user_id", Int),
            ("item_id", Int),
            ("read", Bool),
            ("starred", Bool),
            ("updated_at", Text),
        ],
        order: "user_id, item_id",
        identity: None,
    },
    Table {
        name: "briefing_subscriptions",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("channel", Text),
            ("target", Text),
            ("shape", Text),
            ("language", Text),
            ("send_at", Text),
            ("scope", Text),
            ("unsubscribe_token", Text),
            ("created_at", Text),
            ("unsubscribed_at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "briefing_deliveries",
        columns: &[
            ("subscription_id", Int),
            ("day", Text),
            ("digest_day", Text),
            ("attempts", Int),
            ("status", Text),
            ("error", Text),
            ("claimed_by", Text),
            ("claimed_until", Text),
            ("next_attempt_at", Text),
            ("sent_at", Text),
            ("updated_at", Text),
        ],
        order: "subscription_id, day",
        identity: None,
    },
    Table {
        name: "seed_applied",
        columns: &[("seed_id", Text), ("applied_at", Text)],
        order: "seed_id",
        identity: None,
    },
    Table {
        name: "claim_refinements",
        columns: &[
            ("claim_id", Int),
            ("sentence", Text),
            ("method", Text),
            ("accepted", Bool),
            ("rejected", Text),
            ("raw", Text),
            ("ms", Real),
            ("at", Text),
        ],
        order: "claim_id, sentence, method",
        identity: None,
    },
    Table {
        name: "source_settings",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("vendor", Text),
            ("url", Text),
            ("language", Text),
            ("enabled", Bool),
            ("added", Bool),
            ("updated_by", Text),
            ("updated_at", Text),
        ],
        order: "id",
        identity: None,
    },
    Table {
        name: "source_changes",
        columns: &[
            ("id", Int),
            ("source_id", Text),
            ("editor", Text),
            ("at", Text),
            ("change", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "translations",
        columns: &[
            ("source_hash", Text),
            ("target", Text),
            ("model", Text),
            ("prompt_version", Int),
            ("text", Text),
            ("problems", Text),
            ("raw", Text),
            ("ms", Real),
            ("at", Text),
        ],
        order: "source_hash, target, model, prompt_version",
        identity: None,
    },
    Table {
        name: "digest_notes",
        columns: &[
            ("day", Text),
            ("kind", Text),
            ("article_id", Int),
            ("text", Text),
            ("editor", Text),
            ("at", Text),
        ],
        order: "day, kind, article_id",
        identity: None,
    },
    Table {
        name: "digest_note_log",
        columns: &[
            ("id", Int),
            ("day", Text),
            ("kind", Text),
            ("article_id", Int),
            ("text", Text),
            ("editor", Text),
            ("at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "story_placements",
        columns: &[
            ("article_id", Int),
            ("placement", Text),
            ("editor", Text),
            ("at", Text),
        ],
        order: "article_id",
        identity: None,
    },
    Table {
        name: "story_placement_log",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("placement", Text),
            ("editor", Text),
            ("at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "story_splits",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("story_article_id", Int),
            ("editor", Text),
            ("at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "ownership_repairs",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("field", Text),
            ("before", Text),
            ("after", Text),
            ("reason", Text),
            ("at", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "ingest_rounds",
        columns: &[
            ("id", Int),
            ("started_at", Text),
            ("runner", Text),
            ("resumes", Int),
            ("finished_at", Text),
            ("cut_at", Text),
            ("cut_reason", Text),
        ],
        order: "id",
        identity: Some("id"),
    },
    Table {
        name: "ingest_round_sources",
        columns: &[
            ("round_id", Int),
            ("source_id", Text),
            ("read_at", Text),
            ("outcome", Text),
        ],
        order: "round_id, source_id",
        identity: None,
    },
    Table {
        name: "entity_aliases",
        columns: &[
            ("kind", Text),
            ("entity_id", Text),
            ("alias", Text),
            ("added_by", Text),
            ("added_at", Text),
        ],
        order: "kind, alias",
        identity: None,
    },
    Table {
        name: "name_reviews",
        columns: &[
            ("kind", Text),
            ("folded", Text),
            ("name", Text),
            ("verdict", Text),
            ("entity_id", Text),
            ("vendor", Text),
            ("reviewed_by", Text),
            ("reviewed_at", Text),
        ],
        order: "kind, folded",
        identity: None,
    },
    Table {
        name: "websub_subscriptions",
        columns: &[
            ("source_id", Text),
            ("topic", Text),
            ("hub", Text),
            ("callback_id", Text),
            ("secret", Text),
            ("state", Text),
            ("pending", Bool),
            ("discovered_at", Text),
            ("requested_at", Text),
            ("verified_at", Text),
            ("lease_seconds", Int),
            ("lease_expires_at", Text),
            ("next_attempt_at", Text),
            ("failures", Int),
            ("last_error", Text),
            ("push_pending", Bool),
            ("pushes", Int),
            ("last_push_at", Text),
        ],
        order: "source_id",
        identity: None,
    },
    Table {
        name: "websub_publications",
        columns: &[
            ("hub", Text),
            ("topic", Text),
            ("version", Text),
            ("published_at", Text),
            ("failures", Int),
            ("next_attempt_at", Text),
            ("last_error", Text),
        ],
        order: "hub, topic",
        identity: None,
    },
];

/// Tables deliberately not copied: derived or engine-specific (`search_log` and
/// `article_changes`, which the target's triggers fill as rows arrive; the search positions,
/// the migrations table), or
/// transient (login attempts; model jobs, which the
/// scheduler queues again from what is not done).
pub const NOT_COPIED: &[&str] = &[
    "search_log",
    "article_changes",
    "search_positions",
    "search_log_pruned",
    "_sqlx_migrations",
    "login_attempts",
    "jobs",
    "schedule",
];

/// Rows read and written per round trip.
const PAGE: i64 = 500;

/// What a copy moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub tables: usize,
    pub rows: u64,
}

fn read_arg(row: &super::raw::RawRow, i: usize, kind: Kind) -> Arg {
    match kind {
        Int => Arg::Int(row.get(i)),
        Real => Arg::Real(row.get(i)),
        Text => Arg::Text(row.get(i)),
        Bool => Arg::Bool(row.get(i)),
    }
}

impl Store {
    /// Rows in a table (for progress and for checking a copy).
    pub async fn count_rows(&self, table: &str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        Ok(on_pool!(self, p => sqlx::query_scalar(&sql).fetch_one(p).await)?)
    }

    /// Copies every row of every table into `to`, which must be a migrated, empty Proofwire
    /// database (of either engine). `progress` sees (table, rows copied, rows in table).
    pub async fn copy_into(&self, to: &Store, progress: impl Fn(&str, u64, u64)) -> Result<Copied> {
        for t in TABLES {
            if to.count_rows(t.name).await? > 0 {
                return Err(DbError::NotEmpty(t.name));
            }
        }
        let mut copied = Copied::default();
        for t in TABLES {
            let total = self.count_rows(t.name).await?.max(0) as u64;
            let names: Vec<&str> = t.columns.iter().map(|(n, _)| *n).collect();
            let select = format!(
                "SELECT {} FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
                names.join(", "),
                t.name,
                t.order
            );
            let insert = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                t.name,
                names.join(", "),
                super::placeholders(1, names.len())
            );
            let mut done = 0u64;
            loop {
                let rows = self
                    .raw(select.as_str())
                    .bind(PAGE)
                    .bind(done as i64)
                    .fetch_all()
                    .await?;
                if rows.is_empty() {
                    break;
                }
                let mut tx = to.begin().await?;
                for row in &rows {
                    let args: Vec<Arg> = t
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(i, (_, kind))| read_arg(row, i, *kind))
                        .collect();
                    tx.raw_execute(&insert, &args).await?;
                }
                tx.commit().await?;
                done += rows.len() as u64;
                progress(t.name, done, total);
            }
            if let (Some(column), Engine::Postgres) = (t.identity, to.engine()) {
                // Ids were given explicitly; new rows must continue after them.
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', '{1}'),
                                   COALESCE((SELECT MAX({1}) FROM {0}), 0) + 1, false)",
                    t.name, column
                );
                to.raw(sql).execute().await?;
            }
            copied.tables += 1;
            copied.rows += done;
        }
        Ok(copied)
    }

    /// The columns each table has in this database, for checking `TABLES` against the schema.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String)>> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query_as(
                    "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                     ORDER BY m.name, c.cid",
                )
                .fetch_all(p)
                .await?
            }
            Pool::Postgres(p) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns
                     WHERE table_schema = current_schema()
                     ORDER BY table_name, ordinal_position",
                )
                .fetch_all(p)
                .await?
            }
        })
    }
}

impl super::Tx {
    /// One statement with positional arguments, inside the transaction.
    pub(crate) async fn raw_execute(&mut self, sql: &str, args: &[Arg]) -> Result<u64> {
        Ok(
            super::on_tx!(self, c => super::raw::bound!(sqlx::query(sql), args)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?,
        )
    }
}
