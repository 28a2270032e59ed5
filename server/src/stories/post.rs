//! A day's posts as the digest groups and ranks them: `Post` (what is stored of an article for
//! its day: times as `DateTime`, its summary, its claims, its story fingerprint) and `Section`
//! (a story's lead post with the posts folded into it). Grouping (`sections`) and ranking
//! (`crate::ranking::arrange`) work on these; the page's view structs (`app::models::DigestItem`,
//! with times formatted in the configured zone) are made from them last, by `crate::digest`.

use std::borrow::Cow;
use std::collections::HashMap;

use app::ids::ArticleId;
use app::models::{Rank, SummarySentence};
use chrono::{DateTime, Utc};

use super::cluster::{group, group_apart, Member};
use super::fingerprint::Publisher;
use super::similarity::Reason;
use super::Fingerprint;
use crate::db::claims::ClaimRow;

/// One stored post of a day.
#[derive(Debug, Clone)]
pub struct Post {
    pub article_id: ArticleId,
    pub vendor: String,
    /// The vendor of the source that carried it: another than `vendor` for a guest post.
    pub host: String,
    pub title: String,
    pub url: String,
    pub published_at: DateTime<Utc>,
    pub date_estimated: bool,
    pub language: String,
    pub summary: Vec<SummarySentence>,
    /// The claims its current text makes, in the order the database lists them.
    pub claims: Vec<ClaimRow>,
    /// Its current fingerprint; None: it is never grouped with another post.
    pub fingerprint: Option<Fingerprint>,
}

impl Post {
    /// The summary as one paragraph, in the post's own language.
    pub fn summary_text(&self) -> String {
        self.summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A story of the day as one digest section: its lead (the earliest post) and the posts that
/// cover the same announcement, each with why; `rank` is set by `crate::ranking::arrange`.
#[derive(Debug, Clone)]
pub struct Section {
    pub lead: Post,
    pub also: Vec<(Post, Reason)>,
    pub rank: Rank,
}

impl Section {
    pub fn alone(lead: Post) -> Section {
        Section {
            lead,
            also: Vec::new(),
            rank: Rank::default(),
        }
    }

    /// The lead's article and every folded post's.
    pub fn article_ids(&self) -> impl Iterator<Item = ArticleId> + '_ {
        std::iter::once(self.lead.article_id).chain(self.also.iter().map(|(p, _)| p.article_id))
    }

    /// The section's claims: the lead's, then each folded post's (each still its own article's).
    pub fn claims(&self) -> impl Iterator<Item = &ClaimRow> + '_ {
        self.lead
            .claims
            .iter()
            .chain(self.also.iter().flat_map(|(p, _)| p.claims.iter()))
    }

    /// When the lead is in another language than `digest_language`: the first folded post
    /// written in it, with a summary, whose text the section shows instead of a machine
    /// translation (readers get an outlet's own text first).
    pub fn report(&self, digest_language: &str) -> Option<&Post> {
        if self.lead.language == digest_language {
            return None;
        }
        self.also
            .iter()
            .map(|(p, _)| p)
            .find(|p| p.language == digest_language && !p.summary.is_empty())
    }
}

/// Folds the posts that cover one announcement into the section of its earliest post, with
/// "also covered by" entries. Posts without a current fingerprint keep their own section, and
/// so does a post an editor took out of a section: `splits` are the editors' decisions as
/// article ids `(taken, a post of the story it was taken out of)`. Sections come in the order
/// of their leads in `posts`.
pub fn sections(posts: Vec<Post>, splits: &[(ArticleId, ArticleId)]) -> Vec<Section> {
    // The grouping reads each fingerprint without the names of its publisher (the source's
    // vendor), which every post of that source carries.
    let mut publishers: HashMap<&str, Publisher> = HashMap::new();
    let prints: Vec<Option<Cow<'_, Fingerprint>>> = posts
        .iter()
        .map(|p| {
            let publisher = publishers
                .entry(p.host.as_str())
                .or_insert_with(|| Publisher::named(&p.host));
            p.fingerprint.as_ref().map(|f| f.without(publisher))
        })
        .collect();
    let members: Vec<Member<'_>> = posts
        .iter()
        .zip(&prints)
        .map(|(p, f)| Member {
            published: p.published_at.timestamp(),
            fingerprint: f.as_deref(),
        })
        .collect();
    let ids: Vec<ArticleId> = posts.iter().map(|p| p.article_id).collect();
    let apart = kept_apart(&members, &ids, splits);
    let stories = group_apart(&members, &apart);
    drop(members);
    drop(prints);
    let mut slots: Vec<Option<Post>> = posts.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(stories.len());
    for story in stories {
        let Some(lead) = slots.get_mut(story.lead).and_then(Option::take) else {
            continue;
        };
        let mut section = Section::alone(lead);
        for (m, reason) in story.also {
            if let Some(other) = slots.get_mut(m).and_then(Option::take) {
                section.also.push((other, reason));
            }
        }
        out.push(section);
    }
    out
}

