//! `/t/<slug>/open311/v2/<resource>.<json|xml>`: GeoReport v2. Parameters are read from the query
//! string and the body alike (form-urlencoded, or multipart with a `media` file).

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};

use super::ctx::base_ctx;
use super::files::{self, Audience};
use crate::channels::open311::media;
use crate::channels::open311::requests::{self, Media, Params};
use crate::channels::open311::wire::{self, Format};
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The largest POST body: a photo or a short video with the form.
pub const MAX_BODY: usize = 25 * 1024 * 1024;

pub async fn get(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    serve(state, req, None).await
}

pub async fn post(state: web::Data<Arc<AppState>>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    serve(state, req, Some(body)).await
}

async fn serve(state: web::Data<Arc<AppState>>, req: HttpRequest, body: Option<web::Bytes>) -> HttpResponse {
    let tail = req.match_info().get("tail").unwrap_or_default().to_owned();
    // An unknown extension has no format of its own to answer in: JSON then.
    let Some((resource, format)) = wire::split(&tail) else {
        return wire::error(Format::Json, &AppError::not_found(format!("`{tail}`: use .json or .xml")));
    };
    let (root, item) = match resource {
        "discovery" => ("discovery", ""),
        "services" => ("services", "service"),
        r if r.starts_with("services/") || r.starts_with("service/") => ("service_definition", ""),
        _ => ("service_requests", "request"),
    };
    match answer(&state, &req, resource, body).await {
        Ok(value) => wire::ok(format, root, item, &value),
        Err(error) => wire::error(format, &error),
    }
}

async fn answer(
    state: &Arc<AppState>,
    req: &HttpRequest,
    resource: &str,
    body: Option<web::Bytes>,
) -> AppResult<serde_json::Value> {
    let ctx = base_ctx(state, req).await?;
    requests::limit_address(&ctx).await?;
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|_| AppError::validation("query", "the query string is not form-encoded"))?;
    let mut media = None;
    let posted = body.is_some();
    if let Some(body) = body {
        media = read_body(req, body, &mut pairs).await?;
    }
    let params = Params(pairs);
    let base = base_url(&ctx, req)?;
    let parts: Vec<&str> = resource.split('/').collect();
    match (posted, parts.as_slice()) {
        (false, ["discovery"]) => requests::discovery(&ctx, &base),
        (false, ["services"]) => {
            params.check_jurisdiction(&ctx)?;
            requests::services(&ctx, &params).await
        }
        // `service/<code>` too: some client libraries ask for the singular.
        (false, ["services" | "service", code]) => {
            params.check_jurisdiction(&ctx)?;
            requests::definition(&ctx, &params, code).await
        }
        (true, ["requests"]) => requests::post(&ctx, &params, media).await,
        (false, ["requests"]) => requests::list(&ctx, &params, &base).await,
        (false, ["requests", id]) => requests::one(&ctx, &params, &base, id).await,
        (false, ["tokens", token]) => requests::token(&ctx, &params, token).await,
        _ => Err(AppError::not_found(format!("`{resource}` is not a GeoReport v2 resource"))),
    }
}

/// The endpoint's address as the caller reached it (behind a proxy, from its forwarding headers).
fn base_url(ctx: &RequestCtx, req: &HttpRequest) -> AppResult<String> {
    let info = req.connection_info();
    Ok(format!("{}://{}/t/{}/open311/v2", info.scheme(), info.host(), ctx.tenant()?.slug))
}

/// `media/<id>.<extension>`: a file a client app posted with a request, to anyone.
pub async fn media(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    let result = async {
        let ctx = base_ctx(&state, &req).await?;
        requests::limit_address(&ctx).await?;
        media::fetch(&ctx, req.match_info().get("file").unwrap_or_default()).await
    }
    .await;
    match result {
        Ok(found) => files::respond(found, Audience::Public),
        Err(error) => wire::error(Format::Json, &error),
    }
}

/// Adds the body's parameters to `pairs`; returns the `media` file of a multipart body.
async fn read_body(req: &HttpRequest, body: web::Bytes, pairs: &mut Vec<(String, String)>) -> AppResult<Option<Media>> {
    let content_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if body.is_empty() {
        return Ok(None);
    }
    match essence.as_str() {
        "application/x-www-form-urlencoded" | "" => {
            let more: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| AppError::validation("body", "the body is not form-encoded"))?;
            pairs.extend(more);
            Ok(None)
        }
        "multipart/form-data" => {
            let boundary = multer::parse_boundary(content_type)
                .map_err(|_| AppError::validation("body", "the multipart body has no boundary"))?;
            let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
            let mut form = multer::Multipart::new(stream, boundary);
            let mut media = None;
            let bad = |_| AppError::validation("body", "the multipart body is malformed");
            while let Some(field) = form.next_field().await.map_err(bad)? {
                let name = field.name().unwrap_or_default().to_owned();
                match field.file_name().map(str::to_owned) {
                    Some(file_name) if name == "media" => {
                        let bytes = field.bytes().await.map_err(bad)?;
                        media = Some(Media { file_name, bytes: bytes.to_vec() });
                    }
                    Some(_) => return Err(AppError::validation(name, "only the `media` field may hold a file")),
                    None => pairs.push((name, field.text().await.map_err(bad)?)),
                }
            }
            Ok(media)
        }
        other => Err(AppError::validation("content-type", format!("`{other}` is not form-urlencoded or multipart"))),
    }
}
