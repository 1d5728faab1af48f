use async_graphql::{Context, Object, ID};

use super::model::call;
use super::phone;
use super::secrets::{self, Integration};
use crate::error::GqlResult;
use crate::graphql::schema::request;
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

#[derive(Default)]
pub struct ChannelsQuery;

#[Object]
impl ChannelsQuery {
    /// The call the phone system put through to me in the last five minutes (operators poll it).
    async fn incoming_call(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<IncomingCall>> {
        Ok(phone::current_for_me(request(ctx)?).await.gql()?.map(IncomingCall))
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
}
