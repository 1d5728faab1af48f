use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

mod attributes;

use self::attributes::ServiceAttributeGql;
use super::attributes as questions;
use super::import::ImportCounts;
use super::model::{category, service_type, sphere};
use super::service::{self, CatalogLevel, ServiceTypeFields, ServiceTypeFilter};
use super::{AppealType, DeadlineUnit};
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::{page_of, PageInput};
use crate::graphql::request::{parse_id, request};
use crate::i18n::{Language, LocalizedText};

async fn pick(ctx: &Context<'_>, names: LocalizedText, lang: Option<Language>) -> async_graphql::Result<String> {
    let lang = lang.unwrap_or(request(ctx)?.language());
    Ok(names.get(lang).to_owned())
}

pub struct Sphere(pub sphere::Model);

#[Object]
impl Sphere {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Language>) -> async_graphql::Result<String> {
        pick(ctx, LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en), lang).await
    }
    async fn names(&self) -> LocalizedText {
        LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en)
    }
    async fn sort_order(&self) -> i32 {
        self.0.sort_order
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn categories(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_inactive: bool,
    ) -> async_graphql::Result<Vec<Category>> {
        let rows = service::categories(request(ctx)?, self.0.id, include_inactive).await.gql()?;
        Ok(rows.into_iter().map(Category).collect())
    }
}

pub struct Category(pub category::Model);

#[Object]
impl Category {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn sphere_id(&self) -> ID {
        ID(self.0.sphere_id.to_string())
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Language>) -> async_graphql::Result<String> {
        pick(ctx, LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en), lang).await
    }
    async fn names(&self) -> LocalizedText {
        LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en)
    }
    async fn active(&self) -> bool {
        self.0.active
    }
}

pub struct ServiceType(pub service_type::Model);

#[Object]
impl ServiceType {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn category_id(&self) -> ID {
        ID(self.0.category_id.to_string())
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Language>) -> async_graphql::Result<String> {
        pick(ctx, LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en), lang).await
    }
    async fn names(&self) -> LocalizedText {
        LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en)
    }
    async fn appeal_type(&self) -> Option<AppealType> {
        AppealType::parse(&self.0.appeal_type).ok()
    }
    /// An organization kind, or `housing` for the building's managing organization.
    async fn responsible(&self) -> &str {
        &self.0.responsible
    }
    async fn default_org_id(&self) -> Option<ID> {
        self.0.default_org_id.map(|id| ID(id.to_string()))
    }
    async fn deadline_value(&self) -> i32 {
        self.0.deadline_value
    }
    async fn deadline_unit(&self) -> Option<DeadlineUnit> {
        DeadlineUnit::parse(&self.0.deadline_unit).ok()
    }
    /// What the operator reads out to resolve an information request on the first call.
    async fn first_call_answer(
        &self,
        ctx: &Context<'_>,
        lang: Option<Language>,
    ) -> async_graphql::Result<Option<String>> {
        match self.first_call_answers() {
            Some(answers) => pick(ctx, answers, lang).await.map(Some),
            None => Ok(None),
        }
    }
    async fn requires_photo(&self) -> bool {
        self.0.requires_photo
    }
    /// Words and synonyms people use for it besides its name, comma-separated, per language
    /// (search finds the service type by them).
    async fn keywords(&self) -> LocalizedText {
        LocalizedText::new(&self.0.keywords_kk, &self.0.keywords_ru, &self.0.keywords_en)
    }

    /// The questions beyond the description, in order (Open311 attributes).
    async fn attributes(&self) -> Vec<ServiceAttributeGql> {
        questions::stored(self.0.attributes.as_deref()).into_iter().map(Into::into).collect()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
}

impl ServiceType {
    fn first_call_answers(&self) -> Option<LocalizedText> {
        let m = &self.0;
        Some(LocalizedText::new(
            m.first_call_answer_kk.clone()?,
            m.first_call_answer_ru.clone()?,
            m.first_call_answer_en.clone()?,
        ))
    }
}

#[derive(InputObject)]
pub struct ServiceTypeInput {
    pub code: String,
    pub category_id: ID,
    pub name: LocalizedText,
    pub appeal_type: AppealType,
    /// An organization kind (`utility`, `district_akimat`, …) or `housing`.
    pub responsible: String,
    pub default_org_id: Option<ID>,
    /// `24h` (clock hours) or `15wd` (working days).
    pub deadline: String,
    pub first_call_answer: Option<LocalizedText>,
    #[graphql(default)]
    pub requires_photo: bool,
    /// Words and synonyms people use for it, comma-separated per language; none keeps them.
    pub keywords: Option<LocalizedText>,
    /// The questions beyond the description (Open311 attributes); none keeps the current ones.
    pub attributes: Option<Vec<ServiceAttributeGql>>,
}

