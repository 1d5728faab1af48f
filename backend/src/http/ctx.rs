//! Builds a `RequestCtx` from an HTTP request: resolves the tenant (refusing unknown, suspended
//! or contradictory ones), the language, the client address and the caller's token.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};

use crate::auth::service::authenticate;
use crate::context::RequestCtx;
use crate::error::AppError;
use crate::i18n::Language;
use crate::state::AppState;
use crate::tenancy::resolve::{name_tenant, Indications, Named};
use crate::tenancy::Tenant;

/// An HTTP error in the GraphQL error shape, so every client reads one format.
pub fn error_response(error: &AppError) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(error.http_status())
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status).json(serde_json::json!({
        "errors": [{ "message": error.public_message(), "extensions": { "code": error.code() } }]
    }))
}

pub async fn resolve_tenant(
    state: &AppState,
    req: &HttpRequest,
) -> Result<Option<Arc<Tenant>>, AppError> {
    let headers = req.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let indications = Indications {
        path_slug: req.match_info().get("slug"),
        header: header("x-tenant"),
        host: header("host"),
    };
    let named = name_tenant(&indications, &state.config.base_domain)
        .map_err(|d| AppError::validation("tenant", d.0))?;
    let tenant = match named {
        Named::Platform => return Ok(None),
        Named::Slug(slug) => state
            .tenants
            .by_slug(&slug)
            .await?
            .ok_or_else(|| AppError::not_found(format!("tenant `{slug}`")))?,
        Named::Domain(host) => state
            .tenants
            .by_domain(&host)
            .await?
            .ok_or_else(|| AppError::not_found(format!("tenant for host `{host}`")))?,
    };
    if tenant.suspended {
        return Err(AppError::forbidden(format!(
            "tenant `{}` is suspended",
            tenant.slug
        )));
    }
    Ok(Some(tenant))
}

pub async fn request_ctx(state: &Arc<AppState>, req: &HttpRequest) -> Result<RequestCtx, AppError> {
    let tenant = resolve_tenant(state, req).await?;
    let headers = req.headers();
    let language = headers
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .and_then(Language::from_accept_language);
    let client_ip = {
        let info = req.connection_info();
        let addr = if state.config.behind_proxy {
            info.realip_remote_addr()
        } else {
            info.peer_addr()
        };
        // Strip the port: `10.0.0.7:5000` → `10.0.0.7`, `[::1]:5000` → `[::1]`.
        addr.map(|addr| {
            addr.rsplit_once(':')
                .map(|(ip, _)| ip)
                .unwrap_or(addr)
                .to_owned()
        })
        .unwrap_or_else(|| "unknown".into())
    };
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .ok_or_else(|| {
                    AppError::Unauthenticated(
                        "the Authorization header must be `Bearer <token>`".into(),
                    )
                })
        })
        .transpose()?;
    let actor = match bearer {
        Some(token) => Some(
            authenticate(
                state,
                token.trim(),
                tenant.as_ref().map(|t| t.slug.as_str()),
            )
            .await?,
        ),
        None => None,
    };
    Ok(RequestCtx {
        state: state.clone(),
        tenant,
        actor,
        language,
        client_ip,
    })
}
