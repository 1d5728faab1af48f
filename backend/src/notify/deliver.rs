//! The outbox worker. Rows are claimed with a lease (status `sending` until `next_attempt_at`),
//! taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never send one row twice; the
//! message goes out with no transaction open; a failure is retried with a growing pause, and
//! given up (`failed`) after eight attempts. A claim whose sender died is taken again when its
//! lease runs out, and the lease outlasts the longest a batch can take (every send is bounded),
//! so a slow batch is never claimed twice. Rows no configured door can carry are parked first
//! (see `carriers`), so they never fill a batch.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::carriers::{park, park_and_resume, Carriers, Door};
use super::organizations::{mail, AppealFacts};
use super::supervisors::alert;
use super::texts::{subject, text};
use crate::appeals::model::{appeal, outbox};
use crate::catalog::model::service_type;
use crate::i18n::{Language, LocalizedText};
use crate::infra::dialect::RowLocks;
use crate::orgs::model::organization;
use crate::residents::model::resident;
use crate::state::AppState;
use crate::tenancy::Tenant;

const BATCH: u64 = 50;
const MAX_ATTEMPTS: i32 = 8;
/// The longest one message may take to leave; a slower one counts as a failed attempt.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A claim lasts longer than a whole batch of the slowest sends.
fn lease() -> Duration {
    Duration::seconds((BATCH as i64) * (SEND_TIMEOUT.as_secs() as i64) + 60)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub failed: u64,
}

/// `None` when the door cannot carry the message now: the row is parked.
fn sent(carried: bool) -> Option<&'static str> {
    carried.then_some("sent")
}

