//! Date arithmetic for grouping: TimeML values as day numbers, and which values are compatible.
//!
//! Record dates are TimeML values of varying precision (`2025-11-18`, `XXXX-11-18`, `2025-11`,
//! `XXXX-11`, `2025`). Grouping needs to compare them, so each is parsed into a [`When`]:
//! a single day, a span of days (a month or a year), or a day or month whose year is unknown.
//! Days are counted from 1970-01-01 ([`days_from_civil`]), so "within N days" is a subtraction.
//!
//! Compatibility follows the shared precision: `2025-11-18` and `2025-11` are compatible (the
//! day lies in the month), `XXXX-11-18` is compatible with `2025-11-18` and `2024-11-18` (the
//! same day of any year), `2025-11-18` and `2025-11-19` are not — unless a tolerance of one day
//! is allowed for time zones (an outage at 23:00 in California is reported for the next day in
//! Rome).

use std::fmt;

/// A day number: days since 1970-01-01 (negative before).
pub type Day = i32;

/// A record date, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// One calendar day (`YYYY-MM-DD`).
    Day(Day),
    /// A span of days with a known year: a month (`YYYY-MM`) or a year (`YYYY`).
    Span {
        /// First day.
        first: Day,
        /// Last day.
        last: Day,
    },
    /// A day of an unknown year (`XXXX-MM-DD`).
    YearlessDay {
        /// Month, 1–12.
        month: u8,
        /// Day of month, 1–31.
        day: u8,
    },
    /// A month of an unknown year (`XXXX-MM`).
    YearlessMonth {
        /// Month, 1–12.
        month: u8,
    },
}

