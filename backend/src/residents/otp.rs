//! A resident proves a phone number with a one-time code: six digits, kept only as a salted
//! hash, valid for `otp_ttl_secs`, spent after `otp_max_attempts` wrong tries or one right one,
//! requested at most `otp_per_phone_per_hour` times per phone and `otp_per_ip_per_hour` per
//! client address. The verified resident gets a token for this city only.

use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use super::model::{otp, resident};
use super::quotas::{self, Quota};
use super::service::{find_or_create, ResidentInput};
use super::Phone;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;

pub struct Verified {
    pub token: String,
    pub expires_in: i64,
    pub resident: resident::Model,
}

fn digest(pepper: &[u8], salt: &str, phone: &str, code: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(pepper);
    hash.update(format!(":{salt}:{phone}:{code}").as_bytes());
    hex::encode(hash.finalize())
}

async fn limit(ctx: &RequestCtx, key: String, per_hour: u32) -> AppResult<()> {
    let (hits, retry) = ctx.state.kv.hit(&key, Duration::from_secs(3600)).await?;
    if hits > u64::from(per_hour) {
        return Err(AppError::RateLimited { retry_after_secs: retry });
    }
    Ok(())
}

/// Sends a code to `phone`; returns how many seconds it stays valid.
pub async fn request_code(ctx: &RequestCtx, phone: &str, language: Option<Language>) -> AppResult<i64> {
    let tenant = ctx.tenant()?.clone();
    let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
    let config = &ctx.state.config;
    limit(ctx, format!("otp:ip:{}", ctx.client_ip), config.otp_per_ip_per_hour).await?;
    quotas::spend(ctx, Quota::Code, phone.as_str()).await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let salt = uuid::Uuid::new_v4().simple().to_string();
    let now = Utc::now();
    let tx = ctx.tenant_tx().await?;
    let challenge = otp::ActiveModel {
        phone: Set(phone.as_str().to_owned()),
        code_hash: Set(format!("{salt}${}", digest(&ctx.state.pepper, &salt, phone.as_str(), &code))),
        expires_at: Set(now + chrono::Duration::seconds(config.otp_ttl_secs as i64)),
        attempts: Set(0),
        consumed_at: Set(None),
        ip: Set(ctx.client_ip.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    let minutes = config.otp_ttl_secs.div_ceil(60);
    let text = match language.unwrap_or(tenant.default_language) {
        Language::Kk => format!("{}: растау коды {code}. Ешкімге айтпаңыз. {minutes} минут жарамды.", tenant.brand),
        Language::Ru => {
            format!("{}: код подтверждения {code}. Никому не сообщайте его. Действует {minutes} мин.", tenant.brand)
        }
        Language::En => format!("{}: your code is {code}. Do not share it. Valid for {minutes} min.", tenant.brand),
    };
    let sent = ctx.state.otp.send(tenant.slug.as_str(), phone.as_str(), &code, &text).await;
    // Only a delivered code replaces the previous one; an undelivered one is spent at once.
    let tx = ctx.tenant_tx().await?;
    let spend = match &sent {
        Ok(()) => otp::Entity::update_many().filter(otp::Column::Id.lt(challenge.id)),
        Err(_) => otp::Entity::update_many().filter(otp::Column::Id.eq(challenge.id)),
    };
    spend
        .col_expr(otp::Column::ConsumedAt, Expr::value(now))
        .filter(otp::Column::Phone.eq(phone.as_str()))
        .filter(otp::Column::ConsumedAt.is_null())
        .exec(&tx)
        .await?;
    tx.commit().await?;
    sent?;
    Ok(config.otp_ttl_secs as i64)
}

/// Checks a code; the right one verifies the resident and returns a resident token.
pub async fn verify_code(ctx: &RequestCtx, phone: &str, code: &str) -> AppResult<Verified> {
    let tenant = ctx.tenant()?.clone();
    let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
    let config = &ctx.state.config;
    limit(ctx, format!("otp:verify-ip:{}", ctx.client_ip), config.otp_per_ip_per_hour.saturating_mul(4)).await?;
    let refused = |message: &str, reason: &'static str| AppError::CodeRefused {
        message: message.to_owned(),
        reason,
        tries_left: None,
    };
    let tx = ctx.tenant_tx().await?;
    let Some(challenge) = otp::Entity::find()
        .filter(otp::Column::Phone.eq(phone.as_str()))
        .filter(otp::Column::ConsumedAt.is_null())
        .order_by_desc(otp::Column::Id)
        .one(&tx)
        .await?
    else {
        return Err(refused("no code is waiting for this phone: request a new one", "NO_CODE"));
    };
    let now = Utc::now();
    if challenge.expires_at <= now {
        return Err(refused("the code has expired: request a new one", "CODE_EXPIRED"));
    }
    if challenge.attempts >= config.otp_max_attempts {
        return Err(refused("too many wrong codes: request a new one", "TOO_MANY_ATTEMPTS"));
    }
    // Count the attempt first, and only while attempts remain: parallel guesses each need an
    // attempt of their own, and none is left after the last.
    let counted = otp::Entity::update_many()
        .col_expr(otp::Column::Attempts, sea_orm::sea_query::ExprTrait::add(Expr::col(otp::Column::Attempts), 1))
        .filter(otp::Column::Id.eq(challenge.id))
        .filter(otp::Column::Attempts.lt(config.otp_max_attempts))
        .filter(otp::Column::ConsumedAt.is_null())
        .filter(otp::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if counted.rows_affected != 1 {
        return Err(refused("too many wrong codes: request a new one", "TOO_MANY_ATTEMPTS"));
    }
    let (salt, hash) = challenge.code_hash.split_once('$').unwrap_or_default();
    if digest(&ctx.state.pepper, salt, phone.as_str(), code.trim()) != hash {
        tx.commit().await?;
        // This try was counted above; what remains is what the resident may still type.
        let tries_left = (config.otp_max_attempts - challenge.attempts - 1).max(0);
        let reason = if tries_left == 0 { "TOO_MANY_ATTEMPTS" } else { "WRONG_CODE" };
        return Err(AppError::CodeRefused { message: "wrong code".into(), reason, tries_left: Some(tries_left) });
    }
    let spent = otp::Entity::update_many()
        .col_expr(otp::Column::ConsumedAt, Expr::value(now))
        .filter(otp::Column::Id.eq(challenge.id))
        .filter(otp::Column::ConsumedAt.is_null())
        .exec(&tx)
        .await?;
    if spent.rows_affected != 1 {
        return Err(refused("the code has been used", "CODE_USED"));
    }
    let input = ResidentInput { phone: phone.as_str().to_owned(), ..Default::default() };
    let found = find_or_create(&tx, &input, tenant.default_language).await?;
    let mut model: resident::ActiveModel = found.into();
    model.verified = Set(true);
    model.updated_at = Set(now);
    let resident = model.update(&tx).await?;
    crate::audit::record(
        &tx,
        &format!("resident:{}", resident.id),
        "resident.verified",
        "resident",
        Some(resident.id.to_string()),
        serde_json::json!({ "ip": ctx.client_ip }),
    )
    .await?;
    tx.commit().await?;
    let ttl = Duration::from_secs(config.resident_token_ttl_secs);
    let (token, claims) = ctx.state.jwt.issue_resident(resident.id, tenant.slug.as_str(), ttl)?;
    Ok(Verified { token, expires_in: claims.exp - claims.iat, resident })
}
