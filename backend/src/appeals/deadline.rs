//! When an appeal is due, and when its deadline warning goes out.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::calendar::Calendar;
use crate::catalog::DeadlineUnit;

/// Clock hours for urgent incidents; otherwise working days in the tenant's calendar and zone.
pub fn due_at(registered: DateTime<Utc>, value: i32, unit: DeadlineUnit, calendar: &Calendar, tz: Tz) -> DateTime<Utc> {
    match unit {
        DeadlineUnit::Hours => registered + Duration::hours(i64::from(value.max(1))),
        DeadlineUnit::WorkingDays => calendar.add_working_days(registered, value.max(1) as u32, tz),
    }
}

/// The moment `share` of the time between registration and deadline has passed.
pub fn warn_at(registered: DateTime<Utc>, due: DateTime<Utc>, share: f64) -> DateTime<Utc> {
    let span = (due - registered).num_seconds().max(0) as f64;
    registered + Duration::seconds((span * share.clamp(0.0, 1.0)) as i64)
}

/// The latest deadline an extension may set: two months after registration.
pub fn latest_extension(registered: DateTime<Utc>) -> DateTime<Utc> {
    registered.checked_add_months(chrono::Months::new(2)).unwrap_or(registered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tz() -> Tz {
        "Asia/Almaty".parse().unwrap_or(Tz::UTC)
    }

    #[test]
    fn urgent_incidents_count_clock_hours_through_weekends() {
        let friday_evening = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).single().unwrap_or_default();
        let due = due_at(friday_evening, 24, DeadlineUnit::Hours, &Calendar::default(), tz());
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 21, 15, 0, 0).single().unwrap_or_default());
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // Friday 20 Nov 2026, 10:00 in Kazakhstan; one working day → Monday 23rd, end of day.
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 5, 0, 0).single().unwrap_or_default();
        let due = due_at(friday, 1, DeadlineUnit::WorkingDays, &Calendar::default(), tz()).with_timezone(&tz());
        assert_eq!(due.format("%Y-%m-%d %H:%M").to_string(), "2026-11-23 23:59");
    }

    #[test]
    fn the_warning_comes_at_the_configured_share() {
        let start = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).single().unwrap_or_default();
        let due = start + Duration::hours(100);
        assert_eq!(warn_at(start, due, 0.75), start + Duration::hours(75));
    }

    #[test]
    fn an_extension_reaches_two_months_at_most() {
        let start = Utc.with_ymd_and_hms(2026, 12, 31, 12, 0, 0).single().unwrap_or_default();
        assert_eq!(latest_extension(start), Utc.with_ymd_and_hms(2027, 2, 28, 12, 0, 0).single().unwrap_or_default());
    }
}
