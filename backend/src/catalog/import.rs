//! Catalog rows from a manifest or a CSV file, checked and written as one piece.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;

use super::attributes::{self, ServiceAttribute};
use super::model::{category, service_type, sphere};
use super::rules::{AppealType, Deadline, Responsible};
use crate::i18n::{Language, LocalizedText};

/// One service type with its category and sphere: the unit of import.
#[derive(Clone, Debug)]
pub struct CatalogRow {
    pub sphere_code: String,
    pub sphere_name: LocalizedText,
    pub category_code: String,
    pub category_name: LocalizedText,
    pub code: String,
    pub name: LocalizedText,
    pub appeal_type: AppealType,
    pub responsible: Responsible,
    pub default_org: Option<String>,
    pub deadline: Deadline,
    pub first_call_answer: Option<LocalizedText>,
    pub requires_photo: bool,
    /// None keeps the questions the service type has.
    pub attributes: Option<Vec<ServiceAttribute>>,
    /// The words people use for it besides its name; none keeps the ones it has.
    pub keywords: Option<LocalizedText>,
}

/// The service-type fields as written in a manifest or a CSV row, before checking.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawServiceType {
    pub code: String,
    pub name: LocalizedText,
    pub appeal_type: String,
    pub responsible: String,
    #[serde(default)]
    pub default_org: Option<String>,
    pub deadline: String,
    #[serde(default)]
    pub first_call_answer: Option<LocalizedText>,
    #[serde(default)]
    pub requires_photo: bool,
    #[serde(default)]
    pub attributes: Option<Vec<ServiceAttribute>>,
    /// Words and synonyms people use for it, comma-separated per language.
    #[serde(default)]
    pub keywords: Option<LocalizedText>,
}

impl RawServiceType {
    /// Checks the fields; errors are `(field, message)`.
    pub fn check(
        self,
        sphere: (&str, &LocalizedText),
        category: (&str, &LocalizedText),
    ) -> Result<CatalogRow, (String, String)> {
        let err = |field: &str, message: String| (field.to_owned(), message);
        crate::validate::code(&self.code).map_err(|m| err("code", m))?;
        if let Some(lang) = self.name.missing() {
            return Err(err(&format!("name.{lang}"), "must not be empty".into()));
        }
        let appeal_type = AppealType::parse(&self.appeal_type).map_err(|m| err("appeal_type", m))?;
        let responsible = Responsible::parse(&self.responsible).map_err(|m| err("responsible", m))?;
        let deadline = Deadline::parse(&self.deadline).map_err(|m| err("deadline", m))?;
        // A row with all three answer cells empty has no answer.
        let first_call_answer =
            self.first_call_answer.filter(|a| Language::ALL.iter().any(|l| !a.get(*l).trim().is_empty()));
        match (&first_call_answer, appeal_type) {
            (None, AppealType::InformationRequest) => {
                return Err(err("first_call_answer", "an information request needs the answer in kk, ru and en".into()))
            }
            (Some(answer), _) => {
                if let Some(lang) = answer.missing() {
                    return Err(err(&format!("first_call_answer.{lang}"), "must not be empty".into()));
                }
            }
            _ => {}
        }
        if let Some(questions) = &self.attributes {
            attributes::check(questions)?;
        }
        let default_org = self.default_org.filter(|c| !c.trim().is_empty());
        Ok(CatalogRow {
            sphere_code: sphere.0.to_owned(),
            sphere_name: sphere.1.clone(),
            category_code: category.0.to_owned(),
            category_name: category.1.clone(),
            code: self.code,
            name: self.name,
            appeal_type,
            responsible,
            default_org,
            deadline,
            first_call_answer,
            requires_photo: self.requires_photo,
            attributes: self.attributes,
            keywords: self.keywords,
        })
    }
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: i32,
    pub updated: i32,
}

