//! A tenant's appeal settings (its keys in `tenancy::settings`) and working calendar (table
//! `calendar_days`).

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::calendar::Calendar;
use super::model::calendar_day;
use crate::tenancy::settings;

#[derive(Debug, Clone)]
pub struct AppealSettings {
    /// Share of the time to the deadline after which a warning goes out (0 < share < 1).
    pub warn_share: f64,
    /// Linked appeals that make an incident a systemic problem for supervisors.
    pub systemic_threshold: i32,
    /// How near (meters) an open appeal of the same category counts as a possible repeat.
    pub repeat_radius_m: f64,
    /// Working days allowed to forward an appeal outside the center's competence.
    pub forward_working_days: u32,
    /// Working days within which the resident must hear of an extension.
    pub extension_notice_working_days: u32,
    /// Hours between reminders about an excavation permit past its restoration deadline.
    pub permit_notify_interval_hours: u32,
    /// An organization is suggested for a systemic case when this share of its appeals of a
    /// period is open past the deadline or was resolved late...
    pub case_overdue_share: f64,
    /// ...or this share of its resolved appeals was reopened...
    pub case_reopen_rate: f64,
    /// ...and it received at least this many appeals in the period.
    pub case_min_appeals: i64,
}

impl Default for AppealSettings {
    fn default() -> Self {
        Self {
            warn_share: 0.75,
            systemic_threshold: 5,
            repeat_radius_m: 50.0,
            forward_working_days: 3,
            extension_notice_working_days: 3,
            permit_notify_interval_hours: 24,
            case_overdue_share: 0.2,
            case_reopen_rate: 0.15,
            case_min_appeals: 10,
        }
    }
}

