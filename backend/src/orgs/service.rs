use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TryIntoModel};
use serde_json::json;

use super::model::organization;
use super::{Bin, OrgKind};
use crate::access::Role;
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;
use crate::infra::paging::{self, PageInfo, PageRequest};

/// Reading the configuration is open to every staff role of the tenant.
pub const READERS: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Operator, Role::Analyst, Role::Executor];

#[derive(Default, Debug)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    pub search: Option<String>,
    pub include_inactive: bool,
}

/// Fields of an organization; on update, `None` keeps the stored value.
#[derive(Default, Debug, Clone)]
pub struct OrgFields {
    pub code: Option<String>,
    pub kind: Option<OrgKind>,
    pub name: Option<LocalizedText>,
    pub bin: Option<String>,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub head: Option<String>,
}

pub async fn list(
    ctx: &RequestCtx,
    filter: OrgFilter,
    page: &PageRequest,
) -> AppResult<(Vec<organization::Model>, PageInfo)> {
    ctx.require_if(filter.include_inactive, READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = organization::Entity::find();
    if let Some(kind) = filter.kind {
        select = select.filter(organization::Column::Kind.eq(kind.as_str()));
    }
    if let Some(search) = filter.search.filter(|s| !s.trim().is_empty()) {
        select = select.filter(organization::Column::SearchText.like(paging::search_pattern(&search)));
    }
    if !filter.include_inactive {
        select = select.filter(organization::Column::Active.eq(true));
    }
    paging::fetch(&tx, select, organization::Column::Id, page, |o| o.id).await
}

pub async fn get(ctx: &RequestCtx, id: i64) -> AppResult<organization::Model> {
    let staff = ctx.require(READERS).is_ok();
    let tx = ctx.tenant_tx().await?;
    let found = find(&tx, id).await?;
    if !staff && !found.active {
        return Err(AppError::not_found(format!("organization {id}")));
    }
    Ok(found)
}

/// An organization that can take work (a user, an appeal, a permit): it exists and is active.
pub async fn find_active(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<organization::Model>> {
    Ok(organization::Entity::find_by_id(id).one(conn).await?.filter(|o| o.active))
}

/// The names of organizations by id (inactive ones too: history keeps naming them).
pub async fn names(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<HashMap<i64, LocalizedText>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found =
        organization::Entity::find().filter(organization::Column::Id.is_in(ids.iter().copied())).all(conn).await?;
    Ok(found.into_iter().map(|o| (o.id, LocalizedText::new(o.name_kk, o.name_ru, o.name_en))).collect())
}

/// The active organizations of a kind (the police for overdue permits), by id.
pub async fn active_of_kind(conn: &impl ConnectionTrait, kind: OrgKind) -> AppResult<Vec<i64>> {
    let found = organization::Entity::find()
        .filter(organization::Column::Kind.eq(kind.as_str()))
        .filter(organization::Column::Active.eq(true))
        .all(conn)
        .await?;
    Ok(found.into_iter().map(|o| o.id).collect())
}

/// Every organization's id by its code, for imports that name organizations by code.
pub async fn ids_by_code(conn: &impl ConnectionTrait) -> AppResult<HashMap<String, i64>> {
    Ok(organization::Entity::find().all(conn).await?.into_iter().map(|o| (o.code, o.id)).collect())
}

pub async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<organization::Model> {
    organization::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("organization {id}")))
}

