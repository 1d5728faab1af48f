//! Repeats and systemic problems: most appeals repeat an open one (seed 001), so the operator is
//! offered the open appeals of the same category at the same building or nearby, links the new
//! one to the parent incident, and an incident gathering many appeals is flagged for supervisors.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::access;
use super::journal::{self, Event, Recipient};
use super::model::appeal;
use super::rollup;
use super::rules::AppealStatus;
use super::settings::AppealSettings;
use crate::buildings::geo::{bounding_box, distance_m};
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::dialect::RowLocks;

fn open_statuses() -> Vec<&'static str> {
    AppealStatus::OPEN.iter().map(|s| s.as_str()).collect()
}

/// Where and about what a new appeal is, to look for the open appeals it may repeat.
pub struct Probe {
    pub category_id: i64,
    pub building_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Open appeals of the same category at the same building or within `radius_m`, newest first.
pub async fn repeat_candidates(
    conn: &impl ConnectionTrait,
    new: &Probe,
    radius_m: f64,
) -> AppResult<Vec<appeal::Model>> {
    let base = appeal::Entity::find()
        .filter(appeal::Column::CategoryId.eq(new.category_id))
        .filter(appeal::Column::Status.is_in(open_statuses()))
        .order_by_desc(appeal::Column::Id)
        .limit(10);
    if let Some(building) = new.building_id {
        let same_building = base.clone().filter(appeal::Column::BuildingId.eq(building)).all(conn).await?;
        if !same_building.is_empty() {
            return Ok(same_building);
        }
    }
    let (Some(lat), Some(lon)) = (new.lat, new.lon) else { return Ok(Vec::new()) };
    if radius_m <= 0.0 {
        return Ok(Vec::new());
    }
    let ((lat_lo, lat_hi), (lon_lo, lon_hi)) = bounding_box(lat, lon, radius_m);
    let near = base
        .filter(appeal::Column::Lat.between(lat_lo, lat_hi))
        .filter(appeal::Column::Lon.between(lon_lo, lon_hi))
        .all(conn)
        .await?;
    Ok(near
        .into_iter()
        .filter(|a| matches!((a.lat, a.lon), (Some(a_lat), Some(a_lon)) if distance_m((lat, lon), (a_lat, a_lon)) <= radius_m))
        .collect())
}

/// Links `child` to the open incident `parent_id`; the parent counts it and becomes a systemic
/// problem at the tenant's threshold.
pub async fn link_to_parent(
    ctx: &RequestCtx,
    conn: &impl ConnectionTrait,
    child: appeal::Model,
    parent_id: i64,
    actor: &str,
    settings: &AppealSettings,
) -> AppResult<appeal::Model> {
    if parent_id == child.id {
        return Err(AppError::validation("parentId", "an appeal cannot be its own parent"));
    }
    let parent = access::load(ctx, conn, parent_id, true)
        .await
        .map_err(|_| AppError::validation("parentId", format!("no appeal {parent_id}")))?;
    let open = AppealStatus::parse(&parent.status).is_ok_and(AppealStatus::is_open);
    if !open || parent.parent_id.is_some() {
        return Err(AppError::validation("parentId", format!("{} is not an open incident", parent.number)));
    }
    if child.parent_id.is_some() {
        return Err(AppError::validation("parentId", format!("{} is already linked", child.number)));
    }
    // Only an open appeal that is not itself an incident with repeats can become a repeat.
    if !AppealStatus::parse(&child.status).is_ok_and(AppealStatus::is_open) || child.linked_count > 0 {
        return Err(AppError::validation(
            "id",
            format!("{} cannot be linked: it is not open, or has repeats of its own", child.number),
        ));
    }
    let now = Utc::now();
    let mut model: appeal::ActiveModel = child.into();
    model.parent_id = Set(Some(parent.id));
    model.updated_at = Set(now);
    let child = model.update(conn).await?;
    let linked = parent.linked_count + 1;
    let becomes_systemic = !parent.systemic && linked >= settings.systemic_threshold;
    let mut model: appeal::ActiveModel = parent.clone().into();
    model.linked_count = Set(linked);
    model.systemic = Set(parent.systemic || becomes_systemic);
    model.updated_at = Set(now);
    model.update(conn).await?;
    journal::record(
        conn,
        Event {
            appeal_id: child.id,
            actor,
            kind: "linked",
            from: None,
            to: None,
            comment: None,
            data: json!({ "parent": parent.number }),
        },
    )
    .await?;
    journal::record(
        conn,
        Event {
            appeal_id: parent.id,
            actor,
            kind: "repeat_linked",
            from: None,
            to: None,
            comment: None,
            data: json!({ "child": child.number, "linked": linked }),
        },
    )
    .await?;
    if becomes_systemic {
        journal::record(
            conn,
            Event {
                appeal_id: parent.id,
                actor: "system",
                kind: "systemic",
                from: None,
                to: None,
                comment: None,
                data: json!({ "linked": linked }),
            },
        )
        .await?;
        journal::notify(
            conn,
            "appeal.systemic",
            Recipient::Role("supervisor"),
            Some(parent.id),
            &parent.language,
            json!({ "number": parent.number, "linked": linked }),
        )
        .await?;
    }
    Ok(child)
}

/// Resolves the open appeals linked to a closed incident and tells each of their residents.
pub async fn resolve_children(
    conn: &impl ConnectionTrait,
    tz: chrono_tz::Tz,
    parent: &appeal::Model,
    actor: &str,
) -> AppResult<u64> {
    // An executor working a child at this moment finishes first; nothing is overwritten.
    let children = appeal::Entity::find().filter(appeal::Column::ParentId.eq(parent.id)).for_update().all(conn).await?;
    let now = Utc::now();
    let mut resolved = 0;
    for child in &children {
        let from = AppealStatus::parse(&child.status).ok();
        let open = from.is_some_and(AppealStatus::is_open);
        if open {
            let mut model: appeal::ActiveModel = child.clone().into();
            model.status = Set(AppealStatus::Resolved.as_str().into());
            model.resolution = Set(parent.resolution.clone());
            model.resolved_at = Set(Some(now));
            model.updated_at = Set(now);
            let saved = model.update(conn).await?;
            rollup::track(conn, tz, Some(child), &saved).await?;
            let event = Event {
                appeal_id: child.id,
                actor,
                kind: "resolved_with_parent",
                from,
                to: Some(AppealStatus::Resolved),
                comment: parent.resolution.as_deref(),
                data: json!({ "parent": parent.number }),
            };
            journal::record(conn, event).await?;
            resolved += 1;
        }
        // Residents of merged duplicates hear of the result too.
        let tell = open || from == Some(AppealStatus::Merged);
        if let (true, Some(resident)) = (tell, journal::resident_of(child)) {
            let payload = json!({ "number": child.number, "resolution": parent.resolution, "parent": parent.number });
            journal::notify(conn, "appeal.resolved", resident, Some(child.id), &child.language, payload).await?;
        }
    }
    Ok(resolved)
}

/// Unlinks the open repeats of an incident that ended without a resolution (rejected,
/// forwarded, merged): they go on as appeals of their own and may be linked again.
pub async fn detach_children(conn: &impl ConnectionTrait, parent: &appeal::Model, actor: &str) -> AppResult<u64> {
    let detached = appeal::Entity::update_many()
        .col_expr(appeal::Column::ParentId, Expr::value(Option::<i64>::None))
        .filter(appeal::Column::ParentId.eq(parent.id))
        .filter(Expr::cust(AppealStatus::OPEN_SQL))
        .exec(conn)
        .await?
        .rows_affected;
    let mut model: appeal::ActiveModel = parent.clone().into();
    model.linked_count = Set(0);
    model.update(conn).await?;
    let event = Event {
        appeal_id: parent.id,
        actor,
        kind: "repeats_unlinked",
        from: None,
        to: None,
        comment: None,
        data: json!({ "count": detached }),
    };
    journal::record(conn, event).await?;
    Ok(detached)
}
