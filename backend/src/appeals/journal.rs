//! What happens to an appeal is written twice, in the same transaction as the change: an event
//! on its append-only timeline, and outbox rows for the people who must hear of it.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde_json::Value;

use super::model::{appeal, event, outbox};
use super::rules::AppealStatus;

pub struct Event<'a> {
    pub appeal_id: i64,
    pub actor: &'a str,
    pub kind: &'a str,
    pub from: Option<AppealStatus>,
    pub to: Option<AppealStatus>,
    pub comment: Option<&'a str>,
    pub data: Value,
}

pub async fn record(conn: &impl ConnectionTrait, e: Event<'_>) -> Result<(), sea_orm::DbErr> {
    event::ActiveModel {
        appeal_id: Set(e.appeal_id),
        at: Set(Utc::now()),
        actor: Set(e.actor.to_owned()),
        kind: Set(e.kind.to_owned()),
        from_status: Set(e.from.map(|s| s.as_str().to_owned())),
        to_status: Set(e.to.map(|s| s.as_str().to_owned())),
        comment: Set(e.comment.map(str::to_owned)),
        data: Set(e.data.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Who a notification is for.
pub enum Recipient {
    Resident(i64),
    /// The messaging address an appeal came from (`telegram:<chat id>`, `email:<address>`).
    Reply(String),
    /// The organization's contact (its head, for escalations).
    Organization(i64),
    /// Everyone of a role in the center (supervisors).
    Role(&'static str),
}

/// Who hears of an appeal's progress: the chat or mailbox it came from, else its resident (by
/// text message), else nobody.
pub fn resident_of(appeal: &appeal::Model) -> Option<Recipient> {
    match (&appeal.reply_to, appeal.resident_id) {
        (Some(address), _) => Some(Recipient::Reply(address.clone())),
        (None, Some(id)) => Some(Recipient::Resident(id)),
        (None, None) => None,
    }
}

pub async fn notify(
    conn: &impl ConnectionTrait,
    kind: &str,
    recipient: Recipient,
    appeal_id: Option<i64>,
    language: &str,
    payload: Value,
) -> Result<(), sea_orm::DbErr> {
    notify_all(conn, appeal_id, language, vec![(kind, recipient, payload)]).await
}

/// Several notices about one appeal in one statement: registration writes the resident's receipt
/// and the organization's notice while it holds the city's number counter.
pub async fn notify_all(
    conn: &impl ConnectionTrait,
    appeal_id: Option<i64>,
    language: &str,
    notices: Vec<(&str, Recipient, Value)>,
) -> Result<(), sea_orm::DbErr> {
    if notices.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = notices.into_iter().map(|(kind, recipient, payload)| {
        let (recipient_kind, recipient_id) = match recipient {
            Recipient::Resident(id) => ("resident", Some(id.to_string())),
            Recipient::Reply(address) => ("reply", Some(address)),
            Recipient::Organization(id) => ("organization", Some(id.to_string())),
            Recipient::Role(role) => ("role", Some(role.to_owned())),
        };
        outbox::ActiveModel {
            created_at: Set(now),
            kind: Set(kind.to_owned()),
            recipient_kind: Set(recipient_kind.to_owned()),
            recipient_id: Set(recipient_id),
            appeal_id: Set(appeal_id),
            language: Set(language.to_owned()),
            payload: Set(payload.to_string()),
            status: Set("pending".into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
    });
    outbox::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}
