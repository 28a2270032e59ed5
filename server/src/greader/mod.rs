//! The Google Reader API as reader apps speak it (NetNewsWire, Reeder, Read You, FeedMe,
//! FocusReader; FreshRSS and Miniflux serve it): item and stream identifiers and the stream
//! query parameters, read strictly. Pure protocol: no I/O, no storage. The routes are
//! `web/greader.rs`; the state they keep is `db/reader.rs`.

pub mod ids;
pub mod query;
pub mod streams;

/// A request the protocol cannot read: answered 400 with this message, and nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(pub String);

impl Malformed {
    pub fn new(message: impl Into<String>) -> Malformed {
        Malformed(message.into())
    }
}
