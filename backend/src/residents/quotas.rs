//! What the public doors give one resident, and one city, in an hour: appeals filed on the
//! portal, files added to appeals, one-time codes sent (every text costs the city money, so a
//! flood of codes to random phones is stopped by the city's own ceiling too). A quota spent
//! answers `RATE_LIMITED` with the seconds until the hour turns.

use std::time::Duration;

use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

#[derive(Clone, Copy)]
pub enum Quota {
    PortalAppeal,
    Upload,
    Code,
}

impl Quota {
    fn name(self) -> &'static str {
        match self {
            Self::PortalAppeal => "portal-appeal",
            Self::Upload => "upload",
            Self::Code => "code",
        }
    }

    /// (per resident or phone, per city) in an hour.
    fn limits(self, ctx: &RequestCtx) -> (u32, u32) {
        let c = &ctx.state.config;
        match self {
            Self::PortalAppeal => (c.portal_appeals_per_resident_per_hour, c.portal_appeals_per_city_per_hour),
            Self::Upload => (c.uploads_per_resident_per_hour, c.uploads_per_city_per_hour),
            Self::Code => (c.otp_per_phone_per_hour, c.otp_per_city_per_hour),
        }
    }
}

/// Spends one of `quota` for `who` (a resident id or a phone) in the request's city.
pub async fn spend(ctx: &RequestCtx, quota: Quota, who: &str) -> AppResult<()> {
    let slug = ctx.tenant()?.slug.to_string();
    let (per_one, per_city) = quota.limits(ctx);
    let hour = Duration::from_secs(3600);
    let (mine, retry) = ctx.state.kv.hit(&format!("quota:{}:{slug}:{who}", quota.name()), hour).await?;
    if mine > u64::from(per_one) {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    let (city, retry) = ctx.state.kv.hit(&format!("quota:{}:{slug}", quota.name()), hour).await?;
    if city > u64::from(per_city) {
        tracing::warn!(tenant.slug = %slug, quota = quota.name(), "A city's hourly quota of a public door is spent.");
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    Ok(())
}
