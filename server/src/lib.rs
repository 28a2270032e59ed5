//! Proofwire's back end: configuration, storage, ingestion, digests, export and the web server.
//! The binary (`main.rs`) only parses the command line and calls [`commands`].

pub mod attribution;
pub mod auth;
pub mod backup;
pub mod canonical;
pub mod claims;
pub mod commands;
pub mod config;
pub mod contained;
pub mod dates;
pub mod db;
pub mod digest;
pub mod drain;
pub mod eval;
pub mod export;
pub mod extract;
pub mod feed;
pub mod feeds;
pub mod fetch;
pub mod ingest;
pub mod listing;
pub mod opml;
pub mod ownership;
pub mod ranking;
pub mod results;
pub mod rounds;
pub mod scheduler;
pub mod search;
pub mod sources;
pub mod store;
pub mod stories;
pub mod summarize;
pub mod telemetry;
pub mod translate;
pub mod web;
pub mod work;
