//! A day's grouping and ranking, kept by a hash of everything they read.
//!
//! Grouping (`stories::post::sections`) and ranking (`crate::ranking::arrange`) are pure
//! functions of the day's posts as stored (their stored fingerprints, not yet parsed), the
//! editors' splits and the placements, and they were most of an uncached page's cost. The page
//! is rebuilt far more often than its day changes: every translation or note drops the page
//! cache while the posts stay as they were. So the outcome is kept — which
//! posts each section holds, then the sections' order, ranks, series and hidden stories — under
//! a key hashed from every field of every input; a build whose inputs hash the same takes the
//! outcome instead of grouping and ranking again. Nothing kept is read without its full key,
//! so nothing kept can be stale: a changed post is a different key.
//!
//! The key is a keyed SipHash (a random key per process, so stored text cannot be written to
//! collide on purpose); every field of `Post`, `ClaimRow` and `SummarySentence` is hashed by
//! destructuring without `..`, so a field added to one of them fails to compile here until it
//! is hashed too. That includes fields the ranking does not read (a claim's status): a change
//! to one of them costs a fresh grouping and ranking, never a stale page.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::{Arc, LazyLock, Mutex};

use app::ids::ArticleId;
use app::models::{Rank, Series, SeriesPost, SummarySentence};
use app::vocab::Placement;

use crate::db::claims::ClaimRow;
use crate::ranking::Arranged;
use crate::stories::post::{Post, Section};
use crate::stories::similarity::Reason;

/// Days whose outcome is kept. A kept day is its posts' ids, ranks and series titles: a few
/// kilobytes for a normal day, a few hundred kilobytes for a day of 1,200 posts.
const KEPT_DAYS: usize = 16;

/// What a day's grouping and ranking read, hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(u64);

/// The day's posts (each with its fingerprint as stored), splits and placements, hashed.
pub fn key<'a>(
    posts: impl ExactSizeIterator<Item = (&'a Post, Option<&'a str>)>,
    splits: &[(ArticleId, ArticleId)],
    placements: &HashMap<ArticleId, Placement>,
) -> Key {
    static SEED: LazyLock<RandomState> = LazyLock::new(RandomState::new);
    let mut h = SEED.build_hasher();
    posts.len().hash(&mut h);
    for (post, fingerprint) in posts {
        hash_post(post, &mut h);
        fingerprint.hash(&mut h);
    }
    splits.hash(&mut h);
    let mut decided: Vec<(&ArticleId, &Placement)> = placements.iter().collect();
    decided.sort_unstable_by_key(|(id, _)| **id);
    decided.hash(&mut h);
    Key(h.finish())
}

/// Every field but the parsed fingerprint (its stored text is hashed beside the post).
fn hash_post(post: &Post, h: &mut impl Hasher) {
    let Post {
        article_id,
        vendor,
        host,
        title,
        url,
        published_at,
        date_estimated,
        language,
        summary,
        claims,
        fingerprint: _,
    } = post;
    (article_id, vendor, host, title, url).hash(h);
    (published_at, date_estimated, language).hash(h);
    summary.len().hash(h);
    for SummarySentence { text, start, end } in summary {
        (text, start, end).hash(h);
    }
    claims.len().hash(h);
    for claim in claims {
        hash_claim(claim, h);
    }
}

fn hash_claim(claim: &ClaimRow, h: &mut impl Hasher) {
    let ClaimRow {
        id,
        article_id,
        vendor,
        kind,
        subject,
        metric,
        value,
        value_num,
        unit,
        comparison,
        qualifier,
        settings,
        subject_from_context,
        subject_entity,
        metric_entity,
        sentence,
        span_start,
        span_end,
        content_hash,
        fields_method,
        current,
        status,
        status_at,
        created_at,
        article_title,
        article_url,
        published_at,
    } = claim;
    (id, article_id, vendor, kind, subject, metric, value).hash(h);
    value_num.map(f64::to_bits).hash(h);
    (unit, comparison, qualifier, settings, subject_from_context).hash(h);
    (
        subject_entity,
        metric_entity,
        sentence,
        span_start,
        span_end,
    )
        .hash(h);
    (content_hash, fields_method, current, status, status_at).hash(h);
    (created_at, article_title, article_url, published_at).hash(h);
}