pub async fn create(ctx: &RequestCtx, fields: OrgFields) -> AppResult<organization::Model> {
    let (Some(code), Some(kind), Some(name)) = (fields.code.clone(), fields.kind, fields.name.clone()) else {
        return Err(AppError::validation("input", "code, kind and name are required"));
    };
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    crate::validate::code(&code).map_err(|m| AppError::validation("code", m))?;
    if organization::Entity::find().filter(organization::Column::Code.eq(&code)).one(&tx).await?.is_some() {
        return Err(AppError::Conflict(format!("an organization with code `{code}` exists")));
    }
    let now = Utc::now();
    let mut model = organization::ActiveModel {
        code: Set(code),
        kind: Set(kind.as_str().into()),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, &fields, &name)?;
    let saved = model.insert(&tx).await?;
    audit::record(
        &tx,
        &actor,
        "organization.create",
        "organization",
        Some(saved.id.to_string()),
        json!({ "code": saved.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Creates or updates an organization by its code inside the caller's transaction (onboarding
/// from a manifest), with the admin screen's checks; every field is written, an absent one
/// cleared, as the manifest is the record.
pub async fn upsert_by_code(
    conn: &impl ConnectionTrait,
    code: &str,
    kind: OrgKind,
    name: &LocalizedText,
    fields: OrgFields,
) -> AppResult<organization::Model> {
    crate::validate::code(code).map_err(|m| AppError::validation("code", m))?;
    let found = organization::Entity::find().filter(organization::Column::Code.eq(code)).one(conn).await?;
    let mut model = match found {
        Some(found) => organization::ActiveModel::from(found),
        None => organization::ActiveModel {
            code: Set(code.to_owned()),
            active: Set(true),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    };
    model.kind = Set(kind.as_str().into());
    let every = |v: Option<String>| Some(v.unwrap_or_default());
    let fields = OrgFields {
        bin: every(fields.bin),
        district: every(fields.district),
        phone: every(fields.phone),
        email: every(fields.email),
        head: every(fields.head),
        ..fields
    };
    apply(&mut model, &fields, name)?;
    Ok(model.save(conn).await?.try_into_model()?)
}

pub async fn update(ctx: &RequestCtx, id: i64, fields: OrgFields) -> AppResult<organization::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let current = find(&tx, id).await?;
    if fields.code.as_ref().is_some_and(|c| *c != current.code) {
        return Err(AppError::validation("code", "a code cannot change; create a new organization instead"));
    }
    let name =
        fields.name.clone().unwrap_or_else(|| LocalizedText::new(&current.name_kk, &current.name_ru, &current.name_en));
    let mut model: organization::ActiveModel = current.into();
    if let Some(kind) = fields.kind {
        model.kind = Set(kind.as_str().into());
    }
    apply(&mut model, &fields, &name)?;
    let saved = model.update(&tx).await?;
    audit::record(
        &tx,
        &actor,
        "organization.update",
        "organization",
        Some(id.to_string()),
        json!({ "code": saved.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn set_active(ctx: &RequestCtx, id: i64, active: bool) -> AppResult<organization::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let mut model: organization::ActiveModel = find(&tx, id).await?.into();
    model.active = Set(active);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    let action = if active { "organization.activate" } else { "organization.deactivate" };
    audit::record(&tx, &actor, action, "organization", Some(id.to_string()), json!({})).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Checks and sets the fields common to create and update.
fn apply(model: &mut organization::ActiveModel, fields: &OrgFields, name: &LocalizedText) -> AppResult<()> {
    if let Some(lang) = name.missing() {
        return Err(AppError::validation(format!("name.{lang}"), "must not be empty"));
    }
    let blank_is_none = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(bin) = &fields.bin {
        let bin = blank_is_none(&Some(bin.clone()));
        if let Some(bin) = &bin {
            Bin::parse(bin).map_err(|m| AppError::validation("bin", m))?;
        }
        model.bin = Set(bin);
    }
    if let Some(email) = blank_is_none(&fields.email) {
        if !crate::validate::email_address(&email) {
            return Err(AppError::validation("email", "not an e-mail address such as dispatch@water.kz"));
        }
    }
    for (value, column) in [
        (&fields.district, &mut model.district),
        (&fields.phone, &mut model.phone),
        (&fields.email, &mut model.email),
        (&fields.head, &mut model.head),
    ] {
        if value.is_some() {
            *column = Set(blank_is_none(value));
        }
    }
    let code = match &model.code {
        sea_orm::ActiveValue::Set(c) | sea_orm::ActiveValue::Unchanged(c) => c.clone(),
        sea_orm::ActiveValue::NotSet => String::new(),
    };
    model.name_kk = Set(name.kk.trim().into());
    model.name_ru = Set(name.ru.trim().into());
    model.name_en = Set(name.en.trim().into());
    model.search_text = Set(name.search_text(&code));
    model.updated_at = Set(Utc::now());
    Ok(())
}
