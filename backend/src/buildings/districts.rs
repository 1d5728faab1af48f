//! A city's districts: the codes buildings, organizations and appeals carry (`yesil`), with
//! their names in three languages for every screen that shows one.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};

use crate::context::RequestCtx;
use crate::error::AppResult;
use crate::i18n::LocalizedText;

pub mod district {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "districts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_kk: String,
        pub name_ru: String,
        pub name_en: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The city's districts by code; public, as the portal's pages name them too.
pub async fn list(ctx: &RequestCtx) -> AppResult<Vec<(String, LocalizedText)>> {
    let tx = ctx.tenant_tx().await?;
    let rows = district::Entity::find().order_by_asc(district::Column::Code).all(&tx).await?;
    Ok(rows.into_iter().map(|d| (d.code, LocalizedText::new(d.name_kk, d.name_ru, d.name_en))).collect())
}

/// Writes a district's names by its code, inside the caller's transaction (onboarding).
pub async fn upsert(conn: &impl ConnectionTrait, code: &str, name: &LocalizedText) -> AppResult<()> {
    let row = district::ActiveModel {
        code: Set(code.to_owned()),
        name_kk: Set(name.kk.clone()),
        name_ru: Set(name.ru.clone()),
        name_en: Set(name.en.clone()),
    };
    district::Entity::insert(row)
        .on_conflict(
            OnConflict::column(district::Column::Code)
                .update_columns([district::Column::NameKk, district::Column::NameRu, district::Column::NameEn])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Refuses a district the city does not list (a city that lists none takes any code).
pub async fn check(conn: &impl ConnectionTrait, code: &str) -> AppResult<()> {
    let known: Vec<String> = district::Entity::find().all(conn).await?.into_iter().map(|d| d.code).collect();
    if !known.is_empty() && !known.iter().any(|k| k == code) {
        return Err(crate::error::AppError::validation("district", format!("no district `{code}`")));
    }
    Ok(())
}
