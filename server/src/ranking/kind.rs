//! What kind of post a story's lead post is, from its title, its address and the start of its
//! text: the words vendors use for launches, papers, deals, recaps, customer stories and
//! how-to guides. Title first, then the address, then the text: the title is where a post says
//! what it is, the text mentions everything.

use app::vocab::StoryKind;

/// Kinds in the order they are tried: a guide that mentions a launch is still a guide, a
/// customer story that mentions a partnership is still a customer story.
const ORDER: [StoryKind; 7] = [
    StoryKind::Guide,
    StoryKind::Customer,
    StoryKind::Event,
    StoryKind::Deal,
    StoryKind::Policy,
    StoryKind::Research,
    StoryKind::Launch,
];

/// Phrases of a title (lowercased, matched at word starts).
fn title_words(kind: StoryKind) -> &'static [&'static str] {
    match kind {
        StoryKind::Guide => &[
            "tips",
            "ways to",
            "guide",
            "getting started",
            "get started",
            "best practices",
            "tutorial",
            "prompting",
            "101",
            "활용법",
            "사용법",
            "가이드",
            "꿀팁",
            "따라하기",
        ],
        StoryKind::Customer => &[
            "case study",
            "customer story",
            "uses chatgpt",
            "도입 사례",
            "고객 사례",
        ],
        StoryKind::Event => &[
            "recap",
            "book of news",
            "things we announced",
            "everything we announced",
            "highlights",
            "keynote",
            "행사",
            "총정리",
            "현장",
        ],
        StoryKind::Deal => &[
            "partnership",
            "partners with",
            "acquire",
            "acquisition",
            "invests",
            "investment",
            "funding",
            "raises",
            "join",
            "joins",
            "제휴",
            "투자",
            "인수",
            "협약",
            "파트너십",
        ],
        StoryKind::Policy => &[
            "policy",
            "safety",
            "risk",
            "regulation",
            "government",
            "preparedness",
            "responsible",
            "system card",
            "정책",
            "안전",
            "규제",
        ],
        StoryKind::Research => &[
            "paper",
            "research",
            "study",
            "findings",
            "we found",
            "논문",
            "연구 결과",
        ],
        StoryKind::Launch => &[
            "introducing",
            "announcing",
            "launch",
            "release",
            "now available",
            "available today",
            "rolling out",
            "meet ",
            "unveil",
            "debut",
            "is here",
            "new ",
            "brings",
            "출시",
            "공개",
            "발표",
            "선보",
            "내놨",
        ],
        StoryKind::News => &[],
    }
}

/// Path segments of an address that name a kind (`/academy/…`, `/customer-stories/…`).
fn path_words(kind: StoryKind) -> &'static [&'static str] {
    match kind {
        StoryKind::Guide => &[
            "academy",
            "guide",
            "guides",
            "tips",
            "learn",
            "tutorial",
            "tutorials",
            "how-to",
            "help",
        ],
        StoryKind::Customer => &[
            "customer-stories",
            "customers",
            "case-studies",
            "case-study",
        ],
        StoryKind::Event => &["events", "event", "recap"],
        StoryKind::Research => &["research", "papers", "publications"],
        StoryKind::Policy => &["policy", "safety", "global-affairs"],
        _ => &[],
    }
}

/// Phrases of the text's opening that give a kind away when title and address do not.
fn text_words(kind: StoryKind) -> &'static [&'static str] {
    match kind {
        StoryKind::Customer => &[
            "shares how",
            "describes how",
            "explains how",
            "rolled out chatgpt",
        ],
        StoryKind::Research => &[
            "we publish the paper",
            "in a new paper",
            "our paper",
            "we studied",
            "논문",
        ],
        StoryKind::Launch => &[
            "today we",
            "starting today",
            "available today",
            "we are releasing",
            "we're releasing",
            "has released",
            "is available",
            "released",
            "added",
            "adds",
            "newest",
            "you can now",
            "now you can",
            "오늘",
            "출시",
            "공개",
        ],
        _ => &[],
    }
}

/// How much of a post's text is read for its kind: its opening, where posts say what they are.
const OPENING_CHARS: usize = 400;

/// Guide phrases that only mean a guide at the start of a title ("Using projects in ChatGPT",
/// not "… Diagnose Why Agents Fail Using IT-Bench").
const GUIDE_OPENINGS: [&str; 3] = ["using ", "how to ", "how-to "];

pub fn classify(title: &str, url: &str, text: &str) -> StoryKind {
    let lower = title.trim_start().to_lowercase();
    if GUIDE_OPENINGS.iter().any(|w| lower.starts_with(w)) {
        return StoryKind::Guide;
    }
    let title = format!(" {lower} ");
    let path = path_of(url);
    let opening: String = text
        .chars()
        .take(OPENING_CHARS)
        .collect::<String>()
        .to_lowercase();
    if let Some(k) = ORDER
        .into_iter()
        .find(|k| title_words(*k).iter().any(|w| at_word_start(&title, w)))
    {
        return k;
    }
    if let Some(k) = ORDER.into_iter().find(|k| {
        path.iter()
            .any(|seg| path_words(*k).contains(&seg.as_str()))
    }) {
        return k;
    }
    ORDER
        .into_iter()
        .find(|k| text_words(*k).iter().any(|w| opening.contains(w)))
        .unwrap_or(StoryKind::News)
}

/// Whether `phrase` occurs in `hay` starting at a word (not inside one: "release" in
/// "prerelease" is not a release). Hangul phrases match anywhere: particles attach to words.
fn at_word_start(hay: &str, phrase: &str) -> bool {
    let hangul = phrase
        .chars()
        .next()
        .is_some_and(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    hay.match_indices(phrase).any(|(i, _)| {
        hangul
            || hay[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn path_of(url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_real_titles() {
        let k = |t: &str, u: &str| classify(t, u, "");
        assert_eq!(
            k(
                "ChatGPT for marketing teams",
                "https://openai.com/academy/marketing/"
            ),
            StoryKind::Guide
        );
        assert_eq!(
            k(
                "5 ways to get started with Gemini 3",
                "https://blog.google/x"
            ),
            StoryKind::Guide
        );
        assert_eq!(
            k(
                "Introducing Claude 4",
                "https://www.anthropic.com/news/claude-4"
            ),
            StoryKind::Launch
        );
        assert_eq!(
            k(
                "Microsoft, NVIDIA and Anthropic announce strategic partnerships",
                ""
            ),
            StoryKind::Deal
        );
        assert_eq!(
            k("100 things we announced at I/O 2025", ""),
            StoryKind::Event
        );
        assert_eq!(
            k("LG AI연구원, 하이브리드 AI '엑사원 4.0' 공개", ""),
            StoryKind::Launch
        );
        assert_eq!(k("A prerelease note", ""), StoryKind::News);
        assert_eq!(k("Using projects in ChatGPT", ""), StoryKind::Guide);
        assert_eq!(
            k(
                "IBM and UC Berkeley Diagnose Why Enterprise Agents Fail Using IT-Bench and MAST",
                ""
            ),
            StoryKind::News
        );
        // 연구원 (an institute's name) is not a research result.
        assert_eq!(k("LG AI연구원, 엑사원 4.0 공개", ""), StoryKind::Launch);
        assert_eq!(
            classify(
                "Voxtral",
                "https://mistral.ai/news/voxtral",
                "Today we release Voxtral."
            ),
            StoryKind::Launch
        );
    }
}
