//! The fuzz driver behind `scripts/fuzz`: runs each target's property check with fresh random
//! seeds until its time is up, and reports executions and crashes per target. Same generators
//! and checks as `tests/suite/hostile_properties.rs`.
//!
//! `cargo run --release --example fuzz -- [SECONDS_PER_TARGET] [TARGET...]`

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// Runs `check` over `strategy` in batches until `budget` is spent; returns (executions,
/// crashes) and prints each crash's shrunk input.
fn fuzz<S: Strategy>(name: &str, budget: Duration, strategy: S, check: impl Fn(&S::Value))
where
    S::Value: std::fmt::Debug,
{
    let started = Instant::now();
    let (mut runs, mut crashes, mut batch) = (0u64, 0u64, 0u64);
    while started.elapsed() < budget {
        batch += 1;
        let mut runner = TestRunner::new(Config {
            cases: 64,
            rng_seed: RngSeed::Fixed(
                batch.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ started.elapsed().as_nanos() as u64,
            ),
            max_shrink_iters: 512,
            failure_persistence: None,
            ..Config::default()
        });
        let done = std::cell::Cell::new(0u64);
        let result = runner.run(&strategy, |v| {
            done.set(done.get() + 1);
            check(&v);
            Ok(())
        });
        runs += done.get();
        if let Err(e) = result {
            crashes += 1;
            println!("CRASH in {name}: {e}");
        }
    }
    println!(
        "{name:<10} {runs:>9} executions in {:>5.0} s, {crashes} crashes",
        started.elapsed().as_secs_f64()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(600);
    let only: Vec<String> = args.collect();
    let budget = Duration::from_secs(seconds);
    let want = |t: &str| only.is_empty() || only.iter().any(|o| o == t);
    // Crashes are reported by the runner; the default hook would print each one twice.
    std::panic::set_hook(Box::new(|_| {}));
    if want("feeds") {
        fuzz("feeds", budget, hostile::feed(), |b| hostile::check_feed(b));
    }
    if want("listings") {
        fuzz(
            "listings",
            budget,
            (hostile::html(), hostile::text()),
            |(h, t): &(String, String)| hostile::check_listings(h, t),
        );
    }
    if want("opml") {
        fuzz(
            "opml",
            budget,
            (hostile::html(), hostile::text()),
            |(h, t): &(String, String)| hostile::check_opml(h, t),
        );
    }
    if want("pages") {
        fuzz("pages", budget, hostile::html(), |h| hostile::check_page(h));
    }
    if want("claims") {
        fuzz("claims", budget, hostile::text(), |t| {
            hostile::check_claims(t)
        });
    }
    if want("numbers") {
        fuzz("numbers", budget, hostile::text(), |t| {
            hostile::check_numbers(t)
        });
    }
    if want("stories") {
        fuzz(
            "stories",
            budget,
            (hostile::text(), hostile::text()),
            |(title, text)| hostile::check_stories(title, text),
        );
    }
    if want("attribution") {
        fuzz("attribution", budget, hostile::text(), |t| {
            hostile::check_attribution(t)
        });
    }
    if want("translations") {
        fuzz(
            "translations",
            budget,
            (hostile::text(), hostile::text()),
            |(source, translation)| hostile::check_translation(source, translation),
        );
    }
    if want("ranking") {
        fuzz(
            "ranking",
            budget,
            (hostile::text(), hostile::text()),
            |(title, text)| hostile::check_ranking(title, text),
        );
    }
    if want("grounding") {
        fuzz(
            "grounding",
            budget,
            (hostile::text(), hostile::text()),
            |(g, s)| hostile::check_grounding(g, s),
        );
    }
    if want("queries") {
        fuzz(
            "queries",
            budget,
            prop_oneof![hostile::text(), any::<String>()],
            |q| hostile::check_query(q),
        );
    }
}