impl ServiceTypeInput {
    fn fields(self) -> async_graphql::Result<ServiceTypeFields> {
        Ok(ServiceTypeFields {
            category_id: parse_id(&self.category_id).gql()?,
            default_org_id: self.default_org_id.as_ref().map(parse_id).transpose().gql()?,
            code: self.code,
            name: self.name,
            appeal_type: self.appeal_type,
            responsible: self.responsible,
            deadline: self.deadline,
            first_call_answer: self.first_call_answer,
            requires_photo: self.requires_photo,
            attributes: self.attributes.map(|list| list.into_iter().map(Into::into).collect()),
            keywords: self.keywords,
        })
    }
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    async fn spheres(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_inactive: bool,
    ) -> async_graphql::Result<Vec<Sphere>> {
        Ok(service::spheres(request(ctx)?, include_inactive).await.gql()?.into_iter().map(Sphere).collect())
    }

    /// Service types; `search` matches the code and the name in any of the three languages.
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn service_types(
        &self,
        ctx: &Context<'_>,
        category_id: Option<ID>,
        appeal_type: Option<AppealType>,
        search: Option<String>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<ServiceTypePage> {
        let category_id = category_id.as_ref().map(parse_id).transpose().gql()?;
        let filter = ServiceTypeFilter { category_id, appeal_type, search, include_inactive };
        let (items, page_info) = service::service_types(request(ctx)?, filter, &page.request()).await.gql()?;
        Ok(ServiceTypePage::of(items.into_iter().map(ServiceType).collect(), page_info))
    }

    async fn service_type(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ServiceType> {
        service::service_type(request(ctx)?, parse_id(&id).gql()?).await.map(ServiceType).gql()
    }
}

#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Creates a sphere, or updates it when `id` is given.
    async fn save_sphere(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        code: String,
        name: LocalizedText,
        sort_order: Option<i32>,
    ) -> async_graphql::Result<Sphere> {
        let id = id.as_ref().map(parse_id).transpose().gql()?;
        service::save_sphere(request(ctx)?, id, code, name, sort_order).await.map(Sphere).gql()
    }

    /// Creates a category, or updates it when `id` is given.
    async fn save_category(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        sphere_id: ID,
        code: String,
        name: LocalizedText,
        sort_order: Option<i32>,
    ) -> async_graphql::Result<Category> {
        let id = id.as_ref().map(parse_id).transpose().gql()?;
        service::save_category(request(ctx)?, id, parse_id(&sphere_id).gql()?, code, name, sort_order)
            .await
            .map(Category)
            .gql()
    }

    /// Creates a service type, or updates it when `id` is given.
    async fn save_service_type(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: ServiceTypeInput,
    ) -> async_graphql::Result<ServiceType> {
        let id = id.as_ref().map(parse_id).transpose().gql()?;
        service::save_service_type(request(ctx)?, id, input.fields()?).await.map(ServiceType).gql()
    }

    /// Deactivates (or reactivates) a sphere, category or service type.
    async fn set_catalog_entry_active(
        &self,
        ctx: &Context<'_>,
        level: CatalogLevel,
        id: ID,
        active: bool,
    ) -> async_graphql::Result<bool> {
        service::set_active(request(ctx)?, level, parse_id(&id).gql()?, active).await.gql()
    }

    /// Imports a catalog CSV (the format of `qala catalog import`): every row or none.
    async fn import_catalog_csv(&self, ctx: &Context<'_>, csv: String) -> async_graphql::Result<ImportCountsGql> {
        service::import_csv(request(ctx)?, "upload", &csv).await.map(Into::into).gql()
    }
}

/// What an import changed.
#[derive(SimpleObject, Clone, Copy)]
#[graphql(name = "ImportCounts")]
pub struct ImportCountsGql {
    pub created: i32,
    pub updated: i32,
}

impl From<ImportCounts> for ImportCountsGql {
    fn from(c: ImportCounts) -> Self {
        Self { created: c.created, updated: c.updated }
    }
}

page_of!(ServiceTypePage, ServiceType);
