//! The operator's queue, the executor's list, the callback list and a resident's history: one
//! filtered, keyset-paginated query. The open-appeals filter is written as a literal so that
//! PostgreSQL matches it to the partial indexes on open appeals with any plan.

use base64::Engine;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::{limited_to, own_resident, VIEWERS, VIEWERS_AND_RESIDENTS};
use super::model::appeal;
use super::rules::{AppealStatus, Channel};
use crate::catalog::AppealType;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::paging::{search_pattern, PageInfo, PageRequest, DEFAULT_PAGE, MAX_PAGE};
use crate::residents;

crate::string_enum! {
    /// Queue order: by deadline (soonest first), oldest or newest registration, or (callbacks)
    /// longest waiting since resolution.
    QueueSort { Deadline = "deadline", Oldest = "oldest", Newest = "newest", Resolved = "resolved" }
}

#[derive(Default, Debug, Clone)]
pub struct QueueFilter {
    /// Statuses to list; open appeals when empty.
    pub statuses: Option<Vec<AppealStatus>>,
    /// Every status (a resident's history).
    pub all_statuses: bool,
    pub organization_id: Option<i64>,
    pub service_type_id: Option<i64>,
    pub category_id: Option<i64>,
    pub channel: Option<Channel>,
    pub district: Option<String>,
    pub overdue: Option<bool>,
    pub systemic: Option<bool>,
    pub registered_from: Option<DateTime<Utc>>,
    pub registered_to: Option<DateTime<Utc>>,
    /// An appeal number, or words of the description or address.
    pub text: Option<String>,
    pub resident_id: Option<i64>,
    pub parent_id: Option<i64>,
    /// The figures the dashboard drills down from: what kind, which sphere, which doors,
    /// answered at first call, reopened at least once, resolved late (or on time), rated.
    pub appeal_type: Option<AppealType>,
    pub sphere_id: Option<i64>,
    pub channels: Option<Vec<Channel>>,
    pub first_call: Option<bool>,
    pub reopened: Option<bool>,
    pub resolved_late: Option<bool>,
    pub rated: Option<bool>,
    /// The appeals at one building (hotspots and chronic addresses drill down to them).
    pub building_id: Option<i64>,
    /// With no organization: the operators' "needs routing" queue (false: routed ones).
    pub needs_routing: Option<bool>,
}

// Nanoseconds: SQLite keeps timestamps to the nanosecond, and a coarser cursor would sort
// before its own row and repeat it on the next page.
fn encode(at: DateTime<Utc>, id: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("k:{}:{id}", at.timestamp_nanos_opt().unwrap_or(i64::MAX)))
}

fn decode(cursor: &str) -> AppResult<(DateTime<Utc>, i64)> {
    let bad = || AppError::validation("after", "not a cursor this API returned");
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let mut parts = text.strip_prefix("k:").ok_or_else(bad)?.split(':');
    let nanos: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let id: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    Ok((Utc.timestamp_nanos(nanos), id))
}

