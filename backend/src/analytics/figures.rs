//! The figures of a set of appeals, from the sums of their rollup rows: counts, shares,
//! and the median and 90th percentile of the time to resolve read from its buckets.

use sea_orm::ConnectionTrait;

use super::filter::Clause;
use crate::appeals::rollup::{self, Counts, RESOLVE_BUCKET_HOURS};
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

/// The summed counts per value of one key column (`channel`, `organization_id`, ...).
pub async fn by<K: sea_orm::TryGetable>(
    conn: &impl ConnectionTrait,
    column: &str,
    clause: &Clause,
) -> AppResult<Vec<(K, Counts)>> {
    let text = format!("SELECT {column}, {} FROM {} WHERE {} GROUP BY {column}", sums(), rollup::TABLE, clause.sql);
    let rows = sql::all(conn, &text, clause.values.clone()).await?;
    rows.iter().map(|row| Ok((row.try_get_by_index::<K>(0)?, counts_at(row, 1)?))).collect()
}

/// Every counter per day.
pub async fn by_day(conn: &impl ConnectionTrait, clause: &Clause) -> AppResult<Vec<(chrono::NaiveDate, Counts)>> {
    let text = format!("SELECT day, {} FROM {} WHERE {} GROUP BY day", sums(), rollup::TABLE, clause.sql);
    let rows = sql::all(conn, &text, clause.values.clone()).await?;
    rows.iter().map(|r| Ok((r.try_get_by_index(0)?, counts_at(r, 1)?))).collect()
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
}
