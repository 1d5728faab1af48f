//! Notices to residents who wrote by e-mail, sent through the SMTP relay (`smtp_relay_url`) from
//! the city's own mailbox, so a reply comes back to it.

use anyhow::Context;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncTransport, Message};

use crate::state::AppState;
use crate::tenancy::Tenant;

/// Sends a notice; `false` when no relay is configured (the notice waits for one).
pub async fn tell(state: &AppState, tenant: &Tenant, to: &str, subject: &str, text: &str) -> anyhow::Result<bool> {
    let Some(relay) = &state.mailer else { return Ok(false) };
    let from = format!("{} <{}>", tenant.brand, super::address(state, tenant));
    let message = Message::builder()
        .from(from.parse().context("the city's mailbox is not a valid address")?)
        .to(to.parse().with_context(|| format!("`{to}` is not a valid address"))?)
        .subject(subject)
        // Marks the notice as automatic (RFC 3834), so mail robots do not answer it.
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".into()))
        .header(ContentType::TEXT_PLAIN)
        .body(text.to_owned())
        .context("building a notice")?;
    relay.send(message).await.context("sending a notice through the SMTP relay")?;
    Ok(true)
}
