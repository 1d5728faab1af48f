//! Which organization receives an appeal, and why. In order:
//! 1. the city's routing table (`rules`), first matching rule that names an active organization;
//! 2. the building: its manager for housing services, its elevator operator for lifts, its
//!    akimat for the akimat's services (by the building's role, else its district);
//! 3. the catalog's default organization for the service type;
//! 4. the only active organization of the service's kind.
//!
//! Nothing found is an answer too: the reason sends the appeal to the "needs routing" queue.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::model::rule;
use super::rules::{Rule, Subject, Target, Unrouted};
use crate::buildings::model::building;
use crate::buildings::roles::{serving, BuildingRole, Serves, Serving};
use crate::catalog::model::{category, service_type};
use crate::catalog::Responsible;
use crate::error::AppResult;
use crate::orgs::model::organization;
use crate::orgs::OrgKind;

/// What to route: the service type, the building (when known), the district and entrance.
pub struct Ask<'a> {
    pub service: &'a service_type::Model,
    pub building: Option<&'a building::Model>,
    /// The district of the building, else of the place the resident named.
    pub district: Option<&'a str>,
    pub entrance: Option<i32>,
}

/// How the organization was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Rule { id: i64, position: i32 },
    Building(BuildingRole),
    District,
    CatalogDefault,
    OnlyOfKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routed {
    To(i64, Route),
    Nobody(Unrouted),
}

impl Routed {
    pub fn organization_id(self) -> Option<i64> {
        match self {
            Routed::To(id, _) => Some(id),
            Routed::Nobody(_) => None,
        }
    }

    pub fn reason(self) -> Option<Unrouted> {
        match self {
            Routed::To(..) => None,
            Routed::Nobody(reason) => Some(reason),
        }
    }
}

/// The role a kind of service implies at a building when no rule says otherwise.
fn implied_role(responsible: Responsible) -> Option<BuildingRole> {
    match responsible {
        Responsible::Housing => Some(BuildingRole::Manager),
        Responsible::Kind(OrgKind::ElevatorOperator) => Some(BuildingRole::Elevator),
        Responsible::Kind(OrgKind::DistrictAkimat) => Some(BuildingRole::Akimat),
        Responsible::Kind(_) => None,
    }
}

pub async fn route(conn: &impl ConnectionTrait, ask: &Ask<'_>) -> AppResult<Routed> {
    let service = ask.service;
    let sphere_id = category::Entity::find_by_id(service.category_id).one(conn).await?.map_or(0, |c| c.sphere_id);
    let subject = Subject {
        service_type_id: service.id,
        category_id: service.category_id,
        sphere_id,
        building_id: ask.building.map(|b| b.id),
        district: ask.district,
    };
    let serves = match ask.building {
        Some(b) => crate::buildings::serving::of(conn, b.id).await?,
        None => Vec::new(),
    };
    // The first reason met is the one an operator needs: the most specific thing that failed.
    let mut reason: Option<Unrouted> = None;
    let mut note = |r: Unrouted| {
        reason.get_or_insert(r);
    };

    let rows = rule::Entity::find()
        .filter(rule::Column::Active.eq(true))
        .order_by_asc(rule::Column::Position)
        .order_by_asc(rule::Column::Id)
        .all(conn)
        .await?;
    for rule in rows.iter().filter_map(Rule::from_row).filter(|r| r.matches(&subject)) {
        let by = Route::Rule { id: rule.id, position: rule.position };
        let found = match rule.target {
            Target::Org(id) => Serving::Org(id),
            Target::Role(role) => at_building(ask, &serves, role),
        };
        match found {
            Serving::Org(id) if is_active(conn, id).await? => return Ok(Routed::To(id, by)),
            Serving::Org(_) => note(Unrouted::InactiveOrganization),
            Serving::Nobody if ask.building.is_none() => note(Unrouted::NoBuilding),
            Serving::Nobody => note(Unrouted::NoRoleAtBuilding),
            Serving::DependsOnEntrance => note(Unrouted::DependsOnEntrance),
        }
    }

    let responsible = Responsible::parse(&service.responsible).ok();
    if let Some(role) = responsible.and_then(implied_role) {
        match at_building(ask, &serves, role) {
            Serving::Org(id) if is_active(conn, id).await? => return Ok(Routed::To(id, Route::Building(role))),
            Serving::Org(_) => note(Unrouted::InactiveOrganization),
            Serving::DependsOnEntrance => note(Unrouted::DependsOnEntrance),
            Serving::Nobody => {}
        }
    }
    if let (Some(Responsible::Kind(kind)), Some(district)) = (responsible, ask.district) {
        let in_district = organization::Entity::find()
            .filter(organization::Column::Kind.eq(kind.as_str()))
            .filter(organization::Column::District.eq(district))
            .filter(organization::Column::Active.eq(true))
            .order_by_asc(organization::Column::Id)
            .one(conn)
            .await?;
        if let Some(org) = in_district {
            return Ok(Routed::To(org.id, Route::District));
        }
    }
    if let Some(id) = service.default_org_id {
        if is_active(conn, id).await? {
            return Ok(Routed::To(id, Route::CatalogDefault));
        }
        note(Unrouted::InactiveOrganization);
    }
    let fallback = match responsible {
        Some(Responsible::Kind(kind)) => {
            let only: Vec<i64> = organization::Entity::find()
                .select_only()
                .column(organization::Column::Id)
                .filter(organization::Column::Kind.eq(kind.as_str()))
                .filter(organization::Column::Active.eq(true))
                .limit(2)
                .into_tuple()
                .all(conn)
                .await?;
            match only.as_slice() {
                [id] => return Ok(Routed::To(*id, Route::OnlyOfKind)),
                [] => Unrouted::NoneOfKind,
                _ if ask.building.is_none() && implied_role(Responsible::Kind(kind)).is_some() => Unrouted::NoBuilding,
                _ if implied_role(Responsible::Kind(kind)).is_some() => Unrouted::NoRoleAtBuilding,
                _ => Unrouted::SeveralOfKind,
            }
        }
        _ if ask.building.is_none() => Unrouted::NoBuilding,
        _ => Unrouted::NoRoleAtBuilding,
    };
    Ok(Routed::Nobody(reason.unwrap_or(fallback)))
}

/// The building's organization in `role`: its manager from the building itself, the others
/// from its service rows.
fn at_building(ask: &Ask<'_>, serves: &[Serves], role: BuildingRole) -> Serving {
    match (role, ask.building) {
        (_, None) => Serving::Nobody,
        (BuildingRole::Manager, Some(b)) => b.managing_org_id.map_or(Serving::Nobody, Serving::Org),
        (_, Some(_)) => serving(serves, role, ask.entrance),
    }
}

async fn is_active(conn: &impl ConnectionTrait, id: i64) -> AppResult<bool> {
    Ok(organization::Entity::find_by_id(id).one(conn).await?.is_some_and(|o| o.active))
}
