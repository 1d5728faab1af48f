//! Public works queues (seed 001: the yard asphalting queue). Entries are ordered exactly by the
//! number of apartments, then the number of appeals from the building, then the area; the entry
//! registered first wins a full tie.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::model::entry;
use crate::access::Role;
use crate::audit;
use crate::buildings::model::building;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::sql;

crate::string_enum! {
    WorksStatus { Planned = "planned", InProgress = "in_progress", Done = "done", Cancelled = "cancelled" }
}

pub struct EntryInput {
    pub program: String,
    pub building_id: Option<i64>,
    pub address: Option<String>,
    pub apartments: Option<i32>,
    pub area_m2: f64,
    pub contractor: Option<String>,
    pub cost_tenge: Option<i64>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub status: WorksStatus,
}

/// Creates (`id` none) or updates an entry (city admins). A building supplies the address and
/// the apartments unless they are given.
pub async fn save(ctx: &RequestCtx, id: Option<i64>, input: EntryInput) -> AppResult<entry::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let program = input.program.trim().to_owned();
    if program.is_empty() || program.len() > 50 || !program.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(AppError::validation("program", "a program code such as yard_asphalt"));
    }
    if !(input.area_m2 > 0.0 && input.area_m2 < 1_000_000.0) {
        return Err(AppError::validation("areaM2", "must be a positive area in m²"));
    }
    if input.cost_tenge.is_some_and(|c| c < 0) {
        return Err(AppError::validation("costTenge", "must not be negative"));
    }
    if let (Some(start), Some(end)) = (input.planned_start, input.planned_end) {
        if end < start {
            return Err(AppError::validation("plannedEnd", "must not be before plannedStart"));
        }
    }
    let tx = ctx.tenant_tx().await?;
    let place = match input.building_id {
        Some(b) => Some(
            building::Entity::find_by_id(b)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::validation("buildingId", format!("no building {b}")))?,
        ),
        None => None,
    };
    let address = input
        .address
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .or_else(|| place.as_ref().map(|b| b.address.clone()));
    let Some(address) = address else {
        return Err(AppError::validation("address", "give a building or an address"));
    };
    let apartments = input.apartments.or_else(|| place.as_ref().map(|b| b.apartments)).unwrap_or(0);
    if !(0..=10_000).contains(&apartments) {
        return Err(AppError::validation("apartments", "must be between 0 and 10000"));
    }
    let now = Utc::now();
    let mut model = match id {
        Some(id) => entry::ActiveModel::from(
            entry::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::not_found(format!("works entry {id}")))?,
        ),
        None => entry::ActiveModel { created_at: Set(now), ..Default::default() },
    };
    model.program = Set(program);
    model.building_id = Set(place.as_ref().map(|b| b.id));
    model.address = Set(address);
    model.apartments = Set(apartments);
    model.area_m2 = Set(input.area_m2);
    model.contractor = Set(input.contractor.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()));
    model.cost_tenge = Set(input.cost_tenge);
    model.planned_start = Set(input.planned_start);
    model.planned_end = Set(input.planned_end);
    model.status = Set(input.status.as_str().into());
    model.updated_at = Set(now);
    let saved = sea_orm::TryIntoModel::try_into_model(model.save(&tx).await?)?;
    audit::record(
        &tx,
        &actor,
        "works.save",
        "works_entry",
        Some(saved.id.to_string()),
        json!({ "program": saved.program, "status": saved.status }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// An entry in queue order, with the appeals counted from its building and the building's point.
pub struct Ranked {
    pub position: usize,
    pub entry: entry::Model,
    pub appeals: i64,
    pub point: Option<(f64, f64)>,
}

/// The public queue of a program: every entry not cancelled, in priority order.
pub async fn queue(ctx: &RequestCtx, program: &str) -> AppResult<Vec<Ranked>> {
    let tx = ctx.tenant_tx().await?;
    let entries = entry::Entity::find()
        .filter(entry::Column::Program.eq(program))
        .filter(entry::Column::Status.ne(WorksStatus::Cancelled.as_str()))
        .all(&tx)
        .await?;
    let buildings: Vec<i64> = entries.iter().filter_map(|e| e.building_id).collect();
    let mut appeals: HashMap<i64, i64> = HashMap::new();
    let mut points: HashMap<i64, (f64, f64)> = HashMap::new();
    if !buildings.is_empty() {
        let list = buildings.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(",");
        // The ids are numbers from our own rows, so they are spliced safely.
        let rows = sql::all(&tx, &format!("SELECT building_id AS b, COUNT(*) AS n FROM appeals WHERE building_id IN ({list}) AND status NOT IN ('rejected', 'merged', 'forwarded') GROUP BY building_id"), vec![]).await?;
        for row in rows {
            appeals.insert(row.try_get("", "b")?, row.try_get("", "n")?);
        }
        for b in building::Entity::find().filter(building::Column::Id.is_in(buildings)).all(&tx).await? {
            points.insert(b.id, (b.lat, b.lon));
        }
    }
    let mut ranked = order(entries, &appeals);
    for r in &mut ranked {
        r.point = r.entry.building_id.and_then(|b| points.get(&b).copied());
    }
    Ok(ranked)
}

/// Apartments, then appeals, then area, all descending; the earlier entry wins a full tie.
pub fn order(entries: Vec<entry::Model>, appeals: &HashMap<i64, i64>) -> Vec<Ranked> {
    let count = |e: &entry::Model| e.building_id.and_then(|b| appeals.get(&b).copied()).unwrap_or(0);
    let mut ranked: Vec<(i64, entry::Model)> = entries.into_iter().map(|e| (count(&e), e)).collect();
    ranked.sort_by(|(a_appeals, a), (b_appeals, b)| {
        b.apartments
            .cmp(&a.apartments)
            .then(b_appeals.cmp(a_appeals))
            .then(b.area_m2.total_cmp(&a.area_m2))
            .then(a.id.cmp(&b.id))
    });
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (appeals, entry))| Ranked { position: i + 1, entry, appeals, point: None })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: i64, building: i64, apartments: i32, area: f64) -> entry::Model {
        entry::Model {
            id,
            program: "yard_asphalt".into(),
            building_id: Some(building),
            address: format!("b{building}"),
            apartments,
            area_m2: area,
            contractor: None,
            cost_tenge: None,
            planned_start: None,
            planned_end: None,
            status: "planned".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn apartments_then_appeals_then_area_then_the_earlier_entry() {
        let appeals = HashMap::from([(1, 3), (2, 9), (3, 9), (4, 9)]);
        let entries =
            vec![e(1, 1, 120, 900.0), e(2, 2, 80, 500.0), e(3, 3, 120, 400.0), e(4, 4, 120, 400.0), e(5, 5, 200, 10.0)];
        let ids: Vec<i64> = order(entries, &appeals).iter().map(|r| r.entry.id).collect();
        // 200 apartments first; among 120: 9 appeals before 3; 3 and 4 tie fully → id order.
        assert_eq!(ids, [5, 3, 4, 1, 2]);
    }
}
