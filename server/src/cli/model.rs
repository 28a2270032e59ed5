//! The commands that run the model: `summarize`, `model check`, `translate` and
//! `claims refine`.

use std::sync::Arc;

use crate::config::Config;
use crate::dates::parse_date;
use crate::run::worker::model_summarizer;
use crate::run::{index, open_store};
use crate::summarize::backend::Model;
use crate::summarize::llama::Prompt;
use crate::summarize::model::ModelSummarizer;
use crate::summarize::pipeline::{Pipeline, PipelineError, Selection};

use super::{progress_bar, Error};

/// `proofwire summarize`: runs the model over pending (or forced) articles with a progress bar.
pub async fn summarize(
    config: &Config,
    since: Option<&str>,
    article: Option<i64>,
    force: bool,
) -> Result<crate::summarize::pipeline::Stats, Error> {
    if !config.summarizer.enabled {
        return Err(Error::ModelDisabled);
    }
    let since = match since {
        Some(s) => {
            let d = parse_date(s)
                .ok_or_else(|| Error::Usage(format!("--since {s:?} is not a date (YYYY-MM-DD)")))?;
            Some(crate::dates::day_bounds(d, config.tz()?).0)
        }
        None => None,
    };
    let store = open_store(config).await?;
    let summarizer = model_summarizer(config, Model::start(&config.summarizer).await?);
    let pipeline = Pipeline::new(store.clone(), summarizer, config.tz()?, &config.language);
    let sel = Selection {
        since,
        article,
        force,
    };
    let bar = progress_bar(0, "summarize [{bar:30}] {pos}/{len} {msg}");
    let started = std::time::Instant::now();
    let stats = pipeline
        .run(&sel, |s| {
            bar.set_length(s.total as u64);
            bar.set_position(s.done as u64);
            bar.set_message(format!("{:.1} tok/s", s.generation_tps()));
        })
        .await?;
    bar.finish_and_clear();
    let mut stats = stats;
    for day in stats.days.clone() {
        let translated = crate::translating::translate_day(
            &store,
            pipeline.summarizer().model(),
            pipeline.tz(),
            pipeline.digest_language(),
            day,
        )
        .await;
        match translated {
            Ok(n) => stats.translated += n,
            Err(PipelineError::Model(e)) => {
                tracing::warn!(date = %day, error = %e, "translation into the digest language failed")
            }
            Err(e) => return Err(e.into()),
        }
    }
    println!(
        "summarized {} of {} article(s) in {:.1} s: {} shown, {} kept the extractive summary, {} failed; sentences kept {} / dropped {}; prompt {:.0} tok/s, generation {:.1} tok/s; {} lead paragraph(s)",
        stats.done,
        stats.total,
        started.elapsed().as_secs_f64(),
        stats.summarized,
        stats.fallbacks,
        stats.failed,
        stats.kept_sentences,
        stats.dropped_sentences,
        stats.prompt_tps(),
        stats.generation_tps(),
        stats.leads
    );
    index::catch_up_opened(config, &store).await?;
    Ok(stats)
}

