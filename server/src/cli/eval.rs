//! The measuring commands: `eval-claims`, `eval-results`, `eval-stories`,
//! `eval-translations`, `eval-meaning` and `eval-ranking`, each on its labelled set.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::summarize::backend::Model;

use super::Error;

/// `proofwire eval-claims`: the extraction scores on the labelled set, as Markdown tables: the
/// rules alone, and with `model` the rules with the local model choosing each claim's kind,
/// subject and metric among the rules' spans (`claims::choose`). `splits` limits the run to
/// those splits (the model reads one claim at a time: the whole set takes long).
pub async fn eval_claims(
    config: &Config,
    set: &Path,
    show: bool,
    dev: bool,
    model: bool,
    answers: Option<&Path>,
    splits: &[String],
) -> Result<(), Error> {
    use crate::claims::evaluate;
    let mut items = evaluate::load(set).map_err(Error::Usage)?;
    if !splits.is_empty() {
        items.retain(|i| splits.iter().any(|s| s == i.split.key()));
    }
    let report = evaluate::Report::run(&items);
    if show {
        print!("{}", evaluate::failures(&report, dev));
        println!();
    }
    println!("rules alone:\n");
    print!("{}", evaluate::table(&report));
    if model {
        if !config.summarizer.enabled {
            return Err(Error::ModelDisabled);
        }
        use crate::claims::choose;
        let llm = Model::start(&config.summarizer).await?;
        let method = choose::method(&llm);
        let mut kept = match answers {
            Some(path) => Some(
                crate::claims::answers::Answers::open(path)
                    .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?,
            ),
            None => None,
        };
        let mut predictions: Vec<_> = items.iter().map(evaluate::predict).collect();
        let mut total = choose::ChooseStats::default();
        let mut asked = 0usize;
        let claims: usize = predictions.iter().map(Vec::len).sum();
        for (item, p) in items.iter().zip(predictions.iter_mut()) {
            let context = item.ctx.as_deref();
            for c in p.iter_mut() {
                let o = choose::Options::of(&c.sentence, context);
                let prompt = choose::prompt(c, context, &o);
                let key = crate::claims::answers::key(&method, &prompt);
                let answer = match kept.as_ref().and_then(|k| k.get(&key)) {
                    Some(a) => a.to_string(),
                    None => {
                        let started = std::time::Instant::now();
                        let text = llm.generate(prompt).await?.text;
                        total.time += started.elapsed();
                        asked += 1;
                        if let Some(k) = kept.as_mut() {
                            k.put(key, text.clone())
                                .map_err(|e| Error::Usage(format!("answers file: {e}")))?;
                        }
                        text
                    }
                };
                choose::apply(c, &o, &answer, &mut total);
                eprint!("\r{} of {claims} claims read", total.read);
            }
        }
        eprintln!();
        let chosen = evaluate::Report::from_predictions(&items, predictions);
        let per = total.time.as_secs_f64() / asked.max(1) as f64;
        println!(
            "\nrules + model choosing ({method}): {} claims read, {asked} asked in {:.0} s ({per:.2} s a claim; the rest from the answers file), {} answers passed the check ({} changed a claim), {} refused\n",
            total.read,
            total.time.as_secs_f64(),
            total.accepted,
            total.changed,
            total.refused
        );
        if show {
            print!("{}", evaluate::failures(&chosen, dev));
            println!();
        }
        print!("{}", evaluate::table(&chosen));
    }
    Ok(())
}

/// `proofwire search-common-terms`: the common stems of the English text of `files`, one a
/// line after a header naming the files.
pub fn search_common_terms(count: usize, files: &[PathBuf]) -> Result<(), Error> {
    let mut texts = Vec::new();
    for path in files {
        let body = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        for (n, line) in body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Error::Usage(format!("{} line {}: {e}", path.display(), n + 1)))?;
            if v.get("lang")
                .and_then(|l| l.as_str())
                .is_some_and(|l| l != "en")
            {
                continue;
            }
            for key in ["title", "text"] {
                if let Some(t) = v.get(key).and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
    }
    let terms = crate::search::common_terms(texts.iter().map(String::as_str), count);
    println!("# The search index's common stems: pairs of these are indexed whole (server/src/search/windows.rs).");
    println!("# Derived by scripts/search-common-terms.sh: the {count} most frequent stems of the English");
    println!(
        "# text of {} ({} texts). A change here changes the index: bump its SCHEMA_VERSION.",
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        texts.len()
    );
    for t in terms {
        println!("{t}");
    }
    Ok(())
}

