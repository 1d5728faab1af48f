pub mod call {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "calls")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub call_id: String,
        /// `+7XXXXXXXXXX` when the number parses, else as the phone system sent it.
        pub caller: String,
        /// The login of the operator who picks up.
        pub operator: Option<String>,
        pub resident_id: Option<i64>,
        pub received_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod open311_client {
    use sea_orm::entity::prelude::*;

    /// A client app of Open311 GeoReport v2 and the hash of its API key.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "open311_clients")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        #[sea_orm(unique)]
        pub key_hash: String,
        pub active: bool,
        pub created_by: String,
        pub created_at: DateTimeUtc,
        pub last_used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod telegram_chat {
    use sea_orm::entity::prelude::*;

    /// A chat's conversation with the city's bot.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "telegram_chats")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub chat_id: i64,
        pub language: String,
        pub step: String,
        /// The appeal being drafted, JSON (`channels::telegram::conversation::Draft`).
        pub draft: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod inbound_message {
    use sea_orm::entity::prelude::*;

    /// A message a channel took in, by the sender's own id for it.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "inbound_messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub channel: String,
        pub external_id: String,
        pub received_at: DateTimeUtc,
        pub appeal_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
