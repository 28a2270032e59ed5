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

/// A day's posts and the editors' placements of them, as read: the posts' story fingerprints
/// are parsed by `fingerprinted`, after the page's connection is given back.
pub struct Day {
    /// Every post's `fingerprint` is `None` here: `fingerprinted` fills them.
    pub posts: Vec<Post>,
    /// Standing decisions by article (a stored value no longer known is left out).
    pub placements: HashMap<ArticleId, Placement>,
    /// Each post's stored fingerprint, in the order of `posts`.
    fingerprints: Vec<Option<String>>,
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
    let placements = rows
        .iter()
        .filter_map(|r| Some((r.id, Placement::parse(r.placement.as_deref()?)?)))
        .collect();
    let (posts, fingerprints) = rows
        .into_iter()
        .map(|row| {
            let post = Post {
                summary: summaries.remove(&row.id).unwrap_or_default(),
                claims: claims.remove(&row.id).unwrap_or_default(),
                fingerprint: None,
                article_id: row.id,
                vendor: row.vendor,
                host: row.host,
                title: row.title,
                url: row.url,
                published_at: row.published_at,
                date_estimated: row.date_estimated,
                language: row.language,
            };
            (post, row.fingerprint)
        })
        .unzip();
    Ok(Day {
        posts,
        placements,
        fingerprints,
    })
}

impl Day {
    /// Each post with its fingerprint as stored (not parsed).
    pub fn as_stored(&self) -> impl ExactSizeIterator<Item = (&Post, Option<&str>)> {
        self.posts
            .iter()
            .zip(self.fingerprints.iter().map(Option::as_deref))
    }

    /// The posts without their fingerprints (for a day whose grouping is known), and the
    /// placements.
    pub fn unparsed(self) -> (Vec<Post>, HashMap<ArticleId, Placement>) {
        (self.posts, self.placements)
    }

    /// The posts with their stored fingerprints parsed, and the placements. One post is never
    /// grouped: its fingerprint is not parsed.
    pub fn fingerprinted(self) -> (Vec<Post>, HashMap<ArticleId, Placement>) {
        let Day {
            mut posts,
            placements,
            fingerprints,
        } = self;
        if posts.len() >= 2 {
            for (post, data) in posts.iter_mut().zip(fingerprints) {
                post.fingerprint = data
                    .as_deref()
                    .and_then(|d| fingerprint(post.article_id, d));
            }
        }
        (posts, placements)
    }
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
