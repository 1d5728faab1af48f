//! Public GeoJSON for maps: `/t/<slug>/public/permits.geojson` (active and overdue permits).

use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::ctx::{error_response, request_ctx};
use crate::state::AppState;
use crate::works::permits;

pub async fn permits_geojson(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    let result = async {
        let ctx = request_ctx(&state, &req).await?;
        let tenant = ctx.tenant()?.clone();
        let today = permits::today(&tenant);
        let rows = permits::list(&ctx, true).await?;
        let holders = permits::holder_names(&ctx, &rows).await?;
        let features: Vec<Value> = rows
            .iter()
            .map(|p| {
                let holder = holders.get(&p.holder_org_id);
                json!({
                    "type": "Feature",
                    "id": p.id,
                    "geometry": serde_json::from_str::<Value>(&p.geometry).unwrap_or(Value::Null),
                    "properties": {
                        "number": p.number,
                        "status": permits::status(p, today).as_str(),
                        "work_type": p.work_type,
                        "address": p.address,
                        "holder": holder,
                        "work_from": p.work_from,
                        "work_to": p.work_to,
                        "restore_by": p.restore_by,
                    }
                })
            })
            .collect();
        crate::error::AppResult::Ok(json!({ "type": "FeatureCollection", "features": features }))
    }
    .await;
    match result {
        Ok(body) => HttpResponse::Ok()
            .content_type("application/geo+json")
            .insert_header(("cache-control", "public, max-age=60"))
            .json(body),
        Err(error) => error_response(&error),
    }
}
