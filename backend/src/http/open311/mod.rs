//! `/t/<slug>/open311/v2/<resource>.<json|xml>`: GeoReport v2. Parameters are read from the query
//! string and the body alike (form-urlencoded, or multipart with a `media` file), as UTF-8 text:
//! other bytes are refused. A POST's key is checked before its file is read.

mod wire;

use actix_web::{web, HttpRequest, HttpResponse};

use self::wire::Format;
use super::body;
use super::ctx::City;
use super::files::{self, Audience};
use crate::channels::model::open311_client;
use crate::channels::open311::requests::{self, Media, Params};
use crate::channels::open311::{clients, media};
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

/// The largest POST body: a photo or a short video with the form.
pub const MAX_BODY: usize = 25 * 1024 * 1024;
/// The largest form without a file, and all the text of a multipart form together.
const MAX_FORM: usize = 64 * 1024;
/// The most fields one multipart form may hold.
const MAX_FIELDS: usize = 200;

/// The city comes as a `Result`: its errors, like every other, are answered in the spec's shape.
pub async fn get(city: Result<City, AppError>, req: HttpRequest) -> HttpResponse {
    serve(city, req, None).await
}

pub async fn post(city: Result<City, AppError>, req: HttpRequest, body: web::Payload) -> HttpResponse {
    serve(city, req, Some(body)).await
}

async fn serve(city: Result<City, AppError>, req: HttpRequest, body: Option<web::Payload>) -> HttpResponse {
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
    match answer(city, &req, resource, body).await {
        Ok(value) => wire::ok(format, root, item, &value),
        Err(error) => wire::error(format, &error),
    }
}

async fn answer(
    city: Result<City, AppError>,
    req: &HttpRequest,
    resource: &str,
    body: Option<web::Payload>,
) -> AppResult<serde_json::Value> {
    let City(ctx) = city?;
    requests::limit_address(&ctx).await?;
    let pairs = body::form_pairs(req.query_string().as_bytes())?;
    let parts: Vec<&str> = resource.split('/').collect();
    if let Some(payload) = body {
        // Only requests are posted: anything else is refused before its body is read.
        if parts != ["requests"] {
            return Err(AppError::not_found(format!("`{resource}` cannot be posted to")));
        }
        let (client, pairs, media) = read_post(&ctx, req, payload, pairs).await?;
        return requests::post(&ctx, &client, &Params(pairs), media).await;
    }
    let params = Params(pairs);
    let base = base_url(&ctx, req)?;
    match parts.as_slice() {
        ["discovery"] => requests::discovery(&ctx, &base),
        ["services"] => {
            params.check_jurisdiction(&ctx)?;
            requests::services(&ctx, &params).await
        }
        // `service/<code>` too: some client libraries ask for the singular.
        ["services" | "service", code] => {
            params.check_jurisdiction(&ctx)?;
            requests::definition(&ctx, &params, code).await
        }
        ["requests"] => requests::list(&ctx, &params, &base).await,
        ["requests", id] => requests::one(&ctx, &params, &base, id).await,
        ["tokens", token] => requests::token(&ctx, &params, token).await,
        _ => Err(AppError::not_found(format!("`{resource}` is not a GeoReport v2 resource"))),
    }
}

/// The endpoint's address as the caller reached it (behind a proxy, from its forwarding headers).
fn base_url(ctx: &RequestCtx, req: &HttpRequest) -> AppResult<String> {
    let info = req.connection_info();
    Ok(format!("{}://{}/t/{}/open311/v2", info.scheme(), info.host(), ctx.tenant()?.slug))
}

/// `media/<id>.<extension>`: a file a client app posted with a request, to anyone.
pub async fn media(city: Result<City, AppError>, req: HttpRequest) -> HttpResponse {
    let result = async {
        let City(ctx) = city?;
        requests::limit_address(&ctx).await?;
        media::fetch(&ctx, req.match_info().get("file").unwrap_or_default()).await
    }
    .await;
    match result {
        Ok(found) => files::respond(found, Audience::Public),
        Err(error) => wire::error(Format::Json, &error),
    }
}

