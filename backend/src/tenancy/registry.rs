//! The tenants this deployment serves, read from the platform table and kept for a few seconds,
//! so that a request costs no platform query and a tenant added or suspended on another replica
//! is seen within `tenant_cache_ttl_secs`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use sea_orm::EntityTrait;
use tokio::sync::RwLock;

use super::model::tenant;
use super::Slug;
use crate::config::Config;
use crate::i18n::{Language, LocalizedText};
use crate::infra::Db;

/// A tenant as requests see it.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: i64,
    pub slug: Slug,
    pub brand: String,
    pub name: LocalizedText,
    pub city: LocalizedText,
    pub time_zone: chrono_tz::Tz,
    pub default_language: Language,
    pub appeal_prefix: String,
    pub phone: String,
    pub domain: Option<String>,
    pub map: (f64, f64, i32),
    pub suspended: bool,
}

impl Tenant {
    fn from_row(row: tenant::Model) -> anyhow::Result<Self> {
        Ok(Self {
            id: row.id,
            slug: Slug::parse_stored(&row.slug).map_err(anyhow::Error::msg)?,
            brand: row.brand,
            name: LocalizedText::new(row.name_kk, row.name_ru, row.name_en),
            city: LocalizedText::new(row.city_kk, row.city_ru, row.city_en),
            time_zone: row.time_zone.parse().map_err(|_| anyhow::anyhow!("bad time zone {}", row.time_zone))?,
            default_language: Language::parse(&row.default_language).unwrap_or_default(),
            appeal_prefix: row.appeal_prefix,
            phone: row.phone,
            domain: row.domain,
            map: (row.map_lat, row.map_lon, row.map_zoom),
            suspended: row.status == "suspended",
        })
    }

    /// Where the city is reached from outside, for links in messages and for webhooks:
    /// `<public_url>/t/<slug>`, else on the city's own domain, else on `<slug>.<base_domain>`.
    pub fn web_address(&self, config: &Config) -> String {
        match (&config.public_url, &self.domain) {
            (Some(base), _) => format!("{}/t/{}", base.trim_end_matches('/'), self.slug),
            (None, Some(domain)) => format!("https://{domain}/t/{}", self.slug),
            (None, None) => format!("https://{}.{}/t/{}", self.slug, config.base_domain, self.slug),
        }
    }
}

#[derive(Default)]
struct Snapshot {
    by_slug: HashMap<String, Arc<Tenant>>,
    by_domain: HashMap<String, Arc<Tenant>>,
    loaded: Option<Instant>,
}

pub struct Registry {
    db: Db,
    ttl: Duration,
    snapshot: RwLock<Snapshot>,
}

impl Registry {
    pub fn new(db: Db, ttl: Duration) -> Self {
        Self { db, ttl, snapshot: RwLock::new(Snapshot::default()) }
    }

    pub async fn by_slug(&self, slug: &str) -> anyhow::Result<Option<Arc<Tenant>>> {
        self.find(|s| s.by_slug.get(slug).cloned()).await
    }

    pub async fn by_domain(&self, host: &str) -> anyhow::Result<Option<Arc<Tenant>>> {
        self.find(|s| s.by_domain.get(host).cloned()).await
    }

    pub async fn all(&self) -> anyhow::Result<Vec<Arc<Tenant>>> {
        self.find(|_| None).await?;
        let mut all: Vec<_> = self.snapshot.read().await.by_slug.values().cloned().collect();
        all.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(all)
    }

    /// Forgets the snapshot, so the next lookup reads the platform table (after a change here).
    pub async fn invalidate(&self) {
        self.snapshot.write().await.loaded = None;
    }

    async fn find(&self, pick: impl Fn(&Snapshot) -> Option<Arc<Tenant>>) -> anyhow::Result<Option<Arc<Tenant>>> {
        {
            let snapshot = self.snapshot.read().await;
            let fresh = snapshot.loaded.is_some_and(|at| at.elapsed() < self.ttl);
            // A miss re-reads at most once a second, so unknown names cannot hammer the database.
            let recent = snapshot.loaded.is_some_and(|at| at.elapsed() < Duration::from_secs(1));
            match pick(&snapshot) {
                Some(found) if fresh => return Ok(Some(found)),
                None if recent => return Ok(None),
                _ => {}
            }
        }
        self.reload().await?;
        Ok(pick(&*self.snapshot.read().await))
    }

    async fn reload(&self) -> anyhow::Result<()> {
        let rows = tenant::Entity::find().all(self.db.platform()).await.context("loading the tenant registry")?;
        let mut next = Snapshot { loaded: Some(Instant::now()), ..Default::default() };
        for row in rows {
            // One damaged row must not take every other city down with it.
            let slug = row.slug.clone();
            let tenant = match Tenant::from_row(row) {
                Ok(tenant) => Arc::new(tenant),
                Err(error) => {
                    tracing::error!(tenant.slug = %slug, error = %error, "A tenant row cannot be read; it is not served.");
                    continue;
                }
            };
            if let Some(domain) = &tenant.domain {
                next.by_domain.insert(domain.to_ascii_lowercase(), tenant.clone());
            }
            next.by_slug.insert(tenant.slug.to_string(), tenant);
        }
        *self.snapshot.write().await = next;
        Ok(())
    }
}
