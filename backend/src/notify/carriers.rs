//! Which doors can carry a notice now, and parking the notices none can.
//!
//! A notice whose door is not configured (texts when codes go through the Telegram Gateway, a
//! chat after the bot was disconnected, e-mail without a relay) cannot be sent however often it
//! is tried. Such rows are parked with the reason, so that they never crowd the sendable ones
//! out of a batch, and shown to the city admin; they resume by themselves once the door is
//! configured.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::appeals::model::outbox;
use crate::state::AppState;
use crate::tenancy::Tenant;

/// The doors a notice can leave by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// A text message to the resident's phone.
    Text,
    /// The Telegram chat the appeal came from.
    Chat,
    /// E-mail: the mailbox an appeal came from, or an organization's address.
    Mail,
}

impl Door {
    /// The reason a notice for this door is parked, as shown to the city admin.
    pub fn parked_reason(self) -> &'static str {
        match self {
            Self::Text => "no_text_gateway",
            Self::Chat => "no_telegram_bot",
            Self::Mail => "no_mail_relay",
        }
    }

    /// The outbox rows this door carries.
    fn rows(self) -> Condition {
        let reply_by = |prefix: &str| {
            Condition::all()
                .add(outbox::Column::RecipientKind.eq("reply"))
                .add(outbox::Column::RecipientId.starts_with(prefix))
        };
        match self {
            Self::Text => Condition::all().add(outbox::Column::RecipientKind.eq("resident")),
            Self::Chat => reply_by("telegram:"),
            Self::Mail => Condition::any()
                .add(outbox::Column::RecipientKind.eq("organization"))
                .add(outbox::Column::RecipientKind.eq("role"))
                .add(reply_by("email:")),
        }
    }
}

/// What this deployment and the city can carry at the moment.
#[derive(Clone, Copy, Debug)]
pub struct Carriers {
    pub texts: bool,
    pub chat: bool,
    pub mail: bool,
}

impl Carriers {
    pub async fn now(state: &AppState, tenant: &Tenant) -> Self {
        // A bot that cannot be read (its token sealed under a former secret) parks the chats only.
        let chat = match crate::channels::telegram::bot::for_tenant(state, tenant).await {
            Ok(bot) => bot.is_some(),
            Err(error) => {
                tracing::warn!(tenant.slug = %tenant.slug, error = %error, "The city's Telegram bot cannot be read; chat notices wait.");
                false
            }
        };
        Self { texts: state.otp.carries_texts(), chat, mail: state.mailer.is_some() }
    }

    pub fn carries(&self, door: Door) -> bool {
        match door {
            Door::Text => self.texts,
            Door::Chat => self.chat,
            Door::Mail => self.mail,
        }
    }
}

/// Parks the waiting rows of every door that cannot carry now, and resumes the parked rows of
/// every door that can. Returns how many rows were parked and resumed.
pub async fn park_and_resume(
    conn: &impl ConnectionTrait,
    carriers: Carriers,
    now: DateTime<Utc>,
) -> Result<(u64, u64), sea_orm::DbErr> {
    let (mut parked, mut resumed) = (0, 0);
    for door in [Door::Text, Door::Chat, Door::Mail] {
        if carriers.carries(door) {
            resumed += outbox::Entity::update_many()
                .col_expr(outbox::Column::Status, Expr::value("pending"))
                .col_expr(outbox::Column::ParkedReason, Expr::value(None::<String>))
                .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
                .filter(outbox::Column::Status.eq("parked"))
                .filter(door.rows())
                .exec(conn)
                .await?
                .rows_affected;
        } else {
            let waiting = Condition::all().add(door.rows()).add(outbox::Column::Status.eq("pending"));
            parked += park(conn, door, waiting).await?;
        }
    }
    Ok((parked, resumed))
}

/// Parks the rows `which` selects, for `door`'s reason.
pub async fn park(conn: &impl ConnectionTrait, door: Door, which: Condition) -> Result<u64, sea_orm::DbErr> {
    Ok(outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("parked"))
        .col_expr(outbox::Column::ParkedReason, Expr::value(door.parked_reason()))
        .filter(which)
        .exec(conn)
        .await?
        .rows_affected)
}
