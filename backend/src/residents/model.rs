pub mod resident {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "residents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `+7XXXXXXXXXX`.
        #[sea_orm(unique)]
        pub phone: String,
        pub name: Option<String>,
        pub iin: Option<String>,
        pub language: String,
        pub verified: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod otp {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "otp_challenges")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub phone: String,
        /// `<salt>$<sha256(salt:phone:code)>`.
        pub code_hash: String,
        pub expires_at: DateTimeUtc,
        pub attempts: i32,
        pub consumed_at: Option<DateTimeUtc>,
        pub ip: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
