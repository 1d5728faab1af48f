//! The platform's `tenants` table.

pub mod tenant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "tenants")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub slug: String,
        pub brand: String,
        pub name_kk: String,
        pub name_ru: String,
        pub name_en: String,
        pub city_kk: String,
        pub city_ru: String,
        pub city_en: String,
        pub time_zone: String,
        pub default_language: String,
        pub appeal_prefix: String,
        pub phone: String,
        pub domain: Option<String>,
        pub map_lat: f64,
        pub map_lon: f64,
        pub map_zoom: i32,
        /// `active` or `suspended`.
        pub status: String,
        pub manifest_sha256: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
