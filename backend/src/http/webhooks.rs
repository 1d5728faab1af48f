//! Webhooks of integrations: `POST /t/<slug>/channels/phone/calls` (the phone system). The
//! bearer token here is the integration's secret, not a user's token.

use actix_web::{web, HttpRequest, HttpResponse};

use super::ctx::City;
use crate::channels::phone::{self, IncomingCall};
use crate::channels::secrets::{self, Integration};
use crate::error::AppError;

/// The largest body a webhook takes: an event or an update is a few kilobytes.
pub const MAX_BODY: usize = 256 * 1024;

pub async fn phone_call(ctx: City, req: HttpRequest, payload: web::Payload) -> Result<HttpResponse, AppError> {
    // Limit by address before any database work, then authenticate, then read the body.
    let (hits, retry) =
        ctx.state.kv.hit(&format!("webhook:ip:{}", ctx.client_ip), std::time::Duration::from_secs(1)).await?;
    if hits > 300 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let secret = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    secrets::check(&ctx, Integration::Phone, secret).await?;
    let body = super::body::read(&req, payload, MAX_BODY).await?;
    let event: IncomingCall = serde_json::from_slice(&body).map_err(|e| {
        AppError::validation("body", format!("expected {{\"call_id\", \"caller\", \"operator\"}}: {e}"))
    })?;
    let saved = phone::announce(&ctx, event).await?;
    let body = serde_json::json!({ "call_id": saved.call_id, "known_caller": saved.resident_id.is_some() });
    Ok(HttpResponse::Ok().json(body))
}
