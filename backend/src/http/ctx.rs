//! Builds a `RequestCtx` from an HTTP request: resolves the tenant (refusing unknown, suspended
//! or contradictory ones), the language, the client address and the caller's token.
//!
//! Handlers take it as an extractor, resolved once per request and kept in the request's
//! extensions: `RequestCtx` (with the caller of `Authorization: Bearer`) or `City` (tenant,
//! language and address only, for webhooks, whose bearer is an integration's secret).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::service::authenticate;
use crate::context::RequestCtx;
use crate::error::AppError;
use crate::i18n::Language;
use crate::state::AppState;
use crate::tenancy::resolve::{custom_domain, name_tenant, Indications, Named};
use crate::tenancy::Tenant;

async fn resolve_tenant(state: &AppState, req: &HttpRequest) -> Result<Option<Arc<Tenant>>, AppError> {
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
        return Err(AppError::Suspended(tenant.slug.to_string()));
    }
    Ok(Some(tenant))
}

/// The tenant, language and client address of a request, with no caller yet.
async fn base_ctx(state: &Arc<AppState>, req: &HttpRequest) -> Result<RequestCtx, AppError> {
    let tenant = resolve_tenant(state, req).await?;
    let language =
        req.headers().get("accept-language").and_then(|v| v.to_str().ok()).and_then(Language::from_accept_language);
    let client_ip = client_ip(req, state.config.behind_proxy);
    Ok(RequestCtx { state: state.clone(), tenant, actor: None, language, client_ip })
}

/// A request's context without its caller: the tenant, the language and the client's address.
pub struct City(pub RequestCtx);

impl std::ops::Deref for City {
    type Target = RequestCtx;
    fn deref(&self) -> &RequestCtx {
        &self.0
    }
}

/// What a handler's extractor resolved, kept so a second extractor does not resolve it again.
#[derive(Clone)]
struct Resolved {
    ctx: RequestCtx,
    with_caller: bool,
}

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

fn state_of(req: &HttpRequest) -> Result<Arc<AppState>, AppError> {
    req.app_data::<web::Data<Arc<AppState>>>()
        .map(|data| data.get_ref().clone())
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("the application state is not registered")))
}

impl FromRequest for RequestCtx {
    type Error = AppError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let known = req.extensions().get::<Resolved>().filter(|r| r.with_caller).map(|r| r.ctx.clone());
            if let Some(ctx) = known {
                return Ok(ctx);
            }
            let ctx = request_ctx(&state_of(&req)?, &req).await?;
            req.extensions_mut().insert(Resolved { ctx: ctx.clone(), with_caller: true });
            Ok(ctx)
        })
    }
}

impl FromRequest for City {
    type Error = AppError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let known = req.extensions().get::<Resolved>().map(|r| r.ctx.clone());
            if let Some(mut ctx) = known {
                ctx.actor = None;
                return Ok(City(ctx));
            }
            let ctx = base_ctx(&state_of(&req)?, &req).await?;
            req.extensions_mut().insert(Resolved { ctx: ctx.clone(), with_caller: false });
            Ok(City(ctx))
        })
    }
}

/// The request's context with its caller, from the `Authorization: Bearer` access token.
async fn request_ctx(state: &Arc<AppState>, req: &HttpRequest) -> Result<RequestCtx, AppError> {
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
