use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m0013_rollups::{BUCKETS, COUNTERS};
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
        let mut table = Table::create();
        table
            .table(Alias::new("appeal_rollups"))
            .col(integer("grain"))
            .col(date("day"))
            .col(big_integer("service_type_id"))
            .col(big_integer("organization_id"))
            .col(string("district"))
            .col(string("channel"))
            .col(string("appeal_type"));
        for counter in COUNTERS {
            table.col(big_integer(*counter).default(0));
        }
        for bucket in 0..BUCKETS {
            table.col(big_integer(format!("resolved_within_{bucket:02}")).default(0));
        }
        table.primary_key(
            Index::create()
                .col("grain")
                .col("day")
                .col("service_type_id")
                .col("organization_id")
                .col("district")
                .col("channel")
                .col("appeal_type"),
        );
        manager.create_table(table.to_owned()).await?;
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
