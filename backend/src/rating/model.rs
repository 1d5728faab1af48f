pub mod vote {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "ksk_votes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `2026Q4`.
        pub quarter: String,
        pub organization_id: i64,
        pub resident_id: i64,
        pub building_id: i64,
        pub apartment: String,
        pub score: i32,
        pub comment: Option<String>,
        pub ip: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub voided_at: Option<DateTimeUtc>,
        pub void_reason: Option<String>,
        pub voided_by: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
