//! The dashboard: a period's figures beside the period before and the same period a year before,
//! volumes by day, week, month or quarter, the top spheres and categories, and the channels.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, Months, NaiveDate};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::figures::{self, Figures};
use super::filter::{Filter, Period};
use super::READERS;
use crate::appeals::rollup::Counts;
use crate::appeals::rules::Channel;
use crate::catalog::model::{category, service_type, sphere};
use crate::context::RequestCtx;
use crate::error::AppResult;
use crate::i18n::LocalizedText;
use crate::string_enum;
use crate::tenancy::settings;

string_enum! {
    /// How volumes are bucketed.
    Granularity {
        Day = "day",
        Week = "week",
        Month = "month",
        Quarter = "quarter",
    }
}

impl Granularity {
    /// The first day of the bucket that holds `day` (weeks start on Monday).
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - Duration::days(day.weekday().num_days_from_monday().into()),
            Granularity::Month => day.with_day(1).unwrap_or(day),
            Granularity::Quarter => {
                let month = (day.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
            }
        }
    }

    /// The first day of the next bucket.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start + Duration::days(1),
            Granularity::Week => start + Duration::days(7),
            Granularity::Month => start.checked_add_months(Months::new(1)).unwrap_or(start),
            Granularity::Quarter => start.checked_add_months(Months::new(3)).unwrap_or(start),
        }
    }

    /// The same bucket a year before: 52 weeks for days and weeks (the same weekdays), twelve
    /// months for months and quarters.
    pub fn year_before(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day | Granularity::Week => day - Duration::days(364),
            _ => day.checked_sub_months(Months::new(12)).unwrap_or(day),
        }
    }
}

/// One bucket of the volume series, with the bucket before it and the same bucket a year before.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumePoint {
    pub start: NaiveDate,
    /// The last day counted (a bucket is cut at the ends of the period).
    pub end: NaiveDate,
    pub received: i64,
    pub previous: i64,
    pub year_before: i64,
}

/// A sphere's or category's appeals in the period and in the same period a year before.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub id: i64,
    pub name: LocalizedText,
    pub received: i64,
    pub year_before: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelLine {
    pub channel: String,
    pub received: i64,
    pub digital: bool,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub period: Period,
    pub current: Figures,
    pub previous: Figures,
    pub year_before: Figures,
    pub volumes: Vec<VolumePoint>,
    pub top_spheres: Vec<Ranked>,
    pub top_categories: Vec<Ranked>,
    pub channels: Vec<ChannelLine>,
    /// The counts are being recounted after an upgrade (`qala analytics rebuild`).
    pub stale: bool,
}

pub const TOP: usize = 10;

pub async fn dashboard(
    ctx: &RequestCtx,
    filter: &Filter,
    period: Period,
    granularity: Granularity,
) -> AppResult<Dashboard> {
    ctx.require(READERS)?;
    let tx = ctx.tenant_tx().await?;
    let now = filter.clause(&tx, period).await?;
    // One grouped read of every day any comparison needs; the figures and volumes are its sums.
    let daily = Daily::read(&tx, filter, period, granularity).await?;
    let current = Figures::of(daily.sum(period.from, period.to));
    let previous = Figures::of(daily.sum(period.previous().from, period.previous().to));
    let year_before = Figures::of(daily.sum(period.year_before().from, period.year_before().to));
    let volumes = daily.volumes(period, granularity);
    let (top_spheres, top_categories) = top(&tx, filter, period).await?;
    let mut channels: Vec<ChannelLine> = figures::by::<String>(&tx, "channel", &now)
        .await?
        .into_iter()
        .filter(|(_, c)| c.received != 0)
        .map(|(channel, c)| ChannelLine {
            digital: Channel::parse(&channel).is_ok_and(Channel::is_digital),
            channel,
            received: c.received,
        })
        .collect();
    channels.sort_by(|a, b| b.received.cmp(&a.received).then(a.channel.cmp(&b.channel)));
    let stale = settings::get(&tx, STALE_KEY).await?.is_some_and(|v| v == "stale");
    Ok(Dashboard { period, current, previous, year_before, volumes, top_spheres, top_categories, channels, stale })
}

/// The settings key a migration sets when the counts need a recount.
pub const STALE_KEY: &str = "analytics.rollups";

/// Every counter per local day, from the earliest day the comparisons need to the period's end.
struct Daily(BTreeMap<NaiveDate, Counts>);

