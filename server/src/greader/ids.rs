//! Item identifiers. An item is an article (its id) or a day's top stories (`DAY_BASE` plus
//! the date as `YYYYMMDD`), so one number space serves both and read/starred state needs no
//! second table. Apps send ids in several forms; all are read (Miniflux reads the same set):
//! the long form `tag:google.com,2005:reader/item/000000000000001f` (hex, zero-padded to 16),
//! the same prefix with unpadded hex (NetNewsWire), 16 bare hex digits (Reeder), and decimal
//! (`stream/items/ids` answers in decimal, as Google Reader did).

use chrono::{Datelike, NaiveDate};

use super::Malformed;

pub const LONG_PREFIX: &str = "tag:google.com,2005:reader/item/";

/// Day items start here: far above any article id a database will reach, and below 2^53 so
/// apps that read ids as JSON numbers (doubles) keep them exact.
pub const DAY_BASE: i64 = 1 << 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Article(i64),
    /// The top stories of a day (a local date in the configured zone).
    Day(NaiveDate),
}

impl Item {
    pub fn number(self) -> i64 {
        match self {
            Item::Article(id) => id,
            Item::Day(d) => {
                DAY_BASE + i64::from(d.year()) * 10_000 + i64::from(d.month() * 100 + d.day())
            }
        }
    }

    /// The item a number names, if any: a positive article id below `DAY_BASE`, or a valid date.
    pub fn from_number(n: i64) -> Option<Item> {
        if n <= 0 {
            return None;
        }
        if n < DAY_BASE {
            return Some(Item::Article(n));
        }
        let ymd = n - DAY_BASE;
        let year = i32::try_from(ymd / 10_000).ok()?;
        let month = u32::try_from(ymd / 100 % 100).ok()?;
        let day = u32::try_from(ymd % 100).ok()?;
        // A year of five digits would read back as another number; no digest is that far out.
        if !(1..=9999).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day).map(Item::Day)
    }

    pub fn long_form(self) -> String {
        format!("{LONG_PREFIX}{:016x}", self.number())
    }

    pub fn decimal(self) -> String {
        self.number().to_string()
    }
}

/// Reads an item id in any of the forms apps send; an id that names no possible item is
/// refused with the reason.
pub fn parse(text: &str) -> Result<Item, Malformed> {
    let refuse = |why: &str| Malformed(format!("item id {text:?} {why}"));
    let number = if let Some(hex) = text.strip_prefix(LONG_PREFIX) {
        hex_number(hex)
            .ok_or_else(|| refuse("is not 1 to 16 hexadecimal digits after the prefix"))?
    } else if text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex_number(text).ok_or_else(|| refuse("is out of range"))?
    } else if (1..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<i64>().map_err(|_| refuse("is out of range"))?
    } else {
        return Err(refuse(
            "is neither the long form (tag:google.com,2005:reader/item/<hex>) nor a decimal id",
        ));
    };
    Item::from_number(number).ok_or_else(|| refuse("names no item"))
}

fn hex_number(hex: &str) -> Option<i64> {
    if !(1..=16).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(hex, 16)
        .ok()
        .and_then(|n| i64::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_documented_forms_name_the_same_item() {
        let item = Item::Article(31);
        assert_eq!(
            item.long_form(),
            "tag:google.com,2005:reader/item/000000000000001f"
        );
        for form in [
            "tag:google.com,2005:reader/item/000000000000001f",
            "tag:google.com,2005:reader/item/1f",
            "000000000000001f",
            "31",
        ] {
            assert_eq!(parse(form), Ok(item), "{form}");
        }
        let day = Item::Day(NaiveDate::from_ymd_opt(2026, 12, 4).expect("date"));
        assert_eq!(day.number(), DAY_BASE + 20261204);
        assert_eq!(parse(&day.decimal()), Ok(day));
        assert_eq!(parse(&day.long_form()), Ok(day));
    }

    #[test]
    fn malformed_ids_are_refused_with_a_reason() {
        for bad in [
            "",
            "0",
            "-1",
            "+5",
            " 5",
            "5 ",
            "1e3",
            "tag:google.com,2005:reader/item/",
            "tag:google.com,2005:reader/item/xyz",
            "tag:google.com,2005:reader/item/00000000000000001",
            "tag:google.com,2005:reader/item/ffffffffffffffff",
            "99999999999999999999",
            "١٢",
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(e.0.contains("item id"), "{e}");
        }
        // A number in the day range that is no date names nothing.
        assert!(parse(&(DAY_BASE + 20261332).to_string()).is_err());
    }

    proptest! {
        #[test]
        fn every_item_reads_back_from_each_form(n in 1i64..(1i64 << 62)) {
            if let Some(item) = Item::from_number(n) {
                prop_assert_eq!(item.number(), n);
                prop_assert_eq!(parse(&item.long_form()), Ok(item));
                prop_assert_eq!(parse(&item.decimal()), Ok(item));
                prop_assert_eq!(parse(&format!("{LONG_PREFIX}{:x}", n)), Ok(item));
            }
        }

        #[test]
        fn any_text_is_an_item_or_a_reason(text in "\\PC{0,40}") {
            match parse(&text) {
                Ok(item) => prop_assert!(item.number() > 0),
                Err(e) => prop_assert!(!e.0.is_empty()),
            }
        }
    }
}
