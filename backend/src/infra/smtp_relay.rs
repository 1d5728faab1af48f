//! The SMTP relay that carries the platform's outgoing e-mail (`smtp_relay_url`).

use anyhow::Context;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

use crate::config::Config;

pub type Relay = AsyncSmtpTransport<Tokio1Executor>;

/// The relay named by `smtp_relay_url` (`smtp://host:25`, `smtps://user:pass@host:465`,
/// `smtp://host:587?tls=required`), if one is.
pub fn relay(config: &Config) -> anyhow::Result<Option<Relay>> {
    let Some(url) = &config.smtp_relay_url else { return Ok(None) };
    let builder = Relay::from_url(url).context("key `smtp_relay_url`: not a valid SMTP URL")?;
    Ok(Some(builder.timeout(Some(std::time::Duration::from_secs(20))).build()))
}
