//! A service's `AppError` as an HTTP answer: its status and the one body every endpoint shares
//! (the GraphQL error shape), so a handler returns `Result<_, AppError>` and never builds one.
//!
//! `{"errors": [{"message": "...", "extensions": {"code": "VALIDATION", "field": "phone",
//! "requestId": "..."}}]}`, with `Retry-After` on a rate limit.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Map, Value};

use crate::error::AppError;
use crate::telemetry;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut extensions = Map::new();
        extensions.insert("code".into(), json!(self.code()));
        match self {
            AppError::Validation { field, .. } => {
                extensions.insert("field".into(), json!(field));
            }
            AppError::RateLimited { retry_after_secs } => {
                extensions.insert("retryAfter".into(), json!(retry_after_secs));
            }
            AppError::Suspended(_) => {
                extensions.insert("reason".into(), json!("TENANT_SUSPENDED"));
            }
            AppError::CodeRefused { reason, tries_left, .. } => {
                extensions.insert("reason".into(), json!(reason));
                if let Some(left) = tries_left {
                    extensions.insert("triesLeft".into(), json!(left));
                }
            }
            _ => {}
        }
        if let Some(id) = telemetry::request_id() {
            extensions.insert("requestId".into(), json!(id));
        }
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::RateLimited { retry_after_secs } = self {
            response.insert_header(("retry-after", retry_after_secs.to_string()));
        }
        response
            .json(json!({ "errors": [{ "message": self.public_message(), "extensions": Value::Object(extensions) }] }))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;

    use crate::error::AppError;

    async fn body(error: AppError) -> (u16, serde_json::Value, Option<String>) {
        let response = error.error_response();
        let retry = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let status = response.status().as_u16();
        let bytes = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
        (status, serde_json::from_slice(&bytes).unwrap_or_default(), retry)
    }

    #[actix_web::test]
    async fn every_error_has_one_shape_with_its_code_and_the_request_id() {
        let (status, json, _) = crate::telemetry::with_request_id("req-abcdef12".into(), async {
            body(AppError::validation("phone", "not a phone number")).await
        })
        .await;
        assert_eq!(status, 400);
        assert_eq!(json["errors"][0]["message"], "phone: not a phone number");
        assert_eq!(json["errors"][0]["extensions"]["code"], "VALIDATION");
        assert_eq!(json["errors"][0]["extensions"]["field"], "phone");
        assert_eq!(json["errors"][0]["extensions"]["requestId"], "req-abcdef12");

        let (status, json, retry) = body(AppError::RateLimited { retry_after_secs: 7 }).await;
        assert_eq!((status, retry.as_deref()), (429, Some("7")));
        assert_eq!(json["errors"][0]["extensions"]["retryAfter"], 7);

        let (status, json, _) = body(AppError::Unexpected(anyhow::anyhow!("the disk is full"))).await;
        assert_eq!(status, 500);
        assert_eq!(json["errors"][0]["message"], "internal error");
    }
}
