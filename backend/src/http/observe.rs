//! Every request gets a request id (taken from `X-Request-Id` when sane), a tracing span that
//! puts it on every log line, a closing log line, and its count and latency in the metrics.
//! A handler that panics is answered with a 500 that names the request id (and the panic is
//! logged under it), never with a dropped connection.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use futures_util::FutureExt;
use tracing::Instrument;

use crate::state::AppState;
use crate::telemetry;

pub const REQUEST_ID: &str = "x-request-id";

/// The methods metrics are labelled with; any other is counted as `OTHER`, so a client cannot
/// create series by inventing methods.
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (8..=64).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().as_str();
    let method = METHODS.iter().find(|m| **m == method).copied().unwrap_or("OTHER");
    let span = tracing::info_span!("request", request_id = %request_id, method = %method, path = %req.path());
    let state = req.app_data::<web::Data<Arc<AppState>>>().cloned();
    let started = Instant::now();
    let handling = telemetry::with_request_id(request_id.clone(), next.call(req).instrument(span.clone()));
    let outcome = AssertUnwindSafe(handling).catch_unwind().await;
    let mut res = match outcome {
        Ok(result) => result?.map_into_boxed_body(),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            span.in_scope(|| tracing::error!(panic = %what, "The request panicked; answered with a 500."));
            if let Some(state) = &state {
                state.metrics.requests.with_label_values(&[method, "panicked", "500"]).inc();
            }
            // The request went down with the handler: the error carries the whole answer.
            return Err(InternalError::from_response(what, panicked(&request_id)).into());
        }
    };
    let elapsed = started.elapsed();
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16();
    if let Some(state) = state {
        let m = &state.metrics;
        m.requests.with_label_values(&[method, route.as_str(), &status.to_string()]).inc();
        m.latency.with_label_values(&[method, route.as_str()]).observe(elapsed.as_secs_f64());
    }
    span.in_scope(|| {
        tracing::info!(http.status = status, http.route = %route, elapsed_ms = elapsed.as_secs_f64() * 1000.0, "Request finished.")
    });
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(HeaderName::from_static(REQUEST_ID), value);
    }
    Ok(res)
}

/// The answer to a request whose handler panicked: nothing internal, the id to quote.
fn panicked(request_id: &str) -> HttpResponse {
    HttpResponse::InternalServerError().insert_header((REQUEST_ID, request_id)).json(serde_json::json!({
        "errors": [{
            "message": format!("internal error (request {request_id})"),
            "extensions": { "code": "INTERNAL", "requestId": request_id },
        }]
    }))
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{test, web, App, HttpResponse};

    async fn buggy() -> HttpResponse {
        panic!("byte index 1 is not a char boundary")
    }

    #[actix_web::test]
    async fn a_panicking_handler_is_answered_with_a_500_naming_the_request() {
        let app =
            test::init_service(App::new().wrap(from_fn(super::observe)).route("/bug", web::get().to(buggy))).await;
        let request = test::TestRequest::get().uri("/bug").insert_header(("x-request-id", "req-12345678")).to_request();
        // The server answers a service's error with the error's own response, as here.
        let Err(error) = test::try_call_service(&app, request).await else {
            panic!("a panic must not look like an answer of the handler's")
        };
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), 500);
        assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-12345678"));
        let bytes = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(body["errors"][0]["extensions"]["code"], "INTERNAL");
        assert_eq!(body["errors"][0]["extensions"]["requestId"], "req-12345678");
    }
}
