//! `POST /t/<slug>/channels/telegram/webhook`: the city's bot's updates from the Bot API. The
//! `X-Telegram-Bot-Api-Secret-Token` header must carry the secret set with the webhook.

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};

use super::ctx::City;
use crate::channels::secrets;
use crate::channels::telegram::update::Update;
use crate::channels::telegram::{bot, conversation};
use crate::error::AppError;

/// Updates a chat may send a minute; past it Telegram is asked to deliver again later.
const PER_CHAT_PER_MINUTE: u64 = 30;

pub async fn webhook(ctx: City, req: HttpRequest, payload: web::Payload) -> Result<HttpResponse, AppError> {
    let (hits, retry) = ctx.state.kv.hit(&format!("webhook:ip:{}", ctx.client_ip), Duration::from_secs(1)).await?;
    if hits > 300 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let presented = req.headers().get("x-telegram-bot-api-secret-token").and_then(|v| v.to_str().ok());
    secrets::check_named(&ctx, bot::SECRET, presented).await?;
    // Read only once the secret holds: nobody else makes the server take in a body.
    let body = super::body::read(&req, payload, super::webhooks::MAX_BODY).await?;
    let update: Update = serde_json::from_slice(&body)
        .map_err(|e| AppError::validation("body", format!("expected a Telegram Update: {e}")))?;
    let tenant = ctx.tenant()?.clone();
    let Some(api) = bot::for_tenant(&ctx.state, &tenant).await? else {
        return Err(AppError::forbidden("the integration secret is not valid"));
    };
    if let Some((chat, _)) = update.chat() {
        let key = format!("telegram:{}:{}", tenant.slug, chat.id);
        let (hits, retry) = ctx.state.kv.hit(&key, Duration::from_secs(60)).await?;
        if hits > PER_CHAT_PER_MINUTE {
            return Err(AppError::RateLimited { retry_after_secs: retry });
        }
    }
    let outcome = conversation::handle(&ctx, &api, &update).await?;
    // The state is saved: a reply that fails is logged, not redelivered as the same update.
    for (method, body) in &outcome.calls {
        if let Err(error) = api.call(method, body).await {
            tracing::warn!(tenant.slug = %tenant.slug, method, error = format!("{error:#}"), "A Telegram reply failed.");
        }
    }
    let body = serde_json::json!({ "ok": true, "replayed": outcome.replayed, "appeal": outcome.appeal });
    Ok(HttpResponse::Ok().json(body))
}
