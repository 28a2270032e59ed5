//! Stream identifiers: the states (`user/-/state/com.google/reading-list`, `read`, `starred`),
//! the feeds Proofwire offers (`feed/vendor/<slug>`, one per vendor; `feed/top-stories`, a
//! day's top stories per item) and labels, which Proofwire has none of but apps send.

use super::Malformed;

pub const STATE_PREFIX: &str = "user/-/state/com.google/";
pub const LABEL_PREFIX: &str = "user/-/label/";
pub const VENDOR_PREFIX: &str = "feed/vendor/";
pub const TOP_STORIES: &str = "feed/top-stories";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    ReadingList,
    Read,
    Starred,
    /// "Keep unread": adding it marks unread, removing it marks read.
    KeptUnread,
    /// Sharing states from Google Reader's day; recognised, never stored.
    Broadcast,
    Like,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::ReadingList => "reading-list",
            State::Read => "read",
            State::Starred => "starred",
            State::KeptUnread => "kept-unread",
            State::Broadcast => "broadcast",
            State::Like => "like",
        }
    }

    fn from_name(name: &str) -> Option<State> {
        Some(match name {
            "reading-list" => State::ReadingList,
            "read" => State::Read,
            "starred" => State::Starred,
            "kept-unread" => State::KeptUnread,
            "broadcast" | "broadcast-friends" => State::Broadcast,
            "like" => State::Like,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stream {
    State(State),
    /// A vendor's articles, by the vendor's slug (`search::index::slug`).
    Vendor(String),
    TopStories,
    Label(String),
}

impl Stream {
    pub fn id(&self) -> String {
        match self {
            Stream::State(s) => format!("{STATE_PREFIX}{}", s.name()),
            Stream::Vendor(slug) => format!("{VENDOR_PREFIX}{slug}"),
            Stream::TopStories => TOP_STORIES.to_string(),
            Stream::Label(name) => format!("{LABEL_PREFIX}{name}"),
        }
    }
}

/// Reads a stream id. `user/-/…` and `user/<own id>/…` are the signed-in user's; another
/// user's id is refused.
pub fn parse(text: &str, user_id: app::ids::UserId) -> Result<Stream, Malformed> {
    let refuse = |why: &str| Malformed(format!("stream {text:?} {why}"));
    if let Some(rest) = text.strip_prefix("user/") {
        let (owner, rest) = rest
            .split_once('/')
            .ok_or_else(|| refuse("is not user/-/state/… or user/-/label/…"))?;
        if owner != "-" && owner != user_id.to_string() {
            return Err(refuse("belongs to another user"));
        }
        if let Some(name) = rest.strip_prefix("state/com.google/") {
            return State::from_name(name)
                .map(Stream::State)
                .ok_or_else(|| refuse("is not a state this server knows"));
        }
        if let Some(name) = rest.strip_prefix("label/") {
            if name.is_empty() {
                return Err(refuse("names no label"));
            }
            return Ok(Stream::Label(name.to_string()));
        }
        return Err(refuse("is not user/-/state/… or user/-/label/…"));
    }
    if text == TOP_STORIES {
        return Ok(Stream::TopStories);
    }
    if let Some(slug) = text.strip_prefix(VENDOR_PREFIX) {
        if !slug.is_empty()
            && slug
                .chars()
                .all(|c| c.is_alphanumeric() && !c.is_uppercase())
        {
            return Ok(Stream::Vendor(slug.to_string()));
        }
        return Err(refuse("is not feed/vendor/<slug>"));
    }
    if text.starts_with("feed/") {
        return Err(refuse(
            "is not one of this server's feeds (feed/vendor/<slug>, feed/top-stories)",
        ));
    }
    Err(refuse("is neither a state, a label nor a feed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: app::ids::UserId = app::ids::UserId::new(7);
    const ONE: app::ids::UserId = app::ids::UserId::new(1);
    use proptest::prelude::*;

    #[test]
    fn states_feeds_and_labels_read() {
        assert_eq!(
            parse("user/-/state/com.google/read", ME),
            Ok(Stream::State(State::Read))
        );
        assert_eq!(
            parse("user/7/state/com.google/starred", ME),
            Ok(Stream::State(State::Starred))
        );
        assert!(parse("user/8/state/com.google/starred", ME)
            .expect_err("another user")
            .0
            .contains("another user"));
        assert_eq!(
            parse("feed/vendor/openai", ME),
            Ok(Stream::Vendor("openai".into()))
        );
        assert_eq!(parse("feed/top-stories", ME), Ok(Stream::TopStories));
        assert_eq!(
            parse("user/-/label/Tech", ME),
            Ok(Stream::Label("Tech".into()))
        );
        for bad in [
            "",
            "feed/",
            "feed/42",
            "feed/vendor/",
            "feed/vendor/Open AI",
            "user/-/state/com.google/nope",
            "user/-/label/",
            "user/-",
            "state/com.google/read",
        ] {
            assert!(parse(bad, ME).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn a_stream_reads_back_from_its_id(slug in "[a-z0-9]{1,12}", label in "[^\\p{C}]{1,12}") {
            for s in [
                Stream::Vendor(slug.clone()),
                Stream::TopStories,
                Stream::Label(label.clone()),
                Stream::State(State::ReadingList),
                Stream::State(State::Starred),
            ] {
                prop_assert_eq!(parse(&s.id(), ONE), Ok(s));
            }
        }

        #[test]
        fn any_text_is_a_stream_or_a_reason(text in "\\PC{0,40}") {
            if let Err(e) = parse(&text, ONE) {
                prop_assert!(e.0.starts_with("stream "));
            }
        }
    }
}
