use sea_orm_migration::prelude::*;

use crate::shared::add_user_email;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_user_email(manager).await?;
        // Supervisors' alerts written before this release were for the console only: they stay
        // in the inbox and are not mailed now, months late.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE notification_outbox SET status = 'skipped' WHERE recipient_kind = 'role' AND status = 'pending'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Alias::new("users")).drop_column(Alias::new("email")).to_owned()).await
    }
}
