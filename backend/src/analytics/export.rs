//! The appeals of a filter as one CSV, streamed: a page of appeals at a time in registration
//! order, each page in a short transaction of its own, read by one task while another writes the
//! page before, and handed to the connection through small bounded channels, so memory stays
//! flat for millions of rows. Personal data (the
//! resident's phone and name, the description, the typed address) only for roles that may read
//! residents, and only when asked; every export is audited.

use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait, Value};
use tokio::sync::mpsc;

use super::filter::{Clause, Filter, Period};
use super::hotspots::category_names;
use super::READERS;
use crate::audit;
use crate::buildings::model::building;
use crate::catalog::model::service_type;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, LocalizedText};
use crate::infra::sql;
use crate::orgs::model::organization;
use crate::residents::service::STAFF;

const PAGE: usize = 5000;

#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub filter: Filter,
    pub period: Period,
    pub personal: bool,
    pub language: Language,
}

const COLUMNS: [&str; 18] = [
    "number",
    "registered_at",
    "channel",
    "appeal_type",
    "sphere",
    "category",
    "service_type",
    "status",
    "organization",
    "district",
    "building_address",
    "due_at",
    "resolved_at",
    "first_call",
    "on_time",
    "overdue",
    "reopened",
    "rating",
];
const PERSONAL: [&str; 4] = ["description", "typed_address", "resident_phone", "resident_name"];

/// Checks the caller and records the export; the rows follow from `stream`.
pub async fn start(ctx: &RequestCtx, request: &ExportRequest) -> AppResult<()> {
    let actor = ctx.require(READERS)?;
    if request.personal && !STAFF.iter().any(|r| actor.has(*r)) {
        return Err(AppError::forbidden("your role may not export residents' personal data"));
    }
    let label = actor.label();
    let tx = ctx.tenant_tx().await?;
    let f = &request.filter;
    let details = serde_json::json!({
        "from": request.period.from, "to": request.period.to, "personal": request.personal,
        "district": f.district, "organization": f.organization_id, "sphere": f.sphere_id, "category": f.category_id,
        "service_type": f.service_type_id, "channel": f.channel.map(|c| c.as_str()), "appeal_type": f.appeal_type.map(|t| t.as_str()),
    });
    audit::record(&tx, &label, "appeals.export", "appeal", None, details).await?;
    tx.commit().await?;
    Ok(())
}

/// The CSV, a page at a time. An error midway ends the stream with the error, so the download
/// fails visibly instead of ending short.
pub fn stream(ctx: RequestCtx, request: ExportRequest) -> mpsc::Receiver<Result<Bytes, AppError>> {
    let (send, receive) = mpsc::channel(2);
    tokio::spawn(async move {
        if let Err(error) = write_all(&ctx, &request, &send).await {
            tracing::error!(error = %error, "An appeals export failed midway.");
            let _ = send.send(Err(error)).await;
        }
    });
    receive
}

struct Names {
    types: HashMap<i64, (LocalizedText, i64)>,
    categories: HashMap<i64, LocalizedText>,
    spheres_of: HashMap<i64, LocalizedText>,
    orgs: HashMap<i64, LocalizedText>,
}

async fn names(conn: &impl ConnectionTrait) -> AppResult<Names> {
    use crate::catalog::model::{category, sphere};
    let types = service_type::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, (LocalizedText::new(t.name_kk, t.name_ru, t.name_en), t.category_id)))
        .collect();
    let spheres: HashMap<i64, LocalizedText> = sphere::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, LocalizedText::new(s.name_kk, s.name_ru, s.name_en)))
        .collect();
    let spheres_of = category::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.id, spheres.get(&c.sphere_id)?.clone())))
        .collect();
    let orgs = organization::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, LocalizedText::new(o.name_kk, o.name_ru, o.name_en)))
        .collect();
    Ok(Names { types, categories: category_names(conn).await?, spheres_of, orgs })
}

