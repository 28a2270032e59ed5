//! A story's score: points per signal, each kept as a reason so the page can say why a story
//! ranks where it does. The weights are few and round on purpose: an editor reading "launch +3
//! · 3 checkable claims +2.2 · covered by 4 sources +3" can see what to disagree with.

use app::models::{Rank, RankReason};
use app::vocab::{RankSignal, StoryKind};

use super::kind::classify;

/// What the ranking reads of one story (its lead post and what the digest knows about it).
pub struct Signals<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// The opening of the post's text (its summary in the digest).
    pub text: &'a str,
    /// Claims of the story (all its posts) that evidence could confirm or refute.
    pub trackable_claims: usize,
    /// Posts of other outlets or vendors folded into the story.
    pub other_sources: usize,
}

fn kind_points(kind: StoryKind) -> f32 {
    match kind {
        StoryKind::Launch => 3.0,
        StoryKind::Research | StoryKind::Deal => 2.5,
        StoryKind::Policy => 2.0,
        StoryKind::News => 1.0,
        StoryKind::Event => 0.0,
        StoryKind::Customer => -1.0,
        StoryKind::Guide => -2.0,
    }
}

const POINTS_PER_CLAIM: f32 = 0.75;
const MAX_CLAIM_POINTS: f32 = 3.0;
const POINTS_PER_SOURCE: f32 = 1.0;
const MAX_SOURCE_POINTS: f32 = 3.0;
const VERSIONED_POINTS: f32 = 1.0;

pub fn score(s: &Signals<'_>) -> Rank {
    let kind = classify(s.title, s.url, s.text);
    let mut reasons = vec![RankReason {
        signal: RankSignal::Kind,
        points: kind_points(kind),
        count: 0,
    }];
    if s.trackable_claims > 0 {
        reasons.push(RankReason {
            signal: RankSignal::Claims,
            points: (s.trackable_claims as f32 * POINTS_PER_CLAIM).min(MAX_CLAIM_POINTS),
            count: s.trackable_claims,
        });
    }
    if s.other_sources > 0 {
        reasons.push(RankReason {
            signal: RankSignal::Coverage,
            points: (s.other_sources as f32 * POINTS_PER_SOURCE).min(MAX_SOURCE_POINTS),
            count: s.other_sources,
        });
    }
    if names_a_version(s.title) {
        reasons.push(RankReason {
            signal: RankSignal::Versioned,
            points: VERSIONED_POINTS,
            count: 0,
        });
    }
    Rank {
        score: reasons.iter().map(|r| r.points).sum(),
        kind: Some(kind),
        top: false,
        reasons,
    }
}

/// Whether a title names a model or product with a version: a word mixing letters and digits
/// ("GPT-5", "3n", "gpt-oss-120b") or a name followed by a version number ("Gemini 3",
/// "Opus 4.1", "엑사원 4.0"). Years ("I/O 2025") and counts ("5 ways", "100 things") are not.
pub fn names_a_version(title: &str) -> bool {
    let words: Vec<&str> = title
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ':' | ';' | '\'' | '"' | '‘' | '’' | '“' | '”' | '(' | ')'
                )
        })
        .filter(|w| !w.is_empty())
        .collect();
    let is_version = |w: &str| {
        let digits = w.trim_end_matches(['.', '!', '?']);
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !(digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
    };
    let mixed = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars().any(char::is_alphabetic)
            && !w.ends_with("th")
    };
    words.iter().any(|w| mixed(w))
        || words.windows(2).any(|p| {
            let name = p[0]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_ascii());
            name && p[0].chars().any(char::is_alphabetic) && is_version(p[1])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_in_titles() {
        for t in [
            "Introducing GPT-5",
            "Gemini 3 is here",
            "Claude Opus 4.1",
            "LG '엑사원 4.0' 공개",
            "Announcing Gemma 3n preview",
            "Introducing gpt-oss-120b",
        ] {
            assert!(names_a_version(t), "{t}");
        }
        for t in [
            "100 things we announced at I/O 2025",
            "5 ways to get started",
            "ChatGPT for sales teams",
            "Microsoft Ignite 2025: Book of News",
            "Our 4th update",
        ] {
            assert!(!names_a_version(t), "{t}");
        }
    }

    #[test]
    fn a_launch_with_claims_and_coverage_outranks_a_guide() {
        let launch = score(&Signals {
            title: "Introducing Claude 4",
            url: "",
            text: "",
            trackable_claims: 3,
            other_sources: 2,
        });
        let guide = score(&Signals {
            title: "ChatGPT for marketing teams",
            url: "https://openai.com/academy/marketing/",
            text: "",
            trackable_claims: 0,
            other_sources: 0,
        });
        assert!(launch.score > guide.score);
        assert_eq!(
            launch.reasons.iter().map(|r| r.points).sum::<f32>(),
            launch.score
        );
        assert_eq!(guide.kind, Some(StoryKind::Guide));
    }
}
