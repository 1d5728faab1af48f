/// A row of a city's routing table (see `rules`).
pub mod rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "routing_rules")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The rule's name in manifests and the audit (`lifts-esil`).
        #[sea_orm(unique)]
        pub code: String,
        /// Rules are read in this order (then by id); the first that finds an organization wins.
        pub position: i32,
        pub service_type_id: Option<i64>,
        pub category_id: Option<i64>,
        pub sphere_id: Option<i64>,
        pub district: Option<String>,
        /// JSON array of building ids; empty: any building (or none).
        pub building_ids: String,
        pub org_id: Option<i64>,
        /// A `BuildingRole`: the building's own organization in that role receives it.
        pub role: Option<String>,
        pub note: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
