//! A story's score: points per signal, each kept as a reason so the page can say why a story
//! ranks where it does. The weights are few and round on purpose: an editor reading "launch +3
//! · 3 checkable claims +2.2 · covered by 4 sources +3" can see what to disagree with.

use app::models::{Rank, RankReason};
use app::vocab::{RankSignal, StoryKind};

use super::kind::{classify_normalized, opening};
use super::words::{large_amount, normalize, words, Phrases};

/// What the ranking reads of one story (its lead post and what the digest knows about it).
pub struct Signals<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// The opening of the post's text (its summary in the digest).
    pub text: &'a str,
    /// The headlines of the story's other posts.
    pub other_titles: &'a [&'a str],
    /// Claims of the story (all its posts) that evidence could confirm or refute.
    pub trackable_claims: usize,
    /// Outlets or vendors other than the lead post's that carried the story (distinct hosts).
    pub other_outlets: usize,
    /// The story's posts from a major outlet (`[outlets] major` of `content/ranking.toml`).
    pub major_outlets: usize,
}

fn kind_points(kind: StoryKind) -> f32 {
    match kind {
        StoryKind::Launch => 3.0,
        StoryKind::Research | StoryKind::Deal => 2.5,
        StoryKind::Policy => 2.0,
        StoryKind::News => 1.0,
        StoryKind::Event => 0.0,
        StoryKind::Customer => -1.0,
        StoryKind::Guide | StoryKind::Commentary => -2.0,
    }
}

const POINTS_PER_CLAIM: f32 = 0.75;
const MAX_CLAIM_POINTS: f32 = 3.0;
const POINTS_PER_OUTLET: f32 = 1.0;
const MAX_OUTLET_POINTS: f32 = 3.0;
const POINTS_PER_MAJOR_OUTLET: f32 = 0.5;
const MAX_MAJOR_OUTLET_POINTS: f32 = 1.5;
const VERSIONED_POINTS: f32 = 1.0;
/// A topic only the lead post's opening names counts this much of its points: openings
/// mention background a headline leaves out.
const OPENING_SHARE: f32 = 0.5;

/// The story's kind: its lead post's, unless that says nothing (news) or is a minor kind
/// while another post of the story is a launch, deal, policy or research post — a column
/// or a plain news rewrite that was published first does not decide what the story is.
fn story_kind(s: &Signals<'_>, texts: &Normalized) -> StoryKind {
    let lead = classify_normalized(&texts.headlines[0], s.url, &texts.opening);
    if lead != StoryKind::News && !lead.is_minor() {
        return lead;
    }
    texts.headlines[1..]
        .iter()
        .map(|t| classify_normalized(t, "", EMPTY_OPENING))
        .find(|k| *k != StoryKind::News && !k.is_minor())
        .unwrap_or(lead)
}

/// `normalize` of an empty text.
const EMPTY_OPENING: &str = " ";

/// A story's texts in normal form, made once: the kind and the topics both read them.
struct Normalized {
    /// The lead post's title, then the other posts' titles.
    headlines: Vec<String>,
    /// The lead post's opening.
    opening: String,
}

impl Normalized {
    fn of(s: &Signals<'_>) -> Normalized {
        Normalized {
            headlines: std::iter::once(s.title)
                .chain(s.other_titles.iter().copied())
                .map(normalize)
                .collect(),
            opening: opening(s.text),
        }
    }
}

