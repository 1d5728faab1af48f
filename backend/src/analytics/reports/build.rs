//! The reports' content, from the dashboard's and the execution table's own functions.

use chrono::{Datelike, Duration, NaiveDate};

use super::labels::{channel, label};
use super::sheet::{Cell, Report, Sheet};
use crate::analytics::dashboard::{self, Dashboard, Granularity, Ranked};
use crate::analytics::execution::{self, ExecutionLine};
use crate::analytics::figures::Figures;
use crate::analytics::filter::{Filter, Period};
use crate::analytics::hotspots::{self, HotspotLevel};
use crate::context::RequestCtx;
use crate::error::AppResult;
use crate::i18n::Language;
use crate::string_enum;

string_enum! {
    /// Which report.
    ReportKind {
        Weekly = "weekly",
        Quarterly = "quarterly",
    }
}

fn change(now: i64, before: i64) -> Option<f64> {
    (before != 0).then(|| (now - before) as f64 * 100.0 / before as f64)
}

fn summary(l: Language, d: &Dashboard) -> Sheet {
    let t = |k: &str| label(l, k);
    let (now, before, year) = (&d.current, &d.previous, &d.year_before);
    let count_row = |key: &str, f: fn(&Figures) -> i64| {
        vec![
            Cell::Text(t(key)),
            Cell::Count(f(now)),
            Cell::Count(f(before)),
            Cell::Change(change(f(now), f(before))),
            Cell::Count(f(year)),
            Cell::Change(change(f(now), f(year))),
        ]
    };
    let share_row = |key: &str, f: fn(&Figures) -> Option<f64>| {
        vec![
            Cell::Text(t(key)),
            Cell::Share(f(now)),
            Cell::Share(f(before)),
            Cell::Change(None),
            Cell::Share(f(year)),
            Cell::Change(None),
        ]
    };
    let number_row = |key: &str, f: fn(&Figures) -> Option<f64>| {
        vec![
            Cell::Text(t(key)),
            Cell::Number(f(now)),
            Cell::Number(f(before)),
            Cell::Change(None),
            Cell::Number(f(year)),
            Cell::Change(None),
        ]
    };
    let total = now.counts.received;
    let digital: i64 = d.channels.iter().filter(|c| c.digital).map(|c| c.received).sum();
    let rows = vec![
        count_row("received", |f| f.counts.received),
        count_row("first_call", |f| f.counts.first_call),
        share_row("first_call_share", |f| f.first_call_share),
        count_row("incidents", |f| f.counts.incidents),
        count_row("resolved_on_time", |f| f.counts.resolved_on_time),
        count_row("resolved_late", |f| f.counts.resolved_late),
        share_row("on_time_share", |f| f.on_time_share),
        count_row("open_overdue", |f| f.counts.open_overdue),
        count_row("reopened", |f| f.counts.reopened),
        share_row("reopen_rate", |f| f.reopen_rate),
        number_row("average_rating", |f| f.average_rating),
        number_row("median_hours", |f| f.median_hours_to_resolve),
        number_row("p90_hours", |f| f.p90_hours_to_resolve),
        vec![
            Cell::Text(t("digital_share")),
            Cell::Share((total > 0).then(|| digital as f64 / total as f64)),
            Cell::Share(None),
            Cell::Change(None),
            Cell::Share(None),
            Cell::Change(None),
        ],
    ];
    Sheet {
        code: "summary",
        title: t("summary"),
        header: ["metric", "this_period", "previous", "change", "year_before", "year_change"].map(t).to_vec(),
        rows,
    }
}

fn ranked(l: Language, code: &'static str, list: &[Ranked], total: i64) -> Sheet {
    let t = |k: &str| label(l, k);
    Sheet {
        code,
        title: t(code),
        header: ["name", "received", "share", "year_before", "year_change"].map(t).to_vec(),
        rows: list
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.name.get(l).to_owned()),
                    Cell::Count(r.received),
                    Cell::Share((total > 0).then(|| r.received as f64 / total as f64)),
                    Cell::Count(r.year_before),
                    Cell::Change(change(r.received, r.year_before)),
                ]
            })
            .collect(),
    }
}

fn channels(l: Language, d: &Dashboard) -> Sheet {
    let t = |k: &str| label(l, k);
    let total = d.current.counts.received;
    Sheet {
        code: "channels",
        title: t("channels"),
        header: ["channel", "received", "share"].map(t).to_vec(),
        rows: d
            .channels
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(channel(l, &c.channel)),
                    Cell::Count(c.received),
                    Cell::Share((total > 0).then(|| c.received as f64 / total as f64)),
                ]
            })
            .collect(),
    }
}