fn local(at: Option<DateTime<Utc>>, tz: Tz) -> String {
    at.map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("writing the export: {e}"))
}

/// A page of appeals as read, with the addresses of their buildings.
struct Page {
    rows: Vec<sea_orm::QueryResult>,
    addresses: HashMap<i64, String>,
}

async fn write_all(
    ctx: &RequestCtx,
    request: &ExportRequest,
    send: &mpsc::Sender<Result<Bytes, AppError>>,
) -> AppResult<()> {
    let tz = ctx.tenant()?.time_zone;
    let (names, clause) = {
        let tx = ctx.tenant_tx().await?;
        let names = names(&tx).await?;
        let clause = request.filter.appeals_clause(&tx, request.period, tz).await?;
        tx.commit().await?;
        (names, clause)
    };
    let mut header = csv::Writer::from_writer(Vec::new());
    let mut columns: Vec<&str> = COLUMNS.to_vec();
    if request.personal {
        columns.extend(PERSONAL);
    }
    header.write_record(&columns).map_err(csv_error)?;
    let mut first = b"\xef\xbb\xbf".to_vec();
    first.extend(header.into_inner().map_err(csv_error)?);
    if send.send(Ok(Bytes::from(first))).await.is_err() {
        return Ok(());
    }
    // The next page is read (on another core) while this one is written.
    let (pages, mut received) = mpsc::channel::<AppResult<Page>>(1);
    let reader = tokio::spawn(read_pages(ctx.clone(), request.clone(), clause, pages));
    while let Some(page) = received.recv().await {
        let chunk = write_page(&page?, &names, request, tz)?;
        if !chunk.is_empty() && send.send(Ok(Bytes::from(chunk))).await.is_err() {
            // The caller went away; the reader stops at its next send.
            break;
        }
    }
    drop(received);
    reader.await.map_err(|e| AppError::Unexpected(anyhow::anyhow!("the export's reader stopped: {e}")))
}

/// Reads the appeals in registration order, a page per short transaction (a city's SQLite
/// database has one connection, which an export must not hold for minutes). An error is passed
/// on as the last page.
async fn read_pages(ctx: RequestCtx, request: ExportRequest, clause: Clause, pages: mpsc::Sender<AppResult<Page>>) {
    if let Err(error) = read_into(&ctx, &request, &clause, &pages).await {
        let _ = pages.send(Err(error)).await;
    }
}

async fn read_into(
    ctx: &RequestCtx,
    request: &ExportRequest,
    clause: &Clause,
    pages: &mpsc::Sender<AppResult<Page>>,
) -> AppResult<()> {
    let personal = if request.personal {
        ", a.description, a.address, r.phone, r.name FROM appeals a LEFT JOIN residents r ON r.id = a.resident_id"
    } else {
        " FROM appeals a"
    };
    let select = format!(
        "SELECT a.id, a.number, a.registered_at, a.channel, a.appeal_type, a.service_type_id, a.category_id, \
         a.status, a.organization_id, a.district, a.building_id, a.due_at, a.resolved_at, a.first_call, a.overdue, \
         a.reopen_count, a.rating{personal} WHERE {}",
        clause.sql
    );
    let mut after: Option<(DateTime<Utc>, i64)> = None;
    loop {
        let page = read_page(ctx, &select, &clause.values, after, request.language).await?;
        let full = page.rows.len() == PAGE;
        let last = match page.rows.last() {
            Some(row) => Some((row.try_get_by_index(2)?, row.try_get_by_index(0)?)),
            None => None,
        };
        if pages.send(Ok(page)).await.is_err() || !full {
            // Done, or the writer went away.
            return Ok(());
        }
        after = last;
    }
}