enum To<'a> {
    Phone(&'a str),
    Chat(&'a str),
    Mail(&'a str),
    /// The center's supervisors, each in their own language.
    Supervisors(Vec<(&'a str, String, String)>),
    Nobody,
}

pub async fn deliver_tenant(state: &AppState, tenant: &Tenant) -> anyhow::Result<Delivered> {
    let now = Utc::now();
    let carriers = Carriers::now(state, tenant).await;
    let tx = state.db.tenant_tx(&tenant.slug).await?;
    let (parked, resumed) = park_and_resume(&tx, carriers, now).await?;
    if parked + resumed > 0 {
        tracing::info!(tenant.slug = %tenant.slug, parked, resumed, "Notifications parked or resumed as their doors changed.");
    }
    // Supervisors' rows (`role`) are shown in their inbox and mailed to those with an address.
    let select = outbox::Entity::find()
        .filter(outbox::Column::RecipientKind.is_in(["resident", "reply", "organization", "role"]))
        .filter(Condition::any().add(outbox::Column::Status.eq("pending")).add(outbox::Column::Status.eq("sending")))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH)
        .claim();
    let claimed = select.all(&tx).await?;
    if claimed.is_empty() {
        tx.commit().await?;
        return Ok(Delivered::default());
    }
    let ids: Vec<i64> = claimed.iter().map(|r| r.id).collect();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("sending"))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now + lease()))
        .filter(outbox::Column::Id.is_in(ids.clone()))
        .exec(&tx)
        .await?;
    let found = Recipients::load(&tx, state, tenant, &claimed).await?;
    tx.commit().await?;

    let mut done = Delivered::default();
    for row in claimed {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
        let id_of = |kind: &str| {
            (row.recipient_kind == kind).then(|| row.recipient_id.as_deref()?.parse::<i64>().ok()).flatten()
        };
        let for_supervisors = row.recipient_kind == "role" && row.recipient_id.as_deref() == Some("supervisor");
        let (to, message) = match id_of("organization").and_then(|id| found.organizations.get(&id)) {
            // Each supervisor reads an alert in their own language; nobody with an address: skipped.
            _ if for_supervisors => {
                let link = row.appeal_id.map(|id| format!("{}/{id}", found.console));
                let mails: Vec<(&str, String, String)> = found
                    .supervisors
                    .iter()
                    .filter_map(|(address, language)| {
                        let (subject, text) = alert(&row.kind, &tenant.brand, *language, &payload, link.as_deref())?;
                        Some((address.as_str(), subject, text))
                    })
                    .collect();
                let message = (!mails.is_empty()).then(|| (String::new(), String::new()));
                (if mails.is_empty() { To::Nobody } else { To::Supervisors(mails) }, message)
            }
            // An organization reads its mail in the city's language.
            Some(org) => {
                let language = tenant.default_language;
                let name = LocalizedText::new(&org.name_kk, &org.name_ru, &org.name_en);
                let facts = row.appeal_id.and_then(|id| found.appeals.get(&id));
                let message = mail(&row.kind, &tenant.brand, name.get(language), language, &payload, facts);
                (org.email.as_deref().map_or(To::Nobody, To::Mail), message)
            }
            None => {
                let language = Language::parse(&row.language).unwrap_or(tenant.default_language);
                // A resident hears back on the door the appeal came through: a chat, a mailbox, a phone.
                let to =
                    match (row.recipient_kind.as_str(), row.recipient_id.as_deref().and_then(|r| r.split_once(':'))) {
                        ("reply", Some(("telegram", chat))) => To::Chat(chat),
                        ("reply", Some(("email", address))) => To::Mail(address),
                        ("resident", _) => id_of("resident")
                            .and_then(|id| found.residents.get(&id))
                            .map_or(To::Nobody, |r| To::Phone(&r.phone)),
                        _ => To::Nobody,
                    };
                (to, text(&row.kind, &tenant.brand, language, &payload).map(|t| (subject(language, &payload), t)))
            }
        };
        let door = match to {
            To::Phone(_) => Some(Door::Text),
            To::Chat(_) => Some(Door::Chat),
            To::Mail(_) | To::Supervisors(_) => Some(Door::Mail),
            To::Nobody => None,
        };
        let sending = async {
            match (to, message) {
                // Nobody to reach, or nothing this recipient is told of: settled without sending.
                (To::Nobody, _) | (_, None) => Ok(Some("skipped")),
                (To::Phone(phone), Some((_, message))) => {
                    state.otp.send_text(tenant.slug.as_str(), phone, &message).await.map(sent)
                }
                (To::Chat(chat), Some((_, message))) => {
                    crate::channels::telegram::tell(state, tenant, chat, &message).await.map(sent)
                }
                (To::Mail(address), Some((subject, message))) => {
                    crate::channels::mail::outbound::tell(state, tenant, address, &subject, &message).await.map(sent)
                }
                (To::Supervisors(mails), Some(_)) => {
                    let mut carried = true;
                    for (address, subject, message) in &mails {
                        carried &=
                            crate::channels::mail::outbound::tell(state, tenant, address, subject, message).await?;
                    }
                    Ok(sent(carried))
                }
            }
        };
        let outcome = tokio::time::timeout(SEND_TIMEOUT, sending)
            .await
            .unwrap_or_else(|_| Err(anyhow::anyhow!("sending took longer than {} s", SEND_TIMEOUT.as_secs())));
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
            // The door closed since the rows were parked: this one waits with the others.
            Ok(None) => match door {
                Some(door) => {
                    park(&tx, door, Condition::all().add(outbox::Column::Id.eq(row.id))).await?;
                }
                None => {
                    update.col_expr(outbox::Column::Status, Expr::value("skipped")).exec(&tx).await?;
                }
            },
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

/// Who the claimed rows are for, read in the claiming transaction: residents, organizations, and
/// the appeals organizations are told about.
struct Recipients {
    /// The supervisors' addresses, when a claimed row is for them.
    supervisors: Vec<(String, Language)>,
    /// The console's appeal pages.
    console: String,
    residents: HashMap<i64, resident::Model>,
    organizations: HashMap<i64, organization::Model>,
    appeals: HashMap<i64, AppealFacts>,
}

impl Recipients {
    async fn load(
        conn: &impl ConnectionTrait,
        state: &AppState,
        tenant: &Tenant,
        rows: &[outbox::Model],
    ) -> Result<Self, sea_orm::DbErr> {
        let ids = |kind: &str| -> Vec<i64> {
            rows.iter()
                .filter(|r| r.recipient_kind == kind)
                .filter_map(|r| r.recipient_id.as_deref()?.parse().ok())
                .collect()
        };
        let residents = resident::Entity::find().filter(resident::Column::Id.is_in(ids("resident"))).all(conn).await?;
        let organizations =
            organization::Entity::find().filter(organization::Column::Id.is_in(ids("organization"))).all(conn).await?;
        let about: Vec<i64> =
            rows.iter().filter(|r| r.recipient_kind == "organization").filter_map(|r| r.appeal_id).collect();
        let appeals = appeal::Entity::find().filter(appeal::Column::Id.is_in(about)).all(conn).await?;
        let services: HashMap<i64, service_type::Model> = service_type::Entity::find()
            .filter(service_type::Column::Id.is_in(appeals.iter().map(|a| a.service_type_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let language = tenant.default_language;
        let console = format!("{}/staff/appeals", tenant.web_address(&state.config));
        let facts = appeals.into_iter().map(|a| {
            let service = services
                .get(&a.service_type_id)
                .map(|s| LocalizedText::new(&s.name_kk, &s.name_ru, &s.name_en).get(language).to_owned())
                .unwrap_or_default();
            let facts = AppealFacts {
                service,
                address: a.address.clone(),
                description: a.description.clone(),
                due: a.due_at.with_timezone(&tenant.time_zone).format("%d.%m.%Y %H:%M").to_string(),
                link: format!("{console}/{}", a.id),
            };
            (a.id, facts)
        });
        let supervisors = if rows.iter().any(|r| r.recipient_kind == "role") {
            crate::auth::users::mailboxes_of_role(conn, crate::access::Role::Supervisor)
                .await
                .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
        } else {
            Vec::new()
        };
        Ok(Self {
            supervisors,
            console: format!("{}/staff/appeals", tenant.web_address(&state.config)),
            residents: residents.into_iter().map(|r| (r.id, r)).collect(),
            organizations: organizations.into_iter().map(|o| (o.id, o)).collect(),
            appeals: facts.collect(),
        })
    }
}
