mod cases;
mod places;

use std::collections::HashMap;

use async_graphql::{Context, InputObject, MergedObject, Object, SimpleObject, ID};
use chrono::NaiveDate;

use super::dashboard::{self, Granularity, Ranked};
use super::figures::Figures;
use super::filter::{Filter, Period};
use super::{execution, inbox};
use crate::appeals::rules::Channel;
use crate::catalog::AppealType;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request, REPORT_COMPLEXITY};
use crate::i18n::LocalizedText;
use crate::orgs::OrgKind;

/// Local registration days, both ends included.
#[derive(InputObject)]
pub struct PeriodInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl PeriodInput {
    pub(crate) fn period(&self) -> async_graphql::Result<Period> {
        Period::new(self.from, self.to).gql()
    }
}

/// Which appeals the figures count; every field narrows.
#[derive(InputObject, Default)]
pub struct AnalyticsFilter {
    pub district: Option<String>,
    pub organization_id: Option<ID>,
    pub sphere_id: Option<ID>,
    pub category_id: Option<ID>,
    pub service_type_id: Option<ID>,
    pub channel: Option<Channel>,
    pub appeal_type: Option<AppealType>,
}

impl AnalyticsFilter {
    pub(crate) fn filter(&self) -> async_graphql::Result<Filter> {
        let id = |v: &Option<ID>| v.as_ref().map(parse_id).transpose().gql();
        Ok(Filter {
            district: self.district.clone().filter(|d| !d.trim().is_empty()),
            organization_id: id(&self.organization_id)?,
            sphere_id: id(&self.sphere_id)?,
            category_id: id(&self.category_id)?,
            service_type_id: id(&self.service_type_id)?,
            channel: self.channel,
            appeal_type: self.appeal_type,
        })
    }
}

/// The figures of a set of appeals. Appeals count on the day they were registered; shares are
/// 0 to 1, and null when there is nothing to divide by.
#[derive(SimpleObject)]
pub struct AppealFigures {
    pub received: i64,
    /// Answered while the resident was still on the line.
    pub first_call: i64,
    pub first_call_share: Option<f64>,
    /// Appeals of the type "incident" (an accident or breakdown).
    pub incidents: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub resolved_late: i64,
    pub on_time_share: Option<f64>,
    /// Reopened after "resolved", at least once.
    pub reopened: i64,
    pub reopen_rate: Option<f64>,
    pub rejected: i64,
    pub forwarded: i64,
    pub still_open: i64,
    /// Still open and past the deadline.
    pub open_overdue: i64,
    pub rating_count: i64,
    pub average_rating: Option<f64>,
    pub average_hours_to_resolve: Option<f64>,
    /// Read from hour buckets (1, 2, 4, 8, 12, 24, 48, 72 hours...), interpolated inside one.
    pub median_hours_to_resolve: Option<f64>,
    pub p90_hours_to_resolve: Option<f64>,
}

impl From<&Figures> for AppealFigures {
    fn from(f: &Figures) -> Self {
        let c = &f.counts;
        AppealFigures {
            received: c.received,
            first_call: c.first_call,
            first_call_share: f.first_call_share,
            incidents: c.incidents,
            resolved: f.resolved(),
            resolved_on_time: c.resolved_on_time,
            resolved_late: c.resolved_late,
            on_time_share: f.on_time_share,
            reopened: c.reopened,
            reopen_rate: f.reopen_rate,
            rejected: c.rejected,
            forwarded: c.forwarded,
            still_open: c.still_open,
            open_overdue: c.open_overdue,
            rating_count: c.rating_count,
            average_rating: f.average_rating,
            average_hours_to_resolve: f.average_hours_to_resolve,
            median_hours_to_resolve: f.median_hours_to_resolve,
            p90_hours_to_resolve: f.p90_hours_to_resolve,
        }
    }
}

/// The change from `before` to `now` in percent; null when there was nothing before.
fn change(now: i64, before: i64) -> Option<f64> {
    (before != 0).then(|| (now - before) as f64 * 100.0 / before as f64)
}

#[derive(SimpleObject)]
pub struct VolumePoint {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub received: i64,
    /// The whole bucket before this one.
    pub previous: i64,
    pub change: Option<f64>,
    /// The same bucket a year before (52 weeks for days and weeks).
    pub year_before: i64,
    pub year_change: Option<f64>,
}

