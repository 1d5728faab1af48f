//! `qala analytics rebuild`: a full recount of a city's appeal rollups, and the recount that
//! follows an upgrade which added or changed them (the migration marks the city stale).

use crate::appeals::rollup::{self, Rebuilt};
use crate::infra::Db;
use crate::state::AppState;
use crate::tenancy::{settings, Tenant};

use super::dashboard::STALE_KEY;

pub async fn rebuild_tenant(db: &Db, tenant: &Tenant) -> anyhow::Result<Rebuilt> {
    let tx = db.tenant_tx(&tenant.slug).await?;
    let report = rollup::rebuild(&tx, tenant.time_zone).await?;
    settings::remove(&tx, STALE_KEY).await?;
    tx.commit().await?;
    Ok(report)
}

/// Recounts every city whose counts a migration marked stale.
pub async fn rebuild_stale(state: &AppState) -> anyhow::Result<()> {
    for tenant in state.tenants.all().await?.iter() {
        let tx = state.db.tenant_tx(&tenant.slug).await?;
        let stale = settings::get(&tx, STALE_KEY).await?.is_some();
        tx.commit().await?;
        if stale {
            let started = std::time::Instant::now();
            let report = rebuild_tenant(&state.db, tenant).await?;
            tracing::info!(tenant.slug = %tenant.slug, days = report.days, rows = report.rows,
                seconds = started.elapsed().as_secs(), "Appeal rollups recounted after an upgrade.");
        }
    }
    Ok(())
}
