//! Creating or updating a tenant from its manifest, atomically.
//!
//! How each backend makes that atomic is `infra::migrate::provision_tenant`'s concern.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::manifest::Manifest;
use crate::audit;
use crate::buildings;
use crate::buildings::roles::{BuildingRole, Serves};
use crate::buildings::service::{BuildingFields, PastManagement};
use crate::catalog::import::{apply_rows, ImportCounts};
use crate::error::{AppError, AppResult};
use crate::infra::migrate::{provision_tenant, Provision};
use crate::infra::Db;
use crate::orgs;
use crate::orgs::service::OrgFields;
use crate::routing::service::RuleFields;
use crate::tenancy::model::tenant;

/// What applying a manifest did.
#[derive(Debug, Clone)]
pub struct OnboardReport {
    pub slug: String,
    /// False when the tenant existed and was updated.
    pub created: bool,
    /// False when the manifest was unchanged since it was last applied, so nothing was written.
    pub applied: bool,
    pub organizations: i32,
    pub buildings: i32,
    pub service_types: ImportCounts,
}

/// Applies `manifest`; with `force` false an unchanged manifest is skipped.
pub async fn onboard(db: &Db, manifest: &Manifest, actor: &str, force: bool) -> AppResult<OnboardReport> {
    let slug = &manifest.slug;
    let existing = tenant::Entity::find().filter(tenant::Column::Slug.eq(slug.as_str())).one(db.platform()).await?;
    let mut report = OnboardReport {
        slug: slug.to_string(),
        created: existing.is_none(),
        applied: false,
        organizations: manifest.organizations.len() as i32,
        buildings: manifest.buildings.len() as i32,
        service_types: ImportCounts::default(),
    };
    if !force && existing.as_ref().is_some_and(|t| t.manifest_sha256 == manifest.sha256) {
        return Ok(report);
    }
    report.applied = true;
    let job = Onboarding { manifest, existing, actor };
    report.service_types = provision_tenant(db, slug, &job).await?;
    Ok(report)
}

/// A manifest applied: the tenant's platform row, then its organizations, buildings and catalog.
struct Onboarding<'a> {
    manifest: &'a Manifest,
    existing: Option<tenant::Model>,
    actor: &'a str,
}

impl Provision for Onboarding<'_> {
    type Output = ImportCounts;

    async fn register(&self, platform: &DatabaseTransaction) -> AppResult<()> {
        save_tenant_row(platform, self.manifest, self.existing.clone(), self.actor).await
    }

    async fn fill(&self, tenant: &DatabaseTransaction) -> AppResult<ImportCounts> {
        apply_data(tenant, self.manifest, self.actor).await
    }
}

/// Writes the platform's row of the tenant and its audit entry.
async fn save_tenant_row(
    conn: &impl ConnectionTrait,
    m: &Manifest,
    existing: Option<tenant::Model>,
    actor: &str,
) -> AppResult<()> {
    let t = &m.tenant;
    let now = Utc::now();
    let mut row = match existing {
        Some(found) => tenant::ActiveModel::from(found),
        None => tenant::ActiveModel { status: Set("active".into()), created_at: Set(now), ..Default::default() },
    };
    row.slug = Set(m.slug.to_string());
    row.brand = Set(t.brand.clone());
    row.name_kk = Set(t.name.kk.clone());
    row.name_ru = Set(t.name.ru.clone());
    row.name_en = Set(t.name.en.clone());
    row.city_kk = Set(t.city.kk.clone());
    row.city_ru = Set(t.city.ru.clone());
    row.city_en = Set(t.city.en.clone());
    row.time_zone = Set(t.time_zone.clone());
    row.default_language = Set(m.default_language.code().into());
    row.appeal_prefix = Set(t.appeal_prefix.clone());
    row.phone = Set(t.phone.clone());
    row.domain = Set(t.domain.clone().map(|d| d.to_ascii_lowercase()));
    row.map_lat = Set(t.map.lat);
    row.map_lon = Set(t.map.lon);
    row.map_zoom = Set(t.map.zoom);
    row.manifest_sha256 = Set(m.sha256.clone());
    row.updated_at = Set(now);
    row.save(conn).await?;
    audit::record(conn, actor, "tenant.onboard", "tenant", Some(m.slug.to_string()), json!({ "sha256": m.sha256 }))
        .await?;
    Ok(())
}

