//! `/graphql` and `/t/<slug>/graphql`.

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::http::GraphiQLSource;
use async_graphql_actix_web::GraphQLRequest;

use super::ctx::{error_response, request_ctx};
use crate::error::AppError;
use crate::graphql::Schemas;
use crate::state::AppState;

pub async fn execute(
    state: web::Data<Arc<AppState>>,
    schemas: web::Data<Schemas>,
    req: HttpRequest,
    body: GraphQLRequest,
) -> HttpResponse {
    let ctx = match request_ctx(&state, &req).await {
        Ok(ctx) => ctx,
        Err(error) => return error_response(&error),
    };
    let request = body.into_inner();
    // PostgreSQL text cannot hold NUL: refuse it here with a clear error, not deep down with a 500.
    let variables = serde_json::to_string(&request.variables).unwrap_or_default();
    if request.query.contains('\0') || variables.contains("\\u0000") {
        return error_response(&AppError::validation("input", "text must not contain NUL characters"));
    }
    let schema = schemas.for_query(&request.query);
    let mut response = schema.execute(request.data(ctx)).await;
    for error in &mut response.errors {
        // Parse, validation, depth and complexity errors come from the engine without a code.
        let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
        if !has_code {
            error.extensions.get_or_insert_with(Default::default).set("code", "VALIDATION");
        }
    }
    HttpResponse::Ok().json(response)
}

/// The GraphiQL explorer, pointed at the endpoint it was opened from.
pub async fn explorer(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(GraphiQLSource::build().endpoint(req.path()).finish())
}
