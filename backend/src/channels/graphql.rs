use async_graphql::{Context, Object, SimpleObject, ID};

use super::mail;
use super::model::{call, open311_client};
use super::open311::clients;
use super::phone;
use super::secrets::{self, Integration};
use super::telegram::bot;
use sea_orm::EntityTrait;

use crate::catalog::model::service_type;
use crate::error::AppError;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::parse_id;
use crate::graphql::request::request;
use crate::i18n::LocalizedText;
use crate::residents::graphql::Resident;

pub struct IncomingCall(pub call::Model);

#[Object]
impl IncomingCall {
    async fn call_id(&self) -> &str {
        &self.0.call_id
    }
    async fn caller(&self) -> &str {
        &self.0.caller
    }
    async fn received_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.received_at
    }
    /// The caller, when the number belongs to a known resident: their appeals are the screen pop.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Resident>> {
        match self.0.resident_id {
            Some(id) => crate::residents::service::get(request(ctx)?, id).await.map(|r| Some(Resident(r))).gql(),
            None => Ok(None),
        }
    }
    async fn resident_id(&self) -> Option<ID> {
        self.0.resident_id.map(|id| ID(id.to_string()))
    }
}

/// A client app admitted to the city's Open311 API.
pub struct Open311Client(pub open311_client::Model);

#[Object]
impl Open311Client {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
    async fn last_used_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.last_used_at
    }
}

/// A new client app with its API key, shown only this once.
#[derive(SimpleObject)]
pub struct Open311ClientKey {
    pub client: Open311Client,
    pub api_key: String,
}

/// The city's Telegram bot.
#[derive(SimpleObject)]
pub struct TelegramBot {
    /// The bot's @username.
    pub username: String,
    /// Where Telegram delivers its updates.
    pub webhook_url: String,
}

/// The city's mailbox for residents' appeals.
#[derive(SimpleObject)]
pub struct EmailChannel {
    /// Where residents write: `<slug>@<mail domain>`.
    pub address: String,
    /// The service type e-mailed appeals are filed under; unset while the city takes no mail.
    pub service_type_id: Option<ID>,
    pub service_type_names: Option<LocalizedText>,
}

async fn email_channel(ctx: &crate::context::RequestCtx, id: Option<i64>) -> async_graphql::Result<EmailChannel> {
    let address = mail::address(&ctx.state, ctx.tenant().gql()?);
    let names = match id {
        Some(id) => {
            let tx = ctx.tenant_tx().await.gql()?;
            let found = service_type::Entity::find_by_id(id).one(&tx).await.map_err(AppError::from).gql()?;
            found.map(|s| LocalizedText::new(s.name_kk, s.name_ru, s.name_en))
        }
        None => None,
    };
    Ok(EmailChannel { address, service_type_id: id.map(|id| ID(id.to_string())), service_type_names: names })
}

#[derive(Default)]
pub struct ChannelsQuery;

#[Object]
impl ChannelsQuery {
    /// The call the phone system put through to me in the last five minutes (operators poll it).
    async fn incoming_call(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<IncomingCall>> {
        Ok(phone::current_for_me(request(ctx)?).await.gql()?.map(IncomingCall))
    }
    /// The city's connected Telegram bot, if any (city admins).
    async fn telegram_bot(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TelegramBot>> {
        let ctx = request(ctx)?;
        let username = bot::username(ctx).await.gql()?;
        let tenant = ctx.tenant().gql()?;
        Ok(username.map(|username| TelegramBot { username, webhook_url: bot::webhook_url(&ctx.state, tenant) }))
    }
    /// The city's mailbox for appeals (city admins).
    async fn email_channel(&self, ctx: &Context<'_>) -> async_graphql::Result<EmailChannel> {
        let ctx = request(ctx)?;
        let id = mail::configured(ctx).await.gql()?;
        email_channel(ctx, id).await
    }
    /// The client apps admitted to the city's Open311 API (city admins).
    async fn open311_clients(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Open311Client>> {
        Ok(clients::list(request(ctx)?).await.gql()?.into_iter().map(Open311Client).collect())
    }
}

#[derive(Default)]
pub struct ChannelsMutation;

#[Object]
impl ChannelsMutation {
    /// Makes a new secret for an integration (city admins); it is shown only this once.
    async fn rotate_integration_secret(
        &self,
        ctx: &Context<'_>,
        integration: Integration,
    ) -> async_graphql::Result<String> {
        secrets::rotate(request(ctx)?, integration).await.gql()
    }
    /// Connects the city's Telegram bot with its token from @BotFather and registers its webhook
    /// (city admins). Connecting again replaces the token and the webhook's secret.
    async fn connect_telegram_bot(&self, ctx: &Context<'_>, token: String) -> async_graphql::Result<TelegramBot> {
        let done = bot::connect(request(ctx)?, &token).await.gql()?;
        Ok(TelegramBot { username: done.username, webhook_url: done.webhook_url })
    }
    /// Disconnects the city's Telegram bot (city admins); false when none was connected.
    async fn disconnect_telegram_bot(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        bot::disconnect(request(ctx)?).await.gql()
    }
    /// Opens the city's mailbox, filing e-mailed appeals under a service type, or closes it
    /// (no service type) (city admins).
    async fn configure_email_channel(
        &self,
        ctx: &Context<'_>,
        service_type_id: Option<ID>,
    ) -> async_graphql::Result<EmailChannel> {
        let ctx = request(ctx)?;
        let id = service_type_id.as_ref().map(parse_id).transpose().gql()?;
        let id = mail::configure(ctx, id).await.gql()?;
        email_channel(ctx, id).await
    }
    /// Admits a client app to the city's Open311 API (city admins); its key is shown only once.
    async fn create_open311_client(&self, ctx: &Context<'_>, name: String) -> async_graphql::Result<Open311ClientKey> {
        let (client, api_key) = clients::create(request(ctx)?, &name).await.gql()?;
        Ok(Open311ClientKey { client: Open311Client(client), api_key })
    }
    /// Switches a client app's key off or on again (city admins).
    async fn set_open311_client_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> async_graphql::Result<Open311Client> {
        let id = parse_id(&id).gql()?;
        Ok(Open311Client(clients::set_active(request(ctx)?, id, active).await.gql()?))
    }
}
