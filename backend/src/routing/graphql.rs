use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};

use super::engine::{Route, Routed};
use super::model::rule;
use super::rules::Unrouted;
use super::service::{self, RuleFields};
use crate::buildings::roles::BuildingRole;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request};

/// A row of the city's routing table.
pub struct RoutingRule(pub rule::Model);

fn id(v: i64) -> ID {
    ID(v.to_string())
}

#[Object]
impl RoutingRule {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Rules are read by position, then by id; the first that yields an organization wins.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn service_type_id(&self) -> Option<ID> {
        self.0.service_type_id.map(id)
    }
    async fn category_id(&self) -> Option<ID> {
        self.0.category_id.map(id)
    }
    async fn sphere_id(&self) -> Option<ID> {
        self.0.sphere_id.map(id)
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    async fn building_ids(&self) -> Vec<ID> {
        serde_json::from_str::<Vec<i64>>(&self.0.building_ids).unwrap_or_default().into_iter().map(id).collect()
    }
    async fn organization_id(&self) -> Option<ID> {
        self.0.org_id.map(id)
    }
    /// The building's own organization in this role receives.
    async fn role(&self) -> Option<BuildingRole> {
        self.0.role.as_deref().and_then(|r| BuildingRole::parse(r).ok())
    }
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
}

/// What a rule matches (exactly one of service type, category, sphere) and who receives
/// (exactly one of organization, role).
#[derive(InputObject)]
pub struct RoutingRuleInput {
    pub code: String,
    pub position: i32,
    pub service_type_id: Option<ID>,
    pub category_id: Option<ID>,
    pub sphere_id: Option<ID>,
    pub district: Option<String>,
    #[graphql(default)]
    pub building_ids: Vec<ID>,
    pub organization_id: Option<ID>,
    pub role: Option<BuildingRole>,
    #[graphql(default)]
    pub note: String,
    #[graphql(default = true)]
    pub active: bool,
}

impl RoutingRuleInput {
    fn fields(self) -> async_graphql::Result<RuleFields> {
        let opt = |v: Option<ID>| v.as_ref().map(parse_id).transpose().gql();
        if self.building_ids.len() > 500 {
            return Err(crate::error::AppError::validation("buildingIds", "at most 500 buildings")).gql();
        }
        Ok(RuleFields {
            code: self.code,
            position: self.position,
            service_type_id: opt(self.service_type_id)?,
            category_id: opt(self.category_id)?,
            sphere_id: opt(self.sphere_id)?,
            district: self.district.filter(|d| !d.trim().is_empty()),
            building_ids: self.building_ids.iter().map(parse_id).collect::<Result<_, _>>().gql()?,
            org_id: opt(self.organization_id)?,
            role: self.role,
            note: self.note,
            active: self.active,
        })
    }
}

/// How the preview's organization was found.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum RoutedBy {
    Rule,
    Building,
    District,
    CatalogDefault,
    OnlyOfKind,
}

/// Where an appeal would go, and why.
#[derive(SimpleObject)]
pub struct RoutingPreview {
    pub organization_id: Option<ID>,
    pub routed_by: Option<RoutedBy>,
    /// The rule that decided, when one did.
    pub rule_id: Option<ID>,
    /// The building's role that decided, when the building did.
    pub role: Option<BuildingRole>,
    /// Why no organization receives it.
    pub reason: Option<Unrouted>,
}

impl From<Routed> for RoutingPreview {
    fn from(r: Routed) -> Self {
        let mut preview =
            RoutingPreview { organization_id: None, routed_by: None, rule_id: None, role: None, reason: None };
        match r {
            Routed::Nobody(reason) => preview.reason = Some(reason),
            Routed::To(org, how) => {
                preview.organization_id = Some(id(org));
                preview.routed_by = Some(match how {
                    Route::Rule { id: rule, .. } => {
                        preview.rule_id = Some(id(rule));
                        RoutedBy::Rule
                    }
                    Route::Building(role) => {
                        preview.role = Some(role);
                        RoutedBy::Building
                    }
                    Route::District => RoutedBy::District,
                    Route::CatalogDefault => RoutedBy::CatalogDefault,
                    Route::OnlyOfKind => RoutedBy::OnlyOfKind,
                });
            }
        }
        preview
    }
}

#[derive(Default)]
pub struct RoutingQuery;

#[Object]
impl RoutingQuery {
    /// The city's routing table in the order it is read.
    async fn routing_rules(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RoutingRule>> {
        Ok(service::list(request(ctx)?).await.gql()?.into_iter().map(RoutingRule).collect())
    }

    /// Where an appeal of this service type at this building (or in this district) would go,
    /// and which rule or fallback decided.
    async fn routing_preview(
        &self,
        ctx: &Context<'_>,
        service_type_id: ID,
        building_id: Option<ID>,
        district: Option<String>,
        entrance: Option<i32>,
    ) -> async_graphql::Result<RoutingPreview> {
        let building_id = building_id.as_ref().map(parse_id).transpose().gql()?;
        let routed =
            service::preview(request(ctx)?, parse_id(&service_type_id).gql()?, building_id, district, entrance)
                .await
                .gql()?;
        Ok(routed.into())
    }
}

#[derive(Default)]
pub struct RoutingMutation;

#[Object]
impl RoutingMutation {
    /// Creates a rule (no id) or changes one (city admins); every change is audited.
    async fn save_routing_rule(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: RoutingRuleInput,
    ) -> async_graphql::Result<RoutingRule> {
        let id = id.as_ref().map(parse_id).transpose().gql()?;
        service::save(request(ctx)?, id, input.fields()?).await.map(RoutingRule).gql()
    }

    async fn set_routing_rule_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> async_graphql::Result<RoutingRule> {
        service::set_active(request(ctx)?, parse_id(&id).gql()?, active).await.map(RoutingRule).gql()
    }

    async fn delete_routing_rule(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        service::delete(request(ctx)?, parse_id(&id).gql()?).await.gql()?;
        Ok(true)
    }
}
