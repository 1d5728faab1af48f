use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::model::user;
use super::service;
use super::users::{self, UserFields};
use crate::access::{parse_roles, Role};
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::{page_of, PageInput};
use crate::graphql::request::{parse_id, request};
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
    /// Where the staff member is mailed (a supervisor's alerts are pushed there).
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
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
    /// Null when the session asked for a cookie: the token is then out of the page's reach.
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    pub user: User,
}

impl From<service::Session> for AuthPayload {
    fn from(s: service::Session) -> Self {
        Self {
            access_token: s.access_token,
            refresh_token: Some(s.refresh_token),
            expires_in: s.expires_in,
            user: User(s.user),
        }
    }
}

/// The refresh-token cookie of a browser session, as the HTTP layer found it: HttpOnly and
/// SameSite=Strict, scoped to the GraphQL endpoint of one city (or of the platform).
pub struct SessionCookie {
    pub value: Option<String>,
    /// The endpoint's path, which scopes the cookie.
    pub path: String,
    /// Over HTTPS: the cookie is sent back over HTTPS only.
    pub secure: bool,
    pub max_age_secs: u64,
}

impl SessionCookie {
    pub const NAME: &'static str = "qala_refresh";

    fn set(&self, token: &str) -> String {
        self.header(token, self.max_age_secs)
    }

    fn clear(&self) -> String {
        self.header("", 0)
    }

    fn header(&self, value: &str, max_age: u64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}", Self::NAME, self.path)
    }
}

/// The session's answer: with `cookie`, its refresh token goes into the cookie, not the body.
fn handed_out(ctx: &Context<'_>, session: service::Session, cookie: bool) -> AuthPayload {
    let mut payload = AuthPayload::from(session);
    if let (true, Some(jar)) = (cookie, ctx.data_opt::<SessionCookie>()) {
        if let Some(token) = payload.refresh_token.take() {
            ctx.append_http_header("set-cookie", jar.set(&token));
        }
    }
    payload
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
    /// An e-mail address; an empty text removes it.
    pub email: Option<String>,
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
            email: self.email.map(|e| Some(e).filter(|e| !e.trim().is_empty())),
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
    ) -> async_graphql::Result<UserPage> {
        let (items, page_info) = users::list(request(ctx)?, role, include_inactive, &page.request()).await.gql()?;
        Ok(UserPage::of(items.into_iter().map(User).collect(), page_info))
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in a city's staff member (on a tenant) or a platform admin (without one). With
    /// `cookie`, the refresh token is set as an HttpOnly cookie for this endpoint and not returned:
    /// the browser console's way, so that no script can read it.
    async fn login(
        &self,
        ctx: &Context<'_>,
        login: String,
        password: String,
        #[graphql(default)] cookie: bool,
    ) -> async_graphql::Result<AuthPayload> {
        let session = service::login(request(ctx)?, &login, &password).await.gql()?;
        Ok(handed_out(ctx, session, cookie))
    }

    /// A new pair for a refresh token: the one given, or else the session's cookie (which is then
    /// rotated, and the new token again kept out of the answer).
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        let cookie = ctx.data_opt::<SessionCookie>();
        let from_cookie = refresh_token.is_none();
        let token = refresh_token.or_else(|| cookie.and_then(|c| c.value.clone())).unwrap_or_default();
        let session = service::refresh(request(ctx)?, &token).await.gql()?;
        Ok(handed_out(ctx, session, from_cookie))
    }

    /// Ends the session: the refresh token's family (the one given, or the cookie's) and the
    /// current access token are revoked, and the cookie is cleared.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: Option<String>) -> async_graphql::Result<bool> {
        let cookie = ctx.data_opt::<SessionCookie>();
        let token = refresh_token.or_else(|| cookie.and_then(|c| c.value.clone()));
        if let Some(cookie) = cookie {
            ctx.append_http_header("set-cookie", cookie.clear());
        }
        service::logout(request(ctx)?, token.as_deref()).await.gql()
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

page_of!(UserPage, User);
