//! A day's posts as stored: each listed article with its summary, its current claims and its
//! story fingerprint, in publication order (`stories::post::Post`, times as `DateTime`).

use std::collections::HashMap;

use app::ids::ArticleId;
use chrono::{DateTime, Utc};

use crate::db::claims::ClaimRow;
use crate::db::{DbError, Reads};
use crate::stories::post::Post;
use crate::stories::{Fingerprint, FINGERPRINT_VERSION};
use app::vocab::Placement;

/// A day's posts and the editors' placements of them.
pub struct Day {
    pub posts: Vec<Post>,
    /// Standing decisions by article (a stored value no longer known is left out).
    pub placements: HashMap<ArticleId, Placement>,
}

/// The posts published in `[from, to)`.
pub async fn between(
    store: &Reads,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Day, DbError> {
    let rows = store
        .listings_between(from, to, FINGERPRINT_VERSION)
        .await?;
    let mut summaries = store.summaries_between(from, to).await?;
    let ids: Vec<ArticleId> = rows.iter().map(|r| r.id).collect();
    let mut claims: HashMap<ArticleId, Vec<ClaimRow>> = HashMap::new();
    for claim in store.claims_of_articles(&ids).await? {
        claims.entry(claim.article_id).or_default().push(claim);
    }
    // One post is never grouped: its fingerprint is not parsed.
    let grouped = rows.len() >= 2;
    let placements = rows
        .iter()
        .filter_map(|r| Some((r.id, Placement::parse(r.placement.as_deref()?)?)))
        .collect();
    let posts = rows
        .into_iter()
        .map(|row| Post {
            summary: summaries.remove(&row.id).unwrap_or_default(),
            claims: claims.remove(&row.id).unwrap_or_default(),
            fingerprint: row
                .fingerprint
                .as_deref()
                .filter(|_| grouped)
                .and_then(|data| fingerprint(row.id, data)),
            article_id: row.id,
            vendor: row.vendor,
            host: row.host,
            title: row.title,
            url: row.url,
            published_at: row.published_at,
            date_estimated: row.date_estimated,
            language: row.language,
        })
        .collect();
    Ok(Day { posts, placements })
}

/// A stored fingerprint; an unreadable one is logged and left out (its post keeps its own
/// section).
fn fingerprint(id: ArticleId, data: &str) -> Option<Fingerprint> {
    serde_json::from_str(data)
        .inspect_err(
            |e| tracing::warn!(article = id.get(), error = %e, "unreadable story fingerprint"),
        )
        .ok()
}
