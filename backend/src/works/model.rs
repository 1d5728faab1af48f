pub mod permit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "permits")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub number: String,
        pub holder_org_id: i64,
        pub work_type: String,
        pub address: String,
        /// A GeoJSON geometry: `Point` or `LineString`, WGS84.
        pub geometry: String,
        pub issued_on: Date,
        pub work_from: Date,
        pub work_to: Date,
        /// When the surface must be restored.
        pub restore_by: Date,
        pub closed_on: Option<Date>,
        pub last_notified_at: Option<DateTimeUtc>,
        pub notify_count: i32,
        pub created_by: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "works_queue")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `yard_asphalt`, `playground`, ...
        pub program: String,
        pub building_id: Option<i64>,
        pub address: String,
        pub apartments: i32,
        pub area_m2: f64,
        pub contractor: Option<String>,
        pub cost_tenge: Option<i64>,
        pub planned_start: Option<Date>,
        pub planned_end: Option<Date>,
        pub status: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
