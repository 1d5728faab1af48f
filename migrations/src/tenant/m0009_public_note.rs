use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The one text about an appeal that staff write for the public (Open311's status_notes,
        // public tracking): comments, reasons and resolutions stay the center's and the resident's.
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).add_column(text_null("public_note")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).drop_column(Alias::new("public_note")).to_owned())
            .await
    }
}
