pub mod sphere {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "catalog_spheres")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub name_kk: String,
        pub name_ru: String,
        pub name_en: String,
        pub sort_order: i32,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod category {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "catalog_categories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub sphere_id: i64,
        pub name_kk: String,
        pub name_ru: String,
        pub name_en: String,
        pub sort_order: i32,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod service_type {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_types")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub category_id: i64,
        pub name_kk: String,
        pub name_ru: String,
        pub name_en: String,
        pub appeal_type: String,
        pub responsible: String,
        pub default_org_id: Option<i64>,
        pub deadline_value: i32,
        /// `hours` (clock hours) or `working_days` (the tenant's working calendar).
        pub deadline_unit: String,
        pub first_call_answer_kk: Option<String>,
        pub first_call_answer_ru: Option<String>,
        pub first_call_answer_en: Option<String>,
        pub requires_photo: bool,
        /// The questions beyond the description, JSON (`catalog::attributes`).
        pub attributes: Option<String>,
        /// Words people use for it besides its name, comma-separated, per language.
        pub keywords_kk: String,
        pub keywords_ru: String,
        pub keywords_en: String,
        pub search_text: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
