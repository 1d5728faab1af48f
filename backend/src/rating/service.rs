//! Voting in the KSK rating and computing it. Votes come only from verified residents, one per
//! resident and one per apartment for each organization and quarter (changeable within the
//! quarter), limited per client address, every one audited; city admins void fraudulent ones.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::formula::{score, Inputs, Scored};
use super::model::vote;
use super::quarter::Quarter;
use crate::access::Role;
use crate::audit;
use crate::buildings::model::building;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::infra::sql;
use crate::orgs::model::organization;
use crate::orgs::OrgKind;
use crate::residents::model::resident;

pub struct VoteInput {
    pub organization_id: i64,
    pub building_id: i64,
    pub apartment: String,
    pub score: i32,
    pub comment: Option<String>,
}

/// One spelling per apartment: digits without leading zeros and at most one letter (`12`,
/// `12А`), within the building's count; "012" and "12" are the same apartment.
fn check_apartment(raw: &str, apartments: i32) -> AppResult<String> {
    let refused = || AppError::validation("apartment", format!("not an apartment of this building (1–{apartments})"));
    if apartments <= 0 {
        return Err(AppError::validation("apartment", "this building has no apartments on record"));
    }
    let raw = raw.trim().to_uppercase();
    let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
    let rest: Vec<char> = raw.chars().skip(digits.len()).collect();
    let letter_ok = match rest.as_slice() {
        [] => true,
        [c] => c.is_alphabetic(),
        _ => false,
    };
    let number: i32 = digits.parse().map_err(|_| refused())?;
    if !letter_ok || !(1..=apartments).contains(&number) {
        return Err(refused());
    }
    Ok(format!("{number}{}", rest.iter().collect::<String>()))
}

/// Casts or changes the caller's vote for the current quarter.
pub async fn cast(ctx: &RequestCtx, input: VoteInput) -> AppResult<vote::Model> {
    let Some(resident_id) = ctx.actor()?.resident_id() else {
        return Err(AppError::forbidden("only residents who verified their phone vote"));
    };
    let tenant = ctx.tenant()?.clone();
    if !(1..=5).contains(&input.score) {
        return Err(AppError::validation("score", "a vote is 1 to 5"));
    }
    let comment = input.comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        return Err(AppError::validation("comment", "must be at most 1000 characters"));
    }
    let window = Duration::from_secs(3600);
    let (by_ip, retry) = ctx.state.kv.hit(&format!("votes:ip:{}", ctx.client_ip), window).await?;
    let (by_resident, _) = ctx.state.kv.hit(&format!("votes:resident:{}:{resident_id}", tenant.slug), window).await?;
    if by_ip > u64::from(ctx.state.config.votes_per_ip_per_hour) || by_resident > 20 {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let tx = ctx.tenant_tx().await?;
    let voter = resident::Entity::find_by_id(resident_id).one(&tx).await?.filter(|r| r.verified);
    let Some(voter) = voter else {
        return Err(AppError::forbidden("only residents who verified their phone vote"));
    };
    let org = organization::Entity::find_by_id(input.organization_id)
        .one(&tx)
        .await?
        .filter(|o| o.active && matches!(OrgKind::parse(&o.kind), Ok(OrgKind::Ksk | OrgKind::Osi)))
        .ok_or_else(|| AppError::validation("organizationId", "the rating covers active KSK and OSI only"))?;
    let place = building::Entity::find_by_id(input.building_id)
        .one(&tx)
        .await?
        .filter(|b| b.active && b.managing_org_id == Some(org.id))
        .ok_or_else(|| AppError::validation("buildingId", format!("{} does not manage this building", org.name_ru)))?;
    let apartment = check_apartment(&input.apartment, place.apartments)?;
    let quarter = Quarter::containing(Utc::now(), tenant.time_zone).to_string();
    let now = Utc::now();
    // A resident whose vote was voided as fraudulent does not vote again for it this quarter.
    let voided = vote::Entity::find()
        .filter(vote::Column::Quarter.eq(&quarter))
        .filter(vote::Column::OrganizationId.eq(org.id))
        .filter(vote::Column::ResidentId.eq(voter.id))
        .filter(vote::Column::VoidedAt.is_not_null())
        .one(&tx)
        .await?;
    if voided.is_some() {
        return Err(AppError::forbidden(format!("your vote for {} in {quarter} was voided", org.name_ru)));
    }
    let standing = vote::Entity::find()
        .filter(vote::Column::Quarter.eq(&quarter))
        .filter(vote::Column::OrganizationId.eq(org.id))
        .filter(vote::Column::ResidentId.eq(voter.id))
        .filter(vote::Column::VoidedAt.is_null())
        .one(&tx)
        .await?;
    let mut model = match standing {
        Some(found) => vote::ActiveModel::from(found),
        None => vote::ActiveModel {
            quarter: Set(quarter.clone()),
            organization_id: Set(org.id),
            resident_id: Set(voter.id),
            created_at: Set(now),
            ..Default::default()
        },
    };
    model.building_id = Set(place.id);
    model.apartment = Set(apartment.clone());
    model.score = Set(input.score);
    model.comment = Set(comment);
    model.ip = Set(ctx.client_ip.clone());
    model.updated_at = Set(now);
    // The partial unique indexes settle races: a second standing vote of the same resident or
    // apartment is refused by the database, whatever the timing.
    let saved = model.save(&tx).await.map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => {
            AppError::Conflict(format!("apartment {apartment} has already voted for this organization in {quarter}"))
        }
        other => other,
    })?;
    let saved = sea_orm::TryIntoModel::try_into_model(saved)?;
    let details = json!({ "organization": org.id, "building": place.id, "apartment": apartment, "score": input.score, "quarter": quarter, "ip": ctx.client_ip });
    audit::record(&tx, &ctx.actor_label(), "rating.vote", "ksk_vote", Some(saved.id.to_string()), details).await?;
    tx.commit().await?;
    bump_version(ctx).await?;
    Ok(saved)
}

