use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const KEYWORDS: [&str; 3] = ["keywords_kk", "keywords_ru", "keywords_en"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The words people use for a service besides its name («свет» for a power outage,
        // «lift» for an elevator), in each language; one statement per column for SQLite.
        for column in KEYWORDS {
            manager
                .alter_table(
                    Table::alter().table(Alias::new("service_types")).add_column(text(column).default("")).to_owned(),
                )
                .await?;
        }
        // A building's address as written in Kazakh («Абай даңғылы, 63»), beside the Russian one.
        manager
            .alter_table(Table::alter().table(Alias::new("buildings")).add_column(text_null("address_kk")).to_owned())
            .await?;
        // Search matches the start of each word now: the stored text (already lower case) gets its
        // hyphens, commas and dots as spaces, as the service writes it from now on.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE buildings SET search_text = replace(replace(replace(search_text, '-', ' '), ',', ' '), '.', ' ')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in KEYWORDS {
            manager
                .alter_table(
                    Table::alter().table(Alias::new("service_types")).drop_column(Alias::new(column)).to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(Table::alter().table(Alias::new("buildings")).drop_column(Alias::new("address_kk")).to_owned())
            .await
    }
}
