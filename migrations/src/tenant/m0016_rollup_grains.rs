use sea_orm_migration::prelude::*;

use super::m0013_rollups::rollup_table;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The coarser grains of the rollups (`appeals::rollup::Grain`): every key per month, the catalog
/// per day and per month, and channels per day. A year of the city's own figures reads a few
/// thousand rows of these instead of hundreds of thousands of the full one.
const TABLES: [&str; 4] =
    ["appeal_rollups_month", "appeal_rollups_catalog", "appeal_rollups_catalog_month", "appeal_rollups_channel"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager.create_table(rollup_table(table)).await?;
        }
        // An organization's or a district's months, and a catalog filter over years, read by
        // their key first (the daily rows of an organization have theirs since m0013).
        crate::shared::create_index(manager, "appeal_rollups_month", &["organization_id", "day"], false).await?;
        crate::shared::create_index(manager, "appeal_rollups_month", &["district", "day"], false).await?;
        crate::shared::create_index(manager, "appeal_rollups", &["district", "day"], false).await?;
        crate::shared::create_index(manager, "appeal_rollups_catalog", &["service_type_id", "day"], false).await?;
        // Cities with appeals are counted into the new tables by the next `qala migrate` or start.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO settings (key, value) SELECT 'analytics.rollups', 'stale' \
                 WHERE EXISTS (SELECT 1 FROM appeals) ON CONFLICT (key) DO UPDATE SET value = 'stale'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_appeal_rollups_district_day").table(Alias::new("appeal_rollups")).to_owned())
            .await?;
        for table in TABLES {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