impl AppealSettings {
    pub const KEYS: &'static [&'static str] = &[
        "warn_share",
        "systemic_threshold",
        "repeat_radius_m",
        "forward_working_days",
        "extension_notice_working_days",
        "permit_notify_interval_hours",
        "case_overdue_share",
        "case_reopen_rate",
        "case_min_appeals",
    ];

    pub async fn load(conn: &impl ConnectionTrait) -> Result<Self, sea_orm::DbErr> {
        let mut loaded = Self::default();
        for (key, value) in settings::all(conn).await? {
            // Values were checked when saved; an unreadable one keeps the default.
            loaded.set(&key, &value).ok();
        }
        Ok(loaded)
    }

    /// One setting in its text form, as `set` reads it.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "warn_share" => self.warn_share.to_string(),
            "systemic_threshold" => self.systemic_threshold.to_string(),
            "repeat_radius_m" => self.repeat_radius_m.to_string(),
            "forward_working_days" => self.forward_working_days.to_string(),
            "extension_notice_working_days" => self.extension_notice_working_days.to_string(),
            "permit_notify_interval_hours" => self.permit_notify_interval_hours.to_string(),
            "case_overdue_share" => self.case_overdue_share.to_string(),
            "case_reopen_rate" => self.case_reopen_rate.to_string(),
            "case_min_appeals" => self.case_min_appeals.to_string(),
            _ => return None,
        })
    }

    /// Changes one setting from its text form, refusing values outside their range.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let bad = || format!("`{value}` is not a valid value for {key}");
        match key {
            "warn_share" => {
                let v: f64 = value.parse().map_err(|_| bad())?;
                if !(0.05..=0.95).contains(&v) {
                    return Err(format!("{key} must be between 0.05 and 0.95"));
                }
                self.warn_share = v;
            }
            "systemic_threshold" => {
                self.systemic_threshold = value.parse().ok().filter(|v| (2..=1000).contains(v)).ok_or_else(bad)?
            }
            "repeat_radius_m" => {
                self.repeat_radius_m = value.parse().ok().filter(|v| (0.0..=5000.0).contains(v)).ok_or_else(bad)?
            }
            "forward_working_days" => {
                self.forward_working_days = value.parse().ok().filter(|v| (1..=30).contains(v)).ok_or_else(bad)?
            }
            "extension_notice_working_days" => {
                self.extension_notice_working_days =
                    value.parse().ok().filter(|v| (1..=30).contains(v)).ok_or_else(bad)?
            }
            "permit_notify_interval_hours" => {
                self.permit_notify_interval_hours =
                    value.parse().ok().filter(|v| (1..=24 * 30).contains(v)).ok_or_else(bad)?
            }
            "case_overdue_share" => {
                self.case_overdue_share = value.parse().ok().filter(|v| (0.01..=1.0).contains(v)).ok_or_else(bad)?
            }
            "case_reopen_rate" => {
                self.case_reopen_rate = value.parse().ok().filter(|v| (0.01..=1.0).contains(v)).ok_or_else(bad)?
            }
            "case_min_appeals" => {
                self.case_min_appeals = value.parse().ok().filter(|v| (1..=1_000_000).contains(v)).ok_or_else(bad)?
            }
            other => return Err(format!("unknown setting `{other}`; known: {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }
}

pub async fn load_calendar(conn: &impl ConnectionTrait) -> Result<Calendar, sea_orm::DbErr> {
    let overrides: HashMap<_, _> =
        calendar_day::Entity::find().all(conn).await?.into_iter().map(|d| (d.day, d.working)).collect();
    Ok(Calendar::new(overrides))
}

/// Every appeal setting with its current value and its default, in `KEYS` order (city admins).
pub async fn current(ctx: &crate::context::RequestCtx) -> crate::error::AppResult<Vec<(String, String, String)>> {
    ctx.require(&[crate::access::Role::CityAdmin])?;
    let tx = ctx.tenant_tx().await?;
    let (now, default) = (AppealSettings::load(&tx).await?, AppealSettings::default());
    Ok(AppealSettings::KEYS
        .iter()
        .map(|key| ((*key).to_owned(), now.get(key).unwrap_or_default(), default.get(key).unwrap_or_default()))
        .collect())
}

/// Saves one setting after checking its value (city admins).
pub async fn save_setting(ctx: &crate::context::RequestCtx, key: &str, value: &str) -> crate::error::AppResult<bool> {
    let actor = ctx.require(&[crate::access::Role::CityAdmin])?.label();
    AppealSettings::default().set(key, value.trim()).map_err(|m| crate::error::AppError::validation("value", m))?;
    let tx = ctx.tenant_tx().await?;
    settings::put(&tx, key, value.trim()).await?;
    crate::audit::record(
        &tx,
        &actor,
        "settings.set",
        "setting",
        Some(key.to_owned()),
        serde_json::json!({ "value": value }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes a date a working day or a day off (city admins).
pub async fn save_calendar_day(
    ctx: &crate::context::RequestCtx,
    day: chrono::NaiveDate,
    working: bool,
    note: Option<String>,
) -> crate::error::AppResult<bool> {
    let actor = ctx.require(&[crate::access::Role::CityAdmin])?.label();
    let tx = ctx.tenant_tx().await?;
    let row = calendar_day::ActiveModel { day: Set(day), working: Set(working), note: Set(note) };
    match calendar_day::Entity::find_by_id(day).one(&tx).await? {
        Some(_) => row.update(&tx).await?,
        None => row.insert(&tx).await?,
    };
    crate::audit::record(
        &tx,
        &actor,
        "calendar.set",
        "calendar_day",
        Some(day.to_string()),
        serde_json::json!({ "working": working }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::AppealSettings;

    #[test]
    fn every_key_reads_back_what_was_set() {
        let mut settings = AppealSettings::default();
        for (key, value) in [("warn_share", "0.5"), ("systemic_threshold", "7"), ("forward_working_days", "4")] {
            settings.set(key, value).expect("a valid value");
            assert_eq!(settings.get(key).as_deref(), Some(value));
        }
        assert!(AppealSettings::KEYS.iter().all(|k| AppealSettings::default().get(k).is_some()));
        assert_eq!(settings.get("nope"), None);
    }
}
