//! Database access behind one type for both backends.
//!
//! - PostgreSQL: one pool; the platform lives in `public`, each tenant in schema `t_<slug>`. A tenant
//!   transaction starts with `SET LOCAL search_path`, so it can only see its own schema, and the
//!   setting ends with the transaction (safe with pooling and with PgBouncer in transaction mode).
//! - SQLite (the embedded default): `data/platform.sqlite` and one file per tenant under
//!   `data/tenants/`, each behind a single-connection pool: SQLite allows one writer at a time, and
//!   one connection makes transactions queue instead of failing with `SQLITE_BUSY`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, TransactionTrait};
use tokio::sync::RwLock;

use crate::config::Config;

/// A tenant's name as storage sees it: lower-case ASCII letters, digits and `-`, already checked
/// where it was made (tenancy's `Slug` is the one implementation), so it is safe in a schema name
/// and a file name.
pub trait TenantName: std::fmt::Display + Send + Sync {
    fn name(&self) -> &str;

    /// The PostgreSQL schema that holds this tenant's tables.
    fn schema(&self) -> String {
        format!("t_{}", self.name())
    }
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    platform: DatabaseConnection,
    backend: Backend,
}

enum Backend {
    Postgres,
    Sqlite { dir: PathBuf, tenants: RwLock<HashMap<String, DatabaseConnection>> },
}

impl Db {
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        let (platform, backend) = match &config.database_url {
            Some(url) => {
                let mut options = ConnectOptions::new(url.clone());
                options
                    .max_connections(config.db_max_connections)
                    .min_connections(1)
                    .acquire_timeout(Duration::from_secs(10))
                    .sqlx_logging(false);
                let platform = Database::connect(options)
                    .await
                    .with_context(|| "connecting to PostgreSQL (key `database_url`)")?;
                (platform, Backend::Postgres)
            }
            None => {
                let dir = config.data_dir.clone();
                std::fs::create_dir_all(dir.join("tenants")).with_context(|| format!("creating {}", dir.display()))?;
                let platform = open_sqlite(&dir.join("platform.sqlite")).await?;
                (platform, Backend::Sqlite { dir, tenants: RwLock::new(HashMap::new()) })
            }
        };
        Ok(Self { inner: Arc::new(Inner { platform, backend }) })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.inner.backend, Backend::Postgres)
    }

    /// `postgres` or `sqlite`, for the log.
    pub fn name(&self) -> &'static str {
        if self.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// The platform connection: the PostgreSQL pool, or the SQLite platform file.
    pub fn platform(&self) -> &DatabaseConnection {
        &self.inner.platform
    }

    /// A transaction on the platform tables.
    pub async fn platform_tx(&self) -> anyhow::Result<DatabaseTransaction> {
        let tx = self.inner.platform.begin().await.context("opening a platform transaction")?;
        if self.is_postgres() {
            tx.execute_unprepared("SET LOCAL search_path TO public").await?;
        }
        Ok(tx)
    }

    /// A transaction that sees only `slug`'s tables.
    pub async fn tenant_tx(&self, slug: &impl TenantName) -> anyhow::Result<DatabaseTransaction> {
        match &self.inner.backend {
            Backend::Postgres => {
                let tx = self.inner.platform.begin().await.context("opening a tenant transaction")?;
                scope_to_schema(&tx, &slug.schema()).await?;
                Ok(tx)
            }
            Backend::Sqlite { .. } => {
                let conn = self.sqlite_tenant(slug).await?;
                Ok(conn.begin().await.context("opening a tenant transaction")?)
            }
        }
    }

    /// A PostgreSQL transaction on `slug`'s tables that can write rows with COPY (the seed's
    /// bulk path); SQLite has no COPY, so there it is an error.
    pub async fn tenant_bulk(&self, slug: &impl TenantName) -> anyhow::Result<super::bulk::Bulk> {
        anyhow::ensure!(self.is_postgres(), "bulk loading needs PostgreSQL");
        super::bulk::Bulk::begin(self.inner.platform.get_postgres_connection_pool(), &slug.schema()).await
    }

    /// The SQLite file of a tenant, opened once and kept.
    pub async fn sqlite_tenant(&self, slug: &impl TenantName) -> anyhow::Result<DatabaseConnection> {
        let Backend::Sqlite { dir, tenants } = &self.inner.backend else {
            anyhow::bail!("sqlite_tenant called on PostgreSQL");
        };
        if let Some(conn) = tenants.read().await.get(slug.name()) {
            return Ok(conn.clone());
        }
        let mut tenants = tenants.write().await;
        if let Some(conn) = tenants.get(slug.name()) {
            return Ok(conn.clone());
        }
        let conn = open_sqlite(&Self::sqlite_path(dir, slug)).await?;
        tenants.insert(slug.name().to_owned(), conn.clone());
        Ok(conn)
    }

    /// Whether a tenant's SQLite file exists (false on PostgreSQL).
    pub fn sqlite_tenant_exists(&self, slug: &impl TenantName) -> bool {
        match &self.inner.backend {
            Backend::Sqlite { dir, .. } => Self::sqlite_path(dir, slug).exists(),
            Backend::Postgres => false,
        }
    }

    /// Closes and deletes a tenant's SQLite file (used to undo a failed onboarding).
    pub async fn remove_sqlite_tenant(&self, slug: &impl TenantName) -> anyhow::Result<()> {
        if let Backend::Sqlite { dir, tenants } = &self.inner.backend {
            if let Some(conn) = tenants.write().await.remove(slug.name()) {
                conn.close().await.ok();
            }
            let path = Self::sqlite_path(dir, slug);
            for suffix in ["", "-wal", "-shm"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                if file.exists() {
                    std::fs::remove_file(&file).with_context(|| format!("removing {}", file.display()))?;
                }
            }
        }
        Ok(())
    }

    fn sqlite_path(dir: &Path, slug: &impl TenantName) -> PathBuf {
        dir.join("tenants").join(format!("{}.sqlite", slug.name()))
    }

    /// Whether the platform database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.inner.platform.ping().await.is_ok()
    }

    /// `(open, idle)` connections of the platform pool, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        match &self.inner.backend {
            Backend::Postgres => {
                let pool = self.inner.platform.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            Backend::Sqlite { .. } => {
                let pool = self.inner.platform.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
        }
    }
}

/// Points the rest of a PostgreSQL transaction at one schema, and nothing else.
pub async fn scope_to_schema(tx: &DatabaseTransaction, schema: &str) -> anyhow::Result<()> {
    // `schema` comes from a `TenantName` (or is `public`): no quoting problem can arise.
    tx.execute_unprepared(&format!("SET LOCAL search_path TO \"{schema}\""))
        .await
        .with_context(|| format!("scoping the transaction to schema {schema}"))?;
    Ok(())
}

async fn open_sqlite(path: &Path) -> anyhow::Result<DatabaseConnection> {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).min_connections(1).acquire_timeout(Duration::from_secs(30)).sqlx_logging(false);
    let conn = Database::connect(options).await.with_context(|| format!("opening {}", path.display()))?;
    conn.execute_unprepared("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")
        .await
        .with_context(|| format!("configuring {}", path.display()))?;
    Ok(conn)
}
