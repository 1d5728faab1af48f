//! Registering an appeal: numbered without gaps, classified, answered at once when the catalog
//! has the answer, otherwise routed with a deadline; repeats and planned outages are found.
//! The Administrative Procedural Code forbids refusing to accept an appeal, so every accepted
//! one gets a receipt naming who accepted it.

use crate::catalog::attributes::Answers;
use chrono::{Datelike, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::access::INTAKE;
use super::deadline::warn_at;
use super::journal::{self, Event, Recipient};
use super::links::{link_to_parent, repeat_candidates, Probe};
use super::model::{appeal, outage, outage_building};
use super::numbering;
pub use super::plan::Choice;
use super::plan::{plan, Plan};
use super::rollup;
use super::rules::{AppealStatus, Channel};
use super::settings::AppealSettings;
use crate::auth::users;
use crate::catalog::AppealType;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, LocalizedText};
use crate::residents::service::{find_or_create, ResidentInput};
use crate::routing::Routed;

pub use super::plan::BUILDING_AT_POINT_M;

#[derive(Debug, Clone)]
pub struct RegisterInput {
    pub channel: Channel,
    /// Defaults to the service type's.
    pub appeal_type: Option<AppealType>,
    pub service_type_id: i64,
    pub description: String,
    pub building_id: Option<i64>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The entrance (подъезд) the resident named, where it decides who serves the building.
    pub entrance: Option<i32>,
    pub resident: Option<ResidentInput>,
    pub language: Option<Language>,
    /// A retried request with the same key returns the same appeal.
    pub idempotency_key: Option<String>,
    /// Link to an open incident the operator recognized as the same problem.
    pub parent_id: Option<i64>,
    /// Answers to the service type's questions, already checked (`catalog::attributes::answer`).
    pub attributes: Option<Answers>,
    /// The messaging address the resident hears back on (see `appeal::Model::reply_to`).
    pub reply_to: Option<String>,
}

pub struct Registration {
    pub appeal: appeal::Model,
    /// True when the idempotency key had already registered this appeal.
    pub replayed: bool,
    pub accepted_by: String,
    pub first_call_answer: Option<String>,
    pub outage_message: Option<String>,
    /// Open appeals nearby that this one may repeat: other residents' appeals, so only intake
    /// staff are offered them; a door with no staff member behind it gets none.
    pub repeat_candidates: Vec<appeal::Model>,
    /// What the receipt repeats back: the service and the organization that got the appeal.
    pub service_name: LocalizedText,
    pub organization_name: Option<LocalizedText>,
    /// The building's address as written in Kazakh, for a Kazakh receipt.
    pub address_kk: Option<String>,
}

/// What registering would do, shown to the operator before it is final.
pub struct Preview {
    pub service_type_id: i64,
    pub service_name: LocalizedText,
    pub first_call: bool,
    pub organization: Option<(i64, LocalizedText)>,
    pub routing_reason: Option<crate::routing::Unrouted>,
    pub due: chrono::DateTime<Utc>,
    pub building: Option<crate::buildings::model::building::Model>,
}

/// Where an appeal of this service type at this place would go, and by when (intake staff).
pub async fn preview(ctx: &RequestCtx, choice: Choice) -> AppResult<Preview> {
    ctx.require(INTAKE)?;
    let tenant = ctx.tenant()?.clone();
    let tx = ctx.tenant_tx().await?;
    let planned = plan(&tx, &tenant, &choice, Utc::now()).await?;
    let organization = match planned.organization_id() {
        Some(id) => organization_name(&tx, Some(id)).await?.map(|name| (id, name)),
        None => None,
    };
    Ok(Preview {
        service_type_id: planned.service.id,
        service_name: names_of(&planned.service),
        first_call: planned.first_call,
        organization,
        routing_reason: planned.routed.and_then(Routed::reason),
        due: planned.due,
        building: planned.place,
    })
}

fn names_of(service: &crate::catalog::model::service_type::Model) -> LocalizedText {
    LocalizedText::new(&service.name_kk, &service.name_ru, &service.name_en)
}

/// The name of the organization an appeal goes to, if any.
async fn organization_name(conn: &impl ConnectionTrait, id: Option<i64>) -> AppResult<Option<LocalizedText>> {
    match id {
        Some(id) => Ok(crate::orgs::service::names(conn, &[id]).await?.remove(&id)),
        None => Ok(None),
    }
}

