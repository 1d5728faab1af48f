//! Which organization handles an appeal: the service type's responsible kind, decided by the
//! building (its KSK/OSI, its district's akimat, the utility serving its district), else the
//! catalog's default organization, else the only active organization of that kind.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::catalog::Responsible;
use crate::orgs::model::organization;

pub struct Place<'a> {
    pub managing_org_id: Option<i64>,
    pub district: Option<&'a str>,
}

pub async fn route(
    conn: &impl ConnectionTrait,
    responsible: Responsible,
    default_org: Option<i64>,
    place: &Place<'_>,
) -> Result<Option<i64>, sea_orm::DbErr> {
    let active = |id: i64| async move {
        Ok::<_, sea_orm::DbErr>(
            organization::Entity::find_by_id(id).one(conn).await?.filter(|o| o.active).map(|o| o.id),
        )
    };
    let by_building = match responsible {
        Responsible::Housing => match place.managing_org_id {
            Some(id) => active(id).await?,
            None => None,
        },
        Responsible::Kind(kind) => match place.district {
            Some(district) => organization::Entity::find()
                .filter(organization::Column::Kind.eq(kind.as_str()))
                .filter(organization::Column::District.eq(district))
                .filter(organization::Column::Active.eq(true))
                .order_by_asc(organization::Column::Id)
                .one(conn)
                .await?
                .map(|o| o.id),
            None => None,
        },
    };
    if by_building.is_some() {
        return Ok(by_building);
    }
    if let Some(id) = default_org {
        if let Some(id) = active(id).await? {
            return Ok(Some(id));
        }
    }
    let Responsible::Kind(kind) = responsible else { return Ok(None) };
    let only: Vec<i64> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .filter(organization::Column::Kind.eq(kind.as_str()))
        .filter(organization::Column::Active.eq(true))
        .limit(2)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(if only.len() == 1 { only.first().copied() } else { None })
}
