//! A city's staff users, managed by its city admins; platform admins are made by `qala admin create`.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::model::user;
use super::password;
use super::service::{end_access_tokens, revoke_user_tokens};
use crate::access::{store_roles, Role};
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::infra::paging::{self, PageInfo, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct UserFields {
    pub login: Option<String>,
    pub display_name: Option<String>,
    pub password: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// `Some(None)` unbinds the user from its organization.
    pub organization_id: Option<Option<i64>>,
    pub language: Option<Language>,
    /// `Some(None)` removes the address.
    pub email: Option<Option<String>>,
}

fn check_email(email: Option<&str>) -> AppResult<Option<String>> {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(address) if crate::validate::email_address(address) => Ok(Some(address.to_lowercase())),
        Some(_) => Err(AppError::validation("email", "not an e-mail address")),
        None => Ok(None),
    }
}

pub async fn list(
    ctx: &RequestCtx,
    role: Option<Role>,
    include_inactive: bool,
    page: &PageRequest,
) -> AppResult<(Vec<user::Model>, PageInfo)> {
    ctx.require(&[Role::CityAdmin, Role::Supervisor])?;
    let tx = ctx.tenant_tx().await?;
    let mut select = user::Entity::find();
    if let Some(role) = role {
        select = select.filter(user::Column::Roles.like(format!("%{}%", role.as_str())));
    }
    if !include_inactive {
        select = select.filter(user::Column::Active.eq(true));
    }
    paging::fetch(&tx, select, user::Column::Id, page, |u| u.id).await
}

/// The caller's own account.
pub async fn me(ctx: &RequestCtx) -> AppResult<user::Model> {
    let actor = ctx.actor()?;
    if actor.resident_id().is_some() {
        return Err(AppError::forbidden("a resident has no staff account"));
    }
    // A platform admin's account lives on the platform, whichever city it is looking at.
    let tx = match actor.tenant {
        Some(_) => ctx.tenant_tx().await?,
        None => ctx.state.db.platform_tx().await?,
    };
    user::Entity::find_by_id(actor.user_id).one(&tx).await?.ok_or_else(|| AppError::not_found("user"))
}

