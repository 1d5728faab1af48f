//! A message received for a city becomes an appeal: the subject and text are its description,
//! the attachments are its files, the sender's address is where it hears back. The Message-ID
//! (or, without one, the digest of the message) makes a redelivered message change nothing.

use std::sync::Arc;

use mail_parser::{MessageParser, MimeHeaders};
use sea_orm::EntityTrait;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::appeals::attachments;
use crate::appeals::model::appeal;
use crate::appeals::register::{register_as, RegisterInput};
use crate::appeals::rules::Channel;
use crate::channels::inbound;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::state::AppState;
use crate::tenancy::Tenant;
use crate::validate;

const CHANNEL: &str = "email";
/// Who the appeal's timeline names as having accepted it.
const LABEL: &str = "email";
const MAX_FILES: usize = 10;

/// What became of a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    /// Registered as the appeal with this number (or had been, on a redelivery).
    Appeal(String),
    /// An automatic message (an out-of-office reply, a bounce): taken and set aside.
    Automatic,
}

/// The language of the text: Kazakh by its own letters, Russian by Cyrillic, else the city's.
fn language_of(text: &str, fallback: Language) -> Language {
    if text.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c)) {
        Language::Kk
    } else if text.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))) {
        Language::Ru
    } else if text.chars().any(|c| c.is_ascii_alphabetic()) {
        Language::En
    } else {
        fallback
    }
}

/// Files a message for the city. `envelope_from` is the SMTP `MAIL FROM` (empty for bounces).
pub async fn receive(
    state: &Arc<AppState>,
    tenant: &Arc<Tenant>,
    envelope_from: &str,
    raw: &[u8],
) -> AppResult<Received> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| m.headers().iter().any(|h| h.name.as_str().eq_ignore_ascii_case("from")))
        .ok_or_else(|| AppError::validation("message", "not an Internet message (RFC 5322)"))?;
    // Robots answering robots would loop: automatic mail is taken but files nothing.
    let automatic = message.header_raw("Auto-Submitted").is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    if automatic || envelope_from.is_empty() {
        return Ok(Received::Automatic);
    }
    let sender =
        message.from().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or(envelope_from).trim().to_lowercase();
    if !validate::email_address(&sender) {
        return Err(AppError::validation("from", "the sender's address is not valid"));
    }
    let external = match message.message_id().map(str::trim).filter(|id| !id.is_empty() && id.len() <= 200) {
        Some(id) => id.to_owned(),
        None => format!("sha256:{}", hex::encode(Sha256::digest(raw))),
    };
    let ctx = RequestCtx::console(state.clone(), Some(tenant.clone()));
    let replayed = {
        let tx = ctx.tenant_tx().await?;
        match inbound::appeal_of(&tx, CHANNEL, &external).await? {
            Some(id) => appeal::Entity::find_by_id(id).one(&tx).await?,
            None => None,
        }
    };
    if let Some(appeal) = replayed {
        return Ok(Received::Appeal(appeal.number));
    }
    let service_type_id = super::service_type_of(state, tenant)
        .await?
        .ok_or_else(|| AppError::forbidden("the city takes no appeals by e-mail"))?;

    let subject = message.subject().unwrap_or_default().trim().to_owned();
    let body = message.body_text(0).map(|b| b.trim().to_owned()).unwrap_or_default();
    let mut description =
        [subject.as_str(), body.as_str()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("\n\n");
    if description.is_empty() {
        description = "—".into();
    }
    let description: String = description.chars().take(10_000).collect();
    let language = language_of(&description, tenant.default_language);
    let key = format!("mail:{}", &hex::encode(Sha256::digest(external.as_bytes()))[..40]);
    let input = RegisterInput {
        channel: Channel::Email,
        appeal_type: None,
        service_type_id,
        description,
        building_id: None,
        address: None,
        lat: None,
        lon: None,
        entrance: None,
        resident: None,
        language: Some(language),
        idempotency_key: Some(key),
        parent_id: None,
        attributes: None,
        reply_to: Some(format!("email:{sender}")),
    };
    let done = register_as(&ctx, input, LABEL).await?;
    // A file of a type appeals do not keep (an executable, an archive) is left out and counted.
    let (mut stored, mut refused) = (0, 0);
    for part in message.attachments().take(MAX_FILES) {
        let name = part.attachment_name().unwrap_or("attachment").to_owned();
        match attachments::store_once(&ctx, &done.appeal, &name, part.contents().to_vec(), LABEL).await {
            Ok(_) => stored += 1,
            Err(AppError::Validation { .. }) => refused += 1,
            Err(other) => return Err(other),
        }
    }
    let tx = ctx.tenant_tx().await?;
    inbound::enter(&tx, CHANNEL, &external, Some(done.appeal.id)).await?;
    let details = json!({ "from": sender, "message_id": external, "files": stored, "files_refused": refused });
    crate::audit::record(&tx, LABEL, "channel.email_appeal", "appeal", Some(done.appeal.number.clone()), details)
        .await?;
    tx.commit().await?;
    Ok(Received::Appeal(done.appeal.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_read_from_the_letters() {
        assert_eq!(language_of("Суық су жоқ, үйде", Language::En), Language::Kk);
        assert_eq!(language_of("Нет холодной воды", Language::Kk), Language::Ru);
        assert_eq!(language_of("No cold water", Language::Kk), Language::En);
        assert_eq!(language_of("—", Language::Ru), Language::Ru);
    }
}
