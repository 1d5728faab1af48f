//! The organizations that serve a building besides its manager, read for routing and replaced
//! as a whole by the manifest, the import and the admin screen.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::model::served_by;
use super::roles::{check_entrance, BuildingRole, Serves};
use crate::error::{AppError, AppResult};
use crate::orgs::OrgKind;

/// Who serves the building, by role and entrance.
pub async fn of(conn: &impl ConnectionTrait, building_id: i64) -> AppResult<Vec<Serves>> {
    Ok(served_by::Entity::find()
        .filter(served_by::Column::BuildingId.eq(building_id))
        .order_by_asc(served_by::Column::Role)
        .order_by_asc(served_by::Column::Entrance)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| Serves { role_code: r.role, entrance: r.entrance, org_id: r.org_id })
        .collect())
}

/// Replaces who serves the building with `rows`, after checking each: a role other than the
/// manager's, an entrance from 0 (the whole building) to `MAX_ENTRANCE`, one organization per
/// role and entrance, of a kind that holds the role. `field` names the input in errors.
pub async fn replace(conn: &impl ConnectionTrait, building_id: i64, rows: &[Serves], field: &str) -> AppResult<()> {
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let role = BuildingRole::parse(&row.role_code).map_err(|m| AppError::validation(field, m))?;
        if !role.served() {
            return Err(AppError::validation(field, "the manager is set on the building itself"));
        }
        if row.entrance != 0 {
            check_entrance(row.entrance).map_err(|m| AppError::validation(field, m))?;
        }
        if !seen.insert((role, row.entrance)) {
            return Err(AppError::validation(field, format!("{role} is given twice for the same entrance")));
        }
        let org = crate::orgs::service::find_active(conn, row.org_id)
            .await?
            .ok_or_else(|| AppError::validation(field, format!("no active organization {}", row.org_id)))?;
        if !OrgKind::parse(&org.kind).is_ok_and(|k| role.takes(k)) {
            return Err(AppError::validation(
                field,
                format!("{} is a {}: it cannot be the {role}", org.code, org.kind),
            ));
        }
    }
    served_by::Entity::delete_many().filter(served_by::Column::BuildingId.eq(building_id)).exec(conn).await?;
    for row in rows {
        served_by::ActiveModel {
            building_id: Set(building_id),
            role: Set(row.role_code.clone()),
            entrance: Set(row.entrance),
            org_id: Set(row.org_id),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
