//! Quarters of the year in a tenant's time zone: `2026Q4` runs from 1 October 00:00 local time
//! to 1 January 00:00.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    pub fn containing(at: DateTime<Utc>, tz: Tz) -> Self {
        let local = at.with_timezone(&tz);
        Self { year: local.year(), q: (local.month() - 1) / 3 + 1 }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("`{raw}` is not a quarter: write it as 2026Q4");
        let (year, q) = raw.trim().split_once(['Q', 'q']).ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) || !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Self { year, q })
    }

    /// `[start, end)` in UTC.
    pub fn range(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |year: i32, month: u32| {
            let date = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
            tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let month = (self.q - 1) * 3 + 1;
        let end = if self.q == 4 { start(self.year + 1, 1) } else { start(self.year, month + 3) };
        (start(self.year, month), end)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_follow_the_local_calendar() {
        let tz: Tz = "Asia/Almaty".parse().unwrap_or(Tz::UTC);
        // 31 December 20:00 UTC is already 1 January in Kazakhstan.
        let eve = Utc.with_ymd_and_hms(2026, 12, 31, 20, 0, 0).single().unwrap_or_default();
        assert_eq!(Quarter::containing(eve, tz).to_string(), "2027Q1");
        let (start, end) = Quarter::parse("2026Q4").map(|q| q.range(tz)).unwrap_or_default();
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 9, 30, 19, 0, 0).single().unwrap_or_default());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 12, 31, 19, 0, 0).single().unwrap_or_default());
        assert!(Quarter::parse("2026Q5").is_err() && Quarter::parse("Q1").is_err());
    }
}
