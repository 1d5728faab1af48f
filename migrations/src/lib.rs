//! Database migrations: the `platform` set (PostgreSQL `public` schema or `data/platform.sqlite`)
//! and the `tenant` set (schema `t_<slug>` or `data/tenants/<slug>.sqlite`).
//!
//! Migrations are written expand-then-contract: replicas of the previous version keep serving
//! while a newer one migrates, so a migration only adds, and removal comes a release later.

pub use sea_orm_migration;
use sea_orm_migration::prelude::*;

mod platform;
mod shared;
mod tenant;

/// Migrations of the platform schema: tenants, platform admins and their tokens, platform audit.
pub struct PlatformMigrator;

impl MigratorTrait for PlatformMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(platform::m0001_platform::Migration),
            Box::new(platform::m0002_audit_append_only::Migration),
            Box::new(platform::m0003_user_email::Migration),
        ]
    }
}

/// Migrations of every tenant schema: the city's configuration, staff users, audit.
pub struct TenantMigrator;

impl MigratorTrait for TenantMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(tenant::m0001_core::Migration),
            Box::new(tenant::m0002_appeals::Migration),
            Box::new(tenant::m0003_transparency::Migration),
            Box::new(tenant::m0004_channels::Migration),
            Box::new(tenant::m0005_open311::Migration),
            Box::new(tenant::m0006_messaging::Migration),
            Box::new(tenant::m0007_building_location::Migration),
            Box::new(tenant::m0008_outbox_parking::Migration),
            Box::new(tenant::m0009_public_note::Migration),
            Box::new(tenant::m0010_audit_append_only::Migration),
            Box::new(tenant::m0011_search_words::Migration),
            Box::new(tenant::m0012_districts::Migration),
            Box::new(tenant::m0013_rollups::Migration),
            Box::new(tenant::m0014_systemic_cases::Migration),
            Box::new(tenant::m0015_user_email::Migration),
            Box::new(tenant::m0016_rollup_grains::Migration),
            Box::new(tenant::m0017_routing::Migration),
        ]
    }
}
