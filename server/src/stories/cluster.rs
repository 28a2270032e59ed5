//! Grouping a day's posts into stories: pairs that are one story (see `similarity`) are joined,
//! most similar first, and two groups are joined only if no member of one is plainly about
//! something else than a member of the other, so a roundup that mentions two launches cannot
//! chain them into one story.

use super::fingerprint::Fingerprint;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::similarity::{contradicts, overlap, same_story, Overlap, Reason};

/// What the grouping reads of a post (`post::Post` in the digest, a labelled post in the
/// evaluations), at its position in the caller's list: when it was published, in seconds since
/// the epoch (for the time window and for choosing the story's lead; only differences and
/// order matter), and its fingerprint (None: never grouped).
pub struct Member<'a> {
    pub published: i64,
    pub fingerprint: Option<&'a Fingerprint>,
}

/// A story: `lead` (the earliest post; ties go to the earlier position) and the others, each
/// with the reason it joined, all as positions in the caller's list, in the caller's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub lead: usize,
    pub also: Vec<(usize, Reason)>,
}

/// Posts apart more than this are never one story, whatever they share.
pub const WINDOW_SECONDS: i64 = 2 * 86_400;

pub fn group(posts: &[Member<'_>]) -> Vec<Story> {
    group_apart(posts, &[])
}

/// `group`, with editors' splits: pairs `(taken, member)` of positions where an editor took
/// `taken` out of the story `member` was in ("Not the same story"). A taken post keeps a
/// section of its own (an editor found it wrongly merged once; letting it join another story
/// would only make the next wrong merge); and it still speaks for the story it left when
/// judging what else may join it, so a post it kept out (one it contradicts) is not let in by
/// its leaving. Positions out of range are ignored.
pub fn group_apart(posts: &[Member<'_>], splits: &[(usize, usize)]) -> Vec<Story> {
    let n = posts.len();
    let splits: Vec<(usize, usize)> = splits
        .iter()
        .copied()
        .filter(|&(t, m)| t < n && m < n && t != m)
        .collect();
    let mut taken = vec![false; n];
    for &(t, _) in &splits {
        taken[t] = true;
    }
    let mut pairs = Pairs::new(posts);
    // Every candidate pair's verdict, strongest first. A pair that shares no name and no
    // signature slot cannot be one story (`same_story` needs one of them), so only the pairs
    // the index gives are judged.
    let mut joins: Vec<(f64, usize, usize, Reason)> = Vec::new();
    for (i, j) in candidates(posts) {
        let (Some(a), Some(b)) = (posts[i].fingerprint, posts[j].fingerprint) else {
            continue;
        };
        let apart = (posts[i].published - posts[j].published).abs();
        let o = overlap(a, b);
        if pairs.judge(i, j, &o).conflict || taken[i] || taken[j] {
            continue;
        }
        if let Some(reason) = same_story(&o, apart) {
            let strength = o.text + o.numbers_share + 0.1 * o.names.len() as f64;
            joins.push((strength, i, j, reason));
        }
    }
    joins.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));

    // Each post's group (a label) and each label's members.
    let mut label: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|k| vec![k]).collect();
    // The reason of the first join each post took part in.
    let mut reason_of: Vec<Option<Reason>> = vec![None; n];
    for (_, i, j, reason) in joins {
        let (li, lj) = (label[i], label[j]);
        if li == lj {
            continue;
        }
        // The posts split from a group still keep out what they conflict with.
        let taken_from = |members: &[usize]| -> Vec<usize> {
            splits
                .iter()
                .filter(|(t, m)| members.contains(m) && !members.contains(t))
                .map(|(t, _)| *t)
                .collect()
        };
        let (taken_i, taken_j) = (taken_from(&members[li]), taken_from(&members[lj]));
        let apart = pairs.any_unrelated(&members[li], &members[lj])
            || pairs.any_conflict(&taken_i, &members[lj])
            || pairs.any_conflict(&taken_j, &members[li]);
        if apart {
            continue;
        }
        for &k in members[li].iter().chain(&members[lj]) {
            if reason_of[k].is_none() {
                reason_of[k] = Some(reason.clone());
            }
        }
        let moved = std::mem::take(&mut members[lj]);
        for &k in &moved {
            label[k] = li;
        }
        members[li].extend(moved);
    }

    let mut stories: Vec<Story> = Vec::new();
    for (at, group) in members.iter_mut().enumerate() {
        if group.is_empty() || label[at] != at {
            continue;
        }
        group.sort_unstable();
        let lead = group
            .iter()
            .copied()
            .min_by_key(|&m| (posts[m].published, m))
            .unwrap_or(at);
        let also = group
            .iter()
            .copied()
            .filter(|&m| m != lead)
            .map(|m| {
                // What links it to the lead, else what brought it into the story.
                let direct = match (posts[m].fingerprint, posts[lead].fingerprint) {
                    (Some(a), Some(b)) => same_story(
                        &overlap(a, b),
                        (posts[m].published - posts[lead].published).abs(),
                    ),
                    _ => None,
                };
                let reason = direct
                    .or_else(|| reason_of[m].clone())
                    .unwrap_or(Reason::SameText(0.0));
                (m, reason)
            })
            .collect();
        stories.push(Story { lead, also });
    }
    // Stories in the order of their leads in the caller's list.
    stories.sort_by_key(|s| s.lead);
    stories
}

