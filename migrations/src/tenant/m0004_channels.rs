use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Calls announced by the phone system; the call id makes a retried webhook harmless.
        manager
            .create_table(
                Table::create()
                    .table("calls")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string_uniq("call_id"))
                    .col(string("caller"))
                    .col(string_null("operator"))
                    .col(big_integer_null("resident_id"))
                    .col(timestamp_with_time_zone("received_at"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "calls", &["operator", "id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("calls")).to_owned()).await
    }
}