/// `proofwire model check`: the model's path, checksum, template and a one-line generation.
pub async fn model_check(config: &Config) -> Result<(), Error> {
    let model = Model::start(&config.summarizer).await?;
    match &model {
        Model::Local(m) => {
            let info = m.info();
            println!("backend:   local (llama.cpp in this process)");
            println!("model:     {}", info.path.display());
            println!(
                "sha256:    {}{}",
                info.sha256,
                if config.summarizer.model_sha256.is_empty() {
                    " (not checked: no expected value configured)"
                } else {
                    " (matches the configured value)"
                }
            );
            println!("size:      {} bytes", info.bytes);
            println!("template:  {}", info.template);
            println!("model:     {}", info.description);
            println!("load time: {:.2} s", info.load_time.as_secs_f64());
            let compiled = crate::summarize::cpu::compiled();
            let unused: Vec<&str> = crate::summarize::cpu::advertised()
                .into_iter()
                .filter(|f| !compiled.iter().any(|c| c == f))
                .collect();
            println!("cpu:       llama.cpp built for {}", compiled.join(" "));
            println!(
                "           this CPU also has {}",
                if unused.is_empty() {
                    "nothing more it could use".to_string()
                } else {
                    unused.join(" ")
                }
            );
        }
        Model::Remote(m) => {
            println!("backend:   openai (model server)");
            println!("server:    {}", m.base_url());
            println!("model:     {} (listed by the server)", m.model_id());
            println!("cache key: {}", m.key());
            println!("schemas:   {:?}", m.dialect());
        }
    }
    let g = model
        .generate(Prompt {
            system: "Answer in one short sentence.".into(),
            before: String::new(),
            document: "What does a daily AI news digest do?".into(),
            after: String::new(),
            max_new_tokens: 40,
            grammar: None,
            schema: None,
        })
        .await?;
    println!("test:      {}", g.text.lines().next().unwrap_or(""));
    match &model {
        Model::Local(_) => println!(
            "speed:     prompt {} tok at {:.0} tok/s, generation {} tok at {:.1} tok/s (threads {}, batch threads {})",
            g.prompt_tokens,
            g.prompt_tps(),
            g.generated_tokens,
            g.generation_tps(),
            config.summarizer.threads,
            config.summarizer.batch_threads
        ),
        Model::Remote(_) => println!(
            "speed:     prompt {} tok, generation {} tok in {:.2} s end to end ({:.1} tok/s generated)",
            g.prompt_tokens,
            g.generated_tokens,
            g.generation_time.as_secs_f64(),
            g.generation_tps()
        ),
    }
    Ok(())
}

/// Translates into the digest language the posts of `date` (or of every day) written in
/// another language, with the configured model.
pub async fn translate(config: &Config, date: Option<&str>) -> Result<(), Error> {
    let store = open_store(config).await?;
    let tz = config.tz()?;
    let days: Vec<chrono::NaiveDate> = match date {
        Some(d) => vec![crate::dates::parse_date(d)
            .ok_or_else(|| Error::Usage(format!("{d:?} is not a date (expected YYYY-MM-DD)")))?],
        None => store
            .all_published()
            .await?
            .into_iter()
            .map(|t| crate::dates::local_date(t, tz))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            // The latest day first: it is the one being read.
            .rev()
            .collect(),
    };
    let model = Model::start(&config.summarizer).await?;
    let summarizer = Arc::new(ModelSummarizer::new(
        model,
        config.summarizer.max_new_tokens,
        None,
    ));
    let pipeline = Pipeline::new(store.clone(), summarizer, tz, config.lang()?.code());
    let mut total = 0;
    for day in days {
        let n = crate::translating::translate_day(
            &store,
            pipeline.summarizer().model(),
            tz,
            pipeline.digest_language(),
            day,
        )
        .await?;
        if n > 0 {
            tracing::info!(date = %day, sentences = n, "translated into the digest language");
        }
        total += n;
    }
    println!("{total} sentences translated");
    Ok(())
}

/// `proofwire claims refine`: the local model structures the fields of claims it has not read.
pub async fn claims_refine(config: &Config) -> Result<crate::claims::refine::RefineStats, Error> {
    if !config.summarizer.enabled {
        return Err(Error::ModelDisabled);
    }
    let store = open_store(config).await?;
    let model = Model::start(&config.summarizer).await?;
    let started = std::time::Instant::now();
    let stats = crate::claims::refine::run(&store, &model)
        .await
        .map_err(|e| match e {
            crate::claims::refine::RefineError::Db(e) => Error::Store(e),
            crate::claims::refine::RefineError::Model(e) => Error::Model(e),
        })?;
    println!(
        "read {} claim(s) in {:.1} s: {} answers passed the check ({} claims completed), {} refused (rule fields kept)",
        stats.read,
        started.elapsed().as_secs_f64(),
        stats.accepted,
        stats.completed,
        stats.rejected
    );
    Ok(stats)
}
