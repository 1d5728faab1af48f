//! The dashboard: a period's figures beside the period before and the same period a year before,
//! volumes by day, week, month or quarter, the top spheres and categories, and the channels.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, Months, NaiveDate};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::figures::{self, Figures};
use super::filter::{Filter, Period, Selection};
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
    let selection = filter.selection(&tx).await?;
    // One grouped read of every day (and whole month) any comparison needs; the figures and
    // volumes are its sums.
    let buckets = buckets(period, granularity);
    let mut windows = vec![
        (period.from, period.to),
        (period.previous().from, period.previous().to),
        (period.year_before().from, period.year_before().to),
    ];
    windows.extend(buckets.iter().flat_map(|b| [b.now, b.prior, b.year_before]));
    let daily = Daily::read(&tx, &selection, &windows).await?;
    let current = Figures::of(daily.sum(period.from, period.to));
    let previous = Figures::of(daily.sum(period.previous().from, period.previous().to));
    let year_before = Figures::of(daily.sum(period.year_before().from, period.year_before().to));
    let volumes = buckets
        .iter()
        .map(|b| VolumePoint {
            start: b.now.0,
            end: b.now.1,
            received: daily.sum(b.now.0, b.now.1).received,
            previous: daily.sum(b.prior.0, b.prior.1).received,
            year_before: daily.sum(b.year_before.0, b.year_before.1).received,
        })
        .collect();
    let (top_spheres, top_categories) = top(&tx, &selection, period).await?;
    let mut channels: Vec<ChannelLine> = figures::by::<String>(&tx, &selection, "channel", period)
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

/// One bucket of the volumes (cut at the ends of the period), the bucket before it, and the same
/// bucket a year before, as days both ends included.
struct Bucket {
    now: (NaiveDate, NaiveDate),
    prior: (NaiveDate, NaiveDate),
    year_before: (NaiveDate, NaiveDate),
}

fn buckets(period: Period, granularity: Granularity) -> Vec<Bucket> {
    let mut out = Vec::new();
    let mut start = granularity.start(period.from);
    while start <= period.to && out.len() <= 4000 {
        let next = granularity.next(start);
        let last = start - Duration::days(1);
        out.push(Bucket {
            now: (start.max(period.from), (next - Duration::days(1)).min(period.to)),
            prior: (granularity.start(last), last),
            year_before: (granularity.year_before(start), granularity.year_before(next) - Duration::days(1)),
        });
        start = next;
    }
    out
}

/// Every counter per day, and per whole month where the grain keeps months, over the days the
/// dashboard's comparisons need.
struct Daily {
    days: BTreeMap<NaiveDate, Counts>,
    /// Rows of whole months, on their first days; empty when the grain keeps no months.
    months: BTreeMap<NaiveDate, Counts>,
    monthly: bool,
}

impl Daily {
    async fn read(
        conn: &impl ConnectionTrait,
        selection: &Selection,
        windows: &[(NaiveDate, NaiveDate)],
    ) -> AppResult<Self> {
        let monthly = selection.grain.monthly();
        let (mut days, mut months) = (Vec::new(), Vec::new());
        for &(from, to) in windows {
            if monthly.is_some() {
                let (whole, rest) = figures::split_months(from, to);
                months.extend(whole);
                days.extend(rest);
            } else {
                days.push((from, to));
            }
        }
        let filters = &selection.filters;
        let days = figures::by_day(conn, selection.grain, filters, &figures::merge_ranges(days, 1)).await?;
        let months = match monthly {
            Some(grain) => figures::by_day(conn, grain, filters, &figures::merge_ranges(months, 31)).await?,
            None => Vec::new(),
        };
        let (days, months) = (days.into_iter().collect(), months.into_iter().collect());
        Ok(Daily { days, months, monthly: monthly.is_some() })
    }

    fn sum(&self, from: NaiveDate, to: NaiveDate) -> Counts {
        let mut total = Counts::default();
        let (whole, rest) = if self.monthly { figures::split_months(from, to) } else { (None, vec![(from, to)]) };
        if let Some((first, last)) = whole {
            self.months.range(first..=last).for_each(|(_, c)| total.add(c, 1));
        }
        for (from, to) in rest {
            self.days.range(from..=to).for_each(|(_, c)| total.add(c, 1));
        }
        total
    }
}

/// The top spheres and categories by appeals received, with the same period a year before.
async fn top(
    conn: &impl ConnectionTrait,
    selection: &Selection,
    period: Period,
) -> AppResult<(Vec<Ranked>, Vec<Ranked>)> {
    let now = figures::by::<i64>(conn, selection, "service_type_id", period).await?;
    let year = figures::by::<i64>(conn, selection, "service_type_id", period.year_before()).await?;
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