async fn read_page(
    ctx: &RequestCtx,
    select: &str,
    filter_values: &[Value],
    after: Option<(DateTime<Utc>, i64)>,
    l: Language,
) -> AppResult<Page> {
    let mut text = select.to_owned();
    let mut values = filter_values.to_vec();
    if let Some((at, id)) = after {
        // A row value: the index on (registered_at, id) starts right after the last row.
        text.push_str(" AND (a.registered_at, a.id) > (?, ?)");
        values.extend([Value::from(at), Value::from(id)]);
    }
    text.push_str(&format!(" ORDER BY a.registered_at, a.id LIMIT {PAGE}"));
    let tx = ctx.tenant_tx().await?;
    let rows = sql::all(&tx, &text, values).await?;
    let mut building_ids: Vec<i64> =
        rows.iter().filter_map(|r| r.try_get_by_index::<Option<i64>>(10).ok().flatten()).collect();
    building_ids.sort_unstable();
    building_ids.dedup();
    let addresses: HashMap<i64, String> = if building_ids.is_empty() {
        HashMap::new()
    } else {
        use sea_orm::{ColumnTrait, QueryFilter};
        building::Entity::find()
            .filter(building::Column::Id.is_in(building_ids))
            .all(&tx)
            .await?
            .into_iter()
            .map(|b| (b.id, if l == Language::Kk { b.address_kk.unwrap_or(b.address) } else { b.address }))
            .collect()
    };
    tx.commit().await?;
    Ok(Page { rows, addresses })
}

fn write_page(page: &Page, names: &Names, request: &ExportRequest, tz: Tz) -> AppResult<Vec<u8>> {
    let l = request.language;
    let mut out = csv::Writer::from_writer(Vec::with_capacity(page.rows.len() * 200));
    for row in &page.rows {
        let registered: DateTime<Utc> = row.try_get_by_index(2)?;
        let service: i64 = row.try_get_by_index(5)?;
        let category: i64 = row.try_get_by_index(6)?;
        let org: Option<i64> = row.try_get_by_index(8)?;
        let building: Option<i64> = row.try_get_by_index(10)?;
        let due: DateTime<Utc> = row.try_get_by_index(11)?;
        let resolved: Option<DateTime<Utc>> = row.try_get_by_index(12)?;
        let status: String = row.try_get_by_index(7)?;
        let finished = status == "resolved" || status == "closed";
        let name = |text: Option<&LocalizedText>| text.map(|t| t.get(l).to_owned()).unwrap_or_default();
        let mut record = vec![
            row.try_get_by_index::<String>(1)?,
            local(Some(registered), tz),
            row.try_get_by_index::<String>(3)?,
            row.try_get_by_index::<String>(4)?,
            name(names.spheres_of.get(&category)),
            name(names.categories.get(&category)),
            name(names.types.get(&service).map(|t| &t.0)),
            status.clone(),
            name(org.and_then(|o| names.orgs.get(&o))),
            row.try_get_by_index::<Option<String>>(9)?.unwrap_or_default(),
            building.and_then(|b| page.addresses.get(&b).cloned()).unwrap_or_default(),
            local(Some(due), tz),
            local(resolved, tz),
            row.try_get_by_index::<bool>(13)?.to_string(),
            match (finished, resolved) {
                (true, Some(at)) => (at <= due).to_string(),
                _ => String::new(),
            },
            row.try_get_by_index::<bool>(14)?.to_string(),
            row.try_get_by_index::<i32>(15)?.to_string(),
            row.try_get_by_index::<Option<i32>>(16)?.map(|r| r.to_string()).unwrap_or_default(),
        ];
        if request.personal {
            record.push(row.try_get_by_index::<String>(17)?);
            record.push(row.try_get_by_index::<Option<String>>(18)?.unwrap_or_default());
            record.push(row.try_get_by_index::<Option<String>>(19)?.unwrap_or_default());
            record.push(row.try_get_by_index::<Option<String>>(20)?.unwrap_or_default());
        }
        out.write_record(record.iter().map(|v| crate::infra::spreadsheet::cell(v))).map_err(csv_error)?;
    }
    out.into_inner().map_err(csv_error)
}
