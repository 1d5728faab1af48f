//! Systemic cases, the appeals attached to them, and their timeline.

pub mod case {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "systemic_cases")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub title: String,
        pub reason: String,
        /// `open`, `reported` (the organization answered) or `closed`.
        pub status: String,
        /// The body that set the deadline (the city's department of housing...).
        pub authority: Option<String>,
        pub deadline: Option<Date>,
        pub report: Option<String>,
        pub reported_at: Option<DateTimeUtc>,
        /// `resolved`, `ineffective` or `withdrawn`, once closed.
        pub outcome: Option<String>,
        pub outcome_comment: Option<String>,
        pub opened_by: String,
        pub opened_at: DateTimeUtc,
        pub closed_at: Option<DateTimeUtc>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod case_appeal {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "systemic_case_appeals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub case_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub appeal_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod case_event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "systemic_case_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub case_id: i64,
        pub at: DateTimeUtc,
        pub actor: String,
        /// `opened`, `appeals_attached`, `deadline_set`, `reported`, `extended`, `closed`.
        pub kind: String,
        pub comment: Option<String>,
        pub data: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
