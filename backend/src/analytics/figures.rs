//! The figures of a set of appeals, from the sums of their rollup rows: counts, shares,
//! and the median and 90th percentile of the time to resolve read from its buckets.

use chrono::{Datelike, Duration, Months, NaiveDate};
use sea_orm::{ConnectionTrait, Value};

use super::filter::{Clause, Period, Selection};
use crate::appeals::rollup::{self, Counts, Grain, RESOLVE_BUCKET_HOURS};
use crate::error::AppResult;
use crate::infra::sql;

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub counts: Counts,
    /// Resolved at first call, as a share of received (0..1).
    pub first_call_share: Option<f64>,
    /// Resolved by the deadline, as a share of resolved.
    pub on_time_share: Option<f64>,
    /// Reopened after "resolved", as a share of resolved.
    pub reopen_rate: Option<f64>,
    pub average_rating: Option<f64>,
    pub average_hours_to_resolve: Option<f64>,
    pub median_hours_to_resolve: Option<f64>,
    pub p90_hours_to_resolve: Option<f64>,
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Figures {
    pub fn of(counts: Counts) -> Self {
        let resolved = counts.resolved_on_time + counts.resolved_late;
        Figures {
            first_call_share: share(counts.first_call, counts.received),
            on_time_share: share(counts.resolved_on_time, resolved),
            reopen_rate: share(counts.reopened, resolved),
            average_rating: share(counts.rating_sum, counts.rating_count),
            average_hours_to_resolve: share(counts.resolve_seconds, resolved).map(|s| s / 3600.0),
            median_hours_to_resolve: percentile_hours(&counts.resolved_within, 0.5),
            p90_hours_to_resolve: percentile_hours(&counts.resolved_within, 0.9),
            counts,
        }
    }

    pub fn resolved(&self) -> i64 {
        self.counts.resolved_on_time + self.counts.resolved_late
    }
}

/// The hours within which a share `q` of the resolved appeals were resolved, interpolated
/// inside its bucket; the open-ended last bucket answers with its lower bound.
pub fn percentile_hours(buckets: &[i64], q: f64) -> Option<f64> {
    let total: i64 = buckets.iter().sum();
    if total <= 0 {
        return None;
    }
    let target = q * total as f64;
    let mut below = 0.0;
    for (i, n) in buckets.iter().enumerate() {
        let n = *n as f64;
        if n > 0.0 && below + n >= target {
            let low = if i == 0 { 0.0 } else { RESOLVE_BUCKET_HOURS[i - 1] as f64 };
            let Some(high) = RESOLVE_BUCKET_HOURS.get(i).map(|h| *h as f64) else {
                return Some(low);
            };
            return Some(low + (high - low) * ((target - below) / n).clamp(0.0, 1.0));
        }
        below += n;
    }
    None
}

