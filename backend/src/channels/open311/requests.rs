//! GeoReport v2 over the city's catalog and appeals: the service list and definitions, posting
//! a request (an appeal on channel `open311`), the public request list with the spec's filters,
//! one request, and the token lookup. Every answer is a JSON value the wire module renders.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::media;
use crate::appeals::attachments;
use crate::appeals::model::appeal;
use crate::appeals::public_record;
use crate::appeals::register::{register_as, RegisterInput};
use crate::appeals::rules::{AppealStatus, Channel};
use crate::buildings::model::building;
use crate::catalog::attributes::{self, Answers};
use crate::catalog::model::{category, service_type};
use crate::channels::model::open311_client;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, LocalizedText};
use crate::orgs::model::organization;
use crate::residents::service::{ResidentInput, Source};

/// When the shape of these answers last changed (the discovery's `changeset`).
const CHANGESET: &str = "2026-11-22T00:00:00+05:00";
/// The most requests one list answers, and the widest window it searches (the spec's limits).
const LIST_LIMIT: u64 = 1000;
const WINDOW_DAYS: i64 = 90;

/// Parameters from the query string and the body alike; a repeated name keeps every value.
pub struct Params(pub Vec<(String, String)>);

/// The most characters each parameter a client sends may hold, and whether it may break lines.
/// GeoReport v2 limits a description to 4,000 characters; the rest are bounds of our own.
const TEXT_LIMITS: &[(&str, usize, bool)] = &[
    ("description", 4000, true),
    ("address_string", 500, false),
    ("first_name", 100, false),
    ("last_name", 100, false),
    ("email", 254, false),
    ("phone", 50, false),
    ("device_id", 200, false),
    ("account_id", 200, false),
    ("address_id", 254, false),
    ("service_code", 100, false),
    ("jurisdiction_id", 100, false),
    ("locale", 35, false),
    ("api_key", 200, false),
    ("media_url", 1000, false),
    ("lat", 40, false),
    ("long", 40, false),
];

