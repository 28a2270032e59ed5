//! Matching the claims of a new article version to the claims already recorded for it, so an
//! edit that changes a claimed value becomes a correction on the same claim rather than a new
//! claim, and a claim the new version no longer makes is marked as gone.

use std::collections::HashSet;

use app::ids::ClaimId;

use super::extract::ExtractedClaim;

/// A recorded claim as reconciliation needs it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub id: ClaimId,
    pub kind: String,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub qualifier: Option<String>,
    pub settings: Vec<String>,
    pub sentence: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// (recorded id, new index): same claim, same value (its span may have moved).
    pub same: Vec<(ClaimId, usize)>,
    /// (recorded id, new index): same claim, reworded but the same value.
    pub restated: Vec<(ClaimId, usize)>,
    /// (recorded id, new index): same claim, its value changed.
    pub changed: Vec<(ClaimId, usize)>,
    /// Recorded claims the new version no longer makes.
    pub removed: Vec<ClaimId>,
    /// New claims.
    pub added: Vec<usize>,
}

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

fn same_value(r: &Recorded, n: &ExtractedClaim) -> bool {
    match (r.value_num, n.value_num) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9 && r.value.is_some() == n.value.is_some(),
        _ => r.value == n.value,
    }
}

/// The same text read by a newer extractor: a recorded claim keeps its id when the new rules
/// find a claim in the same sentence (with the same value first, then the same metric, then
/// any). Pairs are in `same`; what the new rules no longer find is `removed`.
pub fn same_text(recorded: &[Recorded], new: &[ExtractedClaim]) -> Plan {
    let mut plan = Plan::default();
    let mut used: HashSet<usize> = HashSet::new();
    for r in recorded {
        let candidates: Vec<usize> = (0..new.len())
            .filter(|i| !used.contains(i) && new[*i].sentence == r.sentence)
            .collect();
        let pick = candidates
            .iter()
            .find(|&&i| r.value.is_some() && same_value(r, &new[i]))
            .or_else(|| candidates.iter().find(|&&i| new[i].metric == r.metric))
            .or(candidates.first())
            .copied();
        match pick {
            Some(i) => {
                used.insert(i);
                plan.same.push((r.id, i));
            }
            None => plan.removed.push(r.id),
        }
    }
    plan.added = (0..new.len()).filter(|i| !used.contains(i)).collect();
    plan
}

/// Whether re-reading changed any field of a recorded claim.
pub fn fields_changed(r: &Recorded, n: &ExtractedClaim) -> bool {
    r.kind != n.kind.key()
        || r.subject != n.subject
        || r.metric != n.metric
        || r.value != n.value
        || r.qualifier != n.qualifier
        || r.settings != n.settings
}

/// Claims are matched in three passes, most certain first: the same sentence, then the same
/// benchmark/metric for the same subject and kind, then a sentence that is mostly the same
/// words (a reworded claim).
pub fn reconcile(recorded: &[Recorded], new: &[ExtractedClaim]) -> Plan {
    let mut plan = Plan::default();
    let mut used_old: HashSet<ClaimId> = HashSet::new();
    let mut used_new: HashSet<usize> = HashSet::new();
    let pair = |plan: &mut Plan,
                used_old: &mut HashSet<ClaimId>,
                used_new: &mut HashSet<usize>,
                r: &Recorded,
                i: usize| {
        used_old.insert(r.id);
        used_new.insert(i);
        let n = &new[i];
        if !same_value(r, n) {
            plan.changed.push((r.id, i));
        } else if r.sentence != n.sentence {
            plan.restated.push((r.id, i));
        } else {
            plan.same.push((r.id, i));
        }
    };
    // 1. Same sentence and same metric.
    for r in recorded {
        if let Some(i) = (0..new.len()).find(|&i| {
            !used_new.contains(&i) && new[i].sentence == r.sentence && new[i].metric == r.metric
        }) {
            pair(&mut plan, &mut used_old, &mut used_new, r, i);
        }
    }
    // 2. Same metric, subject and kind.
    for r in recorded {
        if used_old.contains(&r.id) || r.metric.is_none() {
            continue;
        }
        if let Some(i) = (0..new.len()).find(|&i| {
            !used_new.contains(&i)
                && new[i].metric == r.metric
                && new[i].subject == r.subject
                && new[i].kind.key() == r.kind
        }) {
            pair(&mut plan, &mut used_old, &mut used_new, r, i);
        }
    }
    // 3. Mostly the same words, same kind.
    for r in recorded {
        if used_old.contains(&r.id) {
            continue;
        }
        let best = (0..new.len())
            .filter(|i| !used_new.contains(i) && new[*i].kind.key() == r.kind)
            .map(|i| (i, similarity(&r.sentence, &new[i].sentence)))
            .filter(|(_, s)| *s >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            pair(&mut plan, &mut used_old, &mut used_new, r, i);
        }
    }
    plan.removed = recorded
        .iter()
        .filter(|r| !used_old.contains(&r.id))
        .map(|r| r.id)
        .collect();
    plan.added = (0..new.len()).filter(|i| !used_new.contains(i)).collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::super::extract::extract;
    use super::*;

    fn recorded(text: &str) -> Vec<Recorded> {
        extract(text)
            .into_iter()
            .enumerate()
            .map(|(i, c)| Recorded {
                id: ClaimId::new(i as i64 + 1),
                kind: c.kind.key().to_string(),
                subject: c.subject,
                metric: c.metric,
                value: c.value,
                value_num: c.value_num,
                qualifier: c.qualifier,
                settings: c.settings,
                sentence: c.sentence,
            })
            .collect()
    }

    #[test]
    fn unchanged_text_is_all_same() {
        let t = "GPT-5 scores 74.9% on SWE-bench Verified. It is available to all users today.";
        let plan = reconcile(&recorded(t), &extract(t));
        assert_eq!(plan.same.len(), 2);
        assert!(plan.changed.is_empty() && plan.removed.is_empty() && plan.added.is_empty());
    }

    #[test]
    fn a_changed_number_is_a_change_not_a_new_claim() {
        let old = "GPT-5 scores 74.9% on SWE-bench Verified.";
        let new = "Update: GPT-5 scores 72.8% on SWE-bench Verified.";
        let plan = reconcile(&recorded(old), &extract(new));
        assert_eq!(plan.changed, vec![(ClaimId::new(1), 0)]);
        assert!(plan.added.is_empty() && plan.removed.is_empty());
    }

    #[test]
    fn a_dropped_claim_is_removed_and_a_new_one_added() {
        let old = "GPT-5 scores 74.9% on SWE-bench Verified.";
        let new = "GPT-5 is now available to all Pro users.";
        let plan = reconcile(&recorded(old), &extract(new));
        assert_eq!(plan.removed, vec![ClaimId::new(1)]);
        assert_eq!(plan.added, vec![0]);
    }

    #[test]
    fn rewording_keeps_the_claim() {
        let old = "OpenAI committed $7.5 million to The Alignment Project, a fund for research.";
        let new = "OpenAI committed $7.5 million to The Alignment Project, an independent fund for research.";
        let plan = reconcile(&recorded(old), &extract(new));
        assert_eq!(plan.restated, vec![(ClaimId::new(1), 0)]);
    }
}
