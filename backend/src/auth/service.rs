//! Login, refresh-token rotation and logout, the same for a city's staff (tenant tables) and for
//! platform admins (platform tables): `RequestCtx::scope_tx` picks the tables.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;

use super::model::{refresh_token, user};
use super::throttle::LoginThrottle;
use super::{password, tokens};
use crate::access::jwt::Actor;
use crate::access::{parse_roles, Role};
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

/// What a successful login or refresh hands back.
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub user: user::Model,
}

const BAD_CREDENTIALS: &str = "invalid login or password";

pub async fn login(ctx: &RequestCtx, login: &str, password_text: &str) -> AppResult<Session> {
    let config = &ctx.state.config;
    let (hits, retry) = ctx.state.kv.hit(&format!("login:ip:{}", ctx.client_ip), Duration::from_secs(60)).await?;
    if hits > u64::from(config.login_ip_limit_per_minute) {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let login = login.trim().to_lowercase();
    let scope = ctx.tenant.as_ref().map(|t| t.slug.as_str()).unwrap_or("platform");
    let throttle = LoginThrottle::new(&ctx.state.kv, scope, &login, &ctx.client_ip);
    throttle.check().await?;
    // Read, then verify without holding a connection: hashing is slow on purpose.
    let found = {
        let tx = ctx.scope_tx().await?;
        user::Entity::find().filter(user::Column::Login.eq(&login)).one(&tx).await?
    };
    let now = Utc::now();
    let matches = password::verify(password_text.to_owned(), found.as_ref().map(|u| u.password_hash.clone())).await?;
    let tx = ctx.scope_tx().await?;
    let anonymous = format!("anonymous:{}", ctx.client_ip);
    let refused = match found.filter(|u| u.active) {
        Some(account) if matches => Ok(account),
        other => Err(other),
    };
    let account = match refused {
        Ok(account) => account,
        Err(account) => {
            // Unknown logins wait like real ones, so the answer does not tell them apart.
            let wait = throttle.failed(config.login_max_failures, config.login_lockout_secs).await?;
            let action = if wait.is_some() { "auth.throttled" } else { "auth.login_failed" };
            match &account {
                Some(account) => {
                    // One atomic increment, so parallel wrong passwords cannot overwrite each other's count.
                    user::Entity::update_many()
                        .col_expr(
                            user::Column::FailedLogins,
                            sea_orm::sea_query::ExprTrait::add(Expr::col(user::Column::FailedLogins), 1),
                        )
                        .filter(user::Column::Id.eq(account.id))
                        .exec(&tx)
                        .await?;
                    let detail = json!({ "wait_secs": wait });
                    audit::record(&tx, &anonymous, action, "user", Some(account.id.to_string()), detail).await?;
                }
                None => {
                    let detail = json!({ "login": login, "wait_secs": wait });
                    audit::record(&tx, &anonymous, action, "user", None, detail).await?;
                }
            }
            tx.commit().await?;
            return Err(AppError::Unauthenticated(BAD_CREDENTIALS.into()));
        }
    };
    throttle.succeeded().await?;
    let mut update: user::ActiveModel = account.into();
    update.failed_logins = Set(0);
    update.last_login_at = Set(Some(now));
    let account = update.update(&tx).await?;
    let session = open_session(ctx, &tx, account, uuid::Uuid::new_v4().to_string()).await?;
    audit::record(
        &tx,
        &format!("user:{}", session.user.id),
        "auth.login",
        "user",
        Some(session.user.id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}

/// Spends a refresh token for a new pair. A token spent before means it was stolen or replayed:
/// the whole family is revoked, so the thief's and the owner's sessions both end.
pub async fn refresh(ctx: &RequestCtx, token: &str) -> AppResult<Session> {
    let tx = ctx.scope_tx().await?;
    let refused = || AppError::Unauthenticated("the refresh token is not valid".into());
    let hash = tokens::hash_token(token);
    let Some(row) = refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash)).one(&tx).await?
    else {
        return Err(refused());
    };
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(refused());
    }
    // The family's first token was issued at login: past the session's maximum age, it ends.
    let started = refresh_token::Entity::find()
        .filter(refresh_token::Column::Family.eq(&row.family))
        .order_by_asc(refresh_token::Column::Id)
        .one(&tx)
        .await?
        .map(|first| first.created_at)
        .unwrap_or(row.created_at);
    if now - started > chrono::Duration::seconds(ctx.state.config.session_max_age_secs as i64) {
        revoke_family(&tx, &row.family).await?;
        tx.commit().await?;
        return Err(AppError::Unauthenticated("the session has ended: sign in again".into()));
    }
    // Conditional update: of two concurrent refreshes with one token, only one can spend it.
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    if spent.rows_affected != 1 {
        revoke_family(&tx, &row.family).await?;
        audit::record(
            &tx,
            &format!("user:{}", row.user_id),
            "auth.refresh_reused",
            "refresh_token",
            Some(row.family.clone()),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        return Err(refused());
    }
    let account = user::Entity::find_by_id(row.user_id).one(&tx).await?.filter(|u| u.active).ok_or_else(refused)?;
    let session = open_session(ctx, &tx, account, row.family).await?;
    tx.commit().await?;
    Ok(session)
}

/// Revokes the refresh token's family and the caller's access token.
pub async fn logout(ctx: &RequestCtx, token: Option<&str>) -> AppResult<bool> {
    let tx = ctx.scope_tx().await?;
    if let Some(token) = token {
        let hash = tokens::hash_token(token);
        if let Some(row) =
            refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash)).one(&tx).await?
        {
            revoke_family(&tx, &row.family).await?;
            audit::record(
                &tx,
                &format!("user:{}", row.user_id),
                "auth.logout",
                "user",
                Some(row.user_id.to_string()),
                json!({}),
            )
            .await?;
        }
    }
    tx.commit().await?;
    if let Some(actor) = &ctx.actor {
        let left = (actor.expires_at - Utc::now().timestamp()).max(1) as u64;
        ctx.state.kv.set_flag(&revoked_key(&actor.token_id), Duration::from_secs(left)).await?;
    }
    Ok(true)
}