pub async fn create(ctx: &RequestCtx, f: UserFields) -> AppResult<user::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let (Some(login), Some(name), Some(secret), Some(roles)) =
        (f.login.clone(), f.display_name.clone(), f.password.clone(), f.roles.clone())
    else {
        return Err(AppError::validation("input", "login, displayName, password and roles are required"));
    };
    let login = check_login(&login)?;
    password::check_strength(&secret)?;
    // Hashing is slow: do it before holding a connection.
    let hash = password::hash(secret).await?;
    let tx = ctx.tenant_tx().await?;
    let org = f.organization_id.flatten();
    check_roles(&tx, &roles, org).await?;
    if user::Entity::find().filter(user::Column::Login.eq(&login)).one(&tx).await?.is_some() {
        return Err(AppError::Conflict(format!("a user with login `{login}` exists")));
    }
    let mut row = new_user_row(&login, &check_name(&name)?, &hash, &roles, org);
    row.language = Set(f.language.unwrap_or(ctx.language()).code().into());
    row.email = Set(check_email(f.email.flatten().as_deref())?);
    let saved = row.insert(&tx).await?;
    audit::record(
        &tx,
        &actor,
        "user.create",
        "user",
        Some(saved.id.to_string()),
        json!({ "login": saved.login, "roles": saved.roles }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn update(ctx: &RequestCtx, id: i64, f: UserFields) -> AppResult<user::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    // Hashing is slow: do it before holding a connection.
    let new_hash = match &f.password {
        Some(secret) => {
            password::check_strength(secret)?;
            Some(password::hash(secret.clone()).await?)
        }
        None => None,
    };
    let tx = ctx.tenant_tx().await?;
    let current =
        user::Entity::find_by_id(id).one(&tx).await?.ok_or_else(|| AppError::not_found(format!("user {id}")))?;
    if f.login.as_ref().is_some_and(|l| l.trim().to_lowercase() != current.login) {
        return Err(AppError::validation("login", "a login cannot change"));
    }
    let roles = f.roles.clone().unwrap_or_else(|| crate::access::parse_roles(&current.roles));
    let org = f.organization_id.unwrap_or(current.organization_id);
    check_roles(&tx, &roles, org).await?;
    let before = current.clone();
    let mut model: user::ActiveModel = current.into();
    model.roles = Set(store_roles(&roles));
    model.organization_id = Set(org);
    if let Some(name) = &f.display_name {
        model.display_name = Set(check_name(name)?);
    }
    if let Some(lang) = f.language {
        model.language = Set(lang.code().into());
    }
    if let Some(email) = &f.email {
        model.email = Set(check_email(email.as_deref())?);
    }
    let password_changed = new_hash.is_some();
    if let Some(hash) = new_hash {
        model.password_hash = Set(hash);
        model.failed_logins = Set(0);
        model.locked_until = Set(None);
    }
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    let rights_changed = saved.roles != before.roles || saved.organization_id != before.organization_id;
    if password_changed || rights_changed {
        revoke_user_tokens(&tx, id).await?;
    }
    audit::record(
        &tx,
        &actor,
        "user.update",
        "user",
        Some(id.to_string()),
        json!({ "roles": saved.roles, "password_changed": password_changed }),
    )
    .await?;
    tx.commit().await?;
    if password_changed || rights_changed {
        end_access_tokens(&ctx.state, ctx.tenant.as_ref().map(|t| t.slug.as_str()), id).await?;
    }
    Ok(saved)
}

/// A deactivated user cannot log in, and its refresh tokens are revoked at once.
pub async fn set_active(ctx: &RequestCtx, id: i64, active: bool) -> AppResult<user::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?;
    if actor.user_id == id && !active && actor.tenant.is_some() {
        return Err(AppError::validation("id", "you cannot deactivate yourself"));
    }
    let label = actor.label();
    let tx = ctx.tenant_tx().await?;
    let current =
        user::Entity::find_by_id(id).one(&tx).await?.ok_or_else(|| AppError::not_found(format!("user {id}")))?;
    let mut model: user::ActiveModel = current.into();
    model.active = Set(active);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    if !active {
        revoke_user_tokens(&tx, id).await?;
    }
    audit::record(
        &tx,
        &label,
        if active { "user.activate" } else { "user.deactivate" },
        "user",
        Some(id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    if !active {
        end_access_tokens(&ctx.state, ctx.tenant.as_ref().map(|t| t.slug.as_str()), id).await?;
    }
    Ok(saved)
}

/// A staff member's display name, for receipts and timelines.
pub async fn display_name(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<String>> {
    Ok(user::Entity::find_by_id(id).one(conn).await?.map(|u| u.display_name))
}

/// The display names of the staff members behind `user:<id>` labels (a timeline's actors), for
/// callers who may already see the labels.
pub async fn display_names(ctx: &RequestCtx, labels: &[&str]) -> AppResult<HashMap<String, String>> {
    let ids: Vec<i64> = labels.iter().filter_map(|l| l.strip_prefix("user:")?.parse().ok()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let tx = ctx.tenant_tx().await?;
    let found = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(&tx).await?;
    Ok(found.into_iter().map(|u| (format!("user:{}", u.id), u.display_name)).collect())
}

/// A staff member's login (the phone system names operators by it).
pub async fn login_of(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<String>> {
    Ok(user::Entity::find_by_id(id).one(conn).await?.map(|u| u.login))
}

/// The names of staff members by id, as "Display Name (login)", for the audit log (city admins).
pub async fn staff_names(ctx: &RequestCtx, ids: &[i64]) -> AppResult<HashMap<i64, String>> {
    ctx.require(&[Role::CityAdmin])?;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let tx = ctx.scope_tx().await?;
    let found = user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(&tx).await?;
    Ok(found.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.login))).collect())
}

/// An audit-log actor as searched for: a staff member's login (it contains `@`) becomes that
/// user's label `user:<id>` (`unknown:<login>` when no one has it); any other label stays.
pub async fn audit_label(ctx: &RequestCtx, actor: Option<String>) -> AppResult<Option<String>> {
    let Some(login) = actor.as_deref().map(str::trim).filter(|a| a.contains('@')) else { return Ok(actor) };
    ctx.require(&[Role::CityAdmin])?;
    let tx = ctx.scope_tx().await?;
    let found = user::Entity::find().filter(user::Column::Login.eq(login.to_lowercase())).one(&tx).await?;
    Ok(Some(found.map_or_else(|| format!("unknown:{login}"), |u| format!("user:{}", u.id))))
}

pub fn check_login(login: &str) -> AppResult<String> {
    let login = login.trim().to_lowercase();
    let ok =
        (3..=100).contains(&login.len()) && login.chars().all(|c| c.is_ascii_alphanumeric() || "@._-+".contains(c));
    if ok {
        Ok(login)
    } else {
        Err(AppError::validation("login", "3–100 characters: letters, digits and @ . _ - +"))
    }
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::validation("displayName", "must be 1–200 characters"));
    }
    Ok(name.to_owned())
}

