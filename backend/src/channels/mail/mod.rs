//! E-mail: the platform's own SMTP listener (`smtp_bind`) takes each city's mail at
//! `<slug>@<mail_domain>`; a message becomes an appeal of the service type the city chose for
//! e-mail, with its attachments. The resident hears back by mail through the SMTP relay
//! (`smtp_relay_url`). In production the listener sits behind the city's mail exchanger, which
//! does TLS, spam and virus filtering and relays to it over the private network.

pub mod inbound;
pub mod outbound;
pub mod smtp;

use serde_json::json;

use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tenancy::settings;
use crate::tenancy::Tenant;

/// The setting that opens a city's mailbox: the service type e-mailed appeals are filed under.
const SERVICE_TYPE: &str = "email.service_type";

/// The city's mailbox.
pub fn address(state: &AppState, tenant: &Tenant) -> String {
    format!("{}@{}", tenant.slug, state.config.mail_domain)
}

/// The service type e-mailed appeals are filed under; `None` while the city takes no mail.
pub async fn service_type_of(state: &AppState, tenant: &Tenant) -> AppResult<Option<i64>> {
    let tx = state.db.tenant_tx(&tenant.slug).await?;
    Ok(settings::get(&tx, SERVICE_TYPE).await?.and_then(|value| value.parse().ok()))
}

/// The service type for e-mail (city admins).
pub async fn configured(ctx: &RequestCtx) -> AppResult<Option<i64>> {
    ctx.require(&[Role::CityAdmin])?;
    service_type_of(&ctx.state, ctx.tenant()?).await
}

/// Opens the city's mailbox with a service type for e-mailed appeals, or closes it (`None`).
pub async fn configure(ctx: &RequestCtx, service_type_id: Option<i64>) -> AppResult<Option<i64>> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    match service_type_id {
        Some(id) => {
            crate::catalog::service::in_use(&tx, id)
                .await?
                .ok_or_else(|| AppError::validation("serviceTypeId", format!("no active service type {id}")))?;
            settings::put(&tx, SERVICE_TYPE, &id.to_string()).await?;
        }
        None => {
            settings::remove(&tx, SERVICE_TYPE).await?;
        }
    }
    crate::audit::record(
        &tx,
        &actor,
        "channel.email_configured",
        "channel",
        Some("email".into()),
        json!({ "service_type_id": service_type_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(service_type_id)
}
