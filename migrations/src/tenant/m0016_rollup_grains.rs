use sea_orm_migration::prelude::*;

use super::m0013_rollups::rollup_table;
use crate::shared::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rollups at five grains in one table (`appeals::rollup::Grain`): every key per day and per
/// month, the catalog per day and per month, and the channels per day. A coarser grain keeps the
/// key columns it drops as 0 and '', and a monthly one counts on the month's first day. A year
/// of the city's own figures reads a few thousand rows instead of hundreds of thousands; one
/// change to an appeal is still one upsert, its rows in key order, so concurrent writers lock
/// them in the same order.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Alias::new("appeal_rollups")).if_exists().to_owned()).await?;
        manager.create_table(rollup_table(true)).await?;
        // An organization's or a district's figures, and a catalog filter over years, read by
        // their key first.
        for key in ["organization_id", "district", "service_type_id"] {
            create_index(manager, "appeal_rollups", &["grain", key, "day"], false).await?;
        }
        // The cities with appeals are counted again by the next `qala migrate` or start.
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
        // Back to m0013's table of full rows, counted again at the next start.
        manager.drop_table(Table::drop().table(Alias::new("appeal_rollups")).to_owned()).await?;
        super::m0013_rollups::create_rollups(manager).await
    }
}
