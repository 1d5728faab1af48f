//! Planned outages (water, heating, electricity, gas) announced for a set of buildings: appeals
//! about them are linked as they arrive, and the operator is given the answer to read out.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::model::{outage, outage_building};
use crate::access::Role;
use crate::audit;
use crate::buildings::model::building;
use crate::catalog::model::category;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;

crate::string_enum! {
    OutageKind { Water = "water", HotWater = "hot_water", Heating = "heating", Electricity = "electricity", Gas = "gas" }
}

pub struct OutageInput {
    pub kind: OutageKind,
    /// The catalog category whose appeals it answers; every category when empty.
    pub category_id: Option<i64>,
    pub building_ids: Vec<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub message: LocalizedText,
}

pub async fn announce(ctx: &RequestCtx, input: OutageInput) -> AppResult<outage::Model> {
    let actor = ctx.require(&[Role::Operator, Role::Supervisor, Role::CityAdmin])?.label();
    if input.ends_at <= input.starts_at {
        return Err(AppError::validation("endsAt", "must be after startsAt"));
    }
    if let Some(lang) = input.message.missing() {
        return Err(AppError::validation(format!("message.{lang}"), "must not be empty"));
    }
    if input.building_ids.is_empty() || input.building_ids.len() > 5000 {
        return Err(AppError::validation("buildingIds", "name 1–5000 buildings"));
    }
    let tx = ctx.tenant_tx().await?;
    if let Some(id) = input.category_id {
        if category::Entity::find_by_id(id).one(&tx).await?.is_none() {
            return Err(AppError::validation("categoryId", format!("no category {id}")));
        }
    }
    let mut ids = input.building_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let known = building::Entity::find().filter(building::Column::Id.is_in(ids.clone())).count(&tx).await?;
    if known != ids.len() as u64 {
        return Err(AppError::validation("buildingIds", "some buildings do not exist"));
    }
    let saved = outage::ActiveModel {
        kind: Set(input.kind.as_str().into()),
        category_id: Set(input.category_id),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        message_kk: Set(input.message.kk),
        message_ru: Set(input.message.ru),
        message_en: Set(input.message.en),
        created_by: Set(actor.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    outage_building::Entity::insert_many(
        ids.iter().map(|b| outage_building::ActiveModel { outage_id: Set(saved.id), building_id: Set(*b) }),
    )
    .exec(&tx)
    .await?;
    audit::record(
        &tx,
        &actor,
        "outage.announce",
        "outage",
        Some(saved.id.to_string()),
        json!({ "kind": saved.kind, "buildings": ids.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Outages not yet over, soonest ending first.
pub async fn current(ctx: &RequestCtx) -> AppResult<Vec<outage::Model>> {
    ctx.require(super::access::VIEWERS)?;
    let tx = ctx.tenant_tx().await?;
    Ok(outage::Entity::find()
        .filter(outage::Column::EndsAt.gte(Utc::now()))
        .order_by_asc(outage::Column::EndsAt)
        .all(&tx)
        .await?)
}
