//! `/graphql` and `/t/<slug>/graphql`. The caller is known before the body is read: a body
//! without a file is bounded by `graphql_max_body_bytes`, and only a signed-in caller may send a
//! file (multipart), bounded by the largest attachment.

use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::http::{GraphiQLSource, MultipartOptions};
use async_graphql::ParseRequestError;
use futures_util::TryStreamExt;

use super::body;
use crate::appeals::attachments::MAX_BYTES;
use crate::auth::graphql::SessionCookie;
use crate::context::RequestCtx;
use crate::error::AppError;
use crate::graphql::Schemas;
use crate::state::AppState;

/// Room for the `operations` and `map` parts beside the file.
const MULTIPART_OVERHEAD: usize = 1024 * 1024;

/// The caller is resolved (the `RequestCtx` extractor) before the body is read.
pub async fn execute(
    ctx: RequestCtx,
    schemas: web::Data<Schemas>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let state = ctx.state.clone();
    let request = read_request(&state, &req, payload, ctx.actor.is_some()).await?;
    // PostgreSQL text cannot hold NUL: refuse it here with a clear error, not deep down with a 500.
    let variables = serde_json::to_string(&request.variables).unwrap_or_default();
    if request.query.contains('\0') || escapes_nul(&request.query) || variables.contains("\\u0000") {
        return Err(AppError::validation("input", "text must not contain NUL characters"));
    }
    let cookie = session_cookie(&state, &req);
    let schema = schemas.for_query(&request.query);
    let mut response = schema.execute(request.data(ctx).data(cookie)).await;
    for error in &mut response.errors {
        // Parse, validation, depth and complexity errors come from the engine without a code.
        let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
        if !has_code {
            error.extensions.get_or_insert_with(Default::default).set("code", "VALIDATION");
        }
    }
    let mut reply = HttpResponse::Ok();
    // Headers a resolver set (the session cookie), from the engine's `http` types to actix's.
    for (name, value) in &response.http_headers {
        if let Ok(value) = value.to_str() {
            reply.append_header((name.as_str(), value));
        }
    }
    Ok(reply.json(response))
}

/// The refresh-token cookie this endpoint's browser sessions use.
fn session_cookie(state: &AppState, req: &HttpRequest) -> SessionCookie {
    SessionCookie {
        value: req.cookie(SessionCookie::NAME).map(|c| c.value().to_owned()).filter(|v| !v.is_empty()),
        path: req.path().to_owned(),
        secure: req.connection_info().scheme() == "https",
        max_age_secs: state.config.refresh_token_ttl_secs,
    }
}

/// The GraphQL request in the body: JSON, or multipart with one file for a signed-in caller.
async fn read_request(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
    signed_in: bool,
) -> Result<async_graphql::Request, AppError> {
    let multipart = body::essence(req) == "multipart/form-data";
    if multipart && !signed_in {
        return Err(AppError::Unauthenticated("sign in before sending a file".into()));
    }
    let content_type = Some(body::content_type(req).to_owned());
    let options = MultipartOptions::default().max_file_size(MAX_BYTES).max_num_files(1);
    let read = if multipart {
        // A file streams to a temporary file as it arrives; the stream is cut off at the bound.
        let limit = MAX_BYTES + MULTIPART_OVERHEAD;
        let (stream, overflow) = body::stream(req, payload, limit)?;
        let read = async_graphql::http::receive_body(content_type, stream.into_async_read(), options).await;
        match read {
            Err(_) if overflow.happened() => return Err(AppError::TooLarge { limit_bytes: limit }),
            other => other,
        }
    } else {
        // JSON is small: read whole, within its bound.
        let bytes = body::read(req, payload, state.config.graphql_max_body_bytes).await?;
        async_graphql::http::receive_body(content_type, bytes.as_ref(), options).await
    };
    match read {
        Ok(request) => Ok(request),
        Err(ParseRequestError::PayloadTooLarge) => Err(AppError::TooLarge { limit_bytes: MAX_BYTES }),
        Err(error) => Err(AppError::validation("body", format!("not a GraphQL request: {error}"))),
    }
}

/// Whether a string literal in the document writes NUL as an escape: `\u0000`, or `\u{0}` and
/// its longer forms.
fn escapes_nul(query: &str) -> bool {
    query.match_indices("\\u").any(|(at, _)| {
        let rest = &query[at + 2..];
        let fixed = rest.get(..4).is_some_and(|hex| hex == "0000");
        let braced = rest
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .is_some_and(|(hex, _)| !hex.is_empty() && hex.len() <= 8 && hex.chars().all(|c| c == '0'));
        fixed || braced
    })
}

/// The GraphiQL explorer, pointed at the endpoint it was opened from.
pub async fn explorer(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(GraphiQLSource::build().endpoint(req.path()).finish())
}

#[cfg(test)]
mod tests {
    use super::escapes_nul;

    #[test]
    fn a_nul_written_as_an_escape_is_seen() {
        assert!(escapes_nul(r#"{ appealByNumber(number: "A\u0000B") { id } }"#));
        assert!(escapes_nul(r#"{ appealByNumber(number: "A\u{0}") { id } }"#));
        assert!(escapes_nul(r#"{ appealByNumber(number: "A\u{0000}") { id } }"#));
        assert!(!escapes_nul(r#"{ appealByNumber(number: "A\u0041\u{10}") { id } }"#));
        assert!(!escapes_nul("{ me { login } }"));
    }
}
