use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::NaiveDate;

use super::{AnalyticsFilter, PeriodInput};
use crate::analytics::hotspots::{self, HotspotLevel};
use crate::analytics::readiness::{self, season_label};
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{request, REPORT_COMPLEXITY};
use crate::i18n::LocalizedText;

#[derive(SimpleObject)]
pub struct Hotspot {
    /// `building:<id>`, `street:<name>` or `cell:<row>:<column>`.
    pub key: String,
    /// The address or the street; null for a map cell.
    pub label: Option<String>,
    pub building_id: Option<ID>,
    /// The building, the appeal-weighted center of a street, or the center of a cell.
    pub lat: f64,
    pub lon: f64,
    pub appeals: i64,
    pub buildings: i64,
}

#[derive(SimpleObject)]
pub struct QuarterCount {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub appeals: i64,
}

#[derive(SimpleObject)]
pub struct ChronicAddress {
    pub building_id: ID,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub managing_org_id: Option<ID>,
    pub category_id: ID,
    pub category: Option<LocalizedText>,
    /// The history, oldest quarter first.
    pub quarters: Vec<QuarterCount>,
    pub quarters_hit: i64,
    pub total: i64,
}

#[derive(SimpleObject)]
pub struct SeasonCount {
    /// «2025/26» for a season over the new year.
    pub season: String,
    pub appeals: i64,
}

#[derive(SimpleObject)]
pub struct ReadinessLine {
    pub building_id: ID,
    pub address: String,
    pub district: Option<String>,
    /// Who answers for the building: the organization most of its appeals went to.
    pub organization_id: Option<ID>,
    pub organization_name: Option<LocalizedText>,
    /// Newest season first.
    pub seasons: Vec<SeasonCount>,
    pub total: i64,
}

/// The seasons a readiness list looks back on: `startMonth`..`endMonth` (October to April for
/// heating), the last `seasons` of them that have ended.
#[derive(InputObject)]
pub struct SeasonsInput {
    #[graphql(default = 3)]
    pub seasons: u32,
    #[graphql(default = 10)]
    pub start_month: u32,
    #[graphql(default = 4)]
    pub end_month: u32,
    /// Today when not given.
    pub as_of: Option<NaiveDate>,
}

impl SeasonsInput {
    fn spans(&self, today: NaiveDate) -> async_graphql::Result<Vec<crate::analytics::filter::Period>> {
        hotspots::past_seasons(self.as_of.unwrap_or(today), self.start_month, self.end_month, self.seasons).gql()
    }
}

fn today(ctx: &crate::context::RequestCtx) -> async_graphql::Result<NaiveDate> {
    Ok(chrono::Utc::now().with_timezone(&ctx.tenant().gql()?.time_zone).date_naive())
}

#[derive(Default)]
pub struct PlacesQuery;

#[Object]
impl PlacesQuery {
    /// Buildings, streets or map cells ranked by appeals of the filter over the period: where
    /// problems concentrate (analysts, supervisors, city admins). Cells are `cellMeters` wide.
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn hotspots(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
        filter: Option<AnalyticsFilter>,
        level: Option<HotspotLevel>,
        cell_meters: Option<u32>,
        #[graphql(desc = "50 when not given, 500 at most")] limit: Option<u64>,
    ) -> async_graphql::Result<Vec<Hotspot>> {
        let filter = filter.unwrap_or_default().filter()?;
        let level = level.unwrap_or(HotspotLevel::Building);
        let found = hotspots::hotspots(
            request(ctx)?,
            &filter,
            period.period()?,
            level,
            cell_meters.unwrap_or(500),
            limit.unwrap_or(50),
        )
        .await
        .gql()?;
        Ok(found
            .into_iter()
            .map(|h| Hotspot {
                key: h.key,
                label: h.label,
                building_id: h.building_id.map(|id| ID(id.to_string())),
                lat: h.lat,
                lon: h.lon,
                appeals: h.appeals,
                buildings: h.buildings,
            })
            .collect())
    }

