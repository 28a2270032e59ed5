//! What kind of post a story's lead post is, from its title, its address and the start of its
//! text: the words vendors and outlets use for launches, papers, deals, recaps, customer
//! stories, how-to guides and columns. Title first, then the address, then the text: the title
//! is where a post says what it is, the text mentions everything — except a columnist's first
//! person ("let me walk you through"), which gives a column away wherever it is about.

use app::vocab::StoryKind;

use super::words::{normalize, words};

/// Kinds in the order they are tried: a guide that mentions a launch is still a guide, a
/// customer story that mentions a partnership is still a customer story, a column about a
/// launch is still a column.
const ORDER: [StoryKind; 8] = [
    StoryKind::Guide,
    StoryKind::Commentary,
    StoryKind::Customer,
    StoryKind::Event,
    StoryKind::Deal,
    StoryKind::Policy,
    StoryKind::Research,
    StoryKind::Launch,
];

/// How much of a post's text is read for its kind: its opening, where posts say what they are.
pub const OPENING_CHARS: usize = 400;

/// The kind of a post, from its title, address and the opening of its text (the words are in
/// `content/ranking.toml`).
pub fn classify(title: &str, url: &str, text: &str) -> StoryKind {
    classify_normalized(&normalize(title), url, &opening(text))
}

/// The opening of a text that `classify` reads, `normalize`d.
pub fn opening(text: &str) -> String {
    normalize(&text.chars().take(OPENING_CHARS).collect::<String>())
}

/// `classify` of a title and an opening already `normalize`d (the ranking reads them twice).
pub fn classify_normalized(title: &str, url: &str, opening: &str) -> StoryKind {
    let w = words();
    if let Some(k) = ORDER.into_iter().find(|k| {
        let kw = w.kind(*k);
        kw.title_openings.iter().any(|o| {
            title
                .strip_prefix(' ')
                .is_some_and(|t| t.starts_with(o.as_str()))
        }) || kw.voice.any_in(opening)
    }) {
        return k;
    }
    if let Some(k) = ORDER.into_iter().find(|k| w.kind(*k).title.any_in(title)) {
        return k;
    }
    let path = path_of(url);
    if let Some(k) = ORDER.into_iter().find(|k| {
        path.iter()
            .any(|seg| w.kind(*k).path.iter().any(|p| p == seg))
    }) {
        return k;
    }
    ORDER
        .into_iter()
        .find(|k| w.kind(*k).text.any_in(opening))
        .unwrap_or(StoryKind::News)
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

    #[test]
    fn columns_newsletters_and_explainers_are_commentary() {
        let k = |t: &str, u: &str, x: &str| classify(t, u, x);
        assert_eq!(
            k(
                "Acme's model and the road ahead",
                "https://www.example.com/p/acme-road-ahead",
                ""
            ),
            StoryKind::Commentary
        );
        assert_eq!(
            k(
                "Acme launches its agent platform",
                "https://blog.example.com/acme",
                "I've been tracking agents for years. Let me walk you through what it means."
            ),
            StoryKind::Commentary
        );
        assert_eq!(k("Opinion: the AI bubble", "", ""), StoryKind::Commentary);
        assert_eq!(
            k("AI 기본법 시행, 무엇이 달라지나 [칼럼]", "", ""),
            StoryKind::Commentary
        );
        assert_eq!(
            k("Event keynote: How I built agents with the SDK", "", ""),
            StoryKind::Guide
        );
        // A count of weekly users is news, not a weekly newsletter.
        assert_eq!(
            k("App surges to 800 million weekly users", "", ""),
            StoryKind::News
        );
    }

    proptest::proptest! {
        /// Hostile titles, addresses and texts never panic and always get a kind.
        #[test]
        fn hostile_posts_get_a_kind(t in "\\PC{0,120}", u in "\\PC{0,80}", x in "\\PC{0,600}") {
            let _ = classify(&t, &u, &x);
        }
    }
}
