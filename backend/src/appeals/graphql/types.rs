use async_graphql::{Context, Object, SimpleObject, ID};
use sea_orm::EntityTrait;

use crate::appeals::model::{appeal, attachment, event, outage};
use crate::appeals::rules::{AppealStatus, Channel};
use crate::appeals::{attachments, outages::OutageKind};
use crate::catalog::AppealType;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::request;
use crate::i18n::LocalizedText;

fn id(v: i64) -> ID {
    ID(v.to_string())
}

/// A field the center keeps to itself: `None` unless the caller is staff (a resident reading
/// their own appeal sees what `resident_view` allows).
fn for_staff<T>(ctx: &Context<'_>, value: T) -> Option<T> {
    let staff = request(ctx).ok().and_then(|r| r.actor.as_ref()).is_some_and(|a| a.resident_id().is_none());
    staff.then_some(value)
}

pub struct Appeal(pub appeal::Model);

/// The resident behind an appeal, as the operator calling back needs them.
#[derive(SimpleObject)]
pub struct ResidentContact {
    pub id: ID,
    pub name: Option<String>,
    pub phone: String,
}

/// An answer to one of the service type's questions.
#[derive(SimpleObject)]
pub struct AppealAttribute {
    pub code: String,
    pub values: Vec<String>,
}