pub fn score(s: &Signals<'_>) -> Rank {
    let texts = Normalized::of(s);
    let kind = story_kind(s, &texts);
    let mut reasons = vec![RankReason {
        signal: RankSignal::Kind,
        points: kind_points(kind),
        count: 0,
    }];
    reasons.extend(topics(&texts));
    if s.trackable_claims > 0 {
        reasons.push(RankReason {
            signal: RankSignal::Claims,
            points: (s.trackable_claims as f32 * POINTS_PER_CLAIM).min(MAX_CLAIM_POINTS),
            count: s.trackable_claims,
        });
    }
    if s.other_outlets > 0 {
        reasons.push(RankReason {
            signal: RankSignal::Coverage,
            points: (s.other_outlets as f32 * POINTS_PER_OUTLET).min(MAX_OUTLET_POINTS),
            count: s.other_outlets,
        });
    }
    if s.major_outlets > 0 {
        reasons.push(RankReason {
            signal: RankSignal::Outlets,
            points: (s.major_outlets as f32 * POINTS_PER_MAJOR_OUTLET).min(MAX_MAJOR_OUTLET_POINTS),
            count: s.major_outlets,
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

/// What the story is about, as an editor weighs it: each topic of `content/ranking.toml` once,
/// in full when one of the story's headlines names it, in part when only the lead post's
/// opening does. A large amount with its currency counts as the money topic.
fn topics(texts: &Normalized) -> Vec<RankReason> {
    let w = words();
    let Normalized { headlines, opening } = texts;
    let names = |norm: &str, signal: RankSignal, words_of: &Phrases| {
        words_of.any_in(norm) || (signal == RankSignal::Money && large_amount(norm, &w.amounts))
    };
    w.topics
        .iter()
        .filter_map(|(signal, t)| {
            let share = if headlines.iter().any(|h| names(h, *signal, &t.words)) {
                1.0
            } else if names(opening, *signal, &t.words) {
                OPENING_SHARE
            } else {
                return None;
            };
            Some(RankReason {
                signal: *signal,
                points: t.points * share,
                count: 0,
            })
        })
        .collect()
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
    fn the_empty_opening_is_an_empty_text_normalized() {
        assert_eq!(normalize(""), EMPTY_OPENING);
        assert_eq!(opening(""), EMPTY_OPENING);
    }

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
            other_titles: &[],
            trackable_claims: 3,
            other_outlets: 2,
            major_outlets: 0,
        });
        let guide = score(&Signals {
            title: "ChatGPT for marketing teams",
            url: "https://openai.com/academy/marketing/",
            text: "",
            other_titles: &[],
            trackable_claims: 0,
            other_outlets: 0,
            major_outlets: 0,
        });
        assert!(launch.score > guide.score);
        assert_eq!(
            launch.reasons.iter().map(|r| r.points).sum::<f32>(),
            launch.score
        );
        assert_eq!(guide.kind, Some(StoryKind::Guide));
    }

    fn signals<'a>(title: &'a str, text: &'a str, others: &'a [&'a str]) -> Signals<'a> {
        Signals {
            title,
            url: "",
            text,
            other_titles: others,
            trackable_claims: 0,
            other_outlets: 0,
            major_outlets: 0,
        }
    }

    fn topic_points(r: &Rank, signal: RankSignal) -> f32 {
        r.reasons
            .iter()
            .filter(|x| x.signal == signal)
            .map(|x| x.points)
            .sum()
    }

    #[test]
    fn topics_an_editor_weighs_count_in_full_from_a_headline_and_in_part_from_the_text() {
        let breach = score(&signals("Hackers breach Acme's model servers", "", &[]));
        assert_eq!(topic_points(&breach, RankSignal::Security), 2.5);
        let ruling = score(&signals(
            "Acme wins",
            "A federal judge ruled that training was fair use.",
            &[],
        ));
        assert_eq!(topic_points(&ruling, RankSignal::Regulation), 1.25);
        let deal = score(&signals("Acme to invest $2bn in Globex", "", &[]));
        assert_eq!(topic_points(&deal, RankSignal::Money), 2.0);
        assert_eq!(deal.kind, Some(StoryKind::Deal));
        let nobel = score(&signals(
            "Two scientists win Nobel Prize in Physics",
            "",
            &[],
        ));
        assert_eq!(topic_points(&nobel, RankSignal::Landmark), 2.0);
        let ko = score(&signals("개인정보위, 딥시크 조사 착수", "", &[]));
        assert_eq!(topic_points(&ko, RankSignal::Regulation), 2.5);
        // Words inside other words are not topics: Stockholm, fine-tuning.
        let plain = score(&signals(
            "Acme ships an update",
            "Announced in Stockholm, it speeds up fine-tuning.",
            &[],
        ));
        assert!(plain
            .reasons
            .iter()
            .all(|r| !super::super::words::TOPICS.contains(&r.signal)));
    }

    #[test]
    fn a_story_is_what_its_headlines_say_when_its_first_post_says_nothing() {
        let s = score(&signals(
            "Acme pushes authenticity forward",
            "",
            &["Introducing Acme Authenticity, a free app"],
        ));
        assert_eq!(s.kind, Some(StoryKind::Launch));
        let column_first = score(&signals(
            "Opinion: what Acme's deal means",
            "",
            &["Acme signs a partnership with Globex"],
        ));
        assert_eq!(column_first.kind, Some(StoryKind::Deal));
    }

    proptest::proptest! {
        /// Hostile stories never panic, and the score is the sum of its reasons.
        #[test]
        fn hostile_stories_score_as_the_sum_of_their_reasons(
            t in "\\PC{0,120}",
            x in "\\PC{0,500}",
            o in proptest::collection::vec("\\PC{0,60}", 0..4),
        ) {
            let others: Vec<&str> = o.iter().map(String::as_str).collect();
            let r = score(&signals(&t, &x, &others));
            let sum: f32 = r.reasons.iter().map(|x| x.points).sum();
            proptest::prop_assert!((sum - r.score).abs() < 1e-4);
        }
    }
}
