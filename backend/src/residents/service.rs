use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use serde_json::json;

use super::model::resident;
use super::{Iin, Phone};
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;

/// Who may look residents up: the center's staff, not executors (they see appeals only).
pub const STAFF: &[Role] = &[Role::Operator, Role::Supervisor, Role::Analyst];

/// Who vouches for what a door says of a resident.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Source {
    /// A client app, a chat, a letter: anyone may type any phone, so the record is only linked.
    #[default]
    Unproven,
    /// The resident's own session, its phone proven with a one-time code.
    Verified,
    /// The center's staff, registering a caller.
    Staff,
}

/// A resident as given with an appeal: the phone identifies; the rest fills in a new record, and
/// updates a known one only when `source` vouches for it.
#[derive(Debug, Clone, Default)]
pub struct ResidentInput {
    pub phone: String,
    pub name: Option<String>,
    pub iin: Option<String>,
    pub language: Option<Language>,
    pub source: Source,
}

/// Finds the resident by phone or creates one. A known resident's name, IIN and language are
/// updated only from a proven source (their own verified session, or staff); an unproven door
/// (an Open311 app, a chat) links the appeal by phone and never rewrites the record.
pub async fn find_or_create(
    conn: &impl ConnectionTrait,
    input: &ResidentInput,
    fallback: Language,
) -> AppResult<resident::Model> {
    let phone = Phone::parse(&input.phone).map_err(|m| AppError::validation("resident.phone", m))?;
    let iin = match input.iin.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Some(Iin::parse(raw).map_err(|m| AppError::validation("resident.iin", m))?),
        None => None,
    };
    let name = input.name.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(AppError::validation("resident.name", "must be at most 200 characters"));
    }
    let now = Utc::now();
    let found = resident::Entity::find().filter(resident::Column::Phone.eq(phone.as_str())).one(conn).await?;
    match found {
        Some(found) if input.source == Source::Unproven => Ok(found),
        Some(found) => {
            let changes = name.as_ref().is_some_and(|n| Some(n) != found.name.as_ref())
                || iin.as_ref().is_some_and(|i| Some(i.as_str()) != found.iin.as_deref())
                || input.language.is_some_and(|l| l.code() != found.language);
            if !changes {
                return Ok(found);
            }
            let mut model: resident::ActiveModel = found.into();
            if let Some(name) = name {
                model.name = Set(Some(name));
            }
            if let Some(iin) = iin {
                model.iin = Set(Some(iin.as_str().to_owned()));
            }
            if let Some(lang) = input.language {
                model.language = Set(lang.code().into());
            }
            model.updated_at = Set(now);
            Ok(model.update(conn).await?)
        }
        None => {
            // A concurrent first appeal of the same caller may insert the row first: that is fine.
            resident::Entity::insert(resident::ActiveModel {
                phone: Set(phone.as_str().to_owned()),
                name: Set(name),
                iin: Set(iin.map(|i| i.as_str().to_owned())),
                language: Set(input.language.unwrap_or(fallback).code().into()),
                verified: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .on_conflict(OnConflict::column(resident::Column::Phone).do_nothing().to_owned())
            .exec_without_returning(conn)
            .await?;
            resident::Entity::find()
                .filter(resident::Column::Phone.eq(phone.as_str()))
                .one(conn)
                .await?
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("the resident {} vanished", phone.as_str())))
        }
    }
}

/// A resident for a step no staff member takes (the resident's own session, tracking by a
/// token); a staff member's look goes through `get` or `by_phone`, which put it on record.
pub async fn find_for_system(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<resident::Model>> {
    Ok(resident::Entity::find_by_id(id).one(conn).await?)
}

/// The resident with this normalized phone, for the phone system's call announcement; the
/// operator's look at the caller is recorded when the screen pop opens the resident.
pub async fn with_phone_for_system(conn: &impl ConnectionTrait, phone: &str) -> AppResult<Option<resident::Model>> {
    Ok(resident::Entity::find().filter(resident::Column::Phone.eq(phone)).one(conn).await?)
}

/// The resident with this phone, if known. Every look is on record (`resident.read`), a miss
/// too (`resident.lookup`), with the last four digits of the phone only.
pub async fn by_phone(ctx: &RequestCtx, phone: &str) -> AppResult<Option<resident::Model>> {
    let actor = ctx.require(STAFF)?.label();
    let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
    let tx = ctx.tenant_tx().await?;
    let found = resident::Entity::find().filter(resident::Column::Phone.eq(phone.as_str())).one(&tx).await?;
    let (action, id) = match &found {
        Some(r) => ("resident.read", Some(r.id.to_string())),
        None => ("resident.lookup", None),
    };
    let details = json!({ "by": "phone", "phone_last4": phone.last_four() });
    crate::audit::record(&tx, &actor, action, "resident", id, details).await?;
    tx.commit().await?;
    Ok(found)
}

/// A resident by id (the screen pop of a call, a staff page); the look is on record.
pub async fn get(ctx: &RequestCtx, id: i64) -> AppResult<resident::Model> {
    let actor = ctx.require(STAFF)?.label();
    let tx = ctx.tenant_tx().await?;
    let found = resident::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("resident {id}")))?;
    crate::audit::record(&tx, &actor, "resident.read", "resident", Some(id.to_string()), json!({ "by": "id" })).await?;
    tx.commit().await?;
    Ok(found)
}
