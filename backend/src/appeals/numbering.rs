//! Appeal numbers: `<prefix>-<year>-<seq>` (`AST-2026-000123`), counted per city and year.
//!
//! The upsert takes the counter row's lock, so concurrent registrations queue on it and a
//! rolled-back registration gives its numbers back: no gaps, no duplicates.

use sea_orm::ConnectionTrait;

use crate::error::AppResult;
use crate::infra::sql;

/// `count` consecutive numbers of `year`, in order.
pub async fn reserve(conn: &impl ConnectionTrait, prefix: &str, year: i32, count: i64) -> AppResult<Vec<String>> {
    let rows = sql::all(
        conn,
        "INSERT INTO appeal_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = appeal_counters.last + ? RETURNING last",
        vec![year.into(), count.into(), count.into()],
    )
    .await?;
    let row = rows.first().ok_or_else(|| anyhow::anyhow!("the appeal counter returned nothing"))?;
    let last: i64 = row.try_get("", "last")?;
    Ok((last - count + 1..=last).map(|seq| format(prefix, year, seq)).collect())
}

/// The year's next number.
pub async fn next(conn: &impl ConnectionTrait, prefix: &str, year: i32) -> AppResult<String> {
    let mut numbers = reserve(conn, prefix, year, 1).await?;
    Ok(numbers.pop().unwrap_or_default())
}

fn format(prefix: &str, year: i32, seq: i64) -> String {
    format!("{prefix}-{year}-{seq:06}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_zero_padded_to_six_places() {
        assert_eq!(super::format("AST", 2026, 123), "AST-2026-000123");
        assert_eq!(super::format("TRZ", 2027, 1_234_567), "TRZ-2027-1234567");
    }
}
