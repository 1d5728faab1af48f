//! The deadline watch: appeals past their warning share get a warning, appeals past their
//! deadline are marked overdue and escalated to the organization's head and the center's
//! supervisors (outbox rows). Safe with several replicas: on PostgreSQL each batch is taken with
//! `FOR UPDATE SKIP LOCKED`, so two watchers never handle the same appeal.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::journal::{self, Event, Recipient};
use super::model::appeal;
use super::rollup;
use super::rules::AppealStatus;
use crate::infra::dialect::RowLocks;
use crate::infra::Db;
use crate::tenancy::Tenant;

const BATCH: u64 = 500;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Watched {
    pub warned: u64,
    pub overdue: u64,
}

/// One pass over a tenant: batches until nothing is left to warn about or escalate.
pub async fn watch_tenant(db: &Db, tenant: &Tenant) -> anyhow::Result<Watched> {
    let slug = &tenant.slug;
    let mut total = Watched::default();
    loop {
        let tx = db.tenant_tx(slug).await?;
        let now = Utc::now();
        // Literal predicates, so PostgreSQL matches them to the partial watch indexes.
        let overdue = appeal::Entity::find()
            .filter(Expr::cust(format!("{} AND NOT overdue", AppealStatus::OPEN_SQL)))
            .filter(appeal::Column::DueAt.lt(now))
            .order_by_asc(appeal::Column::DueAt)
            .limit(BATCH)
            .claim();
        let warn = appeal::Entity::find()
            .filter(Expr::cust(format!("{} AND NOT warned", AppealStatus::OPEN_SQL)))
            .filter(appeal::Column::WarnAt.lt(now))
            .order_by_asc(appeal::Column::WarnAt)
            .limit(BATCH)
            .claim();
        let late = overdue.all(&tx).await?;
        for a in &late {
            escalate(&tx, tenant.time_zone, a).await?;
        }
        let due_soon = warn.all(&tx).await?;
        for a in &due_soon {
            let mut model: appeal::ActiveModel = a.clone().into();
            model.warned = Set(true);
            model.update(&tx).await?;
            journal::record(
                &tx,
                Event {
                    appeal_id: a.id,
                    actor: "system",
                    kind: "deadline_warning",
                    from: None,
                    to: None,
                    comment: None,
                    data: json!({ "due_at": a.due_at }),
                },
            )
            .await?;
            let payload = json!({ "number": a.number, "due_at": a.due_at, "organization": a.organization_id });
            let mut notices = vec![("appeal.deadline_warning", Recipient::Role("supervisor"), payload.clone())];
            if let Some(org) = a.organization_id {
                notices.push(("appeal.deadline_warning", Recipient::Organization(org), payload));
            }
            journal::notify_all(&tx, Some(a.id), &a.language, notices).await?;
        }
        tx.commit().await?;
        total.overdue += late.len() as u64;
        total.warned += due_soon.len() as u64;
        if (late.len() as u64) < BATCH && (due_soon.len() as u64) < BATCH {
            return Ok(total);
        }
    }
}

async fn escalate(conn: &impl ConnectionTrait, tz: chrono_tz::Tz, a: &appeal::Model) -> Result<(), sea_orm::DbErr> {
    let mut model: appeal::ActiveModel = a.clone().into();
    model.overdue = Set(true);
    model.warned = Set(true);
    let saved = model.update(conn).await?;
    rollup::track(conn, tz, Some(a), &saved).await?;
    journal::record(
        conn,
        Event {
            appeal_id: a.id,
            actor: "system",
            kind: "overdue",
            from: None,
            to: None,
            comment: None,
            data: json!({ "due_at": a.due_at, "organization": a.organization_id }),
        },
    )
    .await?;
    let payload = json!({ "number": a.number, "due_at": a.due_at, "organization": a.organization_id });
    if let Some(org) = a.organization_id {
        journal::notify(conn, "appeal.overdue", Recipient::Organization(org), Some(a.id), &a.language, payload.clone())
            .await?;
    }
    journal::notify(conn, "appeal.overdue", Recipient::Role("supervisor"), Some(a.id), &a.language, payload).await
}
