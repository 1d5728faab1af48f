//! Control of execution: for a period, each organization's appeals — received, resolved on time
//! and late, open past the deadline now, reopened after "resolved", its residents' rating —
//! ranked, so that the center sees who did the work and who did not react.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::figures::{self, Figures};
use super::filter::{Filter, Period};
use super::READERS;
use crate::context::RequestCtx;
use crate::error::AppResult;
use crate::i18n::LocalizedText;
use crate::orgs::model::organization;
use crate::orgs::OrgKind;

#[derive(Debug, Clone)]
pub struct ExecutionLine {
    /// None: appeals no organization has been given yet.
    pub organization_id: Option<i64>,
    pub name: Option<LocalizedText>,
    pub kind: Option<String>,
    pub figures: Figures,
}

/// How a line is ranked: the worst first.
pub fn rank_key(f: &Figures) -> (i64, i64, i64) {
    // Open past the deadline now, then late, then reopened: what needs the center's attention.
    (-f.counts.open_overdue, -f.counts.resolved_late, -f.counts.reopened)
}

pub async fn execution(
    ctx: &RequestCtx,
    filter: &Filter,
    period: Period,
    kinds: &[OrgKind],
) -> AppResult<Vec<ExecutionLine>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let selection = filter.selection(&tx).await?;
    let per_org = figures::by::<i64>(&tx, &selection, "organization_id", period).await?;
    let ids: Vec<i64> = per_org.iter().map(|(id, _)| *id).filter(|id| *id != 0).collect();
    let orgs: HashMap<i64, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut lines: Vec<ExecutionLine> = per_org
        .into_iter()
        .filter(|(_, c)| c.received != 0)
        .filter_map(|(id, counts)| {
            let org = orgs.get(&id);
            let kind = org.map(|o| o.kind.clone());
            let wanted = kinds.is_empty() || kind.as_deref().is_some_and(|k| kinds.iter().any(|w| w.as_str() == k));
            wanted.then(|| ExecutionLine {
                organization_id: (id != 0).then_some(id),
                name: org.map(|o| LocalizedText::new(&o.name_kk, &o.name_ru, &o.name_en)),
                kind,
                figures: Figures::of(counts),
            })
        })
        .collect();
    lines.sort_by(|a, b| {
        rank_key(&a.figures)
            .cmp(&rank_key(&b.figures))
            .then(b.figures.counts.received.cmp(&a.figures.counts.received))
            .then(a.organization_id.cmp(&b.organization_id))
    });
    Ok(lines)
}
