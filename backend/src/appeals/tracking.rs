//! Public tracking: with the appeal number and the last four digits of the caller's phone,
//! anyone sees the status and the timeline, and nothing personal: no names, phones, comments or
//! staff. Guessing is limited per client address and per appeal number.

use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::model::{appeal, event};
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::residents;

pub struct Tracked {
    pub appeal: appeal::Model,
    pub events: Vec<event::Model>,
}

pub async fn track(ctx: &RequestCtx, number: &str, last_four: &str) -> AppResult<Tracked> {
    let slug = ctx.tenant()?.slug.to_string();
    let number = number.trim().to_uppercase();
    if last_four.len() != 4 || !last_four.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::validation("phoneLast4", "the last four digits of the phone"));
    }
    let kv = &ctx.state.kv;
    let (by_ip, retry) = kv.hit(&format!("track:ip:{}", ctx.client_ip), Duration::from_secs(60)).await?;
    let failures_key = format!("track:fail:{slug}:{number}");
    // Read without counting; only a failure counts (atomically), below.
    let failures = kv.get_value(&failures_key).await?.unwrap_or(0);
    if by_ip > 30 || failures >= 10 {
        return Err(AppError::RateLimited { retry_after_secs: retry.max(60) });
    }
    let tx = ctx.tenant_tx().await?;
    let found = appeal::Entity::find().filter(appeal::Column::Number.eq(&number)).one(&tx).await?;
    let phone = match found.as_ref().and_then(|a| a.resident_id) {
        Some(id) => residents::service::find_for_system(&tx, id).await?.map(|r| r.phone),
        None => None,
    };
    let Some(appeal) = found.filter(|_| phone.is_some_and(|p| p.ends_with(last_four))) else {
        kv.hit(&failures_key, Duration::from_secs(3600)).await?;
        return Err(AppError::not_found(format!("appeal {number} with that phone")));
    };
    let events = event::Entity::find()
        .filter(event::Column::AppealId.eq(appeal.id))
        .order_by_asc(event::Column::Id)
        .all(&tx)
        .await?;
    // The steps a resident sees of their own appeal; the public record carries no text at all.
    Ok(Tracked { appeal, events: super::resident_view::timeline(events) })
}
