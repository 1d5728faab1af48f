use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::types::{Appeal, AppealPage, Outage};
use crate::appeals::queue::{self, QueueFilter, QueueSort};
use crate::appeals::register::{self, Choice};
use crate::appeals::rules::{AppealStatus, Channel};
use crate::appeals::{load, outages};
use crate::catalog::AppealType;
use crate::graphql::errors::GqlResult;
use crate::graphql::pagination::PageInput;
use crate::graphql::request::{parse_id, request};
use crate::i18n::LocalizedText;

/// What the queue shows; open appeals when no status is named.
#[derive(InputObject, Default)]
pub struct AppealFilter {
    pub statuses: Option<Vec<AppealStatus>>,
    pub organization_id: Option<ID>,
    pub service_type_id: Option<ID>,
    pub category_id: Option<ID>,
    pub channel: Option<Channel>,
    pub district: Option<String>,
    pub overdue: Option<bool>,
    pub systemic: Option<bool>,
    pub registered_from: Option<chrono::DateTime<chrono::Utc>>,
    pub registered_to: Option<chrono::DateTime<chrono::Utc>>,
    /// An appeal number, or words of the description or address.
    pub text: Option<String>,
    pub parent_id: Option<ID>,
    pub appeal_type: Option<crate::catalog::AppealType>,
    pub sphere_id: Option<ID>,
    /// Any of these doors (the digital ones, for the dashboard's digital share).
    pub channels: Option<Vec<Channel>>,
    pub first_call: Option<bool>,
    /// Reopened after "resolved" at least once.
    pub reopened: Option<bool>,
    /// Resolved or closed after the deadline (false: by it).
    pub resolved_late: Option<bool>,
    pub rated: Option<bool>,
    /// The appeals at one building.
    pub building_id: Option<ID>,
    /// Appeals no organization received: the operators' "needs routing" queue, each with its
    /// `routingReason`.
    pub needs_routing: Option<bool>,
}

impl AppealFilter {
    fn into_queue(self) -> async_graphql::Result<QueueFilter> {
        let opt = |v: Option<ID>| v.as_ref().map(parse_id).transpose().gql();
        Ok(QueueFilter {
            statuses: self.statuses,
            all_statuses: false,
            organization_id: opt(self.organization_id)?,
            service_type_id: opt(self.service_type_id)?,
            category_id: opt(self.category_id)?,
            channel: self.channel,
            district: self.district,
            overdue: self.overdue,
            systemic: self.systemic,
            registered_from: self.registered_from,
            registered_to: self.registered_to,
            text: self.text,
            resident_id: None,
            parent_id: opt(self.parent_id)?,
            appeal_type: self.appeal_type,
            sphere_id: opt(self.sphere_id)?,
            channels: self.channels,
            first_call: self.first_call,
            reopened: self.reopened,
            resolved_late: self.resolved_late,
            rated: self.rated,
            building_id: opt(self.building_id)?,
            needs_routing: self.needs_routing,
        })
    }
}

#[derive(Default)]
pub struct AppealsQuery;

#[Object]
impl AppealsQuery {
    /// The queue: executors see their organization's appeals only.
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn appeals(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: AppealFilter,
        #[graphql(default_with = "QueueSort::Deadline")] sort: QueueSort,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<AppealPage> {
        if sort == QueueSort::Resolved {
            return Err(crate::error::AppError::validation("sort", "RESOLVED orders the callback list only")).gql();
        }
        let (items, page_info) = queue::list(request(ctx)?, filter.into_queue()?, sort, &page.request()).await.gql()?;
        Ok(AppealPage::of(items.into_iter().map(Appeal).collect(), page_info))
    }

    /// The city's appeal settings with their current values and defaults (city admins).
    async fn appeal_settings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AppealSetting>> {
        let rows = crate::appeals::settings::current(request(ctx)?).await.gql()?;
        Ok(rows.into_iter().map(|(key, value, default)| AppealSetting { key, value, default }).collect())
    }

    /// What registering would do with this choice (intake staff): the service, the organization
    /// routing picks and the deadline, for the operator to confirm with the caller before the
    /// appeal is final.
    async fn intake_preview(&self, ctx: &Context<'_>, choice: IntakeChoice) -> async_graphql::Result<IntakePreview> {
        let opt = |v: &Option<ID>| v.as_ref().map(parse_id).transpose().gql();
        let choice = Choice {
            service_type_id: parse_id(&choice.service_type_id).gql()?,
            appeal_type: choice.appeal_type,
            building_id: opt(&choice.building_id)?,
            lat: choice.lat,
            lon: choice.lon,
            entrance: choice.entrance,
        };
        let p = register::preview(request(ctx)?, choice).await.gql()?;
        Ok(IntakePreview {
            service_type_id: ID(p.service_type_id.to_string()),
            service_name: p.service_name,
            first_call: p.first_call,
            organization_id: p.organization.as_ref().map(|(id, _)| ID(id.to_string())),
            organization_name: p.organization.map(|(_, name)| name),
            routing_reason: p.routing_reason,
            due_at: p.due,
            building_id: p.building.as_ref().map(|b| ID(b.id.to_string())),
            address: p.building.as_ref().map(|b| b.address.clone()),
            address_kk: p.building.and_then(|b| b.address_kk),
        })
    }