/// A POST's client app and parameters: a form body is small and read whole, then its key is
/// checked; a multipart body is read part by part, and its file only once the key (from the
/// query or a part before the file) is checked, so nobody without a key makes the server take
/// in a file.
async fn read_post(
    ctx: &RequestCtx,
    req: &HttpRequest,
    payload: web::Payload,
    mut pairs: Vec<(String, String)>,
) -> AppResult<(open311_client::Model, Vec<(String, String)>, Option<Media>)> {
    let key = |pairs: &[(String, String)]| pairs.iter().find(|(k, _)| k == "api_key").map(|(_, v)| v.clone());
    match body::essence(req).as_str() {
        "application/x-www-form-urlencoded" | "" => {
            let bytes = body::read(req, payload, MAX_FORM).await?;
            pairs.extend(body::form_pairs(&bytes)?);
            let client = clients::authenticate(ctx, key(&pairs).as_deref()).await?;
            Ok((client, pairs, None))
        }
        "multipart/form-data" => {
            let boundary = multer::parse_boundary(body::content_type(req))
                .map_err(|_| AppError::validation("body", "the multipart body has no boundary"))?;
            let (stream, overflow) = body::stream(req, payload, MAX_BODY)?;
            let limits = multer::SizeLimit::new()
                .whole_stream(MAX_BODY as u64)
                .per_field(MAX_FORM as u64)
                .for_field("media", MAX_BODY as u64);
            let mut form =
                multer::Multipart::with_constraints(stream, boundary, multer::Constraints::new().size_limit(limits));
            let refused = |error: multer::Error| match error {
                _ if overflow.happened() => AppError::TooLarge { limit_bytes: MAX_BODY },
                multer::Error::FieldSizeExceeded { field_name, .. } => AppError::validation(
                    field_name.unwrap_or_else(|| "body".into()),
                    format!("a field holds at most {MAX_FORM} bytes (the media file {MAX_BODY})"),
                ),
                multer::Error::StreamSizeExceeded { .. } => AppError::TooLarge { limit_bytes: MAX_BODY },
                _ => AppError::validation("body", "the multipart body is malformed"),
            };
            let (mut client, mut media, mut fields, mut text_bytes) = (None, None, 0, 0usize);
            while let Some(mut field) = form.next_field().await.map_err(refused)? {
                fields += 1;
                if fields > MAX_FIELDS {
                    return Err(AppError::validation("body", format!("a form holds at most {MAX_FIELDS} fields")));
                }
                let name = field.name().unwrap_or_default().to_owned();
                match field.file_name().map(str::to_owned) {
                    Some(file_name) if name == "media" => {
                        if client.is_none() {
                            client = Some(clients::authenticate(ctx, key(&pairs).as_deref()).await?);
                        }
                        let bytes = field.bytes().await.map_err(refused)?;
                        media = Some(Media { file_name, bytes: bytes.to_vec() });
                    }
                    Some(_) => return Err(AppError::validation(name, "only the `media` field may hold a file")),
                    None => {
                        // Text is read a chunk at a time, all of a form's text at most `MAX_FORM`
                        // (whatever the part is called), before the key may be known.
                        let mut bytes = Vec::new();
                        while let Some(chunk) = field.chunk().await.map_err(refused)? {
                            text_bytes += chunk.len();
                            if text_bytes > MAX_FORM {
                                return Err(AppError::TooLarge { limit_bytes: MAX_FORM });
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        // The part's own charset is not trusted: the spec's text is UTF-8.
                        let text = String::from_utf8(bytes)
                            .map_err(|_| AppError::validation(name.clone(), "is not UTF-8 text"))?;
                        pairs.push((name, text));
                    }
                }
            }
            let client = match client {
                Some(client) => client,
                None => clients::authenticate(ctx, key(&pairs).as_deref()).await?,
            };
            Ok((client, pairs, media))
        }
        other => Err(AppError::validation("content-type", format!("`{other}` is not form-urlencoded or multipart"))),
    }
}