/// Roles must be non-empty and tenant roles; an executor is bound to an active organization.
async fn check_roles(conn: &impl ConnectionTrait, roles: &[Role], org: Option<i64>) -> AppResult<()> {
    if roles.is_empty() {
        return Err(AppError::validation("roles", "give at least one role"));
    }
    if roles.contains(&Role::PlatformAdmin) {
        return Err(AppError::validation("roles", "platform_admin is not a city role"));
    }
    if roles.contains(&Role::Resident) {
        return Err(AppError::validation(
            "roles",
            "resident is not a staff role: residents sign in on the portal with their phone",
        ));
    }
    if let Some(org) = org {
        if crate::orgs::service::find_active(conn, org).await?.is_none() {
            return Err(AppError::validation("organizationId", format!("no active organization {org}")));
        }
    } else if roles.contains(&Role::Executor) {
        return Err(AppError::validation("organizationId", "an executor must belong to an organization"));
    }
    Ok(())
}

/// Creates a platform admin unless the login exists; returns whether one was created.
pub async fn create_platform_admin(db: &crate::infra::Db, login: &str, name: &str, secret: &str) -> AppResult<bool> {
    password::check_strength(secret)?;
    let login = check_login(login)?;
    let tx = db.platform_tx().await?;
    if user::Entity::find().filter(user::Column::Login.eq(&login)).one(&tx).await?.is_some() {
        return Ok(false);
    }
    let hash = password::hash(secret.into()).await?;
    new_user_row(&login, name, &hash, &[Role::PlatformAdmin], None).insert(&tx).await?;
    crate::audit::record(&tx, "console", "platform_admin.create", "user", None, serde_json::json!({ "login": login }))
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The e-mail addresses (with each one's language) of the city's active staff of a role, for
/// the notices the outbox mails them.
pub async fn mailboxes_of_role(conn: &impl ConnectionTrait, role: Role) -> AppResult<Vec<(String, Language)>> {
    let found = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Email.is_not_null())
        .filter(user::Column::Roles.like(format!("%{}%", role.as_str())))
        .all(conn)
        .await?;
    Ok(found
        .into_iter()
        .filter(|u| crate::access::parse_roles(&u.roles).contains(&role))
        .filter_map(|u| Some((u.email?, Language::parse(&u.language).unwrap_or_default())))
        .collect())
}

pub fn new_user_row(login: &str, name: &str, hash: &str, roles: &[Role], org: Option<i64>) -> user::ActiveModel {
    let now = Utc::now();
    user::ActiveModel {
        login: Set(login.to_owned()),
        display_name: Set(name.to_owned()),
        password_hash: Set(hash.to_owned()),
        roles: Set(store_roles(roles)),
        organization_id: Set(org),
        language: Set("ru".into()),
        active: Set(true),
        failed_logins: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
