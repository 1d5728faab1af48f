//! Downloading an appeal's attachment: with a signed link from the API (it opens in a browser
//! tab), or with the same tenant and token rules as the API.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::appeals::attachments::{self, Download};
use crate::context::RequestCtx;
use crate::error::AppError;

pub async fn download(ctx: RequestCtx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let id: i64 =
        req.match_info().get("id").and_then(|id| id.parse().ok()).ok_or_else(|| AppError::not_found("attachment"))?;
    let query = web::Query::<Signed>::from_query(req.query_string()).ok();
    let found = match query.and_then(|q| Some((q.expires?, q.signature.clone()?))) {
        Some((expires, signature)) => attachments::download_signed(&ctx, id, expires, &signature).await?,
        None => attachments::download(&ctx, id).await?,
    };
    Ok(respond(found, Audience::Private))
}

#[derive(serde::Deserialize)]
struct Signed {
    expires: Option<i64>,
    signature: Option<String>,
}

/// Who a file is served to: only the caller (an appeal's file), or anyone (published media).
#[derive(Clone, Copy)]
pub enum Audience {
    Private,
    Public,
}

/// A signed link as a redirect, or the bytes with their type, never sniffed by the browser.
pub fn respond(found: Download, audience: Audience) -> HttpResponse {
    match (found, audience) {
        // The link expires: nobody may keep the redirect.
        (Download::Redirect(url), _) => HttpResponse::TemporaryRedirect()
            .insert_header(("location", url))
            .insert_header(("cache-control", "private, no-store"))
            .finish(),
        (Download::Stream(found, stream), audience) => {
            let name: String =
                found.file_name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
            let (disposition, cache) = match audience {
                Audience::Private => ("attachment", "private, no-store"),
                // A stored file never changes.
                Audience::Public => ("inline", "public, max-age=86400"),
            };
            HttpResponse::Ok()
                .content_type(found.content_type)
                .insert_header(("content-disposition", format!("{disposition}; filename=\"{name}\"")))
                .insert_header(("x-content-type-options", "nosniff"))
                .insert_header(("cache-control", cache))
                .insert_header(("content-length", found.size.to_string()))
                .streaming(stream)
        }
    }
}
