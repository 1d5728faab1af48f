use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The counters of a rollup row, in the order the service writes them.
const COUNTERS: &[&str] = &[
    "received",
    "first_call",
    "incidents",
    "resolved_on_time",
    "resolved_late",
    "reopened",
    "rejected",
    "forwarded",
    "still_open",
    "open_overdue",
    "rating_sum",
    "rating_count",
    "resolve_seconds",
];

/// Buckets of the time to resolve (see `appeals::rollup::RESOLVE_BUCKET_HOURS`).
const BUCKETS: usize = 16;

/// A rollup table: its key (with a `grain` column first when `grained`, as m0016 keeps it), then
/// the counters and buckets, all zero by default.
pub(crate) fn rollup_table(grained: bool) -> TableCreateStatement {
    let mut table = Table::create();
    let mut key = Index::create();
    table.table("appeal_rollups").if_not_exists();
    if grained {
        table.col(integer("grain"));
        key.col("grain");
    }
    table
        .col(date("day"))
        .col(big_integer("service_type_id"))
        .col(big_integer("organization_id"))
        .col(string("district"))
        .col(string("channel"))
        .col(string("appeal_type"));
    for column in ["day", "service_type_id", "organization_id", "district", "channel", "appeal_type"] {
        key.col(column);
    }
    for counter in COUNTERS {
        table.col(big_integer(*counter).default(0));
    }
    for bucket in 0..BUCKETS {
        table.col(big_integer(format!("resolved_within_{bucket:02}")).default(0));
    }
    table.primary_key(&mut key);
    table.to_owned()
}

/// The table of full rows (m0016 puts it back when it is taken down).
pub(crate) async fn create_rollups(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager.create_table(rollup_table(false)).await?;
    // The execution table and an organization's own figures read by organization first.
    create_index(manager, "appeal_rollups", &["organization_id", "day"], false).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // How many times an appeal was reopened after "resolved": the reopen rate counts it.
        manager
            .alter_table(
                Table::alter().table(Alias::new("appeals")).add_column(integer("reopen_count").default(0)).to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE appeals SET reopen_count = (SELECT count(*) FROM appeal_events e \
             WHERE e.appeal_id = appeals.id AND e.kind = 'reopen')",
        )
        .await?;

        // Appeals counted per registration day (the city's local date) and per what an analyst
        // filters by. Kept in the transaction that changes an appeal; `qala analytics rebuild`
        // recounts it. Absent keys are written as 0 and '' so that the key is unique.
        create_rollups(manager).await?;

        // Hotspots, chronic addresses and readiness lists group a period's appeals of some
        // categories by building: an index range scan that never reads the appeals themselves.
        create_index(manager, "appeals", &["category_id", "registered_at", "building_id"], false).await?;

        // Existing appeals are counted by the first `qala migrate` or server start after this.
        db.execute_unprepared(
            "INSERT INTO settings (key, value) SELECT 'analytics.rollups', 'stale' \
             WHERE EXISTS (SELECT 1 FROM appeals) ON CONFLICT (key) DO UPDATE SET value = 'stale'",
        )
        .await?;

        // Supervisors' alerts acknowledged in the console, by whom and when.
        manager
            .create_table(
                Table::create()
                    .table("alert_acks")
                    .if_not_exists()
                    .col(big_integer("outbox_id"))
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("at"))
                    .primary_key(Index::create().col("outbox_id").col("user_id"))
                    .to_owned(),
            )
            .await?;
        // The inbox lists a role's rows newest first.
        create_index(manager, "notification_outbox", &["recipient_kind", "recipient_id", "id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["alert_acks", "appeal_rollups"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).drop_column(Alias::new("reopen_count")).to_owned())
            .await
    }
}