impl Params {
    /// Refuses text past its limit, and control characters (line breaks only where allowed).
    pub fn check_text(&self) -> AppResult<()> {
        for (name, value) in &self.0 {
            let (limit, lines) = if name.starts_with("attribute[") {
                (4000, true)
            } else {
                TEXT_LIMITS.iter().find(|(n, ..)| n == name).map_or((4000, false), |(_, limit, lines)| (*limit, *lines))
            };
            if value.chars().count() > limit {
                return Err(AppError::validation(name.clone(), format!("must be at most {limit} characters")));
            }
            let allowed = |c: char| lines && matches!(c, '\n' | '\r' | '\t');
            if value.chars().any(|c| (c.is_control() && !allowed(c)) || c == '\u{fffe}' || c == '\u{ffff}') {
                return Err(AppError::validation(name.clone(), "must not hold control characters"));
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// `attribute[code]=v` and `attribute[code][]=v`, gathered per code.
    fn answers(&self) -> Answers {
        let mut out = Answers::new();
        for (key, value) in &self.0 {
            let Some(rest) = key.strip_prefix("attribute[") else { continue };
            let code = rest.trim_end_matches("[]").trim_end_matches(']');
            out.entry(code.to_owned()).or_default().push(value.clone());
        }
        out
    }

    /// A `jurisdiction_id`, when given, must name this city.
    pub fn check_jurisdiction(&self, ctx: &RequestCtx) -> AppResult<()> {
        match self.get("jurisdiction_id") {
            Some(j) if j != ctx.tenant()?.slug.as_str() => {
                Err(AppError::not_found(format!("jurisdiction_id `{j}` is not served here")))
            }
            _ => Ok(()),
        }
    }

    /// `locale` (`kk`, `ru-KZ`, …), else the request's language.
    fn language(&self, ctx: &RequestCtx) -> Language {
        self.get("locale")
            // The first two characters, not bytes: `aé` must not split a character.
            .and_then(|l| Language::parse(&l.chars().take(2).collect::<String>().to_ascii_lowercase()))
            .unwrap_or(ctx.language())
    }
}

/// A W3C date-time with the city's offset.
fn w3c(ctx: &RequestCtx, at: DateTime<Utc>) -> AppResult<String> {
    Ok(at.with_timezone(&ctx.tenant()?.time_zone).to_rfc3339_opts(SecondsFormat::Secs, false))
}

/// Every address before any database work: a client hammering the API is slowed down here.
pub async fn limit_address(ctx: &RequestCtx) -> AppResult<()> {
    let (hits, retry) = ctx.state.kv.hit(&format!("open311:ip:{}", ctx.client_ip), Duration::from_secs(60)).await?;
    if hits > 600 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    Ok(())
}

pub fn discovery(ctx: &RequestCtx, base_url: &str) -> AppResult<Value> {
    let tenant = ctx.tenant()?;
    Ok(json!({
        "changeset": CHANGESET,
        "contact": format!("{} {}", tenant.brand, tenant.phone),
        "key_service": format!("API keys are issued by the administration of {} ({})", tenant.brand, tenant.phone),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base_url,
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }))
}

fn names(kk: &str, ru: &str, en: &str) -> LocalizedText {
    LocalizedText::new(kk, ru, en)
}

async fn active_services(ctx: &RequestCtx) -> AppResult<(Vec<service_type::Model>, HashMap<i64, category::Model>)> {
    let tx = ctx.tenant_tx().await?;
    let services = crate::catalog::service::offered()
        .order_by_asc(service_type::Column::CategoryId)
        .order_by_asc(service_type::Column::Id)
        .all(&tx)
        .await?;
    let categories = category::Entity::find().all(&tx).await?.into_iter().map(|c| (c.id, c)).collect();
    Ok((services, categories))
}

pub async fn services(ctx: &RequestCtx, params: &Params) -> AppResult<Value> {
    let lang = params.language(ctx);
    let (services, categories) = active_services(ctx).await?;
    let list: Vec<Value> = services
        .iter()
        .map(|s| {
            let name = names(&s.name_kk, &s.name_ru, &s.name_en);
            let group = categories.get(&s.category_id).map(|c| names(&c.name_kk, &c.name_ru, &c.name_en));
            // The names in the other two languages, so a search in any language finds it.
            let others: Vec<&str> = Language::ALL.into_iter().filter(|l| *l != lang).map(|l| name.get(l)).collect();
            json!({
                "service_code": s.code,
                "service_name": name.get(lang),
                "description": group.as_ref().map(|g| g.get(lang).to_owned()).unwrap_or_default(),
                "metadata": s.attributes.is_some(),
                "type": "realtime",
                "keywords": others.join(", "),
                "group": group.as_ref().map(|g| g.get(lang).to_owned()).unwrap_or_default(),
            })
        })
        .collect();
    Ok(Value::Array(list))
}

async fn service_by_code(ctx: &RequestCtx, code: &str) -> AppResult<service_type::Model> {
    let tx = ctx.tenant_tx().await?;
    crate::catalog::service::offered()
        .filter(service_type::Column::Code.eq(code))
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("service_code `{code}`")))
}

pub async fn definition(ctx: &RequestCtx, params: &Params, code: &str) -> AppResult<Value> {
    let lang = params.language(ctx);
    let service = service_by_code(ctx, code).await?;
    let list: Vec<Value> = attributes::stored(service.attributes.as_deref())
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            json!({
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype.as_str(),
                "required": a.required,
                "datatype_description": a.datatype_description.as_ref().map(|d| d.get(lang).to_owned()),
                "order": i + 1,
                "description": a.description.get(lang),
                "values": a.values.iter().map(|v| json!({ "key": v.key, "name": v.name.get(lang) })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({ "service_code": service.code, "attributes": list }))
}

/// A file sent with the request (`media`, multipart).
pub struct Media {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn coordinate(params: &Params, name: &str, range: f64) -> AppResult<Option<f64>> {
    match params.get(name) {
        None => Ok(None),
        Some(raw) => match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= range => Ok(Some(v)),
            _ => Err(AppError::validation(name, "must be a number of degrees (WGS84)")),
        },
    }
}

/// The key a retried delivery of the same request meets again: the client, the day (UTC) and
/// every parameter but the key and the jurisdiction, in order, with the file's digest.
fn delivery_key(client: i64, params: &Params, media: Option<&Media>) -> String {
    let mut digest = Sha256::new();
    digest.update(format!("{client}\n{}\n", Utc::now().date_naive()));
    let mut pairs: Vec<&(String, String)> =
        params.0.iter().filter(|(k, _)| k != "api_key" && k != "jurisdiction_id").collect();
    pairs.sort();
    for (k, v) in pairs {
        digest.update(format!("{k}={v}\n"));
    }
    if let Some(m) = media {
        digest.update(Sha256::digest(&m.bytes));
    }
    hex::encode(digest.finalize())
}

const KEY_PREFIX: &str = "o311:";

/// Files a request for `client` (authenticated by the transport, before it read any file).
pub async fn post(
    ctx: &RequestCtx,
    client: &open311_client::Model,
    params: &Params,
    media: Option<Media>,
) -> AppResult<Value> {
    params.check_text()?;
    let slug = ctx.tenant()?.slug.clone();
    let (hits, retry) =
        ctx.state.kv.hit(&format!("open311:post:{slug}:{}", client.id), Duration::from_secs(60)).await?;
    if hits > 120 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    params.check_jurisdiction(ctx)?;
    let code = params.get("service_code").ok_or_else(|| AppError::validation("service_code", "is required"))?;
    let service = service_by_code(ctx, code).await?;
    let answers = attributes::answer(&attributes::stored(service.attributes.as_deref()), params.answers())
        .map_err(|(code, message)| AppError::validation(format!("attribute[{code}]"), message))?;
    let (lat, lon) = (coordinate(params, "lat", 90.0)?, coordinate(params, "long", 180.0)?);
    if lat.is_some() != lon.is_some() {
        return Err(AppError::validation("long", "lat and long go together"));
    }
    let building_id = match params.get("address_id") {
        None => None,
        Some(code) => {
            let tx = ctx.tenant_tx().await?;
            let found = building::Entity::find().filter(building::Column::Code.eq(code)).one(&tx).await?;
            Some(found.ok_or_else(|| AppError::validation("address_id", format!("no building `{code}`")))?.id)
        }
    };
    let address = params.get("address_string").map(str::to_owned);
    if lat.is_none() && building_id.is_none() && address.is_none() {
        return Err(AppError::validation("lat", "a location is required: lat and long, address_string or address_id"));
    }
    if let Some(m) = &media {
        attachments::check_file(&m.file_name, &m.bytes)?;
    }
    let mut description = params.get("description").unwrap_or(&service.name_ru).replace("\r\n", "\n");
    if let Some(url) = params.get("media_url") {
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || url.len() > 1000 || url.chars().any(char::is_whitespace) {
            return Err(AppError::validation("media_url", "must be an http(s) address"));
        }
        description.push_str(&format!("\n\nmedia_url: {url}"));
    }
    let name = [params.get("first_name"), params.get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let language = params.language(ctx);
    let resident = params.get("phone").map(|phone| ResidentInput {
        phone: phone.to_owned(),
        name: Some(name.clone()).filter(|n| !n.is_empty()),
        iin: None,
        language: Some(language),
        // The app's key names the app, not the phone: the resident is linked, never rewritten.
        source: Source::Unproven,
    });
    let token = delivery_key(client.id, params, media.as_ref());
    let input = RegisterInput {
        channel: Channel::Open311,
        appeal_type: None,
        service_type_id: service.id,
        description,
        building_id,
        address,
        lat,
        lon,
        entrance: None,
        resident,
        language: Some(language),
        idempotency_key: Some(format!("{KEY_PREFIX}{token}")),
        parent_id: None,
        attributes: Some(answers),
        reply_to: None,
    };
    let label = format!("{}{}", media::UPLOADER_PREFIX, client.name);
    let done = register_as(ctx, input, &label).await?;
    // A retry after a failure between registering and storing the file still brings the file.
    if let Some(m) = media {
        attachments::store_once(ctx, &done.appeal, &m.file_name, m.bytes, &label).await?;
    }
    {
        let tx = ctx.tenant_tx().await?;
        let details = json!({
            "client": client.id,
            "replayed": done.replayed,
            "device_id": params.get("device_id"),
            "account_id": params.get("account_id"),
            "email": params.get("email"),
            "ip": ctx.client_ip,
        });
        crate::audit::record(
            &tx,
            &label,
            "channel.open311_request",
            "appeal",
            Some(done.appeal.number.clone()),
            details,
        )
        .await?;
        tx.commit().await?;
    }
    let notice = done.outage_message.clone().or(done.first_call_answer.clone());
    // The request is known at once, so its id is returned and a token is not (the spec: one or
    // the other). Tokens handed out before still lead to their requests.
    Ok(json!([{
        "service_request_id": done.appeal.number,
        "service_notice": notice,
        "account_id": params.get("account_id"),
    }]))
}

fn parse_w3c(name: &str, raw: &str) -> AppResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| AppError::validation(name, "must be a W3C date-time such as 2026-11-01T00:00:00+05:00"))
}

/// Every value of a parameter the spec lets a client give several times or comma-separated.
fn list_of(params: &Params, name: &str) -> Vec<String> {
    params
        .0
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

pub async fn list(ctx: &RequestCtx, params: &Params, base: &str) -> AppResult<Value> {
    params.check_jurisdiction(ctx)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = appeal::Entity::find().order_by_desc(appeal::Column::Id).limit(LIST_LIMIT);
    let ids = list_of(params, "service_request_id");
    if !ids.is_empty() {
        // The spec: a list of ids overrides every other filter.
        select = select.filter(appeal::Column::Number.is_in(ids.into_iter().take(LIST_LIMIT as usize)));
    } else {
        let end = params.get("end_date").map(|d| parse_w3c("end_date", d)).transpose()?;
        let start = params.get("start_date").map(|d| parse_w3c("start_date", d)).transpose()?;
        let window = chrono::Duration::days(WINDOW_DAYS);
        let now = Utc::now();
        let (start, end) = match (start, end) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, s + window),
            (None, Some(e)) => (e - window, e),
            (None, None) => (now - window, now),
        };
        if end < start || end - start > window {
            return Err(AppError::validation("end_date", "the range must run forward and span at most 90 days"));
        }
        select = select.filter(appeal::Column::RegisteredAt.between(start, end));
        let codes = list_of(params, "service_code");
        if !codes.is_empty() {
            let found: Vec<i64> = service_type::Entity::find()
                .filter(service_type::Column::Code.is_in(codes))
                .all(&tx)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect();
            select = select.filter(appeal::Column::ServiceTypeId.is_in(found));
        }
        let statuses = list_of(params, "status");
        if !statuses.is_empty() {
            let mut wanted = Vec::new();
            for s in statuses {
                let open = match s.as_str() {
                    "open" => true,
                    "closed" => false,
                    other => return Err(AppError::validation("status", format!("`{other}` is not open or closed"))),
                };
                wanted.extend(AppealStatus::ALL.iter().filter(|a| a.is_open() == open).map(|a| a.as_str()));
            }
            select = select.filter(appeal::Column::Status.is_in(wanted));
        }
    }
    let rows = select.all(&tx).await?;
    drop(tx);
    Ok(Value::Array(describe(ctx, params, base, rows).await?))
}

pub async fn one(ctx: &RequestCtx, params: &Params, base: &str, number: &str) -> AppResult<Value> {
    params.check_jurisdiction(ctx)?;
    let tx = ctx.tenant_tx().await?;
    let found = appeal::Entity::find().filter(appeal::Column::Number.eq(number)).one(&tx).await?;
    drop(tx);
    let found = found.ok_or_else(|| AppError::not_found(format!("service_request_id `{number}`")))?;
    Ok(Value::Array(describe(ctx, params, base, vec![found]).await?))
}

pub async fn token(ctx: &RequestCtx, params: &Params, token: &str) -> AppResult<Value> {
    params.check_jurisdiction(ctx)?;
    let valid = token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit());
    let tx = ctx.tenant_tx().await?;
    let found = match valid {
        true => {
            appeal::Entity::find()
                .filter(appeal::Column::IdempotencyKey.eq(format!("{KEY_PREFIX}{token}")))
                .one(&tx)
                .await?
        }
        false => None,
    };
    let found = found.ok_or_else(|| AppError::not_found(format!("token `{token}`")))?;
    Ok(json!([{ "service_request_id": found.number, "token": token }]))
}

