//! Times and dates: storage format (RFC 3339 UTC text) and the configured zone's local days.
//! Its own module so storage, digests, search and claims can all use it without depending on
//! each other.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A time as stored: RFC 3339 UTC to the second (sorts as text).
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The first instant of a local date; a date whose midnight falls in a DST gap starts at
/// the first local time that exists.
fn start_of(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    for hour in 0..4 {
        let t = d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default());
        if let Some(local) = tz.from_local_datetime(&t).earliest() {
            return local.with_timezone(&Utc);
        }
    }
    Utc.from_utc_datetime(&d.and_time(NaiveTime::default()))
}

/// `[start, end)` of a local date in UTC.
pub fn day_bounds(d: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = d.succ_opt().unwrap_or(d);
    (start_of(d, tz), start_of(next, tz))
}

/// A stored time shown in the configured zone (unparseable text is returned as it is).
/// A time in the configured zone, to the second.
pub fn local_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn local_rfc3339(t: &str, tz: Tz) -> String {
    parse_ts(t)
        .map(|u| {
            u.with_timezone(&tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|| t.to_string())
}

/// `YYYY-MM-DD`, nothing else.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Formats listing pages write dates in, tried in order after RFC 3339 and RFC 2822.
pub const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y.%m.%d",
    "%Y/%m/%d",
    "%Y. %m. %d.",
    "%Y년 %m월 %d일",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%m/%d/%Y",
];

/// A publication date as pages write it (listings, article metadata); a day without a time is taken at noon UTC, which is the
/// same calendar day from UTC−11 to UTC+11.
pub fn parse_published(text: &str, extra: &[String]) -> Option<DateTime<Utc>> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(t) {
        return Some(d.with_timezone(&Utc));
    }
    let formats = extra
        .iter()
        .map(String::as_str)
        .chain(DATE_FORMATS.iter().copied());
    for f in formats {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Some(dt.and_utc());
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return d.and_hms_opt(12, 0, 0).map(|dt| dt.and_utc());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        parse_ts(s).expect("timestamp")
    }

    #[test]
    fn seoul_dates_differ_from_utc_dates() {
        let seoul: Tz = "Asia/Seoul".parse().expect("tz");
        // 20:00 UTC on the 20th is 05:00 on the 21st in Seoul.
        assert_eq!(
            local_date(utc("2026-02-20T20:00:00Z"), seoul),
            NaiveDate::from_ymd_opt(2026, 2, 21).expect("date")
        );
        let (from, to) = day_bounds(NaiveDate::from_ymd_opt(2026, 2, 21).expect("date"), seoul);
        assert_eq!(from, utc("2026-02-20T15:00:00Z"));
        assert_eq!(to, utc("2026-02-21T15:00:00Z"));
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let ny: Tz = "America/New_York".parse().expect("tz");
        let (a, b) = day_bounds(NaiveDate::from_ymd_opt(2026, 3, 8).expect("date"), ny);
        assert_eq!((b - a).num_hours(), 23);
        let (a, b) = day_bounds(NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"), ny);
        assert_eq!((b - a).num_hours(), 25);
    }

    #[test]
    fn parses_only_strict_dates() {
        assert!(parse_date("2026-02-21").is_some());
        for bad in ["2026-2-21", "2026-02-30", "yesterday", "2026-02-21x", ""] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn publication_dates_read_as_pages_write_them() {
        let noon = |d: &str| utc(&format!("{d}T12:00:00Z"));
        assert_eq!(
            parse_published(" 2026.02.21 ", &[]),
            Some(noon("2026-02-21"))
        );
        assert_eq!(
            parse_published("2026년 2월 21일", &[]),
            Some(noon("2026-02-21"))
        );
        assert_eq!(
            parse_published("Feb  21,\n 2026", &[]),
            Some(noon("2026-02-21"))
        );
        assert_eq!(parse_published("Released 2026", &[]), None);
    }

    proptest::proptest! {
        /// Any text, in any script or case, is a date or nothing: never a panic.
        #[test]
        fn any_text_is_a_date_or_nothing(s in "\\PC{0,120}", extra in "\\PC{0,12}") {
            let _ = parse_published(&s, &[extra]);
            let _ = parse_published(&s.to_uppercase(), &[]);
        }
    }
}