/// Voids a vote with a reason (city admins); the rating shows how many were voided.
pub async fn void(ctx: &RequestCtx, id: i64, reason: &str) -> AppResult<vote::Model> {
    let actor = ctx.require(&[Role::CityAdmin])?.label();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation("reason", "give the reason for voiding"));
    }
    let tx = ctx.tenant_tx().await?;
    let found =
        vote::Entity::find_by_id(id).one(&tx).await?.ok_or_else(|| AppError::not_found(format!("vote {id}")))?;
    if found.voided_at.is_some() {
        return Err(AppError::Conflict("the vote is already void".into()));
    }
    let mut model: vote::ActiveModel = found.into();
    model.voided_at = Set(Some(Utc::now()));
    model.void_reason = Set(Some(reason.to_owned()));
    model.voided_by = Set(Some(actor.clone()));
    let saved = model.update(&tx).await?;
    audit::record(&tx, &actor, "rating.void", "ksk_vote", Some(id.to_string()), json!({ "reason": reason })).await?;
    tx.commit().await?;
    bump_version(ctx).await?;
    Ok(saved)
}

/// The votes an organization received in a quarter (city admins, to find fraud).
pub async fn votes(ctx: &RequestCtx, organization_id: i64, quarter: &str) -> AppResult<Vec<vote::Model>> {
    ctx.require(&[Role::CityAdmin])?;
    let quarter = Quarter::parse(quarter).map_err(|m| AppError::validation("quarter", m))?.to_string();
    let tx = ctx.tenant_tx().await?;
    Ok(vote::Entity::find()
        .filter(vote::Column::Quarter.eq(quarter))
        .filter(vote::Column::OrganizationId.eq(organization_id))
        .all(&tx)
        .await?)
}

/// One row of the public rating.
#[derive(Debug, Clone)]
pub struct RatingRow {
    pub organization: organization::Model,
    pub scored: Scored,
    pub voided_votes: i64,
}

pub struct Rating {
    pub quarter: Quarter,
    pub rows: Vec<RatingRow>,
}

/// A computed rating with when it was computed and the vote version it saw.
struct Cached {
    at: Instant,
    version: i64,
    rating: Arc<Rating>,
}

/// Cached ratings per (tenant, quarter): valid while no vote changed and for `rating_cache_secs`.
#[derive(Default)]
pub struct RatingCache {
    entries: std::sync::Mutex<HashMap<(String, String), Cached>>,
}

fn version_key(slug: &str) -> String {
    format!("rating-version:{slug}")
}

async fn bump_version(ctx: &RequestCtx) -> AppResult<()> {
    let slug = ctx.tenant()?.slug.to_string();
    let version = Utc::now().timestamp_micros();
    ctx.state.kv.set_value(&version_key(&slug), version, Duration::from_secs(90 * 24 * 3600)).await?;
    Ok(())
}

/// The public rating of a quarter (the current one when none is named).
pub async fn rating(ctx: &RequestCtx, quarter: Option<&str>) -> AppResult<Arc<Rating>> {
    let tenant = ctx.tenant()?.clone();
    let quarter = match quarter {
        Some(raw) => Quarter::parse(raw).map_err(|m| AppError::validation("quarter", m))?,
        None => Quarter::containing(Utc::now(), tenant.time_zone),
    };
    let key = (tenant.slug.to_string(), quarter.to_string());
    let version = ctx.state.kv.get_value(&version_key(&key.0)).await?.unwrap_or(0);
    let ttl = Duration::from_secs(ctx.state.config.rating_cache_secs);
    let cache = ctx.state.caches.get::<RatingCache>();
    if let Ok(entries) = cache.entries.lock() {
        if let Some(cached) = entries.get(&key) {
            if cached.version == version && cached.at.elapsed() < ttl {
                return Ok(cached.rating.clone());
            }
        }
    }
    let tx = ctx.tenant_tx().await?;
    let computed = Arc::new(compute(&tx, quarter, tenant.time_zone).await?);
    if let Ok(mut entries) = cache.entries.lock() {
        entries.insert(key, Cached { at: Instant::now(), version, rating: computed.clone() });
    }
    Ok(computed)
}

