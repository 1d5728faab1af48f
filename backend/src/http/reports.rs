//! Downloads for the people who run the center: the weekly and quarterly reports as XLSX or CSV
//! (`/t/<slug>/reports/weekly.xlsx?day=2026-11-30&lang=ru`), and the appeals of a filter as one
//! streamed CSV (`/t/<slug>/exports/appeals.csv?from=..&to=..&categoryId=..&personal=true`).
//! Both with the same tenant and token rules as the API.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use tokio_stream::wrappers::ReceiverStream;

use crate::analytics::export::{self, ExportRequest};
use crate::analytics::filter::{Filter, Period};
use crate::analytics::reports::{self, ReportKind};
use crate::appeals::rules::Channel;
use crate::catalog::AppealType;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;

#[derive(Deserialize)]
pub struct ReportQuery {
    day: Option<NaiveDate>,
    lang: Option<String>,
}

fn language(ctx: &RequestCtx, lang: Option<&str>) -> AppResult<Language> {
    match lang {
        Some(code) => Language::parse(code).ok_or_else(|| AppError::validation("lang", "kk, ru or en")),
        None => Ok(ctx.tenant()?.default_language),
    }
}

fn attachment(name: &str) -> (&'static str, String) {
    ("content-disposition", format!("attachment; filename=\"{name}\""))
}

pub async fn report(ctx: RequestCtx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let file = req.match_info().get("file").unwrap_or_default();
    let (kind, format) = file.rsplit_once('.').ok_or_else(|| AppError::not_found("report"))?;
    let kind = ReportKind::parse(kind).map_err(|_| AppError::not_found("report"))?;
    let query = web::Query::<ReportQuery>::from_query(req.query_string())
        .map_err(|e| AppError::validation("query", e.to_string()))?;
    let l = language(&ctx, query.lang.as_deref())?;
    let tz = ctx.tenant()?.time_zone;
    let day = query.day.unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz).date_naive());
    let report = match kind {
        ReportKind::Weekly => reports::weekly(&ctx, day, l).await?,
        ReportKind::Quarterly => reports::quarterly(&ctx, day, l).await?,
    };
    let name = format!("{}-{}-{}.{format}", ctx.tenant()?.slug, kind.as_str(), day.format("%Y-%m-%d"));
    let response = |content_type: &str, body: Vec<u8>| {
        HttpResponse::Ok()
            .content_type(content_type)
            .insert_header(attachment(&name))
            .insert_header(("cache-control", "private, no-store"))
            .body(body)
    };
    match format {
        "xlsx" => Ok(response(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            reports::to_xlsx(&report)?,
        )),
        "csv" => Ok(response("text/csv; charset=utf-8", reports::to_csv(&report)?.into_bytes())),
        _ => Err(AppError::not_found("report")),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportQuery {
    from: NaiveDate,
    to: NaiveDate,
    district: Option<String>,
    organization_id: Option<i64>,
    sphere_id: Option<i64>,
    category_id: Option<i64>,
    service_type_id: Option<i64>,
    channel: Option<String>,
    appeal_type: Option<String>,
    #[serde(default)]
    personal: bool,
    lang: Option<String>,
}

pub async fn appeals_csv(ctx: RequestCtx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let q = web::Query::<ExportQuery>::from_query(req.query_string())
        .map_err(|e| AppError::validation("query", e.to_string()))?
        .into_inner();
    let channel = q
        .channel
        .as_deref()
        .map(|c| Channel::parse(&c.to_lowercase()).map_err(|_| AppError::validation("channel", "not a channel")))
        .transpose()?;
    let appeal_type = q
        .appeal_type
        .as_deref()
        .map(|t| AppealType::parse(&t.to_lowercase()).map_err(|_| AppError::validation("appealType", "not a type")))
        .transpose()?;
    let request = ExportRequest {
        filter: Filter {
            district: q.district.filter(|d| !d.trim().is_empty()),
            organization_id: q.organization_id,
            sphere_id: q.sphere_id,
            category_id: q.category_id,
            service_type_id: q.service_type_id,
            channel,
            appeal_type,
        },
        period: Period::new(q.from, q.to)?,
        personal: q.personal,
        language: language(&ctx, q.lang.as_deref())?,
    };
    export::start(&ctx, &request).await?;
    let name = format!("{}-appeals-{}-{}.csv", ctx.tenant()?.slug, q.from, q.to);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(attachment(&name))
        .insert_header(("cache-control", "private, no-store"))
        .streaming(ReceiverStream::new(export::stream(ctx, request))))
}
