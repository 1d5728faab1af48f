//! Where problems concentrate: buildings, streets and map cells ranked by appeals over a period;
//! chronic addresses, where appeals of one category come back quarter after quarter; and the
//! season's readiness list, the buildings with the most complaints of past seasons.
//!
//! Counted from the appeals themselves (an appeal counts at its building), one grouped query per
//! period, through the index on (category, registration time, building).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::filter::{Clause, Filter, Period};
use super::READERS;
use crate::buildings::geo::{cell_center, grid_cell, street_of};
use crate::buildings::model::building;
use crate::catalog::model::category;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;
use crate::infra::sql;
use crate::string_enum;

string_enum! {
    /// What hotspots are ranked by.
    HotspotLevel {
        Building = "building",
        Street = "street",
        Cell = "cell",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    /// `building:<id>`, `street:<name>` or `cell:<row>:<column>`.
    pub key: String,
    /// The address, the street, or None for a cell.
    pub label: Option<String>,
    pub building_id: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    pub appeals: i64,
    pub buildings: i64,
}

pub const MAX_LIMIT: u64 = 500;

/// Appeals per building (and per a second column when given) for a clause over `appeals a`.
async fn per_building(
    conn: &impl ConnectionTrait,
    clause: &Clause,
    second: Option<&str>,
) -> AppResult<Vec<(i64, i64, i64)>> {
    let extra = second.map(|c| format!(", COALESCE(a.{c}, 0)")).unwrap_or_else(|| ", CAST(0 AS BIGINT)".into());
    let group = second.map(|c| format!(", COALESCE(a.{c}, 0)")).unwrap_or_default();
    let text = format!(
        "SELECT a.building_id{extra}, COUNT(*) FROM appeals a WHERE {} AND a.building_id IS NOT NULL \
         GROUP BY a.building_id{group}",
        clause.sql
    );
    let rows = sql::all(conn, &text, clause.values.clone()).await?;
    rows.iter().map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?))).collect()
}

async fn buildings_by_id(conn: &impl ConnectionTrait, ids: Vec<i64>) -> AppResult<HashMap<i64, building::Model>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = building::Entity::find().filter(building::Column::Id.is_in(chunk.to_vec())).all(conn).await?;
        out.extend(found.into_iter().map(|b| (b.id, b)));
    }
    Ok(out)
}

fn check_limit(limit: u64) -> AppResult<u64> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(AppError::validation("limit", format!("1 to {MAX_LIMIT}")));
    }
    Ok(limit)
}

pub async fn hotspots(
    ctx: &RequestCtx,
    filter: &Filter,
    period: Period,
    level: HotspotLevel,
    cell_m: u32,
    limit: u64,
) -> AppResult<Vec<Hotspot>> {
    ctx.require(READERS)?;
    let limit = check_limit(limit)?;
    if !(100..=5000).contains(&cell_m) {
        return Err(AppError::validation("cellMeters", "a cell is 100 to 5000 meters"));
    }
    let tz = ctx.tenant()?.time_zone;
    let tx = ctx.tenant_tx().await?;
    let counts = per_building(&tx, &filter.appeals_clause(&tx, period, tz).await?, None).await?;
    let places = buildings_by_id(&tx, counts.iter().map(|c| c.0).collect()).await?;
    let mut groups: BTreeMap<String, Hotspot> = BTreeMap::new();
    for (id, _, n) in counts {
        let Some(b) = places.get(&id) else { continue };
        let (key, label, point) = match level {
            HotspotLevel::Building => (format!("building:{id}"), Some(b.address.clone()), (b.lat, b.lon)),
            HotspotLevel::Street => {
                let street = street_of(&b.address);
                (format!("street:{}", street.to_lowercase()), Some(street), (b.lat, b.lon))
            }
            HotspotLevel::Cell => {
                let cell = grid_cell(b.lat, b.lon, cell_m.into());
                (format!("cell:{}:{}", cell.0, cell.1), None, cell_center(cell, cell_m.into()))
            }
        };
        let spot = groups.entry(key.clone()).or_insert(Hotspot {
            key,
            label,
            building_id: (level == HotspotLevel::Building).then_some(id),
            lat: 0.0,
            lon: 0.0,
            appeals: 0,
            buildings: 0,
        });
        // A street's point is its buildings' center, weighted by their appeals.
        let total = (spot.appeals + n) as f64;
        spot.lat = (spot.lat * spot.appeals as f64 + point.0 * n as f64) / total;
        spot.lon = (spot.lon * spot.appeals as f64 + point.1 * n as f64) / total;
        if level == HotspotLevel::Cell {
            (spot.lat, spot.lon) = point;
        }
        spot.appeals += n;
        spot.buildings += 1;
    }
    let mut list: Vec<Hotspot> = groups.into_values().collect();
    list.sort_by(|a, b| b.appeals.cmp(&a.appeals).then(a.key.cmp(&b.key)));
    list.truncate(limit as usize);
    Ok(list)
}

