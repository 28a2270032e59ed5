//! The integration suites: the library and the `proofwire` binary driven as users and
//! operators drive them, on SQLite or (PROOFWIRE_TEST_ENGINE=postgres) on a Postgres cluster.
//!
//! One binary for these suites (each a module, its tests named `suite::test`): one link
//! instead of one per suite. Run one suite with a filter: `cargo test -p server --test suite -- web::`.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod briefings;
mod claim_properties;
mod claims;
mod claims_web;
mod data_layer;
mod greader;
mod hostile_ingest;
mod hostile_properties;
mod ingest_fixtures;
mod listings;
mod mcp;
mod operations;
mod ownership_properties;
mod published_documents;
mod replicas;
mod results;
mod results_export;
mod results_hub;
mod search;
mod stories;
mod translate;
mod web;
mod web_abuse;
