//! A briefing as each channel takes it: an email's subject and plain-text body, and the three
//! webhook bodies — our generic JSON, Slack's `{text, blocks}` and Discord's
//! `{content, embeds}` — each kept within the service's documented limits. Text is cut at a
//! character boundary, measured after the escaping the service needs, with an ellipsis.

use serde_json::{json, Value};

use super::content::Briefing;
use app::vocab::WebhookShape;

/// Slack: `text` is cut by Slack past 40,000 characters and should stay under 4,000; a
/// `header` block's text is at most 150, a `section`'s at most 3,000; at most 50 blocks.
pub const SLACK_TEXT: usize = 3_000;
pub const SLACK_HEADER: usize = 150;
pub const SLACK_SECTION: usize = 3_000;
pub const SLACK_BLOCKS: usize = 50;
/// Discord: `content` at most 2,000 characters; at most 10 embeds; an embed's title at most
/// 256, its description 4,096, its footer 2,048; all embeds together at most 6,000.
pub const DISCORD_CONTENT: usize = 2_000;
pub const DISCORD_EMBEDS: usize = 10;
pub const DISCORD_TITLE: usize = 256;
pub const DISCORD_DESCRIPTION: usize = 4_096;
pub const DISCORD_TOTAL: usize = 6_000;

/// `s` cut so that its escaped form (`escape` of each character) fits in `max` characters,
/// an ellipsis included when anything was cut.
pub fn fit(s: &str, max: usize, escape: fn(char) -> Option<&'static str>) -> String {
    let width = |c: char| escape(c).map_or(1, |e| e.chars().count());
    let total: usize = s.chars().map(width).sum();
    let push = |out: &mut String, c: char| match escape(c) {
        Some(e) => out.push_str(e),
        None => out.push(c),
    };
    let mut out = String::new();
    if total <= max {
        s.chars().for_each(|c| push(&mut out, c));
        return out;
    }
    if max == 0 {
        return out;
    }
    let mut used = 0;
    for c in s.chars() {
        let w = width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        push(&mut out, c);
    }
    out.push('…');
    out
}

fn plain(_: char) -> Option<&'static str> {
    None
}

/// Slack's mrkdwn reads `<`, `>` and `&` as markup.
fn slack_escape(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    }
}

/// Discord's markdown: feed text must not become formatting, links or mentions.
fn discord_escape(c: char) -> Option<&'static str> {
    match c {
        '*' => Some("\\*"),
        '_' => Some("\\_"),
        '~' => Some("\\~"),
        '`' => Some("\\`"),
        '|' => Some("\\|"),
        '>' => Some("\\>"),
        '[' => Some("\\["),
        ']' => Some("\\]"),
        '@' => Some("@\u{200b}"),
        '\\' => Some("\\\\"),
        _ => None,
    }
}

fn unsubscribe_line(b: &Briefing) -> String {
    format!(
        "{}: {}",
        b.language.pick("구독 해지", "Unsubscribe"),
        b.unsubscribe_url
    )
}

fn left_out_line(b: &Briefing) -> Option<String> {
    (b.left_out > 0).then(|| match b.language {
        app::i18n::Lang::Ko => format!("그 밖의 소식 {}건은 다이제스트에서: {}", b.left_out, b.url),
        app::i18n::Lang::En => format!("{} more stories in the digest: {}", b.left_out, b.url),
    })
}

pub fn email_subject(b: &Briefing) -> String {
    b.title.clone()
}