/// Each section's lead and folded posts, in the grouping's order.
#[derive(Debug)]
pub struct Grouped(Vec<(ArticleId, Vec<(ArticleId, Reason)>)>);

impl Grouped {
    pub fn of(sections: &[Section]) -> Grouped {
        Grouped(
            sections
                .iter()
                .map(|s| {
                    let also = s
                        .also
                        .iter()
                        .map(|(p, why)| (p.article_id, why.clone()))
                        .collect();
                    (s.lead.article_id, also)
                })
                .collect(),
        )
    }
}

/// A day's outcome: the sections as grouped, then as arranged.
#[derive(Debug)]
pub struct Outcome {
    grouped: Grouped,
    /// The arranged sections' leads in reading order, each with its rank.
    ranked: Vec<(ArticleId, Rank)>,
    series: Vec<Series>,
    hidden: Vec<SeriesPost>,
}

impl Outcome {
    /// What grouping (`grouped`, taken before the sections went to the ranking) and ranking
    /// (`arranged`) made of a day.
    pub fn new(grouped: Grouped, arranged: &Arranged) -> Outcome {
        Outcome {
            grouped,
            ranked: arranged
                .sections
                .iter()
                .map(|s| (s.lead.article_id, s.rank.clone()))
                .collect(),
            series: arranged.series.clone(),
            hidden: arranged.hidden.clone(),
        }
    }

    /// Whether `posts` are exactly the posts this outcome groups (each once), so that
    /// `regroup` can drop none. Equal keys say so already (a collision is about 2^-64); this
    /// only keeps a collision from losing posts, it does not catch one.
    pub fn fits(&self, posts: &[Post]) -> bool {
        let kept = self
            .grouped
            .0
            .iter()
            .map(|(_, also)| 1 + also.len())
            .sum::<usize>();
        if kept != posts.len() {
            return false;
        }
        let mut ids: Vec<ArticleId> = posts.iter().map(|p| p.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len() == posts.len()
            && self
                .grouped
                .0
                .iter()
                .flat_map(|(lead, also)| std::iter::once(lead).chain(also.iter().map(|(a, _)| a)))
                .all(|id| ids.binary_search(id).is_ok())
    }

    /// The sections as `stories::post::sections` grouped these posts (which `fits` accepted).
    pub fn regroup(&self, posts: Vec<Post>) -> Vec<Section> {
        let mut by_id: HashMap<ArticleId, Post> =
            posts.into_iter().map(|p| (p.article_id, p)).collect();
        self.grouped
            .0
            .iter()
            .filter_map(|(lead, also)| {
                let mut section = Section::alone(by_id.remove(lead)?);
                section.also = also
                    .iter()
                    .filter_map(|(id, why)| Some((by_id.remove(id)?, why.clone())))
                    .collect();
                Some(section)
            })
            .collect()
    }

    /// The arrangement `crate::ranking::arrange` made of these sections (from `regroup`).
    pub fn rearrange(&self, sections: Vec<Section>) -> Arranged {
        let mut by_lead: HashMap<ArticleId, Section> = sections
            .into_iter()
            .map(|s| (s.lead.article_id, s))
            .collect();
        Arranged {
            sections: self
                .ranked
                .iter()
                .filter_map(|(lead, rank)| {
                    let mut section = by_lead.remove(lead)?;
                    section.rank = rank.clone();
                    Some(section)
                })
                .collect(),
            series: self.series.clone(),
            hidden: self.hidden.clone(),
        }
    }
}

/// Kept outcomes, one per day (its latest inputs' only: an outcome of a day's older posts is
/// never asked for again once they changed), the most recently used day last; at most
/// `KEPT_DAYS`.
#[derive(Default)]
pub struct Arrangements {
    kept: Mutex<VecDeque<(String, Key, Arc<Outcome>)>>,
}

impl Arrangements {
    /// The process's outcomes, which every digest build reads.
    pub fn shared() -> &'static Arrangements {
        static SHARED: LazyLock<Arrangements> = LazyLock::new(Arrangements::default);
        &SHARED
    }

