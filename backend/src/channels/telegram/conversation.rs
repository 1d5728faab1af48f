//! The conversation that files an appeal: the resident picks the problem from the catalog with
//! inline keyboards (area, category, problem), describes it, sends the location or types the
//! address, adds photos, may share the phone number, and confirms. Each update moves the chat's
//! state in one transaction together with the update's entry in the inbound ledger, so a
//! redelivered update changes nothing; the replies go out after the commit.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::BotApi;
use super::bot::nonce;
use super::texts::{say, status, Phrase};
use super::update::{Message, Update};
use crate::appeals::attachments;
use crate::appeals::model::appeal;
use crate::appeals::register::{register_as, RegisterInput, BUILDING_AT_POINT_M};
use crate::appeals::rules::Channel;
use crate::buildings::service::nearest_active;
use crate::catalog::model::{category, service_type, sphere};
use crate::channels::inbound;
use crate::channels::model::telegram_chat;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Language, LocalizedText};
use crate::residents::service::{ResidentInput, Source};
use crate::residents::Phone;

const CHANNEL: &str = "telegram";
const MAX_PHOTOS: usize = 5;
/// Who the appeal's timeline names as having accepted it.
const LABEL: &str = "telegram-bot";

/// The appeal being drafted in a chat.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Draft {
    /// Makes the registration's idempotency key: "Send" pressed twice files one appeal.
    pub nonce: String,
    pub service_type_id: Option<i64>,
    pub description: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub photos: Vec<String>,
    pub phone: Option<String>,
}

/// Where a chat is in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Idle,
    Choose,
    Describe,
    Locate,
    Photo,
    Contact,
    Confirm,
}

impl Step {
    fn as_str(self) -> &'static str {
        match self {
            Step::Idle => "idle",
            Step::Choose => "choose",
            Step::Describe => "describe",
            Step::Locate => "locate",
            Step::Photo => "photo",
            Step::Contact => "contact",
            Step::Confirm => "confirm",
        }
    }

    fn parse(text: &str) -> Step {
        match text {
            "choose" => Step::Choose,
            "describe" => Step::Describe,
            "locate" => Step::Locate,
            "photo" => Step::Photo,
            "contact" => Step::Contact,
            "confirm" => Step::Confirm,
            _ => Step::Idle,
        }
    }
}

/// What an update asks of the bot.
#[derive(Debug, PartialEq)]
enum Action {
    Start,
    Status,
    Help,
    Languages,
    SetLanguage(Language),
    Cancel,
    Spheres,
    Sphere(i64),
    Category(i64),
    Service(i64),
    Text(String),
    Location(f64, f64),
    Photo(String),
    Contact { phone: String, own: bool },
    Skip,
    Send,
    Ignore,
}

fn is_skip(text: &str) -> bool {
    Language::ALL.iter().any(|&l| text == say(Phrase::Skip, l) || text == say(Phrase::PhotosDone, l))
}

fn read_message(message: &Message) -> Action {
    if let Some(location) = &message.location {
        return Action::Location(location.latitude, location.longitude);
    }
    if let Some(contact) = &message.contact {
        let own = contact.user_id.is_some() && contact.user_id == message.from.as_ref().map(|f| f.id);
        return Action::Contact { phone: contact.phone_number.clone(), own };
    }
    if let Some(photo) = message.photo_id() {
        return Action::Photo(photo.to_owned());
    }
    let Some(text) = message.text.as_deref().map(str::trim) else { return Action::Ignore };
    // `/start@city_bot` names the bot in groups; the command is the part before `@`.
    let command = text.split_whitespace().next().unwrap_or_default().split('@').next().unwrap_or_default();
    match command {
        "/start" | "/new" => Action::Start,
        "/status" => Action::Status,
        "/help" => Action::Help,
        "/language" => Action::Languages,
        "/cancel" => Action::Cancel,
        _ if is_skip(text) => Action::Skip,
        _ => Action::Text(text.to_owned()),
    }
}

