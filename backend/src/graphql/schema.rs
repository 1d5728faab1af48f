//! The GraphQL schema: each context contributes its query and mutation roots.

use async_graphql::{EmptySubscription, MergedObject, Schema};

use crate::analytics::graphql::{AnalyticsMutation, AnalyticsQuery};
use crate::appeals::graphql::{AppealsMutation, AppealsQuery, TrackingQuery};
use crate::audit::graphql::{AuditMutation, AuditQuery};
use crate::auth::graphql::{AuthMutation, AuthQuery};
use crate::buildings::graphql::{BuildingsMutation, BuildingsQuery};
use crate::catalog::graphql::{CatalogMutation, CatalogQuery};
use crate::channels::graphql::{ChannelsMutation, ChannelsQuery};
use crate::notify::graphql::NotifyQuery;
use crate::orgs::graphql::{OrgsMutation, OrgsQuery};
use crate::platform::graphql::{TenancyMutation, TenancyQuery};
use crate::rating::graphql::{RatingMutation, RatingQuery};
use crate::residents::graphql::{ResidentsMutation, ResidentsQuery};
use crate::routing::graphql::{RoutingMutation, RoutingQuery};
use crate::works::graphql::{WorksMutation, WorksQuery};

#[derive(MergedObject, Default)]
pub struct Query(
    TenancyQuery,
    AuthQuery,
    OrgsQuery,
    BuildingsQuery,
    CatalogQuery,
    ResidentsQuery,
    AppealsQuery,
    TrackingQuery,
    RatingQuery,
    WorksQuery,
    ChannelsQuery,
    NotifyQuery,
    AuditQuery,
    AnalyticsQuery,
    RoutingQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthMutation,
    TenancyMutation,
    OrgsMutation,
    BuildingsMutation,
    CatalogMutation,
    AppealsMutation,
    ResidentsMutation,
    RatingMutation,
    WorksMutation,
    ChannelsMutation,
    AuditMutation,
    AnalyticsMutation,
    RoutingMutation,
);

pub type QalaSchema = Schema<Query, Mutation, EmptySubscription>;

pub fn build_schema(max_depth: usize, max_complexity: usize) -> QalaSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(max_depth)
        .limit_complexity(max_complexity)
        .finish()
}

/// The schema under the configured limits, and again for documents that read only the schema
/// itself (see `introspection`): the same complexity limit, a depth that introspection needs.
pub struct Schemas {
    pub api: QalaSchema,
    pub introspection: QalaSchema,
}

impl Schemas {
    /// The schema that runs `query`.
    pub fn for_query(&self, query: &str) -> &QalaSchema {
        if super::introspection::asks_only_for_the_schema(query) {
            &self.introspection
        } else {
            &self.api
        }
    }
}

pub fn build_schemas(max_depth: usize, max_complexity: usize) -> Schemas {
    let introspection_depth = max_depth.max(super::introspection::INTROSPECTION_MAX_DEPTH);
    Schemas {
        api: build_schema(max_depth, max_complexity),
        introspection: build_schema(introspection_depth, max_complexity),
    }
}

/// The SDL as written to docs/schema.graphql.
pub fn sdl() -> String {
    build_schema(usize::MAX, usize::MAX).sdl()
}
