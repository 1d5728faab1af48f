//! Builds a `RequestCtx` from an HTTP request: resolves the tenant (refusing unknown, suspended
//! or contradictory ones), the language, the client address and the caller's token.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};

use crate::auth::service::authenticate;
use crate::context::RequestCtx;
use crate::error::AppError;
use crate::i18n::Language;
use crate::state::AppState;
use crate::tenancy::resolve::{custom_domain, name_tenant, Indications, Named};
use crate::tenancy::Tenant;

/// An HTTP error in the GraphQL error shape, so every client reads one format.
pub fn error_response(error: &AppError) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(error.http_status())
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    if let AppError::RateLimited { retry_after_secs } = error {
        response.insert_header(("retry-after", retry_after_secs.to_string()));
    }
    response.json(serde_json::json!({
        "errors": [{ "message": error.public_message(), "extensions": { "code": error.code() } }]
    }))
}

pub async fn resolve_tenant(state: &AppState, req: &HttpRequest) -> Result<Option<Arc<Tenant>>, AppError> {
    let headers = req.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let indications =
        Indications { path_slug: req.match_info().get("slug"), header: header("x-tenant"), host: header("host") };
    let named =
        name_tenant(&indications, &state.config.base_domain).map_err(|d| AppError::validation("tenant", d.0))?;
    let tenant = match named {
        Named::Platform => return Ok(None),
        Named::Slug(slug) => {
            let tenant =
                state.tenants.by_slug(&slug).await?.ok_or_else(|| AppError::not_found(format!("tenant `{slug}`")))?;
            // A city's own domain with another city's path or header is a contradiction too.
            if let Some(host) = custom_domain(indications.host, &state.config.base_domain) {
                if let Some(owner) = state.tenants.by_domain(&host).await? {
                    if owner.slug != tenant.slug {
                        return Err(AppError::validation(
                            "tenant",
                            format!("the host `{host}` belongs to `{}`, not `{slug}`", owner.slug),
                        ));
                    }
                }
            }
            tenant
        }
        Named::Domain(host) => state
            .tenants
            .by_domain(&host)
            .await?
            .ok_or_else(|| AppError::not_found(format!("tenant for host `{host}`")))?,
    };
    if tenant.suspended {
        return Err(AppError::forbidden(format!("tenant `{}` is suspended", tenant.slug)));
    }
    Ok(Some(tenant))
}

/// The tenant, language and client address of a request, with no caller yet.
pub async fn base_ctx(state: &Arc<AppState>, req: &HttpRequest) -> Result<RequestCtx, AppError> {
    let tenant = resolve_tenant(state, req).await?;
    let language =
        req.headers().get("accept-language").and_then(|v| v.to_str().ok()).and_then(Language::from_accept_language);
    let client_ip = client_ip(req, state.config.behind_proxy);
    Ok(RequestCtx { state: state.clone(), tenant, actor: None, language, client_ip })
}

/// The request's context with its caller, from the `Authorization: Bearer` access token.
pub async fn request_ctx(state: &Arc<AppState>, req: &HttpRequest) -> Result<RequestCtx, AppError> {
    let mut ctx = base_ctx(state, req).await?;
    let headers = req.headers();
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .ok_or_else(|| AppError::Unauthenticated("the Authorization header must be `Bearer <token>`".into()))
        })
        .transpose()?;
    if let Some(token) = bearer {
        let tenant = ctx.tenant.as_ref().map(|t| t.slug.to_string());
        ctx.actor = Some(authenticate(state, token.trim(), tenant.as_deref()).await?);
    }
    Ok(ctx)
}

/// The client's address: the peer, or behind a trusted proxy the last `X-Forwarded-For` entry
/// (the one the proxy added; earlier entries are whatever the client sent).
fn client_ip(req: &HttpRequest, behind_proxy: bool) -> String {
    let forwarded = behind_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned());
    let raw = forwarded.or_else(|| req.peer_addr().map(|a| a.ip().to_string())).unwrap_or_else(|| "unknown".into());
    let ip = match raw.parse::<std::net::SocketAddr>() {
        Ok(addr) => Some(addr.ip()),
        Err(_) => raw.parse::<std::net::IpAddr>().ok(),
    };
    match ip {
        // One IPv6 client usually holds a whole /64: limits count the network, not the address.
        Some(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(std::net::IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or(raw),
        Some(ip) => ip.to_string(),
        None => raw,
    }
}