pub async fn list(
    ctx: &RequestCtx,
    filter: QueueFilter,
    sort: QueueSort,
    page: &PageRequest,
) -> AppResult<(Vec<appeal::Model>, PageInfo)> {
    let actor = ctx.require(VIEWERS_AND_RESIDENTS)?;
    let mut filter = filter;
    if let Some(resident) = own_resident(actor) {
        // A resident's list is their own history, whatever the filter asked.
        filter.resident_id = Some(resident);
        filter.all_statuses = filter.statuses.as_ref().is_none_or(Vec::is_empty);
    }
    let first = page.first.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(AppError::validation("first", format!("must be between 1 and {MAX_PAGE}")));
    }
    let mut select = appeal::Entity::find();
    match (&filter.statuses, filter.all_statuses) {
        (Some(statuses), _) if !statuses.is_empty() => {
            select = select.filter(appeal::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
        }
        (_, true) => {}
        // Resolved late or on time names its own statuses below.
        _ if filter.resolved_late.is_some() => {}
        _ => select = select.filter(Expr::cust(AppealStatus::OPEN_SQL)),
    }
    if let Some(org) = limited_to(actor).filter(|_| own_resident(actor).is_none()) {
        select = select.filter(appeal::Column::OrganizationId.eq(org.unwrap_or(-1)));
    }
    if let Some(org) = filter.organization_id {
        select = select.filter(appeal::Column::OrganizationId.eq(org));
    }
    if let Some(v) = filter.service_type_id {
        select = select.filter(appeal::Column::ServiceTypeId.eq(v));
    }
    if let Some(v) = filter.category_id {
        select = select.filter(appeal::Column::CategoryId.eq(v));
    }
    if let Some(v) = filter.channel {
        select = select.filter(appeal::Column::Channel.eq(v.as_str()));
    }
    if let Some(v) = &filter.district {
        select = select.filter(appeal::Column::District.eq(v.as_str()));
    }
    if let Some(v) = filter.overdue {
        select = select.filter(appeal::Column::Overdue.eq(v));
    }
    if let Some(v) = filter.systemic {
        select = select.filter(appeal::Column::Systemic.eq(v));
    }
    if let Some(v) = filter.registered_from {
        select = select.filter(appeal::Column::RegisteredAt.gte(v));
    }
    if let Some(v) = filter.registered_to {
        select = select.filter(appeal::Column::RegisteredAt.lt(v));
    }
    if let Some(v) = filter.resident_id {
        select = select.filter(appeal::Column::ResidentId.eq(v));
    }
    if let Some(v) = filter.parent_id {
        select = select.filter(appeal::Column::ParentId.eq(v));
    }
    if let Some(v) = filter.building_id {
        select = select.filter(appeal::Column::BuildingId.eq(v));
    }
    if let Some(v) = filter.needs_routing {
        let unrouted = appeal::Column::OrganizationId.is_null().and(appeal::Column::FirstCall.eq(false));
        select = select.filter(if v { unrouted } else { unrouted.not() });
    }
    if let Some(v) = filter.appeal_type {
        select = select.filter(appeal::Column::AppealType.eq(v.as_str()));
    }
    if let Some(sphere) = filter.sphere_id {
        let categories = crate::catalog::model::category::Entity::find()
            .filter(crate::catalog::model::category::Column::SphereId.eq(sphere))
            .all(&ctx.tenant_tx().await?)
            .await?;
        select = select.filter(appeal::Column::CategoryId.is_in(categories.into_iter().map(|c| c.id)));
    }
    if let Some(channels) = filter.channels.as_ref().filter(|c| !c.is_empty()) {
        select = select.filter(appeal::Column::Channel.is_in(channels.iter().map(|c| c.as_str())));
    }
    if let Some(v) = filter.first_call {
        select = select.filter(appeal::Column::FirstCall.eq(v));
    }
    if let Some(v) = filter.reopened {
        select = select.filter(if v { appeal::Column::ReopenCount.gt(0) } else { appeal::Column::ReopenCount.eq(0) });
    }
    if let Some(late) = filter.resolved_late {
        // As the figures count it: resolved or closed, by the deadline or after it.
        let finished = [AppealStatus::Resolved.as_str(), AppealStatus::Closed.as_str()];
        select = select.filter(appeal::Column::Status.is_in(finished));
        let after = Expr::col(appeal::Column::ResolvedAt).gt(Expr::col(appeal::Column::DueAt));
        select = select.filter(if late {
            after
        } else {
            Expr::col(appeal::Column::ResolvedAt).lte(Expr::col(appeal::Column::DueAt))
        });
    }
    if let Some(v) = filter.rated {
        select = select.filter(if v { appeal::Column::Rating.is_not_null() } else { appeal::Column::Rating.is_null() });
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let looks_like_number = text.contains('-') && text.chars().any(|c| c.is_ascii_digit()) && !text.contains(' ');
        // A phone number finds the caller's appeals, for the staff who may look residents up
        // (the look is on record, as every look at a resident).
        let phone =
            crate::residents::Phone::parse(text).ok().filter(|_| ctx.require(residents::service::STAFF).is_ok());
        select = if let Some(phone) = phone {
            let found = residents::service::by_phone(ctx, phone.as_str()).await?;
            select.filter(appeal::Column::ResidentId.eq(found.map_or(-1, |r| r.id)))
        } else if looks_like_number {
            select.filter(appeal::Column::Number.eq(text.to_uppercase()))
        } else {
            select.filter(appeal::Column::SearchText.like(search_pattern(text)))
        };
    }
    let (key, descending) = match sort {
        QueueSort::Deadline => (appeal::Column::DueAt, false),
        QueueSort::Oldest => (appeal::Column::RegisteredAt, false),
        QueueSort::Newest => (appeal::Column::RegisteredAt, true),
        QueueSort::Resolved => (appeal::Column::ResolvedAt, false),
    };
    if let Some(after) = &page.after {
        let (at, id) = decode(after)?;
        let row = Expr::tuple([Expr::col(key), Expr::col(appeal::Column::Id)]);
        let cursor = Expr::tuple([Expr::val(at), Expr::val(id)]);
        select = select.filter(if descending { row.lt(cursor) } else { row.gt(cursor) });
    }
    select = if descending {
        select.order_by_desc(key).order_by_desc(appeal::Column::Id)
    } else {
        select.order_by_asc(key).order_by_asc(appeal::Column::Id)
    };
    let tx = ctx.tenant_tx().await?;
    let mut items = select.limit(first as u64 + 1).all(&tx).await?;
    let has_next_page = items.len() > first as usize;
    items.truncate(first as usize);
    let end_cursor = items.last().map(|a| {
        let at = match sort {
            QueueSort::Deadline => a.due_at,
            QueueSort::Oldest | QueueSort::Newest => a.registered_at,
            QueueSort::Resolved => a.resolved_at.unwrap_or(a.registered_at),
        };
        encode(at, a.id)
    });
    Ok((items, PageInfo { has_next_page, end_cursor }))
}

/// One appeal, for whoever may see it.
pub async fn get(ctx: &RequestCtx, id: i64) -> AppResult<appeal::Model> {
    let tx = ctx.tenant_tx().await?;
    super::access::load_own(ctx, &tx, id).await
}

pub async fn by_number(ctx: &RequestCtx, number: &str) -> AppResult<appeal::Model> {
    ctx.require(VIEWERS)?;
    let tx = ctx.tenant_tx().await?;
    let found = appeal::Entity::find()
        .filter(appeal::Column::Number.eq(number.trim().to_uppercase()))
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("appeal {number}")))?;
    super::access::load(ctx, &tx, found.id, false).await
}

pub async fn timeline(ctx: &RequestCtx, id: i64) -> AppResult<Vec<super::model::event::Model>> {
    use super::model::event;
    let tx = ctx.tenant_tx().await?;
    super::access::load_own(ctx, &tx, id).await?;
    let events =
        event::Entity::find().filter(event::Column::AppealId.eq(id)).order_by_asc(event::Column::Id).all(&tx).await?;
    match ctx.actor()?.resident_id() {
        Some(_) => Ok(super::resident_view::timeline(events)),
        None => Ok(events),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_cursors_round_trip() {
        let at = Utc.timestamp_nanos(1_795_000_000_123_456_789);
        assert_eq!(decode(&encode(at, 77)).ok(), Some((at, 77)));
        assert!(decode("garbage").is_err());
    }
}
