use async_graphql::{Context, InputObject, Object, SimpleObject};

use super::branding::{self, Branding};
use super::onboard::OnboardReport;
use super::service;
use crate::catalog::graphql::ImportCountsGql;
use crate::error::AppError;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::request;
use crate::i18n::{Language, LocalizedText};
use crate::tenancy::model::tenant;

/// A city as the platform admin manages it.
#[derive(SimpleObject)]
pub struct TenantSummary {
    pub slug: String,
    pub brand: String,
    pub name: LocalizedText,
    pub status: String,
    pub domain: Option<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<tenant::Model> for TenantSummary {
    fn from(t: tenant::Model) -> Self {
        Self {
            name: LocalizedText::new(t.name_kk, t.name_ru, t.name_en),
            slug: t.slug,
            brand: t.brand,
            status: t.status,
            domain: t.domain,
            updated_at: t.updated_at,
        }
    }
}

/// The public face of the city this request is for: no login needed.
#[derive(SimpleObject)]
pub struct CurrentTenant {
    pub slug: String,
    pub brand: String,
    pub name: LocalizedText,
    pub city: LocalizedText,
    pub phone: String,
    pub time_zone: String,
    pub default_language: Language,
    pub languages: Vec<Language>,
    pub appeal_prefix: String,
    pub map_lat: f64,
    pub map_lon: f64,
    pub map_zoom: i32,
    pub branding: BrandingGql,
}

/// A city served by this deployment, as the front page lists it.
#[derive(SimpleObject)]
pub struct City {
    pub slug: String,
    pub brand: String,
    pub city: LocalizedText,
    pub phone: String,
}

#[derive(Default)]
pub struct TenancyQuery;

#[Object]
impl TenancyQuery {
    async fn current_tenant(&self, ctx: &Context<'_>) -> async_graphql::Result<CurrentTenant> {
        let t = request(ctx)?.tenant().map_err(|e: AppError| e).gql()?;
        Ok(CurrentTenant {
            slug: t.slug.to_string(),
            brand: t.brand.clone(),
            name: t.name.clone(),
            city: t.city.clone(),
            phone: t.phone.clone(),
            time_zone: t.time_zone.name().to_owned(),
            default_language: t.default_language,
            languages: Language::ALL.to_vec(),
            appeal_prefix: t.appeal_prefix.clone(),
            map_lat: t.map.0,
            map_lon: t.map.1,
            map_zoom: t.map.2,
            branding: branding::get(request(ctx)?).await.gql()?.into(),
        })
    }

    /// The cities open on this deployment, for the front page (no login).
    async fn cities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<City>> {
        let all = request(ctx)?.state.tenants.all().await.map_err(AppError::from).gql()?;
        Ok(all
            .iter()
            .filter(|t| !t.suspended)
            .map(|t| City {
                slug: t.slug.to_string(),
                brand: t.brand.clone(),
                city: t.city.clone(),
                phone: t.phone.clone(),
            })
            .collect())
    }

    /// Every city on this deployment (platform admins).
    async fn tenants(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TenantSummary>> {
        Ok(service::list(request(ctx)?).await.gql()?.into_iter().map(TenantSummary::from).collect())
    }
}

#[derive(Default)]
pub struct TenancyMutation;

#[Object]
impl TenancyMutation {
    /// Creates a city from a TOML manifest, or updates it when the slug exists (platform admins).
    async fn onboard_tenant(&self, ctx: &Context<'_>, manifest: String) -> async_graphql::Result<OnboardReportGql> {
        service::onboard_text(request(ctx)?, &manifest).await.map(Into::into).gql()
    }

    /// The city's brand color and map tiles (city admins).
    async fn set_branding(&self, ctx: &Context<'_>, input: BrandingGql) -> async_graphql::Result<BrandingGql> {
        branding::save(request(ctx)?, input.into()).await.map(Into::into).gql()
    }

    /// A suspended city answers every request with 403 until it is resumed.
    async fn set_tenant_suspended(
        &self,
        ctx: &Context<'_>,
        slug: String,
        suspended: bool,
    ) -> async_graphql::Result<TenantSummary> {
        service::set_status(request(ctx)?, &slug, suspended).await.map(TenantSummary::from).gql()
    }
}

/// What applying a manifest did.
#[derive(SimpleObject)]
#[graphql(name = "OnboardReport")]
pub struct OnboardReportGql {
    pub slug: String,
    /// False when the tenant existed and was updated.
    pub created: bool,
    /// False when the manifest was unchanged since it was last applied, so nothing was written.
    pub applied: bool,
    pub organizations: i32,
    pub buildings: i32,
    pub service_types: ImportCountsGql,
}

impl From<OnboardReport> for OnboardReportGql {
    fn from(r: OnboardReport) -> Self {
        Self {
            slug: r.slug,
            created: r.created,
            applied: r.applied,
            organizations: r.organizations,
            buildings: r.buildings,
            service_types: r.service_types.into(),
        }
    }
}

#[derive(SimpleObject, InputObject)]
#[graphql(name = "Branding", input_name = "BrandingInput")]
pub struct BrandingGql {
    /// The brand color, `#rrggbb`.
    pub color: String,
    /// A tile server template with `{z}`, `{x}` and `{y}`; empty: maps draw without tiles.
    pub tile_url: String,
    /// The attribution the tile server requires.
    pub tile_attribution: String,
}

impl From<Branding> for BrandingGql {
    fn from(b: Branding) -> Self {
        Self { color: b.color, tile_url: b.tile_url, tile_attribution: b.tile_attribution }
    }
}

impl From<BrandingGql> for Branding {
    fn from(b: BrandingGql) -> Self {
        Self { color: b.color, tile_url: b.tile_url, tile_attribution: b.tile_attribution }
    }
}
