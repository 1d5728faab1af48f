use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::manifest::Manifest;
use super::onboard::{onboard, OnboardReport};
use crate::access::Role;
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::tenancy::model::tenant;

pub async fn list(ctx: &RequestCtx) -> AppResult<Vec<tenant::Model>> {
    ctx.require(&[Role::PlatformAdmin])?;
    Ok(tenant::Entity::find().order_by_asc(tenant::Column::Slug).all(ctx.state.db.platform()).await?)
}

/// Creates or updates a tenant from manifest text (catalog files cannot be attached this way:
/// use `importCatalogCsv` afterwards, or `qala tenant add` on the server).
pub async fn onboard_text(ctx: &RequestCtx, manifest: &str) -> AppResult<OnboardReport> {
    let actor = ctx.require(&[Role::PlatformAdmin])?.label();
    if ctx.tenant.is_some() {
        return Err(AppError::validation("tenant", "onboard tenants on the platform endpoint, not a city's"));
    }
    let manifest = Manifest::parse("manifest", manifest, |name| {
        Err(format!("`{name}` cannot be read through the API: import it with importCatalogCsv"))
    })
    .map_err(|errors| AppError::validation("manifest", errors.join("\n")))?;
    let report = onboard(&ctx.state.db, &manifest, &actor, true).await?;
    ctx.state.tenants.invalidate().await;
    Ok(report)
}

/// Suspends (every request gets 403) or resumes a tenant.
pub async fn set_status(ctx: &RequestCtx, slug: &str, suspended: bool) -> AppResult<tenant::Model> {
    let actor = ctx.require(&[Role::PlatformAdmin])?.label();
    let tx = ctx.state.db.platform_tx().await?;
    let found = tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("tenant `{slug}`")))?;
    let mut row: tenant::ActiveModel = found.into();
    row.status = Set(if suspended { "suspended" } else { "active" }.into());
    row.updated_at = Set(Utc::now());
    let saved = row.update(&tx).await?;
    let action = if suspended { "tenant.suspend" } else { "tenant.resume" };
    audit::record(&tx, &actor, action, "tenant", Some(slug.to_owned()), json!({})).await?;
    tx.commit().await?;
    ctx.state.tenants.invalidate().await;
    Ok(saved)
}
