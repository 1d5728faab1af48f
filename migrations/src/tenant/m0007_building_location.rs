use sea_orm_migration::prelude::*;

use crate::shared::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An appeal registered at a point looks for the building standing there.
        create_index(manager, "buildings", &["lat", "lon"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_buildings_lat_lon").table(Alias::new("buildings")).to_owned()).await
    }
}
