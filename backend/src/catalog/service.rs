use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TryIntoModel,
};
use serde_json::json;

use super::attributes::{self, ServiceAttribute};
use super::import::{apply_rows, ImportCounts};
use super::model::{category, service_type, sphere};
use super::search;
use super::{AppealType, Deadline, Responsible};
use crate::access::Role;
use crate::audit;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;
use crate::infra::paging::{self, PageInfo, PageRequest};
use crate::orgs::service::READERS;

crate::string_enum! {
    /// A level of the catalog tree.
    CatalogLevel { Sphere = "sphere", Category = "category", ServiceType = "service_type" }
}

/// A service type whose category or sphere is deactivated is out of use too.
pub const ACTIVE_BRANCH: &str = "category_id IN (SELECT c.id FROM catalog_categories c JOIN catalog_spheres s ON s.id = c.sphere_id WHERE c.active AND s.active)";

/// The service types a city offers: each, its category and its sphere active. The one rule every
/// door lists and registers by (the catalog, Open311, the Telegram bot, registration).
pub fn offered() -> sea_orm::Select<service_type::Entity> {
    service_type::Entity::find().filter(offered_condition())
}

/// `offered` as a condition, for a query that filters further.
fn offered_condition() -> sea_orm::Condition {
    sea_orm::Condition::all().add(service_type::Column::Active.eq(true)).add(Expr::cust(ACTIVE_BRANCH))
}

