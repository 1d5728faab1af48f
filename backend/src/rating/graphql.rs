use async_graphql::{Context, Object, SimpleObject, ID};

use super::model::vote;
use super::service::{self, VoteInput};
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request};
use crate::i18n::LocalizedText;

/// A KSK or OSI in the public rating, with every component of its score.
#[derive(SimpleObject)]
pub struct RatingEntry {
    pub rank: i32,
    pub organization_id: ID,
    pub kind: String,
    pub name: LocalizedText,
    /// 0–100 (docs/rating.md).
    pub score: f64,
    /// Standing votes, and those a city admin voided as fraudulent.
    pub votes: i32,
    pub voided_votes: i32,
    /// The plain average of the standing votes, and the average smoothed toward the city mean.
    pub vote_average: Option<f64>,
    pub vote_score: f64,
    pub apartments: i32,
    pub appeals: i32,
    pub appeals_per_100_apartments: Option<f64>,
    /// Share of the appeals due this quarter that were resolved by their deadline.
    pub deadline_compliance: Option<f64>,
    /// Share of this quarter's appeals reopened after a resolution.
    pub reopen_rate: Option<f64>,
    /// Residents' ratings of handled appeals, smoothed toward the city mean (1–5).
    pub appeal_rating: f64,
    pub appeal_ratings: i32,
}

#[derive(SimpleObject)]
pub struct KskRating {
    pub quarter: String,
    pub entries: Vec<RatingEntry>,
}

pub struct Vote(pub vote::Model);

#[Object]
impl Vote {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn quarter(&self) -> &str {
        &self.0.quarter
    }
    async fn organization_id(&self) -> ID {
        ID(self.0.organization_id.to_string())
    }
    async fn building_id(&self) -> ID {
        ID(self.0.building_id.to_string())
    }
    async fn apartment(&self) -> &str {
        &self.0.apartment
    }
    async fn score(&self) -> i32 {
        self.0.score
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
    async fn voided(&self) -> bool {
        self.0.voided_at.is_some()
    }
    async fn void_reason(&self) -> Option<&str> {
        self.0.void_reason.as_deref()
    }
}

#[derive(Default)]
pub struct RatingQuery;

#[Object]
impl RatingQuery {
    /// The public KSK rating of a quarter (`2026Q4`; the current one by default). No login.
    #[graphql(complexity = "crate::graphql::request::REPORT_COMPLEXITY + child_complexity")]
    async fn ksk_rating(&self, ctx: &Context<'_>, quarter: Option<String>) -> async_graphql::Result<KskRating> {
        let rating = service::rating(request(ctx)?, quarter.as_deref()).await.gql()?;
        let entries = rating
            .rows
            .iter()
            .map(|row| {
                let i = &row.scored.inputs;
                let o = &row.organization;
                RatingEntry {
                    rank: row.scored.rank as i32,
                    organization_id: ID(o.id.to_string()),
                    kind: o.kind.clone(),
                    name: LocalizedText::new(&o.name_kk, &o.name_ru, &o.name_en),
                    score: (row.scored.score * 100.0).round() / 100.0,
                    votes: i.votes as i32,
                    voided_votes: row.voided_votes as i32,
                    vote_average: (i.votes > 0).then(|| i.vote_sum as f64 / i.votes as f64),
                    vote_score: row.scored.vote_score,
                    apartments: i.apartments as i32,
                    appeals: i.appeals as i32,
                    appeals_per_100_apartments: row.scored.appeals_per_100,
                    deadline_compliance: row.scored.deadline_compliance,
                    reopen_rate: row.scored.reopen_rate,
                    appeal_rating: row.scored.appeal_rating,
                    appeal_ratings: i.ratings as i32,
                }
            })
            .collect();
        Ok(KskRating { quarter: rating.quarter.to_string(), entries })
    }

    /// The votes an organization received in a quarter (city admins).
    async fn ksk_votes(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        quarter: String,
    ) -> async_graphql::Result<Vec<Vote>> {
        let rows = service::votes(request(ctx)?, parse_id(&organization_id).gql()?, &quarter).await.gql()?;
        Ok(rows.into_iter().map(Vote).collect())
    }
}

#[derive(Default)]
pub struct RatingMutation;

#[Object]
impl RatingMutation {
    /// A verified resident's vote for the KSK/OSI managing their building (changeable within
    /// the quarter). Needs the resident token from `verifyPhone`.
    async fn vote_ksk(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        building_id: ID,
        apartment: String,
        score: i32,
        comment: Option<String>,
    ) -> async_graphql::Result<Vote> {
        let input = VoteInput {
            organization_id: parse_id(&organization_id).gql()?,
            building_id: parse_id(&building_id).gql()?,
            apartment,
            score,
            comment,
        };
        service::cast(request(ctx)?, input).await.map(Vote).gql()
    }

    /// Voids a fraudulent vote with a reason (city admins).
    async fn void_ksk_vote(&self, ctx: &Context<'_>, id: ID, reason: String) -> async_graphql::Result<Vote> {
        service::void(request(ctx)?, parse_id(&id).gql()?, &reason).await.map(Vote).gql()
    }
}
