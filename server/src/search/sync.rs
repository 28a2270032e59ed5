//! Keeps the index in step with the database: catch-up after each ingestion run, full rebuilds,
//! and the start-up check that decides between them.

use std::collections::HashSet;
use std::sync::Arc;

use app::ids::ArticleId;

use super::index::{IndexDoc, Payload, SearchIndex, Unusable, SCHEMA_VERSION};
use super::SearchError;
use crate::dates::ts;
use crate::db::search_log::SearchDoc;
use crate::db::Store;

const PAGE: i64 = 2_000;

fn doc_from_row(r: SearchDoc) -> IndexDoc {
    IndexDoc {
        id: r.id.get(),
        published: r.published_at,
        statuses: statuses(&r.statuses),
        title: r.title,
        summary: r.summary,
        text: r.content_text,
        vendor: r.vendor,
        source_id: r.source_id,
        language: r.language,
    }
}

/// The distinct statuses of an article's current claims (the `statuses` column, comma
/// separated in no particular order) in reading order.
pub(super) fn statuses(column: &str) -> Vec<String> {
    in_reading_order(
        column
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
    Ok(store.latest_change().await?)
}

/// Articles changed since the index's watermark (what the next catch-up will index).
pub async fn lag(store: &Store, index: &Arc<SearchIndex>) -> Result<i64, SearchError> {
    let ix = index.clone();
    let payload = run_blocking(move || ix.payload()).await?;
    Ok(store.changed_count(parse_mark(&payload.watermark)).await?)
}

/// Applies every change logged since the index's watermark: changed articles are re-indexed,
/// deleted ones removed. Cheap when nothing changed: one query.
pub async fn catch_up(store: &Store, index: &Arc<SearchIndex>) -> Result<Synced, SearchError> {
    let ix = index.clone();
    let payload = run_blocking(move || ix.payload()).await?;
    let from = parse_mark(&payload.watermark);
    if store.pruned_upto().await? > from {
        // The changes this index has not read were pruned after every other replica read
        // them: only a rebuild brings it back.
        tracing::warn!(dir = %index.dir().display(), "the search index fell behind the change log; rebuilding");
        let n = rebuild(store, index, |_, _| {}).await?;
        return Ok(Synced {
            indexed: n as usize,
            removed: 0,
        });
    }
    let changed = store.changes_since(from).await?;
    if changed.is_empty() {
        return Ok(Synced::default());
    }
    let mut upto = from;
    let mut wanted = Vec::with_capacity(changed.len());
    for &(article, seq) in &changed {
        wanted.push(article);
        upto = upto.max(seq);
    }
    let docs: Vec<IndexDoc> = store
        .search_docs(
            &wanted
                .iter()
                .copied()
                .map(ArticleId::new)
                .collect::<Vec<_>>(),
        )
        .await?
        .into_iter()
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
    prune(store, index, upto).await?;
    Ok(done)
}

/// How long a replica may go unseen before its position stops holding back the pruning of
/// the change log (it rebuilds its index when it returns).
const LIVE_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// Which index this is among the replicas sharing the database: the host and the directory.
pub fn replica_id(index: &SearchIndex) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    format!("{host}:{}", index.dir().display())
}

/// Records how far this index has read; the log rows every live replica has read are dropped.
async fn prune(store: &Store, index: &SearchIndex, upto: i64) -> Result<(), SearchError> {
    let now = chrono::Utc::now();
    Ok(store
        .record_position(&replica_id(index), upto, &ts(now), &ts(now - LIVE_WINDOW))
        .await?)
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
        let rows = store.search_docs_after(after, PAGE).await?;
        if rows.is_empty() {
            break;
        }
        let mut docs = Vec::with_capacity(rows.len());
        for r in rows {
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
    prune(store, index, upto).await?;
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
    // Join the replicas whose positions hold back the pruning of the change log before
    // reading it, so no other replica prunes what this one has yet to read.
    let ix = index.clone();
    let read_upto = match unusable {
        None => parse_mark(&run_blocking(move || ix.payload()).await?.watermark),
        Some(_) => 0,
    };
    prune(store, &index, read_upto).await?;
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
