//! The suites that need a real model, a model server or a browser: slow and CPU-bound, kept
//! apart so they never share the cores with the timing-sensitive suites, and run once (SQLite).
//!
//! One binary for these suites (each a module, its tests named `suite::test`): one link
//! instead of one per suite. Run one suite with a filter: `cargo test -p server --test heavy -- web::`.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod browser;
mod model;
mod model_server;
mod remote_model;
