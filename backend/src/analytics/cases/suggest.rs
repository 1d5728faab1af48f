//! Cases the center should consider: organizations whose figures over a period cross the
//! thresholds the city sets (`case_overdue_share`, `case_reopen_rate`, `case_min_appeals`), and
//! that have no case open already.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::model::case;
use super::service::CaseStatus;
use crate::analytics::execution::{self, ExecutionLine};
use crate::analytics::filter::{Filter, Period};
use crate::appeals::settings::AppealSettings;
use crate::context::RequestCtx;
use crate::error::AppResult;

pub struct Suggestion {
    pub line: ExecutionLine,
    /// Open past the deadline or resolved late, as a share of received.
    pub overdue_share: f64,
    pub overdue_crossed: bool,
    pub reopen_crossed: bool,
}

pub async fn suggestions(ctx: &RequestCtx, period: Period) -> AppResult<Vec<Suggestion>> {
    let lines = execution::execution(ctx, &Filter::default(), period, &[]).await?;
    let tx = ctx.tenant_tx().await?;
    let settings = AppealSettings::load(&tx).await?;
    let with_case: HashSet<i64> = case::Entity::find()
        .select_only()
        .column(case::Column::OrganizationId)
        .filter(case::Column::Status.ne(CaseStatus::Closed.as_str()))
        .into_tuple::<i64>()
        .all(&tx)
        .await?
        .into_iter()
        .collect();
    Ok(lines
        .into_iter()
        .filter_map(|line| {
            let org = line.organization_id?;
            let c = &line.figures.counts;
            if with_case.contains(&org) || c.received < settings.case_min_appeals {
                return None;
            }
            let overdue_share = (c.open_overdue + c.resolved_late) as f64 / c.received as f64;
            let overdue_crossed = overdue_share >= settings.case_overdue_share;
            let reopen_crossed = line.figures.reopen_rate.is_some_and(|r| r >= settings.case_reopen_rate);
            (overdue_crossed || reopen_crossed).then_some(Suggestion {
                line,
                overdue_share,
                overdue_crossed,
                reopen_crossed,
            })
        })
        .collect())
}
