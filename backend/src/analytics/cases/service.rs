//! Opening, working and closing a systemic case. Every step is on the case's timeline, in the
//! audit log, and mailed to the organization through the outbox.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{json, Value};

use super::model::{case, case_appeal, case_event};
use crate::access::Role;
use crate::analytics::filter::Period;
use crate::analytics::READERS;
use crate::appeals::journal::{self, Recipient};
use crate::appeals::model::appeal;
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::string_enum;

string_enum! {
    /// Where a case stands.
    CaseStatus {
        Open = "open",
        /// The organization has reported back; the center weighs the report.
        Reported = "reported",
        Closed = "closed",
    }
}

string_enum! {
    /// How a case ended.
    CaseOutcome {
        Resolved = "resolved",
        /// The organization did not fix the problem: it is on the list of ineffective ones.
        Ineffective = "ineffective",
        Withdrawn = "withdrawn",
    }
}

/// Who opens and works cases.
pub const CASE_STAFF: &[Role] = &[Role::Supervisor, Role::CityAdmin];

const MAX_APPEALS: usize = 500;

fn text(value: &str, field: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, "is required"));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(field, format!("must be at most {max} characters")));
    }
    Ok(value.to_owned())
}

#[derive(Debug, Clone, Default)]
pub struct OpenCase {
    pub organization_id: i64,
    pub title: String,
    pub reason: String,
    pub appeal_ids: Vec<i64>,
    pub authority: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// One step: the timeline, the audit log and the organization's mail.
async fn step(
    conn: &impl ConnectionTrait,
    ctx: &RequestCtx,
    saved: &case::Model,
    kind: &str,
    comment: Option<&str>,
    data: Value,
) -> AppResult<()> {
    let actor = ctx.actor()?.label();
    case_event::ActiveModel {
        case_id: Set(saved.id),
        at: Set(Utc::now()),
        actor: Set(actor.clone()),
        kind: Set(kind.to_owned()),
        comment: Set(comment.map(str::to_owned)),
        data: Set(data.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    audit::record(conn, &actor, &format!("case.{kind}"), "systemic_case", Some(saved.id.to_string()), data).await?;
    let payload = json!({
        "case": saved.id, "title": saved.title, "authority": saved.authority, "deadline": saved.deadline,
        "comment": comment, "outcome": saved.outcome,
    });
    let language = ctx.tenant()?.default_language.code();
    journal::notify(
        conn,
        &format!("case.{kind}"),
        Recipient::Organization(saved.organization_id),
        None,
        language,
        payload,
    )
    .await?;
    Ok(())
}

/// Attaches appeals of the case's organization; returns how many were new.
async fn attach_appeals(conn: &impl ConnectionTrait, saved: &case::Model, ids: &[i64]) -> AppResult<u64> {
    if ids.len() > MAX_APPEALS {
        return Err(AppError::validation("appealIds", format!("at most {MAX_APPEALS} appeals at once")));
    }
    let found = appeal::Entity::find().filter(appeal::Column::Id.is_in(ids.iter().copied())).all(conn).await?;
    for id in ids {
        match found.iter().find(|a| a.id == *id) {
            None => return Err(AppError::validation("appealIds", format!("no appeal {id}"))),
            Some(a) if a.organization_id != Some(saved.organization_id) => {
                return Err(AppError::validation(
                    "appealIds",
                    format!("{} is not an appeal of the case's organization", a.number),
                ))
            }
            Some(_) => {}
        }
    }
    let mut added = 0;
    for id in ids {
        let exists = case_appeal::Entity::find()
            .filter(case_appeal::Column::CaseId.eq(saved.id))
            .filter(case_appeal::Column::AppealId.eq(*id))
            .count(conn)
            .await?
            > 0;
        if !exists {
            case_appeal::ActiveModel { case_id: Set(saved.id), appeal_id: Set(*id) }.insert(conn).await?;
            added += 1;
        }
    }
    Ok(added)
}

pub async fn open(ctx: &RequestCtx, input: OpenCase) -> AppResult<case::Model> {
    let actor = ctx.require(CASE_STAFF)?.label();
    let title = text(&input.title, "title", 200)?;
    let reason = text(&input.reason, "reason", 10_000)?;
    let authority = input.authority.as_deref().map(|a| text(a, "authority", 300)).transpose()?;
    let tx = ctx.tenant_tx().await?;
    crate::orgs::service::find_active(&tx, input.organization_id).await?.ok_or_else(|| {
        AppError::validation("organizationId", format!("no active organization {}", input.organization_id))
    })?;
    let now = Utc::now();
    let saved = case::ActiveModel {
        organization_id: Set(input.organization_id),
        title: Set(title),
        reason: Set(reason.clone()),
        status: Set(CaseStatus::Open.as_str().into()),
        authority: Set(authority),
        deadline: Set(input.deadline),
        opened_by: Set(actor),
        opened_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let attached = attach_appeals(&tx, &saved, &input.appeal_ids).await?;
    let data = json!({ "organization": saved.organization_id, "appeals": attached, "deadline": saved.deadline });
    step(&tx, ctx, &saved, "opened", Some(&reason), data).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn load_open(conn: &impl ConnectionTrait, id: i64) -> AppResult<case::Model> {
    let found =
        case::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found(format!("case {id}")))?;
    if found.status == CaseStatus::Closed.as_str() {
        return Err(AppError::validation("id", format!("case {id} is closed")));
    }
    Ok(found)
}

pub async fn attach(ctx: &RequestCtx, id: i64, appeal_ids: &[i64]) -> AppResult<case::Model> {
    ctx.require(CASE_STAFF)?;
    if appeal_ids.is_empty() {
        return Err(AppError::validation("appealIds", "name at least one appeal"));
    }
    let tx = ctx.tenant_tx().await?;
    let found = load_open(&tx, id).await?;
    let added = attach_appeals(&tx, &found, appeal_ids).await?;
    step(&tx, ctx, &found, "appeals_attached", None, json!({ "appeals": added })).await?;
    tx.commit().await?;
    Ok(found)
}

/// Records the deadline the authority set (the first, or a new one with the reason: an extension).
pub async fn set_deadline(
    ctx: &RequestCtx,
    id: i64,
    authority: &str,
    deadline: NaiveDate,
    reason: Option<&str>,
) -> AppResult<case::Model> {
    ctx.require(CASE_STAFF)?;
    let authority = text(authority, "authority", 300)?;
    let tx = ctx.tenant_tx().await?;
    let found = load_open(&tx, id).await?;
    let extension = found.deadline.is_some();
    let reason = match (extension, reason) {
        (true, Some(r)) => Some(text(r, "reason", 2000)?),
        (true, None) => return Err(AppError::validation("reason", "say why the deadline moves")),
        (false, r) => r.map(|r| text(r, "reason", 2000)).transpose()?,
    };
    let mut model: case::ActiveModel = found.clone().into();
    model.authority = Set(Some(authority.clone()));
    model.deadline = Set(Some(deadline));
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    let kind = if extension { "extended" } else { "deadline_set" };
    let data = json!({ "authority": authority, "from": found.deadline, "to": deadline });
    step(&tx, ctx, &saved, kind, reason.as_deref(), data).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The organization's report on what it did, as the center received it.
pub async fn record_report(ctx: &RequestCtx, id: i64, report: &str) -> AppResult<case::Model> {
    ctx.require(CASE_STAFF)?;
    let report = text(report, "report", 20_000)?;
    let tx = ctx.tenant_tx().await?;
    let found = load_open(&tx, id).await?;
    let mut model: case::ActiveModel = found.into();
    let now = Utc::now();
    model.report = Set(Some(report.clone()));
    model.reported_at = Set(Some(now));
    model.status = Set(CaseStatus::Reported.as_str().into());
    model.updated_at = Set(now);
    let saved = model.update(&tx).await?;
    step(&tx, ctx, &saved, "reported", Some(&report), json!({})).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn close(ctx: &RequestCtx, id: i64, outcome: CaseOutcome, comment: &str) -> AppResult<case::Model> {
    ctx.require(CASE_STAFF)?;
    let comment = text(comment, "comment", 10_000)?;
    let tx = ctx.tenant_tx().await?;
    let found = load_open(&tx, id).await?;
    let mut model: case::ActiveModel = found.into();
    let now = Utc::now();
    model.status = Set(CaseStatus::Closed.as_str().into());
    model.outcome = Set(Some(outcome.as_str().into()));
    model.outcome_comment = Set(Some(comment.clone()));
    model.closed_at = Set(Some(now));
    model.updated_at = Set(now);
    let saved = model.update(&tx).await?;
    step(&tx, ctx, &saved, "closed", Some(&comment), json!({ "outcome": outcome.as_str() })).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Cases, newest first: not closed ones when `open_only`, of one organization when given.
pub async fn list(ctx: &RequestCtx, open_only: bool, organization_id: Option<i64>) -> AppResult<Vec<case::Model>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut query = case::Entity::find().order_by_desc(case::Column::Id);
    if open_only {
        query = query.filter(case::Column::Status.ne(CaseStatus::Closed.as_str()));
    }
    if let Some(org) = organization_id {
        query = query.filter(case::Column::OrganizationId.eq(org));
    }
    Ok(query.all(&tx).await?)
}

pub struct CaseDetail {
    pub case: case::Model,
    /// (id, number, status) of each attached appeal.
    pub appeals: Vec<(i64, String, String)>,
    pub events: Vec<case_event::Model>,
}

pub async fn get(ctx: &RequestCtx, id: i64) -> AppResult<CaseDetail> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let found =
        case::Entity::find_by_id(id).one(&tx).await?.ok_or_else(|| AppError::not_found(format!("case {id}")))?;
    let ids: Vec<i64> = case_appeal::Entity::find()
        .filter(case_appeal::Column::CaseId.eq(id))
        .all(&tx)
        .await?
        .into_iter()
        .map(|c| c.appeal_id)
        .collect();
    let appeals = appeal::Entity::find()
        .filter(appeal::Column::Id.is_in(ids))
        .order_by_asc(appeal::Column::Id)
        .all(&tx)
        .await?
        .into_iter()
        .map(|a| (a.id, a.number, a.status))
        .collect();
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(id))
        .order_by_asc(case_event::Column::Id)
        .all(&tx)
        .await?;
    Ok(CaseDetail { case: found, appeals, events })
}

/// The report of ineffective organizations for a period: cases closed as ineffective in it, and
/// cases whose deadline passed in it without a report.
pub async fn ineffective(ctx: &RequestCtx, period: Period) -> AppResult<Vec<case::Model>> {
    ctx.require(READERS)?;
    let tz = ctx.tenant()?.time_zone;
    let (start, end) = period.instants(tz);
    let tx = ctx.tenant_tx().await?;
    let named = case::Entity::find()
        .filter(case::Column::Outcome.eq(CaseOutcome::Ineffective.as_str()))
        .filter(case::Column::ClosedAt.gte(start))
        .filter(case::Column::ClosedAt.lt(end))
        .all(&tx)
        .await?;
    let silent = case::Entity::find()
        .filter(case::Column::Status.eq(CaseStatus::Open.as_str()))
        .filter(case::Column::Deadline.gte(period.from))
        .filter(case::Column::Deadline.lte(period.to))
        .filter(case::Column::Deadline.lt(Utc::now().with_timezone(&tz).date_naive()))
        .all(&tx)
        .await?;
    let mut all: Vec<case::Model> = named.into_iter().chain(silent).collect();
    all.sort_by_key(|c| (c.organization_id, c.id));
    Ok(all)
}
