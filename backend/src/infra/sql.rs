//! Hand-written SQL for aggregates the query builder would obscure: written once with `?`
//! placeholders, numbered for PostgreSQL.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult, Statement, Value};

pub fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut n = 0;
            sql.chars()
                .map(|c| match c {
                    '?' => {
                        n += 1;
                        format!("${n}")
                    }
                    c => c.to_string(),
                })
                .collect()
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

pub async fn all(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    conn.query_all_raw(statement(conn.get_database_backend(), sql, values)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        let pg = statement(DatabaseBackend::Postgres, "a = ? AND b = ?", vec![1.into(), 2.into()]);
        assert_eq!(pg.sql, "a = $1 AND b = $2");
        let lite = statement(DatabaseBackend::Sqlite, "a = ? AND b = ?", vec![1.into(), 2.into()]);
        assert_eq!(lite.sql, "a = ? AND b = ?");
    }
}
