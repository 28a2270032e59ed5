//! The ids that cross modules: an article's, a claim's, a third-party result's, a user's and a
//! briefing subscription's row id, as the database assigns them. A bare `i64` let a claim id be passed where an article id
//! was meant (both are numbers in the same handlers), or a result id where a claim's; these
//! types make that a compile error. They stay what they were on the wire:
//! `#[serde(transparent)]` serializes the number itself, `Display`/`FromStr` are the number's, so
//! every JSON shape, URL (`/article/7`, `/claim/12`) and stored payload is byte for byte the same.
//! The app crate has no sqlx: the database layer binds `get()` and reads rows through
//! `From<i64>`.

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
    }
}