/// Revokes every refresh token of a user (deactivation, password change).
pub async fn revoke_user_tokens(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Verifies a bearer token for the tenant the request is for (`None`: the platform scope).
pub async fn authenticate(state: &crate::state::AppState, bearer: &str, tenant: Option<&str>) -> AppResult<Actor> {
    let refused = |why: &str| AppError::Unauthenticated(why.to_owned());
    let actor = state.jwt.verify(bearer).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => refused("the access token has expired"),
        _ => refused("the access token is not valid"),
    })?;
    // A city's token is refused everywhere else; a platform admin's token serves every city.
    let platform_admin = actor.tenant.is_none() && actor.has(Role::PlatformAdmin);
    if actor.tenant.as_deref() != tenant && !platform_admin {
        return Err(refused("the access token belongs to another tenant"));
    }
    // One round trip on every request: the token's revocation and the account's last change.
    let keys = [revoked_key(&actor.token_id), changed_key(actor.tenant.as_deref(), actor.user_id)];
    let found = state.kv.get_values(&keys).await?;
    if found.first().copied().flatten().is_some() {
        return Err(refused("the access token was revoked"));
    }
    // Residents are not staff accounts: their ids are in another table.
    let changed = if actor.resident_id().is_some() { None } else { found.get(1).copied().flatten() };
    if changed.is_some_and(|at| actor.issued_at < at) {
        return Err(refused("the account changed after this token was issued; sign in again"));
    }
    Ok(actor)
}

fn revoked_key(token_id: &str) -> String {
    format!("revoked:{token_id}")
}

fn changed_key(tenant: Option<&str>, user_id: i64) -> String {
    format!("account-changed:{}:{user_id}", tenant.unwrap_or("platform"))
}

/// Refuses the access tokens a user holds now (deactivation, new roles, organization or
/// password): they carry the old rights until they expire otherwise.
pub async fn end_access_tokens(state: &crate::state::AppState, tenant: Option<&str>, user_id: i64) -> AppResult<()> {
    let ttl = Duration::from_secs(state.config.access_token_ttl_secs + 1);
    state.kv.set_value(&changed_key(tenant, user_id), Utc::now().timestamp(), ttl).await?;
    Ok(())
}

async fn revoke_family(conn: &impl ConnectionTrait, family: &str) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

async fn open_session<C: ConnectionTrait + TransactionTrait>(
    ctx: &RequestCtx,
    conn: &C,
    account: user::Model,
    family: String,
) -> AppResult<Session> {
    let state = &ctx.state;
    let tenant = ctx.tenant.as_ref().map(|t| t.slug.as_str());
    let mut roles = parse_roles(&account.roles);
    if tenant.is_none() {
        roles = vec![Role::PlatformAdmin];
    } else {
        roles.retain(|r| *r != Role::PlatformAdmin);
    }
    let (access_token, claims) = state.jwt.issue_staff(account.id, tenant, &roles, account.organization_id)?;
    let refresh = tokens::new_refresh_token();
    let now = Utc::now();
    refresh_token::ActiveModel {
        user_id: Set(account.id),
        family: Set(family),
        token_hash: Set(tokens::hash_token(&refresh)),
        expires_at: Set(now + chrono::Duration::seconds(state.config.refresh_token_ttl_secs as i64)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(Session { access_token, refresh_token: refresh, expires_in: claims.exp - claims.iat, user: account })
}
