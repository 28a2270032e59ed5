//! `proofwire`: serve the digest, ingest feeds, export a day as Markdown.

use std::process::ExitCode;

use clap::Parser;
use proofwire::cli::{self, args::Command, Cli};
use proofwire::config::Config;

/// Rust's allocations go to jemalloc. glibc's allocator, held to two heaps to keep the server
/// small, made every thread that allocates wait its turn for one of them: an uncached digest
/// page spent an eighth to a sixth of its time there. jemalloc puts a cache per thread in front of its
/// arenas. See `proofwire::heap` for the measurements and what glibc still holds (SQLite,
/// llama.cpp).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read as it starts (before `main`): two arenas, as glibc had; thread
/// caches for blocks up to 1 kB only (idle threads' caches stay resident); freed pages handed
/// back to the kernel after half a second, by one background thread, idle or not.
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: Option<&[u8; 110]> = Some(
    b"narenas:2,tcache_max:1024,background_thread:true,max_background_threads:1,dirty_decay_ms:500,muzzy_decay_ms:0\0",
);

fn main() -> ExitCode {
    proofwire::heap::keep_small();
    // SAFETY: no thread that uses SQLite exists yet: `keep_small` starts none, and the only
    // other one, jemalloc's purging thread, never calls it.
    let sqlite_counts_off = unsafe { proofwire::db::sqlite_library::without_allocation_counts() };
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
    if !sqlite_counts_off {
        tracing::warn!("SQLite started before its allocation counting could be turned off");
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let config = config?;
        cli::run(config, cli.command).await
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
