//! The grouping as first written: every pair of a day's posts compared, so its cost grows with
//! the square of the day's posts. `cluster::group_apart` compares only the pairs that share a
//! name or a text signature slot and must give the same stories; this is what its property
//! test checks it against and what its benchmark (`cargo bench -p server --bench stories`)
//! measures it beside.

use super::cluster::{Member, Story, WINDOW_SECONDS};
use super::similarity::{contradicts, overlap, same_story, Reason};

/// `cluster::group_apart`, comparing every pair.
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
    // Every pair's verdict, strongest first.
    let mut joins: Vec<(f64, usize, usize, Reason)> = Vec::new();
    // Pairs that may never share a story: too far apart, unreadable, about different things.
    let mut unrelated = vec![false; n * n];
    // Pairs whose texts or times say they are different stories (not only unreadable).
    let mut conflict = vec![false; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            let (Some(a), Some(b)) = (posts[i].fingerprint, posts[j].fingerprint) else {
                unrelated[i * n + j] = true;
                unrelated[j * n + i] = true;
                continue;
            };
            let o = overlap(a, b);
            if (posts[i].published - posts[j].published).abs() > WINDOW_SECONDS
                || contradicts(a, b, &o)
            {
                for k in [i * n + j, j * n + i] {
                    unrelated[k] = true;
                    conflict[k] = true;
                }
                continue;
            }
            if taken[i] || taken[j] {
                continue;
            }
            let apart = (posts[i].published - posts[j].published).abs();
            if let Some(reason) = same_story(&o, apart) {
                let strength = o.text + o.numbers_share + 0.1 * o.names.len() as f64;
                joins.push((strength, i, j, reason));
            }
        }
    }
    joins.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));

    // Union by relabelling: n is a day's posts, so the quadratic checks are small.
    let mut label: Vec<usize> = (0..n).collect();
    // The reason of the first join each post took part in.
    let mut reason_of: Vec<Option<Reason>> = vec![None; n];
    for (_, i, j, reason) in joins {
        let (li, lj) = (label[i], label[j]);
        if li == lj {
            continue;
        }
        let members_i: Vec<usize> = (0..n).filter(|&k| label[k] == li).collect();
        let members_j: Vec<usize> = (0..n).filter(|&k| label[k] == lj).collect();
        // The posts split from a group still keep out what they conflict with.
        let taken_from = |members: &[usize]| -> Vec<usize> {
            splits
                .iter()
                .filter(|(t, m)| members.contains(m) && !members.contains(t))
                .map(|(t, _)| *t)
                .collect()
        };
        let kept_out = |taken: Vec<usize>, other: &[usize]| {
            taken
                .into_iter()
                .any(|t| other.iter().any(|&y| y != t && conflict[t * n + y]))
        };
        let apart = members_i
            .iter()
            .any(|&x| members_j.iter().any(|&y| unrelated[x * n + y]))
            || kept_out(taken_from(&members_i), &members_j)
            || kept_out(taken_from(&members_j), &members_i);
        if apart {
            continue;
        }
        for &k in members_i.iter().chain(&members_j) {
            if reason_of[k].is_none() {
                reason_of[k] = Some(reason.clone());
            }
        }
        for &k in &members_j {
            label[k] = li;
        }
    }

    let mut stories: Vec<Story> = Vec::new();
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        let members: Vec<usize> = (0..n).filter(|&k| label[k] == label[start]).collect();
        for &m in &members {
            seen[m] = true;
        }
        let lead = members
            .iter()
            .copied()
            .min_by_key(|&m| (posts[m].published, m))
            .unwrap_or(start);
        let also = members
            .into_iter()
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
