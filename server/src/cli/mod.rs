//! The command line: the commands (`args`) and what each does, one file per group of
//! commands. `serve` and the ingestion round are the runtime's (`crate::run`); the handlers
//! here print for a person and turn every failure into one `Error`.

pub mod args;
mod database;
mod eval;
mod export;
mod ingest;
mod log;
mod mcp;
mod model;
mod user;

use std::path::PathBuf;

pub use args::Cli;
use args::{ClaimsCommand, Command, ModelCommand, ResultsCommand, SourcesCommand, UserCommand};
pub use eval::TranslationEval;
pub use log::Anchor;

use crate::config::{Config, ConfigError};
use crate::db::DbError;
use crate::export::ExportError;
use crate::run::RunError;
use crate::search::SearchError;
use crate::summarize::llama::LlmError;
use crate::summarize::pipeline::PipelineError;

/// Fatal errors: the command cannot do its job at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Opml(#[from] crate::ingest::opml::OpmlError),
    #[error(transparent)]
    Store(#[from] DbError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Model(#[from] LlmError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("the summarizer is disabled in the config (summarizer.enabled = false)")]
    ModelDisabled,
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    EvalSummaries(#[from] crate::eval::Error),
    #[error(transparent)]
    Claims(#[from] crate::claims::ClaimError),
    #[error(transparent)]
    Mcp(#[from] crate::mcp::McpError),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error("the claim log is broken: {0}")]
    LogBroken(crate::claims::log::Broken),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("a server is running on this data_dir (it holds the search index); stop it first")]
    ServerRunning,
    #[error("copy-db: {0}")]
    CopyDb(String),
    #[error("checkpoint {}: {message}", path.display())]
    Checkpoint { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Runs one command (`serve` when none is named).
pub async fn run(config: Config, command: Option<Command>) -> Result<(), Error> {
    match command.unwrap_or(Command::Serve {
        addr: None,
        addr_file: None,
    }) {
        Command::Serve { addr, addr_file } => crate::run::serve::serve(config, addr, addr_file)
            .await
            .map_err(Error::from),
        Command::Ingest { source } => {
            let only = source.map(app::ids::SourceId::from);
            ingest::ingest(&config, only.as_ref()).await.map(|_| ())
        }
        Command::Reindex => ingest::reindex(&config).await.map(|_| ()),
        Command::RepairOwnership { apply } => ingest::repair_ownership(&config, apply).await,
        Command::Summarize {
            since,
            article,
            force,
        } => model::summarize(&config, since.as_deref(), article, force)
            .await
            .map(|_| ()),
        Command::Model {
            command: ModelCommand::Check,
        } => model::model_check(&config).await,
        Command::EvalSummaries {
            set,
            models,
            backends,
        } => {
            let backends = local_by_default(backends);
            crate::eval::run(&config, &set, &models, &backends)
                .await
                .map_err(Error::from)
        }
        Command::User {
            command: UserCommand::Add { name, editor },
        } => user::user_add(&config, &name, editor).await,
        Command::VerifyLog {
            expect_head,
            events,
            checkpoint,
        } => {
            let anchor = match (expect_head, checkpoint) {
                (Some(head), _) => Some(Anchor::Head { head, events }),
                (None, Some(path)) => Some(Anchor::File(path)),
                (None, None) => None,
            };
            log::verify_log(&config, anchor).await
        }
        Command::Checkpoint { out } => log::checkpoint(&config, out).await,
        Command::Migrate => database::migrate(&config).await,
        Command::Mcp => mcp::mcp(&config).await,
        Command::CopyDb { from, to } => database::copy_db(&from, &to).await,
        Command::Backup { file } => database::backup(&config, &file).await,
        Command::Restore { file, force } => database::restore(&config, &file, force).await,
        Command::Results {
            command: ResultsCommand::Fetch,
        } => ingest::results_fetch(&config).await,
        Command::Sources {
            command:
                SourcesCommand::Import {
                    file,
                    language,
                    disabled,
                },
        } => ingest::sources_import(&config, &file, &language, !disabled),
        Command::EvalStories { set, show, all } => eval::eval_stories(&set, show, all),
        Command::EvalResults { dir, show } => eval::eval_results(&dir, show),
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
            let choice = TranslationEval {
                sets: &sets,
                split: &split,
                limit,
                answers: answers.as_deref(),
                kept_only,
                show,
            };
            eval::eval_translations(&config, &choice, &models, &backends).await
        }
        Command::EvalMeaning {
            set,
            references,
            show,
        } => eval::eval_meaning(&set, &references, show),
        Command::Translate { date } => model::translate(&config, date.as_deref()).await,
        Command::EvalRanking {
            days,
            posts,
            news_days,
            show,
            all,
        } => eval::eval_ranking(&days, &posts, &news_days, show, all),
        Command::SearchCommonTerms { count, files } => eval::search_common_terms(count, &files),
        Command::EvalClaims {
            set,
            show,
            dev,
            model,
            answers,
            split,
        } => eval::eval_claims(&config, &set, show, dev, model, answers.as_deref(), &split).await,
        Command::Claims {
            command: ClaimsCommand::Refine,
        } => model::claims_refine(&config).await.map(|_| ()),
        Command::Claims {
            command: ClaimsCommand::Export { format, out },
        } => {
            if format != "claimreview" {
                Err(Error::Usage(format!(
                    "unknown format {format:?}; the only format is claimreview"
                )))
            } else {
                export::claims_export(&config, out).await.map(|_| ())
            }
        }
        Command::ExportEee { dir } => export::export_eee(&config, &dir).await.map(|_| ()),
        Command::ExportDigest { date, out } => {
            export::export_digest(&config, &date, out).await.map(|_| ())
        }
    }
}

/// The model backends an evaluation measures: those named, else the embedded model.
fn local_by_default(backends: Vec<String>) -> Vec<String> {
    if backends.is_empty() {
        vec!["local".to_string()]
    } else {
        backends
    }
}
