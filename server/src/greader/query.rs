//! The stream query parameters of `stream/contents` and `stream/items/ids`: `s` (or the path),
//! `n` (how many), `c` (continuation), `r=o` (oldest first), `ot`/`nt` (newer/older than,
//! seconds), `xt`/`it` (exclude/include a state). Unknown parameters are ignored (apps add
//! cache busters and options of other servers); a known one that cannot be read is refused.

use super::streams::{self, State, Stream};
use super::Malformed;

/// Items a page holds when `n` is not given (Google Reader's default).
pub const DEFAULT_COUNT: usize = 20;

/// Where the previous page ended: the last item's time (seconds) and number. Pages are cut by
/// this key, not by offset, so items arriving while an app pages never shift one into a page
/// it already read, or out of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub secs: i64,
    pub item: i64,
}

impl Cursor {
    pub fn token(self) -> String {
        format!("{}.{}", self.secs, self.item)
    }

    pub fn parse(text: &str) -> Result<Cursor, Malformed> {
        let refuse = || {
            Malformed(format!(
                "continuation {text:?} is not one this server gave (c=…)"
            ))
        };
        let (secs, item) = text.split_once('.').ok_or_else(refuse)?;
        Ok(Cursor {
            secs: unsigned(secs).ok_or_else(refuse)?,
            item: unsigned(item).ok_or_else(refuse)?,
        })
    }
}

