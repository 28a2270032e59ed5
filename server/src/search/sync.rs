//! Keeps the index in step with the database: catch-up after each ingestion run, full rebuilds,
//! and the start-up check that decides between them.

use std::collections::HashSet;
use std::sync::Arc;

use sqlx::Row;

use super::index::{IndexDoc, Payload, SearchIndex, Unusable, SCHEMA_VERSION};
use super::SearchError;
use crate::store::{parse_ts, Store};

const PAGE: i64 = 2_000;

/// Article rows with their summary text joined in position order. `{where}` picks the rows.
const DOC_SELECT: &str = "SELECT a.id, a.title, a.content_text, a.vendor, a.source_id, a.language,
       a.published_at, a.updated_at, COALESCE(s.created_at, '') AS summary_at,
       COALESCE((SELECT group_concat(text, ' ') FROM
                   (SELECT text FROM summary_sentences WHERE article_id = a.id ORDER BY position)),
                '') AS summary
     FROM articles a LEFT JOIN summaries s ON s.article_id = a.id";

fn doc_from_row(r: &sqlx::sqlite::SqliteRow) -> (IndexDoc, String) {
    let updated: String = r.get("updated_at");
    let summary_at: String = r.get("summary_at");
    let published: String = r.get("published_at");
    let doc = IndexDoc {
        id: r.get("id"),
        title: r.get("title"),
        summary: r.get("summary"),
        text: r.get("content_text"),
        vendor: r.get("vendor"),
        source_id: r.get("source_id"),
        language: r.get("language"),
        published: parse_ts(&published).unwrap_or_default(),
        statuses: Vec::new(),
    };
    (doc, updated.max(summary_at))
}

async fn db_ids(store: &Store) -> Result<HashSet<i64>, SearchError> {
    let rows = sqlx::query("SELECT id FROM articles")
        .fetch_all(store.pool())
        .await?;
    Ok(rows.iter().map(|r| r.get::<i64, _>(0)).collect())
}

async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, SearchError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}

/// What a catch-up did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
    pub indexed: usize,
    pub removed: usize,
}

/// Indexes every article changed since the index's watermark and drops articles the database
/// no longer has. Cheap when nothing changed: one query.
pub async fn catch_up(store: &Store, index: &Arc<SearchIndex>) -> Result<Synced, SearchError> {
    let ix = index.clone();
    let payload = run_blocking(move || ix.payload()).await?;
    let rows = sqlx::query(&format!(
        "{DOC_SELECT} WHERE a.updated_at >= ?1 OR s.created_at >= ?1 ORDER BY a.id"
    ))
    .bind(&payload.watermark)
    .fetch_all(store.pool())
    .await?;
    let mut watermark = payload.watermark.clone();
    let mut docs = Vec::with_capacity(rows.len());
    for r in &rows {
        let (doc, mark) = doc_from_row(r);
        watermark = watermark.max(mark);
        docs.push(doc);
    }
    let db_count = store.count_articles().await? as u64;
    let mut deletes = Vec::new();
    // Comparing every id costs one query; skip it when nothing changed and the counts agree.
    if !docs.is_empty() || index.num_docs() != db_count {
        let in_db = db_ids(store).await?;
        let ix = index.clone();
        let in_index = run_blocking(move || ix.ids()).await?;
        deletes = in_index.into_iter().filter(|id| !in_db.contains(id)).collect();
    }
    if docs.is_empty() && deletes.is_empty() {
        return Ok(Synced::default());
    }
    let done = Synced {
        indexed: docs.len(),
        removed: deletes.len(),
    };
    let ix = index.clone();
    run_blocking(move || {
        ix.write(
            &docs,
            &deletes,
            Payload {
                schema: SCHEMA_VERSION,
                watermark,
            },
        )
    })
    .await?;
    Ok(done)
}

/// Rebuilds the whole index from the database, reporting progress as (done, total).
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: impl Fn(u64, u64),
) -> Result<u64, SearchError> {
    let total = store.count_articles().await? as u64;
    let ix = index.clone();
    run_blocking(move || ix.clear()).await?;
    let mut after = -1i64;
    let mut done = 0u64;
    let mut watermark = String::new();
    loop {
        let rows = sqlx::query(&format!("{DOC_SELECT} WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"))
            .bind(after)
            .bind(PAGE)
            .fetch_all(store.pool())
            .await?;
        if rows.is_empty() {
            break;
        }
        let mut docs = Vec::with_capacity(rows.len());
        for r in &rows {
            let (doc, mark) = doc_from_row(r);
            watermark = watermark.max(mark);
            after = doc.id;
            docs.push(doc);
        }
        done += docs.len() as u64;
        let ix = index.clone();
        run_blocking(move || ix.add(&docs)).await?;
        progress(done, total);
    }
    let ix = index.clone();
    run_blocking(move || {
        ix.commit(Payload {
            schema: SCHEMA_VERSION,
            watermark,
        })
    })
    .await?;
    Ok(done)
}

/// Opens the index for serving: rebuilds it when it is missing, unreadable, from another schema
/// or disagrees with the database on the number of articles; otherwise catches it up.
pub async fn open_for_serving(
    store: &Store,
    dir: &std::path::Path,
    writer_threads: usize,
) -> Result<Arc<SearchIndex>, SearchError> {
    let dir_owned = dir.to_path_buf();
    let (index, unusable) =
        run_blocking(move || SearchIndex::open(&dir_owned, writer_threads)).await?;
    let index = Arc::new(index);
    let reason = match unusable {
        Some(Unusable::Missing) if store.count_articles().await? == 0 => None,
        Some(u) => Some(u.to_string()),
        None => {
            catch_up(store, &index).await?;
            let db = store.count_articles().await? as u64;
            let ix = index.num_docs();
            (db != ix).then(|| {
                format!("the index holds {ix} articles and the database {db}")
            })
        }
    };
    if let Some(reason) = reason {
        tracing::warn!(dir = %dir.display(), "rebuilding the search index: {reason}");
        let started = std::time::Instant::now();
        let n = rebuild(store, &index, |_, _| {}).await?;
        tracing::info!(
            articles = n,
            seconds = started.elapsed().as_secs_f64(),
            "search index rebuilt"
        );
    }
    Ok(index)
}
