use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_index, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A systemic case against an organization (seed 002): the center names the problem and
        // its appeals, the authority sets a deadline, the organization reports back, and the
        // case ends resolved, withdrawn or with the organization named ineffective.
        manager
            .create_table(
                Table::create()
                    .table("systemic_cases")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("organization_id"))
                    .col(string("title"))
                    .col(text("reason"))
                    .col(string("status"))
                    .col(string_null("authority"))
                    .col(date_null("deadline"))
                    .col(text_null("report"))
                    .col(timestamp_with_time_zone_null("reported_at"))
                    .col(string_null("outcome"))
                    .col(text_null("outcome_comment"))
                    .col(string("opened_by"))
                    .col(timestamp_with_time_zone("opened_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("systemic_cases", "organization_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "systemic_cases", &["organization_id", "status"], false).await?;
        create_index(manager, "systemic_cases", &["status", "deadline"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("systemic_case_appeals")
                    .if_not_exists()
                    .col(big_integer("case_id"))
                    .col(big_integer("appeal_id"))
                    .primary_key(Index::create().col("case_id").col("appeal_id"))
                    .foreign_key(&mut fk("systemic_case_appeals", "case_id", "systemic_cases"))
                    .foreign_key(&mut fk("systemic_case_appeals", "appeal_id", "appeals"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "systemic_case_appeals", &["appeal_id"], false).await?;
        // The case's timeline: every step, who took it and when.
        manager
            .create_table(
                Table::create()
                    .table("systemic_case_events")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("case_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string("actor"))
                    .col(string("kind"))
                    .col(text_null("comment"))
                    .col(text("data"))
                    .foreign_key(&mut fk("systemic_case_events", "case_id", "systemic_cases"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "systemic_case_events", &["case_id", "id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["systemic_case_events", "systemic_case_appeals", "systemic_cases"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