async fn compute(conn: &impl ConnectionTrait, quarter: Quarter, tz: chrono_tz::Tz) -> AppResult<Rating> {
    let orgs: Vec<organization::Model> = organization::Entity::find()
        .filter(organization::Column::Active.eq(true))
        .filter(organization::Column::Kind.is_in([OrgKind::Ksk.as_str(), OrgKind::Osi.as_str()]))
        .all(conn)
        .await?;
    let (start, end) = quarter.range(tz);
    let due_end = end.min(Utc::now());
    let q = quarter.to_string();
    let per_org = |rows: Vec<sea_orm::QueryResult>| -> AppResult<HashMap<i64, (i64, i64)>> {
        rows.into_iter()
            .map(|r| Ok((r.try_get::<i64>("", "org")?, (r.try_get::<i64>("", "a")?, r.try_get::<i64>("", "b")?))))
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(AppError::from)
    };
    let votes = per_org(sql::all(conn, "SELECT organization_id AS org, COUNT(*) AS a, COALESCE(SUM(score), 0) AS b FROM ksk_votes WHERE quarter = ? AND voided_at IS NULL GROUP BY organization_id", vec![q.clone().into()]).await?)?;
    let voided = per_org(sql::all(conn, "SELECT organization_id AS org, COUNT(*) AS a, CAST(0 AS BIGINT) AS b FROM ksk_votes WHERE quarter = ? AND voided_at IS NOT NULL GROUP BY organization_id", vec![q.into()]).await?)?;
    let apartments = per_org(sql::all(conn, "SELECT managing_org_id AS org, COALESCE(SUM(apartments), 0) AS a, CAST(0 AS BIGINT) AS b FROM buildings WHERE active AND managing_org_id IS NOT NULL GROUP BY managing_org_id", vec![]).await?)?;
    let appeals = per_org(sql::all(conn, "SELECT organization_id AS org, COUNT(*) AS a, CAST(0 AS BIGINT) AS b FROM appeals WHERE organization_id IS NOT NULL AND registered_at >= ? AND registered_at < ? GROUP BY organization_id", vec![start.into(), end.into()]).await?)?;
    let due = per_org(sql::all(conn, "SELECT organization_id AS org, COUNT(*) AS a, COALESCE(SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= due_at THEN 1 ELSE 0 END), 0) AS b FROM appeals WHERE organization_id IS NOT NULL AND due_at >= ? AND due_at < ? AND status NOT IN ('rejected', 'merged', 'forwarded') GROUP BY organization_id", vec![start.into(), due_end.into()]).await?)?;
    let reopened = per_org(sql::all(conn, "SELECT a.organization_id AS org, COUNT(DISTINCT a.id) AS a, CAST(0 AS BIGINT) AS b FROM appeals a JOIN appeal_events e ON e.appeal_id = a.id AND e.kind = 'reopen' WHERE a.organization_id IS NOT NULL AND a.registered_at >= ? AND a.registered_at < ? GROUP BY a.organization_id", vec![start.into(), end.into()]).await?)?;
    let ratings = per_org(sql::all(conn, "SELECT organization_id AS org, COUNT(*) AS a, COALESCE(SUM(rating), 0) AS b FROM appeals WHERE organization_id IS NOT NULL AND rating IS NOT NULL AND rated_at >= ? AND rated_at < ? GROUP BY organization_id", vec![start.into(), end.into()]).await?)?;
    let get = |m: &HashMap<i64, (i64, i64)>, id: i64| m.get(&id).copied().unwrap_or((0, 0));
    let inputs = orgs
        .iter()
        .map(|o| Inputs {
            organization_id: o.id,
            votes: get(&votes, o.id).0,
            vote_sum: get(&votes, o.id).1,
            apartments: get(&apartments, o.id).0,
            appeals: get(&appeals, o.id).0,
            due: get(&due, o.id).0,
            met_deadline: get(&due, o.id).1,
            reopened: get(&reopened, o.id).0,
            ratings: get(&ratings, o.id).0,
            rating_sum: get(&ratings, o.id).1,
        })
        .collect();
    let by_id: HashMap<i64, organization::Model> = orgs.into_iter().map(|o| (o.id, o)).collect();
    let rows = score(inputs)
        .into_iter()
        .filter_map(|scored| {
            let organization = by_id.get(&scored.inputs.organization_id)?.clone();
            Some(RatingRow { voided_votes: get(&voided, organization.id).0, organization, scored })
        })
        .collect();
    Ok(Rating { quarter, rows })
}

#[cfg(test)]
mod tests {
    use super::check_apartment;

    #[test]
    fn apartments_must_exist_in_the_building() {
        assert_eq!(check_apartment(" 12a ", 120).ok().as_deref(), Some("12A"));
        assert_eq!(check_apartment("012", 120).ok().as_deref(), Some("12"), "one spelling per apartment");
        assert!(check_apartment("12-", 120).is_err() && check_apartment("12AB", 120).is_err());
        assert!(check_apartment("5", 0).is_err(), "no apartments on record");
        assert!(check_apartment("121", 120).is_err());
        assert!(check_apartment("0", 120).is_err());
        assert!(check_apartment("кв 5", 120).is_err());
        assert!(check_apartment("", 120).is_err());
    }
}