/// Creates or updates spheres, categories and service types by code, inside the caller's
/// transaction. A `default_org` must name an organization of the tenant.
pub async fn apply_rows(
    conn: &impl ConnectionTrait,
    rows: &[CatalogRow],
) -> anyhow::Result<Result<ImportCounts, String>> {
    let now = chrono::Utc::now();
    let orgs =
        crate::orgs::service::ids_by_code(conn).await.map_err(|e| anyhow::anyhow!("loading organizations: {e}"))?;
    let mut spheres: HashMap<String, i64> =
        sphere::Entity::find().all(conn).await?.into_iter().map(|s| (s.code, s.id)).collect();
    let mut categories: HashMap<String, i64> =
        category::Entity::find().all(conn).await?.into_iter().map(|c| (c.code, c.id)).collect();
    let mut seen_spheres = std::collections::HashSet::new();
    let mut seen_categories = std::collections::HashSet::new();
    let mut counts = ImportCounts::default();

    for (index, row) in rows.iter().enumerate() {
        let default_org_id = match &row.default_org {
            None => None,
            Some(code) => match orgs.get(code) {
                Some(id) => Some(*id),
                None => {
                    return Ok(Err(format!(
                        "service type {} (`{}`): default_org: no organization `{code}`",
                        index + 1,
                        row.code
                    )))
                }
            },
        };
        if seen_spheres.insert(row.sphere_code.clone()) {
            let id = upsert_sphere(conn, spheres.get(&row.sphere_code).copied(), row, seen_spheres.len() as i32, now)
                .await?;
            spheres.insert(row.sphere_code.clone(), id);
        }
        let sphere_id = spheres[&row.sphere_code];
        if seen_categories.insert(row.category_code.clone()) {
            let id = upsert_category(
                conn,
                categories.get(&row.category_code).copied(),
                sphere_id,
                row,
                seen_categories.len() as i32,
                now,
            )
            .await?;
            categories.insert(row.category_code.clone(), id);
        }
        let category_id = categories[&row.category_code];
        let existing = service_type::Entity::find().filter(service_type::Column::Code.eq(&row.code)).one(conn).await?;
        let answer = row.first_call_answer.clone();
        let mut model = service_type::ActiveModel {
            code: Set(row.code.clone()),
            category_id: Set(category_id),
            name_kk: Set(row.name.kk.clone()),
            name_ru: Set(row.name.ru.clone()),
            name_en: Set(row.name.en.clone()),
            appeal_type: Set(row.appeal_type.as_str().into()),
            responsible: Set(row.responsible.as_str().into()),
            default_org_id: Set(default_org_id),
            deadline_value: Set(row.deadline.value),
            deadline_unit: Set(row.deadline.unit.as_str().into()),
            first_call_answer_kk: Set(answer.as_ref().map(|a| a.kk.clone())),
            first_call_answer_ru: Set(answer.as_ref().map(|a| a.ru.clone())),
            first_call_answer_en: Set(answer.map(|a| a.en)),
            requires_photo: Set(row.requires_photo),
            attributes: match &row.attributes {
                Some(questions) => Set(attributes::to_json(questions)),
                None => sea_orm::ActiveValue::NotSet,
            },
            keywords_kk: keywords(&row.keywords, |k| &k.kk),
            keywords_ru: keywords(&row.keywords, |k| &k.ru),
            keywords_en: keywords(&row.keywords, |k| &k.en),
            search_text: Set(row.name.search_text(&row.code)),
            updated_at: Set(now),
            ..Default::default()
        };
        match existing {
            Some(found) => {
                model.id = Set(found.id);
                model.update(conn).await?;
                counts.updated += 1;
            }
            None => {
                model.active = Set(true);
                model.created_at = Set(now);
                model.insert(conn).await?;
                counts.created += 1;
            }
        }
    }
    Ok(Ok(counts))
}

async fn upsert_sphere(
    conn: &impl ConnectionTrait,
    existing: Option<i64>,
    row: &CatalogRow,
    order: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<i64> {
    let mut model = sphere::ActiveModel {
        code: Set(row.sphere_code.clone()),
        name_kk: Set(row.sphere_name.kk.clone()),
        name_ru: Set(row.sphere_name.ru.clone()),
        name_en: Set(row.sphere_name.en.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(match existing {
        Some(id) => {
            model.id = Set(id);
            model.update(conn).await?.id
        }
        None => {
            model.sort_order = Set(order);
            model.active = Set(true);
            model.created_at = Set(now);
            model.insert(conn).await?.id
        }
    })
}

async fn upsert_category(
    conn: &impl ConnectionTrait,
    existing: Option<i64>,
    sphere_id: i64,
    row: &CatalogRow,
    order: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<i64> {
    let mut model = category::ActiveModel {
        code: Set(row.category_code.clone()),
        sphere_id: Set(sphere_id),
        name_kk: Set(row.category_name.kk.clone()),
        name_ru: Set(row.category_name.ru.clone()),
        name_en: Set(row.category_name.en.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(match existing {
        Some(id) => {
            model.id = Set(id);
            model.update(conn).await?.id
        }
        None => {
            model.sort_order = Set(order);
            model.active = Set(true);
            model.created_at = Set(now);
            model.insert(conn).await?.id
        }
    })
}

/// One language's keywords to write, or nothing written when the row names none.
fn keywords(given: &Option<LocalizedText>, language: fn(&LocalizedText) -> &String) -> sea_orm::ActiveValue<String> {
    match given {
        Some(words) => Set(language(words).trim().to_owned()),
        None => sea_orm::ActiveValue::NotSet,
    }
}
