//! Appeals filed by residents themselves on the city's public portal, with the token their
//! verified phone earned (channel `web`).

use super::register::{register_as, RegisterInput, Registration};
use super::rules::Channel;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::residents;
use crate::residents::quotas::{self, Quota};
use crate::residents::service::{ResidentInput, Source};

pub struct PortalAppeal {
    pub service_type_id: i64,
    pub description: String,
    pub building_id: Option<i64>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub language: Option<Language>,
    pub idempotency_key: Option<String>,
}

pub async fn submit(ctx: &RequestCtx, input: PortalAppeal) -> AppResult<Registration> {
    let actor = ctx.require(&[Role::Resident])?;
    let resident_id = super::access::own_resident(actor)
        .ok_or_else(|| AppError::forbidden("only a resident files appeals on the portal"))?;
    // Keys are the resident's own: another resident's key must never return their appeal.
    let key = input.idempotency_key.map(|key| format!("r{resident_id}:{key}"));
    // A retry of an appeal already filed is answered without spending the quota.
    let retry = match &key {
        Some(key) => super::register::is_known(ctx, key).await?,
        None => false,
    };
    if !retry {
        quotas::spend(ctx, Quota::PortalAppeal, &resident_id.to_string()).await?;
    }
    let found = {
        let tx = ctx.tenant_tx().await?;
        residents::service::find_for_system(&tx, resident_id).await?
    }
    .ok_or_else(|| AppError::Unauthenticated("the resident no longer exists".into()))?;
    let fields = RegisterInput {
        channel: Channel::Web,
        service_type_id: input.service_type_id,
        appeal_type: None,
        description: input.description,
        building_id: input.building_id,
        address: input.address,
        lat: input.lat,
        lon: input.lon,
        entrance: None,
        resident: Some(ResidentInput {
            phone: found.phone,
            name: None,
            iin: None,
            language: input.language,
            source: Source::Verified,
        }),
        language: input.language,
        idempotency_key: key,
        parent_id: None,
        attributes: None,
        reply_to: None,
    };
    register_as(ctx, fields, &actor.label()).await
}
