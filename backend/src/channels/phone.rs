//! The phone system's incoming-call webhook: the PBX announces each call with the caller's
//! number and the operator who picks up; that operator's console shows the caller's history
//! (the screen pop). A retried webhook with the same call id changes nothing.

use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use super::model::call;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::residents;
use crate::residents::Phone;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomingCall {
    pub call_id: String,
    pub caller: String,
    /// The login of the operator the call is put through to.
    pub operator: Option<String>,
}

fn plain(field: &str, value: &str) -> AppResult<()> {
    if value.chars().any(char::is_control) {
        return Err(AppError::validation(field, "must not contain control characters"));
    }
    Ok(())
}

/// Records a call announced by an authenticated phone system; returns it (the first record on
/// a replay). The same call id with another caller or operator is a conflict, not a replay.
pub async fn announce(ctx: &RequestCtx, event: IncomingCall) -> AppResult<call::Model> {
    plain("call_id", &event.call_id)?;
    plain("caller", &event.caller)?;
    plain("operator", event.operator.as_deref().unwrap_or_default())?;
    let (hits, retry) = ctx.state.kv.hit(&format!("phone:{}", ctx.tenant()?.slug), Duration::from_secs(1)).await?;
    if hits > 200 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let call_id = event.call_id.trim().to_owned();
    if call_id.is_empty() || call_id.len() > 100 {
        return Err(AppError::validation("call_id", "must be 1–100 characters"));
    }
    let operator = event.operator.map(|o| o.trim().to_lowercase()).filter(|o| !o.is_empty());
    if operator.as_ref().is_some_and(|o| o.len() > 100) {
        return Err(AppError::validation("operator", "must be at most 100 characters"));
    }
    // Withheld or foreign numbers still ring: they are kept as sent, and match no resident.
    let caller = match Phone::parse(&event.caller) {
        Ok(phone) => phone.as_str().to_owned(),
        Err(_) if event.caller.trim().is_empty() || event.caller.len() > 50 => {
            return Err(AppError::validation("caller", "must be 1–50 characters"));
        }
        Err(_) => event.caller.trim().to_owned(),
    };
    let tx = ctx.tenant_tx().await?;
    let known = residents::service::with_phone_for_system(&tx, &caller).await?;
    let (caller_seen, operator_seen) = (caller.clone(), operator.clone());
    call::Entity::insert(call::ActiveModel {
        call_id: sea_orm::Set(call_id.clone()),
        caller: sea_orm::Set(caller),
        operator: sea_orm::Set(operator),
        resident_id: sea_orm::Set(known.map(|r| r.id)),
        received_at: sea_orm::Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(call::Column::CallId).do_nothing().to_owned())
    .exec_without_returning(&tx)
    .await?;
    let saved = call::Entity::find()
        .filter(call::Column::CallId.eq(&call_id))
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("call {call_id} vanished")))?;
    let same_call = saved.caller == caller_seen && saved.operator == operator_seen;
    if !same_call {
        return Err(AppError::Conflict(format!("call {call_id} was announced with another caller or operator")));
    }
    let details = serde_json::json!({ "call_id": call_id, "operator": saved.operator, "ip": ctx.client_ip });
    crate::audit::record(&tx, "integration:phone", "channel.phone_call", "call", Some(saved.id.to_string()), details)
        .await?;
    tx.commit().await?;
    Ok(saved)
}

/// The call put through to the signed-in operator in the last few minutes, if any.
pub async fn current_for_me(ctx: &RequestCtx) -> AppResult<Option<call::Model>> {
    let actor = ctx.require(&[Role::Operator, Role::Supervisor])?;
    let tx = ctx.tenant_tx().await?;
    let Some(login) = crate::auth::users::login_of(&tx, actor.user_id).await? else { return Ok(None) };
    // The newest call of this operator (an index seek), shown while it is recent.
    let newest =
        call::Entity::find().filter(call::Column::Operator.eq(login)).order_by_desc(call::Column::Id).one(&tx).await?;
    Ok(newest.filter(|c| Utc::now() - c.received_at <= chrono::Duration::minutes(5)))
}
