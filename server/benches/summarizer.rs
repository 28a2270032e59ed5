//! Summarizer benchmark: model load time, peak memory, and tokens/s of our summarizer end to
//! end next to the bare llama.cpp decode loop measured the way `llama-bench` does it (random
//! tokens, prompt 256, generate 64, several repetitions), through the same library, model and
//! threads, in the same run. Then the bare loop again with one busy process beside it.
//!
//! `cargo bench -p server --bench summarizer` (model: `PROOFWIRE_SUMMARIZER_MODEL` or the default;
//! `PROOFWIRE_BENCH_THREADS=1,2` picks the thread counts).

use std::process::{Child, Command};
use std::time::Duration;

use proofwire::config::SummarizerConfig;
use proofwire::summarize::llama::LocalModel;
use proofwire::summarize::model::ModelSummarizer;
use proofwire::summarize::SummaryInput;

const REPS: usize = 5;
/// Evaluation articles summarized per thread setting.
const ARTICLES: usize = 4;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len().max(1) as f64;
    (m, var.sqrt())
}

/// A busy process (a shell spinning) standing in for a build or another service.
struct Hog(Child);

impl Hog {
    fn start() -> Hog {
        Hog(Command::new("sh")
            .args(["-c", "while :; do :; done"])
            .spawn()
            .expect("start a busy process"))
    }
}

impl Drop for Hog {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn raw(model: &LocalModel, label: &str) -> (f64, f64) {
    let mut pp = Vec::new();
    let mut tg = Vec::new();
    // One warm-up run, not counted.
    let _ = model.raw_run(256, 64, 99).await.expect("warm-up");
    for rep in 0..REPS {
        let r = model
            .raw_run(256, 64, rep as u64 + 1)
            .await
            .expect("raw run");
        pp.push(r.prompt_tokens as f64 / r.prompt_time.as_secs_f64());
        tg.push(r.generated_tokens as f64 / r.generation_time.as_secs_f64());
    }
    let (ppm, pps) = mean_sd(&pp);
    let (tgm, tgs) = mean_sd(&tg);
    println!(
        "{label:<44} pp256 {ppm:>7.1} ± {pps:>4.1} tok/s   tg64 {tgm:>6.1} ± {tgs:>4.1} tok/s"
    );
    (ppm, tgm)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut base = SummarizerConfig::default();
    match std::env::var("PROOFWIRE_SUMMARIZER_MODEL") {
        Ok(p) => {
            base.model = p.into();
            base.model_sha256 = String::new();
        }
        Err(_) => base.model = root.join(proofwire::config::DEFAULT_MODEL_PATH),
    }
    let threads: Vec<usize> = std::env::var("PROOFWIRE_BENCH_THREADS")
        .ok()
        .map(|v| v.split(',').filter_map(|t| t.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2]);
    let set =
        proofwire::eval::load(&root.join("content/eval/articles.toml")).expect("evaluation set");
    println!("model {}", base.model.display());
    for t in threads {
        let mut cfg = base.clone();
        cfg.threads = t;
        cfg.batch_threads = t;
        let model = LocalModel::start(&cfg).expect("model");
        println!(
            "\n== threads {t}: load {:.2} s, peak RSS so far {:.0} MB",
            model.info().load_time.as_secs_f64(),
            peak_rss_mb()
        );
        let (raw_pp, raw_tg) = raw(&model, "bare loop (random tokens), idle").await;

        let summarizer = ModelSummarizer::new(
            proofwire::summarize::backend::Model::Local(model.clone()),
            cfg.max_new_tokens,
            None,
        );
        let mut pt = 0usize;
        let mut gt = 0usize;
        let mut ptime = Duration::ZERO;
        let mut gtime = Duration::ZERO;
        let mut wall = Duration::ZERO;
        for a in set.iter().take(ARTICLES) {
            let started = std::time::Instant::now();
            let c = summarizer
                .summarize(&SummaryInput {
                    title: &a.title,
                    text: &a.text,
                    language: &a.language,
                })
                .await
                .expect("summary");
            wall += started.elapsed();
            pt += c.generation.prompt_tokens;
            gt += c.generation.generated_tokens;
            ptime += c.generation.prompt_time;
            gtime += c.generation.generation_time;
        }
        let pp = pt as f64 / ptime.as_secs_f64();
        let tg = gt as f64 / gtime.as_secs_f64();
        println!(
            "{:<44} pp {pp:>7.1} tok/s ({pt} tok)   tg {tg:>6.1} tok/s ({gt} tok)   {:.1} s/article incl. check",
            "summarizer end to end (4 eval articles)",
            wall.as_secs_f64() / ARTICLES as f64
        );
        println!(
            "summarizer / bare loop: prompt {:.0}%, generation {:.0}%   (target >= 90%)",
            pp / raw_pp * 100.0,
            tg / raw_tg * 100.0
        );
        {
            let _hog = Hog::start();
            raw(&model, "bare loop, one busy process beside it").await;
        }
        {
            let _a = Hog::start();
            let _b = Hog::start();
            raw(&model, "bare loop, two busy processes beside it").await;
        }
        println!("peak RSS {:.0} MB", peak_rss_mb());
    }
}
