//! Downloading an appeal's attachment, with the same tenant and token rules as the API.

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};

use super::ctx::{error_response, request_ctx};
use crate::appeals::attachments;
use crate::error::AppError;
use crate::state::AppState;

pub async fn download(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    let result = async {
        let ctx = request_ctx(&state, &req).await?;
        let id: i64 = req
            .match_info()
            .get("id")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| AppError::not_found("attachment"))?;
        attachments::download(&ctx, id).await
    }
    .await;
    match result {
        Ok(attachments::Download::Redirect(url)) => HttpResponse::TemporaryRedirect()
            .insert_header(("location", url))
            .insert_header(("cache-control", "private, no-store"))
            .finish(),
        Ok(attachments::Download::Stream(found, stream)) => {
            let name: String =
                found.file_name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
            HttpResponse::Ok()
                .content_type(found.content_type)
                .insert_header(("content-disposition", format!("attachment; filename=\"{name}\"")))
                .insert_header(("x-content-type-options", "nosniff"))
                .insert_header(("cache-control", "private, no-store"))
                .insert_header(("content-length", found.size.to_string()))
                .streaming(stream)
        }
        Err(error) => error_response(&error),
    }
}
