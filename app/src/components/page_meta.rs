//! What a page says about itself to search engines and link previews: its title, a description
//! (the day's lead, the article's summary, the claim's sentence, in the page's language), and
//! the Open Graph and Twitter card tags that chat apps and social sites read.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::Lang;

/// Longest description kept; search engines show about this much.
const DESCRIPTION_CHARS: usize = 200;

#[component]
pub fn PageMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let description = shorten(&description, DESCRIPTION_CHARS);
    let description = if description.is_empty() {
        lang.pick(
            "AI 기업의 발표와 그 주장을 출처 문장과 함께 매일 정리하고 검증합니다.",
            "A daily digest of AI announcements, each claim traced to the sentence that made it and checked.",
        )
        .to_string()
    } else {
        description
    };
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:site_name" content="Proofwire"/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:locale" content=lang.pick("ko_KR", "en_US")/>
        <Meta name="twitter:card" content="summary"/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=description/>
    }
}

/// Whitespace folded to single spaces and cut to at most `max` characters at a word boundary,
/// with an ellipsis when cut. Counts characters, never bytes, so any text is safe to pass.
pub fn shorten(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let kept: String = folded.chars().take(max.saturating_sub(1)).collect();
    let cut = match kept.rfind(' ') {
        // Only back up to a space when that keeps most of the text (Korean and Chinese
        // sentences may have few spaces).
        Some(i) if kept[..i].chars().count() * 4 >= max * 3 => &kept[..i],
        _ => kept.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::shorten;
    use proptest::prelude::*;

    #[test]
    fn cuts_at_a_word_and_marks_the_cut() {
        assert_eq!(shorten("  a   short\ntext ", 200), "a short text");
        let long = "word ".repeat(100);
        let s = shorten(&long, 50);
        assert!(s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= 50, "{s}");
        assert!(!s.contains("wor…"), "{s}");
    }

    proptest! {
        #[test]
        fn never_longer_than_asked_and_never_panics(text in any::<String>(), long in "\\PC{150,400}", max in 1usize..300) {
            for t in [&text, &long] {
                let s = shorten(t, max);
                prop_assert!(s.chars().count() <= max, "{} > {}", s.chars().count(), max);
            }
        }
    }
}
