use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_index, drop_tables};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Where the resident hears back when the appeal came by a messaging door:
        // `telegram:<chat id>` or `email:<address>`; unset means by text message to the resident.
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).add_column(string_null("reply_to")).to_owned())
            .await?;
        create_index(manager, "appeals", &["reply_to", "id"], false).await?;
        // A Telegram chat's conversation with the city's bot: its language, the step it is at and
        // the appeal being drafted (JSON).
        manager
            .create_table(
                Table::create()
                    .table("telegram_chats")
                    .if_not_exists()
                    .col(big_integer("chat_id").primary_key())
                    .col(string("language"))
                    .col(string("step"))
                    .col(text("draft"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        // Messages taken in by a channel (a Telegram update id, an e-mail Message-ID): a delivery
        // retried by the sender is recognized and changes nothing.
        manager
            .create_table(
                Table::create()
                    .table("inbound_messages")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("channel"))
                    .col(string("external_id"))
                    .col(timestamp_with_time_zone("received_at"))
                    .col(big_integer_null("appeal_id"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "inbound_messages", &["channel", "external_id"], true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["inbound_messages", "telegram_chats"]).await?;
        manager
            .drop_index(Index::drop().name("ix_appeals_reply_to_id").table(Alias::new("appeals")).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).drop_column(Alias::new("reply_to")).to_owned())
            .await
    }
}
