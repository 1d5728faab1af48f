use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_index, drop_tables, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Tenant settings that tune the appeal rules (warning share, systemic threshold, ...).
        manager
            .create_table(
                Table::create()
                    .table("settings")
                    .if_not_exists()
                    .col(string("key").primary_key())
                    .col(text("value"))
                    .to_owned(),
            )
            .await?;
        // A tenant's changes to the national working calendar.
        manager
            .create_table(
                Table::create()
                    .table("calendar_days")
                    .if_not_exists()
                    .col(date("day").primary_key())
                    .col(boolean("working"))
                    .col(string_null("note"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("residents")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string_uniq("phone"))
                    .col(string_null("name"))
                    .col(string_null("iin"))
                    .col(string_len("language", 2))
                    .col(boolean("verified").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        // One row a year; the registering transaction increments it, so numbers have no gaps.
        manager
            .create_table(
                Table::create()
                    .table("appeal_counters")
                    .if_not_exists()
                    .col(integer("year").primary_key())
                    .col(big_integer("last"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outages")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string("kind"))
                    .col(big_integer_null("category_id"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone("ends_at"))
                    .col(text("message_kk"))
                    .col(text("message_ru"))
                    .col(text("message_en"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("outages", "category_id", "catalog_categories"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outage_buildings")
                    .if_not_exists()
                    .col(big_integer("outage_id"))
                    .col(big_integer("building_id"))
                    .primary_key(Index::create().col("outage_id").col("building_id"))
                    .foreign_key(
                        &mut fk("outage_buildings", "outage_id", "outages")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk("outage_buildings", "building_id", "buildings"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "outage_buildings", &["building_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("appeals")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(string_uniq("number"))
                    .col(string("channel"))
                    .col(string("appeal_type"))
                    .col(big_integer("service_type_id"))
                    .col(big_integer("category_id"))
                    .col(text("description"))
                    .col(big_integer_null("building_id"))
                    .col(string_null("address"))
                    .col(double_null("lat"))
                    .col(double_null("lon"))
                    .col(string_null("district"))
                    .col(big_integer_null("resident_id"))
                    .col(string_len("language", 2))
                    .col(string("status"))
                    .col(big_integer_null("organization_id"))
                    .col(big_integer_null("assignee_id"))
                    .col(string("registered_by"))
                    .col(timestamp_with_time_zone("registered_at"))
                    .col(timestamp_with_time_zone("due_at"))
                    .col(timestamp_with_time_zone("warn_at"))
                    .col(boolean("warned").default(false))
                    .col(boolean("overdue").default(false))
                    .col(boolean("first_call").default(false))
                    .col(big_integer_null("parent_id"))
                    .col(integer("linked_count").default(0))
                    .col(boolean("systemic").default(false))
                    .col(big_integer_null("outage_id"))
                    .col(string_null("idempotency_key"))
                    .col(string("tracking_token"))
                    .col(text_null("resolution"))
                    .col(text_null("reason"))
                    .col(string_null("forwarded_to"))
                    .col(integer_null("rating"))
                    .col(text_null("rating_comment"))
                    .col(timestamp_with_time_zone_null("rated_at"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(text("search_text"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("appeals", "service_type_id", "service_types"))
                    .foreign_key(&mut fk("appeals", "building_id", "buildings"))
                    .foreign_key(&mut fk("appeals", "resident_id", "residents"))
                    .foreign_key(&mut fk("appeals", "organization_id", "organizations"))
                    .foreign_key(&mut fk("appeals", "parent_id", "appeals"))
                    .foreign_key(&mut fk("appeals", "outage_id", "outages"))
                    .to_owned(),
            )
            .await?;
        // The operator queue, the executor's list, the resident's history, repeats and jobs.
        create_index(manager, "appeals", &["idempotency_key"], true).await?;
        create_index(manager, "appeals", &["status", "due_at", "id"], false).await?;
        create_index(manager, "appeals", &["organization_id", "status", "due_at", "id"], false).await?;
        create_index(manager, "appeals", &["registered_at", "id"], false).await?;
        create_index(manager, "appeals", &["resident_id", "id"], false).await?;
        create_index(manager, "appeals", &["building_id", "category_id", "status"], false).await?;
        create_index(manager, "appeals", &["parent_id"], false).await?;
        create_index(manager, "appeals", &["status", "resolved_at", "id"], false).await?;
        // The default queues list open appeals by deadline: partial indexes keep that an index
        // scan that stops at the page size, however many closed appeals a city has.
        let open = "status IN ('registered', 'assigned', 'in_progress', 'reopened')";
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE INDEX IF NOT EXISTS ix_appeals_open_due ON appeals (due_at, id) WHERE {open}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX IF NOT EXISTS ix_appeals_open_org_due ON appeals (organization_id, due_at, id) WHERE {open}"
        ))
        .await?;
        for (name, columns, extra) in [
            ("ix_appeals_open_registered", "registered_at, id", ""),
            // The deadline watch looks only at open appeals not yet escalated or warned about.
            ("ix_appeals_watch_due", "due_at", " AND NOT overdue"),
            ("ix_appeals_watch_warn", "warn_at", " AND NOT warned"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON appeals ({columns}) WHERE {open}{extra}"
            ))
            .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("appeal_events")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("appeal_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string("actor"))
                    .col(string("kind"))
                    .col(string_null("from_status"))
                    .col(string_null("to_status"))
                    .col(text_null("comment"))
                    .col(text("data"))
                    .foreign_key(&mut fk("appeal_events", "appeal_id", "appeals"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "appeal_events", &["appeal_id", "id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("attachments")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("appeal_id"))
                    .col(string("kind"))
                    .col(string("content_type"))
                    .col(string("file_name"))
                    .col(big_integer("size"))
                    .col(string("sha256"))
                    .col(string("storage_key"))
                    .col(string("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("attachments", "appeal_id", "appeals"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "attachments", &["appeal_id"], false).await?;

        // Messages for a later delivery worker: a row per recipient, written with the change.
        manager
            .create_table(
                Table::create()
                    .table("notification_outbox")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(string("kind"))
                    .col(string("recipient_kind"))
                    .col(string_null("recipient_id"))
                    .col(big_integer_null("appeal_id"))
                    .col(string_len("language", 2))
                    .col(text("payload"))
                    .col(string("status"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "notification_outbox", &["status", "next_attempt_at"], false).await?;
        create_index(manager, "notification_outbox", &["appeal_id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                "notification_outbox",
                "attachments",
                "appeal_events",
                "appeals",
                "outage_buildings",
                "outages",
                "appeal_counters",
                "residents",
                "calendar_days",
                "settings",
            ],
        )
        .await
    }
}
