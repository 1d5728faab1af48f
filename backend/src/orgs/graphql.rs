use async_graphql::{Context, InputObject, Object, ID};

use super::model::organization;
use super::service::{self, OrgFields, OrgFilter};
use super::OrgKind;
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::{page_of, PageInput};
use crate::graphql::request::{parse_id, request};
use crate::i18n::{Language, LocalizedText};

pub struct Organization(pub organization::Model);

impl Organization {
    /// The organization a nested field points at (an appeal's, a load row's), active or not.
    pub async fn by_id(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Self> {
        let tx = request(ctx)?.tenant_tx().await.gql()?;
        Ok(Self(service::find(&tx, id).await.gql()?))
    }
}

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn kind(&self) -> Option<OrgKind> {
        OrgKind::parse(&self.0.kind).ok()
    }
    /// The name in the requested language (argument, else Accept-Language, else the tenant's).
    async fn name(&self, ctx: &Context<'_>, lang: Option<Language>) -> async_graphql::Result<String> {
        let lang = lang.unwrap_or(request(ctx)?.language());
        Ok(self.texts().get(lang).to_owned())
    }
    async fn names(&self) -> LocalizedText {
        self.texts()
    }
    async fn bin(&self) -> Option<&str> {
        self.0.bin.as_deref()
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn head(&self) -> Option<&str> {
        self.0.head.as_deref()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
}

impl Organization {
    fn texts(&self) -> LocalizedText {
        LocalizedText::new(&self.0.name_kk, &self.0.name_ru, &self.0.name_en)
    }
}

#[derive(InputObject, Default)]
pub struct OrganizationInput {
    /// Unique within the city; cannot change after creation.
    pub code: Option<String>,
    pub kind: Option<OrgKind>,
    pub name: Option<LocalizedText>,
    /// 12 digits with a valid check digit; an empty string clears it.
    pub bin: Option<String>,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub head: Option<String>,
}

impl From<OrganizationInput> for OrgFields {
    fn from(i: OrganizationInput) -> Self {
        OrgFields {
            code: i.code,
            kind: i.kind,
            name: i.name,
            bin: i.bin,
            district: i.district,
            phone: i.phone,
            email: i.email,
            head: i.head,
        }
    }
}

#[derive(Default)]
pub struct OrgsQuery;

#[Object]
impl OrgsQuery {
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        kind: Option<OrgKind>,
        search: Option<String>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<OrganizationPage> {
        let filter = OrgFilter { kind, search, include_inactive };
        let (items, page_info) = service::list(request(ctx)?, filter, &page.request()).await.gql()?;
        Ok(OrganizationPage::of(items.into_iter().map(Organization).collect(), page_info))
    }

    async fn organization(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Organization> {
        service::get(request(ctx)?, parse_id(&id).gql()?).await.map(Organization).gql()
    }
}

#[derive(Default)]
pub struct OrgsMutation;

#[Object]
impl OrgsMutation {
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: OrganizationInput,
    ) -> async_graphql::Result<Organization> {
        service::create(request(ctx)?, input.into()).await.map(Organization).gql()
    }

    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: OrganizationInput,
    ) -> async_graphql::Result<Organization> {
        service::update(request(ctx)?, parse_id(&id).gql()?, input.into()).await.map(Organization).gql()
    }

    /// Deactivated organizations stay in history but receive no new appeals.
    async fn set_organization_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> async_graphql::Result<Organization> {
        service::set_active(request(ctx)?, parse_id(&id).gql()?, active).await.map(Organization).gql()
    }
}

page_of!(OrganizationPage, Organization);
