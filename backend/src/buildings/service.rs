use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TryIntoModel,
};
use serde_json::json;

use super::geo::{bounding_box, distance_m};
use super::model::{building, management};
use super::roles::BuildingRole;
use super::ManagementForm;
use crate::access::Role;
use crate::audit;
use crate::catalog::import::ImportCounts;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::paging::{self, PageInfo, PageRequest};
use crate::orgs::service::READERS;
use crate::orgs::OrgKind;

#[derive(Default, Debug)]
pub struct BuildingFilter {
    pub district: Option<String>,
    pub managing_org_id: Option<i64>,
    pub search: Option<String>,
    pub include_inactive: bool,
}

/// Fields of a building; on update, `None` keeps the stored value.
#[derive(Default, Debug, Clone)]
pub struct BuildingFields {
    pub code: Option<String>,
    pub address: Option<String>,
    /// The address as written in Kazakh; an empty one is cleared.
    pub address_kk: Option<String>,
    pub district: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub apartments: Option<i32>,
    pub floors: Option<i32>,
    pub management_form: Option<ManagementForm>,
    pub managing_org_id: Option<i64>,
    /// Who else serves the building; `Some` replaces the rows, `None` keeps them.
    pub served_by: Option<Vec<super::roles::Serves>>,
}

pub async fn list(
    ctx: &RequestCtx,
    filter: BuildingFilter,
    page: &PageRequest,
) -> AppResult<(Vec<building::Model>, PageInfo)> {
    ctx.require_if(filter.include_inactive, READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = building::Entity::find();
    if let Some(district) = filter.district {
        select = select.filter(building::Column::District.eq(district));
    }
    if let Some(org) = filter.managing_org_id {
        select = select.filter(building::Column::ManagingOrgId.eq(org));
    }
    if let Some(search) = filter.search {
        // Every word of the query starts a word of the code or either address.
        for pattern in paging::word_patterns(&search) {
            select = select.filter(sea_orm::sea_query::ExprTrait::like(Expr::cust("(' ' || search_text)"), pattern));
        }
    }
    if !filter.include_inactive {
        select = select.filter(building::Column::Active.eq(true));
    }
    paging::fetch(&tx, select, building::Column::Id, page, |b| b.id).await
}

pub async fn get(ctx: &RequestCtx, id: i64) -> AppResult<building::Model> {
    let staff = ctx.require(READERS).is_ok();
    let tx = ctx.tenant_tx().await?;
    let found = find(&tx, id).await?;
    if !staff && !found.active {
        return Err(AppError::not_found(format!("building {id}")));
    }
    Ok(found)
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> AppResult<building::Model> {
    building::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found(format!("building {id}")))
}

/// The active building standing nearest a point, within `radius_m`, with its distance: where a
/// resident shares a location (Telegram, Open311, the portal's map) instead of naming a building.
pub async fn nearest_active(
    conn: &impl ConnectionTrait,
    lat: f64,
    lon: f64,
    radius_m: f64,
) -> AppResult<Option<(building::Model, f64)>> {
    let ((lat_lo, lat_hi), (lon_lo, lon_hi)) = bounding_box(lat, lon, radius_m);
    let near = building::Entity::find()
        .filter(building::Column::Lat.between(lat_lo, lat_hi))
        .filter(building::Column::Lon.between(lon_lo, lon_hi))
        .filter(building::Column::Active.eq(true))
        .limit(500)
        .all(conn)
        .await?;
    Ok(near
        .into_iter()
        .map(|b| {
            let d = distance_m((lat, lon), (b.lat, b.lon));
            (b, d)
        })
        .filter(|(_, d)| *d <= radius_m)
        .min_by(|a, b| a.1.total_cmp(&b.1)))
}

/// Who serves the building besides its manager, by role and entrance.
pub async fn served_by(ctx: &RequestCtx, building_id: i64) -> AppResult<Vec<super::roles::Serves>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    super::serving::of(&tx, building_id).await
}

pub async fn history(ctx: &RequestCtx, building_id: i64) -> AppResult<Vec<management::Model>> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    Ok(management::Entity::find()
        .filter(management::Column::BuildingId.eq(building_id))
        .order_by_asc(management::Column::Since)
        .all(&tx)
        .await?)
}

pub async fn create(ctx: &RequestCtx, fields: BuildingFields) -> AppResult<building::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let (Some(code), Some(_), Some(_), Some(_), Some(form), Some(org)) =
        (fields.code.clone(), &fields.address, fields.lat, fields.lon, fields.management_form, fields.managing_org_id)
    else {
        return Err(AppError::validation(
            "input",
            "code, address, lat, lon, managementForm and managingOrgId are required",
        ));
    };
    crate::validate::code(&code).map_err(|m| AppError::validation("code", m))?;
    let tx = ctx.tenant_tx().await?;
    let now = Utc::now();
    let mut model = building::ActiveModel {
        code: Set(code.clone()),
        apartments: Set(0),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&tx, &mut model, &fields, &code).await?;
    let saved = model.insert(&tx).await?;
    record_management(&tx, saved.id, form, Some(org), now.date_naive()).await?;
    if let Some(rows) = &fields.served_by {
        super::serving::replace(&tx, saved.id, rows, "servedBy").await?;
    }
    audit::record(&tx, &actor, "building.create", "building", Some(saved.id.to_string()), json!({ "code": code }))
        .await?;
    tx.commit().await?;
    Ok(saved)
}

