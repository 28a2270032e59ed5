//! `proofwire`: serve the digest, ingest feeds, export a day as Markdown.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use proofwire::commands;
use proofwire::config::Config;

#[derive(Parser)]
#[command(
    name = "proofwire",
    version,
    about = "Self-hosted daily AI-news digest and claim tracker"
)]
struct Cli {
    /// Config file [default: proofwire.toml in the working directory]
    #[arg(long, global = true, env = "PROOFWIRE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve read-only tools for agents (search, digest, article, claims) over MCP on standard
    /// input and output; third-party text is marked as untrusted in every result
    Mcp,
    /// Editor accounts
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the claim event log's hash chain; exits non-zero naming the first broken event
    VerifyLog {
        /// A head published earlier (digest exports, /claims.atom, `checkpoint`): the chain
        /// must still contain it, which exposes a truncated or rewritten-and-rehashed chain
        #[arg(long, conflicts_with = "checkpoint")]
        expect_head: Option<String>,
        /// The number of events the published head came after (with --expect-head)
        #[arg(long, requires = "expect_head")]
        events: Option<i64>,
        /// A checkpoint file written by `proofwire checkpoint`
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Apply the database migrations (every command does this at start) and print the schema version
    Migrate,
    /// Copy every row of one Proofwire database into a new, empty one (SQLite to Postgres or
    /// back); the claim log is verified on both sides. Stop the servers first.
    CopyDb {
        /// The database to read: a sqlite:// path or a postgres:// URL
        #[arg(long)]
        from: String,
        /// The database to fill (created and migrated if needed, must be empty)
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the database to FILE (safe while the server runs)
    Backup {
        /// The backup file to create (must not exist)
        file: PathBuf,
    },
    /// Restore a backup into the configured data_dir and rebuild the search index (stop the
    /// server first)
    Restore {
        /// A file written by `proofwire backup`
        file: PathBuf,
        /// Replace an existing database
        #[arg(long)]
        force: bool,
    },
    /// Print (or write to a file) the claim log's current head and length, to keep elsewhere
    Checkpoint {
        /// Write the checkpoint JSON here instead of printing it
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The sources file
    Sources {
        #[command(subcommand)]
        command: SourcesCommand,
    },
    /// Third-party results from the configured evidence sources
    Results {
        #[command(subcommand)]
        command: ResultsCommand,
    },
    /// Claim tracker data
    Claims {
        #[command(subcommand)]
        command: ClaimsCommand,
    },
    /// Serve the web app; ingest at start and then on a schedule (the default command)
    Serve {
        /// Listen address [default: config `addr`, 127.0.0.1:3000]
        #[arg(long)]
        addr: Option<String>,
    },
    /// Run one ingestion and print each source's outcome
    Ingest {
        /// Only this source id (ignores its backoff)
        #[arg(long)]
        source: Option<String>,
    },
    /// Rebuild the search index from the database
    Reindex,
    /// Find articles whose address, owner, vendor or text came from a source that does not link
    /// them now, and say how each is put back (nothing is written without --apply)
    RepairOwnership {
        /// Write the repairs, each change logged in `ownership_repairs`
        #[arg(long)]
        apply: bool,
    },
    /// Summarize articles with the local model (those not yet done with this model and prompt)
    Summarize {
        /// Only articles published on or after this date (YYYY-MM-DD, configured time zone)
        #[arg(long, conflicts_with = "article")]
        since: Option<String>,
        /// Only this article id
        #[arg(long)]
        article: Option<i64>,
        /// Summarize again even if this text was already done with this model and prompt
        #[arg(long)]
        force: bool,
    },
    /// The local model
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Measure candidate models on the evaluation set (grounding, numbers, facts, length, time)
    EvalSummaries {
        /// The evaluation set
        #[arg(long, default_value = "content/eval/articles.toml")]
        set: PathBuf,
        /// A GGUF file to evaluate; repeat for several [default: the configured model]
        #[arg(long = "model")]
        models: Vec<PathBuf>,
        /// `local` (the GGUF files) and/or `openai` (the configured model server); repeat to
        /// measure both in one run [default: local]
        #[arg(long = "backend", value_parser = ["local", "openai"])]
        backends: Vec<String>,
    },
    /// Measure grounded translation on labelled sentences: shown translated, fallbacks,
    /// facts kept, numbers and names intact, time per sentence
    EvalTranslations {
        /// The evaluation sets; repeat for several [default: translations.jsonl and the
        /// 2026-12-05 sentences]
        #[arg(long = "set")]
        sets: Vec<PathBuf>,
        /// A GGUF file to evaluate; repeat for several [default: the configured model]
        #[arg(long = "model")]
        models: Vec<PathBuf>,
        /// `local` and/or `openai`, as for eval-summaries [default: local]
        #[arg(long = "backend", value_parser = ["local", "openai"])]
        backends: Vec<String>,
        /// `tuning`, `held-out` or `all`
        #[arg(long, default_value = "all", value_parser = ["tuning", "held-out", "all"])]
        split: String,
        /// At most this many sentences of each split and direction (the first in file order)
        #[arg(long)]
        limit: Option<usize>,
        /// A JSONL file of the model's answers: reused when kept for the same model, prompt
        /// version and sentence, new ones appended (resume a run; judge again after a change)
        #[arg(long)]
        answers: Option<PathBuf>,
        /// Only the sentences whose answer is kept in `--answers` (judge again, no model call)
        #[arg(long, requires = "answers")]
        kept_only: bool,
        /// Also print every tuning sentence with the model's answer and the verdict (held-out
        /// ones never)
        #[arg(long)]
        show: bool,
    },
    /// Measure the meaning check on translations labelled right or wrong: wrong ones caught,
    /// right ones refused, per split (tuning, held out) and direction, time per sentence
    EvalMeaning {
        /// The labelled translations
        #[arg(
            long,
            default_value = "content/eval/translations-2026-12-05/meaning.jsonl"
        )]
        set: PathBuf,
        /// Sentences with hand-written references, measured as right translations too
        #[arg(
            long,
            default_value = "content/eval/translations-2026-12-05/sentences.jsonl"
        )]
        references: PathBuf,
        /// Also print the tuning split's mistakes (never a held-out translation)
        #[arg(long)]
        show: bool,
    },
    /// Translate the titles and summaries of posts in another language than the digest's
    /// (every day, or one), with the configured model; cached translations are kept
    Translate {
        /// YYYY-MM-DD [default: every day]
        #[arg(long)]
        date: Option<String>,
    },
    /// Precision and recall of "one story per announcement" on the labelled story pairs
    EvalStories {
        /// The evaluation set
        #[arg(long, default_value = "content/eval/stories.jsonl")]
        set: PathBuf,
        /// Also print each wrongly decided pair of the part the rules were tuned on
        #[arg(long)]
        show: bool,
        /// With --show: the held-out part's pairs too
        #[arg(long)]
        all: bool,
    },
    /// Pair claims with published results on labelled pairs: prints `precision P recall R pairs N`
    EvalResults {
        /// The folder holding results-pairs*.jsonl
        #[arg(long, default_value = "content/eval")]
        dir: PathBuf,
        /// Also print each pair of the tuning part the matcher gets wrong (never the sealed
        /// test part's)
        #[arg(long)]
        show: bool,
    },
    /// Measure the ranking on labelled busy days: top-k precision of the lead stories
    EvalRanking {
        /// The labelled days and their lead stories
        #[arg(long, default_value = "content/eval/ranking.toml")]
        days: PathBuf,
        /// The posts (the story set's and the ranking set's)
        #[arg(long, default_values = ["content/eval/stories.jsonl", "content/eval/ranking.jsonl"])]
        posts: Vec<PathBuf>,
        /// The outlet news days (`posts.jsonl`, `leads.toml`); held-out days print as sums only
        #[arg(long, default_value = "content/eval/news-days")]
        news_days: PathBuf,
        /// Also print each tuned-on day's sections in order, with why
        #[arg(long)]
        show: bool,
        /// With --show: the vendor-launch set's held-out day too (never a held-out news day)
        #[arg(long)]
        all: bool,
    },
    /// Measure claim extraction on the labelled sentences (precision, recall, field accuracy)
    EvalClaims {
        /// The evaluation set
        #[arg(long, default_value = "content/eval/claims.jsonl")]
        set: PathBuf,
        /// Also print each failure of the train split (never the sealed test split's)
        #[arg(long)]
        show: bool,
        /// With --show: the dev split's failures too
        #[arg(long)]
        dev: bool,
        /// Also score the rules with the local model choosing kinds, subjects and metrics
        /// (slow: one generation a claim)
        #[arg(long)]
        model: bool,
        /// With --model: keep the model's answers in this JSON Lines file and reuse them (a
        /// changed prompt or model is asked again), so the merge can be scored without waiting
        #[arg(long)]
        answers: Option<PathBuf>,
        /// Only these splits (train, dev, test), comma-separated
        #[arg(long, value_delimiter = ',')]
        split: Vec<String>,
    },
    /// Write every benchmark claim as an Every Eval Ever aggregate record (first party,
    /// documentation), in the datastore's layout: DIR/data/proofwire-claims/{developer}/{model}/{uuid}.json
    ExportEee {
        /// The directory to write into (created when missing)
        dir: PathBuf,
    },
    /// Write one day's digest as Markdown with front matter
    ExportDigest {
        /// The date, YYYY-MM-DD, in the configured time zone
        date: String,
        /// Output directory [default: config `export_dir`, content/digests]
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is prompted for, or read from the first line of stdin
    Add {
        name: String,
        /// May change claims (add evidence, set statuses); without it the account is read-only
        #[arg(long)]
        editor: bool,
    },
}

