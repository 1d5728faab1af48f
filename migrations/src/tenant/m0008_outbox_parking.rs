use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A notice no configured channel can carry (no SMS gateway, no bot, no relay) is parked
        // with the reason, instead of returning to `pending` and crowding out the ones that can.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("notification_outbox"))
                    .add_column(string_null("parked_reason"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("notification_outbox"))
                    .drop_column(Alias::new("parked_reason"))
                    .to_owned(),
            )
            .await
    }
}