/// The email's plain-text body (no HTML: nothing from a feed can become markup).
pub fn email_text(b: &Briefing) -> String {
    let mut out = format!("{}\n{}\n\n", b.title, b.url);
    for (i, s) in b.stories.iter().enumerate() {
        out.push_str(&format!("{}. {}\n   {}\n", i + 1, s.title, s.url));
        if !s.summary.is_empty() {
            out.push_str(&format!("   {}\n", s.summary));
        }
        for c in &s.claims {
            out.push_str(&format!("   - {c}\n"));
        }
        out.push('\n');
    }
    if let Some(line) = left_out_line(b) {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(&unsubscribe_line(b));
    out.push('\n');
    out
}

/// `{day, language, title, url, stories: [{title, url, summary, claims}], unsubscribe_url}`.
pub fn generic(b: &Briefing) -> Value {
    json!({
        "day": b.day,
        "language": b.language.code(),
        "title": b.title,
        "url": b.url,
        "stories": b.stories,
        "left_out": b.left_out,
        "unsubscribe_url": b.unsubscribe_url,
    })
}

/// `{text, blocks}`: a header, a section per story (as many as the block limit leaves room
/// for), and the unsubscribe link in a context block.
pub fn slack(b: &Briefing) -> Value {
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": fit(&b.title, SLACK_HEADER, plain)},
    })];
    // Header, the "more" line and the unsubscribe context take three blocks.
    let room = SLACK_BLOCKS - 3;
    for s in b.stories.iter().take(room) {
        // The link target is ours to check: an address with `|` or `>` would break the markup.
        let link_ok = s.url.chars().count() <= 1_000 && !s.url.contains(['|', '>', '<', ' ']);
        let title = fit(&s.title, 300, slack_escape);
        let head = if link_ok {
            format!("*<{}|{}>*", s.url, title)
        } else {
            format!("*{title}*")
        };
        let mut body = s.summary.clone();
        for c in &s.claims {
            body.push_str("\n• ");
            body.push_str(c);
        }
        let room = SLACK_SECTION.saturating_sub(head.chars().count() + 1);
        blocks.push(json!({
            "type": "section",
            "text": {"type": "mrkdwn", "text": format!("{head}\n{}", fit(&body, room, slack_escape))},
        }));
    }
    let more = b.left_out + b.stories.len().saturating_sub(room);
    if more > 0 {
        let line = match b.language {
            app::i18n::Lang::Ko => format!("그 밖의 소식 {more}건: {}", b.url),
            app::i18n::Lang::En => format!("{more} more stories: {}", b.url),
        };
        blocks.push(json!({
            "type": "section",
            "text": {"type": "mrkdwn", "text": fit(&line, SLACK_SECTION, slack_escape)},
        }));
    }
    blocks.push(json!({
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": fit(&unsubscribe_line(b), SLACK_SECTION, slack_escape)}],
    }));
    let mut text = format!("{}\n{}", b.title, b.url);
    for s in &b.stories {
        text.push_str("\n• ");
        text.push_str(&s.title);
    }
    json!({"text": fit(&text, SLACK_TEXT, slack_escape), "blocks": blocks})
}

/// `{content, embeds}`: the title, link and unsubscribe link as the content; one embed per
/// story, up to ten, within the 6,000 characters all embeds share.
pub fn discord(b: &Briefing) -> Value {
    let mut content = format!("**{}**\n<{}>", fit(&b.title, 500, discord_escape), b.url);
    let shown = b.stories.len().min(DISCORD_EMBEDS);
    let more = b.left_out + b.stories.len() - shown;
    if more > 0 {
        content.push_str(&match b.language {
            app::i18n::Lang::Ko => format!("\n그 밖의 소식 {more}건은 다이제스트에서"),
            app::i18n::Lang::En => format!("\n{more} more stories in the digest"),
        });
    }
    content.push_str(&format!(
        "\n{}: <{}>",
        b.language.pick("구독 해지", "Unsubscribe"),
        b.unsubscribe_url
    ));
    let mut budget = DISCORD_TOTAL;
    let mut embeds = Vec::new();
    for (i, s) in b.stories.iter().take(shown).enumerate() {
        let title = fit(&s.title, DISCORD_TITLE.min(budget), plain);
        budget -= title.chars().count();
        // What is left is shared evenly by this story and the ones after it.
        let share = budget / (shown - i);
        let mut body = s.summary.clone();
        for c in &s.claims {
            body.push_str("\n• ");
            body.push_str(c);
        }
        let description = fit(&body, DISCORD_DESCRIPTION.min(share), discord_escape);
        budget -= description.chars().count();
        let mut embed = json!({"title": title, "description": description});
        if url::Url::parse(&s.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
            embed["url"] = json!(s.url);
        }
        embeds.push(embed);
    }
    json!({
        "content": fit(&content, DISCORD_CONTENT, plain),
        "embeds": embeds,
        "allowed_mentions": {"parse": []},
    })
}

