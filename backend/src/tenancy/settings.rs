//! A city's settings: one `settings` table of key → text in the city's own tables. Each context
//! owns its keys and their meaning (appeals: deadlines and thresholds; platform: branding;
//! channels: the mailbox, the bot and integration secrets); this module only stores them.

use std::collections::HashMap;

use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

mod setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One setting's value.
pub async fn get(conn: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(setting::Entity::find_by_id(key.to_owned()).one(conn).await?.map(|row| row.value))
}

/// Every setting of the city.
pub async fn all(conn: &impl ConnectionTrait) -> Result<HashMap<String, String>, DbErr> {
    Ok(setting::Entity::find().all(conn).await?.into_iter().map(|row| (row.key, row.value)).collect())
}

/// Writes one setting, replacing its value in one statement.
pub async fn put(conn: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), DbErr> {
    setting::Entity::insert(setting::ActiveModel { key: Set(key.to_owned()), value: Set(value.to_owned()) })
        .on_conflict(OnConflict::column(setting::Column::Key).update_column(setting::Column::Value).to_owned())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Forgets a setting.
pub async fn remove(conn: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    setting::Entity::delete_by_id(key.to_owned()).exec(conn).await?;
    Ok(())
}