/// `proofwire eval-results`: the claim–result matcher on the labelled pairs of
/// `DIR/results-pairs*.jsonl`.
pub fn eval_results(dir: &Path, show: bool) -> Result<(), Error> {
    use crate::results::evaluate;
    let files = evaluate::files(dir).map_err(Error::Usage)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no results-pairs*.jsonl in {} (format: content/eval/results-pairs.md)",
            dir.display()
        )));
    }
    let pairs = evaluate::load(&files).map_err(Error::Usage)?;
    if show {
        for p in evaluate::failures(&pairs) {
            println!("{}", p.describe());
        }
        println!();
    }
    print!("{}", evaluate::report(&pairs));
    Ok(())
}

/// Prints precision and recall of the story merges on the labelled set.
pub fn eval_stories(set: &Path, show: bool, all: bool) -> Result<(), Error> {
    use crate::stories::evaluate;
    let items = evaluate::load(set).map_err(Error::Usage)?;
    let report = evaluate::Report::run(&items);
    if show {
        print!("{}", evaluate::mistakes(&report, all));
        println!();
    }
    print!("{}", evaluate::table(&report));
    Ok(())
}

/// What `eval-translations` measures: the sets, the split, how many of each group, where the
/// answers are kept, whether tuning sentences are printed.
pub struct TranslationEval<'a> {
    pub sets: &'a [PathBuf],
    /// "tuning", "held-out" or "all".
    pub split: &'a str,
    pub limit: Option<usize>,
    pub answers: Option<&'a Path>,
    /// Only the sentences with a kept answer (no model call).
    pub kept_only: bool,
    pub show: bool,
}

pub async fn eval_translations(
    config: &Config,
    choice: &TranslationEval<'_>,
    models: &[PathBuf],
    backends: &[String],
) -> Result<(), Error> {
    use crate::translate::evaluate;
    let items = evaluate::load_all(choice.sets).map_err(Error::Usage)?;
    let mut chosen: Vec<&evaluate::Item> = Vec::new();
    for held_out in [false, true] {
        let wanted = match choice.split {
            "tuning" => !held_out,
            "held-out" => held_out,
            _ => true,
        };
        if !wanted {
            continue;
        }
        for direction in [("en", "ko"), ("ko", "en")] {
            chosen.extend(
                items
                    .iter()
                    .filter(|i| {
                        i.held_out == held_out && (i.from.as_str(), i.to.as_str()) == direction
                    })
                    .take(choice.limit.unwrap_or(usize::MAX)),
            );
        }
    }
    let answers = match choice.answers {
        Some(path) => evaluate::load_answers(path).map_err(Error::Usage)?,
        None => Vec::new(),
    };
    let mut runs = Vec::new();
    for (name, cfg) in crate::eval::candidates(config, models, backends) {
        let model = Model::start(&cfg).await?;
        eprintln!(
            "{name}: ready ({}); {} sentences",
            model.describe(),
            chosen.len()
        );
        let run =
            evaluate::run(&model, &chosen, &answers, choice.answers, choice.kept_only).await?;
        if choice.show {
            print!("{}", evaluate::details(&run));
        }
        runs.push(run);
    }
    print!("{}", evaluate::table(&runs));
    Ok(())
}

/// Prints how many wrong translations the checks catch and right ones they refuse.
pub fn eval_meaning(set: &Path, references: &Path, show: bool) -> Result<(), Error> {
    use crate::translate::{evaluate, meaning_eval};
    let labelled = meaning_eval::load(set).map_err(Error::Usage)?;
    let sentences = evaluate::load(references).map_err(Error::Usage)?;
    let references = meaning_eval::references(&sentences);
    if show {
        print!("{}", meaning_eval::mistakes(&labelled, &references));
    }
    print!("{}", meaning_eval::table(&labelled, &references));
    Ok(())
}

/// Both ranking sets: the vendor-launch days (per day) and the outlet news days (per day for
/// the tuned-on ones with `--show`, the held-out ones as sums only, whatever the flags).
pub fn eval_ranking(
    days: &Path,
    posts: &[PathBuf],
    news_days: &Path,
    show: bool,
    all: bool,
) -> Result<(), Error> {
    use crate::ranking::{evaluate, news_days as news};
    let paths: Vec<&Path> = posts.iter().map(PathBuf::as_path).collect();
    let set = evaluate::load(days, &paths).map_err(Error::Usage)?;
    let report = evaluate::Report::run(&set);
    let news_set = news::load(news_days).map_err(Error::Usage)?;
    let news_report = news::Report::run(&news_set);
    if show {
        print!("{}", evaluate::details(&report, all));
        println!();
        print!("{}", news::details(&news_report));
        println!();
    }
    println!("Vendor launch days ({})", days.display());
    print!("{}", evaluate::table(&report));
    println!();
    println!("Outlet news days ({})", news_days.display());
    print!("{}", news::table(&news_report));
    Ok(())
}
