//! The working calendar of Kazakhstan: weekends, public holidays (with the Labour Code's rule
//! that a secular holiday falling on a weekend moves the day off to the next working day), and a
//! tenant's own overrides (the government's yearly transfers of days off, local decisions).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Fixed-date public holidays as (month, day, secular). Religious holidays (Orthodox Christmas,
/// Kurban Ait) do not move when they fall on a weekend.
const FIXED: &[(u32, u32, bool)] = &[
    (1, 1, true), // New Year
    (1, 2, true),
    (1, 7, false), // Orthodox Christmas
    (3, 8, true),  // International Women's Day
    (3, 21, true), // Nauryz
    (3, 22, true),
    (3, 23, true),
    (5, 1, true),   // Unity Day
    (5, 7, true),   // Defender of the Fatherland Day
    (5, 9, true),   // Victory Day
    (7, 6, true),   // Capital Day
    (8, 30, true),  // Constitution Day
    (10, 25, true), // Republic Day
    (12, 16, true), // Independence Day
];

/// First day of Kurban Ait, a public holiday set each year by the lunar calendar.
const KURBAN_AIT: &[(i32, u32, u32)] =
    &[(2024, 6, 16), (2025, 6, 6), (2026, 5, 27), (2027, 5, 16), (2028, 5, 5), (2029, 4, 24), (2030, 4, 13)];

#[derive(Debug, Default, Clone)]
pub struct Calendar {
    /// A tenant's decisions: `true` makes a day working, `false` a day off.
    overrides: HashMap<NaiveDate, bool>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn holiday(date: NaiveDate) -> Option<bool> {
    FIXED.iter().find(|(m, d, _)| date.month() == *m && date.day() == *d).map(|(_, _, secular)| *secular).or_else(
        || KURBAN_AIT.iter().any(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d) == Some(date)).then_some(false),
    )
}

impl Calendar {
    pub fn new(overrides: HashMap<NaiveDate, bool>) -> Self {
        Self { overrides }
    }

    /// Whether a day is off by law: a holiday, a weekend, or a working day given in place of a
    /// secular holiday that fell on a weekend. Walking from ten days before (longer than any run
    /// of days off) settles how many such days are still owed.
    fn off_by_law(date: NaiveDate) -> bool {
        let mut owed = 0u32;
        let mut day = date - Duration::days(10);
        loop {
            let off = if holiday(day).is_some() || is_weekend(day) {
                if is_weekend(day) && holiday(day) == Some(true) {
                    owed += 1;
                }
                true
            } else if owed > 0 {
                owed -= 1;
                true
            } else {
                false
            };
            if day >= date {
                return off;
            }
            day += Duration::days(1);
        }
    }

    pub fn is_working(&self, date: NaiveDate) -> bool {
        match self.overrides.get(&date) {
            Some(working) => *working,
            None => !Self::off_by_law(date),
        }
    }

    /// The end (23:59:59 local) of the `n`-th working day after the local date of `from`.
    pub fn add_working_days(&self, from: DateTime<Utc>, n: u32, tz: Tz) -> DateTime<Utc> {
        let mut date = from.with_timezone(&tz).date_naive();
        let mut left = n;
        while left > 0 {
            date = date.succ_opt().unwrap_or(date);
            if self.is_working(date) {
                left -= 1;
            }
        }
        end_of_day(date, tz)
    }
}

fn end_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn weekends_and_holidays_are_off() {
        let cal = Calendar::default();
        assert!(!cal.is_working(d(2026, 11, 21)), "Saturday");
        assert!(cal.is_working(d(2026, 11, 23)), "Monday");
        assert!(!cal.is_working(d(2026, 12, 16)), "Independence Day");
        assert!(!cal.is_working(d(2026, 5, 27)), "Kurban Ait 2026");
        assert!(!cal.is_working(d(2026, 3, 23)), "Nauryz");
    }

    #[test]
    fn a_secular_holiday_on_a_weekend_moves_the_day_off_to_monday() {
        let cal = Calendar::default();
        // Republic Day 2026 is a Sunday: Monday the 26th is off.
        assert!(!cal.is_working(d(2026, 10, 26)));
        assert!(cal.is_working(d(2026, 10, 27)));
        // Orthodox Christmas 2024 fell on a Sunday: religious holidays do not move.
        assert!(cal.is_working(d(2024, 1, 8)));
        // Nauryz 2026 is Saturday to Monday: the two weekend days move to Tuesday and Wednesday.
        assert!(!cal.is_working(d(2026, 3, 24)));
        assert!(!cal.is_working(d(2026, 3, 25)));
        assert!(cal.is_working(d(2026, 3, 26)));
    }

    #[test]
    fn tenant_overrides_win() {
        let cal = Calendar::new(HashMap::from([(d(2026, 11, 23), false), (d(2026, 11, 21), true)]));
        assert!(!cal.is_working(d(2026, 11, 23)));
        assert!(cal.is_working(d(2026, 11, 21)));
    }

    #[test]
    fn fifteen_working_days_skip_weekends_and_holidays_in_the_tenants_time_zone() {
        let cal = Calendar::default();
        let tz: Tz = "Asia/Almaty".parse().unwrap_or(Tz::UTC);
        // Friday 2026-12-11 20:00 UTC is already Saturday 01:00 in Kazakhstan (UTC+5).
        let from = Utc.with_ymd_and_hms(2026, 12, 11, 20, 0, 0).single().unwrap_or_default();
        let due = cal.add_working_days(from, 15, tz).with_timezone(&tz);
        // From Saturday Dec 12: Dec 14, 15, 17, 18, 21–25, 28–31 are 13 working days (the 16th
        // is Independence Day); Jan 1 is off, Jan 2 falls on a Saturday so Monday Jan 4 is off too;
        // Jan 5 and 6 make 15.
        assert_eq!(due.date_naive(), d(2027, 1, 6));
        assert_eq!(due.format("%H:%M:%S").to_string(), "23:59:59");
    }
}