/// The quarter (first and last day) holding `day`.
pub fn quarter_of(day: NaiveDate) -> Period {
    let first = NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1).unwrap_or(day);
    let next = first.checked_add_months(Months::new(3)).unwrap_or(first);
    Period { from: first, to: next.pred_opt().unwrap_or(next) }
}

/// The last `n` quarters up to the one holding `as_of`, oldest first.
pub fn last_quarters(as_of: NaiveDate, n: u32) -> Vec<Period> {
    let mut out = Vec::new();
    let mut q = quarter_of(as_of);
    for _ in 0..n {
        out.push(q);
        q = quarter_of(q.from.pred_opt().unwrap_or(q.from));
    }
    out.reverse();
    out
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chronic {
    pub building_id: i64,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub managing_org_id: Option<i64>,
    pub category_id: i64,
    pub category: Option<LocalizedText>,
    /// Appeals in each of the quarters, oldest first.
    pub by_quarter: Vec<i64>,
    /// Quarters with at least one appeal.
    pub quarters_hit: i64,
    pub total: i64,
}

/// Buildings where appeals of one category came in at least `min_quarters` of the last
/// `quarters` quarters: the repeats that a repair, not another visit, must end.
pub async fn chronic(
    ctx: &RequestCtx,
    filter: &Filter,
    as_of: NaiveDate,
    quarters: u32,
    min_quarters: u32,
    limit: u64,
) -> AppResult<(Vec<Period>, Vec<Chronic>)> {
    ctx.require(READERS)?;
    let limit = check_limit(limit)?;
    if !(2..=12).contains(&quarters) {
        return Err(AppError::validation("quarters", "2 to 12 quarters"));
    }
    if !(1..=quarters).contains(&min_quarters) {
        return Err(AppError::validation("minQuarters", format!("1 to {quarters}")));
    }
    let tz = ctx.tenant()?.time_zone;
    let tx = ctx.tenant_tx().await?;
    let spans = last_quarters(as_of, quarters);
    let mut by: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
    for (i, q) in spans.iter().enumerate() {
        let clause = filter.appeals_clause(&tx, *q, tz).await?;
        for (building, category, n) in per_building(&tx, &clause, Some("category_id")).await? {
            by.entry((building, category)).or_insert_with(|| vec![0; spans.len()])[i] += n;
        }
    }
    let mut found: Vec<((i64, i64), Vec<i64>)> =
        by.into_iter().filter(|(_, q)| q.iter().filter(|n| **n > 0).count() as u32 >= min_quarters).collect();
    found.sort_by(|a, b| {
        let hit = |q: &Vec<i64>| q.iter().filter(|n| **n > 0).count();
        hit(&b.1).cmp(&hit(&a.1)).then(b.1.iter().sum::<i64>().cmp(&a.1.iter().sum())).then(a.0.cmp(&b.0))
    });
    found.truncate(limit as usize);
    let places = buildings_by_id(&tx, found.iter().map(|f| f.0 .0).collect()).await?;
    let names = category_names(&tx).await?;
    let list = found
        .into_iter()
        .filter_map(|((building_id, category_id), by_quarter)| {
            let b = places.get(&building_id)?;
            Some(Chronic {
                building_id,
                address: b.address.clone(),
                lat: b.lat,
                lon: b.lon,
                managing_org_id: b.managing_org_id,
                category_id,
                category: names.get(&category_id).cloned(),
                quarters_hit: by_quarter.iter().filter(|n| **n > 0).count() as i64,
                total: by_quarter.iter().sum(),
                by_quarter,
            })
        })
        .collect();
    Ok((spans, list))
}

pub async fn category_names(conn: &impl ConnectionTrait) -> AppResult<HashMap<i64, LocalizedText>> {
    Ok(category::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, LocalizedText::new(c.name_kk, c.name_ru, c.name_en)))
        .collect())
}

