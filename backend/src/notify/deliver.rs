//! The outbox worker. Rows are claimed with a lease (status `sending` until `next_attempt_at`),
//! taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never send one row twice; the
//! message goes out with no transaction open; a failure is retried with a growing pause, and
//! given up (`failed`) after eight attempts. A claim whose sender died is taken again when its
//! lease runs out.

use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::texts::{subject, text};
use crate::appeals::model::outbox;
use crate::i18n::Language;
use crate::residents::model::resident;
use crate::state::AppState;
use crate::tenancy::Tenant;

const BATCH: u64 = 100;
const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub failed: u64,
}

/// `None` when the channel cannot carry the message now: the row waits.
fn sent(carried: bool) -> Option<&'static str> {
    carried.then_some("sent")
}

enum To<'a> {
    Phone(&'a str),
    Chat(&'a str),
    Mail(&'a str),
    Nobody,
}

pub async fn deliver_tenant(state: &AppState, tenant: &Tenant) -> anyhow::Result<Delivered> {
    let now = Utc::now();
    let tx = state.db.tenant_tx(&tenant.slug).await?;
    let mut select = outbox::Entity::find()
        .filter(outbox::Column::RecipientKind.is_in(["resident", "reply"]))
        .filter(Condition::any().add(outbox::Column::Status.eq("pending")).add(outbox::Column::Status.eq("sending")))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH);
    if state.db.is_postgres() {
        select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claimed = select.all(&tx).await?;
    if claimed.is_empty() {
        return Ok(Delivered::default());
    }
    let ids: Vec<i64> = claimed.iter().map(|r| r.id).collect();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("sending"))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now + Duration::minutes(5)))
        .filter(outbox::Column::Id.is_in(ids.clone()))
        .exec(&tx)
        .await?;
    let residents: std::collections::HashMap<i64, resident::Model> = resident::Entity::find()
        .filter(
            resident::Column::Id.is_in(claimed.iter().filter_map(|r| r.recipient_id.as_deref()?.parse::<i64>().ok())),
        )
        .all(&tx)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    tx.commit().await?;

    let mut done = Delivered::default();
    for row in claimed {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
        let language = Language::parse(&row.language).unwrap_or(tenant.default_language);
        let resident =
            || row.recipient_id.as_deref().and_then(|id| id.parse::<i64>().ok()).and_then(|id| residents.get(&id));
        // A resident hears back on the door the appeal came through: a chat, a mailbox, a phone.
        let to = match (row.recipient_kind.as_str(), row.recipient_id.as_deref().and_then(|r| r.split_once(':'))) {
            ("reply", Some(("telegram", chat))) => To::Chat(chat),
            ("reply", Some(("email", address))) => To::Mail(address),
            ("resident", _) => resident().map_or(To::Nobody, |r| To::Phone(&r.phone)),
            _ => To::Nobody,
        };
        let outcome = match (to, text(&row.kind, &tenant.brand, language, &payload)) {
            // Nobody to reach, or nothing residents are told of: settled without sending.
            (To::Nobody, _) | (_, None) => Ok(Some("skipped")),
            (To::Phone(phone), Some(message)) => {
                state.otp.send_text(tenant.slug.as_str(), phone, &message).await.map(sent)
            }
            (To::Chat(chat), Some(message)) => {
                crate::channels::telegram::tell(state, tenant, chat, &message).await.map(sent)
            }
            (To::Mail(address), Some(message)) => {
                let subject = subject(language, &payload);
                crate::channels::mail::outbound::tell(state, tenant, address, &subject, &message).await.map(sent)
            }
        };
        let tx = state.db.tenant_tx(&tenant.slug).await?;
        let update = outbox::Entity::update_many().filter(outbox::Column::Id.eq(row.id));
        match outcome {
            Ok(Some(status)) => {
                update
                    .col_expr(outbox::Column::Status, Expr::value(status))
                    .col_expr(outbox::Column::SentAt, Expr::value(Some(Utc::now())))
                    .exec(&tx)
                    .await?;
                done.sent += u64::from(status == "sent");
            }
            // This delivery cannot carry texts: the row waits for one that can.
            Ok(None) => {
                update.col_expr(outbox::Column::Status, Expr::value("pending")).exec(&tx).await?;
            }
            Err(error) => {
                let attempts = row.attempts + 1;
                let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
                let pause = Duration::minutes(1i64 << attempts.min(10));
                update
                    .col_expr(outbox::Column::Status, Expr::value(status))
                    .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                    .col_expr(outbox::Column::NextAttemptAt, Expr::value(Utc::now() + pause))
                    .exec(&tx)
                    .await?;
                done.failed += 1;
                tracing::warn!(tenant.slug = %tenant.slug, outbox.id = row.id, attempts, error = format!("{error:#}"), "A notification could not be sent.");
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}
