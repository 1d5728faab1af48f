//! A city's Telegram bot: a city admin connects it with the token from @BotFather; the platform
//! checks the token (`getMe`), makes a webhook secret and registers the webhook (`setWebhook`)
//! with it. The token is kept in the city's settings, as the bot must present it on every call.

use rand::RngCore;
use serde_json::json;

use super::api::BotApi;
use crate::access::Role;
use crate::channels::secrets;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tenancy::settings;
use crate::tenancy::Tenant;

const TOKEN: &str = "telegram.bot_token";
const USERNAME: &str = "telegram.bot_username";
/// The name the webhook's secret is kept under (see `channels::secrets`).
pub const SECRET: &str = "telegram";

pub struct Connected {
    pub username: String,
    pub webhook_url: String,
}

/// Where Telegram delivers the city's updates.
pub fn webhook_url(state: &AppState, tenant: &Tenant) -> String {
    format!("{}/channels/telegram/webhook", tenant.web_address(&state.config))
}

fn api(state: &AppState, token: &str) -> BotApi {
    BotApi::new(&state.config.telegram_api_url, token, state.http.clone())
}

fn plausible(token: &str) -> bool {
    let Some((id, key)) = token.split_once(':') else { return false };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && (20..=100).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Connects (or reconnects) the city's bot; returns its username and the webhook registered.
pub async fn connect(ctx: &RequestCtx, token: &str) -> AppResult<Connected> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let token = token.trim();
    if !plausible(token) {
        return Err(AppError::validation("token", "expected a bot token from @BotFather, such as 123456789:AAH…"));
    }
    let tenant = ctx.tenant()?.clone();
    let bot = api(&ctx.state, token);
    let me = bot
        .call("getMe", &json!({}))
        .await
        .map_err(|e| AppError::validation("token", format!("Telegram did not accept the token: {e:#}")))?;
    let username = me["username"].as_str().unwrap_or_default().to_owned();
    if me["is_bot"] != true || username.is_empty() {
        return Err(AppError::validation("token", "the token does not belong to a bot"));
    }
    let tx = ctx.tenant_tx().await?;
    let secret = secrets::issue(&tx, SECRET).await?;
    settings::put(&tx, TOKEN, &ctx.state.sealer.seal(&sealed_as(&tenant), token)?).await?;
    settings::put(&tx, USERNAME, &username).await?;
    let url = webhook_url(&ctx.state, &tenant);
    crate::audit::record(
        &tx,
        &actor,
        "channel.telegram_connected",
        "channel",
        Some("telegram".into()),
        json!({ "bot": username, "webhook": url }),
    )
    .await?;
    tx.commit().await?;
    // Registered once the secret is kept, so the first update Telegram sends is accepted.
    let hook = json!({ "url": url, "secret_token": secret, "allowed_updates": ["message", "callback_query"] });
    bot.call("setWebhook", &hook)
        .await
        .map_err(|e| AppError::validation("token", format!("Telegram refused the webhook {url}: {e:#}")))?;
    Ok(Connected { username, webhook_url: url })
}

/// Disconnects the city's bot: the webhook is removed and its secret and token forgotten.
pub async fn disconnect(ctx: &RequestCtx) -> AppResult<bool> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let Some(bot) = for_tenant(&ctx.state, ctx.tenant()?).await? else { return Ok(false) };
    if let Err(error) = bot.call("deleteWebhook", &json!({})).await {
        tracing::warn!(
            error = format!("{error:#}"),
            "The Telegram webhook could not be removed; its secret is revoked."
        );
    }
    let tx = ctx.tenant_tx().await?;
    secrets::revoke(&tx, SECRET).await?;
    settings::remove(&tx, TOKEN).await?;
    settings::remove(&tx, USERNAME).await?;
    crate::audit::record(&tx, &actor, "channel.telegram_disconnected", "channel", Some("telegram".into()), json!({}))
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The connected bot's username (city admins).
pub async fn username(ctx: &RequestCtx) -> AppResult<Option<String>> {
    ctx.require(&[Role::CityAdmin])?;
    let tx = ctx.tenant_tx().await?;
    Ok(settings::get(&tx, USERNAME).await?)
}

/// The city's bot, when one is connected.
pub async fn for_tenant(state: &AppState, tenant: &Tenant) -> AppResult<Option<BotApi>> {
    let tx = state.db.tenant_tx(&tenant.slug).await?;
    let Some(stored) = settings::get(&tx, TOKEN).await? else { return Ok(None) };
    let token = state.sealer.open(&sealed_as(tenant), &stored)?;
    Ok(Some(api(state, &token)))
}

/// What the token is sealed to: the city and the setting.
fn sealed_as(tenant: &Tenant) -> String {
    format!("{}/{TOKEN}", tenant.slug)
}

/// A fresh random id for a draft, so that pressing "Send" twice registers one appeal.
pub fn nonce() -> String {
    let mut bytes = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::plausible;

    #[test]
    fn only_tokens_of_botfathers_shape_are_tried() {
        assert!(plausible("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        assert!(!plausible("123456789"));
        assert!(!plausible("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        assert!(!plausible("123:short"));
        assert!(!plausible("123:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDs/aw"));
    }
}