/// Whether a service type can take appeals (see `offered`).
pub async fn in_use(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<service_type::Model>> {
    Ok(offered().filter(service_type::Column::Id.eq(id)).one(conn).await?)
}

#[derive(Default, Debug)]
pub struct ServiceTypeFilter {
    pub category_id: Option<i64>,
    pub appeal_type: Option<AppealType>,
    pub search: Option<String>,
    pub include_inactive: bool,
}

#[derive(Debug, Clone)]
pub struct ServiceTypeFields {
    pub code: String,
    pub category_id: i64,
    pub name: LocalizedText,
    pub appeal_type: AppealType,
    /// An organization kind or `housing`.
    pub responsible: String,
    pub default_org_id: Option<i64>,
    /// `24h` or `15wd`.
    pub deadline: String,
    pub first_call_answer: Option<LocalizedText>,
    pub requires_photo: bool,
    /// None keeps the current questions.
    pub attributes: Option<Vec<ServiceAttribute>>,
    /// Words people use for it besides its name; none keeps the current ones.
    pub keywords: Option<LocalizedText>,
}

pub async fn spheres(ctx: &RequestCtx, include_inactive: bool) -> AppResult<Vec<sphere::Model>> {
    ctx.require_if(include_inactive, READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = sphere::Entity::find().order_by_asc(sphere::Column::SortOrder).order_by_asc(sphere::Column::Id);
    if !include_inactive {
        select = select.filter(sphere::Column::Active.eq(true));
    }
    Ok(select.all(&tx).await?)
}

pub async fn categories(ctx: &RequestCtx, sphere_id: i64, include_inactive: bool) -> AppResult<Vec<category::Model>> {
    ctx.require_if(include_inactive, READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = category::Entity::find()
        .filter(category::Column::SphereId.eq(sphere_id))
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id);
    if !include_inactive {
        select = select.filter(category::Column::Active.eq(true));
    }
    Ok(select.all(&tx).await?)
}

pub async fn service_types(
    ctx: &RequestCtx,
    filter: ServiceTypeFilter,
    page: &PageRequest,
) -> AppResult<(Vec<service_type::Model>, PageInfo)> {
    ctx.require_if(filter.include_inactive, READERS)?;
    let tx = ctx.tenant_tx().await?;
    let mut select = service_type::Entity::find();
    if let Some(category) = filter.category_id {
        select = select.filter(service_type::Column::CategoryId.eq(category));
    }
    if let Some(kind) = filter.appeal_type {
        select = select.filter(service_type::Column::AppealType.eq(kind.as_str()));
    }
    if !filter.include_inactive {
        select = select.filter(offered_condition());
    }
    match filter.search.filter(|s| !s.trim().is_empty()) {
        Some(query) => paging::slice(ranked(&tx, select, &query).await?, page),
        None => paging::fetch(&tx, select, service_type::Column::Id, page, |s| s.id).await,
    }
}

/// The service types of `select` that match `query`, best first (`catalog::search`). A city's
/// catalog is hundreds of entries, so they are ranked in memory.
async fn ranked(
    conn: &impl ConnectionTrait,
    select: sea_orm::Select<service_type::Entity>,
    query: &str,
) -> AppResult<Vec<service_type::Model>> {
    let types = select.all(conn).await?;
    let categories: HashMap<i64, category::Model> =
        category::Entity::find().all(conn).await?.into_iter().map(|c| (c.id, c)).collect();
    let spheres: HashMap<i64, sphere::Model> =
        sphere::Entity::find().all(conn).await?.into_iter().map(|s| (s.id, s)).collect();
    let none = LocalizedText::default();
    let indexed: Vec<search::Indexed> = types
        .iter()
        .map(|t| {
            let category = categories.get(&t.category_id);
            let sphere = category.and_then(|c| spheres.get(&c.sphere_id));
            let category_name = category.map(|c| LocalizedText::new(&c.name_kk, &c.name_ru, &c.name_en));
            let sphere_name = sphere.map(|s| LocalizedText::new(&s.name_kk, &s.name_ru, &s.name_en));
            search::index(
                t.id,
                &search::Texts {
                    code: &t.code,
                    name: &LocalizedText::new(&t.name_kk, &t.name_ru, &t.name_en),
                    keywords: &LocalizedText::new(&t.keywords_kk, &t.keywords_ru, &t.keywords_en),
                    category: category_name.as_ref().unwrap_or(&none),
                    sphere: sphere_name.as_ref().unwrap_or(&none),
                },
            )
        })
        .collect();
    let mut by_id: HashMap<i64, service_type::Model> = types.into_iter().map(|t| (t.id, t)).collect();
    Ok(search::rank(query, &indexed).into_iter().filter_map(|id| by_id.remove(&id)).collect())
}

pub async fn service_type(ctx: &RequestCtx, id: i64) -> AppResult<service_type::Model> {
    let staff = ctx.require(READERS).is_ok();
    let tx = ctx.tenant_tx().await?;
    service_type::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|found| staff || found.active)
        .ok_or_else(|| AppError::not_found(format!("service type {id}")))
}

/// Creates (`id` none) or updates a sphere.
pub async fn save_sphere(
    ctx: &RequestCtx,
    id: Option<i64>,
    code: String,
    name: LocalizedText,
    sort_order: Option<i32>,
) -> AppResult<sphere::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    check_names(&code, &name)?;
    let tx = ctx.tenant_tx().await?;
    let now = Utc::now();
    let mut model = match id {
        Some(id) => sphere::ActiveModel::from(
            sphere::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::not_found(format!("sphere {id}")))?,
        ),
        None => {
            sphere::ActiveModel { active: Set(true), created_at: Set(now), sort_order: Set(0), ..Default::default() }
        }
    };
    model.code = Set(code);
    model.name_kk = Set(name.kk);
    model.name_ru = Set(name.ru);
    model.name_en = Set(name.en);
    if let Some(order) = sort_order {
        model.sort_order = Set(order);
    }
    model.updated_at = Set(now);
    let saved = model.save(&tx).await?.try_into_model()?;
    audit::record(
        &tx,
        &actor,
        "catalog.sphere.save",
        "catalog_sphere",
        Some(saved.id.to_string()),
        json!({ "code": saved.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Creates (`id` none) or updates a category.
pub async fn save_category(
    ctx: &RequestCtx,
    id: Option<i64>,
    sphere_id: i64,
    code: String,
    name: LocalizedText,
    sort_order: Option<i32>,
) -> AppResult<category::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    check_names(&code, &name)?;
    let tx = ctx.tenant_tx().await?;
    if sphere::Entity::find_by_id(sphere_id).one(&tx).await?.is_none() {
        return Err(AppError::validation("sphereId", format!("no sphere {sphere_id}")));
    }
    let now = Utc::now();
    let mut model = match id {
        Some(id) => category::ActiveModel::from(
            category::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or_else(|| AppError::not_found(format!("category {id}")))?,
        ),
        None => {
            category::ActiveModel { active: Set(true), created_at: Set(now), sort_order: Set(0), ..Default::default() }
        }
    };
    model.code = Set(code);
    model.sphere_id = Set(sphere_id);
    model.name_kk = Set(name.kk);
    model.name_ru = Set(name.ru);
    model.name_en = Set(name.en);
    if let Some(order) = sort_order {
        model.sort_order = Set(order);
    }
    model.updated_at = Set(now);
    let saved = model.save(&tx).await?.try_into_model()?;
    audit::record(
        &tx,
        &actor,
        "catalog.category.save",
        "catalog_category",
        Some(saved.id.to_string()),
        json!({ "code": saved.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Creates (`id` none) or updates a service type.
pub async fn save_service_type(
    ctx: &RequestCtx,
    id: Option<i64>,
    f: ServiceTypeFields,
) -> AppResult<service_type::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    check_names(&f.code, &f.name)?;
    let responsible = Responsible::parse(&f.responsible).map_err(|m| AppError::validation("responsible", m))?;
    let deadline = Deadline::parse(&f.deadline).map_err(|m| AppError::validation("deadline", m))?;
    let answer = f.first_call_answer.filter(|a| a.missing().is_none());
    if f.appeal_type == AppealType::InformationRequest && answer.is_none() {
        return Err(AppError::validation(
            "firstCallAnswer",
            "an information request needs the answer in kk, ru and en",
        ));
    }
    if let Some(questions) = &f.attributes {
        attributes::check(questions).map_err(|(field, message)| AppError::validation(field, message))?;
    }
    let tx = ctx.tenant_tx().await?;
    if category::Entity::find_by_id(f.category_id).one(&tx).await?.is_none() {
        return Err(AppError::validation("categoryId", format!("no category {}", f.category_id)));
    }
    if let Some(org) = f.default_org_id {
        crate::orgs::service::find(&tx, org)
            .await
            .map_err(|_| AppError::validation("defaultOrgId", format!("no organization {org}")))?;
    }
    let now = Utc::now();
    let mut model = match id {
        Some(id) => service_type::ActiveModel::from(find_service_type(&tx, id).await?),
        None => service_type::ActiveModel { active: Set(true), created_at: Set(now), ..Default::default() },
    };
    model.search_text = Set(f.name.search_text(&f.code));
    model.code = Set(f.code);
    model.category_id = Set(f.category_id);
    model.name_kk = Set(f.name.kk);
    model.name_ru = Set(f.name.ru);
    model.name_en = Set(f.name.en);
    model.appeal_type = Set(f.appeal_type.as_str().into());
    model.responsible = Set(responsible.as_str().into());
    model.default_org_id = Set(f.default_org_id);
    model.deadline_value = Set(deadline.value);
    model.deadline_unit = Set(deadline.unit.as_str().into());
    model.first_call_answer_kk = Set(answer.as_ref().map(|a| a.kk.clone()));
    model.first_call_answer_ru = Set(answer.as_ref().map(|a| a.ru.clone()));
    model.first_call_answer_en = Set(answer.map(|a| a.en));
    model.requires_photo = Set(f.requires_photo);
    if let Some(words) = &f.keywords {
        model.keywords_kk = Set(words.kk.trim().to_owned());
        model.keywords_ru = Set(words.ru.trim().to_owned());
        model.keywords_en = Set(words.en.trim().to_owned());
    }
    if let Some(questions) = &f.attributes {
        model.attributes = Set(attributes::to_json(questions));
    }
    model.updated_at = Set(now);
    let saved = model.save(&tx).await?.try_into_model()?;
    audit::record(
        &tx,
        &actor,
        "catalog.service_type.save",
        "service_type",
        Some(saved.id.to_string()),
        json!({ "code": saved.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn set_active(ctx: &RequestCtx, level: CatalogLevel, id: i64, active: bool) -> AppResult<bool> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let now = Utc::now();
    let found = match level {
        CatalogLevel::Sphere => {
            sphere::Entity::update_many()
                .col_expr(sphere::Column::Active, active.into())
                .col_expr(sphere::Column::UpdatedAt, now.into())
                .filter(sphere::Column::Id.eq(id))
                .exec(&tx)
                .await?
        }
        CatalogLevel::Category => {
            category::Entity::update_many()
                .col_expr(category::Column::Active, active.into())
                .col_expr(category::Column::UpdatedAt, now.into())
                .filter(category::Column::Id.eq(id))
                .exec(&tx)
                .await?
        }
        CatalogLevel::ServiceType => {
            service_type::Entity::update_many()
                .col_expr(service_type::Column::Active, active.into())
                .col_expr(service_type::Column::UpdatedAt, now.into())
                .filter(service_type::Column::Id.eq(id))
                .exec(&tx)
                .await?
        }
    };
    if found.rows_affected == 0 {
        return Err(AppError::not_found(format!("{level} {id}")));
    }
    audit::record(
        &tx,
        &actor,
        if active { "catalog.activate" } else { "catalog.deactivate" },
        level.as_str(),
        Some(id.to_string()),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(active)
}

/// Imports a catalog CSV (docs/tenant-manifest.md) in one transaction: all rows or none.
pub async fn import_csv(ctx: &RequestCtx, source: &str, text: &str) -> AppResult<ImportCounts> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let rows = super::csv::parse(source, text).map_err(|errors| AppError::validation("csv", errors.join("\n")))?;
    let tx = ctx.tenant_tx().await?;
    let counts = apply_rows(&tx, &rows).await?.map_err(|m| AppError::validation("csv", m))?;
    audit::record(
        &tx,
        &actor,
        "catalog.import",
        "catalog",
        None,
        json!({ "source": source, "created": counts.created, "updated": counts.updated }),
    )
    .await?;
    tx.commit().await?;
    Ok(counts)
}

async fn find_service_type(conn: &impl ConnectionTrait, id: i64) -> AppResult<service_type::Model> {
    service_type::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("service type {id}")))
}

fn check_names(code: &str, name: &LocalizedText) -> AppResult<()> {
    crate::validate::code(code).map_err(|m| AppError::validation("code", m))?;
    match name.missing() {
        Some(lang) => Err(AppError::validation(format!("name.{lang}"), "must not be empty")),
        None => Ok(()),
    }
}
