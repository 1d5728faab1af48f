//! The city's Telegram bot: a webhook receives Bot API updates (the secret-token header is
//! checked), a conversation in the resident's language files the appeal, and the appeal's
//! changes go back to the chat through the notification outbox.

pub mod api;
pub mod bot;
pub mod conversation;
pub mod texts;
pub mod update;

use crate::state::AppState;
use crate::tenancy::Tenant;

/// Sends a notification to a chat; `false` when the city has no bot connected (the row waits).
pub async fn tell(state: &AppState, tenant: &Tenant, chat: &str, text: &str) -> anyhow::Result<bool> {
    let chat: i64 = chat.parse().map_err(|_| anyhow::anyhow!("`{chat}` is not a Telegram chat id"))?;
    match bot::for_tenant(state, tenant).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        Some(bot) => bot.send_message(chat, text, None).await.map(|_| true),
        None => Ok(false),
    }
}
