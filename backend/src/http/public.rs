//! Public GeoJSON for maps: `/t/<slug>/public/permits.geojson` (active and overdue permits).

use actix_web::HttpResponse;
use serde_json::{json, Value};

use crate::context::RequestCtx;
use crate::error::AppError;
use crate::works::permits;

pub async fn permits_geojson(ctx: RequestCtx) -> Result<HttpResponse, AppError> {
    let body = {
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
        json!({ "type": "FeatureCollection", "features": features })
    };
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .insert_header(("cache-control", "public, max-age=60"))
        .json(body))
}
