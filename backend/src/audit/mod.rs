//! The append-only audit log: who changed what, in the same transaction as the change, and who
//! looked at a resident's personal data. City admins search and export it (`search`).

pub mod graphql;
mod search;

pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub at: DateTimeUtc,
        pub actor: String,
        pub action: String,
        pub entity: String,
        pub entity_id: Option<String>,
        pub details: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Appends one audit entry through `conn` (the transaction that makes the change).
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<String>,
    details: serde_json::Value,
) -> Result<(), sea_orm::DbErr> {
    entry::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor: Set(actor.to_owned()),
        action: Set(action.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        details: Set(details.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