/// `CAST(COALESCE(SUM(c), 0) AS BIGINT)` for every counter: PostgreSQL sums bigints as numeric.
pub fn sums() -> String {
    rollup::columns()[rollup::KEY_COLUMNS.len()..]
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `Counts` from a row whose columns from `first` on are `sums()`.
pub fn counts_at(row: &sea_orm::QueryResult, first: usize) -> AppResult<Counts> {
    let mut values = Vec::with_capacity(rollup::COUNTERS.len() + rollup::BUCKETS);
    for i in 0..rollup::COUNTERS.len() + rollup::BUCKETS {
        values.push(row.try_get_by_index::<i64>(first + i)?);
    }
    Ok(Counts::from_values(&values))
}

/// The grain a grouping needs: organizations and districts only the full rows carry.
fn grain_for(column: &str) -> Grain {
    match column {
        "organization_id" | "district" => Grain::Full,
        "service_type_id" => Grain::Catalog,
        _ => Grain::Channel,
    }
}

/// The summed counts over a period per value of one key column (`channel`, `organization_id`,
/// ...), from the coarsest rollup that carries the filters and the column: whole months from the
/// monthly rows where the grain has them, the days around them from the daily ones.
pub async fn by<K: sea_orm::TryGetable>(
    conn: &impl ConnectionTrait,
    selection: &Selection,
    column: &str,
    period: Period,
) -> AppResult<Vec<(K, Counts)>> {
    // Grains are ordered from the finest: the finer of the two carries both.
    let grain = selection.grain.min(grain_for(column));
    let mut parts: Vec<(Grain, Vec<(NaiveDate, NaiveDate)>)> = Vec::new();
    match grain.monthly() {
        Some(monthly) => {
            let (months, days) = split_months(period.from, period.to);
            parts.extend(months.map(|m| (monthly, vec![m])));
            parts.push((grain, days));
        }
        None => parts.push((grain, vec![(period.from, period.to)])),
    }
    let counters = rollup::columns()[rollup::KEY_COLUMNS.len()..].join(", ");
    let mut selects = Vec::new();
    let mut values = Vec::new();
    for (grain, ranges) in parts.iter().filter(|(_, ranges)| !ranges.is_empty()) {
        let (days, day_values) = day_ranges(ranges);
        selects.push(format!(
            "SELECT {column}, {counters} FROM {} WHERE grain = ? AND ({days}) AND {}",
            rollup::TABLE,
            selection.filters.sql
        ));
        values.push(Value::from(grain.code()));
        values.extend(day_values);
        values.extend(selection.filters.values.iter().cloned());
    }
    let text = format!("SELECT {column}, {} FROM ({}) picked GROUP BY {column}", sums(), selects.join(" UNION ALL "));
    let rows = sql::all(conn, &text, values).await?;
    rows.iter().map(|row| Ok((row.try_get_by_index::<K>(0)?, counts_at(row, 1)?))).collect()
}

/// Every counter per row day of one grain over some ranges of days (a monthly grain's
/// rows are on their months' first days).
pub async fn by_day(
    conn: &impl ConnectionTrait,
    grain: Grain,
    filters: &Clause,
    ranges: &[(NaiveDate, NaiveDate)],
) -> AppResult<Vec<(NaiveDate, Counts)>> {
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let (days, day_values) = day_ranges(ranges);
    let mut values = vec![Value::from(grain.code())];
    values.extend(day_values);
    values.extend(filters.values.iter().cloned());
    let text = format!(
        "SELECT day, {} FROM {} WHERE grain = ? AND ({days}) AND {} GROUP BY day",
        sums(),
        rollup::TABLE,
        filters.sql
    );
    let rows = sql::all(conn, &text, values).await?;
    rows.iter().map(|r| Ok((r.try_get_by_index(0)?, counts_at(r, 1)?))).collect()
}

/// Days from the first to the last, both included.
pub type Days = (NaiveDate, NaiveDate);

/// `(day >= ? AND day <= ?) OR …` for ranges of days, both ends included.
fn day_ranges(ranges: &[(NaiveDate, NaiveDate)]) -> (String, Vec<Value>) {
    let sql = vec!["(day >= ? AND day <= ?)"; ranges.len()].join(" OR ");
    (sql, ranges.iter().flat_map(|(from, to)| [Value::from(*from), Value::from(*to)]).collect())
}

/// The whole calendar months inside `from..=to`, as the first days of the first and the last of
/// them, and the days outside them.
pub fn split_months(from: NaiveDate, to: NaiveDate) -> (Option<Days>, Vec<Days>) {
    let month_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |m: NaiveDate| m.checked_add_months(Months::new(1)).unwrap_or(m);
    let first = if from.day() == 1 { from } else { next_month(month_of(from)) };
    // The first day after the last whole month.
    let end = if to.succ_opt().is_some_and(|d| d.day() == 1) { next_month(month_of(to)) } else { month_of(to) };
    if first >= end {
        return (None, vec![(from, to)]);
    }
    let mut edges = Vec::new();
    if from < first {
        edges.push((from, first - Duration::days(1)));
    }
    if end <= to {
        edges.push((end, to));
    }
    let last = end.checked_sub_months(Months::new(1)).unwrap_or(first);
    (Some((first, last)), edges)
}

/// Sorted ranges with those less than `gap` days apart joined (reading a few rows more is
/// cheaper than another range); a long list becomes the one range that covers it.
pub fn merge_ranges(mut ranges: Vec<(NaiveDate, NaiveDate)>, gap: i64) -> Vec<(NaiveDate, NaiveDate)> {
    ranges.sort();
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (from, to) in ranges {
        match out.last_mut() {
            Some(last) if (from - last.1).num_days() <= gap => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    if out.len() > 32 {
        let (first, last) = (out[0].0, out.iter().map(|r| r.1).max().unwrap_or(out[0].1));
        out = vec![(first, last)];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_inside_a_bucket() {
        let mut buckets = [0i64; rollup::BUCKETS];
        buckets[0] = 50; // within an hour
        buckets[5] = 50; // 12 to 24 hours
        assert_eq!(percentile_hours(&buckets, 0.5), Some(1.0));
        assert_eq!(percentile_hours(&buckets, 0.9), Some(12.0 + 12.0 * 0.8));
        buckets[rollup::BUCKETS - 1] = 900;
        assert_eq!(percentile_hours(&buckets, 0.9), Some(1440.0), "beyond the last bound: its lower bound");
        assert_eq!(percentile_hours(&[0; rollup::BUCKETS], 0.5), None);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_period_splits_into_whole_months_and_the_days_around_them() {
        let months = |from: &str, to: &str| split_months(day(from), day(to));
        assert_eq!(months("2026-01-01", "2026-03-31"), (Some((day("2026-01-01"), day("2026-03-01"))), vec![]));
        assert_eq!(
            months("2026-01-15", "2026-03-10"),
            (
                Some((day("2026-02-01"), day("2026-02-01"))),
                vec![(day("2026-01-15"), day("2026-01-31")), (day("2026-03-01"), day("2026-03-10"))]
            )
        );
        assert_eq!(months("2026-01-15", "2026-02-10"), (None, vec![(day("2026-01-15"), day("2026-02-10"))]));
        assert_eq!(months("2026-02-01", "2026-02-27"), (None, vec![(day("2026-02-01"), day("2026-02-27"))]));
        assert_eq!(months("2028-02-01", "2028-02-29"), (Some((day("2028-02-01"), day("2028-02-01"))), vec![]));
        assert_eq!(
            months("2025-12-03", "2026-12-02"),
            (
                Some((day("2026-01-01"), day("2026-11-01"))),
                vec![(day("2025-12-03"), day("2025-12-31")), (day("2026-12-01"), day("2026-12-02"))]
            )
        );
    }

    #[test]
    fn ranges_close_together_are_read_as_one() {
        let r = |a: &str, b: &str| (day(a), day(b));
        let merged = merge_ranges(
            vec![r("2026-03-01", "2026-03-05"), r("2026-01-01", "2026-01-31"), r("2026-02-01", "2026-02-03")],
            1,
        );
        assert_eq!(merged, vec![r("2026-01-01", "2026-02-03"), r("2026-03-01", "2026-03-05")]);
        let many: Vec<_> = (0..40)
            .map(|i| (day("2026-01-01") + Duration::days(3 * i), day("2026-01-01") + Duration::days(3 * i)))
            .collect();
        assert_eq!(merge_ranges(many, 1), vec![r("2026-01-01", "2026-04-28")]);
    }
}
