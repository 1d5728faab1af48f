use async_graphql::{Context, Object, SimpleObject};

use crate::graphql::errors::GqlResult;
use crate::graphql::request::request;

/// Notices that have not left, grouped: parked ones wait for a door to be configured and leave
/// by themselves once it is; failed ones were given up after every attempt.
#[derive(SimpleObject)]
pub struct NotificationBacklog {
    /// `parked` or `failed`.
    pub status: String,
    /// Why parked notices wait: `no_text_gateway` (codes go through the Telegram Gateway, which
    /// carries codes only), `no_telegram_bot` (the city's bot is disconnected), `no_mail_relay`
    /// (no SMTP relay is configured).
    pub reason: Option<String>,
    /// `resident`, `reply` (the chat or mailbox an appeal came from) or `organization`.
    pub recipient: String,
    pub count: i64,
    pub oldest: chrono::DateTime<chrono::Utc>,
}

#[derive(Default)]
pub struct NotifyQuery;

#[Object]
impl NotifyQuery {
    /// Notices that could not be sent (city admins and supervisors).
    async fn notification_backlog(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NotificationBacklog>> {
        let lines = super::backlog::backlog(request(ctx)?).await.gql()?;
        Ok(lines
            .into_iter()
            .map(|l| NotificationBacklog {
                status: l.status,
                reason: l.parked_reason,
                recipient: l.recipient_kind,
                count: l.count,
                oldest: l.oldest,
            })
            .collect())
    }
}