/// A closed period of a building's management, as a manifest records it.
pub struct PastManagement {
    pub form: String,
    pub org_id: Option<i64>,
    pub since: NaiveDate,
    pub until: NaiveDate,
}

/// Creates or updates a building by its code inside the caller's transaction (onboarding from a
/// manifest), with the admin screen's checks, and records its management history; the current
/// period starts where the last past one ended.
pub async fn upsert_by_code(
    conn: &impl ConnectionTrait,
    fields: BuildingFields,
    history: &[PastManagement],
) -> AppResult<building::Model> {
    let code = fields.code.clone().ok_or_else(|| AppError::validation("code", "a building needs a code"))?;
    crate::validate::code(&code).map_err(|m| AppError::validation("code", m))?;
    let now = Utc::now();
    let found = building::Entity::find().filter(building::Column::Code.eq(&code)).one(conn).await?;
    let mut model = match found {
        Some(found) => building::ActiveModel::from(found),
        None => building::ActiveModel {
            code: Set(code.clone()),
            apartments: Set(0),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        },
    };
    apply(conn, &mut model, &fields, &code).await?;
    let saved = model.save(conn).await?.try_into_model()?;
    let mut current_since = None;
    for past in history {
        let exists = management::Entity::find()
            .filter(management::Column::BuildingId.eq(saved.id))
            .filter(management::Column::Since.eq(past.since))
            .one(conn)
            .await?;
        if exists.is_none() {
            management::ActiveModel {
                building_id: Set(saved.id),
                form: Set(past.form.clone()),
                org_id: Set(past.org_id),
                since: Set(past.since),
                until: Set(Some(past.until)),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
        current_since = current_since.max(Some(past.until));
    }
    if let Some(form) = fields.management_form {
        let since = current_since.unwrap_or_else(|| now.date_naive());
        record_management(conn, saved.id, form, fields.managing_org_id, since).await?;
    }
    Ok(saved)
}

pub async fn update(ctx: &RequestCtx, id: i64, fields: BuildingFields) -> AppResult<building::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let current = find(&tx, id).await?;
    if fields.code.as_ref().is_some_and(|c| *c != current.code) {
        return Err(AppError::validation("code", "a code cannot change"));
    }
    let code = current.code.clone();
    let mut model: building::ActiveModel = current.into();
    apply(&tx, &mut model, &fields, &code).await?;
    let saved = model.update(&tx).await?;
    if let Ok(form) = ManagementForm::parse(&saved.management_form) {
        record_management(&tx, saved.id, form, saved.managing_org_id, Utc::now().date_naive()).await?;
    }
    if let Some(rows) = &fields.served_by {
        super::serving::replace(&tx, saved.id, rows, "servedBy").await?;
    }
    audit::record(&tx, &actor, "building.update", "building", Some(id.to_string()), json!({ "code": saved.code }))
        .await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn set_active(ctx: &RequestCtx, id: i64, active: bool) -> AppResult<building::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let mut model: building::ActiveModel = find(&tx, id).await?.into();
    model.active = Set(active);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&tx).await?;
    audit::record(
        &tx,
        &actor,
        if active { "building.activate" } else { "building.deactivate" },
        "building",
        Some(id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

async fn apply(
    conn: &impl ConnectionTrait,
    model: &mut building::ActiveModel,
    f: &BuildingFields,
    code: &str,
) -> AppResult<()> {
    if let Some(address) = &f.address {
        if address.trim().is_empty() {
            return Err(AppError::validation("address", "must not be empty"));
        }
        model.address = Set(address.trim().into());
    }
    if let Some(address_kk) = &f.address_kk {
        model.address_kk = Set(Some(address_kk.trim().to_owned()).filter(|a| !a.is_empty()));
    }
    let text = |v: &sea_orm::ActiveValue<String>| v.try_as_ref().cloned().unwrap_or_default();
    let kazakh = model.address_kk.try_as_ref().cloned().flatten().unwrap_or_default();
    model.search_text = Set(crate::words::normalize(&format!("{code} {} {kazakh}", text(&model.address))));
    if let Some(lat) = f.lat {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(AppError::validation("lat", "must be between -90 and 90"));
        }
        model.lat = Set(lat);
    }
    if let Some(lon) = f.lon {
        if !(-180.0..=180.0).contains(&lon) {
            return Err(AppError::validation("lon", "must be between -180 and 180"));
        }
        model.lon = Set(lon);
    }
    if let Some(apartments) = f.apartments {
        if !(0..=10_000).contains(&apartments) {
            return Err(AppError::validation("apartments", "must be between 0 and 10000"));
        }
        model.apartments = Set(apartments);
    }
    if let Some(floors) = f.floors {
        if !(1..=200).contains(&floors) {
            return Err(AppError::validation("floors", "must be between 1 and 200"));
        }
        model.floors = Set(Some(floors));
    }
    if let Some(district) = &f.district {
        model.district = Set(Some(district.trim().to_owned()).filter(|d| !d.is_empty()));
    }
    if let Some(form) = f.management_form {
        model.management_form = Set(form.as_str().into());
    }
    if let Some(org_id) = f.managing_org_id {
        let org = crate::orgs::service::find_active(conn, org_id)
            .await?
            .ok_or_else(|| AppError::validation("managingOrgId", format!("no active organization {org_id}")))?;
        if !OrgKind::parse(&org.kind).is_ok_and(|k| BuildingRole::Manager.takes(k)) {
            return Err(AppError::validation(
                "managingOrgId",
                "must be a KSK, OSI, management company or district akimat",
            ));
        }
        model.managing_org_id = Set(Some(org_id));
    }
    model.updated_at = Set(Utc::now());
    Ok(())
}

/// Makes (form, org) the building's open management period from `today`, closing the previous
/// one; nothing changes when they are already current.
pub async fn record_management(
    conn: &impl ConnectionTrait,
    building_id: i64,
    form: ManagementForm,
    org: Option<i64>,
    today: NaiveDate,
) -> AppResult<()> {
    let open = management::Entity::find()
        .filter(management::Column::BuildingId.eq(building_id))
        .filter(management::Column::Until.is_null())
        .one(conn)
        .await?;
    if let Some(open) = open {
        if open.form == form.as_str() && open.org_id == org {
            return Ok(());
        }
        if open.since >= today {
            // Changed again on the day it started: correct that period instead of adding one.
            let mut fix: management::ActiveModel = open.into();
            fix.form = Set(form.as_str().into());
            fix.org_id = Set(org);
            fix.update(conn).await?;
            return Ok(());
        }
        let mut close: management::ActiveModel = open.into();
        close.until = Set(Some(today));
        close.update(conn).await?;
    }
    management::ActiveModel {
        building_id: Set(building_id),
        form: Set(form.as_str().into()),
        org_id: Set(org),
        since: Set(today),
        until: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Creates or updates the buildings of a CSV (`csv::HEADER`) in one transaction, with who serves
/// each; a file with any wrong row changes nothing, and the error names the line.
pub async fn import_csv(ctx: &RequestCtx, text: &str) -> AppResult<ImportCounts> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let rows = super::csv::parse(text).map_err(|errors| AppError::validation("csv", errors.join("\n")))?;
    let tx = ctx.tenant_tx().await?;
    let orgs: std::collections::HashMap<String, i64> =
        crate::orgs::model::organization::Entity::find().all(&tx).await?.into_iter().map(|o| (o.code, o.id)).collect();
    let mut counts = ImportCounts { created: 0, updated: 0 };
    for (line, row) in &rows {
        let at_line = |e: AppError| match e {
            AppError::Validation { field, message } => {
                AppError::validation("csv", format!("line {line}: {field}: {message}"))
            }
            other => other,
        };
        let org = |code: &str, field: &str| {
            orgs.get(code)
                .copied()
                .ok_or_else(|| AppError::validation("csv", format!("line {line}: {field}: no organization `{code}`")))
        };
        if !row.district.is_empty() {
            super::districts::check(&tx, &row.district).await.map_err(at_line)?;
        }
        let form = ManagementForm::parse(&row.management_form)
            .map_err(|m| AppError::validation("csv", format!("line {line}: management_form: {m}")))?;
        let fields = BuildingFields {
            code: Some(row.code.clone()),
            address: Some(row.address.clone()),
            address_kk: Some(row.address_kk.clone()),
            district: Some(row.district.clone()),
            lat: Some(row.lat),
            lon: Some(row.lon),
            apartments: Some(row.apartments),
            floors: row.floors,
            management_form: Some(form),
            managing_org_id: Some(org(&row.managing_org, "managing_org")?),
            served_by: None,
        };
        let existed = building::Entity::find().filter(building::Column::Code.eq(&row.code)).one(&tx).await?.is_some();
        let saved = upsert_by_code(&tx, fields, &[]).await.map_err(at_line)?;
        let mut serving = Vec::new();
        for (role, code) in row.serving() {
            serving.push(super::roles::Serves {
                role_code: role.as_str().to_owned(),
                entrance: 0,
                org_id: org(code, role.as_str())?,
            });
        }
        super::serving::replace(&tx, saved.id, &serving, "served_by").await.map_err(at_line)?;
        if existed {
            counts.updated += 1;
        } else {
            counts.created += 1;
        }
    }
    audit::record(
        &tx,
        &actor,
        "building.import",
        "building",
        None,
        json!({ "created": counts.created, "updated": counts.updated }),
    )
    .await?;
    tx.commit().await?;
    Ok(counts)
}
