//! Nothing from outside panics: feed parsing, listing pages, sitemaps, JSON lists and OPML, page
//! extraction and sanitizing, claim
//! extraction, number parsing, grounding and the search query parser, over hostile text
//! (case-changing and combining characters, Korean, joiners), deep nesting and huge
//! attributes. A short fixed-seed run; `scripts/fuzz` runs the same targets for minutes each.

#[path = "../common/hostile.rs"]
mod hostile;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(20261128),
        max_shrink_iters: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn feeds(bytes in hostile::feed()) {
        hostile::check_feed(&bytes);
    }

    #[test]
    fn pages(html in hostile::html()) {
        hostile::check_page(&html);
    }

    #[test]
    fn listings(html in hostile::html(), text in hostile::text()) {
        hostile::check_listings(&html, &text);
    }

    #[test]
    fn opml(html in hostile::html(), text in hostile::text()) {
        hostile::check_opml(&html, &text);
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn claims(t in hostile::text()) {
        hostile::check_claims(&t);
    }

    #[test]
    fn numbers(t in hostile::text()) {
        hostile::check_numbers(&t);
    }

    #[test]
    fn stories(title in hostile::text(), text in hostile::text()) {
        hostile::check_stories(&title, &text);
    }

    #[test]
    fn attribution(path in prop_oneof![hostile::text(), "[a-zA-Z0-9_./%?#-]{0,80}"]) {
        hostile::check_attribution(&path);
    }

    #[test]
    fn translations(source in hostile::text(), translation in hostile::text()) {
        hostile::check_translation(&source, &translation);
    }

    #[test]
    fn ranking(title in hostile::text(), text in hostile::text()) {
        hostile::check_ranking(&title, &text);
    }

    #[test]
    fn grounding(generated in hostile::text(), source in hostile::text()) {
        hostile::check_grounding(&generated, &source);
    }

    #[test]
    fn queries(q in prop_oneof![hostile::text(), any::<String>(), "[\"():\\-+|*~ a-z가-힣]{0,64}"]) {
        hostile::check_query(&q);
    }
}