impl Daily {
    async fn read(
        conn: &impl ConnectionTrait,
        filter: &Filter,
        period: Period,
        granularity: Granularity,
    ) -> AppResult<Self> {
        let first = granularity.start(period.from);
        // The period before, the same days a year before, a bucket before the first, and the
        // same buckets a year before.
        let earliest = [
            period.previous().from,
            period.year_before().from,
            granularity.year_before(first),
            first - Duration::days(92),
        ]
        .into_iter()
        .min()
        .unwrap_or(period.from);
        let clause = filter.clause(conn, Period { from: earliest, to: period.to }).await?;
        Ok(Daily(figures::by_day(conn, &clause).await?.into_iter().collect()))
    }

    fn sum(&self, from: NaiveDate, to: NaiveDate) -> Counts {
        self.0.range(from..=to).fold(Counts::default(), |all, (_, day)| all.plus(day, 1))
    }

    fn received(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.0.range(from..=to).map(|(_, day)| day.received).sum()
    }

    fn volumes(&self, period: Period, granularity: Granularity) -> Vec<VolumePoint> {
        let mut out = Vec::new();
        let mut start = granularity.start(period.from);
        while start <= period.to && out.len() <= 4000 {
            let next = granularity.next(start);
            let (from, to) = (start.max(period.from), (next - Duration::days(1)).min(period.to));
            let prior_start = granularity.start(start - Duration::days(1));
            let year_start = granularity.year_before(start);
            let year_end = granularity.year_before(next) - Duration::days(1);
            out.push(VolumePoint {
                start: from,
                end: to,
                received: self.received(from, to),
                previous: self.received(prior_start, start - Duration::days(1)),
                year_before: self.received(year_start, year_end),
            });
            start = next;
        }
        out
    }
}

/// The top spheres and categories by appeals received, with the same period a year before.
async fn top(conn: &impl ConnectionTrait, filter: &Filter, period: Period) -> AppResult<(Vec<Ranked>, Vec<Ranked>)> {
    let now = figures::by::<i64>(conn, "service_type_id", &filter.clause(conn, period).await?).await?;
    let year = figures::by::<i64>(conn, "service_type_id", &filter.clause(conn, period.year_before()).await?).await?;
    let types: HashMap<i64, i64> =
        service_type::Entity::find().all(conn).await?.into_iter().map(|t| (t.id, t.category_id)).collect();
    let categories: HashMap<i64, category::Model> =
        category::Entity::find().all(conn).await?.into_iter().map(|c| (c.id, c)).collect();
    let spheres: HashMap<i64, sphere::Model> =
        sphere::Entity::find().all(conn).await?.into_iter().map(|s| (s.id, s)).collect();
    let mut by_category: HashMap<i64, (i64, i64)> = HashMap::new();
    for (list, slot) in [(&now, 0), (&year, 1)] {
        for (service_type, c) in list {
            if let Some(category) = types.get(service_type) {
                let entry = by_category.entry(*category).or_default();
                if slot == 0 {
                    entry.0 += c.received;
                } else {
                    entry.1 += c.received;
                }
            }
        }
    }
    let mut by_sphere: HashMap<i64, (i64, i64)> = HashMap::new();
    for (category, (n, y)) in &by_category {
        if let Some(c) = categories.get(category) {
            let entry = by_sphere.entry(c.sphere_id).or_default();
            entry.0 += n;
            entry.1 += y;
        }
    }
    let rank = |counts: HashMap<i64, (i64, i64)>, name: &dyn Fn(i64) -> Option<LocalizedText>| {
        let mut list: Vec<Ranked> = counts
            .into_iter()
            .filter(|(_, (n, _))| *n > 0)
            .filter_map(|(id, (received, year_before))| Some(Ranked { id, name: name(id)?, received, year_before }))
            .collect();
        list.sort_by(|a, b| b.received.cmp(&a.received).then(a.id.cmp(&b.id)));
        list.truncate(TOP);
        list
    };
    let sphere_name = |id: i64| spheres.get(&id).map(|s| LocalizedText::new(&s.name_kk, &s.name_ru, &s.name_en));
    let category_name = |id: i64| categories.get(&id).map(|c| LocalizedText::new(&c.name_kk, &c.name_ru, &c.name_en));
    Ok((rank(by_sphere, &sphere_name), rank(by_category, &category_name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn buckets_start_on_mondays_months_and_quarters() {
        assert_eq!(Granularity::Week.start(day("2026-12-02")), day("2026-11-30"));
        assert_eq!(Granularity::Month.start(day("2026-12-02")), day("2026-12-01"));
        assert_eq!(Granularity::Quarter.start(day("2026-12-02")), day("2026-10-01"));
        assert_eq!(Granularity::Quarter.next(day("2026-10-01")), day("2027-01-01"));
        assert_eq!(Granularity::Week.year_before(day("2026-11-30")).weekday(), chrono::Weekday::Mon);
        assert_eq!(Granularity::Quarter.year_before(day("2026-10-01")), day("2025-10-01"));
    }
}
