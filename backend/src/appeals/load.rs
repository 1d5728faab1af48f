//! The open load per organization, counted in the database over every open appeal: what the
//! supervisor's board shows beside the lists of overdue and systemic appeals.

use chrono::{Duration, Utc};

use super::rules::AppealStatus;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::AppResult;
use crate::infra::sql;

#[derive(Debug, Clone, PartialEq)]
pub struct OrgLoad {
    /// `None`: appeals not routed yet.
    pub organization_id: Option<i64>,
    pub open: i64,
    pub overdue: i64,
    /// Not overdue, and due within the next 24 hours.
    pub due_soon: i64,
    pub systemic: i64,
}

pub const READERS: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Analyst, Role::Operator];

/// Every organization with open appeals, the most overdue first.
pub async fn by_organization(ctx: &RequestCtx) -> AppResult<Vec<OrgLoad>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let soon = Utc::now() + Duration::hours(24);
    let query = format!(
        "SELECT organization_id AS org, COUNT(*) AS open, \
         COALESCE(SUM(CASE WHEN overdue THEN 1 ELSE 0 END), 0) AS overdue, \
         COALESCE(SUM(CASE WHEN NOT overdue AND due_at < ? THEN 1 ELSE 0 END), 0) AS soon, \
         COALESCE(SUM(CASE WHEN systemic THEN 1 ELSE 0 END), 0) AS systemic \
         FROM appeals WHERE {} GROUP BY organization_id",
        AppealStatus::OPEN_SQL
    );
    let rows = sql::all(&tx, &query, vec![soon.into()]).await?;
    let mut load = rows
        .iter()
        .map(|r| {
            Ok(OrgLoad {
                organization_id: r.try_get("", "org")?,
                open: r.try_get("", "open")?,
                overdue: r.try_get("", "overdue")?,
                due_soon: r.try_get("", "soon")?,
                systemic: r.try_get("", "systemic")?,
            })
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    load.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(b.open.cmp(&a.open)));
    Ok(load)
}