#[derive(SimpleObject)]
pub struct RankedFigure {
    pub id: ID,
    pub name: LocalizedText,
    pub received: i64,
    /// Of all appeals received in the period.
    pub share: Option<f64>,
    pub year_before: i64,
    pub year_change: Option<f64>,
}

impl RankedFigure {
    fn of(r: Ranked, total: i64) -> Self {
        RankedFigure {
            id: ID(r.id.to_string()),
            share: (total > 0).then(|| r.received as f64 / total as f64),
            year_change: change(r.received, r.year_before),
            name: r.name,
            received: r.received,
            year_before: r.year_before,
        }
    }
}

#[derive(SimpleObject)]
pub struct ChannelFigure {
    pub channel: Option<Channel>,
    pub received: i64,
    pub share: Option<f64>,
    /// A door the resident opens online (everything but the phone, a visit and cameras).
    pub digital: bool,
}

#[derive(SimpleObject)]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub current: AppealFigures,
    /// The period of the same length just before.
    pub previous: AppealFigures,
    /// The same days a year before.
    pub year_before: AppealFigures,
    pub received_change: Option<f64>,
    pub received_year_change: Option<f64>,
    pub incidents_year_change: Option<f64>,
    pub first_call_year_change: Option<f64>,
    pub volumes: Vec<VolumePoint>,
    /// The ten spheres and categories with the most appeals.
    pub top_spheres: Vec<RankedFigure>,
    pub top_categories: Vec<RankedFigure>,
    pub channels: Vec<ChannelFigure>,
    pub digital_share: Option<f64>,
    /// The counts are being recounted after an upgrade; figures may be incomplete for a while.
    pub stale: bool,
}

#[derive(SimpleObject)]
pub struct ExecutionLine {
    /// Null: appeals not yet given to any organization.
    pub organization_id: Option<ID>,
    pub name: Option<LocalizedText>,
    pub kind: Option<OrgKind>,
    pub figures: AppealFigures,
}

#[derive(SimpleObject)]
pub struct SupervisorAlert {
    pub id: ID,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `appeal.deadline_warning`, `appeal.overdue` or `appeal.systemic`.
    pub kind: String,
    pub appeal_id: Option<ID>,
    pub number: Option<String>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub organization_id: Option<ID>,
    pub organization_name: Option<LocalizedText>,
    /// Repeats linked, for a systemic problem.
    pub linked: Option<i64>,
    pub acknowledged_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(SimpleObject)]
pub struct SupervisorInbox {
    pub alerts: Vec<SupervisorAlert>,
    pub has_more: bool,
    /// Alerts this supervisor has not acknowledged, in all.
    pub unacknowledged: i64,
}

#[derive(MergedObject, Default)]
pub struct AnalyticsQuery(FiguresQuery, places::PlacesQuery, cases::CasesQuery);

#[derive(MergedObject, Default)]
pub struct AnalyticsMutation(AlertsMutation, places::PlacesMutation, cases::CasesMutation);

#[derive(Default)]
pub struct FiguresQuery;

#[Object]
impl FiguresQuery {
    /// The center's figures for a period (analysts, supervisors, city admins).
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn dashboard(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
        filter: Option<AnalyticsFilter>,
        #[graphql(desc = "WEEK when not given")] granularity: Option<Granularity>,
    ) -> async_graphql::Result<Dashboard> {
        let filter = filter.unwrap_or_default().filter()?;
        let granularity = granularity.unwrap_or(Granularity::Week);
        let d = dashboard::dashboard(request(ctx)?, &filter, period.period()?, granularity).await.gql()?;
        let total = d.current.counts.received;
        let digital: i64 = d.channels.iter().filter(|c| c.digital).map(|c| c.received).sum();
        let (now, before, year) = (&d.current.counts, &d.previous.counts, &d.year_before.counts);
        Ok(Dashboard {
            from: d.period.from,
            to: d.period.to,
            received_change: change(now.received, before.received),
            received_year_change: change(now.received, year.received),
            incidents_year_change: change(now.incidents, year.incidents),
            first_call_year_change: change(now.first_call, year.first_call),
            current: (&d.current).into(),
            previous: (&d.previous).into(),
            year_before: (&d.year_before).into(),
            volumes: d
                .volumes
                .into_iter()
                .map(|v| VolumePoint {
                    change: change(v.received, v.previous),
                    year_change: change(v.received, v.year_before),
                    start: v.start,
                    end: v.end,
                    received: v.received,
                    previous: v.previous,
                    year_before: v.year_before,
                })
                .collect(),
            top_spheres: d.top_spheres.into_iter().map(|r| RankedFigure::of(r, total)).collect(),
            top_categories: d.top_categories.into_iter().map(|r| RankedFigure::of(r, total)).collect(),
            channels: d
                .channels
                .into_iter()
                .map(|c| ChannelFigure {
                    channel: Channel::parse(&c.channel).ok(),
                    share: (total > 0).then(|| c.received as f64 / total as f64),
                    received: c.received,
                    digital: c.digital,
                })
                .collect(),
            digital_share: (total > 0).then(|| digital as f64 / total as f64),
            stale: d.stale,
        })
    }

