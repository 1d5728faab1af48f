//! The note staff write for the public about an appeal: the only free text of staff that leaves
//! the center (Open311's `status_notes`, the resident's own view, public tracking), so it is
//! written as such, on purpose, and never taken from comments, reasons or resolutions.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

use super::access;
use super::journal::{self, Event};
use super::model::appeal;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

pub const MAX_CHARS: usize = 1000;

/// Who writes for the public: the center's staff and the executor working the appeal.
const WRITERS: &[Role] = &[Role::Operator, Role::Supervisor, Role::CityAdmin, Role::Executor];

/// Sets the appeal's public note, or clears it with `None` or blank text; on the timeline.
pub async fn set(ctx: &RequestCtx, id: i64, note: Option<&str>) -> AppResult<appeal::Model> {
    ctx.require(WRITERS)?;
    let note = checked(note)?;
    let tx = ctx.tenant_tx().await?;
    let current = access::load(ctx, &tx, id, true).await?;
    let label = ctx.actor()?.label();
    let mut model: appeal::ActiveModel = current.into();
    model.public_note = Set(note.clone());
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    let event = Event {
        appeal_id: id,
        actor: &label,
        kind: "public_note",
        from: None,
        to: None,
        comment: note.as_deref(),
        data: json!({}),
    };
    journal::record(&tx, event).await?;
    tx.commit().await?;
    Ok(saved)
}

fn checked(note: Option<&str>) -> AppResult<Option<String>> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    if note.chars().count() > MAX_CHARS {
        return Err(AppError::validation("note", format!("must be at most {MAX_CHARS} characters")));
    }
    if note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::validation("note", "must be plain text (line breaks allowed)"));
    }
    Ok(Some(note.replace("\r\n", "\n")))
}