    /// Chronic addresses: appeals of one category at one building in at least `minQuarters` of
    /// the last `quarters` quarters (up to the one holding `asOf`), with their history.
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn chronic_addresses(
        &self,
        ctx: &Context<'_>,
        filter: Option<AnalyticsFilter>,
        as_of: Option<NaiveDate>,
        #[graphql(desc = "4 when not given")] quarters: Option<u32>,
        #[graphql(desc = "3 when not given")] min_quarters: Option<u32>,
        limit: Option<u64>,
    ) -> async_graphql::Result<Vec<ChronicAddress>> {
        let rctx = request(ctx)?;
        let filter = filter.unwrap_or_default().filter()?;
        let as_of = as_of.unwrap_or(today(rctx)?);
        let (spans, list) = hotspots::chronic(
            rctx,
            &filter,
            as_of,
            quarters.unwrap_or(4),
            min_quarters.unwrap_or(3),
            limit.unwrap_or(50),
        )
        .await
        .gql()?;
        Ok(list
            .into_iter()
            .map(|c| ChronicAddress {
                building_id: ID(c.building_id.to_string()),
                address: c.address,
                lat: c.lat,
                lon: c.lon,
                managing_org_id: c.managing_org_id.map(|id| ID(id.to_string())),
                category_id: ID(c.category_id.to_string()),
                category: c.category,
                quarters: spans
                    .iter()
                    .zip(c.by_quarter)
                    .map(|(q, appeals)| QuarterCount { from: q.from, to: q.to, appeals })
                    .collect(),
                quarters_hit: c.quarters_hit,
                total: c.total,
            })
            .collect())
    }

    /// The season's readiness list: buildings ranked by appeals of the filter (a category
    /// group: heating, water, roofs, roads...) over past seasons, with who answers for each.
    #[graphql(complexity = "REPORT_COMPLEXITY")]
    async fn readiness_list(
        &self,
        ctx: &Context<'_>,
        filter: Option<AnalyticsFilter>,
        seasons: SeasonsInput,
        limit: Option<u64>,
    ) -> async_graphql::Result<Vec<ReadinessLine>> {
        let rctx = request(ctx)?;
        let filter = filter.unwrap_or_default().filter()?;
        let spans = seasons.spans(today(rctx)?)?;
        let lines = hotspots::readiness(rctx, &filter, &spans, limit.unwrap_or(100)).await.gql()?;
        let org_ids: Vec<i64> = lines.iter().filter_map(|l| l.organization_id).collect();
        let tx = rctx.tenant_tx().await.gql()?;
        let names = crate::orgs::service::names(&tx, &org_ids).await.gql()?;
        let labels: Vec<String> = spans.iter().map(season_label).collect();
        Ok(lines
            .into_iter()
            .map(|l| ReadinessLine {
                building_id: ID(l.building_id.to_string()),
                address: l.address,
                district: l.district,
                organization_name: l.organization_id.and_then(|id| names.get(&id).cloned()),
                organization_id: l.organization_id.map(|id| ID(id.to_string())),
                seasons: labels
                    .iter()
                    .zip(l.by_season)
                    .map(|(season, appeals)| SeasonCount { season: season.clone(), appeals })
                    .collect(),
                total: l.total,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct PlacesMutation;

#[Object]
impl PlacesMutation {
    /// Sends each responsible organization its part of the readiness list by mail (supervisors
    /// and city admins); returns how many organizations were sent a list.
    async fn send_readiness_list(
        &self,
        ctx: &Context<'_>,
        title: String,
        filter: Option<AnalyticsFilter>,
        seasons: SeasonsInput,
    ) -> async_graphql::Result<u64> {
        let rctx = request(ctx)?;
        let filter = filter.unwrap_or_default().filter()?;
        let spans = seasons.spans(today(rctx)?)?;
        Ok(readiness::send(rctx, &filter, &spans, &title).await.gql()? as u64)
    }
}