/// The names a receipt repeats back for an appeal registered earlier (a retried request).
async fn receipt_names(
    conn: &impl ConnectionTrait,
    appeal: &appeal::Model,
) -> AppResult<(LocalizedText, Option<LocalizedText>)> {
    let service = crate::catalog::model::service_type::Entity::find_by_id(appeal.service_type_id)
        .one(conn)
        .await?
        .map(|s| names_of(&s))
        .unwrap_or_default();
    Ok((service, organization_name(conn, appeal.organization_id).await?))
}

pub async fn register(ctx: &RequestCtx, input: RegisterInput) -> AppResult<Registration> {
    let accepted_by = ctx.require(INTAKE)?.label();
    register_with(ctx, input, &accepted_by, true).await
}

/// Registers for a door with no staff member behind it (the portal, a bot, mail): the caller has
/// already checked who may, and `accepted_by` is the audit label; the receipt names the center
/// and offers no repeat candidates.
pub async fn register_as(ctx: &RequestCtx, input: RegisterInput, accepted_by: &str) -> AppResult<Registration> {
    register_with(ctx, input, accepted_by, false).await
}

async fn register_with(
    ctx: &RequestCtx,
    input: RegisterInput,
    accepted_by: &str,
    offer_repeats: bool,
) -> AppResult<Registration> {
    let accepted_by = accepted_by.to_owned();
    check(&input)?;
    if let Some(key) = &input.idempotency_key {
        if let Some(done) = by_key(ctx, key).await? {
            return Ok(done);
        }
    }
    match register_once(ctx, &input, &accepted_by, offer_repeats).await {
        // Two retries raced past the lookup: the unique key let one in; answer with it.
        Err(AppError::Conflict(_)) if input.idempotency_key.is_some() => {
            let key = input.idempotency_key.as_deref().unwrap_or_default();
            by_key(ctx, key).await?.ok_or_else(|| AppError::Conflict("the idempotency key is in use".into()))
        }
        other => other,
    }
}

fn check(input: &RegisterInput) -> AppResult<()> {
    let description = input.description.trim();
    if description.is_empty() || description.chars().count() > 10_000 {
        return Err(AppError::validation("description", "must be 1–10000 characters"));
    }
    if let Some(key) = &input.idempotency_key {
        if key.is_empty() || key.len() > 100 {
            return Err(AppError::validation("idempotencyKey", "must be 1–100 characters"));
        }
    }
    match (input.lat, input.lon) {
        (Some(lat), Some(lon)) if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) => {
            Err(AppError::validation("lat", "coordinates out of range"))
        }
        (Some(_), None) | (None, Some(_)) => Err(AppError::validation("lat", "give both lat and lon")),
        _ => Ok(()),
    }
}

/// Whether an appeal was registered with this idempotency key.
pub async fn is_known(ctx: &RequestCtx, key: &str) -> AppResult<bool> {
    let tx = ctx.tenant_tx().await?;
    Ok(appeal::Entity::find().filter(appeal::Column::IdempotencyKey.eq(key)).one(&tx).await?.is_some())
}

async fn by_key(ctx: &RequestCtx, key: &str) -> AppResult<Option<Registration>> {
    let tx = ctx.tenant_tx().await?;
    let Some(appeal) = appeal::Entity::find().filter(appeal::Column::IdempotencyKey.eq(key)).one(&tx).await? else {
        return Ok(None);
    };
    // A retry gets what the first answer said: the first-call answer and the outage notice.
    let outage_message = match appeal.outage_id {
        Some(id) => outage::Entity::find_by_id(id).one(&tx).await?.map(|o| {
            let lang = Language::parse(&appeal.language).unwrap_or_default();
            LocalizedText::new(o.message_kk, o.message_ru, o.message_en).get(lang).to_owned()
        }),
        None => None,
    };
    let (service_name, organization_name) = receipt_names(&tx, &appeal).await?;
    let address_kk = match appeal.building_id {
        Some(id) => crate::buildings::model::building::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .filter(|b| appeal.address.as_deref() == Some(b.address.as_str()))
            .and_then(|b| b.address_kk),
        None => None,
    };
    Ok(Some(Registration {
        service_name,
        organization_name,
        address_kk,
        accepted_by: display_name(ctx, &tx, &appeal.registered_by).await?,
        first_call_answer: appeal.first_call.then(|| appeal.resolution.clone()).flatten(),
        outage_message,
        appeal,
        replayed: true,
        repeat_candidates: Vec::new(),
    }))
}

