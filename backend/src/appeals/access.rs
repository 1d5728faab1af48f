//! Who sees which appeals: the center's staff see all of their city's; an executor sees only
//! those routed to its own organization, and is told that others do not exist.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::model::appeal;
use crate::access::jwt::Actor;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::dialect::RowLocks;

pub const VIEWERS: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst, Role::Executor];
pub const INTAKE: &[Role] = &[Role::Operator, Role::Supervisor];

/// The organization an actor's view is limited to: `Some` for executors without a center role.
pub fn limited_to(actor: &Actor) -> Option<Option<i64>> {
    let center = [Role::PlatformAdmin, Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst];
    if center.iter().any(|r| actor.has(*r)) {
        None
    } else {
        Some(actor.organization_id)
    }
}

/// Staff who see appeals, and residents, who see their own.
pub const VIEWERS_AND_RESIDENTS: &[Role] =
    &[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst, Role::Executor, Role::Resident];

/// The resident a token stands for, when it is a resident's session (never a staff token).
pub fn own_resident(actor: &Actor) -> Option<i64> {
    actor.resident_id()
}

/// Loads an appeal the caller may see; `for_update` locks its row until the transaction ends
/// (`infra::dialect`).
pub async fn load(
    ctx: &RequestCtx,
    conn: &impl ConnectionTrait,
    id: i64,
    for_update: bool,
) -> AppResult<appeal::Model> {
    fetch(ctx, conn, id, for_update, VIEWERS).await
}

/// Like `load`, and a resident may load an appeal of their own.
pub async fn load_own(ctx: &RequestCtx, conn: &impl ConnectionTrait, id: i64) -> AppResult<appeal::Model> {
    fetch(ctx, conn, id, false, VIEWERS_AND_RESIDENTS).await
}

async fn fetch(
    ctx: &RequestCtx,
    conn: &impl ConnectionTrait,
    id: i64,
    for_update: bool,
    roles: &[Role],
) -> AppResult<appeal::Model> {
    let actor = ctx.require(roles)?;
    let mut select = appeal::Entity::find_by_id(id);
    if for_update {
        select = select.for_update();
    }
    let found = select.one(conn).await?.ok_or_else(|| AppError::not_found(format!("appeal {id}")))?;
    let hidden = match (own_resident(actor), limited_to(actor)) {
        (Some(resident), _) => found.resident_id != Some(resident),
        (None, Some(org)) => org.is_none() || found.organization_id != org,
        (None, None) => false,
    };
    if hidden {
        return Err(AppError::not_found(format!("appeal {id}")));
    }
    Ok(found)
}
