//! Which appeals a figure counts: a period of local registration days and the analyst's filters,
//! turned into a WHERE clause over the rollup rows (or over the appeals themselves).

use chrono::{DateTime, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Value};

use crate::appeals::rollup::Grain;
use crate::appeals::rules::Channel;
use crate::catalog::model::{category, service_type};
use crate::catalog::AppealType;
use crate::error::{AppError, AppResult};

/// Local registration days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest period one figure may span (ten years and a leap day or three).
const LONGEST_DAYS: i64 = 3660;

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> AppResult<Self> {
        if to < from {
            return Err(AppError::validation("to", "the period ends before it starts"));
        }
        if (to - from).num_days() >= LONGEST_DAYS {
            return Err(AppError::validation("from", "a period spans ten years at most"));
        }
        Ok(Period { from, to })
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The instants the period covers: from the city's midnight of `from` to that after `to`.
    pub fn instants(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let midnight = |d: NaiveDate| {
            tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
                .earliest()
                .map_or_else(|| d.and_time(NaiveTime::MIN).and_utc(), |t| t.with_timezone(&Utc))
        };
        (midnight(self.from), midnight(self.to + chrono::Duration::days(1)))
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let to = self.from.pred_opt().unwrap_or(self.from);
        Period { from: to - chrono::Duration::days(self.days() - 1), to }
    }

    /// The same calendar days a year before (29 February falls back to the 28th).
    pub fn year_before(&self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        Period { from: back(self.from), to: back(self.to) }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub district: Option<String>,
    pub organization_id: Option<i64>,
    pub sphere_id: Option<i64>,
    pub category_id: Option<i64>,
    pub service_type_id: Option<i64>,
    pub channel: Option<Channel>,
    pub appeal_type: Option<AppealType>,
}

/// A WHERE clause with `?` placeholders (see `infra::sql`) and its values.
#[derive(Debug, Clone)]
pub struct Clause {
    pub sql: String,
    pub values: Vec<Value>,
}

impl Clause {
    fn new(sql: &str, values: Vec<Value>) -> Self {
        Clause { sql: sql.to_owned(), values }
    }

    fn and(&mut self, sql: &str, value: impl Into<Value>) {
        self.sql.push_str(" AND ");
        self.sql.push_str(sql);
        self.values.push(value.into());
    }

    /// `column IN (…)`, or nothing matches when the list is empty.
    fn and_in(&mut self, column: &str, ids: Vec<i64>) {
        if ids.is_empty() {
            self.sql.push_str(" AND 1 = 0");
        } else {
            self.sql.push_str(&format!(" AND {column} IN ({})", vec!["?"; ids.len()].join(", ")));
            self.values.extend(ids.into_iter().map(Value::from));
        }
    }
}

/// The filters resolved once (a sphere or category to its service types), with the coarsest
/// rollup grain that carries them.
#[derive(Debug, Clone)]
pub struct Selection {
    pub grain: Grain,
    /// The filters alone, without days; "1 = 1" when there are none.
    pub filters: Clause,
}

impl Filter {
    /// Resolves the filters for reading the rollups.
    pub async fn selection(&self, conn: &impl ConnectionTrait) -> AppResult<Selection> {
        let mut filters = Clause::new("1 = 1", vec![]);
        self.common(&mut filters, "");
        let types = self.service_types(conn).await?;
        let grain = if self.district.is_some() || self.organization_id.is_some() {
            Grain::Full
        } else if types.is_some() {
            Grain::Catalog
        } else {
            Grain::Channel
        };
        if let Some(types) = types {
            filters.and_in("service_type_id", types);
        }
        Ok(Selection { grain, filters })
    }

    /// The filters both tables carry under the same names (`prefix` names the table).
    fn common(&self, clause: &mut Clause, prefix: &str) {
        if let Some(district) = &self.district {
            clause.and(&format!("{prefix}district = ?"), district.trim().to_owned());
        }
        if let Some(org) = self.organization_id {
            clause.and(&format!("{prefix}organization_id = ?"), org);
        }
        if let Some(channel) = self.channel {
            clause.and(&format!("{prefix}channel = ?"), channel.as_str());
        }
        if let Some(kind) = self.appeal_type {
            clause.and(&format!("{prefix}appeal_type = ?"), kind.as_str());
        }
    }

    /// The clause over the `appeals` table itself (hotspots, exports) for a period of the city's
    /// local days: the same filters, read from the appeal's own columns.
    pub async fn appeals_clause(&self, conn: &impl ConnectionTrait, period: Period, tz: Tz) -> AppResult<Clause> {
        let (start, end) = period.instants(tz);
        let mut clause = Clause::new("a.registered_at >= ? AND a.registered_at < ?", vec![start.into(), end.into()]);
        self.common(&mut clause, "a.");
        if let Some(id) = self.service_type_id {
            clause.and("a.service_type_id = ?", id);
        }
        if let Some(categories) = self.categories(conn).await? {
            clause.and_in("a.category_id", categories);
        }
        Ok(clause)
    }

    /// The categories the sphere and category filters allow; None when they allow all.
    async fn categories(&self, conn: &impl ConnectionTrait) -> AppResult<Option<Vec<i64>>> {
        let mut query = category::Entity::find().select_only().column(category::Column::Id);
        match (self.sphere_id, self.category_id) {
            (None, None) => return Ok(None),
            (sphere, id) => {
                if let Some(sphere) = sphere {
                    query = query.filter(category::Column::SphereId.eq(sphere));
                }
                if let Some(id) = id {
                    query = query.filter(category::Column::Id.eq(id));
                }
            }
        }
        Ok(Some(query.into_tuple().all(conn).await?))
    }

    /// The service types the catalog filters allow; None when they allow all.
    async fn service_types(&self, conn: &impl ConnectionTrait) -> AppResult<Option<Vec<i64>>> {
        if self.sphere_id.is_none() && self.category_id.is_none() && self.service_type_id.is_none() {
            return Ok(None);
        }
        let mut query = service_type::Entity::find().select_only().column(service_type::Column::Id);
        if let Some(id) = self.service_type_id {
            query = query.filter(service_type::Column::Id.eq(id));
        }
        if let Some(id) = self.category_id {
            query = query.filter(service_type::Column::CategoryId.eq(id));
        }
        if let Some(sphere) = self.sphere_id {
            let categories: Vec<i64> = category::Entity::find()
                .select_only()
                .column(category::Column::Id)
                .filter(category::Column::SphereId.eq(sphere))
                .into_tuple()
                .all(conn)
                .await?;
            query = query.filter(service_type::Column::CategoryId.is_in(categories));
        }
        Ok(Some(query.into_tuple().all(conn).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn periods_compare_with_the_one_before_and_the_year_before() {
        let week = Period::new(day("2026-11-23"), day("2026-11-29")).expect("a period");
        assert_eq!(week.previous(), Period { from: day("2026-11-16"), to: day("2026-11-22") });
        assert_eq!(week.year_before(), Period { from: day("2025-11-23"), to: day("2025-11-29") });
        let leap = Period::new(day("2028-02-29"), day("2028-02-29")).expect("a day");
        assert_eq!(leap.year_before().from, day("2027-02-28"));
        assert!(Period::new(day("2026-02-01"), day("2026-01-31")).is_err());
        assert!(Period::new(day("2010-01-01"), day("2026-01-01")).is_err());
    }
}