/// The name of whoever the audit label `user:<id>` stands for, for the resident's receipt; an
/// appeal that came in by itself (portal, bot, mail) was accepted by the center.
async fn display_name(ctx: &RequestCtx, conn: &impl ConnectionTrait, label: &str) -> AppResult<String> {
    let Some(id) = label.strip_prefix("user:") else {
        return Ok(ctx.tenant()?.brand.clone());
    };
    if let Some(name) = users::display_name(conn, id.parse::<i64>().unwrap_or(-1)).await? {
        return Ok(name);
    }
    Ok(label.to_owned())
}

async fn register_once(
    ctx: &RequestCtx,
    input: &RegisterInput,
    accepted_by: &str,
    offer_repeats: bool,
) -> AppResult<Registration> {
    let tenant = ctx.tenant()?.clone();
    let tx = ctx.tenant_tx().await?;
    let accepted_name = display_name(ctx, &tx, accepted_by).await?;
    let now = Utc::now();
    let choice = Choice {
        service_type_id: input.service_type_id,
        appeal_type: input.appeal_type,
        building_id: input.building_id,
        lat: input.lat,
        lon: input.lon,
        entrance: input.entrance,
    };
    let planned = plan(&tx, &tenant, &choice, now).await?;
    let organization_id = planned.organization_id();
    let routing_reason = planned.routed.and_then(Routed::reason);
    let Plan { service, appeal_type, place, matched_m, answer, first_call, due, .. } = planned;
    let located =
        place.is_some() || input.address.as_deref().is_some_and(|a| !a.trim().is_empty()) || input.lat.is_some();
    // A letter cannot be asked where: its place is in its words, and the operator locates it.
    if !located && appeal_type != AppealType::InformationRequest && input.channel != Channel::Email {
        return Err(AppError::validation("location", "give a building, an address or coordinates"));
    }
    let resident = match &input.resident {
        Some(r) => Some(find_or_create(&tx, r, ctx.language()).await?),
        None => None,
    };
    let language = input
        .language
        .or_else(|| resident.as_ref().and_then(|r| Language::parse(&r.language)))
        .unwrap_or(ctx.language());

    let settings = AppealSettings::load(&tx).await?;
    let status = match (first_call, organization_id) {
        (true, _) => AppealStatus::Closed,
        (false, Some(_)) => AppealStatus::Assigned,
        (false, None) => AppealStatus::Registered,
    };
    let outage = match &place {
        Some(b) => active_outage(&tx, b.id, service.category_id).await?,
        None => None,
    };
    let (lat, lon) = match (&place, input.lat, input.lon) {
        (_, Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        (Some(b), _, _) => (Some(b.lat), Some(b.lon)),
        _ => (None, None),
    };
    let address =
        input.address.clone().filter(|a| !a.trim().is_empty()).or_else(|| place.as_ref().map(|b| b.address.clone()));
    let description = input.description.trim().to_owned();
    let probe = Probe { category_id: service.category_id, building_id: place.as_ref().map(|b| b.id), lat, lon };
    let candidates = if offer_repeats && input.parent_id.is_none() && !first_call {
        repeat_candidates(&tx, &probe, settings.repeat_radius_m).await?
    } else {
        Vec::new()
    };
    // The parent incident is locked before the number: waiting for it must not hold up the
    // counter that every registration of the city needs.
    if let Some(parent) = input.parent_id {
        super::access::load(ctx, &tx, parent, true)
            .await
            .map_err(|_| AppError::validation("parentId", format!("no appeal {parent}")))?;
    }
    // Everything read, the number is taken last: its row lock is held until commit, and
    // registrations queue on it for that short stretch only.
    let local_year = now.with_timezone(&tenant.time_zone).year();
    let number = numbering::next(&tx, &tenant.appeal_prefix, local_year).await?;
    let saved = appeal::ActiveModel {
        search_text: Set(format!("{number} {description} {}", address.clone().unwrap_or_default()).to_lowercase()),
        number: Set(number),
        channel: Set(input.channel.as_str().into()),
        appeal_type: Set(appeal_type.as_str().into()),
        service_type_id: Set(service.id),
        category_id: Set(service.category_id),
        description: Set(description),
        building_id: Set(place.as_ref().map(|b| b.id)),
        address: Set(address),
        lat: Set(lat),
        lon: Set(lon),
        district: Set(place.as_ref().and_then(|b| b.district.clone())),
        resident_id: Set(resident.as_ref().map(|r| r.id)),
        language: Set(language.code().into()),
        status: Set(status.as_str().into()),
        organization_id: Set(organization_id),
        routing_reason: Set(routing_reason.map(|r| r.as_str().to_owned())),
        entrance: Set(input.entrance),
        registered_by: Set(accepted_by.to_owned()),
        registered_at: Set(now),
        due_at: Set(due),
        warn_at: Set(warn_at(now, due, settings.warn_share)),
        first_call: Set(first_call),
        outage_id: Set(outage.as_ref().map(|o| o.id)),
        idempotency_key: Set(input.idempotency_key.clone()),
        attributes: Set(input
            .attributes
            .as_ref()
            .filter(|a| !a.is_empty())
            .and_then(|a| serde_json::to_string(a).ok())),
        reply_to: Set(input.reply_to.clone()),
        tracking_token: Set(uuid::Uuid::new_v4().simple().to_string()),
        resolution: Set(first_call.then(|| answer.get(language).to_owned())),
        closed_at: Set(first_call.then_some(now)),
        resolved_at: Set(first_call.then_some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    rollup::track(&tx, tenant.time_zone, None, &saved).await?;

    journal::record(
        &tx,
        Event {
            appeal_id: saved.id,
            actor: accepted_by,
            kind: "registered",
            from: None,
            to: Some(status),
            comment: None,
            data: json!({
                "channel": saved.channel, "organization_id": organization_id, "first_call": first_call,
                "outage_id": saved.outage_id, "building_matched_m": matched_m,
            }),
        },
    )
    .await?;
    // The resident's receipt (a Telegram chat hears of it in the conversation itself) and the
    // organization's notice, written together while the number counter is held.
    let mut notices = Vec::new();
    if let Some(recipient) = journal::resident_of(&saved).filter(|_| input.channel != Channel::Telegram) {
        let receipt = json!({
            "number": saved.number, "registered_at": now, "accepted_by": accepted_name,
            "first_call_answer": saved.resolution, "tracking_token": saved.tracking_token,
        });
        notices.push(("appeal.registered", recipient, receipt));
    }
    if let Some(org) = organization_id {
        notices.push((
            "appeal.assigned",
            Recipient::Organization(org),
            json!({ "number": saved.number, "status": saved.status }),
        ));
    }
    journal::notify_all(&tx, Some(saved.id), language.code(), notices).await?;
    let saved = match input.parent_id {
        Some(parent) => link_to_parent(ctx, &tx, saved, parent, accepted_by, &settings).await?,
        None => saved,
    };
    // The service type is at hand from the plan; only the organization's name is read.
    let (service_name, organization_name) = (names_of(&service), organization_name(&tx, organization_id).await?);
    tx.commit().await?;
    // The building's Kazakh address, when the address is the building's own (not one typed).
    let address_kk = place.filter(|b| saved.address.as_deref() == Some(b.address.as_str())).and_then(|b| b.address_kk);
    Ok(Registration {
        service_name,
        organization_name,
        address_kk,
        first_call_answer: first_call.then(|| answer.get(language).to_owned()),
        outage_message: outage
            .map(|o| LocalizedText::new(o.message_kk, o.message_ru, o.message_en).get(language).to_owned()),
        appeal: saved,
        replayed: false,
        accepted_by: accepted_name,
        repeat_candidates: candidates,
    })
}

/// A planned outage now in force at the building, about this category or about everything.
async fn active_outage(
    conn: &impl ConnectionTrait,
    building_id: i64,
    category_id: i64,
) -> AppResult<Option<outage::Model>> {
    let now = Utc::now();
    let ids: Vec<i64> = outage_building::Entity::find()
        .select_only()
        .column(outage_building::Column::OutageId)
        .filter(outage_building::Column::BuildingId.eq(building_id))
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(None);
    }
    Ok(outage::Entity::find()
        .filter(outage::Column::Id.is_in(ids))
        .filter(outage::Column::StartsAt.lte(now))
        .filter(outage::Column::EndsAt.gte(now))
        .filter(
            Condition::any().add(outage::Column::CategoryId.is_null()).add(outage::Column::CategoryId.eq(category_id)),
        )
        .order_by_desc(outage::Column::Id)
        .one(conn)
        .await?)
}
