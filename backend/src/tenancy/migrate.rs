//! `qala migrate`: the platform, then every registered tenant, brought up to date. Idempotent.

use anyhow::Context;
use sea_orm::{EntityTrait, QueryOrder};

use super::model::tenant;
use super::Slug;
use crate::infra::migrate::{migrate_platform, migrate_tenant};
use crate::infra::Db;

pub async fn migrate_all(db: &Db) -> anyhow::Result<usize> {
    migrate_platform(db).await?;
    let tenants =
        tenant::Entity::find().order_by_asc(tenant::Column::Id).all(db.platform()).await.context("listing tenants")?;
    for row in &tenants {
        let slug = Slug::parse_stored(&row.slug).map_err(anyhow::Error::msg)?;
        migrate_tenant(db, &slug).await?;
        tracing::info!(tenant.slug = %slug, "Tenant schema is up to date.");
    }
    Ok(tenants.len())
}