/// Requests as the spec shows them, each as its public record (`appeals::public_record`):
/// phones, names, staff text, typed addresses, exact points, and the text and files of appeals
/// that did not come through Open311 are never published.
async fn describe(ctx: &RequestCtx, params: &Params, base: &str, rows: Vec<appeal::Model>) -> AppResult<Vec<Value>> {
    let lang = params.language(ctx);
    let tx = ctx.tenant_tx().await?;
    let mut service_ids: Vec<i64> = rows.iter().map(|a| a.service_type_id).collect();
    let mut org_ids: Vec<i64> = rows.iter().filter_map(|a| a.organization_id).collect();
    let mut building_ids: Vec<i64> = rows.iter().filter_map(|a| a.building_id).collect();
    for ids in [&mut service_ids, &mut org_ids, &mut building_ids] {
        ids.sort_unstable();
        ids.dedup();
    }
    let services: HashMap<i64, service_type::Model> = service_type::Entity::find()
        .filter(service_type::Column::Id.is_in(service_ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let orgs: HashMap<i64, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let buildings: BTreeMap<i64, building::Model> = building::Entity::find()
        .filter(building::Column::Id.is_in(building_ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let files = media::posted_files(&tx, &rows).await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let status = AppealStatus::parse(&a.status).map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
        let service = services.get(&a.service_type_id);
        let org = a.organization_id.and_then(|o| orgs.get(&o));
        let place = a.building_id.and_then(|b| buildings.get(&b));
        let public = public_record::of(&a, place);
        out.push(json!({
            "service_request_id": a.number,
            "status": if status.is_open() { "open" } else { "closed" },
            "status_notes": public.note,
            "service_name": service.map(|s| names(&s.name_kk, &s.name_ru, &s.name_en).get(lang).to_owned()),
            "service_code": service.map(|s| s.code.clone()),
            "description": public.description,
            "agency_responsible": org.map(|o| names(&o.name_kk, &o.name_ru, &o.name_en).get(lang).to_owned()),
            "service_notice": Value::Null,
            "requested_datetime": w3c(ctx, a.registered_at)?,
            "updated_datetime": w3c(ctx, public.updated_at)?,
            "expected_datetime": w3c(ctx, a.due_at)?,
            "address": public.address,
            "address_id": public.address_id,
            "zipcode": Value::Null,
            "lat": public.lat,
            "long": public.lon,
            "media_url": files.get(&a.id).map(|f| media::url(base, f)),
        }));
    }
    Ok(out)
}
