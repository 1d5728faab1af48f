//! Shared secrets of a city's channel integrations: made by a city admin, shown once, kept
//! only as a SHA-256 hash in the city's settings.

use rand::RngCore;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::tenancy::settings;

crate::string_enum! {
    /// An integration that calls the platform.
    Integration { Phone = "phone" }
}

fn key(name: &str) -> String {
    format!("channel_secret:{name}")
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Makes a new secret for the integration (the old one stops working) and returns it once.
pub async fn rotate(ctx: &RequestCtx, integration: Integration) -> AppResult<String> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let secret = issue(&tx, integration.as_str()).await?;
    crate::audit::record(
        &tx,
        &actor,
        "channel.secret_rotated",
        "channel",
        Some(integration.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Makes and keeps (as a hash) a new secret of a named integration; the caller commits.
pub async fn issue(conn: &impl ConnectionTrait, name: &str) -> AppResult<String> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    // One statement: two admins rotating at once each end with a working secret of their own
    // until the later one wins.
    settings::put(conn, &key(name), &hash(&secret)).await?;
    Ok(secret)
}

/// Forgets a named integration's secret: nothing presented matches any more.
pub async fn revoke(conn: &impl ConnectionTrait, name: &str) -> AppResult<()> {
    settings::remove(conn, &key(name)).await?;
    Ok(())
}

/// Checks a presented secret; the error says nothing of whether one is configured.
pub async fn check(ctx: &RequestCtx, integration: Integration, presented: Option<&str>) -> AppResult<()> {
    check_named(ctx, integration.as_str(), presented).await
}

pub async fn check_named(ctx: &RequestCtx, name: &str, presented: Option<&str>) -> AppResult<()> {
    let refused = || AppError::forbidden("the integration secret is not valid");
    let presented = presented.filter(|p| !p.is_empty()).ok_or_else(refused)?;
    let tx = ctx.tenant_tx().await?;
    let stored = settings::get(&tx, &key(name)).await?.ok_or_else(refused)?;
    let given = hash(presented);
    let same =
        given.len() == stored.len() && given.bytes().zip(stored.bytes()).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same {
        Ok(())
    } else {
        Err(refused())
    }
}
