use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::shared::{create_auth_tables, create_index, drop_tables, fk, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn names(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table.col(string("name_kk")).col(string("name_ru")).col(string("name_en"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut orgs = Table::create();
        orgs.table("organizations").if_not_exists().col(big_pk_auto("id")).col(string_uniq("code")).col(string("kind"));
        names(&mut orgs)
            .col(string_null("bin"))
            .col(string_null("district"))
            .col(string_null("phone"))
            .col(string_null("email"))
            .col(string_null("head"))
            // Lower-cased code and names in every language, for search that folds Cyrillic case.
            .col(text("search_text"))
            .col(boolean("active").default(true));
        timestamps(&mut orgs);
        manager.create_table(orgs.to_owned()).await?;
        create_index(manager, "organizations", &["kind", "id"], false).await?;

        let mut buildings = Table::create();
        buildings
            .table("buildings")
            .if_not_exists()
            .col(big_pk_auto("id"))
            .col(string_uniq("code"))
            .col(string("address"))
            .col(string_null("district"))
            .col(double("lat"))
            .col(double("lon"))
            .col(integer("apartments"))
            .col(integer_null("floors"))
            .col(string("management_form"))
            .col(big_integer_null("managing_org_id"))
            .col(text("search_text"))
            .col(boolean("active").default(true))
            .foreign_key(&mut fk("buildings", "managing_org_id", "organizations"));
        timestamps(&mut buildings);
        manager.create_table(buildings.to_owned()).await?;
        create_index(manager, "buildings", &["managing_org_id"], false).await?;
        create_index(manager, "buildings", &["district", "id"], false).await?;

        // The 2020 housing reform replaces KSK with OSI: each building keeps its history of forms.
        manager
            .create_table(
                Table::create()
                    .table("building_management")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(big_integer("building_id"))
                    .col(string("form"))
                    .col(big_integer_null("org_id"))
                    .col(date("since"))
                    .col(date_null("until"))
                    .foreign_key(
                        &mut fk("building_management", "building_id", "buildings")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk("building_management", "org_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "building_management", &["building_id", "since"], true).await?;

        let mut spheres = Table::create();
        spheres.table("catalog_spheres").if_not_exists().col(big_pk_auto("id")).col(string_uniq("code"));
        names(&mut spheres).col(integer("sort_order").default(0)).col(boolean("active").default(true));
        timestamps(&mut spheres);
        manager.create_table(spheres.to_owned()).await?;

        let mut categories = Table::create();
        categories
            .table("catalog_categories")
            .if_not_exists()
            .col(big_pk_auto("id"))
            .col(string_uniq("code"))
            .col(big_integer("sphere_id"));
        names(&mut categories)
            .col(integer("sort_order").default(0))
            .col(boolean("active").default(true))
            .foreign_key(&mut fk("catalog_categories", "sphere_id", "catalog_spheres"));
        timestamps(&mut categories);
        manager.create_table(categories.to_owned()).await?;
        create_index(manager, "catalog_categories", &["sphere_id"], false).await?;

        let mut types = Table::create();
        types
            .table("service_types")
            .if_not_exists()
            .col(big_pk_auto("id"))
            .col(string_uniq("code"))
            .col(big_integer("category_id"));
        names(&mut types)
            .col(string("appeal_type"))
            .col(string("responsible"))
            .col(big_integer_null("default_org_id"))
            .col(integer("deadline_value"))
            .col(string("deadline_unit"))
            .col(text_null("first_call_answer_kk"))
            .col(text_null("first_call_answer_ru"))
            .col(text_null("first_call_answer_en"))
            .col(boolean("requires_photo").default(false))
            .col(text("search_text"))
            .col(boolean("active").default(true))
            .foreign_key(&mut fk("service_types", "category_id", "catalog_categories"))
            .foreign_key(&mut fk("service_types", "default_org_id", "organizations"));
        timestamps(&mut types);
        manager.create_table(types.to_owned()).await?;
        create_index(manager, "service_types", &["category_id", "id"], false).await?;

        create_auth_tables(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                "audit_log",
                "refresh_tokens",
                "users",
                "service_types",
                "catalog_categories",
                "catalog_spheres",
                "building_management",
                "buildings",
                "organizations",
            ],
        )
        .await
    }
}
