//! The client apps a city admits to Open311: each gets its own API key (shown once, kept as a
//! SHA-256 hash), can be switched off, and is named in the audit of what it posts.

use chrono::Utc;
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::access::Role;
use crate::audit;
use crate::channels::model::open311_client;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Registers a client app; returns it with its API key, which is never shown again.
pub async fn create(ctx: &RequestCtx, name: &str) -> AppResult<(open311_client::Model, String)> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::validation("name", "must be 1–100 characters"));
    }
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    let tx = ctx.tenant_tx().await?;
    let saved = open311_client::ActiveModel {
        name: Set(name.to_owned()),
        key_hash: Set(hash(&key)),
        active: Set(true),
        created_by: Set(actor.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        &actor,
        "open311.client_created",
        "open311_client",
        Some(saved.id.to_string()),
        json!({ "name": name }),
    )
    .await?;
    tx.commit().await?;
    Ok((saved, key))
}

pub async fn list(ctx: &RequestCtx) -> AppResult<Vec<open311_client::Model>> {
    ctx.require(&[Role::CityAdmin])?;
    let tx = ctx.tenant_tx().await?;
    Ok(open311_client::Entity::find().order_by_asc(open311_client::Column::Id).all(&tx).await?)
}

pub async fn set_active(ctx: &RequestCtx, id: i64, active: bool) -> AppResult<open311_client::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let found = open311_client::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Open311 client {id}")))?;
    let mut model: open311_client::ActiveModel = found.into();
    model.active = Set(active);
    let saved = model.update(&tx).await?;
    let action = if active { "open311.client_activated" } else { "open311.client_deactivated" };
    audit::record(&tx, &actor, action, "open311_client", Some(id.to_string()), json!({})).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The active client app holding `key`; the error does not say whether the key exists.
pub async fn authenticate(ctx: &RequestCtx, key: Option<&str>) -> AppResult<open311_client::Model> {
    let refused = || AppError::forbidden("api_key is missing or not valid");
    let key = key.map(str::trim).filter(|k| !k.is_empty() && k.len() <= 200).ok_or_else(refused)?;
    let tx = ctx.tenant_tx().await?;
    let found = open311_client::Entity::find()
        .filter(open311_client::Column::KeyHash.eq(hash(key)))
        .filter(open311_client::Column::Active.eq(true))
        .one(&tx)
        .await?
        .ok_or_else(refused)?;
    let mut used: open311_client::ActiveModel = found.clone().into();
    used.last_used_at = Set(Some(Utc::now()));
    used.update(&tx).await?;
    tx.commit().await?;
    Ok(found)
}
