use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use std::collections::HashMap;

use super::entry;
use super::search::{self, AuditFilter};
use crate::auth::users;
use crate::context::RequestCtx;
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::{page_of, PageInput};
use crate::graphql::request::request;

/// One thing someone did, or looked at, as the audit log keeps it.
#[derive(SimpleObject)]
pub struct AuditEntry {
    pub id: ID,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who: `user:<id>`, `resident:<id>`, `console`, `open311:<app>`, `anonymous:<address>`...
    pub actor: String,
    /// The staff member's name and login, for a `user:<id>` actor.
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// Details as JSON text.
    pub details: String,
}

impl AuditEntry {
    fn of(e: entry::Model, names: &HashMap<i64, String>) -> Self {
        let actor_name = e.actor.strip_prefix("user:").and_then(|id| names.get(&id.parse().ok()?)).cloned();
        Self {
            id: ID(e.id.to_string()),
            at: e.at,
            actor: e.actor,
            actor_name,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            details: e.details,
        }
    }
}

#[derive(InputObject, Default)]
pub struct AuditFilterInput {
    /// Who acted: an audit label (`user:12`) or a staff member's login.
    pub actor: Option<String>,
    /// An action (`resident.read`), or a prefix ending in a dot (`auth.`).
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// The end of the period (exclusive).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

impl AuditFilterInput {
    /// The service's filter, with a staff member's login given as the actor turned into its label.
    async fn resolve(self, ctx: &RequestCtx) -> crate::error::AppResult<AuditFilter> {
        let actor = users::audit_label(ctx, self.actor).await?;
        Ok(AuditFilter {
            actor,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            from: self.from,
            to: self.to,
        })
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The city's audit log (the platform's on the platform scope), newest first; city admins.
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilterInput>,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<AuditPage> {
        let rc = request(ctx)?;
        let filter = filter.unwrap_or_default().resolve(rc).await.gql()?;
        let (entries, page_info) = search::search(rc, &filter, &page.request()).await.gql()?;
        let names = users::staff_names(rc, &search::staff_ids(&entries)).await.gql()?;
        Ok(AuditPage::of(entries.into_iter().map(|e| AuditEntry::of(e, &names)).collect(), page_info))
    }
}

#[derive(Default)]
pub struct AuditMutation;

#[Object]
impl AuditMutation {
    /// The entries that match as CSV text (at most 100,000, oldest first); recorded as
    /// `audit.export`. A mutation, because exporting is itself on record.
    async fn export_audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilterInput>,
    ) -> async_graphql::Result<String> {
        let rc = request(ctx)?;
        let filter = filter.unwrap_or_default().resolve(rc).await.gql()?;
        search::export_csv(rc, &filter).await.gql()
    }
}

page_of!(AuditPage, AuditEntry);
