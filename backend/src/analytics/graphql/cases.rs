use std::collections::HashMap;

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::NaiveDate;

use super::{AppealFigures, PeriodInput};
use crate::analytics::cases::model::{case, case_event};
use crate::analytics::cases::service::{self, CaseOutcome, CaseStatus, OpenCase};
use crate::analytics::cases::suggest;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request, REPORT_COMPLEXITY};
use crate::i18n::LocalizedText;

#[derive(SimpleObject)]
pub struct SystemicCase {
    pub id: ID,
    pub organization_id: ID,
    pub organization_name: Option<LocalizedText>,
    pub title: String,
    pub reason: String,
    pub status: Option<CaseStatus>,
    pub authority: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// The deadline has passed and the organization has not reported.
    pub overdue: bool,
    pub report: Option<String>,
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    pub outcome: Option<CaseOutcome>,
    pub outcome_comment: Option<String>,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl SystemicCase {
    fn of(c: case::Model, names: &HashMap<i64, LocalizedText>, today: NaiveDate) -> Self {
        SystemicCase {
            id: ID(c.id.to_string()),
            organization_id: ID(c.organization_id.to_string()),
            organization_name: names.get(&c.organization_id).cloned(),
            overdue: c.status == CaseStatus::Open.as_str() && c.deadline.is_some_and(|d| d < today),
            status: CaseStatus::parse(&c.status).ok(),
            outcome: c.outcome.as_deref().and_then(|o| CaseOutcome::parse(o).ok()),
            title: c.title,
            reason: c.reason,
            authority: c.authority,
            deadline: c.deadline,
            report: c.report,
            reported_at: c.reported_at,
            outcome_comment: c.outcome_comment,
            opened_at: c.opened_at,
            closed_at: c.closed_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct CaseAppeal {
    pub id: ID,
    pub number: String,
    pub status: Option<crate::appeals::rules::AppealStatus>,
}

#[derive(SimpleObject)]
pub struct CaseEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    /// `opened`, `appeals_attached`, `deadline_set`, `extended`, `reported`, `closed`.
    pub kind: String,
    pub comment: Option<String>,
}

impl From<case_event::Model> for CaseEvent {
    fn from(e: case_event::Model) -> Self {
        CaseEvent { at: e.at, actor: e.actor, kind: e.kind, comment: e.comment }
    }
}

#[derive(SimpleObject)]
pub struct SystemicCaseDetail {
    pub case: SystemicCase,
    pub appeals: Vec<CaseAppeal>,
    pub timeline: Vec<CaseEvent>,
}

#[derive(SimpleObject)]
pub struct CaseSuggestion {
    pub organization_id: ID,
    pub name: Option<LocalizedText>,
    pub figures: AppealFigures,
    /// Open past the deadline or resolved late, as a share of received.
    pub overdue_share: f64,
    pub overdue_crossed: bool,
    pub reopen_crossed: bool,
}

#[derive(InputObject)]
pub struct OpenCaseInput {
    pub organization_id: ID,
    pub title: String,
    /// What the center found: the analysis behind the case.
    pub reason: String,
    #[graphql(default)]
    pub appeal_ids: Vec<ID>,
    pub authority: Option<String>,
    pub deadline: Option<NaiveDate>,
}

fn ids(list: &[ID]) -> async_graphql::Result<Vec<i64>> {
    list.iter().map(parse_id).collect::<Result<Vec<_>, _>>().gql()
}

async fn shown(ctx: &Context<'_>, list: Vec<case::Model>) -> async_graphql::Result<Vec<SystemicCase>> {
    let rctx = request(ctx)?;
    let org_ids: Vec<i64> = list.iter().map(|c| c.organization_id).collect();
    let tx = rctx.tenant_tx().await.gql()?;
    let names = crate::orgs::service::names(&tx, &org_ids).await.gql()?;
    let today = chrono::Utc::now().with_timezone(&rctx.tenant().gql()?.time_zone).date_naive();
    Ok(list.into_iter().map(|c| SystemicCase::of(c, &names, today)).collect())
}

async fn one(ctx: &Context<'_>, saved: case::Model) -> async_graphql::Result<SystemicCase> {
    shown(ctx, vec![saved]).await?.pop().ok_or_else(|| "no case".into())
}

#[derive(Default)]
pub struct CasesQuery;

#[Object]
impl CasesQuery {
    /// Systemic cases, newest first: the open ones (not closed) by default, of one organization
    /// when given (analysts, supervisors, city admins).
    async fn systemic_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "true when not given")] open_only: Option<bool>,
        organization_id: Option<ID>,
    ) -> async_graphql::Result<Vec<SystemicCase>> {
        let org = organization_id.as_ref().map(parse_id).transpose().gql()?;
        let list = service::list(request(ctx)?, open_only.unwrap_or(true), org).await.gql()?;
        shown(ctx, list).await
    }