#[derive(Subcommand)]
enum SourcesCommand {
    /// Add the feeds of an OPML file (any feed reader's export) that sources.toml lacks
    Import {
        /// The OPML file
        file: PathBuf,
        /// The language of the imported feeds (`en` or `ko`)
        #[arg(long, default_value = "en")]
        language: String,
        /// Add them disabled, to review before the next run reads them
        #[arg(long)]
        disabled: bool,
    },
}

#[derive(Subcommand)]
enum ResultsCommand {
    /// Read every [[evidence_source]] and store the results not seen before
    Fetch,
}

#[derive(Subcommand)]
enum ClaimsCommand {
    /// Structure claim fields with the local model (grammar-constrained, checked against the sentence)
    Refine,
    /// Write every reviewed claim as schema.org ClaimReview JSON-LD
    Export {
        /// Output format (only `claimreview`)
        #[arg(long, default_value = "claimreview")]
        format: String,
        /// Output file [default: standard output]
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Print the model's path, SHA-256, template and a one-line test generation
    Check,
}

fn main() -> ExitCode {
    proofwire::heap::few_arenas();
    let cli = Cli::parse();
    // The server takes SIGTERM and Ctrl-C on one thread of its own (see `signals`): from here
    // on, no thread the runtime starts takes them.
    if matches!(cli.command, None | Some(Command::Serve { .. })) {
        if let Err(e) = proofwire::signals::hold() {
            eprintln!("error: cannot hold SIGTERM and Ctrl-C for the server: {e}");
            return ExitCode::FAILURE;
        }
    }
    let config = Config::load(cli.config.as_deref());
    proofwire::telemetry::init_logs(
        config
            .as_ref()
            .map(|c| c.server.log_format.as_str())
            .unwrap_or("text"),
    );
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let config = config?;
        match cli.command.unwrap_or(Command::Serve { addr: None }) {
            Command::Serve { addr } => commands::serve(config, addr).await,
            Command::Ingest { source } => commands::ingest(&config, source.as_deref())
                .await
                .map(|_| ()),
            Command::Reindex => commands::reindex(&config).await.map(|_| ()),
            Command::RepairOwnership { apply } => commands::repair_ownership(&config, apply).await,
            Command::Summarize {
                since,
                article,
                force,
            } => commands::summarize(&config, since.as_deref(), article, force)
                .await
                .map(|_| ()),
            Command::Model {
                command: ModelCommand::Check,
            } => commands::model_check(&config).await,
            Command::EvalSummaries {
                set,
                models,
                backends,
            } => {
                let backends = local_by_default(backends);
                proofwire::eval::run(&config, &set, &models, &backends)
                    .await
                    .map_err(commands::Error::from)
            }
            Command::User {
                command: UserCommand::Add { name, editor },
            } => commands::user_add(&config, &name, editor).await,
            Command::VerifyLog {
                expect_head,
                events,
                checkpoint,
            } => {
                let anchor = match (expect_head, checkpoint) {
                    (Some(head), _) => Some(commands::Anchor::Head { head, events }),
                    (None, Some(path)) => Some(commands::Anchor::File(path)),
                    (None, None) => None,
                };
                commands::verify_log(&config, anchor).await
            }
            Command::Checkpoint { out } => commands::checkpoint(&config, out).await,
            Command::Migrate => commands::migrate(&config).await,
            Command::Mcp => commands::mcp(&config).await,
            Command::CopyDb { from, to } => commands::copy_db(&from, &to).await,
            Command::Backup { file } => commands::backup(&config, &file).await,
            Command::Restore { file, force } => commands::restore(&config, &file, force).await,
            Command::Results {
                command: ResultsCommand::Fetch,
            } => commands::results_fetch(&config).await,
            Command::Sources {
                command:
                    SourcesCommand::Import {
                        file,
                        language,
                        disabled,
                    },
            } => commands::sources_import(&config, &file, &language, !disabled),
            Command::EvalStories { set, show, all } => commands::eval_stories(&set, show, all),
            Command::EvalResults { dir, show } => commands::eval_results(&dir, show),
            Command::EvalTranslations {
                sets,
                models,
                backends,
                split,
                limit,
                answers,
                kept_only,
                show,
            } => {
                let backends = local_by_default(backends);
                let sets = if sets.is_empty() {
                    vec![
                        PathBuf::from("content/eval/translations.jsonl"),
                        PathBuf::from("content/eval/translations-2026-12-05/sentences.jsonl"),
                    ]
                } else {
                    sets
                };
                let choice = commands::TranslationEval {
                    sets: &sets,
                    split: &split,
                    limit,
                    answers: answers.as_deref(),
                    kept_only,
                    show,
                };
                commands::eval_translations(&config, &choice, &models, &backends).await
            }
            Command::EvalMeaning {
                set,
                references,
                show,
            } => commands::eval_meaning(&set, &references, show),
            Command::Translate { date } => commands::translate(&config, date.as_deref()).await,
            Command::EvalRanking {
                days,
                posts,
                news_days,
                show,
                all,
            } => commands::eval_ranking(&days, &posts, &news_days, show, all),
            Command::EvalClaims {
                set,
                show,
                dev,
                model,
                answers,
                split,
            } => {
                commands::eval_claims(&config, &set, show, dev, model, answers.as_deref(), &split)
                    .await
            }
            Command::Claims {
                command: ClaimsCommand::Refine,
            } => commands::claims_refine(&config).await.map(|_| ()),
            Command::Claims {
                command: ClaimsCommand::Export { format, out },
            } => {
                if format != "claimreview" {
                    Err(commands::Error::Usage(format!(
                        "unknown format {format:?}; the only format is claimreview"
                    )))
                } else {
                    commands::claims_export(&config, out).await.map(|_| ())
                }
            }
            Command::ExportEee { dir } => commands::export_eee(&config, &dir).await.map(|_| ()),
            Command::ExportDigest { date, out } => commands::export_digest(&config, &date, out)
                .await
                .map(|_| ()),
        }
    });
    // Work on the blocking pool that outlived its command (an extraction past its budget, an
    // index commit when a drain cut the server short) is not waited for: everything it could
    // write is transactional, as after a kill.
    runtime.shutdown_timeout(BLOCKING_WORK_AT_EXIT);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How long the end of a command waits for blocking work still running.
const BLOCKING_WORK_AT_EXIT: std::time::Duration = std::time::Duration::from_secs(1);

/// The model backends an evaluation measures: those named, else the embedded model.
fn local_by_default(backends: Vec<String>) -> Vec<String> {
    if backends.is_empty() {
        vec!["local".to_string()]
    } else {
        backends
    }
}
