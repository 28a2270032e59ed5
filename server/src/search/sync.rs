//! Keeps the index in step with the database: catch-up after each ingestion run, full rebuilds,
//! and the start-up check that decides between them.

use std::collections::HashSet;
use std::sync::Arc;

use sqlx::Row;

use super::index::{IndexDoc, Payload, SearchIndex, Unusable, SCHEMA_VERSION};
use super::SearchError;
use crate::dates::parse_ts;
use crate::store::Store;

const PAGE: i64 = 2_000;

/// Article rows with their summary text joined in position order; callers append the WHERE.
const DOC_SELECT: &str = "SELECT a.id, a.title, a.url, a.content_text, a.vendor, a.source_id,
       a.language, a.published_at,
       COALESCE((SELECT group_concat(text, ' ') FROM
                   (SELECT text FROM summary_sentences WHERE article_id = a.id ORDER BY position)),
                '') AS summary,
       COALESCE((SELECT group_concat(DISTINCT status) FROM claims
                   WHERE article_id = a.id AND current = 1), '') AS statuses
     FROM articles a";

fn doc_from_row(r: &sqlx::sqlite::SqliteRow) -> IndexDoc {
    let published: String = r.get("published_at");
    IndexDoc {
        id: r.get("id"),
        title: r.get("title"),
        summary: r.get("summary"),
        text: r.get("content_text"),
        vendor: r.get("vendor"),
        source_id: r.get("source_id"),
        language: r.get("language"),
        published: parse_ts(&published).unwrap_or_default(),
        statuses: statuses(r),
    }
}

/// The `statuses` column of `DOC_SELECT`: the distinct statuses of the article's current claims,
/// in reading order (SQLite's `group_concat` order is unspecified).
pub(super) fn statuses(r: &sqlx::sqlite::SqliteRow) -> Vec<String> {
    in_reading_order(
        r.get::<String, _>("statuses")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Verdicts first (in vocabulary order), then "pending", then "unverified": a reader should see
/// what was established before what was not.
fn in_reading_order(mut statuses: Vec<String>) -> Vec<String> {
    use app::vocab::Status;
    statuses.sort_by_key(|s| {
        let status = Status::parse(s);
        let at = status
            .and_then(|st| Status::ALL.iter().position(|x| *x == st))
            .unwrap_or(usize::MAX);
        (
            !status.is_some_and(Status::is_review),
            status == Some(Status::Unverified),
            at,
        )
    });
    statuses
}

/// `DOC_SELECT` rows of these articles (any order; missing ids are simply absent).
pub(super) async fn rows_by_id(
    store: &Store,
    ids: &[i64],
) -> Result<Vec<sqlx::sqlite::SqliteRow>, SearchError> {
    let mut out = Vec::with_capacity(ids.len());
    // SQLite caps bound parameters per statement.
    for chunk in ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!("{DOC_SELECT} WHERE a.id IN ({placeholders})");
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(q.fetch_all(store.pool()).await?);
    }
    Ok(out)
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

fn parse_mark(watermark: &str) -> i64 {
    watermark.parse().unwrap_or(0)
}

async fn latest_seq(store: &Store) -> Result<i64, SearchError> {
    Ok(sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM search_log")
        .fetch_one(store.pool())
        .await?
        .get(0))
}

/// Articles changed since the index's watermark (what the next catch-up will index).
pub async fn lag(store: &Store, index: &Arc<SearchIndex>) -> Result<i64, SearchError> {
    let ix = index.clone();
    let payload = run_blocking(move || ix.payload()).await?;
    Ok(
        sqlx::query("SELECT COUNT(DISTINCT article_id) FROM search_log WHERE seq > ?1")
            .bind(parse_mark(&payload.watermark))
            .fetch_one(store.pool())
            .await?
            .get(0),
    )
}

/// Applies every change logged since the index's watermark: changed articles are re-indexed,
/// deleted ones removed. Cheap when nothing changed: one query.
pub async fn catch_up(store: &Store, index: &Arc<SearchIndex>) -> Result<Synced, SearchError> {
    let ix = index.clone();
    let payload = run_blocking(move || ix.payload()).await?;
    let from = parse_mark(&payload.watermark);
    let changed = sqlx::query(
        "SELECT article_id, MAX(seq) FROM search_log WHERE seq > ?1 GROUP BY article_id",
    )
    .bind(from)
    .fetch_all(store.pool())
    .await?;
    if changed.is_empty() {
        return Ok(Synced::default());
    }
    let mut upto = from;
    let mut wanted = Vec::with_capacity(changed.len());
    for r in &changed {
        wanted.push(r.get::<i64, _>(0));
        upto = upto.max(r.get::<i64, _>(1));
    }
    let docs: Vec<IndexDoc> = rows_by_id(store, &wanted)
        .await?
        .iter()
        .map(doc_from_row)
        .collect();
    let present: HashSet<i64> = docs.iter().map(|d| d.id).collect();
    let deletes: Vec<i64> = wanted
        .into_iter()
        .filter(|id| !present.contains(id))
        .collect();
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
                watermark: upto.to_string(),
            },
        )
    })
    .await?;
    prune(store, upto).await?;
    Ok(done)
}

/// Drops log rows the index has applied. The index is the log's only reader.
async fn prune(store: &Store, upto: i64) -> Result<(), SearchError> {
    sqlx::query("DELETE FROM search_log WHERE seq <= ?1")
        .bind(upto)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Rebuilds the whole index from the database, reporting progress as (done, total).
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: impl Fn(u64, u64),
) -> Result<u64, SearchError> {
    let total = store.count_articles().await? as u64;
    // Changes logged after this point are applied by the next catch-up.
    let upto = latest_seq(store).await?;
    let ix = index.clone();
    run_blocking(move || ix.clear()).await?;
    let mut after = -1i64;
    let mut done = 0u64;
    loop {
        let rows = sqlx::query(&format!(
            "{DOC_SELECT} WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"
        ))
        .bind(after)
        .bind(PAGE)
        .fetch_all(store.pool())
        .await?;
        if rows.is_empty() {
            break;
        }
        let mut docs = Vec::with_capacity(rows.len());
        for r in &rows {
            let doc = doc_from_row(r);
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
            watermark: upto.to_string(),
        })
    })
    .await?;
    prune(store, upto).await?;
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
            (db != ix).then(|| format!("the index holds {ix} articles and the database {db}"))
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

#[cfg(test)]
mod tests {
    use super::in_reading_order;

    #[test]
    fn statuses_read_verdicts_first_then_pending_then_unverified() {
        let got = in_reading_order(
            ["unverified", "pending", "disputed", "reproduced"]
                .map(String::from)
                .to_vec(),
        );
        assert_eq!(got, ["reproduced", "disputed", "pending", "unverified"]);
    }
}