fn unsigned(text: &str) -> Option<i64> {
    if (1..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A time parameter: seconds since 1970, or microseconds when it has 16 digits or more (what
/// apps send as `ts` to `mark-all-as-read`).
pub fn time_param(name: &str, text: &str) -> Result<i64, Malformed> {
    let n = unsigned(text).ok_or_else(|| {
        Malformed(format!(
            "{name}={text:?} is not a time in seconds since 1970"
        ))
    })?;
    Ok(if text.len() >= 16 { n / 1_000_000 } else { n })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamQuery {
    pub stream: Stream,
    pub count: usize,
    pub after: Option<Cursor>,
    pub oldest_first: bool,
    /// Only items published at or after this second (`ot`).
    pub newer_than: Option<i64>,
    /// Only items published before this second (`nt`).
    pub older_than: Option<i64>,
    /// `Some(false)`: unread only; `Some(true)`: read only.
    pub read: Option<bool>,
    /// `Some(true)`: starred only; `Some(false)`: not starred.
    pub starred: Option<bool>,
    /// The stream and the filters contradict each other (`s=read&xt=read`): no item matches.
    pub contradictory: bool,
}

fn values<'a>(pairs: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn one<'a>(pairs: &'a [(String, String)], name: &'a str) -> Result<Option<&'a str>, Malformed> {
    let mut found = values(pairs, name);
    let first = found.next();
    if found.next().is_some() {
        return Err(Malformed(format!("{name} is given more than once")));
    }
    Ok(first)
}

/// Reads a stream query. `path_stream` is the stream named in the path
/// (`stream/contents/<stream>`); without it the stream is `s`, or the reading list when
/// `default_stream`. `max` caps `n`.
pub fn parse(
    pairs: &[(String, String)],
    path_stream: Option<&str>,
    default_stream: bool,
    user_id: app::ids::UserId,
    max: usize,
) -> Result<StreamQuery, Malformed> {
    let stream = match (path_stream.filter(|s| !s.is_empty()), one(pairs, "s")?) {
        (Some(s), _) | (None, Some(s)) => streams::parse(s, user_id)?,
        (None, None) if default_stream => Stream::State(State::ReadingList),
        (None, None) => return Err(Malformed::new("s (the stream) is required")),
    };
    if let Some(output) = one(pairs, "output")? {
        if output != "json" {
            return Err(Malformed(format!(
                "output={output:?}: this server answers in JSON only (output=json)"
            )));
        }
    }
    let count = match one(pairs, "n")? {
        None => DEFAULT_COUNT,
        Some(n) => match unsigned(n) {
            Some(n) if n > 0 => usize::try_from(n).unwrap_or(max).min(max),
            _ => {
                return Err(Malformed(format!(
                    "n={n:?} is not a positive number of items"
                )))
            }
        },
    };
    let after = one(pairs, "c")?
        .filter(|c| !c.is_empty())
        .map(Cursor::parse)
        .transpose()?;
    let oldest_first = match one(pairs, "r")? {
        None | Some("n") | Some("d") => false,
        Some("o") => true,
        Some(r) => {
            return Err(Malformed(format!(
                "r={r:?}: the order is r=o (oldest first) or r=n (newest first)"
            )))
        }
    };
    let newer_than = one(pairs, "ot")?.map(|t| time_param("ot", t)).transpose()?;
    let older_than = one(pairs, "nt")?.map(|t| time_param("nt", t)).transpose()?;
    let mut q = StreamQuery {
        stream,
        count,
        after,
        oldest_first,
        newer_than,
        older_than,
        read: None,
        starred: None,
        contradictory: false,
    };
    match q.stream {
        Stream::State(State::Read) => q.require_read(true),
        Stream::State(State::Starred) => q.require_starred(true),
        Stream::State(State::ReadingList) | Stream::Vendor(_) | Stream::TopStories => {}
        Stream::State(State::KeptUnread) => q.require_read(false),
        ref other => {
            return Err(Malformed(format!(
                "stream {:?} has no items on this server",
                other.id()
            )))
        }
    }
    for (param, include) in [("xt", false), ("it", true)] {
        for text in values(pairs, param) {
            match streams::parse(text, user_id)? {
                Stream::State(State::Read) => q.require_read(include),
                Stream::State(State::KeptUnread) => q.require_read(!include),
                Stream::State(State::Starred) => q.require_starred(include),
                // Every item is in the reading list.
                Stream::State(State::ReadingList) if include => {}
                other => {
                    return Err(Malformed(format!(
                        "{param}={:?}: only the read and starred states can filter a stream",
                        other.id()
                    )))
                }
            }
        }
    }
    Ok(q)
}

impl StreamQuery {
    fn require_read(&mut self, read: bool) {
        self.contradictory |= self.read.is_some_and(|r| r != read);
        self.read = Some(read);
    }

    fn require_starred(&mut self, starred: bool) {
        self.contradictory |= self.starred.is_some_and(|s| s != starred);
        self.starred = Some(starred);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: app::ids::UserId = app::ids::UserId::new(1);
    use proptest::prelude::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn an_unread_page_after_a_continuation() {
        let q = parse(
            &pairs("s=user/-/state/com.google/reading-list&n=50&c=1733390000.42&xt=user/-/state/com.google/read&r=o&ot=1733000000&ck=123"),
            None,
            false,
            ME,
            1000,
        )
        .expect("query");
        assert_eq!(q.stream, Stream::State(State::ReadingList));
        assert_eq!(q.count, 50);
        assert_eq!(
            q.after,
            Some(Cursor {
                secs: 1733390000,
                item: 42
            })
        );
        assert!(q.oldest_first);
        assert_eq!(q.newer_than, Some(1733000000));
        assert_eq!(q.read, Some(false));
        assert!(!q.contradictory);
    }

    #[test]
    fn defaults_caps_and_contradictions() {
        let q = parse(&[], Some("feed/vendor/openai"), true, ME, 100).expect("query");
        assert_eq!(q.count, DEFAULT_COUNT);
        assert_eq!(q.stream, Stream::Vendor("openai".into()));
        let q = parse(&pairs("n=100000"), None, true, ME, 100).expect("query");
        assert_eq!(q.count, 100);
        assert_eq!(q.stream, Stream::State(State::ReadingList));
        let q = parse(
            &pairs("s=user/-/state/com.google/read&xt=user/-/state/com.google/read"),
            None,
            false,
            ME,
            100,
        )
        .expect("query");
        assert!(q.contradictory);
        assert_eq!(
            time_param("ts", "1733390000123456").expect("usec"),
            1733390000
        );
    }

    #[test]
    fn unreadable_parameters_are_refused_with_their_name() {
        for (query, name) in [
            ("", "s (the stream)"),
            ("s=feed/top-stories&n=0", "n="),
            ("s=feed/top-stories&n=-5", "n="),
            ("s=feed/top-stories&n=ten", "n="),
            ("s=feed/top-stories&c=abc", "continuation"),
            ("s=feed/top-stories&c=1.", "continuation"),
            ("s=feed/top-stories&r=x", "r="),
            ("s=feed/top-stories&ot=yesterday", "ot="),
            ("s=feed/top-stories&xt=user/-/label/x", "xt="),
            ("s=feed/top-stories&s=feed/vendor/a", "more than once"),
            ("s=feed/top-stories&output=xml", "output="),
            ("s=nowhere", "stream"),
        ] {
            let e = parse(&pairs(query), None, false, ME, 100).expect_err(query);
            assert!(e.0.contains(name), "{query}: {e}");
        }
    }

    proptest! {
        #[test]
        fn a_cursor_reads_back_from_its_token(secs in 0i64..i64::MAX, item in 0i64..i64::MAX) {
            let c = Cursor { secs, item };
            prop_assert_eq!(Cursor::parse(&c.token()), Ok(c));
        }

        #[test]
        fn any_query_string_is_a_query_or_a_reason(q in "\\PC{0,60}") {
            let _ = parse(&pairs(&q), None, true, ME, 100);
        }
    }
}