/// Writes the manifest's routing rules by code, positioned in the order written (10, 20, ...).
async fn apply_routing(
    conn: &impl ConnectionTrait,
    m: &Manifest,
    org_ids: &HashMap<String, i64>,
    building_ids: &HashMap<String, i64>,
) -> AppResult<()> {
    use crate::catalog::model::{category, service_type, sphere};
    if m.routing.is_empty() {
        return Ok(());
    }
    // The catalog's ids by code, read once (the manifest's check already found every code).
    let service_types: HashMap<String, i64> =
        service_type::Entity::find().all(conn).await?.into_iter().map(|t| (t.code, t.id)).collect();
    let categories: HashMap<String, i64> =
        category::Entity::find().all(conn).await?.into_iter().map(|c| (c.code, c.id)).collect();
    let spheres: HashMap<String, i64> =
        sphere::Entity::find().all(conn).await?.into_iter().map(|s| (s.code, s.id)).collect();
    for (i, r) in m.routing.iter().enumerate() {
        let field = format!("routing.{}", r.code);
        let id_of = |ids: &HashMap<String, i64>, what: &str, code: &Option<String>| match code {
            Some(code) => ids
                .get(code)
                .copied()
                .map(Some)
                .ok_or_else(|| AppError::validation(&field, format!("no {what} `{code}`"))),
            None => Ok(None),
        };
        let service_type_id = id_of(&service_types, "service type", &r.service_type)?;
        let category_id = id_of(&categories, "category", &r.category)?;
        let sphere_id = id_of(&spheres, "sphere", &r.sphere)?;
        let fields = RuleFields {
            code: r.code.clone(),
            position: (i as i32 + 1) * 10,
            service_type_id,
            category_id,
            sphere_id,
            district: r.district.clone(),
            building_ids: r.buildings.iter().filter_map(|c| building_ids.get(c).copied()).collect(),
            org_id: r.org.as_ref().and_then(|c| org_ids.get(c).copied()),
            role: r.role.as_deref().and_then(|role| BuildingRole::parse(role).ok()),
            note: r.note.clone(),
            active: true,
        };
        crate::routing::service::upsert_by_code(conn, &fields).await?;
    }
    Ok(())
}

/// Writes organizations, buildings (with their management history) and the catalog, keyed by code.
async fn apply_data(conn: &impl ConnectionTrait, m: &Manifest, actor: &str) -> AppResult<ImportCounts> {
    if let Some(branding) = &m.tenant.branding {
        branding.store(conn).await?;
    }
    for district in &m.districts {
        buildings::districts::upsert(conn, &district.code, &district.name).await?;
    }
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    for (org, kind) in &m.organizations {
        let fields = OrgFields {
            bin: org.bin.clone(),
            district: org.district.clone(),
            phone: org.phone.clone(),
            email: org.email.clone(),
            head: org.head.clone(),
            ..Default::default()
        };
        let saved = orgs::service::upsert_by_code(conn, &org.code, *kind, &org.name, fields).await?;
        org_ids.insert(saved.code, saved.id);
    }
    let mut building_ids: HashMap<String, i64> = HashMap::new();
    for (b, form) in &m.buildings {
        let fields = BuildingFields {
            code: Some(b.code.clone()),
            address: Some(b.address.clone()),
            address_kk: Some(b.address_kk.clone().unwrap_or_default()),
            district: Some(b.district.clone().unwrap_or_default()),
            lat: Some(b.lat),
            lon: Some(b.lon),
            apartments: Some(b.apartments),
            floors: b.floors,
            management_form: Some(*form),
            managing_org_id: org_ids.get(&b.managing_org).copied(),
            served_by: None,
        };
        let history: Vec<PastManagement> = b
            .management_history
            .iter()
            .map(|h| PastManagement {
                form: h.form.clone(),
                org_id: org_ids.get(&h.org).copied(),
                since: h.since,
                until: h.until,
            })
            .collect();
        let saved = buildings::service::upsert_by_code(conn, fields, &history).await?;
        let serving: Vec<Serves> = b
            .serving()
            .into_iter()
            .filter_map(|(role, entrance, org)| {
                org_ids.get(&org).map(|org_id| Serves { role_code: role, entrance, org_id: *org_id })
            })
            .collect();
        buildings::serving::replace(conn, saved.id, &serving, &format!("buildings.{}.served_by", b.code)).await?;
        building_ids.insert(saved.code, saved.id);
    }
    let counts = apply_rows(conn, &m.catalog).await?.map_err(|message| AppError::validation("catalog", message))?;
    apply_routing(conn, m, &org_ids, &building_ids).await?;
    audit::record(
        conn,
        actor,
        "tenant.manifest_applied",
        "tenant",
        Some(m.slug.to_string()),
        json!({ "sha256": m.sha256, "service_types": { "created": counts.created, "updated": counts.updated } }),
    )
    .await?;
    Ok(counts)
}
