//! A city's manifest (docs/tenant-manifest.md): parsed, then checked as a whole, with every
//! error naming the file, the entry and the field.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::buildings::roles::{check_entrance, BuildingRole};
use crate::buildings::ManagementForm;
use crate::catalog::csv as catalog_csv;
use crate::catalog::import::{CatalogRow, RawServiceType};
use crate::i18n::{Language, LocalizedText};
use crate::orgs::{Bin, OrgKind};
use crate::tenancy::Slug;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    tenant: RawTenant,
    #[serde(default)]
    districts: Vec<RawDistrict>,
    #[serde(default)]
    organizations: Vec<RawOrganization>,
    #[serde(default)]
    buildings: Vec<RawBuilding>,
    #[serde(default)]
    routing: Vec<RawRoutingRule>,
    #[serde(default)]
    catalog: RawCatalog,
    #[serde(default)]
    catalog_files: Vec<String>,
}

/// A district of the city: the code buildings and organizations name, and its names.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    pub code: String,
    pub name: LocalizedText,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawTenant {
    pub slug: String,
    pub brand: String,
    pub name: LocalizedText,
    pub city: LocalizedText,
    pub time_zone: String,
    pub default_language: String,
    pub appeal_prefix: String,
    #[serde(default = "default_phone")]
    pub phone: String,
    #[serde(default)]
    pub domain: Option<String>,
    pub map: MapView,
    #[serde(default)]
    pub branding: Option<super::branding::Branding>,
}

