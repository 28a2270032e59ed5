//! The command line: what `proofwire` takes (clap derives the parser and the help from these
//! definitions and their comments).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "proofwire",
    version,
    about = "Self-hosted daily AI-news digest and claim tracker"
)]
pub struct Cli {
    /// Config file [default: proofwire.toml in the working directory]
    #[arg(long, global = true, env = "PROOFWIRE_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Listen address [default: config `addr`, 127.0.0.1:3000]; port 0 takes a free one
        #[arg(long)]
        addr: Option<String>,
        /// Write the address actually listened on to this file once listening (for port 0)
        #[arg(long, env = "PROOFWIRE_ADDR_FILE")]
        addr_file: Option<std::path::PathBuf>,
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
    /// Print the search index's common stems, derived from English text of JSON Lines files
    /// (`title` and `text` of each line not marked as another language): what
    /// scripts/search-common-terms.sh writes to content/search-common-terms.txt
    #[command(hide = true)]
    SearchCommonTerms {
        /// How many stems
        #[arg(long, default_value_t = 200)]
        count: usize,
        /// The JSON Lines files
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
        /// Also score the rules with the local model picking among their spans, merged as the product merges (a subject where the rules found none)
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
pub enum UserCommand {
    /// Create a user; the password is prompted for, or read from the first line of stdin
    Add {
        name: String,
        /// May change claims (add evidence, set statuses); without it the account is read-only
        #[arg(long)]
        editor: bool,
    },
}

#[derive(Subcommand)]
pub enum SourcesCommand {
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
pub enum ResultsCommand {
    /// Read every [[evidence_source]] and store the results not seen before
    Fetch,
}

#[derive(Subcommand)]
pub enum ClaimsCommand {
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
pub enum ModelCommand {
    /// Print the model's path, SHA-256, template and a one-line test generation
    Check,
}
