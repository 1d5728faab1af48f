//! Where an appeal will go before it is registered: its service type, the building at its place,
//! whether the catalog answers it on the first call, the organization routing picks and the
//! deadline. Registration acts on the plan; the operator's preview shows it while the caller is
//! still on the line, so a wrong pick is seen before it is final.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::deadline::due_at;
use super::settings::load_calendar;
use crate::buildings::model::building;
use crate::buildings::roles::check_entrance;
use crate::buildings::service::nearest_active;
use crate::catalog::model::service_type;
use crate::catalog::{AppealType, DeadlineUnit};
use crate::error::{AppError, AppResult};
use crate::i18n::LocalizedText;
use crate::routing::{route, Ask, Routed};
use crate::tenancy::Tenant;

/// How far from a shared location a building may stand to be taken as the appeal's: about half
/// a block, since a building's point is its middle and a resident stands at an entrance.
pub const BUILDING_AT_POINT_M: f64 = 50.0;

/// What the operator or the resident chose.
pub struct Choice {
    pub service_type_id: i64,
    pub appeal_type: Option<AppealType>,
    pub building_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The entrance the resident named, for buildings whose entrances are served differently.
    pub entrance: Option<i32>,
}

pub struct Plan {
    pub service: service_type::Model,
    pub appeal_type: AppealType,
    /// The building chosen, or the one standing at the shared point.
    pub place: Option<building::Model>,
    /// How far the shared point was from the building it was filed at.
    pub matched_m: Option<f64>,
    /// The catalog's answer, read out at once for an information request.
    pub answer: LocalizedText,
    pub first_call: bool,
    /// Who receives it and how they were found, or why nobody does (None: answered at once).
    pub routed: Option<Routed>,
    pub due: DateTime<Utc>,
}

impl Plan {
    pub fn organization_id(&self) -> Option<i64> {
        self.routed.and_then(Routed::organization_id)
    }
}

pub async fn plan(
    conn: &impl ConnectionTrait,
    tenant: &Tenant,
    choice: &Choice,
    now: DateTime<Utc>,
) -> AppResult<Plan> {
    let service = crate::catalog::service::in_use(conn, choice.service_type_id).await?.ok_or_else(|| {
        AppError::validation("serviceTypeId", format!("no active service type {}", choice.service_type_id))
    })?;
    let appeal_type = match choice.appeal_type {
        Some(kind) => kind,
        None => AppealType::parse(&service.appeal_type).map_err(anyhow::Error::msg)?,
    };
    // A shared location names the building standing there, so that the building's KSK, akimat
    // or utility gets the appeal as if the resident had picked it; the point itself is kept.
    let (place, matched_m) = match (choice.building_id, choice.lat, choice.lon) {
        (Some(id), _, _) => (
            Some(
                building::Entity::find_by_id(id)
                    .one(conn)
                    .await?
                    .filter(|b| b.active)
                    .ok_or_else(|| AppError::validation("buildingId", format!("no active building {id}")))?,
            ),
            None,
        ),
        (None, Some(lat), Some(lon)) => match nearest_active(conn, lat, lon, BUILDING_AT_POINT_M).await? {
            Some((building, distance)) => (Some(building), Some(distance.round())),
            None => (None, None),
        },
        _ => (None, None),
    };
    if let Some(e) = choice.entrance {
        check_entrance(e).map_err(|m| AppError::validation("entrance", m))?;
    }
    let calendar = load_calendar(conn).await?;
    let unit = DeadlineUnit::parse(&service.deadline_unit).map_err(anyhow::Error::msg)?;
    let due = due_at(now, service.deadline_value, unit, &calendar, tenant.time_zone);
    let answer = LocalizedText::new(
        service.first_call_answer_kk.clone().unwrap_or_default(),
        service.first_call_answer_ru.clone().unwrap_or_default(),
        service.first_call_answer_en.clone().unwrap_or_default(),
    );
    let first_call = appeal_type == AppealType::InformationRequest && answer.missing().is_none();
    let routed = if first_call {
        None
    } else {
        let ask = Ask {
            service: &service,
            building: place.as_ref(),
            district: place.as_ref().and_then(|b| b.district.as_deref()),
            entrance: choice.entrance,
        };
        Some(route(conn, &ask).await?)
    };
    Ok(Plan { service, appeal_type, place, matched_m, answer, first_call, routed, due })
}