    /// The outcome kept for `day` if it was made from inputs with this key.
    pub fn get(&self, day: &str, key: Key) -> Option<Arc<Outcome>> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let at = kept.iter().position(|(d, k, _)| d == day && *k == key)?;
        let entry = kept.remove(at)?;
        let outcome = Arc::clone(&entry.2);
        kept.push_back(entry);
        Some(outcome)
    }

    /// Keeps `outcome` as `day`'s, in place of what was kept for it.
    pub fn keep(&self, day: &str, key: Key, outcome: Outcome) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|(d, _, _)| d != day);
        if kept.len() >= KEPT_DAYS {
            kept.pop_front();
        }
        kept.push_back((day.to_string(), key, Arc::new(outcome)));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.lock().map(|k| k.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::{arrange, evaluate, news_days};
    use crate::stories::post::sections;

    /// The outlet news days of `content/eval/news-days`, each as the digest reads its posts.
    fn news_days() -> Vec<Vec<Post>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let set = news_days::load(&root.join("content/eval/news-days")).expect("news days");
        set.days
            .iter()
            .map(|d| {
                set.posts
                    .iter()
                    .filter(|p| p.date == d.date)
                    .enumerate()
                    .map(|(i, p)| evaluate::post(p, i))
                    .collect()
            })
            .collect()
    }

    /// Editors' decisions on a day: its second post pinned, third hidden, fourth demoted, and
    /// the fifth taken out of the story of the first.
    fn decided(posts: &[Post]) -> (Vec<(ArticleId, ArticleId)>, HashMap<ArticleId, Placement>) {
        let id = |k: usize| posts.get(k).map(|p| p.article_id);
        let placements = [
            (1, Placement::Pin),
            (2, Placement::Hide),
            (3, Placement::Demote),
        ]
        .into_iter()
        .filter_map(|(k, p)| Some((id(k)?, p)))
        .collect();
        let splits = id(4).zip(id(0)).into_iter().collect();
        (splits, placements)
    }

    fn without_fingerprints(mut arranged: Arranged) -> String {
        for s in &mut arranged.sections {
            s.lead.fingerprint = None;
            for (p, _) in &mut s.also {
                p.fingerprint = None;
            }
        }
        format!("{arranged:?}")
    }

    /// On every real news day, with and without editors' decisions, the kept outcome applied
    /// to the posts read again (fingerprints not parsed) is exactly what grouping and ranking
    /// make of them.
    #[test]
    fn a_kept_outcome_remakes_the_arrangement_exactly() {
        let days = news_days();
        assert!(days.len() >= 5, "the news days hold {} days", days.len());
        let mut folded_somewhere = false;
        for posts in days {
            let none = (Vec::new(), HashMap::new());
            for (splits, placements) in [none, decided(&posts)] {
                let grouped_now = sections(posts.clone(), &splits);
                folded_somewhere |= grouped_now.iter().any(|s| !s.also.is_empty());
                let grouped = Grouped::of(&grouped_now);
                let made = arrange(grouped_now, &placements);
                let outcome = Outcome::new(grouped, &made);

                let mut read_again = posts.clone();
                for p in &mut read_again {
                    p.fingerprint = None;
                }
                assert!(outcome.fits(&read_again));
                let remade = outcome.rearrange(outcome.regroup(read_again));
                assert_eq!(without_fingerprints(remade), without_fingerprints(made));
            }
        }
        assert!(
            folded_somewhere,
            "no news day groups two posts: the test proves little"
        );
    }

    /// Every kind of input the key covers changes it.
    #[test]
    fn any_change_to_what_is_read_changes_the_key() {
        let posts = news_days().into_iter().next().expect("a news day");
        let (splits, placements) = decided(&posts);
        let prints: Vec<Option<String>> = (0..posts.len()).map(|k| Some(format!("f{k}"))).collect();
        let key_of = |posts: &[Post],
                      prints: &[Option<String>],
                      splits: &[(ArticleId, ArticleId)],
                      placements: &HashMap<ArticleId, Placement>| {
            key(
                posts.iter().zip(prints.iter().map(Option::as_deref)),
                splits,
                placements,
            )
        };
        let base = key_of(&posts, &prints, &splits, &placements);
        assert_eq!(base, key_of(&posts, &prints, &splits, &placements));

        let mut changed: Vec<(&str, Key)> = Vec::new();
        let mut p = posts.clone();
        p[0].title.push('!');
        changed.push(("title", key_of(&p, &prints, &splits, &placements)));
        let mut p = posts.clone();
        if let Some(s) = p[0].summary.first_mut() {
            s.text.push('!');
        }
        changed.push(("summary", key_of(&p, &prints, &splits, &placements)));
        let mut p = posts.clone();
        p[0].host.push('x');
        changed.push(("host", key_of(&p, &prints, &splits, &placements)));
        let mut p = posts.clone();
        p.swap(0, 1);
        changed.push(("order", key_of(&p, &prints, &splits, &placements)));
        let mut p = posts.clone();
        p.pop();
        changed.push((
            "a post fewer",
            key_of(&p, &prints[..p.len()], &splits, &placements),
        ));
        let mut f = prints.clone();
        f[0] = None;
        changed.push(("fingerprint", key_of(&posts, &f, &splits, &placements)));
        changed.push(("splits", key_of(&posts, &prints, &[], &placements)));
        let mut pl = placements.clone();
        pl.insert(posts[0].article_id, Placement::Hide);
        changed.push(("placement", key_of(&posts, &prints, &splits, &pl)));
        let with_claim = posts.iter().position(|p| !p.claims.is_empty());
        let k = with_claim.expect("a post of the day has a claim");
        for (what, change) in [
            (
                "claim status",
                (|c: &mut ClaimRow| c.status = app::vocab::Status::Disputed) as fn(&mut ClaimRow),
            ),
            ("claim value", |c: &mut ClaimRow| {
                c.value_num = Some(c.value_num.unwrap_or(0.0) + 1.0)
            }),
            ("claim kind", |c: &mut ClaimRow| {
                c.kind = if c.kind == app::vocab::ClaimKind::Business {
                    app::vocab::ClaimKind::Benchmark
                } else {
                    app::vocab::ClaimKind::Business
                }
            }),
        ] {
            let mut p = posts.clone();
            change(&mut p[k].claims[0]);
            changed.push((what, key_of(&p, &prints, &splits, &placements)));
        }
        for (what, k) in changed {
            assert_ne!(k, base, "changing the {what} kept the key");
        }
    }

    #[test]
    fn one_outcome_a_day_and_at_most_the_kept_number_of_days_stay() {
        let kept = Arrangements::default();
        let empty = || Outcome::new(Grouped(Vec::new()), &arrange(Vec::new(), &HashMap::new()));
        let day = |k: u64| format!("day {k}");
        for k in 0..(KEPT_DAYS as u64 + 5) {
            kept.keep(&day(k), Key(k), empty());
        }
        assert_eq!(kept.len(), KEPT_DAYS);
        assert!(
            kept.get(&day(0), Key(0)).is_none(),
            "the oldest day is let go first"
        );
        assert!(kept.get(&day(5), Key(5)).is_some());
        assert!(
            kept.get(&day(5), Key(6)).is_none(),
            "another key of the day"
        );
        assert!(
            kept.get(&day(6), Key(5)).is_none(),
            "the key of another day"
        );
        // Used again, day 5 is the last let go.
        for k in 100..(100 + KEPT_DAYS as u64 - 1) {
            kept.keep(&day(k), Key(k), empty());
        }
        assert!(kept.get(&day(5), Key(5)).is_some());
        assert!(kept.get(&day(6), Key(6)).is_none());
        // A day's new inputs take its place.
        kept.keep(&day(5), Key(7), empty());
        assert_eq!(kept.len(), KEPT_DAYS);
        assert!(kept.get(&day(5), Key(5)).is_none());
        assert!(kept.get(&day(5), Key(7)).is_some());
    }
}
