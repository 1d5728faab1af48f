use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_index, drop_tables, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One-time codes that prove a resident's phone: only a hash of the code is kept.
        manager
            .create_table(
                Table::create()
                    .table("otp_challenges")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("phone"))
                    .col(string("code_hash"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone_null("consumed_at"))
                    .col(string("ip"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "otp_challenges", &["phone", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("ksk_votes")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("quarter"))
                    .col(big_integer("organization_id"))
                    .col(big_integer("resident_id"))
                    .col(big_integer("building_id"))
                    .col(string("apartment"))
                    .col(integer("score"))
                    .col(text_null("comment"))
                    .col(string("ip"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("voided_at"))
                    .col(text_null("void_reason"))
                    .col(string_null("voided_by"))
                    .foreign_key(&mut fk("ksk_votes", "organization_id", "organizations"))
                    .foreign_key(&mut fk("ksk_votes", "resident_id", "residents"))
                    .foreign_key(&mut fk("ksk_votes", "building_id", "buildings"))
                    .to_owned(),
            )
            .await?;
        // One standing vote per resident and one per apartment, per organization and quarter;
        // a voided vote no longer counts, so the apartment may vote again.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_ksk_votes_resident ON ksk_votes (quarter, organization_id, resident_id) WHERE voided_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_ksk_votes_apartment ON ksk_votes (quarter, organization_id, building_id, apartment) WHERE voided_at IS NULL",
        )
        .await?;
        create_index(manager, "ksk_votes", &["quarter", "organization_id"], false).await?;

        // Excavation permits ("ордера") and their restoration deadlines.
        manager
            .create_table(
                Table::create()
                    .table("permits")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string_uniq("number"))
                    .col(big_integer("holder_org_id"))
                    .col(string("work_type"))
                    .col(string("address"))
                    .col(text("geometry"))
                    .col(date("issued_on"))
                    .col(date("work_from"))
                    .col(date("work_to"))
                    .col(date("restore_by"))
                    .col(date_null("closed_on"))
                    .col(timestamp_with_time_zone_null("last_notified_at"))
                    .col(integer("notify_count").default(0))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("permits", "holder_org_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "permits", &["closed_on", "restore_by"], false).await?;

        // Public works queues (yard asphalting and similar programs).
        manager
            .create_table(
                Table::create()
                    .table("works_queue")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("program"))
                    .col(big_integer_null("building_id"))
                    .col(string("address"))
                    .col(integer("apartments"))
                    .col(double("area_m2"))
                    .col(string_null("contractor"))
                    .col(big_integer_null("cost_tenge"))
                    .col(date_null("planned_start"))
                    .col(date_null("planned_end"))
                    .col(string("status"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("works_queue", "building_id", "buildings"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "works_queue", &["program", "status"], false).await?;
        // Counting a building's appeals for the queue's second priority.
        create_index(manager, "appeals", &["building_id", "id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["works_queue", "permits", "ksk_votes", "otp_challenges"]).await
    }
}
