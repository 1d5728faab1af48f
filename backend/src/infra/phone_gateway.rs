//! Delivering a one-time code to a resident's phone: written to the log in development, or sent
//! through an SMS gateway or the Telegram Gateway API in production.

use anyhow::Context;
use serde_json::json;

use crate::config::Config;

#[derive(Clone)]
pub enum Delivery {
    /// The code goes to the server log (development and tests).
    Log,
    /// `POST <url>` with `{"phone": "+7…", "text": "…"}` and the bearer token.
    Sms { url: String, token: Option<String>, client: reqwest::Client },
    /// The Telegram Gateway API: `POST <url>/sendVerificationMessage`.
    Telegram { url: String, token: Option<String>, ttl: u64, client: reqwest::Client },
}

impl Delivery {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let client = || {
            reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .context("an HTTP client for code delivery")
        };
        let url = config.otp_gateway_url.clone().unwrap_or_default().trim_end_matches('/').to_owned();
        let token = config.otp_gateway_token.clone();
        Ok(match config.otp_delivery.as_str() {
            "http" => Self::Sms { url, token, client: client()? },
            "telegram" => Self::Telegram { url, token, ttl: config.otp_ttl_secs.clamp(30, 3600), client: client()? },
            _ => Self::Log,
        })
    }

    /// Whether this delivery carries plain messages, not only codes.
    pub fn carries_texts(&self) -> bool {
        !matches!(self, Self::Telegram { .. })
    }

    /// Sends a plain message (a notification) to `phone`; `false` when this delivery cannot
    /// carry one (the Telegram Gateway sends verification codes only).
    pub async fn send_text(&self, tenant: &str, phone: &str, text: &str) -> anyhow::Result<bool> {
        match self {
            Self::Log => {
                tracing::info!(
                    tenant.slug = tenant,
                    resident.phone = phone,
                    sms.text = text,
                    "Message to a resident (log delivery)."
                );
                Ok(true)
            }
            Self::Sms { url, token, client } => {
                let mut request = client.post(url.as_str()).json(&json!({ "phone": phone, "text": text }));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.context("sending a message through the SMS gateway")?;
                anyhow::ensure!(response.status().is_success(), "the SMS gateway answered {}", response.status());
                Ok(true)
            }
            Self::Telegram { .. } => Ok(false),
        }
    }

    /// Sends `code` to `phone`; `text` is the message in the resident's language.
    pub async fn send(&self, tenant: &str, phone: &str, code: &str, text: &str) -> anyhow::Result<()> {
        match self {
            Self::Log => {
                tracing::info!(
                    tenant.slug = tenant,
                    resident.phone = phone,
                    otp.code = code,
                    "One-time code (log delivery)."
                );
                Ok(())
            }
            Self::Sms { .. } => self.send_text(tenant, phone, text).await.map(|_| ()),
            Self::Telegram { url, token, ttl, client } => {
                let number = phone.trim_start_matches('+');
                let mut request = client
                    .post(format!("{url}/sendVerificationMessage"))
                    .json(&json!({ "phone_number": number, "code": code, "ttl": ttl }));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.context("sending a code through the Telegram Gateway")?;
                anyhow::ensure!(response.status().is_success(), "the Telegram Gateway answered {}", response.status());
                // The gateway reports failures in the body (`{"ok": false, "error": …}`).
                let body: serde_json::Value = response.json().await.unwrap_or_default();
                anyhow::ensure!(body["ok"] != false, "the Telegram Gateway refused: {}", body["error"]);
                Ok(())
            }
        }
    }
}
