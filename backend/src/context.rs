//! `RequestCtx`: the tenant and the caller of one request. Services take it first and get their
//! database transaction from it, so no code path can query without a tenant.

use std::sync::Arc;

use sea_orm::DatabaseTransaction;

use crate::access::jwt::Actor;
use crate::access::Role;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::state::AppState;
use crate::tenancy::Tenant;

#[derive(Clone)]
pub struct RequestCtx {
    pub state: Arc<AppState>,
    pub tenant: Option<Arc<Tenant>>,
    pub actor: Option<Actor>,
    /// The language the request asked for (`Accept-Language`), if any.
    pub language: Option<Language>,
    pub client_ip: String,
}

impl RequestCtx {
    /// A context for command-line work on one tenant (or the platform): whoever runs `qala` on
    /// the server already holds every key, so the console acts as a platform admin.
    pub fn console(state: Arc<AppState>, tenant: Option<Arc<Tenant>>) -> Self {
        let actor = Actor {
            user_id: Actor::CONSOLE,
            kind: crate::access::jwt::TokenKind::Staff,
            tenant: None,
            roles: vec![Role::PlatformAdmin],
            organization_id: None,
            token_id: String::new(),
            issued_at: 0,
            expires_at: i64::MAX,
        };
        Self { state, tenant, actor: Some(actor), language: None, client_ip: "console".into() }
    }

    pub fn tenant(&self) -> AppResult<&Arc<Tenant>> {
        self.tenant.as_ref().ok_or_else(|| {
            AppError::validation(
                "tenant",
                "this operation belongs to a city: use /t/<slug>/graphql, the city's host or the X-Tenant header",
            )
        })
    }

    /// A transaction that sees only this request's tenant.
    pub async fn tenant_tx(&self) -> AppResult<DatabaseTransaction> {
        let tenant = self.tenant()?;
        Ok(self.state.db.tenant_tx(&tenant.slug).await?)
    }

    /// A transaction on the tenant's tables, or on the platform's when no tenant is named.
    pub async fn scope_tx(&self) -> AppResult<DatabaseTransaction> {
        match &self.tenant {
            Some(tenant) => Ok(self.state.db.tenant_tx(&tenant.slug).await?),
            None => Ok(self.state.db.platform_tx().await?),
        }
    }

    pub fn actor(&self) -> AppResult<&Actor> {
        self.actor.as_ref().ok_or_else(|| AppError::Unauthenticated(String::new()))
    }

    /// The caller, if it holds one of `roles`. Platform admins hold every role.
    pub fn require(&self, roles: &[Role]) -> AppResult<&Actor> {
        let actor = self.actor()?;
        if actor.has(Role::PlatformAdmin) || roles.iter().any(|r| actor.has(*r)) {
            Ok(actor)
        } else {
            Err(AppError::forbidden(format!(
                "this needs one of the roles: {}",
                roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
            )))
        }
    }

    /// `require`, only when `needed`: the city's active catalog, buildings and organizations are
    /// public (the portal and the bots show them), their retired entries are for staff.
    pub fn require_if(&self, needed: bool, roles: &[Role]) -> AppResult<()> {
        if needed {
            self.require(roles)?;
        }
        Ok(())
    }

    /// The language for names and messages: asked for, else the tenant's default.
    pub fn language(&self) -> Language {
        self.language.or_else(|| self.tenant.as_ref().map(|t| t.default_language)).unwrap_or(Language::Ru)
    }

    /// The audit log's name for whoever acts.
    pub fn actor_label(&self) -> String {
        self.actor.as_ref().map(Actor::label).unwrap_or_else(|| format!("system:{}", self.client_ip))
    }
}
