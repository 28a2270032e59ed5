//! The ids that cross modules: an article's, a claim's, a third-party result's, a user's and a
//! briefing subscription's row id, as the database assigns them, and a feed source's and an
//! evidence source's id, as the configuration names them. A bare `i64` let a claim id be passed
//! where an article id was meant (both are numbers in the same handlers), or a result id where a
//! claim's; a bare `String` let an evidence source's id be passed where a feed's was meant (both
//! are called `source_id`); these types make that a compile error. They stay what they were on
//! the wire: `#[serde(transparent)]` serializes the number or the text itself, `Display` is
//! the bare value's (and `FromStr` the number's, `Debug` the text's), so every JSON shape, URL
//! (`/article/7`, `/claim/12`), log line and stored payload is byte for byte the same.
//! The app crate has no sqlx: the database layer binds `get()` / `as_str()` and reads rows
//! through `From<i64>` / `From<String>`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(id: i64) -> $name {
                $name(id)
            }

            /// The row id, for binding and for arithmetic-free comparisons with the database.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;
            fn from_str(s: &str) -> Result<$name, ParseIntError> {
                s.parse().map($name)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> $name {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

/// A text id a configuration file gives. `Debug` is the text's own (quoted), as a bare `String`
/// printed it, so error messages that show an id with `{:?}` read as before. The default is the
/// empty id, for reports and configuration defaults whose caller names the source.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as written, for binding, labels and comparisons with raw input.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self.0.as_str(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.0.as_str(), f)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> $name {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> $name {
                $name(id.to_string())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// Against a literal or a form field: what a user typed names an id only by its text.
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

row_id!(
    /// `articles.id`.
    ArticleId
);
row_id!(
    /// `claims.id`.
    ClaimId
);
row_id!(
    /// `third_party_results.id`: a result an evidence source published, suggested beside a
    /// claim and kept as evidence or dismissed.
    ResultId
);
row_id!(
    /// `users.id`: an editor or reader account, owner of sessions, reader tokens, read marks
    /// and briefing subscriptions.
    UserId
);
row_id!(
    /// `briefing_subscriptions.id`: one user's daily briefing to one address, and the key of
    /// its deliveries.
    SubscriptionId
);

text_id!(
    /// A feed source: the `id` of a `[[source]]` in sources.toml (or of a feed an editor
    /// added), `sources.id` and every `source_id` that names a feed — `articles`,
    /// `article_sources`, `article_guids`, `article_versions`, `source_changes`,
    /// `ingest_round_sources`, `websub_subscriptions` — and the search index's `source` field.
    SourceId
);
text_id!(
    /// An evidence source: the `id` of an `[[evidence_source]]` in the config, the `source_id`
    /// of `third_party_results`, `evidence_source_state` and `evidence_source_files`.
    EvidenceSourceId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn serializes_and_prints_as_the_bare_number(n in any::<i64>()) {
            let a = ArticleId::new(n);
            let c = ClaimId::new(n);
            prop_assert_eq!(serde_json::to_string(&a).unwrap(), n.to_string());
            prop_assert_eq!(serde_json::to_string(&c).unwrap(), n.to_string());
            prop_assert_eq!(serde_json::to_string(&ResultId::new(n)).unwrap(), n.to_string());
            prop_assert_eq!(serde_json::to_string(&UserId::new(n)).unwrap(), n.to_string());
            prop_assert_eq!(UserId::new(n).to_string(), n.to_string());
            prop_assert_eq!(serde_json::to_string(&SubscriptionId::new(n)).unwrap(), n.to_string());
            prop_assert_eq!(serde_json::from_str::<ResultId>(&n.to_string()).unwrap(), ResultId::new(n));
            prop_assert_eq!(a.to_string(), n.to_string());
            prop_assert_eq!(serde_json::from_str::<ArticleId>(&n.to_string()).unwrap(), a);
            prop_assert_eq!(n.to_string().parse::<ClaimId>().unwrap(), c);
        }

        #[test]
        fn parses_exactly_what_i64_parses(s in "\\PC{0,24}") {
            prop_assert_eq!(s.parse::<ArticleId>().ok().map(ArticleId::get), s.parse::<i64>().ok());
            prop_assert_eq!(s.parse::<ResultId>().ok().map(ResultId::get), s.parse::<i64>().ok());
        }

        #[test]
        fn nested_shapes_are_unchanged(ids in proptest::collection::vec(any::<i64>(), 0..8)) {
            let typed: Vec<Option<ClaimId>> = ids.iter().map(|&n| Some(ClaimId::new(n))).collect();
            let bare: Vec<Option<i64>> = ids.iter().map(|&n| Some(n)).collect();
            prop_assert_eq!(serde_json::to_string(&typed).unwrap(), serde_json::to_string(&bare).unwrap());
        }

        #[test]
        fn text_ids_serialize_print_and_debug_as_the_bare_text(t in "\\PC{0,40}") {
            let s = SourceId::from(t.as_str());
            let e = EvidenceSourceId::from(t.clone());
            prop_assert_eq!(serde_json::to_string(&s).unwrap(), serde_json::to_string(&t).unwrap());
            prop_assert_eq!(serde_json::to_string(&e).unwrap(), serde_json::to_string(&t).unwrap());
            prop_assert_eq!(serde_json::from_str::<SourceId>(&serde_json::to_string(&t).unwrap()).unwrap(), s.clone());
            prop_assert_eq!(s.to_string(), t.clone());
            prop_assert_eq!(format!("{:<24}|", s), format!("{:<24}|", t));
            prop_assert_eq!(format!("{s:?}"), format!("{t:?}"));
            prop_assert_eq!(format!("{e:?}"), format!("{t:?}"));
            prop_assert_eq!(s.as_str(), t.as_str());
            prop_assert_eq!(String::from(e), t);
        }
    }
}
