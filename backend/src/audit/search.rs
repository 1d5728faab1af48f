//! Reading the audit log: a city admin (or, on the platform, a platform admin) searches it by
//! person, action and period, and exports it; an export is itself on record.

use chrono::{DateTime, Utc};

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entry;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::paging::{self, PageInfo, PageRequest};

/// The most entries one export holds; a longer period is exported in parts.
pub const EXPORT_LIMIT: u64 = 100_000;

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct AuditFilter {
    /// Who acted: an audit label (`user:12`, `resident:7`, `console`, `open311:<app>`); a staff
    /// member's login is turned into its label by `auth::users::audit_label` first.
    pub actor: Option<String>,
    /// What was done: an action (`resident.read`) or its prefix with a dot (`auth.`).
    pub action: Option<String>,
    /// What it was done to: `user`, `resident`, `organization`, ... and its id.
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl AuditFilter {
    fn condition(&self) -> AppResult<Condition> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(AppError::validation("to", "the period ends before it starts"));
            }
        }
        let mut all = Condition::all();
        let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        if let Some(actor) = text(&self.actor) {
            all = all.add(entry::Column::Actor.eq(actor));
        }
        if let Some(action) = text(&self.action) {
            all = match action.strip_suffix('.') {
                Some(prefix) => all.add(entry::Column::Action.starts_with(format!("{prefix}."))),
                None => all.add(entry::Column::Action.eq(action)),
            };
        }
        if let Some(entity) = text(&self.entity) {
            all = all.add(entry::Column::Entity.eq(entity));
        }
        if let Some(id) = text(&self.entity_id) {
            all = all.add(entry::Column::EntityId.eq(id));
        }
        if let Some(from) = self.from {
            all = all.add(entry::Column::At.gte(from));
        }
        if let Some(to) = self.to {
            all = all.add(entry::Column::At.lt(to));
        }
        Ok(all)
    }
}

/// The entries that match, newest first.
pub async fn search(
    ctx: &RequestCtx,
    filter: &AuditFilter,
    page: &PageRequest,
) -> AppResult<(Vec<entry::Model>, PageInfo)> {
    ctx.require(&[Role::CityAdmin])?;
    let tx = ctx.scope_tx().await?;
    let select = entry::Entity::find().filter(filter.condition()?);
    paging::fetch_newest_first(&tx, select, entry::Column::Id, page, |e| e.id).await
}

/// The staff ids behind `user:<id>` actors, for naming them.
pub fn staff_ids(entries: &[entry::Model]) -> Vec<i64> {
    entries.iter().filter_map(|e| e.actor.strip_prefix("user:")?.parse().ok()).collect()
}

/// The entries that match as CSV (UTF-8 with a byte-order mark, for spreadsheets), oldest first;
/// the export is recorded in the log it reads.
pub async fn export_csv(ctx: &RequestCtx, filter: &AuditFilter) -> AppResult<String> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.scope_tx().await?;
    let rows = entry::Entity::find()
        .filter(filter.condition()?)
        .order_by_asc(entry::Column::Id)
        .limit(EXPORT_LIMIT + 1)
        .all(&tx)
        .await?;
    if rows.len() as u64 > EXPORT_LIMIT {
        return Err(AppError::validation(
            "filter",
            format!("more than {EXPORT_LIMIT} entries match: export a shorter period"),
        ));
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| AppError::Unexpected(anyhow::Error::new(e).context("writing the audit export"));
    out.write_record(["id", "at", "actor", "action", "entity", "entity_id", "details"]).map_err(failed)?;
    for row in &rows {
        let at = row.at.to_rfc3339();
        let entity_id = row.entity_id.clone().unwrap_or_default();
        let fields = [&row.id.to_string(), &at, &row.actor, &row.action, &row.entity, &entity_id, &row.details];
        out.write_record(fields.map(|f| crate::infra::spreadsheet::cell(f))).map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::Unexpected(anyhow::anyhow!("writing the audit export: {e}")))?;
    let details = serde_json::json!({ "filter": filter, "entries": rows.len() });
    super::record(&tx, &actor, "audit.export", "audit_log", None, details).await?;
    tx.commit().await?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}
