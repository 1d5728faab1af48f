use async_graphql::{Context, Object, ID};

use super::model::resident;
use super::service;
use crate::appeals::graphql::types::{Appeal, AppealPage};
use crate::appeals::queue::{self, QueueFilter, QueueSort};
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::PageInput;
use crate::graphql::request::request;
use crate::i18n::Language;

pub struct Resident(pub resident::Model);

#[Object]
impl Resident {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn phone(&self) -> &str {
        &self.0.phone
    }
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn iin(&self) -> Option<&str> {
        self.0.iin.as_deref()
    }
    async fn language(&self) -> Option<Language> {
        Language::parse(&self.0.language)
    }
    async fn verified(&self) -> bool {
        self.0.verified
    }
    /// Every appeal of this resident, newest first.
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn appeals(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<AppealPage> {
        let filter = QueueFilter { resident_id: Some(self.0.id), all_statuses: true, ..Default::default() };
        let (items, page_info) = queue::list(request(ctx)?, filter, QueueSort::Newest, &page.request()).await.gql()?;
        Ok(AppealPage::of(items.into_iter().map(Appeal).collect(), page_info))
    }
}

#[derive(Default)]
pub struct ResidentsQuery;

#[Object]
impl ResidentsQuery {
    /// The screen pop: the caller by phone, with all their appeals; null for a first-time caller.
    async fn resident_by_phone(&self, ctx: &Context<'_>, phone: String) -> async_graphql::Result<Option<Resident>> {
        Ok(service::by_phone(request(ctx)?, &phone).await.gql()?.map(Resident))
    }
}

/// A verified resident's session: use `token` as `Authorization: Bearer …` to vote.
#[derive(async_graphql::SimpleObject)]
pub struct ResidentSession {
    pub token: String,
    pub expires_in: i64,
    pub resident_id: ID,
}

#[derive(Default)]
pub struct ResidentsMutation;

#[Object]
impl ResidentsMutation {
    /// Sends a one-time code to the phone (no login); returns how many seconds it is valid.
    async fn request_verification_code(
        &self,
        ctx: &Context<'_>,
        phone: String,
        language: Option<Language>,
    ) -> async_graphql::Result<i64> {
        crate::residents::otp::request_code(request(ctx)?, &phone, language).await.gql()
    }

    /// Checks the code; the right one verifies the phone and opens a resident session.
    async fn verify_phone(
        &self,
        ctx: &Context<'_>,
        phone: String,
        code: String,
    ) -> async_graphql::Result<ResidentSession> {
        let done = crate::residents::otp::verify_code(request(ctx)?, &phone, &code).await.gql()?;
        Ok(ResidentSession {
            token: done.token,
            expires_in: done.expires_in,
            resident_id: ID(done.resident.id.to_string()),
        })
    }
}
