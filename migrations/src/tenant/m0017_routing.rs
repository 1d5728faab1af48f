use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_index, drop_tables, fk, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Who serves a building besides its manager (which keeps its history on `buildings`):
        // its elevator operator, heat, water, electricity and gas suppliers and its akimat.
        // `entrance` 0 is the whole building; an entrance of its own overrides it.
        manager
            .create_table(
                Table::create()
                    .table("building_services")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("building_id"))
                    .col(string("role"))
                    .col(integer("entrance").default(0))
                    .col(big_integer("org_id"))
                    .foreign_key(
                        &mut fk("building_services", "building_id", "buildings")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk("building_services", "org_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "building_services", &["building_id", "role", "entrance"], true).await?;
        create_index(manager, "building_services", &["org_id"], false).await?;

        // A city's routing table, read in `position` order before the catalog's fallbacks: what
        // it matches (a service type, category or sphere; optionally a district or buildings)
        // and who receives it (an organization, or the building's role).
        let mut rules = Table::create();
        rules
            .table("routing_rules")
            .if_not_exists()
            .col(big_pk_auto("id"))
            .col(string_uniq("code"))
            .col(integer("position"))
            .col(big_integer_null("service_type_id"))
            .col(big_integer_null("category_id"))
            .col(big_integer_null("sphere_id"))
            .col(string_null("district"))
            .col(text("building_ids").default("[]"))
            .col(big_integer_null("org_id"))
            .col(string_null("role"))
            .col(text("note").default(""))
            .col(boolean("active").default(true))
            .foreign_key(&mut fk("routing_rules", "service_type_id", "service_types"))
            .foreign_key(&mut fk("routing_rules", "category_id", "catalog_categories"))
            .foreign_key(&mut fk("routing_rules", "sphere_id", "catalog_spheres"))
            .foreign_key(&mut fk("routing_rules", "org_id", "organizations"));
        timestamps(&mut rules);
        manager.create_table(rules.to_owned()).await?;
        create_index(manager, "routing_rules", &["position", "id"], false).await?;

        // Why an appeal has no organization: the operators' "needs routing" queue shows it.
        manager
            .alter_table(
                Table::alter().table(Alias::new("appeals")).add_column(string_null("routing_reason")).to_owned(),
            )
            .await?;
        // The entrance a resident names, for buildings whose entrances are served differently.
        manager
            .alter_table(Table::alter().table(Alias::new("appeals")).add_column(integer_null("entrance")).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["routing_reason", "entrance"] {
            manager
                .alter_table(Table::alter().table(Alias::new("appeals")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        drop_tables(manager, &["routing_rules", "building_services"]).await
    }
}