    /// Control of execution: each organization's appeals of the period, the worst first (open
    /// past the deadline, then late, then reopened). `kinds` narrows to kinds of organization.
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn execution(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
        filter: Option<AnalyticsFilter>,
        kinds: Option<Vec<OrgKind>>,
    ) -> async_graphql::Result<Vec<ExecutionLine>> {
        let filter = filter.unwrap_or_default().filter()?;
        let kinds = kinds.unwrap_or_default();
        let lines = execution::execution(request(ctx)?, &filter, period.period()?, &kinds).await.gql()?;
        Ok(lines
            .into_iter()
            .map(|l| ExecutionLine {
                organization_id: l.organization_id.map(|id| ID(id.to_string())),
                kind: l.kind.as_deref().and_then(|k| OrgKind::parse(k).ok()),
                name: l.name,
                figures: (&l.figures).into(),
            })
            .collect())
    }

    /// The supervisor's alerts, newest first: deadline warnings, overdue appeals, systemic
    /// problems. `before` pages back from an alert's id.
    async fn supervisor_inbox(
        &self,
        ctx: &Context<'_>,
        only_new: Option<bool>,
        before: Option<ID>,
        #[graphql(desc = "50 when not given, 200 at most")] first: Option<u64>,
    ) -> async_graphql::Result<SupervisorInbox> {
        let (only_new, first) = (only_new.unwrap_or(false), first.unwrap_or(50));
        let rctx = request(ctx)?;
        let before = before.as_ref().map(parse_id).transpose().gql()?;
        let found = inbox::inbox(rctx, only_new, before, first).await.gql()?;
        let org_ids: Vec<i64> = found.alerts.iter().filter_map(|a| a.organization_id).collect();
        let names: HashMap<i64, LocalizedText> = if org_ids.is_empty() {
            HashMap::new()
        } else {
            let tx = rctx.tenant_tx().await.gql()?;
            crate::orgs::service::names(&tx, &org_ids).await.gql()?
        };
        Ok(SupervisorInbox {
            alerts: found
                .alerts
                .into_iter()
                .map(|a| SupervisorAlert {
                    id: ID(a.id.to_string()),
                    at: a.at,
                    kind: a.kind,
                    appeal_id: a.appeal_id.map(|id| ID(id.to_string())),
                    number: a.number,
                    due_at: a.due_at,
                    organization_name: a.organization_id.and_then(|id| names.get(&id).cloned()),
                    organization_id: a.organization_id.map(|id| ID(id.to_string())),
                    linked: a.linked,
                    acknowledged_at: a.acknowledged_at,
                })
                .collect(),
            has_more: found.has_more,
            unacknowledged: found.unacknowledged,
        })
    }
}

#[derive(Default)]
pub struct AlertsMutation;

#[Object]
impl AlertsMutation {
    /// Marks alerts as seen by this supervisor (all of them when `ids` is null); returns how many
    /// were new.
    async fn acknowledge_alerts(&self, ctx: &Context<'_>, ids: Option<Vec<ID>>) -> async_graphql::Result<u64> {
        let ids = ids.map(|ids| ids.iter().map(parse_id).collect::<Result<Vec<_>, _>>()).transpose().gql()?;
        inbox::acknowledge(request(ctx)?, ids.as_deref()).await.gql()
    }
}