    async fn appeal(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Appeal> {
        queue::get(request(ctx)?, parse_id(&id).gql()?).await.map(Appeal).gql()
    }

    async fn appeal_by_number(&self, ctx: &Context<'_>, number: String) -> async_graphql::Result<Appeal> {
        queue::by_number(request(ctx)?, &number).await.map(Appeal).gql()
    }

    /// Resolved appeals waiting for the operator's callback, longest waiting first.
    #[graphql(complexity = "page.first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn callback_list(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] page: PageInput,
    ) -> async_graphql::Result<AppealPage> {
        let filter = QueueFilter { statuses: Some(vec![AppealStatus::Resolved]), ..Default::default() };
        let (items, page_info) =
            queue::list(request(ctx)?, filter, QueueSort::Resolved, &page.request()).await.gql()?;
        Ok(AppealPage::of(items.into_iter().map(Appeal).collect(), page_info))
    }

    /// Planned outages not yet over.
    async fn outages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Outage>> {
        Ok(outages::current(request(ctx)?).await.gql()?.into_iter().map(Outage::from).collect())
    }

    /// Open appeals per organization over the whole city, the most overdue first (supervisors,
    /// analysts, city admins, operators).
    async fn appeal_load(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganizationLoad>> {
        Ok(load::by_organization(request(ctx)?).await.gql()?.into_iter().map(OrganizationLoad).collect())
    }
}

pub struct OrganizationLoad(load::OrgLoad);

#[Object]
impl OrganizationLoad {
    /// Null for appeals not routed yet.
    async fn organization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::orgs::graphql::Organization>> {
        match self.0.organization_id {
            Some(id) => crate::orgs::graphql::Organization::by_id(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    async fn open(&self) -> i64 {
        self.0.open
    }
    async fn overdue(&self) -> i64 {
        self.0.overdue
    }
    /// Not overdue yet, and due within 24 hours.
    async fn due_soon(&self) -> i64 {
        self.0.due_soon
    }
    async fn systemic(&self) -> i64 {
        self.0.systemic
    }
}

/// An appeal as the public sees it: status and timeline, nothing personal.
#[derive(async_graphql::SimpleObject)]
pub struct TrackedAppeal {
    pub number: String,
    pub status: Option<AppealStatus>,
    pub service_type_id: ID,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub resolved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What staff wrote for the public about it.
    pub public_note: Option<String>,
    pub events: Vec<TrackedEvent>,
}

#[derive(async_graphql::SimpleObject)]
pub struct TrackedEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: String,
    pub status: Option<AppealStatus>,
}

#[derive(Default)]
pub struct TrackingQuery;

#[Object]
impl TrackingQuery {
    /// Public tracking by number and the last four digits of the caller's phone (no login).
    async fn track_appeal(
        &self,
        ctx: &Context<'_>,
        number: String,
        phone_last4: String,
    ) -> async_graphql::Result<TrackedAppeal> {
        let t = crate::appeals::tracking::track(request(ctx)?, &number, &phone_last4).await.gql()?;
        let public = crate::appeals::public_record::of(&t.appeal, None);
        Ok(TrackedAppeal {
            number: t.appeal.number,
            status: AppealStatus::parse(&t.appeal.status).ok(),
            service_type_id: ID(t.appeal.service_type_id.to_string()),
            registered_at: t.appeal.registered_at,
            due_at: t.appeal.due_at,
            resolved_at: t.appeal.resolved_at,
            closed_at: t.appeal.closed_at,
            public_note: public.note,
            events: t
                .events
                .into_iter()
                .map(|e| TrackedEvent {
                    at: e.at,
                    status: e.to_status.as_deref().and_then(|s| AppealStatus::parse(s).ok()),
                    kind: e.kind,
                })
                .collect(),
        })
    }
}

/// An operator's choice before registering: the service type and the place.
#[derive(InputObject)]
pub struct IntakeChoice {
    pub service_type_id: ID,
    /// Defaults to the service type's.
    pub appeal_type: Option<AppealType>,
    pub building_id: Option<ID>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub entrance: Option<i32>,
}

/// Where an appeal would go, read back to the caller before it is registered.
#[derive(SimpleObject)]
pub struct IntakePreview {
    pub service_type_id: ID,
    pub service_name: LocalizedText,
    /// True when the catalog answers it at once (an information request): no organization.
    pub first_call: bool,
    /// None when no rule routes it: the appeal waits for the operator to assign it.
    pub organization_id: Option<ID>,
    pub organization_name: Option<LocalizedText>,
    /// Why no organization would receive it (it would wait in the "needs routing" queue).
    pub routing_reason: Option<crate::routing::Unrouted>,
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// The building chosen, or the one standing at the shared point.
    pub building_id: Option<ID>,
    pub address: Option<String>,
    pub address_kk: Option<String>,
}

/// One appeal setting of the city (`setAppealSetting` changes it).
#[derive(SimpleObject)]
pub struct AppealSetting {
    pub key: String,
    pub value: String,
    pub default: String,
}