impl When {
    /// Parses a TimeML value; `None` for anything else (including impossible dates).
    ///
    /// ```
    /// use outage_news::incidents::dates::When;
    /// assert!(matches!(When::parse("2025-11-18"), Some(When::Day(_))));
    /// assert_eq!(When::parse("XXXX-11-18"), Some(When::YearlessDay { month: 11, day: 18 }));
    /// assert_eq!(When::parse("2025-02-30"), None);
    /// ```
    pub fn parse(value: &str) -> Option<When> {
        let mut parts = value.split('-');
        let year = parts.next()?;
        let month = parts.next();
        let day = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let year = if year == "XXXX" {
            None
        } else {
            Some(parse_number(year, 4)?)
        };
        let month = match month {
            Some(m) => Some(
                u8::try_from(parse_number(m, 2)?)
                    .ok()
                    .filter(|m| (1..=12).contains(m))?,
            ),
            None => None,
        };
        let day = match day {
            Some(d) => Some(u8::try_from(parse_number(d, 2)?).ok()?),
            None => None,
        };
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => Some(When::Day(days_from_civil(y, m, d)?)),
            (Some(y), Some(m), None) => Some(When::Span {
                first: days_from_civil(y, m, 1)?,
                last: days_from_civil(y, m, days_in_month(y, m))?,
            }),
            (Some(y), None, None) => Some(When::Span {
                first: days_from_civil(y, 1, 1)?,
                last: days_from_civil(y, 12, 31)?,
            }),
            (None, Some(m), Some(d)) if (1..=days_in_month(2000, m)).contains(&d) => {
                Some(When::YearlessDay { month: m, day: d })
            }
            (None, Some(m), None) => Some(When::YearlessMonth { month: m }),
            _ => None,
        }
    }

    /// Gives a yearless value the year that puts it last on or before `published` (plus one
    /// day of slack for time zones): an article published on 2025-03-02 that says "on 1 March"
    /// means 2025-03-01; one published on 2025-01-02 that says "on 28 December" means
    /// 2024-12-28. Values with a year are returned unchanged.
    pub fn with_year_from(self, published: Day) -> When {
        let (year, _, _) = civil_from_days(published);
        let pick = |make: &dyn Fn(i32) -> Option<When>| -> Option<When> {
            [year, year - 1]
                .into_iter()
                .filter_map(make)
                .find(|w| w.first() <= published + 1)
        };
        match self {
            When::YearlessDay { month, day } => {
                pick(&|y| days_from_civil(y, month, day).map(When::Day)).unwrap_or(self)
            }
            When::YearlessMonth { month } => pick(&|y| {
                Some(When::Span {
                    first: days_from_civil(y, month, 1)?,
                    last: days_from_civil(y, month, days_in_month(y, month))?,
                })
            })
            .unwrap_or(self),
            other => other,
        }
    }

    /// The first day, for values with a year (`i32::MIN` for yearless values).
    pub fn first(self) -> Day {
        match self {
            When::Day(d) => d,
            When::Span { first, .. } => first,
            _ => Day::MIN,
        }
    }

    /// The last day, for values with a year (`i32::MAX` for yearless values).
    pub fn last(self) -> Day {
        match self {
            When::Day(d) => d,
            When::Span { last, .. } => last,
            _ => Day::MAX,
        }
    }

    /// Whether the two values can name the same day, allowing `tolerance` days either way.
    ///
    /// ```
    /// use outage_news::incidents::dates::When;
    /// let w = |v| When::parse(v).unwrap();
    /// assert!(w("2025-11-18").compatible(w("2025-11"), 0));
    /// assert!(w("XXXX-11-18").compatible(w("2024-11-18"), 0));
    /// assert!(!w("2025-11-18").compatible(w("2025-11-19"), 0));
    /// assert!(w("2025-11-18").compatible(w("2025-11-19"), 1));
    /// ```
    pub fn compatible(self, other: When, tolerance: Day) -> bool {
        use When::*;
        match (self, other) {
            (Day(_) | Span { .. }, Day(_) | Span { .. }) => {
                self.first() - tolerance <= other.last() && other.first() - tolerance <= self.last()
            }
            (YearlessDay { month, day }, known) | (known, YearlessDay { month, day })
                if matches!(known, Day(_) | Span { .. }) =>
            {
                (known_years(known)).any(|y| {
                    days_from_civil(y, month, day)
                        .is_some_and(|d| When::Day(d).compatible(known, tolerance))
                })
            }
            (YearlessMonth { month }, known) | (known, YearlessMonth { month })
                if matches!(known, Day(_) | Span { .. }) =>
            {
                known_years(known).any(|y| {
                    match (
                        days_from_civil(y, month, 1),
                        days_from_civil(y, month, days_in_month(y, month)),
                    ) {
                        (Some(first), Some(last)) => {
                            When::Span { first, last }.compatible(known, tolerance)
                        }
                        _ => false,
                    }
                })
            }
            (YearlessDay { month: a, day: b }, YearlessDay { month: c, day: d }) => {
                let shift = |m: u8, d: u8| days_from_civil(2000, m, d);
                match (shift(a, b), shift(c, d)) {
                    (Some(x), Some(y)) => (x - y).abs() <= tolerance,
                    _ => false,
                }
            }
            (YearlessDay { month: a, .. }, YearlessMonth { month: b })
            | (YearlessMonth { month: a }, YearlessDay { month: b, .. })
            | (YearlessMonth { month: a }, YearlessMonth { month: b }) => a == b,
            _ => false,
        }
    }
}

/// The years a dated value touches (one year, or two for a span over new year's eve).
fn known_years(known: When) -> impl Iterator<Item = i32> {
    let (first, _, _) = civil_from_days(known.first().saturating_sub(1));
    let (last, _, _) = civil_from_days(known.last().saturating_add(1));
    first..=last
}

