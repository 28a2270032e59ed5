//! Story grouping on a busy day: the indexed grouping the digest uses (`cluster::group`, pairs
//! that share a name or a signature slot) beside the all-pairs grouping it replaced
//! (`all_pairs::group_apart`), on the same synthetic days of 300, 600 and 1,200 posts, in one
//! run. Prints milliseconds per grouping, the ratio, and whether both gave the same stories.
//!
//! `cargo bench -p server --bench stories` (`PROOFWIRE_BENCH_SIZES=300,1200` picks the sizes).

use std::time::Instant;

use proofwire::stories::all_pairs;
use proofwire::stories::cluster::{group, Member};
use proofwire::stories::Fingerprint;

/// xorshift64*: the same days on every run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n as u64) as usize
    }
}

const PRODUCTS: &[&str] = &[
    "Gemini", "Claude", "Llama", "Qwen", "Mistral", "Grok", "Phi", "Gemma", "Veo", "Sora",
    "EXAONE", "Kimi", "DeepSeek", "Nova", "Titan", "Jamba", "Command", "Granite", "Falcon", "Yi",
];
const COMMON: &[&str] = &["ChatGPT", "OpenAI", "Google", "Nvidia", "Microsoft", "Meta"];

/// A day of `n` posts: launches covered by one to six posts each (a vendor's post and its
/// rewrites share a paragraph, a product name with a version and figures), and every post
/// with its own filler text and a few names every AI post mentions.
fn day(n: usize, seed: u64) -> Vec<(i64, Fingerprint)> {
    let mut rng = Rng(seed);
    let vocabulary: Vec<String> = (0..3000)
        .map(|k| {
            let syllables = [
                "ka", "ro", "mi", "te", "su", "lan", "dor", "vek", "pil", "zu",
            ];
            (0..3)
                .map(|s| syllables[(k / 10usize.pow(s)) % 10])
                .collect::<String>()
        })
        .collect();
    let words = |rng: &mut Rng, count: usize| -> String {
        (0..count)
            .map(|_| vocabulary[rng.below(vocabulary.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::with_capacity(n);
    let mut launch = 0;
    while out.len() < n {
        launch += 1;
        let product = format!(
            "{} {}.{}",
            PRODUCTS[rng.below(PRODUCTS.len())],
            1 + rng.below(5),
            rng.below(10)
        );
        let shared = words(&mut rng, 120);
        let figures = format!(
            "{}.{}% and {} tokens",
            50 + rng.below(50),
            rng.below(10),
            1000 * (1 + rng.below(900))
        );
        let coverage = 1 + rng.below(6);
        for c in 0..coverage.min(n - out.len()) {
            let common = COMMON[rng.below(COMMON.len())];
            let title = if c == 0 {
                format!("Introducing {product}")
            } else {
                format!("{product} is here: what {common} rivals should know")
            };
            let text = format!(
                "{product} scores {figures}. {shared}. {} {common} {}",
                words(&mut rng, 150),
                words(&mut rng, 60)
            );
            let published = (launch as i64 * 97 + c as i64 * 600) % 86_400;
            out.push((published, Fingerprint::of(&title, &text)));
        }
    }
    out
}

fn millis(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let started = Instant::now();
    let mut stories = 0;
    for _ in 0..runs {
        stories = f();
    }
    (
        started.elapsed().as_secs_f64() * 1000.0 / runs as f64,
        stories,
    )
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PROOFWIRE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![300, 600, 1200]);
    println!(
        "| posts | stories | indexed ms | all pairs ms | all pairs / indexed | same stories |"
    );
    println!("|---|---|---|---|---|---|");
    for n in sizes {
        let posts_data = day(n, 0x5eed_0026 + n as u64);
        let posts: Vec<Member<'_>> = posts_data
            .iter()
            .map(|(at, fp)| Member {
                published: *at,
                fingerprint: Some(fp),
            })
            .collect();
        let runs = 3;
        let (indexed, stories) = millis(runs, || group(&posts).len());
        let (every, _) = millis(runs, || all_pairs::group_apart(&posts, &[]).len());
        let same = group(&posts) == all_pairs::group_apart(&posts, &[]);
        println!(
            "| {n} | {stories} | {indexed:.1} | {every:.1} | {:.1}x | {} |",
            every / indexed.max(1e-9),
            if same { "yes" } else { "NO" }
        );
    }
}
