use std::sync::Arc;

use actix_web::{web, HttpResponse};

use crate::state::AppState;

/// Liveness: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: the platform database answers.
pub async fn readyz(state: web::Data<Arc<AppState>>) -> HttpResponse {
    if state.db.ping().await {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "database unreachable" }))
    }
}

pub async fn metrics(state: web::Data<Arc<AppState>>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(state.metrics.render(state.db.pool_stats()))
}

/// A plain index of the cities and their endpoints, until the web frontend is built.
pub async fn index(state: web::Data<Arc<AppState>>) -> HttpResponse {
    let tenants = state.tenants.all().await.unwrap_or_default();
    let mut html = String::from("<!doctype html><meta charset=utf-8><title>Qala 109</title><h1>Qala 109</h1><ul>");
    for t in tenants.iter().filter(|t| !t.suspended) {
        html.push_str(&format!(
            "<li><b>{}</b> — {} · <a href=\"/t/{slug}/graphql\">/t/{slug}/graphql</a></li>",
            escape(&t.brand),
            escape(&t.city.ru),
            slug = t.slug
        ));
    }
    html.push_str("</ul><p><a href=\"/graphql\">/graphql</a> (platform) · <a href=\"/healthz\">/healthz</a> · <a href=\"/metrics\">/metrics</a></p>");
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(html)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