fn read_button(data: &str) -> Action {
    let (verb, arg) = data.split_once(':').unwrap_or((data, ""));
    let id = arg.parse::<i64>().ok();
    match (verb, id) {
        ("lang", _) => Language::parse(arg).map(Action::SetLanguage).unwrap_or(Action::Ignore),
        ("sph", None) => Action::Spheres,
        ("sph", Some(id)) => Action::Sphere(id),
        ("cat", Some(id)) => Action::Category(id),
        ("svc", Some(id)) => Action::Service(id),
        ("send", _) => Action::Send,
        ("cancel", _) => Action::Cancel,
        _ => Action::Ignore,
    }
}

/// The Bot API calls that answer an update.
#[derive(Debug, Default)]
pub struct Outcome {
    pub calls: Vec<(&'static str, Value)>,
    pub replayed: bool,
    pub appeal: Option<String>,
}

impl Outcome {
    fn send(&mut self, chat: i64, text: impl Into<String>, markup: Option<Value>) {
        let mut body = json!({ "chat_id": chat, "text": text.into() });
        if let Some(markup) = markup {
            body["reply_markup"] = markup;
        }
        self.calls.push(("sendMessage", body));
    }
}

fn inline(rows: Vec<(String, String)>) -> Value {
    let rows: Vec<Value> =
        rows.into_iter().map(|(text, data)| json!([{ "text": text, "callback_data": data }])).collect();
    json!({ "inline_keyboard": rows })
}

fn keyboard(buttons: Vec<Value>) -> Value {
    let rows: Vec<Value> = buttons.into_iter().map(|b| json!([b])).collect();
    json!({ "keyboard": rows, "resize_keyboard": true, "one_time_keyboard": true })
}

fn no_keyboard() -> Value {
    json!({ "remove_keyboard": true })
}

fn name(kk: &str, ru: &str, en: &str, language: Language) -> String {
    LocalizedText::new(kk.to_owned(), ru.to_owned(), en.to_owned()).get(language).to_owned()
}

fn language_row() -> Vec<(String, String)> {
    vec![
        ("Қазақша".into(), "lang:kk".into()),
        ("Русский".into(), "lang:ru".into()),
        ("English".into(), "lang:en".into()),
    ]
}

/// The service types the city offers, which decide which areas and categories are offered.
async fn offered(conn: &impl ConnectionTrait) -> AppResult<Vec<service_type::Model>> {
    Ok(crate::catalog::service::offered().order_by_asc(service_type::Column::Id).all(conn).await?)
}

async fn spheres_menu(conn: &impl ConnectionTrait, language: Language) -> AppResult<Value> {
    let types = offered(conn).await?;
    let categories = category::Entity::find().filter(category::Column::Active.eq(true)).all(conn).await?;
    let used: std::collections::HashSet<i64> =
        categories.iter().filter(|c| types.iter().any(|t| t.category_id == c.id)).map(|c| c.sphere_id).collect();
    let spheres = sphere::Entity::find()
        .filter(sphere::Column::Active.eq(true))
        .order_by_asc(sphere::Column::SortOrder)
        .order_by_asc(sphere::Column::Id)
        .all(conn)
        .await?;
    let mut rows: Vec<(String, String)> = spheres
        .into_iter()
        .filter(|s| used.contains(&s.id))
        .map(|s| (name(&s.name_kk, &s.name_ru, &s.name_en, language), format!("sph:{}", s.id)))
        .collect();
    rows.extend(language_row());
    Ok(inline(rows))
}

async fn categories_menu(conn: &impl ConnectionTrait, sphere_id: i64, language: Language) -> AppResult<Value> {
    let types = offered(conn).await?;
    let categories = category::Entity::find()
        .filter(category::Column::Active.eq(true))
        .filter(category::Column::SphereId.eq(sphere_id))
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .all(conn)
        .await?;
    let mut rows: Vec<(String, String)> = categories
        .into_iter()
        .filter(|c| types.iter().any(|t| t.category_id == c.id))
        .map(|c| (name(&c.name_kk, &c.name_ru, &c.name_en, language), format!("cat:{}", c.id)))
        .collect();
    rows.push((say(Phrase::Back, language).into(), "sph".into()));
    Ok(inline(rows))
}

async fn services_menu(conn: &impl ConnectionTrait, category_id: i64, language: Language) -> AppResult<Value> {
    let back = category::Entity::find_by_id(category_id).one(conn).await?.map(|c| format!("sph:{}", c.sphere_id));
    let mut rows: Vec<(String, String)> = offered(conn)
        .await?
        .into_iter()
        .filter(|t| t.category_id == category_id)
        .map(|t| (name(&t.name_kk, &t.name_ru, &t.name_en, language), format!("svc:{}", t.id)))
        .collect();
    rows.push((say(Phrase::Back, language).into(), back.unwrap_or_else(|| "sph".into())));
    Ok(inline(rows))
}

fn ask_location(out: &mut Outcome, chat: i64, language: Language) {
    let share = json!({ "text": say(Phrase::ShareLocation, language), "request_location": true });
    out.send(chat, say(Phrase::AskLocation, language), Some(keyboard(vec![share])));
}

fn ask_photo(out: &mut Outcome, chat: i64, language: Language, required: bool) {
    if required {
        out.send(chat, say(Phrase::PhotoRequired, language), Some(no_keyboard()));
    } else {
        let skip = json!({ "text": say(Phrase::Skip, language) });
        out.send(chat, say(Phrase::AskPhoto, language), Some(keyboard(vec![skip])));
    }
}

fn ask_contact(out: &mut Outcome, chat: i64, language: Language) {
    let share = json!({ "text": say(Phrase::ShareContact, language), "request_contact": true });
    let skip = json!({ "text": say(Phrase::Skip, language) });
    out.send(chat, say(Phrase::AskContact, language), Some(keyboard(vec![share, skip])));
}

async fn confirm(conn: &impl ConnectionTrait, out: &mut Outcome, chat: i64, language: Language, draft: &Draft) {
    let service = match draft.service_type_id {
        Some(id) => service_type::Entity::find_by_id(id).one(conn).await.ok().flatten(),
        None => None,
    };
    let mut lines = vec![say(Phrase::Confirm, language).to_owned()];
    if let Some(s) = service {
        lines.push(format!("• {}", name(&s.name_kk, &s.name_ru, &s.name_en, language)));
    }
    lines.push(format!("• {}", draft.description.as_deref().unwrap_or_default()));
    match (&draft.address, draft.lat, draft.lon) {
        (Some(address), _, _) => lines.push(format!("• 📍 {address}")),
        // The building the appeal will be filed at, when one stands there; else the point.
        (None, Some(lat), Some(lon)) => match nearest_active(conn, lat, lon, BUILDING_AT_POINT_M).await {
            Ok(Some((building, _))) => lines.push(format!("• 📍 {}", building.address)),
            _ => lines.push(format!("• 📍 {lat:.5}, {lon:.5}")),
        },
        _ => {}
    }
    if !draft.photos.is_empty() {
        lines.push(format!("• 📷 {}", draft.photos.len()));
    }
    if let Some(phone) = &draft.phone {
        lines.push(format!("• 📞 {phone}"));
    }
    out.send(chat, say(Phrase::Confirm, language), Some(no_keyboard()));
    let buttons = vec![
        (say(Phrase::Send, language).to_owned(), "send".to_owned()),
        (say(Phrase::Cancel, language).to_owned(), "cancel".to_owned()),
    ];
    out.send(chat, lines[1..].join("\n"), Some(inline(buttons)));
}

/// The chat's state, or a new one in the language Telegram reports for the resident.
async fn load(
    conn: &impl ConnectionTrait,
    chat: i64,
    reported: Option<&str>,
    fallback: Language,
) -> AppResult<(Language, Step, Draft, bool)> {
    Ok(match telegram_chat::Entity::find_by_id(chat).one(conn).await? {
        Some(row) => (
            Language::parse(&row.language).unwrap_or(fallback),
            Step::parse(&row.step),
            serde_json::from_str(&row.draft).unwrap_or_default(),
            true,
        ),
        None => {
            let language = reported.and_then(|code| Language::parse(code.get(..2).unwrap_or_default()));
            (language.unwrap_or(fallback), Step::Idle, Draft::default(), false)
        }
    })
}

async fn save(
    conn: &impl ConnectionTrait,
    chat: i64,
    known: bool,
    language: Language,
    step: Step,
    draft: &Draft,
) -> AppResult<()> {
    let row = telegram_chat::ActiveModel {
        chat_id: Set(chat),
        language: Set(language.code().into()),
        step: Set(step.as_str().into()),
        draft: Set(serde_json::to_string(draft).unwrap_or_else(|_| "{}".into())),
        updated_at: Set(Utc::now()),
    };
    if known {
        row.update(conn).await?;
    } else {
        row.insert(conn).await?;
    }
    Ok(())
}

async fn status_list(conn: &impl ConnectionTrait, chat: i64, language: Language) -> AppResult<String> {
    let appeals = appeal::Entity::find()
        .filter(appeal::Column::ReplyTo.eq(format!("telegram:{chat}")))
        .order_by_desc(appeal::Column::Id)
        .limit(5)
        .all(conn)
        .await?;
    if appeals.is_empty() {
        return Ok(say(Phrase::NoAppeals, language).to_owned());
    }
    let mut lines = vec![say(Phrase::YourAppeals, language).to_owned()];
    lines.extend(appeals.iter().map(|a| format!("№ {} — {}", a.number, status(&a.status, language))));
    Ok(lines.join("\n"))
}

/// Answers one update of the city's bot.
pub async fn handle(ctx: &RequestCtx, bot: &BotApi, update: &Update) -> AppResult<Outcome> {
    let external = update.update_id.to_string();
    let mut out = Outcome::default();
    let Some((chat, from)) = update.chat() else {
        // Nothing the bot answers (an edited message, a channel post): entered and let be.
        let tx = ctx.tenant_tx().await?;
        out.replayed = !inbound::enter(&tx, CHANNEL, &external, None).await?;
        tx.commit().await?;
        return Ok(out);
    };
    let chat_id = chat.id;
    if let Some(query) = &update.callback_query {
        out.calls.push(("answerCallbackQuery", json!({ "callback_query_id": query.id })));
    }
    let tenant = ctx.tenant()?.clone();
    let tx = ctx.tenant_tx().await?;
    if !inbound::enter(&tx, CHANNEL, &external, None).await? {
        return Ok(Outcome { replayed: true, ..Outcome::default() });
    }
    let reported = from.and_then(|f| f.language_code.as_deref());
    let (mut language, mut step, mut draft, known) = load(&tx, chat_id, reported, tenant.default_language).await?;
    if chat.kind != "private" {
        if update.message.is_some() {
            out.send(chat_id, say(Phrase::PrivateOnly, language), None);
        }
        tx.commit().await?;
        return Ok(out);
    }
    let action = match (&update.message, &update.callback_query) {
        (Some(message), _) => read_message(message),
        (None, Some(query)) => query.data.as_deref().map(read_button).unwrap_or(Action::Ignore),
        (None, None) => Action::Ignore,
    };
    let required_photo = match draft.service_type_id {
        Some(id) => service_type::Entity::find_by_id(id).one(&tx).await?.is_some_and(|s| s.requires_photo),
        None => false,
    };
    if let Action::SetLanguage(chosen) = action {
        language = chosen;
    }
    match (action, step) {
        (Action::Send, Step::Confirm) => {
            // Registered with no transaction open: the ledger entry is made with the appeal.
            drop(tx);
            return send(ctx, bot, chat_id, &external, language, draft, out).await;
        }
        (Action::Start, _) | (Action::Text(_), Step::Idle | Step::Choose) | (Action::SetLanguage(_), _) => {
            draft = Draft { nonce: nonce(), ..Draft::default() };
            step = Step::Choose;
            out.send(chat_id, say(Phrase::Welcome, language), Some(no_keyboard()));
            out.send(chat_id, say(Phrase::ChooseSphere, language), Some(spheres_menu(&tx, language).await?));
        }
        (Action::Spheres, _) => {
            out.send(chat_id, say(Phrase::ChooseSphere, language), Some(spheres_menu(&tx, language).await?))
        }
        (Action::Sphere(id), _) => {
            out.send(chat_id, say(Phrase::ChooseCategory, language), Some(categories_menu(&tx, id, language).await?))
        }
        (Action::Category(id), _) => {
            out.send(chat_id, say(Phrase::ChooseService, language), Some(services_menu(&tx, id, language).await?))
        }
        (Action::Service(id), _) => match crate::catalog::service::in_use(&tx, id).await? {
            Some(_) => {
                if draft.nonce.is_empty() {
                    draft.nonce = nonce();
                }
                draft.service_type_id = Some(id);
                step = Step::Describe;
                out.send(chat_id, say(Phrase::Describe, language), Some(no_keyboard()));
            }
            None => out.send(chat_id, say(Phrase::Unavailable, language), None),
        },
        (Action::Text(text), Step::Describe) => {
            if text.chars().count() > 4000 {
                out.send(chat_id, say(Phrase::DescriptionTooLong, language), None);
            } else {
                draft.description = Some(text);
                step = Step::Locate;
                ask_location(&mut out, chat_id, language);
            }
        }
        (Action::Location(lat, lon), Step::Locate) => {
            (draft.lat, draft.lon, draft.address) = (Some(lat), Some(lon), None);
            step = Step::Photo;
            ask_photo(&mut out, chat_id, language, required_photo);
        }
        (Action::Text(text), Step::Locate) => {
            draft.address = Some(text.chars().take(300).collect());
            (draft.lat, draft.lon) = (None, None);
            step = Step::Photo;
            ask_photo(&mut out, chat_id, language, required_photo);
        }
        (Action::Photo(file_id), Step::Photo) => {
            if draft.photos.len() >= MAX_PHOTOS {
                out.send(chat_id, say(Phrase::TooManyPhotos, language), None);
            } else {
                draft.photos.push(file_id);
                let done = json!({ "text": say(Phrase::PhotosDone, language) });
                out.send(chat_id, say(Phrase::PhotoAdded, language), Some(keyboard(vec![done])));
            }
        }
        (Action::Skip, Step::Photo) if required_photo && draft.photos.is_empty() => {
            out.send(chat_id, say(Phrase::PhotoRequired, language), Some(no_keyboard()));
        }
        (Action::Skip, Step::Photo) => {
            step = Step::Contact;
            ask_contact(&mut out, chat_id, language);
        }
        (Action::Contact { phone, own }, Step::Contact) => {
            if !own {
                out.send(chat_id, say(Phrase::NotYourContact, language), None);
            } else {
                // A number outside Kazakhstan's plan is not kept: the chat still hears back.
                draft.phone = Phone::parse(&phone).ok().map(|p| p.as_str().to_owned());
                step = Step::Confirm;
                confirm(&tx, &mut out, chat_id, language, &draft).await;
            }
        }
        (Action::Skip, Step::Contact) => {
            step = Step::Confirm;
            confirm(&tx, &mut out, chat_id, language, &draft).await;
        }
        (Action::Cancel, _) => {
            (step, draft) = (Step::Idle, Draft::default());
            out.send(chat_id, say(Phrase::Cancelled, language), Some(no_keyboard()));
        }
        (Action::Status, _) => out.send(chat_id, status_list(&tx, chat_id, language).await?, None),
        (Action::Languages, _) => out.send(chat_id, "Тіл / Язык / Language", Some(inline(language_row()))),
        (Action::Help, _) => out.send(chat_id, say(Phrase::Help, language), None),
        (Action::Ignore, _) if update.callback_query.is_some() => {}
        _ => out.send(chat_id, say(Phrase::NotNow, language), None),
    }
    save(&tx, chat_id, known, language, step, &draft).await?;
    tx.commit().await?;
    Ok(out)
}

/// Files the drafted appeal, attaches its photos and tells the chat its number.
async fn send(
    ctx: &RequestCtx,
    bot: &BotApi,
    chat_id: i64,
    external: &str,
    language: Language,
    draft: Draft,
    mut out: Outcome,
) -> AppResult<Outcome> {
    let (Some(service_type_id), Some(description)) = (draft.service_type_id, draft.description.clone()) else {
        out.send(chat_id, say(Phrase::NotNow, language), None);
        return Ok(out);
    };
    let input = RegisterInput {
        channel: Channel::Telegram,
        appeal_type: None,
        service_type_id,
        description,
        building_id: None,
        address: draft.address.clone(),
        lat: draft.lat,
        lon: draft.lon,
        entrance: None,
        resident: draft.phone.clone().map(|phone| ResidentInput {
            phone,
            name: None,
            iin: None,
            language: Some(language),
            source: Source::Unproven,
        }),
        language: Some(language),
        idempotency_key: Some(format!("tg:{}", draft.nonce)),
        parent_id: None,
        attributes: None,
        reply_to: Some(format!("telegram:{chat_id}")),
    };
    let done = match register_as(ctx, input, LABEL).await {
        Ok(done) => done,
        // The catalog changed under the draft (the problem was switched off): start again.
        Err(AppError::Validation { .. }) => {
            let tx = ctx.tenant_tx().await?;
            inbound::enter(&tx, CHANNEL, external, None).await?;
            tx.commit().await?;
            out.send(chat_id, say(Phrase::Unavailable, language), None);
            return Ok(out);
        }
        Err(other) => return Err(other),
    };
    // A photo Telegram no longer serves does not hold up the appeal: it is told, not retried.
    let mut lost = 0;
    for file_id in &draft.photos {
        let stored = match bot.download(file_id).await {
            Ok((file_name, bytes)) => attachments::store_once(ctx, &done.appeal, &file_name, bytes, LABEL)
                .await
                .map(|_| ())
                .map_err(|e| anyhow::anyhow!("{e}")),
            Err(error) => Err(error),
        };
        if let Err(error) = stored {
            lost += 1;
            tracing::warn!(appeal = %done.appeal.number, error = format!("{error:#}"), "A Telegram photo was not attached.");
        }
    }
    let tx = ctx.tenant_tx().await?;
    inbound::enter(&tx, CHANNEL, external, Some(done.appeal.id)).await?;
    save(&tx, chat_id, true, language, Step::Idle, &Draft::default()).await?;
    crate::audit::record(
        &tx,
        LABEL,
        "channel.telegram_appeal",
        "appeal",
        Some(done.appeal.number.clone()),
        json!({ "chat": chat_id, "update": external, "replayed": done.replayed, "photos": draft.photos.len(), "photos_lost": lost }),
    )
    .await?;
    tx.commit().await?;
    let due = done.appeal.due_at.with_timezone(&ctx.tenant()?.time_zone).format("%d.%m.%Y %H:%M").to_string();
    let mut text = say(Phrase::Registered, language).replace("{number}", &done.appeal.number).replace("{due}", &due);
    for extra in [&done.first_call_answer, &done.outage_message].into_iter().flatten() {
        text.push_str("\n\n");
        text.push_str(extra);
    }
    if lost > 0 {
        text.push_str(&format!("\n\n📷 ✖ {lost}"));
    }
    out.send(chat_id, text, Some(no_keyboard()));
    out.appeal = Some(done.appeal.number);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_and_commands_read_as_actions() {
        assert_eq!(read_button("svc:12"), Action::Service(12));
        assert_eq!(read_button("sph"), Action::Spheres);
        assert_eq!(read_button("lang:kk"), Action::SetLanguage(Language::Kk));
        assert_eq!(read_button("lang:xx"), Action::Ignore);
        assert_eq!(read_button("svc:abc"), Action::Ignore);
        assert!(is_skip("Пропустить") && is_skip("Дайын") && !is_skip("нет воды"));
    }
}
