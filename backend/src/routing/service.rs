//! Keeping a city's routing table: every rule checked the same way wherever it comes from (the
//! manifest now, the admin screen through the same functions).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TryIntoModel};

use super::model::rule;
use crate::buildings::model::building;
use crate::buildings::roles::BuildingRole;
use crate::catalog::model::{category, service_type, sphere};
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
