use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_auth_tables, create_index, drop_tables, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut tenants = Table::create();
        tenants
            .table("tenants")
            .if_not_exists()
            .col(big_pk_auto("id"))
            .col(string_uniq("slug"))
            .col(string("brand"))
            .col(string("name_kk"))
            .col(string("name_ru"))
            .col(string("name_en"))
            .col(string("city_kk"))
            .col(string("city_ru"))
            .col(string("city_en"))
            .col(string("time_zone"))
            .col(string_len("default_language", 2))
            .col(string("appeal_prefix"))
            .col(string("phone"))
            .col(string_null("domain"))
            .col(double("map_lat"))
            .col(double("map_lon"))
            .col(integer("map_zoom"))
            .col(string("status"))
            .col(string("manifest_sha256"));
        timestamps(&mut tenants);
        manager.create_table(tenants.to_owned()).await?;
        // A custom domain names exactly one city.
        create_index(manager, "tenants", &["domain"], true).await?;
        create_auth_tables(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["audit_log", "refresh_tokens", "users", "tenants"]).await
    }
}