/// The webhook body of `shape`.
pub fn webhook_body(b: &Briefing, shape: WebhookShape) -> Value {
    match shape {
        WebhookShape::Generic => generic(b),
        WebhookShape::Slack => slack(b),
        WebhookShape::Discord => discord(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::content::Story;
    use app::i18n::Lang;
    use proptest::prelude::*;

    fn briefing(titles: Vec<String>, summaries: Vec<String>) -> Briefing {
        Briefing {
            day: "2026-03-02".into(),
            language: Lang::En,
            title: "AI news — March 2, 2026".into(),
            url: "https://news.example/digest/2026-03-02".into(),
            stories: titles
                .into_iter()
                .zip(summaries)
                .enumerate()
                .map(|(i, (title, summary))| Story {
                    title,
                    url: format!("https://example.com/{i}"),
                    claims: vec![format!("Unverified: “{summary}”")],
                    summary,
                })
                .collect(),
            left_out: 2,
            unsubscribe_url: "https://news.example/briefing/unsubscribe/abc".into(),
        }
    }

    fn chars(v: &Value) -> usize {
        v.as_str().map_or(0, |s| s.chars().count())
    }

    #[test]
    fn fit_cuts_at_a_character_and_counts_escapes() {
        assert_eq!(fit("abc", 3, plain), "abc");
        assert_eq!(fit("abcd", 3, plain), "ab…");
        assert_eq!(fit("한국어입니다", 4, plain), "한국어…");
        assert_eq!(fit("a<b", 5, slack_escape), "a…");
        assert_eq!(fit("a<b", 6, slack_escape), "a&lt;b");
        assert_eq!(fit("x", 0, plain), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn every_shape_stays_within_its_limits(
            titles in proptest::collection::vec("\\PC{0,400}", 0..60),
            summary in "[\\PC<>&*_@|\\[\\]]{0,6000}",
        ) {
            let summaries = vec![summary; titles.len()];
            let b = briefing(titles, summaries);
            let s = slack(&b);
            prop_assert!(chars(&s["text"]) <= SLACK_TEXT);
            let blocks = s["blocks"].as_array().expect("blocks");
            prop_assert!(blocks.len() <= SLACK_BLOCKS);
            prop_assert!(chars(&blocks[0]["text"]["text"]) <= SLACK_HEADER);
            for block in &blocks[1..] {
                if block["type"] == "section" {
                    prop_assert!(chars(&block["text"]["text"]) <= SLACK_SECTION);
                }
            }
            let d = discord(&b);
            prop_assert!(chars(&d["content"]) <= DISCORD_CONTENT);
            let embeds = d["embeds"].as_array().expect("embeds");
            prop_assert!(embeds.len() <= DISCORD_EMBEDS);
            let mut total = 0;
            for e in embeds {
                prop_assert!(chars(&e["title"]) <= DISCORD_TITLE);
                prop_assert!(chars(&e["description"]) <= DISCORD_DESCRIPTION);
                total += chars(&e["title"]) + chars(&e["description"]);
            }
            prop_assert!(total <= DISCORD_TOTAL);
            let g = generic(&b);
            prop_assert_eq!(g["stories"].as_array().map(Vec::len), Some(b.stories.len()));
            prop_assert!(email_text(&b).contains(&b.unsubscribe_url));
        }
    }
}
