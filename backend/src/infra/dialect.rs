//! What PostgreSQL and SQLite do differently, said once: domain code asks for what it needs (a
//! row lock, a claimed batch, placeholders) and never which database it is on.
//!
//! - Row locks: PostgreSQL takes `FOR UPDATE` (and `SKIP LOCKED` for a worker's batch). SQLite has
//!   no row locks; its transactions already queue on the file's one writer (one connection per
//!   file, see `db`), and its query builder leaves the clause out.
//! - Placeholders: `infra::sql` writes `?` and numbers them `$1, $2...` for PostgreSQL.
//! - Tenants' storage (a schema or a file): `db` and `migrate::provision_tenant`.

use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::QuerySelect;

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
}
