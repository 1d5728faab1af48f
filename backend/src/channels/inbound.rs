//! The ledger of messages taken in by a channel, by the sender's own id (a Telegram update id,
//! an e-mail Message-ID). Entered in the same transaction as what the message changed, so a
//! delivery retried by the sender changes nothing the second time.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::model::inbound_message;
use crate::error::AppResult;

/// Enters a message; `false` when it was entered before (a replay). On PostgreSQL a concurrent
/// delivery of the same message waits here for the first one's transaction.
pub async fn enter(
    conn: &impl ConnectionTrait,
    channel: &str,
    external_id: &str,
    appeal_id: Option<i64>,
) -> AppResult<bool> {
    let inserted = inbound_message::Entity::insert(inbound_message::ActiveModel {
        channel: Set(channel.to_owned()),
        external_id: Set(external_id.to_owned()),
        received_at: Set(Utc::now()),
        appeal_id: Set(appeal_id),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([inbound_message::Column::Channel, inbound_message::Column::ExternalId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted > 0)
}

/// The appeal a message already entered made, if it made one.
pub async fn appeal_of(conn: &impl ConnectionTrait, channel: &str, external_id: &str) -> AppResult<Option<i64>> {
    Ok(inbound_message::Entity::find()
        .filter(inbound_message::Column::Channel.eq(channel))
        .filter(inbound_message::Column::ExternalId.eq(external_id))
        .one(conn)
        .await?
        .and_then(|m| m.appeal_id))
}
