//! A day's posts as stored: each listed article with its summary, its current claims and its
//! story fingerprint, in publication order (`stories::post::Post`, times as `DateTime`).

use std::collections::HashMap;

use app::ids::ArticleId;
use chrono::{DateTime, Utc};

use crate::db::claims::ClaimRow;
use crate::db::{DbError, Store};
use crate::stories::post::Post;
use crate::stories::{Fingerprint, FINGERPRINT_VERSION};

/// The posts published in `[from, to)`.
pub async fn between(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Post>, DbError> {
    let rows = store.listings_between(from, to).await?;
    let mut summaries = store.summaries_between(from, to).await?;
    let ids: Vec<ArticleId> = rows.iter().map(|r| r.id).collect();
    let mut claims: HashMap<ArticleId, Vec<ClaimRow>> = HashMap::new();
    for claim in store.claims_of_articles(&ids).await? {
        claims.entry(claim.article_id).or_default().push(claim);
    }
    // One post is never grouped: its fingerprint is not read.
    let mut prints = if ids.len() < 2 {
        HashMap::new()
    } else {
        fingerprints(store, &ids).await?
    };
    Ok(rows
        .into_iter()
        .map(|row| Post {
            summary: summaries.remove(&row.id).unwrap_or_default(),
            claims: claims.remove(&row.id).unwrap_or_default(),
            fingerprint: prints.remove(&row.id),
            article_id: row.id,
            vendor: row.vendor,
            host: row.host,
            title: row.title,
            url: row.url,
            published_at: row.published_at,
            date_estimated: row.date_estimated,
            language: row.language,
        })
        .collect())
}

/// The current story fingerprints of these articles; an unreadable one is logged and left out
/// (its post keeps its own section).
async fn fingerprints(
    store: &Store,
    ids: &[ArticleId],
) -> Result<HashMap<ArticleId, Fingerprint>, DbError> {
    let mut prints = HashMap::new();
    for (id, data) in store.fingerprints(ids, FINGERPRINT_VERSION).await? {
        match serde_json::from_str(&data) {
            Ok(fp) => {
                prints.insert(id, fp);
            }
            Err(e) => {
                tracing::warn!(article = id.get(), error = %e, "unreadable story fingerprint")
            }
        }
    }
    Ok(prints)
}
