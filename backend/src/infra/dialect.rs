//! What PostgreSQL and SQLite do differently, said once: domain code asks for what it needs (a
//! row lock, a claimed batch, placeholders) and never which database it is on.
//!
//! - Row locks: PostgreSQL takes `FOR UPDATE` (and `SKIP LOCKED` for a worker's batch). SQLite has
//!   no row locks; its transactions already queue on the file's one writer (one connection per
//!   file, see `db`), and its query builder leaves the clause out.
//! - Placeholders: `infra::sql` writes `?` and numbers them `$1, $2...` for PostgreSQL.
//! - Several inserts at once: PostgreSQL takes them as one statement (`insert_together`); SQLite,
//!   which allows no INSERT inside WITH, one at a time.
//! - Tenants' storage (a schema or a file): `db` and `migrate::provision_tenant`.

use sea_orm::sea_query::{Alias, CommonTableExpression, InsertStatement, LockBehavior, LockType, WithClause};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QuerySelect};

pub trait RowLocks: QuerySelect + Sized {
    /// Holds the rows read until the transaction ends, so a concurrent change waits for it.
    fn for_update(self) -> Self {
        self.lock(LockType::Update)
    }

    /// Claims a batch for this worker: locked, and skipping rows another replica's worker holds,
    /// so replicas share the work instead of queueing on it.
    fn claim(self) -> Self {
        self.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
    }
}

impl<S: QuerySelect> RowLocks for S {}

/// How many inserts go in one statement; callers keep each under 12,000 bound values, within
/// PostgreSQL's 65,535.
const TOGETHER: usize = 5;

/// Runs inserts in as few round trips as the database allows: on PostgreSQL a few at a time as
/// one statement (each but the last a data-modifying WITH, which runs whether or not it is read);
/// on SQLite one by one. For writes in a transaction's locked stretch, where a round trip counts.
pub async fn insert_together(conn: &impl ConnectionTrait, inserts: Vec<InsertStatement>) -> Result<(), DbErr> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        for insert in inserts {
            conn.execute(&insert).await?;
        }
        return Ok(());
    }
    let mut inserts = inserts.into_iter().peekable();
    while inserts.peek().is_some() {
        let mut group: Vec<InsertStatement> = inserts.by_ref().take(TOGETHER).collect();
        let Some(last) = group.pop() else { break };
        if group.is_empty() {
            conn.execute(&last).await?;
            continue;
        }
        let mut with = WithClause::new();
        for (i, insert) in group.into_iter().enumerate() {
            with.cte(CommonTableExpression::new().query(insert).table_name(Alias::new(format!("part{i}"))).to_owned());
        }
        conn.execute(&last.with(with)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use sea_orm::{DatabaseBackend, EntityTrait, QueryTrait};

    use super::RowLocks;
    use crate::tenancy::model::tenant;

    #[test]
    fn locks_are_written_for_postgres_and_left_out_for_sqlite() {
        let claim = tenant::Entity::find().claim();
        assert!(claim.build(DatabaseBackend::Postgres).to_string().ends_with("FOR UPDATE SKIP LOCKED"));
        assert!(!claim.build(DatabaseBackend::Sqlite).to_string().contains("FOR UPDATE"));
        let held = tenant::Entity::find().for_update();
        assert!(held.build(DatabaseBackend::Postgres).to_string().ends_with("FOR UPDATE"));
        assert!(!held.build(DatabaseBackend::Sqlite).to_string().contains("FOR UPDATE"));
    }

    #[test]
    fn inserts_together_are_one_statement_for_postgres() {
        use sea_orm::sea_query::{Alias, CommonTableExpression, PostgresQueryBuilder, Query, WithClause};
        let insert = |table: &str| {
            Query::insert().into_table(Alias::new(table)).columns([Alias::new("a")]).values_panic([1.into()]).to_owned()
        };
        let mut with = WithClause::new();
        with.cte(CommonTableExpression::new().query(insert("x")).table_name(Alias::new("part0")).to_owned());
        let sql = insert("y").with(with).to_string(PostgresQueryBuilder);
        assert_eq!(sql, r#"WITH "part0" AS (INSERT INTO "x" ("a") VALUES (1)) INSERT INTO "y" ("a") VALUES (1)"#);
    }
}