fn default_phone() -> String {
    "109".into()
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct MapView {
    pub lat: f64,
    pub lon: f64,
    pub zoom: i32,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    pub code: String,
    pub kind: String,
    pub name: LocalizedText,
    #[serde(default)]
    pub bin: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub head: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawBuilding {
    pub code: String,
    pub address: String,
    /// The address as written in Kazakh.
    #[serde(default)]
    pub address_kk: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub apartments: i32,
    #[serde(default)]
    pub floors: Option<i32>,
    pub management_form: String,
    pub managing_org: String,
    #[serde(default)]
    pub management_history: Vec<RawManagement>,
    /// Who else serves the whole building: role (`elevator`, `heat`, `water`, `electricity`,
    /// `gas`, `akimat`) → organization code.
    #[serde(default)]
    pub served_by: BTreeMap<String, String>,
    /// Entrances served differently from the whole building.
    #[serde(default)]
    pub entrances: Vec<RawEntrance>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawEntrance {
    pub number: i32,
    pub served_by: BTreeMap<String, String>,
}

impl RawBuilding {
    /// Every (role, entrance, organization code) the building names; entrance 0 is the whole
    /// building.
    pub fn serving(&self) -> Vec<(String, i32, String)> {
        let whole = self.served_by.iter().map(|(role, org)| (role.clone(), 0, org.clone()));
        let entrances = self
            .entrances
            .iter()
            .flat_map(|e| e.served_by.iter().map(|(role, org)| (role.clone(), e.number, org.clone())));
        whole.chain(entrances).collect()
    }
}

/// A row of the city's routing table: what it matches (exactly one of `service_type`,
/// `category`, `sphere`; optionally a district and buildings) and who receives it (exactly one of
/// `org`, `role`). Rules are read in the order written.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawRoutingRule {
    pub code: String,
    #[serde(default)]
    pub service_type: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub sphere: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub buildings: Vec<String>,
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawManagement {
    pub form: String,
    pub org: String,
    #[serde(deserialize_with = "date")]
    pub since: NaiveDate,
    /// Past periods are closed; the current one is the building's `managing_org`.
    #[serde(deserialize_with = "date")]
    pub until: NaiveDate,
}

/// A date written as a TOML date (`2023-06-30`) or a string (`"2023-06-30"`).
fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Toml(value) => value.to_string(),
        Written::Text(text) => text,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    spheres: Vec<RawSphere>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawSphere {
    code: String,
    name: LocalizedText,
    #[serde(default)]
    categories: Vec<RawCategory>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: String,
    name: LocalizedText,
    #[serde(default)]
    service_types: Vec<RawServiceType>,
}

/// A checked manifest, ready to apply.
#[derive(Debug)]
pub struct Manifest {
    pub slug: Slug,
    pub tenant: RawTenant,
    pub default_language: Language,
    pub districts: Vec<RawDistrict>,
    pub organizations: Vec<(RawOrganization, OrgKind)>,
    pub buildings: Vec<(RawBuilding, ManagementForm)>,
    pub routing: Vec<RawRoutingRule>,
    pub catalog: Vec<CatalogRow>,
    /// Hash of the manifest and its catalog files: an unchanged manifest need not be re-applied.
    pub sha256: String,
}

/// Collects the errors of a manifest, each prefixed with the file.
struct Problems<'a> {
    file: &'a str,
    list: Vec<String>,
}

impl Problems<'_> {
    fn add(&mut self, entry: &str, field: &str, message: impl std::fmt::Display) {
        self.list.push(format!("{}: {entry}: {field}: {message}", self.file));
    }
}

impl Manifest {
    /// Reads a manifest file and the catalog files it names (relative to it).
    pub fn load(path: &Path) -> Result<Self, Vec<String>> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{file}: {e}")])?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::parse(&file, &text, |name| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string()))
    }

    /// Parses manifest text; `read_file` supplies the catalog files it names.
    pub fn parse(
        file: &str,
        text: &str,
        read_file: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Self, Vec<String>> {
        let raw: RawManifest = toml::from_str(text)
            .map_err(|e| vec![format!("{file}: {}", e.to_string().replace('\n', " ").trim_end())])?;
        let mut hasher = Sha256::new();
        hasher.update(text.as_bytes());
        let mut p = Problems { file, list: Vec::new() };

        let slug = Slug::parse(&raw.tenant.slug);
        if let Err(m) = &slug {
            p.add("tenant", "slug", m);
        }
        let default_language = Language::parse(&raw.tenant.default_language);
        check_tenant(&raw.tenant, default_language.is_some(), &mut p);

        let mut district_codes = HashSet::new();
        for (i, d) in raw.districts.iter().enumerate() {
            let entry = format!("districts[{i}] (code `{}`)", d.code);
            if let Err(m) = crate::validate::code(&d.code) {
                p.add(&entry, "code", m);
            }
            if !district_codes.insert(d.code.clone()) {
                p.add(&entry, "code", "duplicate code");
            }
            if let Some(lang) = d.name.missing() {
                p.add(&entry, &format!("name.{lang}"), "must not be empty");
            }
        }
        // Once a city lists its districts, every district named must be one of them.
        let unknown_district = |district: &Option<String>| {
            district.as_ref().filter(|d| !district_codes.is_empty() && !district_codes.contains(*d)).cloned()
        };

        let mut org_codes = HashSet::new();
        let mut organizations = Vec::new();
        for (i, org) in raw.organizations.into_iter().enumerate() {
            let entry = format!("organizations[{i}] (code `{}`)", org.code);
            if let Err(m) = crate::validate::code(&org.code) {
                p.add(&entry, "code", m);
            }
            if !org_codes.insert(org.code.clone()) {
                p.add(&entry, "code", "duplicate code");
            }
            if let Some(lang) = org.name.missing() {
                p.add(&entry, &format!("name.{lang}"), "must not be empty");
            }
            if let Some(Err(m)) = org.bin.as_deref().map(Bin::parse) {
                p.add(&entry, "bin", m);
            }
            if org.email.as_ref().is_some_and(|e| !e.contains('@')) {
                p.add(&entry, "email", "not an e-mail address");
            }
            if let Some(d) = unknown_district(&org.district) {
                p.add(&entry, "district", format!("no district `{d}` in [[districts]]"));
            }
            match OrgKind::parse(&org.kind) {
                Ok(kind) => organizations.push((org, kind)),
                Err(m) => p.add(&entry, "kind", m),
            }
        }

        let org_kinds: HashMap<String, OrgKind> = organizations.iter().map(|(o, k)| (o.code.clone(), *k)).collect();
        let mut building_codes = HashSet::new();
        let mut buildings = Vec::new();
        for (i, b) in raw.buildings.into_iter().enumerate() {
            let entry = format!("buildings[{i}] (code `{}`)", b.code);
            if let Err(m) = crate::validate::code(&b.code) {
                p.add(&entry, "code", m);
            }
            if !building_codes.insert(b.code.clone()) {
                p.add(&entry, "code", "duplicate code");
            }
            check_building(&b, &org_kinds, &entry, &mut p);
            if let Some(d) = unknown_district(&b.district) {
                p.add(&entry, "district", format!("no district `{d}` in [[districts]]"));
            }
            match ManagementForm::parse(&b.management_form) {
                Ok(form) => buildings.push((b, form)),
                Err(m) => p.add(&entry, "management_form", m),
            }
        }

        let mut catalog = Vec::new();
        for sphere in &raw.catalog.spheres {
            for category in &sphere.categories {
                for (i, st) in category.service_types.iter().enumerate() {
                    let entry =
                        format!("catalog.{}.{}.service_types[{i}] (code `{}`)", sphere.code, category.code, st.code);
                    match st.clone().check((&sphere.code, &sphere.name), (&category.code, &category.name)) {
                        Ok(row) => catalog.push(row),
                        Err((field, m)) => p.add(&entry, &field, m),
                    }
                }
            }
        }
        for name in &raw.catalog_files {
            match read_file(name) {
                Err(e) => p.add("catalog_files", name, e),
                Ok(csv) => {
                    hasher.update(csv.as_bytes());
                    match catalog_csv::parse(name, &csv) {
                        Ok(rows) => catalog.extend(rows),
                        Err(errors) => p.list.extend(errors.into_iter().map(|e| format!("{file}: {e}"))),
                    }
                }
            }
        }
        check_catalog(&catalog, &org_codes, &mut p);
        check_routing(&raw.routing, &org_kinds, &building_codes, &catalog, &unknown_district, &mut p);

        match (slug, default_language) {
            (Ok(slug), Some(default_language)) if p.list.is_empty() => Ok(Manifest {
                slug,
                tenant: raw.tenant,
                default_language,
                districts: raw.districts,
                organizations,
                buildings,
                routing: raw.routing,
                catalog,
                sha256: hex::encode(hasher.finalize()),
            }),
            _ => Err(p.list),
        }
    }
}

fn check_tenant(t: &RawTenant, language_ok: bool, p: &mut Problems) {
    if t.brand.trim().is_empty() {
        p.add("tenant", "brand", "must not be empty");
    }
    if let Some(lang) = t.name.missing() {
        p.add("tenant", &format!("name.{lang}"), "must not be empty");
    }
    if let Some(lang) = t.city.missing() {
        p.add("tenant", &format!("city.{lang}"), "must not be empty");
    }
    if t.time_zone.parse::<chrono_tz::Tz>().is_err() {
        p.add("tenant", "time_zone", format!("`{}` is not an IANA time zone", t.time_zone));
    }
    if !language_ok {
        p.add("tenant", "default_language", "expected kk, ru or en");
    }
    let prefix_ok = (2..=5).contains(&t.appeal_prefix.len()) && t.appeal_prefix.chars().all(|c| c.is_ascii_uppercase());
    if !prefix_ok {
        p.add("tenant", "appeal_prefix", "expected 2–5 capital letters A–Z");
    }
    if let Some(Err((field, message))) = t.branding.as_ref().map(|b| b.check()) {
        p.add("tenant", &format!("branding.{field}"), message);
    }
    if !(-90.0..=90.0).contains(&t.map.lat) || !(-180.0..=180.0).contains(&t.map.lon) {
        p.add("tenant", "map", "coordinates out of range");
    }
    if !(1..=19).contains(&t.map.zoom) {
        p.add("tenant", "map.zoom", "expected 1–19");
    }
    if let Some(domain) = &t.domain {
        let valid = domain.len() <= 253
            && domain.contains('.')
            && domain.split('.').all(|label| {
                (1..=63).contains(&label.len())
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if !valid {
            p.add("tenant", "domain", format!("`{domain}` is not a host name"));
        }
    }
}

fn check_building(b: &RawBuilding, orgs: &HashMap<String, OrgKind>, entry: &str, p: &mut Problems) {
    if b.address.trim().is_empty() {
        p.add(entry, "address", "must not be empty");
    }
    if !(-90.0..=90.0).contains(&b.lat) || !(-180.0..=180.0).contains(&b.lon) {
        p.add(entry, "lat/lon", "coordinates out of range");
    }
    if !(0..=10_000).contains(&b.apartments) {
        p.add(entry, "apartments", "must be between 0 and 10000");
    }
    if b.floors.is_some_and(|f| !(1..=200).contains(&f)) {
        p.add(entry, "floors", "must be between 1 and 200");
    }
    match orgs.get(&b.managing_org) {
        None => p.add(entry, "managing_org", format!("no organization `{}`", b.managing_org)),
        Some(kind) if !(kind.manages_housing() || *kind == OrgKind::DistrictAkimat) => p.add(
            entry,
            "managing_org",
            format!(
                "`{}` is a {kind}: a building is managed by a KSK, OSI, management company or district akimat",
                b.managing_org
            ),
        ),
        Some(_) => {}
    }
    for (role, entrance, org) in b.serving() {
        let field =
            if entrance == 0 { format!("served_by.{role}") } else { format!("entrances[{entrance}].served_by.{role}") };
        check_serving(&role, orgs.get(&org).copied(), &org, &field, entry, p);
        if entrance != 0 {
            if let Err(m) = check_entrance(entrance) {
                p.add(entry, &field, m);
            }
        }
    }
    for (j, h) in b.management_history.iter().enumerate() {
        let field = format!("management_history[{j}]");
        if let Err(m) = ManagementForm::parse(&h.form) {
            p.add(entry, &format!("{field}.form"), m);
        }
        if !orgs.contains_key(&h.org) {
            p.add(entry, &format!("{field}.org"), format!("no organization `{}`", h.org));
        }
        if h.until < h.since {
            p.add(entry, &format!("{field}.until"), "ends before it starts");
        }
    }
}

/// A role a building names: one the building serves by (not its manager), held by an
/// organization of a kind that takes it.
fn check_serving(role: &str, kind: Option<OrgKind>, org: &str, field: &str, entry: &str, p: &mut Problems) {
    match (BuildingRole::parse(role), kind) {
        (Err(m), _) => p.add(entry, field, m),
        (Ok(BuildingRole::Manager), _) => p.add(entry, field, "the manager is `managing_org`"),
        (Ok(_), None) => p.add(entry, field, format!("no organization `{org}`")),
        (Ok(role), Some(kind)) if !role.takes(kind) => {
            p.add(entry, field, format!("`{org}` is a {kind}: it cannot be the {role}"))
        }
        _ => {}
    }
}

fn check_routing(
    rules: &[RawRoutingRule],
    orgs: &HashMap<String, OrgKind>,
    buildings: &HashSet<String>,
    catalog: &[CatalogRow],
    unknown_district: &dyn Fn(&Option<String>) -> Option<String>,
    p: &mut Problems,
) {
    let service_types: HashSet<&str> = catalog.iter().map(|r| r.code.as_str()).collect();
    let categories: HashSet<&str> = catalog.iter().map(|r| r.category_code.as_str()).collect();
    let spheres: HashSet<&str> = catalog.iter().map(|r| r.sphere_code.as_str()).collect();
    let mut codes = HashSet::new();
    for (i, r) in rules.iter().enumerate() {
        let entry = format!("routing[{i}] (code `{}`)", r.code);
        if let Err(m) = crate::validate::code(&r.code) {
            p.add(&entry, "code", m);
        }
        if !codes.insert(r.code.as_str()) {
            p.add(&entry, "code", "duplicate code");
        }
        match (&r.service_type, &r.category, &r.sphere) {
            (Some(code), None, None) if !service_types.contains(code.as_str()) => {
                p.add(&entry, "service_type", format!("no service type `{code}` in the catalog"))
            }
            (None, Some(code), None) if !categories.contains(code.as_str()) => {
                p.add(&entry, "category", format!("no category `{code}` in the catalog"))
            }
            (None, None, Some(code)) if !spheres.contains(code.as_str()) => {
                p.add(&entry, "sphere", format!("no sphere `{code}` in the catalog"))
            }
            (Some(_), None, None) | (None, Some(_), None) | (None, None, Some(_)) => {}
            _ => p.add(&entry, "service_type/category/sphere", "name exactly one"),
        }
        match (&r.org, &r.role) {
            (Some(org), None) if !orgs.contains_key(org) => p.add(&entry, "org", format!("no organization `{org}`")),
            (None, Some(role)) => {
                if let Err(m) = BuildingRole::parse(role) {
                    p.add(&entry, "role", m);
                }
            }
            (Some(_), None) => {}
            _ => p.add(&entry, "org/role", "name exactly one"),
        }
        if let Some(d) = unknown_district(&r.district) {
            p.add(&entry, "district", format!("no district `{d}` in [[districts]]"));
        }
        for code in r.buildings.iter().filter(|c| !buildings.contains(*c)) {
            p.add(&entry, "buildings", format!("no building `{code}`"));
        }
    }
}

fn check_catalog(rows: &[CatalogRow], orgs: &HashSet<String>, p: &mut Problems) {
    let mut codes = HashSet::new();
    let mut category_sphere = HashMap::new();
    for row in rows {
        let entry = format!("service type `{}`", row.code);
        if !codes.insert(row.code.as_str()) {
            p.add(&entry, "code", "duplicate code");
        }
        if let Some(org) = &row.default_org {
            if !orgs.contains(org) {
                p.add(&entry, "default_org", format!("no organization `{org}`"));
            }
        }
        let sphere = category_sphere.entry(row.category_code.as_str()).or_insert(row.sphere_code.as_str());
        if *sphere != row.sphere_code {
            p.add(&entry, "category", format!("category `{}` is already in sphere `{sphere}`", row.category_code));
        }
    }
}
