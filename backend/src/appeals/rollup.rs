//! The city's appeal counts per registration day (its local date) × service type × organization
//! × district × channel × appeal type, kept exact: every change to an appeal takes its old
//! contribution out and puts its new one in, in the transaction that makes the change; a recount
//! from the appeals themselves gives the same rows (`rebuild`). Analytics reads these rows. The
//! same counts are kept at coarser grains too (`Grain`), so that a year of the city's figures is
//! a few thousand rows, not a million.
//!
//! An appeal counts on the day it was registered: "resolved on time" in March means appeals
//! registered in March that were resolved by their deadline, whenever that was.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, InsertStatement, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Value};

use super::model::appeal;
use super::rules::AppealStatus;
use crate::catalog::AppealType;
use crate::infra::sql;

/// The grains the counts are kept at, in one table: a coarser grain keeps the key columns it
/// drops as 0 and '' (or counts a month on its first day), so that a figure reads the coarsest
/// grain that still carries what it filters or groups on (`analytics::figures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// Ordered from the finest.
pub enum Grain {
    /// Every key column, per day: organization and district figures.
    Full,
    /// The same per calendar month, on the month's first day: the same over long periods.
    FullMonth,
    /// Service type, channel and appeal type per day: the catalog's figures.
    Catalog,
    /// The same per calendar month: the catalog over long periods.
    CatalogMonth,
    /// Channel and appeal type per day: the city's own figures.
    Channel,
}

impl Grain {
    pub const ALL: [Grain; 5] = [Grain::Full, Grain::FullMonth, Grain::Catalog, Grain::CatalogMonth, Grain::Channel];

    /// The value of the `grain` column.
    pub fn code(self) -> i32 {
        match self {
            Grain::Full => 0,
            Grain::FullMonth => 1,
            Grain::Catalog => 2,
            Grain::CatalogMonth => 3,
            Grain::Channel => 4,
        }
    }

    /// The table holding the same rows per month, where there is one.
    pub fn monthly(self) -> Option<Grain> {
        match self {
            Grain::Full => Some(Grain::FullMonth),
            Grain::Catalog => Some(Grain::CatalogMonth),
            _ => None,
        }
    }

    /// The day a row of this grain is kept on for an appeal of `day`.
    pub fn span_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Grain::FullMonth | Grain::CatalogMonth => day.with_day(1).unwrap_or(day),
            _ => day,
        }
    }

    /// Where an appeal of the full key counts in this grain.
    pub fn project(self, key: &Key) -> Key {
        let mut out = key.clone();
        out.day = self.span_start(key.day);
        if !matches!(self, Grain::Full | Grain::FullMonth) {
            out.organization_id = 0;
            out.district = String::new();
        }
        if self == Grain::Channel {
            out.service_type_id = 0;
        }
        out
    }

    /// The rows of this grain that full rows add up to.
    pub fn project_all(self, full: &BTreeMap<Key, Counts>) -> BTreeMap<Key, Counts> {
        let mut out: BTreeMap<Key, Counts> = BTreeMap::new();
        for (key, counts) in full {
            out.entry(self.project(key)).or_default().add(counts, 1);
        }
        out.retain(|_, c| !c.is_zero());
        out
    }
}

pub const TABLE: &str = "appeal_rollups";

/// The key columns, in the order of the primary key.
pub const KEY_COLUMNS: [&str; 7] =
    ["grain", "day", "service_type_id", "organization_id", "district", "channel", "appeal_type"];

/// The counter columns, in the order of `Counts::values`.
pub const COUNTERS: [&str; 13] = [
    "received",
    "first_call",
    "incidents",
    "resolved_on_time",
    "resolved_late",
    "reopened",
    "rejected",
    "forwarded",
    "still_open",
    "open_overdue",
    "rating_sum",
    "rating_count",
    "resolve_seconds",
];

/// Upper bounds, in hours, of the time-to-resolve buckets; the last bucket has none. Medians and
/// percentiles are read from these (to within a bucket, interpolated).
pub const RESOLVE_BUCKET_HOURS: [i64; BUCKETS - 1] = [1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 240, 360, 480, 720, 1440];
pub const BUCKETS: usize = 16;

