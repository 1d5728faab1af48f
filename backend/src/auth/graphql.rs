use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::model::user;
use super::users::{self, UserFields};
use super::{parse_roles, service, Role};
use crate::error::GqlResult;
use crate::graphql::pagination::{Page, PageInput};
use crate::graphql::schema::{parse_id, request};
use crate::i18n::Language;

pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn login(&self) -> &str {
        &self.0.login
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn roles(&self) -> Vec<Role> {
        parse_roles(&self.0.roles)
    }
    async fn organization_id(&self) -> Option<ID> {
        self.0.organization_id.map(|id| ID(id.to_string()))
    }
    async fn language(&self) -> Option<Language> {
        Language::parse(&self.0.language)
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Wrong passwords given for this account since its last successful login, from any address.
    /// Accounts are never locked: the address that guesses waits, not the owner.
    async fn failed_logins(&self) -> i32 {
        self.0.failed_logins
    }
    async fn last_login_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.last_login_at
    }
}

#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Bearer token for `Authorization: Bearer …`; valid for `expiresIn` seconds.
    pub access_token: String,
    /// Spend once with `refreshSession` for a new pair; reusing a spent one ends the session.
    pub refresh_token: String,
    pub expires_in: i64,
    pub user: User,
}

impl From<service::Session> for AuthPayload {
    fn from(s: service::Session) -> Self {
        Self {
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            expires_in: s.expires_in,
            user: User(s.user),
        }
    }
}

#[derive(InputObject, Default)]
pub struct UserInput {
    pub login: Option<String>,
    pub display_name: Option<String>,
    /// At least 10 characters. Changing it ends the user's sessions.
    pub password: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// Required for executors: the organization whose appeals they work.
    pub organization_id: Option<ID>,
    /// Set to unbind the user from its organization.
    #[graphql(default)]
    pub clear_organization: bool,
    pub language: Option<Language>,
}

impl UserInput {
    fn fields(self) -> async_graphql::Result<UserFields> {
        let org = self.organization_id.as_ref().map(parse_id).transpose().gql()?;
        Ok(UserFields {
            login: self.login,
            display_name: self.display_name,
            password: self.password,
            roles: self.roles,
            organization_id: if self.clear_organization { Some(None) } else { org.map(Some) },
            language: self.language,
        })
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        users::me(request(ctx)?).await.map(User).gql()
    }

    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        role: Option<Role>,
        #[graphql(default)] include_inactive: bool,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<Page<User>> {
        let (items, page_info) = users::list(request(ctx)?, role, include_inactive, &page).await.gql()?;
        Ok(Page { nodes: items.into_iter().map(User).collect(), page_info })
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in a city's staff member (on a tenant) or a platform admin (without one).
    async fn login(&self, ctx: &Context<'_>, login: String, password: String) -> async_graphql::Result<AuthPayload> {
        service::login(request(ctx)?, &login, &password).await.map(AuthPayload::from).gql()
    }

    async fn refresh_session(&self, ctx: &Context<'_>, refresh_token: String) -> async_graphql::Result<AuthPayload> {
        service::refresh(request(ctx)?, &refresh_token).await.map(AuthPayload::from).gql()
    }

    /// Ends the session: the refresh token's family and the current access token are revoked.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: Option<String>) -> async_graphql::Result<bool> {
        service::logout(request(ctx)?, refresh_token.as_deref()).await.gql()
    }

    async fn create_user(&self, ctx: &Context<'_>, input: UserInput) -> async_graphql::Result<User> {
        users::create(request(ctx)?, input.fields()?).await.map(User).gql()
    }

    async fn update_user(&self, ctx: &Context<'_>, id: ID, input: UserInput) -> async_graphql::Result<User> {
        users::update(request(ctx)?, parse_id(&id).gql()?, input.fields()?).await.map(User).gql()
    }

    async fn set_user_active(&self, ctx: &Context<'_>, id: ID, active: bool) -> async_graphql::Result<User> {
        users::set_active(request(ctx)?, parse_id(&id).gql()?, active).await.map(User).gql()
    }
}
