use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A city's districts by the code buildings, organizations and appeals carry, with the
        // names people read in each language.
        manager
            .create_table(
                Table::create()
                    .table("districts")
                    .if_not_exists()
                    .col(string("code").primary_key())
                    .col(text("name_kk"))
                    .col(text("name_ru"))
                    .col(text("name_en"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("districts")).to_owned()).await
    }
}
