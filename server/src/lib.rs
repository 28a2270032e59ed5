//! Proofwire's back end: configuration, storage, ingestion, digests, export and the web server.
//! The binary (`main.rs`) only parses the command line and calls [`cli`]; what `serve` keeps
//! running, and the ingestion round, are in [`run`].

pub mod auth;
pub mod backup;
pub mod briefing;
pub mod canonical;
pub mod claims;
pub mod cli;
pub mod config;
pub mod contained;
pub mod dates;
pub mod db;
pub mod digest;
pub mod drain;
pub mod eval;
pub mod export;
pub mod feeds;
pub mod fetch;
pub mod greader;
pub mod heap;
pub mod ingest;
pub mod mcp;
pub mod ownership;
pub mod ranking;
pub mod repair_ownership;
pub mod results;
pub mod rounds;
pub mod run;
pub mod search;
pub mod signals;
pub mod store;
pub mod stories;
pub mod summarize;
pub mod telemetry;
pub mod translate;
pub mod translating;
pub mod web;
pub mod websub;
pub mod work;
pub mod xml;
