//! Bulk loading into PostgreSQL: rows go in with `COPY … FROM STDIN`, which skips the parse and
//! bind of a statement with tens of thousands of values, in one transaction scoped to a tenant.
//! The rows are the same active models an insert would take, so a caller builds them once for
//! either backend.

use anyhow::Context;
use chrono::SecondsFormat;
use sea_orm::sea_query::{PostgresQueryBuilder, QueryStatementWriter, Value};
use sea_orm::sqlx::{self, Postgres};
use sea_orm::{ActiveModelTrait, EntityName, EntityTrait, IdenStatic, Iterable};
use sea_query_sqlx::SqlxValues;

/// A PostgreSQL transaction that sees only one tenant's tables, for bulk writes.
pub struct Bulk {
    tx: sqlx::Transaction<'static, Postgres>,
}

impl Bulk {
    pub(super) async fn begin(pool: &sqlx::PgPool, schema: &str) -> anyhow::Result<Self> {
        let mut tx = pool.begin().await.context("opening a bulk transaction")?;
        // `schema` comes from a `TenantName`: no quoting problem can arise.
        sqlx::query(sqlx::AssertSqlSafe(format!("SET LOCAL search_path TO \"{schema}\"")))
            .execute(&mut *tx)
            .await
            .with_context(|| format!("scoping the bulk transaction to schema {schema}"))?;
        Ok(Self { tx })
    }

    /// Takes `n` ids from the sequence behind `table.id`, so rows written by COPY can be referred
    /// to before they are written.
    pub async fn next_ids(&mut self, table: &str, n: usize) -> anyhow::Result<Vec<i64>> {
        let ids = sqlx::query_scalar::<_, i64>(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
        )
        .bind(table)
        .bind(i64::try_from(n)?)
        .fetch_all(&mut *self.tx)
        .await
        .with_context(|| format!("taking {n} ids for {table}"))?;
        Ok(ids)
    }

    /// Writes the models' set columns with one COPY; every model must set the same columns.
    /// Returns the rows written.
    pub async fn copy_in<A: ActiveModelTrait>(&mut self, models: &[A]) -> anyhow::Result<u64> {
        let Some(first) = models.first() else { return Ok(0) };
        let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter().filter(|c| first.get(*c).is_set()).collect();
        let table = A::Entity::default().table_name().to_owned();
        let mut data = Vec::with_capacity(models.len() * 256);
        for model in models {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    data.push(b'\t');
                }
                let value = model
                    .get(*column)
                    .into_value()
                    .with_context(|| format!("{table}.{} is not set in every row", column.as_str()))?;
                write_field(&mut data, &value).with_context(|| format!("{table}.{}", column.as_str()))?;
            }
            data.push(b'\n');
        }
        let list = columns.iter().map(|c| format!("\"{}\"", c.as_str())).collect::<Vec<_>>().join(", ");
        let mut copy = self
            .tx
            .copy_in_raw(&format!("COPY \"{table}\" ({list}) FROM STDIN"))
            .await
            .with_context(|| format!("starting COPY into {table}"))?;
        copy.send(data).await.with_context(|| format!("sending rows to {table}"))?;
        copy.finish().await.with_context(|| format!("COPY into {table}"))
    }

    /// Runs an ordinary statement in the same transaction.
    pub async fn execute(&mut self, statement: &impl QueryStatementWriter) -> anyhow::Result<u64> {
        let (sql, values) = statement.build(PostgresQueryBuilder);
        let done = sqlx::query_with(sqlx::AssertSqlSafe(sql), SqlxValues(values)).execute(&mut *self.tx).await?;
        Ok(done.rows_affected())
    }

    pub async fn commit(self) -> anyhow::Result<()> {
        self.tx.commit().await.context("committing a bulk transaction")
    }
}

/// One field in COPY's text format: `\N` for NULL, backslash escapes for the characters that
/// separate fields and rows.
fn write_field(out: &mut Vec<u8>, value: &Value) -> anyhow::Result<()> {
    let text = match value {
        Value::Bool(v) => v.map(|b| if b { "t" } else { "f" }.to_owned()),
        Value::SmallInt(v) => v.map(|n| n.to_string()),
        Value::Int(v) => v.map(|n| n.to_string()),
        Value::BigInt(v) => v.map(|n| n.to_string()),
        Value::Double(v) => v.map(|n| n.to_string()),
        Value::String(v) => v.clone(),
        Value::Json(v) => v.as_ref().map(|j| j.to_string()),
        Value::ChronoDate(v) => v.map(|d| d.format("%Y-%m-%d").to_string()),
        Value::ChronoDateTimeUtc(v) => v.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        other => anyhow::bail!("COPY does not write values like {other:?}"),
    };
    match text {
        None => out.extend_from_slice(b"\\N"),
        Some(text) => {
            for byte in text.bytes() {
                match byte {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    other => out.push(other),
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: Value) -> String {
        let mut out = Vec::new();
        write_field(&mut out, &value).expect("a value COPY writes");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn fields_escape_what_separates_them() {
        assert_eq!(field(Value::String(Some("a\tb\nc\\d\re".into()))), "a\\tb\\nc\\\\d\\re");
        assert_eq!(field(Value::String(None)), "\\N");
        assert_eq!(field(Value::String(Some("\\N".into()))), "\\\\N");
        assert_eq!(field(Value::Bool(Some(true))), "t");
        assert_eq!(field(Value::BigInt(Some(-7))), "-7");
        assert_eq!(field(Value::Int(None)), "\\N");
        assert_eq!(field(Value::String(Some("Абая 63".into()))), "Абая 63");
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05.5Z").expect("a time").to_utc();
        assert_eq!(field(Value::ChronoDateTimeUtc(Some(at))), "2026-01-02T03:04:05.500Z");
    }

    #[test]
    fn values_copy_cannot_write_are_refused() {
        let mut out = Vec::new();
        assert!(write_field(&mut out, &Value::Bytes(Some(vec![1]))).is_err());
    }
}