fn parse_number(text: &str, width: usize) -> Option<i32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The day number of a calendar date, or `None` when the date does not exist.
///
/// ```
/// use outage_news::incidents::dates::days_from_civil;
/// assert_eq!(days_from_civil(1970, 1, 1), Some(0));
/// assert_eq!(days_from_civil(2024, 2, 29), Some(19782));
/// assert_eq!(days_from_civil(2025, 2, 29), None);
/// ```
pub fn days_from_civil(year: i32, month: u8, day: u8) -> Option<Day> {
    if !(-9999..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's algorithm (days_from_civil), in i64 to stay clear of overflow.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Day::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The calendar date `(year, month, day)` of a day number.
pub fn civil_from_days(days: Day) -> (i32, u8, u8) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// A day number written as `YYYY-MM-DD`.
pub struct IsoDay(pub Day);

impl fmt::Display for IsoDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &str) -> When {
        When::parse(v).unwrap_or_else(|| panic!("{v} parses"))
    }

    #[test]
    fn day_numbers_round_trip_across_leap_years_and_eras() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days), "{y}-{m}-{d}");
        }
        assert_eq!(
            IsoDay(days_from_civil(2025, 11, 18).unwrap_or(0)).to_string(),
            "2025-11-18"
        );
    }

    #[test]
    fn parse_rejects_what_is_not_a_timeml_date() {
        for bad in [
            "",
            "2025-13",
            "2025-00-10",
            "2025-1-5",
            "XXXX",
            "XXXX-02-30",
            "2025-11-18-x",
            "ab",
            "20251118",
        ] {
            assert_eq!(When::parse(bad), None, "{bad}");
        }
        assert_eq!(
            When::parse("XXXX-02-29"),
            Some(When::YearlessDay { month: 2, day: 29 })
        );
    }

    #[test]
    fn equal_at_the_shared_precision() {
        assert!(w("2025-11-18").compatible(w("2025-11-18"), 0));
        assert!(w("2025-11-18").compatible(w("2025-11"), 0));
        assert!(w("2025-11").compatible(w("2025-11-30"), 0));
        assert!(!w("2025-11").compatible(w("2025-12-01"), 0));
        assert!(
            w("2025-12-01").compatible(w("2025-11"), 1),
            "one day of slack reaches across"
        );
        assert!(w("2025").compatible(w("2025-06-12"), 0));
        assert!(!w("2024").compatible(w("2025-06-12"), 0));
        assert!(!w("2025-11-18").compatible(w("2025-11-20"), 1));
    }

    #[test]
    fn unknown_year_matches_the_same_day_of_any_year() {
        assert!(w("XXXX-03-05").compatible(w("2024-03-05"), 0));
        assert!(w("2019-03-05").compatible(w("XXXX-03-05"), 0));
        assert!(!w("XXXX-03-05").compatible(w("2024-03-07"), 1));
        assert!(w("XXXX-03-05").compatible(w("2024-03-06"), 1));
        assert!(
            w("XXXX-12-31").compatible(w("2025-01-01"), 1),
            "across new year"
        );
        assert!(w("XXXX-03-05").compatible(w("2024-03"), 0));
        assert!(w("XXXX-03").compatible(w("2024-03-17"), 0));
        assert!(w("XXXX-03-05").compatible(w("XXXX-03-05"), 0));
        assert!(w("XXXX-03-05").compatible(w("XXXX-03"), 0));
        assert!(!w("XXXX-03-05").compatible(w("XXXX-04-05"), 0));
    }

    #[test]
    fn publication_date_supplies_the_year() {
        let published = days_from_civil(2025, 3, 2).unwrap_or(0);
        assert_eq!(w("XXXX-03-01").with_year_from(published), w("2025-03-01"));
        assert_eq!(w("XXXX-12-28").with_year_from(published), w("2024-12-28"));
        assert_eq!(
            w("XXXX-03-03").with_year_from(published),
            w("2025-03-03"),
            "a day of slack"
        );
        assert_eq!(w("XXXX-03").with_year_from(published), w("2025-03"));
        assert_eq!(w("2023-01-01").with_year_from(published), w("2023-01-01"));
    }
}