#[Object]
impl Appeal {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// `<prefix>-<year>-<seq>`, what the resident quotes.
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn status(&self) -> Option<AppealStatus> {
        AppealStatus::parse(&self.0.status).ok()
    }
    async fn channel(&self) -> Option<Channel> {
        Channel::parse(&self.0.channel).ok()
    }
    async fn appeal_type(&self) -> Option<AppealType> {
        AppealType::parse(&self.0.appeal_type).ok()
    }
    async fn service_type_id(&self) -> ID {
        id(self.0.service_type_id)
    }
    async fn category_id(&self) -> ID {
        id(self.0.category_id)
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn building_id(&self) -> Option<ID> {
        self.0.building_id.map(id)
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn lat(&self) -> Option<f64> {
        self.0.lat
    }
    async fn lon(&self) -> Option<f64> {
        self.0.lon
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    async fn resident_id(&self) -> Option<ID> {
        self.0.resident_id.map(id)
    }
    /// Who to call back: the resident's name and phone, for the staff who may look residents up
    /// (null for others); each look is on record.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ResidentContact>> {
        let rctx = request(ctx)?;
        let (Some(resident_id), true) = (self.0.resident_id, rctx.require(crate::residents::service::STAFF).is_ok())
        else {
            return Ok(None);
        };
        let found = crate::residents::service::get(rctx, resident_id).await.gql()?;
        Ok(Some(ResidentContact { id: id(found.id), name: found.name, phone: found.phone }))
    }
    /// The language replies to the resident go out in.
    async fn language(&self) -> &str {
        &self.0.language
    }
    async fn organization_id(&self) -> Option<ID> {
        self.0.organization_id.map(id)
    }
    /// Staff only.
    async fn assignee_id(&self, ctx: &Context<'_>) -> Option<ID> {
        for_staff(ctx, self.0.assignee_id.map(id)).flatten()
    }
    /// Who took the appeal in (an audit label); staff only.
    async fn registered_by(&self, ctx: &Context<'_>) -> Option<&str> {
        for_staff(ctx, self.0.registered_by.as_str())
    }
    async fn registered_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.registered_at
    }
    async fn due_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.due_at
    }
    /// When supervisors are warned; staff only.
    async fn warn_at(&self, ctx: &Context<'_>) -> Option<chrono::DateTime<chrono::Utc>> {
        for_staff(ctx, self.0.warn_at)
    }
    async fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// Resolved on the first call from the catalog's answer.
    async fn first_call(&self) -> bool {
        self.0.first_call
    }
    /// The incident this appeal repeats (another resident's appeal); staff only.
    async fn parent_id(&self, ctx: &Context<'_>) -> Option<ID> {
        for_staff(ctx, self.0.parent_id.map(id)).flatten()
    }
    /// Answers to the service type's questions (Open311 attributes), by question code.
    async fn attributes(&self) -> Vec<AppealAttribute> {
        let answers: crate::catalog::attributes::Answers =
            self.0.attributes.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
        answers.into_iter().map(|(code, values)| AppealAttribute { code, values }).collect()
    }
    /// Appeals linked to this one as repeats of the same problem; staff only.
    async fn linked_count(&self, ctx: &Context<'_>) -> Option<i32> {
        for_staff(ctx, self.0.linked_count)
    }
    /// Flagged for supervisors: enough repeats to be a systemic problem; staff only.
    async fn systemic(&self, ctx: &Context<'_>) -> Option<bool> {
        for_staff(ctx, self.0.systemic)
    }
    async fn outage_id(&self) -> Option<ID> {
        self.0.outage_id.map(id)
    }
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    /// What staff wrote for the public: Open311's `status_notes` and the resident's own view.
    async fn public_note(&self) -> Option<&str> {
        self.0.public_note.as_deref()
    }
    /// The latest reason given (reassignment, reopening, rejection, extension). A resident sees
    /// it only when it is why their appeal was rejected: the others are the center's own.
    async fn reason(&self, ctx: &Context<'_>) -> Option<&str> {
        let told = self.0.status == crate::appeals::AppealStatus::Rejected.as_str();
        if told {
            self.0.reason.as_deref()
        } else {
            for_staff(ctx, self.0.reason.as_deref()).flatten()
        }
    }
    async fn forwarded_to(&self) -> Option<&str> {
        self.0.forwarded_to.as_deref()
    }
    /// Why no organization received it, while it waits in the "needs routing" queue; staff only.
    async fn routing_reason(&self, ctx: &Context<'_>) -> Option<crate::routing::Unrouted> {
        let reason = self.0.routing_reason.as_deref().and_then(|r| crate::routing::Unrouted::parse(r).ok());
        for_staff(ctx, reason).flatten()
    }
    /// The entrance the resident named.
    async fn entrance(&self) -> Option<i32> {
        self.0.entrance
    }
    async fn rating(&self) -> Option<i32> {
        self.0.rating
    }
    async fn rating_comment(&self) -> Option<&str> {
        self.0.rating_comment.as_deref()
    }
    async fn resolved_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.resolved_at
    }
    async fn closed_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.closed_at
    }
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
    /// The service type, for its name (one lookup per appeal: keep pages small).
    async fn service_type(&self, ctx: &Context<'_>) -> async_graphql::Result<crate::catalog::graphql::ServiceType> {
        let tx = request(ctx)?.tenant_tx().await.gql()?;
        let found = crate::catalog::model::service_type::Entity::find_by_id(self.0.service_type_id)
            .one(&tx)
            .await
            .map_err(crate::error::AppError::from)
            .gql()?
            .ok_or_else(|| crate::error::AppError::not_found("the appeal's service type"))
            .gql()?;
        Ok(crate::catalog::graphql::ServiceType(found))
    }
    /// The organization the appeal is routed to.
    async fn organization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::orgs::graphql::Organization>> {
        match self.0.organization_id {
            Some(id) => crate::orgs::graphql::Organization::by_id(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    /// Everything that happened to the appeal, oldest first.
    async fn timeline(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AppealEvent>> {
        let rctx = request(ctx)?;
        let rows = crate::appeals::queue::timeline(rctx, self.0.id).await.gql()?;
        // Staff see who acted by name; a resident's timeline names no staff member.
        let names = match for_staff(ctx, ()) {
            Some(()) => {
                let labels: Vec<&str> = rows.iter().map(|e| e.actor.as_str()).collect();
                crate::auth::users::display_names(rctx, &labels).await.gql()?
            }
            None => Default::default(),
        };
        Ok(rows
            .into_iter()
            .map(|e| {
                let actor_name = names.get(&e.actor).cloned();
                AppealEvent(e, actor_name)
            })
            .collect())
    }
    async fn attachments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Attachment>> {
        Ok(attachments::list(request(ctx)?, self.0.id).await.gql()?.into_iter().map(Attachment).collect())
    }
}

pub struct AppealEvent(pub event::Model, pub Option<String>);

#[Object]
impl AppealEvent {
    async fn at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.at
    }
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// The staff member's name behind a `user:<id>` actor (staff only).
    async fn actor_name(&self) -> Option<&str> {
        self.1.as_deref()
    }
    /// `registered`, `assign`, `take`, `resolve`, `close`, `overdue`, `linked`, `comment`, ...
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn from_status(&self) -> Option<AppealStatus> {
        self.0.from_status.as_deref().and_then(|s| AppealStatus::parse(s).ok())
    }
    async fn to_status(&self) -> Option<AppealStatus> {
        self.0.to_status.as_deref().and_then(|s| AppealStatus::parse(s).ok())
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// Details as JSON text.
    async fn data(&self) -> &str {
        &self.0.data
    }
}

pub struct Attachment(pub attachment::Model);

#[Object]
impl Attachment {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// `photo`, `video` or `document`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn size(&self) -> i64 {
        self.0.size
    }
    async fn uploaded_by(&self) -> &str {
        &self.0.uploaded_by
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
    /// Where to download it: a short-lived signed link to the store (S3), or
    /// `/t/<slug>/attachments/<id>` with the same credentials (local storage).
    async fn url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let rctx = request(ctx)?;
        attachments::link(rctx, &self.0).await.gql()
    }
}

#[derive(SimpleObject)]
pub struct Outage {
    pub id: ID,
    pub kind: Option<OutageKind>,
    pub category_id: Option<ID>,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub message: LocalizedText,
}

impl From<outage::Model> for Outage {
    fn from(o: outage::Model) -> Self {
        Self {
            id: id(o.id),
            kind: OutageKind::parse(&o.kind).ok(),
            category_id: o.category_id.map(id),
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            message: LocalizedText::new(o.message_kk, o.message_ru, o.message_en),
        }
    }
}

crate::graphql::pagination::page_of!(AppealPage, Appeal);