pub fn bucket_column(i: usize) -> String {
    format!("resolved_within_{i:02}")
}

/// Every column a rollup row has, key first.
pub fn columns() -> Vec<String> {
    KEY_COLUMNS.iter().chain(COUNTERS.iter()).map(|c| (*c).to_owned()).chain((0..BUCKETS).map(bucket_column)).collect()
}

/// Where an appeal counts. Absent organization and district are 0 and "".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub day: NaiveDate,
    pub service_type_id: i64,
    pub organization_id: i64,
    pub district: String,
    pub channel: String,
    pub appeal_type: String,
}

impl Key {
    /// The smallest key of a day: `split_off` at it parts what counts before the day.
    pub fn first_of(day: NaiveDate) -> Key {
        Key {
            day,
            service_type_id: i64::MIN,
            organization_id: i64::MIN,
            district: String::new(),
            channel: String::new(),
            appeal_type: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: i64,
    pub first_call: i64,
    pub incidents: i64,
    pub resolved_on_time: i64,
    pub resolved_late: i64,
    /// Appeals reopened at least once after "resolved".
    pub reopened: i64,
    pub rejected: i64,
    pub forwarded: i64,
    pub still_open: i64,
    pub open_overdue: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
    /// Seconds from registration to the (latest) resolution, summed over resolved appeals.
    pub resolve_seconds: i64,
    pub resolved_within: [i64; BUCKETS],
}

impl Counts {
    /// The counters in the order of `COUNTERS`, then the buckets.
    pub fn values(&self) -> Vec<i64> {
        let mut v = vec![
            self.received,
            self.first_call,
            self.incidents,
            self.resolved_on_time,
            self.resolved_late,
            self.reopened,
            self.rejected,
            self.forwarded,
            self.still_open,
            self.open_overdue,
            self.rating_sum,
            self.rating_count,
            self.resolve_seconds,
        ];
        v.extend_from_slice(&self.resolved_within);
        v
    }

    pub fn from_values(v: &[i64]) -> Self {
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        let mut resolved_within = [0; BUCKETS];
        for (i, slot) in resolved_within.iter_mut().enumerate() {
            *slot = at(COUNTERS.len() + i);
        }
        Counts {
            received: at(0),
            first_call: at(1),
            incidents: at(2),
            resolved_on_time: at(3),
            resolved_late: at(4),
            reopened: at(5),
            rejected: at(6),
            forwarded: at(7),
            still_open: at(8),
            open_overdue: at(9),
            rating_sum: at(10),
            rating_count: at(11),
            resolve_seconds: at(12),
            resolved_within,
        }
    }

    /// `self + sign × other`, counter by counter.
    pub fn plus(&self, other: &Counts, sign: i64) -> Counts {
        let mut sum = *self;
        sum.add(other, sign);
        sum
    }

    /// Adds `sign × other` in place (the recount and the seed add millions: no allocation).
    pub fn add(&mut self, other: &Counts, sign: i64) {
        self.received += sign * other.received;
        self.first_call += sign * other.first_call;
        self.incidents += sign * other.incidents;
        self.resolved_on_time += sign * other.resolved_on_time;
        self.resolved_late += sign * other.resolved_late;
        self.reopened += sign * other.reopened;
        self.rejected += sign * other.rejected;
        self.forwarded += sign * other.forwarded;
        self.still_open += sign * other.still_open;
        self.open_overdue += sign * other.open_overdue;
        self.rating_sum += sign * other.rating_sum;
        self.rating_count += sign * other.rating_count;
        self.resolve_seconds += sign * other.resolve_seconds;
        for (mine, theirs) in self.resolved_within.iter_mut().zip(other.resolved_within) {
            *mine += sign * theirs;
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

/// What of an appeal the counts depend on (a narrow read for recounts of millions of rows).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Facts {
    pub id: i64,
    pub registered_at: DateTime<Utc>,
    pub service_type_id: i64,
    pub organization_id: Option<i64>,
    pub district: Option<String>,
    pub channel: String,
    pub appeal_type: String,
    pub status: String,
    pub first_call: bool,
    pub overdue: bool,
    pub due_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub rating: Option<i32>,
    pub reopen_count: i32,
}

impl From<&appeal::Model> for Facts {
    fn from(a: &appeal::Model) -> Self {
        Facts {
            id: a.id,
            registered_at: a.registered_at,
            service_type_id: a.service_type_id,
            organization_id: a.organization_id,
            district: a.district.clone(),
            channel: a.channel.clone(),
            appeal_type: a.appeal_type.clone(),
            status: a.status.clone(),
            first_call: a.first_call,
            overdue: a.overdue,
            due_at: a.due_at,
            resolved_at: a.resolved_at,
            rating: a.rating,
            reopen_count: a.reopen_count,
        }
    }
}

fn bucket_of(seconds: i64) -> usize {
    RESOLVE_BUCKET_HOURS.iter().position(|h| seconds <= h * 3600).unwrap_or(BUCKETS - 1)
}

/// The one rule of what an appeal adds to the counts.
pub fn contribution(a: &Facts, tz: Tz) -> (Key, Counts) {
    let status = AppealStatus::parse(&a.status).ok();
    let open = status.is_some_and(AppealStatus::is_open);
    let resolved = matches!(status, Some(AppealStatus::Resolved | AppealStatus::Closed));
    let key = Key {
        day: a.registered_at.with_timezone(&tz).date_naive(),
        service_type_id: a.service_type_id,
        organization_id: a.organization_id.unwrap_or(0),
        district: a.district.clone().unwrap_or_default(),
        channel: a.channel.clone(),
        appeal_type: a.appeal_type.clone(),
    };
    let mut c = Counts {
        received: 1,
        first_call: a.first_call.into(),
        incidents: (a.appeal_type == AppealType::Incident.as_str()).into(),
        reopened: (a.reopen_count > 0).into(),
        rejected: (status == Some(AppealStatus::Rejected)).into(),
        forwarded: (status == Some(AppealStatus::Forwarded)).into(),
        still_open: open.into(),
        open_overdue: (open && a.overdue).into(),
        rating_sum: a.rating.map_or(0, i64::from),
        rating_count: a.rating.is_some().into(),
        ..Counts::default()
    };
    if let (true, Some(at)) = (resolved, a.resolved_at) {
        let seconds = std::cmp::max((at - a.registered_at).num_seconds(), 0);
        if at <= a.due_at {
            c.resolved_on_time = 1;
        } else {
            c.resolved_late = 1;
        }
        c.resolve_seconds = seconds;
        c.resolved_within[bucket_of(seconds)] = 1;
    }
    (key, c)
}

/// Keeps the counts in step with one appeal's change (`before` is None for a new appeal). Call
/// it in the transaction that writes the appeal, after the write.
pub async fn track(
    conn: &impl ConnectionTrait,
    tz: Tz,
    before: Option<&appeal::Model>,
    after: &appeal::Model,
) -> Result<(), DbErr> {
    let (new_key, new) = contribution(&Facts::from(after), tz);
    let mut changes: BTreeMap<Key, Counts> = BTreeMap::new();
    if let Some(before) = before {
        let (old_key, old) = contribution(&Facts::from(before), tz);
        changes.insert(old_key, Counts::default().plus(&old, -1));
    }
    changes.entry(new_key).or_default().add(&new, 1);
    changes.retain(|_, c| !c.is_zero());
    add(conn, &changes).await
}

/// Adds changes of full rows to every grain (a change that moves an appeal between organizations
/// adds nothing to the coarser ones). One change is one statement whose rows are in key order, so
/// concurrent changes lock the rows they share in the same order and never deadlock.
pub async fn add(conn: &impl ConnectionTrait, full: &BTreeMap<Key, Counts>) -> Result<(), DbErr> {
    for statement in upserts(full)? {
        conn.execute(&statement).await?;
    }
    Ok(())
}

/// The statements of `add`, for a caller that runs them on its own connection (the seed's
/// COPY transaction).
pub fn upserts(full: &BTreeMap<Key, Counts>) -> Result<Vec<InsertStatement>, DbErr> {
    let mut rows: Vec<(Grain, Key, Counts)> = full.iter().map(|(k, c)| (Grain::Full, k.clone(), *c)).collect();
    for grain in Grain::ALL.into_iter().filter(|g| *g != Grain::Full) {
        rows.extend(grain.project_all(full).into_iter().map(|(k, c)| (grain, k, c)));
    }
    upsert(&rows)
}

/// Adds counts to the stored rows (creating rows that are missing), 200 rows (7,000 values) a
/// statement, in the order given (grain, then key).
fn upsert(rows: &[(Grain, Key, Counts)]) -> Result<Vec<InsertStatement>, DbErr> {
    let columns = columns();
    let mut statements = Vec::with_capacity(rows.len().div_ceil(200));
    for chunk in rows.chunks(200) {
        let mut insert = Query::insert();
        insert.into_table(Alias::new(TABLE)).columns(columns.iter().map(Alias::new));
        for (grain, key, counts) in chunk {
            let mut values: Vec<Expr> = vec![
                Expr::val(grain.code()),
                Expr::val(key.day),
                Expr::val(key.service_type_id),
                Expr::val(key.organization_id),
                Expr::val(key.district.clone()),
                Expr::val(key.channel.clone()),
                Expr::val(key.appeal_type.clone()),
            ];
            values.extend(counts.values().into_iter().map(Expr::val));
            insert.values(values).map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        let mut on_conflict = OnConflict::columns(KEY_COLUMNS.map(Alias::new));
        for column in &columns[KEY_COLUMNS.len()..] {
            on_conflict.value(Alias::new(column), Expr::cust(format!("{TABLE}.{column} + excluded.{column}")));
        }
        insert.on_conflict(on_conflict.to_owned());
        statements.push(insert);
    }
    Ok(statements)
}

/// The stored rows of a grain on one day (all its rows when `day` is None), zero rows left out.
pub async fn stored(
    conn: &impl ConnectionTrait,
    grain: Grain,
    day: Option<NaiveDate>,
) -> Result<BTreeMap<Key, Counts>, DbErr> {
    let list = columns().join(", ");
    let grain_is = Value::from(grain.code());
    let rows = match day {
        Some(day) => {
            let text = format!("SELECT {list} FROM {TABLE} WHERE grain = ? AND day = ?");
            sql::all(conn, &text, vec![grain_is, Value::from(day)]).await?
        }
        None => sql::all(conn, &format!("SELECT {list} FROM {TABLE} WHERE grain = ?"), vec![grain_is]).await?,
    };
    let mut out = BTreeMap::new();
    for row in rows {
        let key = Key {
            day: row.try_get_by_index(1)?,
            service_type_id: row.try_get_by_index(2)?,
            organization_id: row.try_get_by_index(3)?,
            district: row.try_get_by_index(4)?,
            channel: row.try_get_by_index(5)?,
            appeal_type: row.try_get_by_index(6)?,
        };
        let mut values = Vec::with_capacity(COUNTERS.len() + BUCKETS);
        for i in 0..COUNTERS.len() + BUCKETS {
            values.push(row.try_get_by_index::<i64>(KEY_COLUMNS.len() + i)?);
        }
        let counts = Counts::from_values(&values);
        if !counts.is_zero() {
            out.insert(key, counts);
        }
    }
    Ok(out)
}

/// Reads the appeals in registration order, a page at a time, and hands out the counts of one
/// local day at a time: memory holds a day, however many appeals the city has.
pub struct Recount {
    tz: Tz,
    after: Option<(DateTime<Utc>, i64)>,
    pending: BTreeMap<Key, Counts>,
    done: bool,
}

const PAGE: u64 = 5000;

impl Recount {
    pub fn new(tz: Tz) -> Self {
        Recount { tz, after: None, pending: BTreeMap::new(), done: false }
    }

    /// The next day's counts, in day order; None when every appeal has been counted.
    pub async fn next_day(
        &mut self,
        conn: &impl ConnectionTrait,
    ) -> Result<Option<(NaiveDate, BTreeMap<Key, Counts>)>, DbErr> {
        loop {
            // A day is complete once a later day has been seen (or the appeals are all read).
            let first = self.pending.keys().next().map(|k| k.day);
            let last = self.pending.keys().next_back().map(|k| k.day);
            if let (Some(first), Some(last)) = (first, last) {
                if first < last || self.done {
                    let rest = self.pending.split_off(&Key::first_of(first.succ_opt().unwrap_or(first)));
                    let day = std::mem::replace(&mut self.pending, rest);
                    return Ok(Some((first, day)));
                }
            }
            if self.done {
                return Ok(None);
            }
            let mut page = appeal::Entity::find()
                .select_only()
                .column(appeal::Column::Id)
                .columns([
                    appeal::Column::RegisteredAt,
                    appeal::Column::ServiceTypeId,
                    appeal::Column::OrganizationId,
                    appeal::Column::District,
                    appeal::Column::Channel,
                    appeal::Column::AppealType,
                    appeal::Column::Status,
                    appeal::Column::FirstCall,
                    appeal::Column::Overdue,
                    appeal::Column::DueAt,
                    appeal::Column::ResolvedAt,
                    appeal::Column::Rating,
                    appeal::Column::ReopenCount,
                ])
                .order_by_asc(appeal::Column::RegisteredAt)
                .order_by_asc(appeal::Column::Id)
                .limit(PAGE);
            if let Some((at, id)) = self.after {
                // A row value, so that the index on (registered_at, id) starts after the last row.
                let position = Expr::tuple([Expr::col(appeal::Column::RegisteredAt), Expr::col(appeal::Column::Id)]);
                page = page.filter(position.gt(Expr::tuple([Expr::val(at), Expr::val(id)])));
            }
            let rows: Vec<Facts> = page.into_model::<Facts>().all(conn).await?;
            if (rows.len() as u64) < PAGE {
                self.done = true;
            }
            if let Some(last) = rows.last() {
                self.after = Some((last.registered_at, last.id));
            }
            for row in &rows {
                let (key, counts) = contribution(row, self.tz);
                self.pending.entry(key).or_default().add(&counts, 1);
            }
        }
    }
}

/// Every day's counts recounted from the appeals (for checks; `rebuild` streams instead).
pub async fn recount_all(conn: &impl ConnectionTrait, tz: Tz) -> Result<BTreeMap<Key, Counts>, DbErr> {
    let mut recount = Recount::new(tz);
    let mut all = BTreeMap::new();
    while let Some((_, day)) = recount.next_day(conn).await? {
        all.extend(day);
    }
    Ok(all)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub days: u64,
    pub rows: u64,
    /// Rows that differed from the recount (0 when the counts were exact).
    pub corrected: u64,
}

/// Recounts every day from the appeals and replaces the stored rows of every grain that differ,
/// in one transaction that first locks the rollup tables against writers (on PostgreSQL; SQLite
/// has one writer anyway): a change that commits later applies its delta to the recounted rows.
/// Memory holds a day of full rows and a month of the monthly ones.
pub async fn rebuild(conn: &impl ConnectionTrait, tz: Tz) -> Result<Rebuilt, DbErr> {
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        conn.execute_unprepared(&format!("LOCK TABLE {TABLE} IN EXCLUSIVE MODE")).await?;
    }
    let mut report = Rebuilt::default();
    let mut recount = Recount::new(tz);
    let mut spans: Vec<Span> = Grain::ALL.into_iter().map(Span::new).collect();
    while let Some((day, counts)) = recount.next_day(conn).await? {
        for span in &mut spans {
            report.corrected += span.take(conn, day, &counts).await?;
        }
        report.days += 1;
        report.rows += counts.len() as u64;
    }
    for span in &mut spans {
        report.corrected += span.finish(conn).await?;
    }
    Ok(report)
}

/// One grain's recount in progress: the rows of the span (a day, or a month) being counted.
struct Span {
    grain: Grain,
    start: Option<NaiveDate>,
    counts: BTreeMap<Key, Counts>,
    seen: std::collections::BTreeSet<NaiveDate>,
}

impl Span {
    fn new(grain: Grain) -> Self {
        Span { grain, start: None, counts: BTreeMap::new(), seen: Default::default() }
    }

    /// Adds a day's full rows; a span that is complete is compared and written first. Returns the
    /// rows corrected.
    async fn take(
        &mut self,
        conn: &impl ConnectionTrait,
        day: NaiveDate,
        full: &BTreeMap<Key, Counts>,
    ) -> Result<u64, DbErr> {
        let start = self.grain.span_start(day);
        let corrected = if self.start.is_some_and(|s| s != start) { self.flush(conn).await? } else { 0 };
        self.start = Some(start);
        for (key, counts) in full {
            self.counts.entry(self.grain.project(key)).or_default().add(counts, 1);
        }
        Ok(corrected)
    }

    /// Replaces the stored rows of the span when they differ from the recount.
    async fn flush(&mut self, conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
        let Some(start) = self.start.take() else { return Ok(0) };
        let counts = std::mem::take(&mut self.counts);
        let counts: BTreeMap<Key, Counts> = counts.into_iter().filter(|(_, c)| !c.is_zero()).collect();
        self.seen.insert(start);
        let stored = stored(conn, self.grain, Some(start)).await?;
        let differing = counts.iter().filter(|(k, c)| stored.get(k) != Some(c)).count()
            + stored.keys().filter(|k| !counts.contains_key(k)).count();
        if differing > 0 {
            delete_day(conn, self.grain, start).await?;
            let rows: Vec<_> = counts.into_iter().map(|(k, c)| (self.grain, k, c)).collect();
            for statement in upsert(&rows)? {
                conn.execute(&statement).await?;
            }
        }
        Ok(differing as u64)
    }

    /// Flushes the last span and removes the days no appeal counts on any more (their appeals
    /// were removed).
    async fn finish(&mut self, conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
        let mut corrected = self.flush(conn).await?;
        let text = format!("SELECT day, COUNT(*) FROM {TABLE} WHERE grain = ? GROUP BY day");
        let days = sql::all(conn, &text, vec![Value::from(self.grain.code())]).await?;
        for row in days {
            let day: NaiveDate = row.try_get_by_index(0)?;
            if !self.seen.contains(&day) {
                corrected += row.try_get_by_index::<i64>(1)? as u64;
                delete_day(conn, self.grain, day).await?;
            }
        }
        Ok(corrected)
    }
}

async fn delete_day(conn: &impl ConnectionTrait, grain: Grain, day: NaiveDate) -> Result<(), DbErr> {
    let mut delete = Query::delete();
    delete
        .from_table(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("grain")).eq(grain.code()))
        .and_where(Expr::col(Alias::new("day")).eq(day));
    conn.execute(&delete).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: &str) -> Facts {
        let at = "2026-03-01T20:30:00Z".parse().expect("a time");
        Facts {
            id: 1,
            registered_at: at,
            service_type_id: 7,
            organization_id: None,
            district: None,
            channel: "phone".into(),
            appeal_type: "incident".into(),
            status: status.into(),
            first_call: false,
            overdue: true,
            due_at: at + chrono::Duration::hours(24),
            resolved_at: Some(at + chrono::Duration::hours(30)),
            rating: Some(4),
            reopen_count: 2,
        }
    }

    #[test]
    fn an_appeal_counts_on_its_local_day_with_what_it_is_now() {
        let tz: Tz = "Asia/Almaty".parse().expect("a zone");
        let (key, c) = contribution(&facts("closed"), tz);
        assert_eq!(key.day, NaiveDate::from_ymd_opt(2026, 3, 2).expect("a day"), "20:30 UTC is the next local day");
        assert_eq!((key.organization_id, key.district.as_str()), (0, ""));
        assert_eq!((c.received, c.incidents, c.resolved_late, c.resolved_on_time, c.reopened), (1, 1, 1, 0, 1));
        assert_eq!((c.still_open, c.open_overdue), (0, 0), "a closed appeal is not overdue any more");
        assert_eq!((c.rating_sum, c.rating_count, c.resolve_seconds), (4, 1, 30 * 3600));
        assert_eq!(c.resolved_within[bucket_of(30 * 3600)], 1);
        let (_, open) = contribution(&facts("reopened"), tz);
        assert_eq!((open.still_open, open.open_overdue, open.resolved_late), (1, 1, 0));
    }

    #[test]
    fn counts_add_and_take_away() {
        let (_, c) = contribution(&facts("closed"), chrono_tz::UTC);
        assert!(c.plus(&c, -1).is_zero());
        assert_eq!(Counts::from_values(&c.values()), c);
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(3600), 0);
        assert_eq!(bucket_of(3601), 1);
        assert_eq!(bucket_of(10_000 * 3600), BUCKETS - 1);
    }
}
