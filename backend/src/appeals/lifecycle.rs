//! Moving an appeal through its lifecycle: every change is checked against the role and the
//! status, and written with its timeline event and notifications in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::access::{self, INTAKE};
use super::deadline::{latest_extension, warn_at};
use super::journal::{self, Event, Recipient};
use super::links::{detach_children, link_to_parent, resolve_children};
use super::model::{appeal, attachment, event};
use super::rollup;
use super::rules::{Acting, AppealStatus, Refusal, Transition};
use super::settings::{load_calendar, AppealSettings};
use crate::access::Role;
use crate::catalog::model::service_type;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::orgs::model::organization;

#[derive(Debug, Default, Clone)]
pub struct TransitionInput {
    /// The resolution (resolve), or the reason (reassign, reopen, reject).
    pub comment: Option<String>,
    pub organization_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub forwarded_to: Option<String>,
    /// The resident's rating taken on the closing callback.
    pub rating: Option<i32>,
}

fn text(value: &Option<String>, field: &str, what: &str) -> AppResult<String> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) if text.chars().count() <= 10_000 => Ok(text.to_owned()),
        Some(_) => Err(AppError::validation(field, "must be at most 10000 characters")),
        None => Err(AppError::validation(field, format!("{what} is required"))),
    }
}

pub async fn transition(ctx: &RequestCtx, id: i64, t: Transition, input: TransitionInput) -> AppResult<appeal::Model> {
    let tx = ctx.tenant_tx().await?;
    let current = access::load(ctx, &tx, id, true).await?;
    let actor = ctx.actor()?;
    let label = actor.label();
    let from = AppealStatus::parse(&current.status).map_err(anyhow::Error::msg)?;
    let acting = Acting {
        roles: &actor.roles,
        own_organization: actor.organization_id.is_some() && actor.organization_id == current.organization_id,
    };
    let to = t.check(from, &acting).map_err(|refusal| match refusal {
        Refusal::Role => AppError::forbidden(format!("your role may not {t} appeals")),
        Refusal::Status => AppError::validation("status", format!("cannot {t} an appeal that is {from}")),
    })?;
    let now = Utc::now();
    let mut model: appeal::ActiveModel = current.clone().into();
    model.status = Set(to.as_str().into());
    model.updated_at = Set(now);
    let mut comment = input.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    let mut data = json!({});
    let mut notices: Vec<(&str, Recipient)> = Vec::new();
    let resident = journal::resident_of(&current);

    match t {
        Transition::Assign => {
            let org_id =
                input.organization_id.ok_or_else(|| AppError::validation("organizationId", "name the organization"))?;
            let org =
                organization::Entity::find_by_id(org_id).one(&tx).await?.filter(|o| o.active).ok_or_else(|| {
                    AppError::validation("organizationId", format!("no active organization {org_id}"))
                })?;
            if from != AppealStatus::Registered && from != AppealStatus::Reopened {
                comment = Some(text(&input.comment, "comment", "the reason for reassigning")?);
            }
            data = json!({ "from_organization": current.organization_id, "organization": org.id });
            model.organization_id = Set(Some(org.id));
            model.routing_reason = Set(None);
            model.assignee_id = Set(None);
            model.reason = Set(comment.clone());
            notices.push(("appeal.assigned", Recipient::Organization(org.id)));
        }
        Transition::Take => model.assignee_id = Set(Some(actor.user_id)),
        Transition::Resolve => {
            let resolution = text(&input.comment, "comment", "a comment on what was done")?;
            let service = service_type::Entity::find_by_id(current.service_type_id).one(&tx).await?;
            if service.is_some_and(|s| s.requires_photo) && photo_count(&tx, id).await? == 0 {
                return Err(AppError::validation(
                    "photo",
                    "this service type needs a photo of the result: upload one first",
                ));
            }
            model.resolution = Set(Some(resolution.clone()));
            model.resolved_at = Set(Some(now));
            comment = Some(resolution);
            if let Some(r) = resident {
                notices.push(("appeal.resolved", r));
            }
        }
        Transition::Close => {
            if let Some(score) = input.rating {
                if !(1..=5).contains(&score) {
                    return Err(AppError::validation("rating", "a rating is 1 to 5"));
                }
                if current.rating.is_some() {
                    return Err(AppError::Conflict("the resident has already rated this appeal".into()));
                }
                model.rating = Set(Some(score));
                model.rated_at = Set(Some(now));
            }
            model.closed_at = Set(Some(now));
        }
        Transition::Reopen => {
            comment = Some(text(&input.comment, "comment", "the reason for reopening")?);
            model.reason = Set(comment.clone());
            model.closed_at = Set(None);
            model.reopen_count = Set(current.reopen_count + 1);
            if let Some(org) = current.organization_id {
                notices.push(("appeal.reopened", Recipient::Organization(org)));
            }
        }
        Transition::Reject => {
            comment = Some(text(&input.comment, "comment", "the reason for rejecting")?);
            model.reason = Set(comment.clone());
            if let Some(r) = resident {
                notices.push(("appeal.rejected", r));
            }
        }
        Transition::Merge => {
            let parent =
                input.parent_id.ok_or_else(|| AppError::validation("parentId", "name the incident to merge into"))?;
            let settings = AppealSettings::load(&tx).await?;
            let linked = link_to_parent(ctx, &tx, current.clone(), parent, &label, &settings).await?;
            model = linked.into();
            model.status = Set(to.as_str().into());
            data = json!({ "parent": parent });
        }
        Transition::Forward => {
            let to_body = text(&input.forwarded_to, "forwardedTo", "the body the appeal is forwarded to")?;
            let settings = AppealSettings::load(&tx).await?;
            let calendar = load_calendar(&tx).await?;
            let tz = ctx.tenant()?.time_zone;
            let limit = calendar.add_working_days(current.registered_at, settings.forward_working_days, tz);
            data = json!({ "forwarded_to": to_body, "within_limit": now <= limit, "limit": limit });
            model.forwarded_to = Set(Some(to_body));
            if let Some(r) = resident {
                notices.push(("appeal.forwarded", r));
            }
        }
    }
    let saved = model.update(&tx).await?;
    rollup::track(&tx, ctx.tenant()?.time_zone, Some(&current), &saved).await?;
    journal::record(
        &tx,
        Event {
            appeal_id: id,
            actor: &label,
            kind: t.as_str(),
            from: Some(from),
            to: Some(to),
            comment: comment.as_deref(),
            data,
        },
    )
    .await?;
    for (kind, recipient) in notices {
        let payload = json!({ "number": saved.number, "status": saved.status, "comment": comment, "forwarded_to": saved.forwarded_to });
        journal::notify(&tx, kind, recipient, Some(id), &saved.language, payload).await?;
    }
    if t == Transition::Close && saved.linked_count > 0 {
        resolve_children(&tx, ctx.tenant()?.time_zone, &saved, &label).await?;
    }
    if matches!(t, Transition::Reject | Transition::Forward | Transition::Merge) && saved.linked_count > 0 {
        detach_children(&tx, &saved, &label).await?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// Extends the deadline (up to two months after registration) with a reason; the resident is
/// told through the outbox, due within the tenant's notice period.
pub async fn extend_deadline(
    ctx: &RequestCtx,
    id: i64,
    until: DateTime<Utc>,
    reason: &str,
) -> AppResult<appeal::Model> {
    let tx = ctx.tenant_tx().await?;
    let current = access::load(ctx, &tx, id, true).await?;
    let actor = ctx.actor()?;
    let own = actor.organization_id.is_some() && actor.organization_id == current.organization_id;
    if !(actor.has(Role::Supervisor) || actor.has(Role::PlatformAdmin) || (actor.has(Role::Executor) && own)) {
        return Err(AppError::forbidden("only a supervisor or the responsible executor extends a deadline"));
    }
    let reason = text(&Some(reason.to_owned()), "reason", "the reason for the extension")?;
    if !AppealStatus::parse(&current.status).is_ok_and(AppealStatus::is_open) {
        return Err(AppError::validation("status", format!("cannot extend an appeal that is {}", current.status)));
    }
    if until <= current.due_at {
        return Err(AppError::validation("until", "must be later than the current deadline"));
    }
    let latest = latest_extension(current.registered_at);
    if until > latest {
        return Err(AppError::validation("until", format!("an extension reaches {latest} at the latest (two months)")));
    }
    let settings = AppealSettings::load(&tx).await?;
    let calendar = load_calendar(&tx).await?;
    let now = Utc::now();
    let notify_by = calendar.add_working_days(now, settings.extension_notice_working_days, ctx.tenant()?.time_zone);
    let label = actor.label();
    let mut model: appeal::ActiveModel = current.clone().into();
    model.due_at = Set(until);
    model.warn_at = Set(warn_at(current.registered_at, until, settings.warn_share));
    model.warned = Set(false);
    model.overdue = Set(false);
    model.reason = Set(Some(reason.clone()));
    model.updated_at = Set(now);
    let saved = model.update(&tx).await?;
    rollup::track(&tx, ctx.tenant()?.time_zone, Some(&current), &saved).await?;
    let data = json!({ "from": current.due_at, "to": until, "notify_resident_by": notify_by });
    journal::record(
        &tx,
        Event {
            appeal_id: id,
            actor: &label,
            kind: "deadline_extended",
            from: None,
            to: None,
            comment: Some(&reason),
            data,
        },
    )
    .await?;
    if let Some(resident) = journal::resident_of(&current) {
        let payload = json!({ "number": saved.number, "due_at": until, "reason": reason, "notify_by": notify_by });
        journal::notify(&tx, "appeal.extended", resident, Some(id), &saved.language, payload).await?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// Links an appeal to an open parent incident (it stays open until the parent closes).
pub async fn link(ctx: &RequestCtx, id: i64, parent_id: i64) -> AppResult<appeal::Model> {
    let label = ctx.require(INTAKE)?.label();
    let tx = ctx.tenant_tx().await?;
    let child = access::load(ctx, &tx, id, true).await?;
    let settings = AppealSettings::load(&tx).await?;
    let saved = link_to_parent(ctx, &tx, child, parent_id, &label, &settings).await?;
    tx.commit().await?;
    Ok(saved)
}

/// A staff note on the timeline.
pub async fn comment(ctx: &RequestCtx, id: i64, note: &str) -> AppResult<bool> {
    let tx = ctx.tenant_tx().await?;
    access::load(ctx, &tx, id, false).await?;
    let label = ctx.actor()?.label();
    let note = text(&Some(note.to_owned()), "comment", "the comment")?;
    journal::record(
        &tx,
        Event {
            appeal_id: id,
            actor: &label,
            kind: "comment",
            from: None,
            to: None,
            comment: Some(&note),
            data: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The resident rates the handling with the token from the receipt: once, after resolution.
pub async fn rate(
    ctx: &RequestCtx,
    number: &str,
    token: Option<&str>,
    score: i32,
    remark: Option<String>,
) -> AppResult<appeal::Model> {
    if !(1..=5).contains(&score) {
        return Err(AppError::validation("score", "a rating is 1 to 5"));
    }
    let remark = remark.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if remark.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        return Err(AppError::validation("comment", "must be at most 2000 characters"));
    }
    let tx = ctx.tenant_tx().await?;
    let not_found = || AppError::not_found(format!("appeal {number}"));
    let current = appeal::Entity::find()
        .filter(appeal::Column::Number.eq(number.trim()))
        .one(&tx)
        .await?
        .ok_or_else(not_found)?;
    // The receipt's token, or the verified resident's own session.
    let allowed = match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => constant_time_eq(current.tracking_token.as_bytes(), token.as_bytes()),
        None => ctx.actor.as_ref().and_then(access::own_resident).is_some_and(|r| current.resident_id == Some(r)),
    };
    if !allowed {
        return Err(not_found());
    }
    if !matches!(AppealStatus::parse(&current.status), Ok(AppealStatus::Resolved | AppealStatus::Closed)) {
        return Err(AppError::validation("status", "an appeal is rated once it is resolved"));
    }
    if current.rating.is_some() {
        return Err(AppError::Conflict("this appeal has been rated".into()));
    }
    let now = Utc::now();
    // Conditional: of two ratings at once (or a rating and the closing call), one wins.
    let rated = appeal::Entity::update_many()
        .col_expr(appeal::Column::Rating, Expr::value(score))
        .col_expr(appeal::Column::RatingComment, Expr::value(remark.clone()))
        .col_expr(appeal::Column::RatedAt, Expr::value(now))
        .col_expr(appeal::Column::UpdatedAt, Expr::value(now))
        .filter(appeal::Column::Id.eq(current.id))
        .filter(appeal::Column::Rating.is_null())
        .exec(&tx)
        .await?;
    if rated.rows_affected != 1 {
        return Err(AppError::Conflict("this appeal has been rated".into()));
    }
    let saved = appeal::Model {
        rating: Some(score),
        rating_comment: remark.clone(),
        rated_at: Some(now),
        updated_at: now,
        ..current.clone()
    };
    rollup::track(&tx, ctx.tenant()?.time_zone, Some(&current), &saved).await?;
    journal::record(
        &tx,
        Event {
            appeal_id: current.id,
            actor: "resident",
            kind: "rated",
            from: None,
            to: None,
            comment: remark.as_deref(),
            data: json!({ "score": score }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Photos that can prove the result: uploaded since the appeal was last registered, assigned,
/// taken or reopened (an intake photo of the problem, or one from before a reopening, does not).
async fn photo_count(conn: &impl ConnectionTrait, appeal_id: i64) -> AppResult<u64> {
    let since = event::Entity::find()
        .filter(event::Column::AppealId.eq(appeal_id))
        .filter(event::Column::Kind.is_in(["registered", "assign", "take", "reopen"]))
        .order_by_desc(event::Column::Id)
        .one(conn)
        .await?
        .map(|e| e.at);
    let mut photos = attachment::Entity::find()
        .filter(attachment::Column::AppealId.eq(appeal_id))
        .filter(attachment::Column::Kind.eq("photo"));
    if let Some(since) = since {
        photos = photos.filter(attachment::Column::CreatedAt.gte(since));
    }
    Ok(photos.count(conn).await?)
}
