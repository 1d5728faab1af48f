//! Excavation permits ("ордера"): every permit is registered with its restoration deadline and
//! shown on the public map. When the deadline passes unclosed, the holder and the city's police
//! are notified automatically (outbox rows), again every `permit_notify_interval_hours` until the
//! permit is closed. On PostgreSQL the watch takes permits with `FOR UPDATE SKIP LOCKED`, so two
//! runners never notify twice within an interval.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::geometry;
use super::model::permit;
use crate::access::Role;
use crate::appeals::journal::{self, Recipient};
use crate::appeals::settings::AppealSettings;
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;
use crate::infra::dialect::RowLocks;
use crate::infra::Db;
use crate::orgs;
use crate::orgs::OrgKind;
use crate::tenancy::Tenant;

pub const EDITORS: &[Role] = &[Role::CityAdmin, Role::Supervisor];

crate::string_enum! {
    PermitStatus { Active = "active", Overdue = "overdue", Closed = "closed" }
}

pub fn status(p: &permit::Model, today: NaiveDate) -> PermitStatus {
    match p.closed_on {
        Some(_) => PermitStatus::Closed,
        None if p.restore_by < today => PermitStatus::Overdue,
        None => PermitStatus::Active,
    }
}

pub fn today(tenant: &Tenant) -> NaiveDate {
    Utc::now().with_timezone(&tenant.time_zone).date_naive()
}

pub struct PermitInput {
    pub number: String,
    pub holder_org_id: i64,
    pub work_type: String,
    pub address: String,
    pub geometry: String,
    pub issued_on: NaiveDate,
    pub work_from: NaiveDate,
    pub work_to: NaiveDate,
    pub restore_by: NaiveDate,
}

pub async fn create(ctx: &RequestCtx, input: PermitInput) -> AppResult<permit::Model> {
    let actor = ctx.require(EDITORS)?.label();
    let number = input.number.trim().to_owned();
    if number.is_empty() || number.chars().count() > 50 {
        return Err(AppError::validation("number", "must be 1–50 characters"));
    }
    for (field, value) in [("workType", &input.work_type), ("address", &input.address)] {
        if value.trim().is_empty() || value.chars().count() > 300 {
            return Err(AppError::validation(field, "must be 1–300 characters"));
        }
    }
    let geometry = geometry::check(&input.geometry).map_err(|m| AppError::validation("geometry", m))?;
    if input.work_from < input.issued_on || input.work_to < input.work_from || input.restore_by < input.work_to {
        return Err(AppError::validation("restoreBy", "dates must run issued ≤ work from ≤ work to ≤ restore by"));
    }
    let tx = ctx.tenant_tx().await?;
    orgs::service::find_active(&tx, input.holder_org_id).await?.ok_or_else(|| {
        AppError::validation("holderOrgId", format!("no active organization {}", input.holder_org_id))
    })?;
    let now = Utc::now();
    let saved = permit::ActiveModel {
        number: Set(number),
        holder_org_id: Set(input.holder_org_id),
        work_type: Set(input.work_type.trim().to_owned()),
        address: Set(input.address.trim().to_owned()),
        geometry: Set(geometry.to_string()),
        issued_on: Set(input.issued_on),
        work_from: Set(input.work_from),
        work_to: Set(input.work_to),
        restore_by: Set(input.restore_by),
        closed_on: Set(None),
        last_notified_at: Set(None),
        notify_count: Set(0),
        created_by: Set(actor.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        &actor,
        "permit.create",
        "permit",
        Some(saved.id.to_string()),
        json!({ "number": saved.number }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Closes a permit once the surface is restored; the notifications stop.
pub async fn close(ctx: &RequestCtx, id: i64, closed_on: NaiveDate) -> AppResult<permit::Model> {
    let actor = ctx.require(EDITORS)?.label();
    let tx = ctx.tenant_tx().await?;
    let found =
        permit::Entity::find_by_id(id).one(&tx).await?.ok_or_else(|| AppError::not_found(format!("permit {id}")))?;
    if found.closed_on.is_some() {
        return Err(AppError::Conflict(format!("permit {} is closed", found.number)));
    }
    if closed_on < found.issued_on || closed_on > today(ctx.tenant()?) {
        return Err(AppError::validation("closedOn", "must be between the issue date and today"));
    }
    let mut model: permit::ActiveModel = found.into();
    model.closed_on = Set(Some(closed_on));
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    audit::record(&tx, &actor, "permit.close", "permit", Some(id.to_string()), json!({ "closed_on": closed_on }))
        .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Permits for the registry (staff) or the public map (`open_only`: active and overdue).
pub async fn list(ctx: &RequestCtx, open_only: bool) -> AppResult<Vec<permit::Model>> {
    if !open_only {
        ctx.require(&[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst])?;
    }
    let tx = ctx.tenant_tx().await?;
    let mut select = permit::Entity::find().order_by_asc(permit::Column::RestoreBy).order_by_asc(permit::Column::Id);
    if open_only {
        select = select.filter(permit::Column::ClosedOn.is_null());
    }
    Ok(select.limit(10_000).all(&tx).await?)
}

/// The names of the permits' holders, in one query (the registry and the public map show them).
pub async fn holder_names(ctx: &RequestCtx, rows: &[permit::Model]) -> AppResult<HashMap<i64, LocalizedText>> {
    let mut ids: Vec<i64> = rows.iter().map(|p| p.holder_org_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let tx = ctx.tenant_tx().await?;
    orgs::service::names(&tx, &ids).await
}

/// Notifies holders and police of permits past their restoration deadline; returns how many.
pub async fn watch_tenant(db: &Db, tenant: &Tenant) -> anyhow::Result<u64> {
    let tx = db.tenant_tx(&tenant.slug).await?;
    let settings = AppealSettings::load(&tx).await?;
    let now = Utc::now();
    let again = now - chrono::Duration::hours(i64::from(settings.permit_notify_interval_hours));
    let select = permit::Entity::find()
        .filter(permit::Column::ClosedOn.is_null())
        .filter(permit::Column::RestoreBy.lt(today(tenant)))
        .filter(
            Condition::any()
                .add(permit::Column::LastNotifiedAt.is_null())
                .add(permit::Column::LastNotifiedAt.lte(again)),
        )
        .order_by_asc(permit::Column::Id)
        .limit(500)
        .claim();
    let due = select.all(&tx).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let police = orgs::service::active_of_kind(&tx, OrgKind::Police).await?;
    let language = tenant.default_language.code();
    for p in &due {
        let payload = json!({ "permit": p.number, "address": p.address, "restore_by": p.restore_by, "holder": p.holder_org_id, "reminder": p.notify_count + 1 });
        journal::notify(
            &tx,
            "permit.overdue",
            Recipient::Organization(p.holder_org_id),
            None,
            language,
            payload.clone(),
        )
        .await?;
        for officer in &police {
            journal::notify(&tx, "permit.overdue", Recipient::Organization(*officer), None, language, payload.clone())
                .await?;
        }
        let mut model: permit::ActiveModel = p.clone().into();
        model.last_notified_at = Set(Some(now));
        model.notify_count = Set(p.notify_count + 1);
        model.update(&tx).await?;
        audit::record(&tx, "system", "permit.overdue_notified", "permit", Some(p.id.to_string()), payload).await?;
    }
    tx.commit().await?;
    Ok(due.len() as u64)
}