    async fn systemic_case(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<SystemicCaseDetail> {
        let detail = service::get(request(ctx)?, parse_id(&id).gql()?).await.gql()?;
        Ok(SystemicCaseDetail {
            case: one(ctx, detail.case).await?,
            appeals: detail
                .appeals
                .into_iter()
                .map(|(id, number, status)| CaseAppeal {
                    id: ID(id.to_string()),
                    number,
                    status: crate::appeals::rules::AppealStatus::parse(&status).ok(),
                })
                .collect(),
            timeline: detail.events.into_iter().map(CaseEvent::from).collect(),
        })
    }

    /// Organizations whose figures over the period cross the city's thresholds and that have no
    /// case open: cases the center should consider.
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn case_suggestions(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
    ) -> async_graphql::Result<Vec<CaseSuggestion>> {
        let found = suggest::suggestions(request(ctx)?, period.period()?).await.gql()?;
        Ok(found
            .into_iter()
            .filter_map(|s| {
                Some(CaseSuggestion {
                    organization_id: ID(s.line.organization_id?.to_string()),
                    name: s.line.name.clone(),
                    figures: (&s.line.figures).into(),
                    overdue_share: s.overdue_share,
                    overdue_crossed: s.overdue_crossed,
                    reopen_crossed: s.reopen_crossed,
                })
            })
            .collect())
    }

    /// The report of ineffective organizations: cases closed as ineffective in the period, and
    /// cases whose deadline passed in it without a report.
    async fn ineffective_organizations(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
    ) -> async_graphql::Result<Vec<SystemicCase>> {
        let list = service::ineffective(request(ctx)?, period.period()?).await.gql()?;
        shown(ctx, list).await
    }
}

#[derive(Default)]
pub struct CasesMutation;

#[Object]
impl CasesMutation {
    /// Opens a systemic case against an organization (supervisors, city admins); the
    /// organization is mailed.
    async fn open_systemic_case(&self, ctx: &Context<'_>, input: OpenCaseInput) -> async_graphql::Result<SystemicCase> {
        let saved = service::open(
            request(ctx)?,
            OpenCase {
                organization_id: parse_id(&input.organization_id).gql()?,
                title: input.title,
                reason: input.reason,
                appeal_ids: ids(&input.appeal_ids)?,
                authority: input.authority,
                deadline: input.deadline,
            },
        )
        .await
        .gql()?;
        one(ctx, saved).await
    }

    async fn attach_case_appeals(
        &self,
        ctx: &Context<'_>,
        id: ID,
        appeal_ids: Vec<ID>,
    ) -> async_graphql::Result<SystemicCase> {
        let saved = service::attach(request(ctx)?, parse_id(&id).gql()?, &ids(&appeal_ids)?).await.gql()?;
        one(ctx, saved).await
    }

    /// Records the deadline the authority set; moving a set deadline is an extension and needs
    /// the reason.
    async fn set_case_deadline(
        &self,
        ctx: &Context<'_>,
        id: ID,
        authority: String,
        deadline: NaiveDate,
        reason: Option<String>,
    ) -> async_graphql::Result<SystemicCase> {
        let saved = service::set_deadline(request(ctx)?, parse_id(&id).gql()?, &authority, deadline, reason.as_deref())
            .await
            .gql()?;
        one(ctx, saved).await
    }

    /// Records the organization's report on what it did.
    async fn record_case_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
        report: String,
    ) -> async_graphql::Result<SystemicCase> {
        let saved = service::record_report(request(ctx)?, parse_id(&id).gql()?, &report).await.gql()?;
        one(ctx, saved).await
    }

    async fn close_systemic_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
        outcome: CaseOutcome,
        comment: String,
    ) -> async_graphql::Result<SystemicCase> {
        let saved = service::close(request(ctx)?, parse_id(&id).gql()?, outcome, &comment).await.gql()?;
        one(ctx, saved).await
    }
}
