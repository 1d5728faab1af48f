pub mod building {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "buildings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        /// The address as written in Russian (`ул. Абая, 63`), the one shown by default.
        pub address: String,
        /// The address as written in Kazakh (`Абай көшесі, 63`), when known.
        pub address_kk: Option<String>,
        pub district: Option<String>,
        pub lat: f64,
        pub lon: f64,
        pub apartments: i32,
        pub floors: Option<i32>,
        pub management_form: String,
        pub managing_org_id: Option<i64>,
        pub search_text: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Who managed a building, and in which form, over time.
pub mod management {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "building_management")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub building_id: i64,
        pub form: String,
        pub org_id: Option<i64>,
        pub since: Date,
        pub until: Option<Date>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Who serves a building in a role other than its manager (`roles::BuildingRole`), for the
/// whole building (entrance 0) or one entrance.
pub mod served_by {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "building_services")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub building_id: i64,
        pub role: String,
        pub entrance: i32,
        pub org_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
