//! actix-web wiring: routes, middleware, the server and its graceful shutdown.

mod body;
mod ctx;
mod errors;
mod files;
mod frontend;
mod graphql;
mod health;
mod observe;
mod open311;
mod public;
mod reports;
mod telegram;
mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpServer};

use crate::graphql::build_schemas;
use crate::state::AppState;

/// Starts serving on `listener`; the returned server stops gracefully on SIGTERM, finishing
/// requests in flight for up to `shutdown_timeout_secs` (SIGINT and SIGQUIT stop it at once).
pub fn server(state: Arc<AppState>, listener: TcpListener) -> anyhow::Result<Server> {
    let schemas = build_schemas(state.config.graphql_max_depth, state.config.graphql_max_complexity);
    let shutdown = state.config.shutdown_timeout_secs;
    let state = web::Data::new(state);
    let schemas = web::Data::new(schemas);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(schemas.clone())
            .wrap(from_fn(observe::observe))
            // Every answer: no framing (clickjacking), no type sniffing, no full URLs to other sites.
            .wrap(
                DefaultHeaders::new()
                    .add(("x-frame-options", "DENY"))
                    .add(("x-content-type-options", "nosniff"))
                    .add(("referrer-policy", "same-origin")),
            )
            .route("/healthz", web::get().to(health::healthz))
            .route("/readyz", web::get().to(health::readyz))
            .route("/metrics", web::get().to(health::metrics))
            .route("/graphql", web::post().to(graphql::execute))
            .route("/graphql", web::get().to(graphql::explorer))
            .route("/t/{slug}/graphql", web::post().to(graphql::execute))
            .route("/t/{slug}/graphql", web::get().to(graphql::explorer))
            .route("/t/{slug}/channels/phone/calls", web::post().to(webhooks::phone_call))
            .route("/channels/phone/calls", web::post().to(webhooks::phone_call))
            .route("/t/{slug}/channels/telegram/webhook", web::post().to(telegram::webhook))
            .route("/channels/telegram/webhook", web::post().to(telegram::webhook))
            .service(
                web::resource(["/t/{slug}/open311/v2/media/{file}", "/open311/v2/media/{file}"])
                    .route(web::get().to(open311::media)),
            )
            .service(
                web::resource(["/t/{slug}/open311/v2/{tail:.*}", "/open311/v2/{tail:.*}"])
                    .route(web::get().to(open311::get))
                    .route(web::post().to(open311::post)),
            )
            .route("/t/{slug}/public/permits.geojson", web::get().to(public::permits_geojson))
            .route("/public/permits.geojson", web::get().to(public::permits_geojson))
            .route("/t/{slug}/reports/{file}", web::get().to(reports::report))
            .route("/reports/{file}", web::get().to(reports::report))
            .route("/t/{slug}/exports/appeals.csv", web::get().to(reports::appeals_csv))
            .route("/exports/appeals.csv", web::get().to(reports::appeals_csv))
            .route("/t/{slug}/attachments/{id}", web::get().to(files::download))
            .route("/attachments/{id}", web::get().to(files::download))
            .route("/", web::get().to(frontend::index))
            .default_service(web::to(frontend::fallback))
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?
    .run();
    Ok(server)
}
