//! The supervisors' inbox: the deadline warnings, overdue appeals and systemic problems that the
//! appeals context writes for the center's supervisors (outbox rows to the `supervisor` role),
//! newest first, each acknowledged by the supervisor who has seen it.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Value};

use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::sql;

pub const SUPERVISORS: &[Role] = &[Role::Supervisor, Role::CityAdmin];

const ROLE_ROWS: &str = "o.recipient_kind = 'role' AND o.recipient_id = 'supervisor'";

#[derive(Debug, Clone)]
pub struct Alert {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `appeal.deadline_warning`, `appeal.overdue` or `appeal.systemic`.
    pub kind: String,
    pub appeal_id: Option<i64>,
    pub number: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub organization_id: Option<i64>,
    /// Repeats linked to a systemic problem.
    pub linked: Option<i64>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

pub struct Inbox {
    pub alerts: Vec<Alert>,
    pub has_more: bool,
    pub unacknowledged: i64,
}

pub async fn inbox(ctx: &RequestCtx, only_new: bool, before: Option<i64>, first: u64) -> AppResult<Inbox> {
    let user = ctx.require(SUPERVISORS)?.user_id;
    let first = first.clamp(1, 200);
    let tx = ctx.tenant_tx().await?;
    let mut text = format!(
        "SELECT o.id, o.created_at, o.kind, o.appeal_id, o.payload, k.at FROM notification_outbox o \
         LEFT JOIN alert_acks k ON k.outbox_id = o.id AND k.user_id = ? WHERE {ROLE_ROWS}"
    );
    let mut values: Vec<Value> = vec![user.into()];
    if only_new {
        text.push_str(" AND k.outbox_id IS NULL");
    }
    if let Some(before) = before {
        text.push_str(" AND o.id < ?");
        values.push(before.into());
    }
    text.push_str(&format!(" ORDER BY o.id DESC LIMIT {}", first + 1));
    let rows = sql::all(&tx, &text, values).await?;
    let mut alerts = Vec::with_capacity(rows.len());
    for row in &rows {
        let payload: String = row.try_get_by_index(4)?;
        let payload: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        alerts.push(Alert {
            id: row.try_get_by_index(0)?,
            at: row.try_get_by_index(1)?,
            kind: row.try_get_by_index(2)?,
            appeal_id: row.try_get_by_index(3)?,
            number: payload["number"].as_str().map(str::to_owned),
            due_at: payload["due_at"].as_str().and_then(|d| d.parse().ok()),
            organization_id: payload["organization"].as_i64(),
            linked: payload["linked"].as_i64(),
            acknowledged_at: row.try_get_by_index(5)?,
        });
    }
    let has_more = alerts.len() as u64 > first;
    alerts.truncate(first as usize);
    let unacknowledged = unacknowledged(&tx, user).await?;
    Ok(Inbox { alerts, has_more, unacknowledged })
}

async fn unacknowledged(conn: &impl ConnectionTrait, user: i64) -> AppResult<i64> {
    let text = format!(
        "SELECT COUNT(*) FROM notification_outbox o WHERE {ROLE_ROWS} AND NOT EXISTS \
         (SELECT 1 FROM alert_acks k WHERE k.outbox_id = o.id AND k.user_id = ?)"
    );
    let rows = sql::all(conn, &text, vec![user.into()]).await?;
    Ok(rows.first().map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Acknowledges alerts (`ids`), or every alert when `ids` is None; returns how many were new.
pub async fn acknowledge(ctx: &RequestCtx, ids: Option<&[i64]>) -> AppResult<u64> {
    let user = ctx.require(SUPERVISORS)?.user_id;
    if ids.is_some_and(|ids| ids.is_empty() || ids.len() > 500) {
        return Err(AppError::validation("ids", "name 1 to 500 alerts"));
    }
    let tx = ctx.tenant_tx().await?;
    let mut text = format!(
        "INSERT INTO alert_acks (outbox_id, user_id, at) SELECT o.id, ?, ? FROM notification_outbox o \
         WHERE {ROLE_ROWS}"
    );
    let mut values: Vec<Value> = vec![user.into(), Utc::now().into()];
    if let Some(ids) = ids {
        text.push_str(&format!(" AND o.id IN ({})", vec!["?"; ids.len()].join(", ")));
        values.extend(ids.iter().map(|id| Value::from(*id)));
    }
    text.push_str(" ON CONFLICT (outbox_id, user_id) DO NOTHING");
    let done = tx.execute_raw(sql::statement(tx.get_database_backend(), &text, values)).await?.rows_affected();
    tx.commit().await?;
    Ok(done)
}
