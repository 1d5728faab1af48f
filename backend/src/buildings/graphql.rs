use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::model::{building, management};
use super::roles::{BuildingRole, Serves};
use super::service::{self, BuildingFields, BuildingFilter};
use super::ManagementForm;
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::{page_of, PageInput};
use crate::graphql::request::{parse_id, request};
use crate::orgs::graphql::Organization;

pub struct Building(pub building::Model);

#[Object]
impl Building {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The address as written in Russian (`ул. Абая, 63`).
    async fn address(&self) -> &str {
        &self.0.address
    }
    /// The address as written in Kazakh (`Абай көшесі, 63`), when known.
    async fn address_kk(&self) -> Option<&str> {
        self.0.address_kk.as_deref()
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    async fn lat(&self) -> f64 {
        self.0.lat
    }
    async fn lon(&self) -> f64 {
        self.0.lon
    }
    async fn apartments(&self) -> i32 {
        self.0.apartments
    }
    async fn floors(&self) -> Option<i32> {
        self.0.floors
    }
    async fn management_form(&self) -> Option<ManagementForm> {
        ManagementForm::parse(&self.0.management_form).ok()
    }
    async fn managing_organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organization>> {
        match self.0.managing_org_id {
            Some(id) => crate::orgs::service::get(request(ctx)?, id).await.map(|o| Some(Organization(o))).gql(),
            None => Ok(None),
        }
    }
    /// Every management period, oldest first (the 2020 reform moves KSK buildings to OSI).
    async fn management_history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ManagementPeriod>> {
        let rows = service::history(request(ctx)?, self.0.id).await.gql()?;
        Ok(rows.into_iter().map(ManagementPeriod::from).collect())
    }
    /// Who else serves the building (lifts, heat, water, electricity, gas, the akimat), for the
    /// whole building (entrance 0) or one entrance; routing reads the same rows.
    async fn served_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BuildingService>> {
        let rows = service::served_by(request(ctx)?, self.0.id).await.gql()?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(BuildingService {
                    role: BuildingRole::parse(&r.role_code).ok()?,
                    entrance: r.entrance,
                    organization_id: ID(r.org_id.to_string()),
                })
            })
            .collect())
    }
    async fn active(&self) -> bool {
        self.0.active
    }
}

/// An organization serving a building in a role; entrance 0 is the whole building.
#[derive(SimpleObject)]
pub struct BuildingService {
    pub role: BuildingRole,
    pub entrance: i32,
    pub organization_id: ID,
}

#[derive(SimpleObject)]
pub struct ManagementPeriod {
    pub form: Option<ManagementForm>,
    pub organization_id: Option<ID>,
    pub since: chrono::NaiveDate,
    pub until: Option<chrono::NaiveDate>,
}

impl From<management::Model> for ManagementPeriod {
    fn from(m: management::Model) -> Self {
        Self {
            form: ManagementForm::parse(&m.form).ok(),
            organization_id: m.org_id.map(|id| ID(id.to_string())),
            since: m.since,
            until: m.until,
        }
    }
}

#[derive(InputObject, Default)]
pub struct BuildingInput {
    pub code: Option<String>,
    pub address: Option<String>,
    /// The address in Kazakh; an empty text clears it.
    pub address_kk: Option<String>,
    pub district: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub apartments: Option<i32>,
    pub floors: Option<i32>,
    pub management_form: Option<ManagementForm>,
    pub managing_org_id: Option<ID>,
    /// Who else serves the building; given, it replaces what the building had (an empty list
    /// clears it); absent, it is kept.
    pub served_by: Option<Vec<BuildingServiceInput>>,
}

/// An organization serving the building in a role, for the whole building (entrance 0 or none)
/// or one entrance.
#[derive(InputObject)]
pub struct BuildingServiceInput {
    pub role: BuildingRole,
    #[graphql(default)]
    pub entrance: i32,
    pub organization_id: ID,
}

impl BuildingInput {
    fn fields(self) -> async_graphql::Result<BuildingFields> {
        let served_by = match self.served_by {
            Some(rows) if rows.len() > 200 => {
                return Err(crate::error::AppError::validation("servedBy", "at most 200 rows")).gql();
            }
            Some(rows) => Some(
                rows.into_iter()
                    .map(|r| {
                        Ok(Serves {
                            role_code: r.role.as_str().to_owned(),
                            entrance: r.entrance,
                            org_id: parse_id(&r.organization_id)?,
                        })
                    })
                    .collect::<Result<Vec<_>, crate::error::AppError>>()
                    .gql()?,
            ),
            None => None,
        };
        Ok(BuildingFields {
            served_by,
            managing_org_id: self.managing_org_id.as_ref().map(parse_id).transpose().gql()?,
            code: self.code,
            address: self.address,
            address_kk: self.address_kk,
            district: self.district,
            lat: self.lat,
            lon: self.lon,
            apartments: self.apartments,
            floors: self.floors,
            management_form: self.management_form,
        })
    }
}

#[derive(Default)]
pub struct BuildingsQuery;

#[Object]
impl BuildingsQuery {
    /// The city's districts with their names in three languages (public).
    async fn districts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<District>> {
        let rows = super::districts::list(request(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(|(code, name)| District { code, name }).collect())
    }

    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn buildings(
        &self,
        ctx: &Context<'_>,
        district: Option<String>,
        managing_org_id: Option<ID>,
        search: Option<String>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<BuildingPage> {
        let managing_org_id = managing_org_id.as_ref().map(parse_id).transpose().gql()?;
        let filter = BuildingFilter { district, managing_org_id, search, include_inactive };
        let (items, page_info) = service::list(request(ctx)?, filter, &page.request()).await.gql()?;
        Ok(BuildingPage::of(items.into_iter().map(Building).collect(), page_info))
    }

    async fn building(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Building> {
        service::get(request(ctx)?, parse_id(&id).gql()?).await.map(Building).gql()
    }
}

#[derive(Default)]
pub struct BuildingsMutation;

#[Object]
impl BuildingsMutation {
    async fn create_building(&self, ctx: &Context<'_>, input: BuildingInput) -> async_graphql::Result<Building> {
        service::create(request(ctx)?, input.fields()?).await.map(Building).gql()
    }

    async fn update_building(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: BuildingInput,
    ) -> async_graphql::Result<Building> {
        service::update(request(ctx)?, parse_id(&id).gql()?, input.fields()?).await.map(Building).gql()
    }

    async fn set_building_active(&self, ctx: &Context<'_>, id: ID, active: bool) -> async_graphql::Result<Building> {
        service::set_active(request(ctx)?, parse_id(&id).gql()?, active).await.map(Building).gql()
    }

    /// Creates or updates buildings from a CSV (city admins): the header is
    /// `code,address,address_kk,district,lat,lon,apartments,floors,management_form,managing_org,
    /// elevator,heat,water,electricity,gas,akimat`, organizations by code, empty where none. A file
    /// with a wrong row changes nothing; the error names the line and the field.
    async fn import_buildings_csv(
        &self,
        ctx: &Context<'_>,
        csv: String,
    ) -> async_graphql::Result<crate::catalog::graphql::ImportCountsGql> {
        service::import_csv(request(ctx)?, &csv).await.map(Into::into).gql()
    }
}

page_of!(BuildingPage, Building);

/// A district of the city: the code buildings, organizations and appeals carry, and its names.
#[derive(async_graphql::SimpleObject)]
pub struct District {
    pub code: String,
    pub name: crate::i18n::LocalizedText,
}