/// The seasons before `as_of` (a season runs from the first day of `start_month` to the last
/// day of `end_month`, into the next year when it ends in an earlier month), newest first.
pub fn past_seasons(as_of: NaiveDate, start_month: u32, end_month: u32, n: u32) -> AppResult<Vec<Period>> {
    if !(1..=12).contains(&start_month) || !(1..=12).contains(&end_month) {
        return Err(AppError::validation("startMonth", "months are 1 to 12"));
    }
    if !(1..=10).contains(&n) {
        return Err(AppError::validation("seasons", "1 to 10 seasons"));
    }
    let season = |year: i32| -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, start_month, 1)?;
        let end_year = if end_month >= start_month { year } else { year + 1 };
        let to = NaiveDate::from_ymd_opt(end_year, end_month, 1)?.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Period { from, to })
    };
    let mut out = Vec::new();
    let mut year = as_of.year();
    while out.len() < n as usize && year > as_of.year() - 40 {
        if let Some(s) = season(year).filter(|s| s.to < as_of) {
            out.push(s);
        }
        year -= 1;
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessLine {
    pub building_id: i64,
    pub address: String,
    pub district: Option<String>,
    /// The organization most of these appeals went to (the building's KSK or OSI when none).
    pub organization_id: Option<i64>,
    /// Appeals in each season, newest first.
    pub by_season: Vec<i64>,
    pub total: i64,
}

/// The buildings with the most appeals of the filter's categories over past seasons, ranked,
/// with who answers for each: the list a city checks before the next season.
pub async fn readiness(
    ctx: &RequestCtx,
    filter: &Filter,
    seasons: &[Period],
    limit: u64,
) -> AppResult<Vec<ReadinessLine>> {
    ctx.require(READERS)?;
    let limit = check_limit(limit)?;
    let tz = ctx.tenant()?.time_zone;
    let tx = ctx.tenant_tx().await?;
    let mut by: HashMap<i64, (Vec<i64>, HashMap<i64, i64>)> = HashMap::new();
    for (i, season) in seasons.iter().enumerate() {
        let clause = filter.appeals_clause(&tx, *season, tz).await?;
        for (building, org, n) in per_building(&tx, &clause, Some("organization_id")).await? {
            let entry = by.entry(building).or_insert_with(|| (vec![0; seasons.len()], HashMap::new()));
            entry.0[i] += n;
            if org != 0 {
                *entry.1.entry(org).or_default() += n;
            }
        }
    }
    let mut ranked: Vec<(i64, Vec<i64>, HashMap<i64, i64>)> = by.into_iter().map(|(b, (s, o))| (b, s, o)).collect();
    ranked.sort_by(|a, b| b.1.iter().sum::<i64>().cmp(&a.1.iter().sum()).then(a.0.cmp(&b.0)));
    ranked.truncate(limit as usize);
    let places = buildings_by_id(&tx, ranked.iter().map(|r| r.0).collect()).await?;
    Ok(ranked
        .into_iter()
        .filter_map(|(building_id, by_season, orgs)| {
            let b = places.get(&building_id)?;
            let most = orgs.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(org, _)| org);
            Some(ReadinessLine {
                building_id,
                address: b.address.clone(),
                district: b.district.clone(),
                organization_id: most.or(b.managing_org_id),
                total: by_season.iter().sum(),
                by_season,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn quarters_and_heating_seasons_are_counted_back_from_a_day() {
        let q = last_quarters(day("2026-12-02"), 3);
        assert_eq!(q[0], Period { from: day("2026-04-01"), to: day("2026-06-30") });
        assert_eq!(q[2], Period { from: day("2026-10-01"), to: day("2026-12-31") });
        let heating = past_seasons(day("2026-12-02"), 10, 4, 3).expect("seasons");
        assert_eq!(
            heating[0],
            Period { from: day("2025-10-01"), to: day("2026-04-30") },
            "the running season is not done"
        );
        assert_eq!(heating[2].from, day("2023-10-01"));
        let roofs = past_seasons(day("2026-12-02"), 3, 5, 1).expect("a season");
        assert_eq!(roofs[0], Period { from: day("2026-03-01"), to: day("2026-05-31") });
        assert!(past_seasons(day("2026-12-02"), 13, 4, 1).is_err());
    }
}
