//! `qala migrate`: the platform schema, then every tenant schema, brought up to date.
//!
//! On PostgreSQL each step runs in one transaction that first takes a transaction-scoped advisory
//! lock, so replicas starting together migrate one after another and the later ones find nothing
//! to do. DDL is transactional there, so a failed step leaves its schema as it was.

use anyhow::Context;
use qala_migrations::sea_orm_migration::MigratorTrait;
use qala_migrations::{PlatformMigrator, TenantMigrator};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};

use super::db::{scope_to_schema, Db, TenantName};
use crate::error::AppResult;

/// Any 64-bit constant shared by every replica; it names "schema changes" for `pg_advisory_xact_lock`.
const MIGRATION_LOCK: i64 = 0x5141_4C41_0109;

/// Takes the migration lock for the rest of a PostgreSQL transaction.
pub async fn lock_migrations(tx: &DatabaseTransaction) -> anyhow::Result<()> {
    tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await
        .context("taking the migration lock")?;
    Ok(())
}

pub async fn migrate_platform(db: &Db) -> anyhow::Result<()> {
    if db.is_postgres() {
        let tx = db.platform_tx().await?;
        lock_migrations(&tx).await?;
        PlatformMigrator::up(&tx, None).await.context("migrating the platform schema")?;
        tx.commit().await?;
    } else {
        migrate_sqlite::<PlatformMigrator>(db.platform()).await.context("migrating data/platform.sqlite")?;
    }
    Ok(())
}

/// Creates the tenant's schema if needed and applies the tenant migrations inside `tx`
/// (PostgreSQL: the caller's transaction, which already holds the migration lock).
pub async fn migrate_tenant_in(tx: &DatabaseTransaction, slug: &impl TenantName) -> anyhow::Result<()> {
    let schema = slug.schema();
    tx.execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        .await
        .with_context(|| format!("creating schema {schema}"))?;
    scope_to_schema(tx, &schema).await?;
    TenantMigrator::up(tx, None).await.with_context(|| format!("migrating schema {schema}"))?;
    Ok(())
}

pub async fn migrate_tenant(db: &Db, slug: &impl TenantName) -> anyhow::Result<()> {
    if db.is_postgres() {
        let tx = db.platform_tx().await?;
        lock_migrations(&tx).await?;
        migrate_tenant_in(&tx, slug).await?;
        tx.commit().await?;
    } else {
        let conn = db.sqlite_tenant(slug).await?;
        migrate_sqlite::<TenantMigrator>(&conn)
            .await
            .with_context(|| format!("migrating data/tenants/{slug}.sqlite"))?;
    }
    Ok(())
}

/// Opens a transaction on a SQLite file that first writes a lock row: a second process migrating
/// the same file waits for this one to commit (busy timeout) and then finds nothing to do.
/// SQLite's DDL is transactional, so migrations and data written in it commit or vanish together.
pub async fn sqlite_migration_tx(conn: &DatabaseConnection) -> anyhow::Result<DatabaseTransaction> {
    conn.execute_unprepared("CREATE TABLE IF NOT EXISTS qala_migration_lock (id INTEGER PRIMARY KEY)").await?;
    let tx = conn.begin().await?;
    tx.execute_unprepared("INSERT OR REPLACE INTO qala_migration_lock (id) VALUES (1)").await?;
    Ok(tx)
}

/// Runs a migrator on a SQLite file in one locked transaction.
pub async fn migrate_sqlite<M: MigratorTrait>(conn: &DatabaseConnection) -> anyhow::Result<()> {
    let tx = sqlite_migration_tx(conn).await?;
    M::up(&tx, None).await?;
    tx.commit().await?;
    Ok(())
}

/// The two halves of making or updating a tenant: its row among the platform's tenants, and its
/// data in its own freshly migrated tables (`provision_tenant` runs them in the right order).
pub trait Provision: Sync {
    type Output: Send;
    fn register(&self, platform: &DatabaseTransaction) -> impl std::future::Future<Output = AppResult<()>> + Send;
    fn fill(&self, tenant: &DatabaseTransaction) -> impl std::future::Future<Output = AppResult<Self::Output>> + Send;
}

/// Creates or updates a tenant's storage and its data, all or nothing.
///
/// PostgreSQL: one transaction holds the migration lock, registers the tenant, creates and
/// migrates its schema and fills it; any failure rolls all of it back.
/// SQLite: the tenant's file is migrated and filled in one transaction and the platform row is
/// written after it; when a new tenant fails at either step its file is removed, so nothing
/// half-made remains.
pub async fn provision_tenant<P: Provision>(db: &Db, slug: &impl TenantName, job: &P) -> AppResult<P::Output> {
    if db.is_postgres() {
        let tx = db.platform_tx().await?;
        lock_migrations(&tx).await?;
        job.register(&tx).await?;
        migrate_tenant_in(&tx, slug).await?;
        let output = job.fill(&tx).await?;
        tx.commit().await?;
        return Ok(output);
    }
    // Only a file this call creates may be removed when it fails.
    let created = !db.sqlite_tenant_exists(slug);
    let result = async {
        let conn = db.sqlite_tenant(slug).await?;
        let tx = sqlite_migration_tx(&conn).await?;
        TenantMigrator::up(&tx, None).await.with_context(|| format!("migrating data/tenants/{slug}.sqlite"))?;
        let output = job.fill(&tx).await?;
        tx.commit().await?;
        let tx = db.platform_tx().await?;
        job.register(&tx).await?;
        tx.commit().await?;
        AppResult::Ok(output)
    }
    .await;
    if result.is_err() && created {
        if let Err(cleanup) = db.remove_sqlite_tenant(slug).await {
            tracing::error!(tenant.slug = %slug, error = %cleanup, "Removing a half-made tenant file failed.");
        }
    }
    result
}
