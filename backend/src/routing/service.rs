//! Keeping a city's routing table: every rule checked the same way wherever it comes from (the
//! manifest now, the admin screen through the same functions).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TryIntoModel,
};
use serde_json::json;

use super::engine::{route, Ask, Routed};
use super::model::rule;
use crate::access::Role;
use crate::audit;
use crate::buildings::model::building;
use crate::buildings::roles::{check_entrance, BuildingRole};
use crate::catalog::model::{category, service_type, sphere};
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

/// A rule as written: exactly one of the scope ids, exactly one of `org_id` and `role`.
#[derive(Clone, Debug, Default)]
pub struct RuleFields {
    pub code: String,
    pub position: i32,
    pub service_type_id: Option<i64>,
    pub category_id: Option<i64>,
    pub sphere_id: Option<i64>,
    pub district: Option<String>,
    pub building_ids: Vec<i64>,
    pub org_id: Option<i64>,
    pub role: Option<BuildingRole>,
    pub note: String,
    pub active: bool,
}

/// Checks what a rule refers to exists; errors name the field.
pub async fn check(conn: &impl ConnectionTrait, f: &RuleFields) -> AppResult<()> {
    crate::validate::code(&f.code).map_err(|m| AppError::validation("code", m))?;
    match (f.service_type_id, f.category_id, f.sphere_id) {
        (Some(id), None, None) => {
            if service_type::Entity::find_by_id(id).one(conn).await?.is_none() {
                return Err(AppError::validation("serviceTypeId", format!("no service type {id}")));
            }
        }
        (None, Some(id), None) => {
            if category::Entity::find_by_id(id).one(conn).await?.is_none() {
                return Err(AppError::validation("categoryId", format!("no category {id}")));
            }
        }
        (None, None, Some(id)) => {
            if sphere::Entity::find_by_id(id).one(conn).await?.is_none() {
                return Err(AppError::validation("sphereId", format!("no sphere {id}")));
            }
        }
        _ => return Err(AppError::validation("scope", "name exactly one service type, category or sphere")),
    }
    match (f.org_id, f.role) {
        (Some(id), None) => {
            if crate::orgs::service::find_active(conn, id).await?.is_none() {
                return Err(AppError::validation("orgId", format!("no active organization {id}")));
            }
        }
        (None, Some(_)) => {}
        _ => return Err(AppError::validation("target", "name exactly one organization or building role")),
    }
    if let Some(d) = f.district.as_deref() {
        crate::buildings::districts::check(conn, d).await?;
    }
    for id in &f.building_ids {
        if building::Entity::find_by_id(*id).one(conn).await?.is_none() {
            return Err(AppError::validation("buildingIds", format!("no building {id}")));
        }
    }
    if f.note.chars().count() > 500 {
        return Err(AppError::validation("note", "at most 500 characters"));
    }
    Ok(())
}

/// Creates or updates the rule with `f.code` (the manifest's way in).
pub async fn upsert_by_code(conn: &impl ConnectionTrait, f: &RuleFields) -> AppResult<rule::Model> {
    check(conn, f).await?;
    let now = Utc::now();
    let mut model = match rule::Entity::find().filter(rule::Column::Code.eq(&f.code)).one(conn).await? {
        Some(found) => rule::ActiveModel::from(found),
        None => rule::ActiveModel { code: Set(f.code.clone()), created_at: Set(now), ..Default::default() },
    };
    model.position = Set(f.position);
    model.service_type_id = Set(f.service_type_id);
    model.category_id = Set(f.category_id);
    model.sphere_id = Set(f.sphere_id);
    model.district = Set(f.district.clone());
    model.building_ids = Set(serde_json::to_string(&f.building_ids).map_err(anyhow::Error::from)?);
    model.org_id = Set(f.org_id);
    model.role = Set(f.role.map(|r| r.as_str().to_owned()));
    model.note = Set(f.note.clone());
    model.active = Set(f.active);
    model.updated_at = Set(now);
    Ok(model.save(conn).await?.try_into_model()?)
}

/// Who may read the routing table (the operators, to understand where an appeal went).
const READERS: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst];

/// The table in the order it is read.
pub async fn list(ctx: &RequestCtx) -> AppResult<Vec<rule::Model>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    Ok(rule::Entity::find().order_by_asc(rule::Column::Position).order_by_asc(rule::Column::Id).all(&tx).await?)
}

/// Creates a rule (`id` None) or changes one; a rule's code cannot change. Audited with what the
/// rule says after the change.
pub async fn save(ctx: &RequestCtx, id: Option<i64>, fields: RuleFields) -> AppResult<rule::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let same_code = rule::Entity::find().filter(rule::Column::Code.eq(&fields.code)).one(&tx).await?;
    match (id, &same_code) {
        (None, Some(_)) => return Err(AppError::Conflict(format!("a rule with code `{}` exists", fields.code))),
        (Some(id), _) => {
            let current = rule::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::not_found(format!("routing rule {id}")))?;
            if current.code != fields.code {
                return Err(AppError::validation("code", "a code cannot change"));
            }
        }
        (None, None) => {}
    }
    if !(0..=1_000_000).contains(&fields.position) {
        return Err(AppError::validation("position", "must be between 0 and 1000000"));
    }
    let saved = upsert_by_code(&tx, &fields).await?;
    audit::record(&tx, &actor, "routing_rule.save", "routing_rule", Some(saved.id.to_string()), described(&saved))
        .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Switches a rule on or off; an inactive rule is kept in the table and skipped.
pub async fn set_active(ctx: &RequestCtx, id: i64, active: bool) -> AppResult<rule::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let current = rule::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("routing rule {id}")))?;
    let mut model: rule::ActiveModel = current.into();
    model.active = Set(active);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    let action = if active { "routing_rule.activate" } else { "routing_rule.deactivate" };
    audit::record(&tx, &actor, action, "routing_rule", Some(id.to_string()), described(&saved)).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Removes a rule; the audit keeps what it said.
pub async fn delete(ctx: &RequestCtx, id: i64) -> AppResult<()> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let current = rule::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("routing rule {id}")))?;
    rule::Entity::delete_by_id(id).exec(&tx).await?;
    audit::record(&tx, &actor, "routing_rule.delete", "routing_rule", Some(id.to_string()), described(&current))
        .await?;
    tx.commit().await?;
    Ok(())
}

fn described(r: &rule::Model) -> serde_json::Value {
    json!({
        "code": r.code, "position": r.position, "service_type_id": r.service_type_id,
        "category_id": r.category_id, "sphere_id": r.sphere_id, "district": r.district,
        "building_ids": r.building_ids, "org_id": r.org_id, "role": r.role, "active": r.active,
    })
}

/// Where an appeal of this service type at this building (or district) would go, and by which
/// rule: the admin's check after changing the table.
pub async fn preview(
    ctx: &RequestCtx,
    service_type_id: i64,
    building_id: Option<i64>,
    district: Option<String>,
    entrance: Option<i32>,
) -> AppResult<Routed> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let service = service_type::Entity::find_by_id(service_type_id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::validation("serviceTypeId", format!("no service type {service_type_id}")))?;
    let building = match building_id {
        Some(id) => Some(
            building::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::validation("buildingId", format!("no building {id}")))?,
        ),
        None => None,
    };
    if let Some(e) = entrance {
        check_entrance(e).map_err(|m| AppError::validation("entrance", m))?;
    }
    let district = building.as_ref().and_then(|b| b.district.clone()).or(district);
    let ask = Ask { service: &service, building: building.as_ref(), district: district.as_deref(), entrance };
    route(&tx, &ask).await
}
