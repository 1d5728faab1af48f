//! What the city admin sees of notices that have not left: parked ones (no door configured to
//! carry them, with the reason) and failed ones (given up after every attempt).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};

use crate::access::Role;
use crate::appeals::model::outbox;
use crate::context::RequestCtx;
use crate::error::AppResult;

/// One group of waiting notices.
#[derive(Debug, FromQueryResult)]
pub struct BacklogLine {
    /// `parked` or `failed`.
    pub status: String,
    /// Why parked rows wait (`no_text_gateway`, `no_telegram_bot`, `no_mail_relay`); none for failed.
    pub parked_reason: Option<String>,
    /// `resident`, `reply` or `organization`.
    pub recipient_kind: String,
    pub count: i64,
    pub oldest: DateTime<Utc>,
}

/// Parked and failed notices, grouped by status, reason and recipient; city admins and
/// supervisors only.
pub async fn backlog(ctx: &RequestCtx) -> AppResult<Vec<BacklogLine>> {
    ctx.require(&[Role::CityAdmin, Role::Supervisor])?;
    let tx = ctx.tenant_tx().await?;
    let lines = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column(outbox::Column::ParkedReason)
        .column(outbox::Column::RecipientKind)
        .column_as(Expr::col(outbox::Column::Id).count(), "count")
        .column_as(Expr::col(outbox::Column::CreatedAt).min(), "oldest")
        .filter(outbox::Column::Status.is_in(["parked", "failed"]))
        .group_by(outbox::Column::Status)
        .group_by(outbox::Column::ParkedReason)
        .group_by(outbox::Column::RecipientKind)
        .order_by_asc(outbox::Column::Status)
        .order_by_asc(outbox::Column::RecipientKind)
        .order_by_asc(outbox::Column::ParkedReason)
        .into_model::<BacklogLine>()
        .all(&tx)
        .await?;
    Ok(lines)
}
