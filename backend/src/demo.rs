//! Demo mode: every manifest under `tenants_dir` onboarded, and demo users in each city.

use std::sync::Arc;

use anyhow::Context;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::access::Role;
use crate::auth::model::user;
use crate::auth::password;
use crate::auth::users::{create_platform_admin, new_user_row};
use crate::orgs::{model::organization, OrgKind};
use crate::platform::manifest::Manifest;
use crate::platform::onboard::onboard;
use crate::state::AppState;
use crate::tenancy::Slug;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "qala-demo-109";

/// Demo accounts of a city: `<role>@<slug>`; the executor works for the city's first utility.
pub const DEMO_ROLES: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst, Role::Executor];

pub async fn prepare(state: &Arc<AppState>) -> anyhow::Result<()> {
    let dir = &state.config.tenants_dir;
    let mut manifests: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading tenants_dir {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    manifests.sort();
    for path in manifests {
        let manifest = Manifest::load(&path).map_err(|errors| anyhow::anyhow!(errors.join("\n")))?;
        let report = onboard(&state.db, &manifest, "demo", false)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        tracing::info!(tenant.slug = %report.slug, created = report.created, applied = report.applied, "Demo tenant is ready.");
        create_demo_users(state, &manifest.slug).await?;
    }
    state.tenants.invalidate().await;
    if state.config.demo_appeals > 0 {
        for tenant in state.tenants.all().await? {
            let tx = state.db.tenant_tx(&tenant.slug).await?;
            let none = crate::appeals::model::appeal::Entity::find().one(&tx).await?.is_none();
            drop(tx);
            if none {
                let written = crate::appeals::seed::seed(&state.db, &tenant, state.config.demo_appeals, 109, 1).await?;
                tracing::info!(tenant.slug = %tenant.slug, appeals = written, "Demo appeals written.");
            }
        }
    }
    create_platform_admin(&state.db, "platform@qala", "Platform admin", DEMO_PASSWORD).await?;
    Ok(())
}

async fn create_demo_users(state: &AppState, slug: &Slug) -> anyhow::Result<()> {
    let tx = state.db.tenant_tx(slug).await?;
    let utility = organization::Entity::find()
        .filter(organization::Column::Kind.eq(OrgKind::Utility.as_str()))
        .order_by_asc(organization::Column::Id)
        .one(&tx)
        .await?;
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    for role in DEMO_ROLES {
        let login = format!("{}@{slug}", role.as_str().replace("city_admin", "admin"));
        if user::Entity::find().filter(user::Column::Login.eq(&login)).one(&tx).await?.is_some() {
            continue;
        }
        let org = if *role == Role::Executor { utility.as_ref().map(|o| o.id) } else { None };
        if *role == Role::Executor && org.is_none() {
            continue;
        }
        new_user_row(&login, &format!("Demo {}", role.as_str()), &hash, &[*role], org).insert(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