/// The pairs that may be one story, each once, `(i, j)` with `i < j`: `same_story` joins only
/// posts that share a signature slot's value (some text in common), a versioned name, two
/// names, or figures, so pairs sharing none of these are never judged. One name every other
/// post mentions (ChatGPT) is not a key on its own, which keeps the cost near the day's
/// posts rather than its square.
fn candidates(posts: &[Member<'_>]) -> Vec<(usize, usize)> {
    // Every (key, post) once, sorted so each key's posts are a run: a hash map of lists made
    // one small allocation per key, most of them for signature slots no other post shares.
    // A key is a number: a signature slot and its value exactly (top bit set), a name, pair
    // of names or figure by its hash (top bit clear). Two keys that collide only make a pair
    // that shares nothing a candidate: it is judged (the facts `Pairs` would find anyway) and
    // never joined, since `same_story` needs one of the keys shared.
    let slot = |slot: usize, value: u32| (1u64 << 63) | ((slot as u64) << 32) | u64::from(value);
    let text = |kind: u8, parts: &[&str]| {
        let mut h = std::hash::DefaultHasher::new();
        kind.hash(&mut h);
        parts.hash(&mut h);
        h.finish() & !(1u64 << 63)
    };
    let mut keyed: Vec<(u64, usize)> = Vec::new();
    for (k, post) in posts.iter().enumerate() {
        let Some(fp) = post.fingerprint else {
            continue;
        };
        let mut names: Vec<&str> = fp
            .names
            .iter()
            .chain(&fp.headline)
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        names.dedup();
        for (x, &name) in names.iter().enumerate() {
            if name.chars().any(|c| c.is_ascii_digit()) {
                keyed.push((text(0, &[name]), k));
            }
            for &other in &names[x + 1..] {
                keyed.push((text(1, &[name, other]), k));
            }
        }
        let mut numbers: Vec<&str> = fp.numbers.iter().map(String::as_str).collect();
        numbers.sort_unstable();
        numbers.dedup();
        keyed.extend(numbers.into_iter().map(|number| (text(2, &[number]), k)));
        keyed.extend(
            fp.signature
                .iter()
                .enumerate()
                .map(|(at, value)| (slot(at, *value), k)),
        );
    }
    keyed.sort_unstable();
    keyed.dedup();
    let order: Vec<usize> = keyed.iter().map(|(_, k)| *k).collect();
    let mut lists: Vec<&[usize]> = Vec::new();
    let mut start = 0;
    for end in 1..=keyed.len() {
        if end == keyed.len() || keyed[end].0 != keyed[start].0 {
            // A key only one post has pairs nothing.
            if end - start > 1 {
                lists.push(&order[start..end]);
            }
            start = end;
        }
    }
    // A busy day's posts share many keys (a benchmark's name, common signature slots), so the
    // same pair comes from many keys: sorting every copy was a sixth of a render.
    if posts.len() <= MARKED_UP_TO {
        marked_pairs(&lists, posts.len())
    } else {
        sorted_pairs(&lists)
    }
}

/// Each pair of posts that share a list, once, in order: a bit per pair marked, then read back.
fn marked_pairs(lists: &[&[usize]], n: usize) -> Vec<(usize, usize)> {
    let mut seen = vec![0u64; (n * n).div_ceil(64)];
    for sharing in lists {
        for (x, &i) in sharing.iter().enumerate() {
            for &j in &sharing[x + 1..] {
                let bit = i.min(j) * n + i.max(j);
                if let Some(word) = seen.get_mut(bit / 64) {
                    *word |= 1 << (bit % 64);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (word, bits) in seen.iter().enumerate() {
        let mut bits = *bits;
        while bits != 0 {
            let bit = word * 64 + bits.trailing_zeros() as usize;
            out.push((bit / n, bit % n));
            bits &= bits - 1;
        }
    }
    out
}

/// The same as `marked_pairs`, by sorting every copy: for days too big for a bit per pair.
fn sorted_pairs(lists: &[&[usize]]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for sharing in lists {
        for (x, &i) in sharing.iter().enumerate() {
            for &j in &sharing[x + 1..] {
                out.push((i.min(j), i.max(j)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The most posts whose candidate pairs are marked in a bit matrix (n² bits: 2 MB at 4,096).
const MARKED_UP_TO: usize = 4096;

/// Whether two posts may share a story, judged once per pair and only when asked: most pairs
/// of a busy day are never compared.
#[derive(Clone, Copy)]
struct Facts {
    /// Never in one story: too far apart, unreadable, or about different things.
    unrelated: bool,
    /// Their texts or times say they are different stories (not only unreadable).
    conflict: bool,
}

struct Pairs<'p, 'a> {
    posts: &'p [Member<'a>],
    known: HashMap<(usize, usize), Facts>,
}

impl<'p, 'a> Pairs<'p, 'a> {
    fn new(posts: &'p [Member<'a>]) -> Self {
        Pairs {
            posts,
            known: HashMap::new(),
        }
    }

    /// Records and returns the facts of a pair whose overlap the caller has computed.
    fn judge(&mut self, i: usize, j: usize, o: &Overlap<'_>) -> Facts {
        let facts = match (self.posts[i].fingerprint, self.posts[j].fingerprint) {
            (Some(a), Some(b)) => {
                let far =
                    (self.posts[i].published - self.posts[j].published).abs() > WINDOW_SECONDS;
                let conflict = far || contradicts(a, b, o);
                Facts {
                    unrelated: conflict,
                    conflict,
                }
            }
            _ => Facts {
                unrelated: true,
                conflict: false,
            },
        };
        self.known.insert((i.min(j), i.max(j)), facts);
        facts
    }

    fn facts(&mut self, i: usize, j: usize) -> Facts {
        if let Some(f) = self.known.get(&(i.min(j), i.max(j))) {
            return *f;
        }
        match (self.posts[i].fingerprint, self.posts[j].fingerprint) {
            (Some(a), Some(b)) => {
                let o = overlap(a, b);
                self.judge(i, j, &o)
            }
            _ => {
                let facts = Facts {
                    unrelated: true,
                    conflict: false,
                };
                self.known.insert((i.min(j), i.max(j)), facts);
                facts
            }
        }
    }

    fn any_unrelated(&mut self, xs: &[usize], ys: &[usize]) -> bool {
        xs.iter()
            .any(|&x| ys.iter().any(|&y| x != y && self.facts(x, y).unrelated))
    }

    /// Whether a post in `taken` conflicts with a post in `others` (other than itself).
    fn any_conflict(&mut self, taken: &[usize], others: &[usize]) -> bool {
        taken
            .iter()
            .any(|&t| others.iter().any(|&y| y != t && self.facts(t, y).conflict))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small pools, so that random posts share names, figures, headline words and signature
    /// slots as often as a day's coverage of a few launches does.
    const NAMES: &[&str] = &[
        "gpt-5",
        "gemini 3",
        "claude",
        "veo 3",
        "제미나이 3",
        "llama",
    ];
    const NUMBERS: &[&str] = &["74.9", "1m", "$20", "12", "400k"];
    const WORDS: &[&str] = &["launch", "model", "agents", "video", "price", "open"];

    fn pick(pool: &[&str], mask: u8) -> Vec<String> {
        let mut v: Vec<String> = pool
            .iter()
            .enumerate()
            .filter(|(k, _)| mask & (1 << k) != 0)
            .map(|(_, s)| s.to_string())
            .collect();
        v.sort();
        v
    }

    fn fingerprint() -> impl Strategy<Value = Option<Fingerprint>> {
        let some = (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            prop::collection::vec(0u32..4, 0..6),
        )
            .prop_map(|(names, numbers, words, headline, signature)| {
                let names = pick(NAMES, names);
                let headline: Vec<String> = names
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| headline & (1 << k) != 0)
                    .map(|(_, n)| n.clone())
                    .collect();
                // Signatures of one length compare; a text too short has none.
                let signature = if signature.len() >= 3 {
                    signature[..3].to_vec()
                } else {
                    Vec::new()
                };
                Some(Fingerprint {
                    signature,
                    names,
                    numbers: pick(NUMBERS, numbers),
                    title_words: pick(WORDS, words),
                    headline,
                })
            });
        prop_oneof![1 => Just(None), 6 => some]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Marking pairs in bits gives the pairs sorting every copy gives, in the same order.
        #[test]
        fn marked_and_sorted_candidate_pairs_agree(
            n in 1usize..70,
            raw in prop::collection::vec(prop::collection::vec(0usize..70, 0..12), 0..12),
        ) {
            let lists: Vec<Vec<usize>> = raw
                .into_iter()
                .map(|l| l.into_iter().map(|k| k % n).collect())
                .collect();
            let refs: Vec<&[usize]> = lists.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(marked_pairs(&refs, n), sorted_pairs(&refs));
        }

        /// Judging only the pairs the index gives changes nothing: the stories, their leads and
        /// every reason are those of comparing every pair, editors' splits included.
        #[test]
        fn the_indexed_grouping_equals_comparing_every_pair(
            day in prop::collection::vec((fingerprint(), 0i64..(4 * 86_400)), 0..24),
            splits in prop::collection::vec((0usize..26, 0usize..26), 0..4),
        ) {
            let posts: Vec<Member<'_>> = day
                .iter()
                .map(|(fp, at)| Member { published: *at, fingerprint: fp.as_ref() })
                .collect();
            let indexed = group_apart(&posts, &splits);
            let every_pair = super::super::all_pairs::group_apart(&posts, &splits);
            prop_assert_eq!(indexed, every_pair);
        }
    }
}
