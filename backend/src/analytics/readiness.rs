//! Sending the season's readiness list: each responsible organization gets its own buildings,
//! by mail through the notification outbox, and the sending is audited.

use std::collections::BTreeMap;

use serde_json::json;

use super::filter::{Filter, Period};
use super::hotspots::{readiness, ReadinessLine};
use crate::access::Role;
use crate::appeals::journal::{self, Recipient};
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::orgs::model::organization;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Buildings per organization in one mail.
pub const PER_ORGANIZATION: usize = 100;

/// A season as people write it: «2025/26» for one that crosses the new year, «2026» otherwise.
pub fn season_label(season: &Period) -> String {
    use chrono::Datelike;
    if season.from.year() == season.to.year() {
        season.from.year().to_string()
    } else {
        format!("{}/{:02}", season.from.year(), season.to.year() % 100)
    }
}

/// Writes one outbox row per organization with its part of the list; returns the organizations
/// that have an e-mail address (the others' rows are settled without a mail, and named in the
/// audit entry).
pub async fn send(ctx: &RequestCtx, filter: &Filter, seasons: &[Period], title: &str) -> AppResult<usize> {
    let actor = ctx.require(&[Role::Supervisor, Role::CityAdmin])?.label();
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::validation("title", "name the list in 1 to 200 characters"));
    }
    let lines = readiness(ctx, filter, seasons, super::hotspots::MAX_LIMIT).await?;
    let mut by_org: BTreeMap<i64, Vec<&ReadinessLine>> = BTreeMap::new();
    for line in &lines {
        if let Some(org) = line.organization_id {
            by_org.entry(org).or_default().push(line);
        }
    }
    let labels: Vec<String> = seasons.iter().map(season_label).collect();
    let language = ctx.tenant()?.default_language.code();
    let tx = ctx.tenant_tx().await?;
    for (org, lines) in &by_org {
        let buildings: Vec<_> = lines
            .iter()
            .take(PER_ORGANIZATION)
            .map(|l| json!({ "address": l.address, "total": l.total, "by_season": l.by_season }))
            .collect();
        let payload = json!({ "title": title, "seasons": labels, "buildings": buildings });
        journal::notify(&tx, "analytics.readiness", Recipient::Organization(*org), None, language, payload).await?;
    }
    let ids: Vec<i64> = by_org.keys().copied().collect();
    let reachable: Vec<i64> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids.clone()))
        .filter(organization::Column::Email.is_not_null())
        .all(&tx)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let unreachable: Vec<i64> = ids.into_iter().filter(|id| !reachable.contains(id)).collect();
    let details = json!({ "title": title, "seasons": labels, "organizations": reachable, "without_email": unreachable,
        "buildings": lines.len() });
    audit::record(&tx, &actor, "analytics.readiness_sent", "readiness_list", None, details).await?;
    tx.commit().await?;
    Ok(reachable.len())
}
