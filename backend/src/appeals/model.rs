//! Appeals, their timeline, attachments, planned outages and the notification outbox.

pub mod appeal {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "appeals")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub number: String,
        pub channel: String,
        pub appeal_type: String,
        pub service_type_id: i64,
        pub category_id: i64,
        pub description: String,
        pub building_id: Option<i64>,
        pub address: Option<String>,
        pub lat: Option<f64>,
        pub lon: Option<f64>,
        pub district: Option<String>,
        pub resident_id: Option<i64>,
        pub language: String,
        pub status: String,
        pub organization_id: Option<i64>,
        pub assignee_id: Option<i64>,
        pub registered_by: String,
        pub registered_at: DateTimeUtc,
        pub due_at: DateTimeUtc,
        pub warn_at: DateTimeUtc,
        pub warned: bool,
        pub overdue: bool,
        pub first_call: bool,
        pub parent_id: Option<i64>,
        pub linked_count: i32,
        pub systemic: bool,
        pub outage_id: Option<i64>,
        pub idempotency_key: Option<String>,
        /// The secret on the resident's receipt that lets them rate the handling without an account.
        pub tracking_token: String,
        pub resolution: Option<String>,
        /// Why it was rejected, reassigned or extended, the latest.
        pub reason: Option<String>,
        pub forwarded_to: Option<String>,
        pub rating: Option<i32>,
        pub rating_comment: Option<String>,
        pub rated_at: Option<DateTimeUtc>,
        pub resolved_at: Option<DateTimeUtc>,
        pub closed_at: Option<DateTimeUtc>,
        pub search_text: String,
        /// Answers to the service type's questions, JSON code → values.
        pub attributes: Option<String>,
        /// Where the resident hears back, for appeals that came by a messaging door
        /// (`telegram:<chat id>`, `email:<address>`); unset: by text message.
        pub reply_to: Option<String>,
        pub updated_at: DateTimeUtc,
        /// What staff wrote for the public about this appeal (see `public_record`).
        pub public_note: Option<String>,
        /// How many times it was reopened after "resolved".
        pub reopen_count: i32,
        /// Why no organization received it (`routing::Unrouted`), while it waits in the
        /// operators' "needs routing" queue.
        pub routing_reason: Option<String>,
        /// The entrance the resident named, where a building's entrances are served differently.
        pub entrance: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The append-only timeline of an appeal.
pub mod event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "appeal_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub appeal_id: i64,
        pub at: DateTimeUtc,
        pub actor: String,
        pub kind: String,
        pub from_status: Option<String>,
        pub to_status: Option<String>,
        pub comment: Option<String>,
        pub data: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attachment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub appeal_id: i64,
        pub kind: String,
        pub content_type: String,
        pub file_name: String,
        pub size: i64,
        pub sha256: String,
        pub storage_key: String,
        pub uploaded_by: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outage {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub kind: String,
        pub category_id: Option<i64>,
        pub starts_at: DateTimeUtc,
        pub ends_at: DateTimeUtc,
        pub message_kk: String,
        pub message_ru: String,
        pub message_en: String,
        pub created_by: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outage_building {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outage_buildings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub outage_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub building_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub created_at: DateTimeUtc,
        pub kind: String,
        /// `organization`, `user`, `resident` or `role`.
        pub recipient_kind: String,
        pub recipient_id: Option<String>,
        pub appeal_id: Option<i64>,
        pub language: String,
        pub payload: String,
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
        /// Why a `parked` row waits: no channel configured now can carry it.
        pub parked_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod calendar_day {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "calendar_days")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        pub working: bool,
        pub note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