/// The editors' splits as pairs of positions (in `posts`, whose article ids are `ids`) for
/// `group_apart`: `(taken, member)` for every other post of the story the post was taken out
/// of, as the grouping alone makes it (what the editor saw), so what the taken post kept out
/// of that story stays out.
fn kept_apart(
    posts: &[Member<'_>],
    ids: &[ArticleId],
    splits: &[(ArticleId, ArticleId)],
) -> Vec<(usize, usize)> {
    if splits.is_empty() {
        return Vec::new();
    }
    let at: HashMap<ArticleId, usize> = ids.iter().enumerate().map(|(k, id)| (*id, k)).collect();
    let stories = group(posts);
    let mut apart = Vec::new();
    for (taken, story) in splits {
        let (Some(&taken), Some(&story)) = (at.get(taken), at.get(story)) else {
            continue;
        };
        let members: Vec<usize> = stories
            .iter()
            .find(|s| s.lead == story || s.also.iter().any(|(m, _)| *m == story))
            .map(|s| {
                std::iter::once(s.lead)
                    .chain(s.also.iter().map(|(m, _)| *m))
                    .collect()
            })
            .unwrap_or_else(|| vec![story]);
        apart.extend(
            members
                .into_iter()
                .filter(|m| *m != taken)
                .map(|m| (taken, m)),
        );
    }
    apart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: i64, vendor: &str, title: &str, text: &str) -> Post {
        Post {
            article_id: ArticleId::new(id),
            vendor: vendor.into(),
            host: vendor.into(),
            title: title.into(),
            url: format!("https://example.com/{id}"),
            published_at: DateTime::from_timestamp(1_770_000_000 + id * 600, 0).unwrap_or_default(),
            date_estimated: false,
            language: "en".into(),
            summary: Vec::new(),
            claims: Vec::new(),
            fingerprint: Some(Fingerprint::of(title, text)),
        }
    }

    /// A small vendor's two posts of one day both name it in their headlines and texts; an
    /// outlet reprints one of them.
    fn day() -> Vec<Post> {
        vec![
            post(
                1,
                "Northfield",
                "Northfield opens an Oslo office",
                "The Northfield Institute opened an office in Oslo with 12 staff. \
                 It will host two workshops in 2026.",
            ),
            post(
                2,
                "Northfield",
                "Northfield funds safety research",
                "The Northfield Institute committed $10 million to independent safety \
                 research. Applications open on April 1.",
            ),
            post(
                3,
                "Harbor Times",
                "Northfield Institute puts $10 million into safety research",
                "The Northfield Institute committed $10 million to independent safety \
                 research, its director said on Monday. Applications open on April 1.",
            ),
        ]
    }

    #[test]
    fn a_vendors_own_name_does_not_make_two_of_its_posts_one_story() {
        let posts = day();
        // What made them one before: both headlines and texts name the vendor.
        let (a, b) = (
            posts[0].fingerprint.as_ref().expect("fingerprint"),
            posts[1].fingerprint.as_ref().expect("fingerprint"),
        );
        assert!(super::super::similarity::same_story(
            &super::super::similarity::overlap(a, b),
            600
        )
        .is_some());

        let sections = sections(posts, &[]);
        let stories: Vec<Vec<i64>> = sections
            .iter()
            .map(|s| s.article_ids().map(|id| id.get()).collect())
            .collect();
        assert_eq!(stories, vec![vec![1], vec![2, 3]]);
    }

    #[test]
    fn dropping_a_vendors_names_keeps_every_other_name() {
        let f = Fingerprint::of(
            "Black Forest Labs releases FLUX.2 with Mistral",
            "Black Forest Labs released FLUX.2, built with Mistral and Qwen.",
        );
        let kept = f.without(&Publisher::named("Black Forest Labs"));
        for gone in ["black", "forest", "labs"] {
            assert!(
                !kept.names.iter().any(|n| n == gone),
                "{gone} in {:?}",
                kept.names
            );
        }
        let others: Vec<&String> = f
            .names
            .iter()
            .filter(|n| !["black", "forest", "labs"].contains(&n.as_str()))
            .collect();
        assert!(!others.is_empty(), "{:?}", f.names);
        assert_eq!(kept.names.iter().collect::<Vec<_>>(), others);
        // Nothing of the owner's: the same fingerprint, not a copy.
        assert!(matches!(
            f.without(&Publisher::named("Harbor Times")),
            Cow::Borrowed(_)
        ));
    }
}
