use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::search::{self, AuditFilter};
use crate::error::GqlResult;
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

impl From<search::Named> for AuditEntry {
    fn from(named: search::Named) -> Self {
        let e = named.entry;
        Self {
            id: ID(e.id.to_string()),
            at: e.at,
            actor: e.actor,
            actor_name: named.actor_name,
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

impl From<AuditFilterInput> for AuditFilter {
    fn from(f: AuditFilterInput) -> Self {
        Self { actor: f.actor, action: f.action, entity: f.entity, entity_id: f.entity_id, from: f.from, to: f.to }
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
        let filter = filter.unwrap_or_default().into();
        let (items, page_info) = search::search(request(ctx)?, &filter, &page.request()).await.gql()?;
        Ok(AuditPage::of(items.into_iter().map(AuditEntry::from).collect(), page_info))
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
        search::export_csv(request(ctx)?, &filter.unwrap_or_default().into()).await.gql()
    }
}

page_of!(AuditPage, AuditEntry);
