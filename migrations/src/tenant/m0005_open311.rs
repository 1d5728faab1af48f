use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::drop_tables;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Client apps registered for Open311 GeoReport: each has its own API key, kept as a hash.
        manager
            .create_table(
                Table::create()
                    .table("open311_clients")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("name"))
                    .col(string_uniq("key_hash"))
                    .col(boolean("active"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .to_owned(),
            )
            .await?;
        // A service type's questions (Open311 attributes), and an appeal's answers, as JSON.
        for table in ["service_types", "appeals"] {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).add_column(text_null("attributes")).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["service_types", "appeals"] {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new("attributes")).to_owned())
                .await?;
        }
        drop_tables(manager, &["open311_clients"]).await
    }
}