fn volumes(l: Language, d: &Dashboard) -> Sheet {
    let t = |k: &str| label(l, k);
    Sheet {
        code: "volumes",
        title: t("volumes"),
        header: ["start", "end", "received", "previous", "change", "year_before", "year_change"].map(t).to_vec(),
        rows: d
            .volumes
            .iter()
            .map(|v| {
                vec![
                    Cell::Date(v.start),
                    Cell::Date(v.end),
                    Cell::Count(v.received),
                    Cell::Count(v.previous),
                    Cell::Change(change(v.received, v.previous)),
                    Cell::Count(v.year_before),
                    Cell::Change(change(v.received, v.year_before)),
                ]
            })
            .collect(),
    }
}

fn organizations(l: Language, lines: &[ExecutionLine]) -> Sheet {
    let t = |k: &str| label(l, k);
    Sheet {
        code: "organizations",
        title: t("organizations"),
        header: [
            "organization",
            "kind",
            "received",
            "resolved_on_time",
            "resolved_late",
            "on_time_share",
            "open_overdue",
            "reopened",
            "average_rating",
        ]
        .map(t)
        .to_vec(),
        rows: lines
            .iter()
            .map(|line| {
                let f = &line.figures;
                vec![
                    Cell::Text(line.name.as_ref().map_or_else(|| t("unrouted"), |n| n.get(l).to_owned())),
                    Cell::Text(line.kind.clone().unwrap_or_default()),
                    Cell::Count(f.counts.received),
                    Cell::Count(f.counts.resolved_on_time),
                    Cell::Count(f.counts.resolved_late),
                    Cell::Share(f.on_time_share),
                    Cell::Count(f.counts.open_overdue),
                    Cell::Count(f.counts.reopened),
                    Cell::Number(f.average_rating),
                ]
            })
            .collect(),
    }
}

/// The sheets both reports have: the figures, volumes, spheres, categories, channels and
/// control of execution.
fn both(l: Language, d: &Dashboard, lines: &[ExecutionLine]) -> Vec<Sheet> {
    let total = d.current.counts.received;
    vec![
        summary(l, d),
        volumes(l, d),
        ranked(l, "spheres", &d.top_spheres, total),
        ranked(l, "categories", &d.top_categories, total),
        channels(l, d),
        organizations(l, lines),
    ]
}

/// The week (Monday to Sunday) holding `day`.
pub fn week_of(day: NaiveDate) -> Period {
    let from = day - Duration::days(day.weekday().num_days_from_monday().into());
    Period { from, to: from + Duration::days(6) }
}

fn title(l: Language, kind: &str, city: &str, period: Period) -> String {
    format!("{city}: {} {} — {}", label(l, kind), period.from.format("%d.%m.%Y"), period.to.format("%d.%m.%Y"))
}

pub async fn weekly(ctx: &RequestCtx, day: NaiveDate, l: Language) -> AppResult<Report> {
    let period = week_of(day);
    let filter = Filter::default();
    let d = dashboard::dashboard(ctx, &filter, period, Granularity::Day).await?;
    let lines = execution::execution(ctx, &filter, period, &[]).await?;
    Ok(Report { title: title(l, "weekly", &ctx.tenant()?.brand, period), sheets: both(l, &d, &lines) })
}

pub async fn quarterly(ctx: &RequestCtx, day: NaiveDate, l: Language) -> AppResult<Report> {
    let period = hotspots::quarter_of(day);
    let filter = Filter::default();
    let d = dashboard::dashboard(ctx, &filter, period, Granularity::Month).await?;
    let lines = execution::execution(ctx, &filter, period, &[]).await?;
    let streets = hotspots::hotspots(ctx, &filter, period, HotspotLevel::Street, 500, 30).await?;
    let (_, chronic) = hotspots::chronic(ctx, &filter, period.to, 4, 3, 100).await?;
    let t = |k: &str| label(l, k);
    let streets = Sheet {
        code: "streets",
        title: t("streets"),
        header: ["street", "received", "buildings"].map(t).to_vec(),
        rows: streets
            .iter()
            .map(|s| {
                vec![Cell::Text(s.label.clone().unwrap_or_default()), Cell::Count(s.appeals), Cell::Count(s.buildings)]
            })
            .collect(),
    };
    let chronic = Sheet {
        code: "chronic",
        title: t("chronic"),
        header: ["address", "category", "quarters_hit", "total"].map(t).to_vec(),
        rows: chronic
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(c.address.clone()),
                    Cell::Text(c.category.as_ref().map(|n| n.get(l).to_owned()).unwrap_or_default()),
                    Cell::Count(c.quarters_hit),
                    Cell::Count(c.total),
                ]
            })
            .collect(),
    };
    Ok(Report {
        title: title(l, "quarterly", &ctx.tenant()?.brand, period),
        sheets: [both(l, &d, &lines), vec![streets, chronic]].concat(),
    })
}
