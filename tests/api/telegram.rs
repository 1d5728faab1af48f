//! The city's Telegram bot against a stand-in Bot API server that records every call: connecting
//! the bot, the conversation that files an appeal (keyboards, location, photo, contact), the
//! secret-token header, replays and malformed updates, and status messages back to the chat.

use serde_json::{json, Value};

use crate::appeals_more::JPEG;
use crate::helpers::{spawn_app_with, TestApp};
use crate::stand_in::StandIn;

const CHAT: i64 = 5_550_001;
const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

pub fn bot_api(path: &str, _body: &str) -> (&'static str, Vec<u8>) {
    let json = |v: Value| ("application/json", v.to_string().into_bytes());
    if path.starts_with("/file/") {
        return ("image/jpeg", JPEG.to_vec());
    }
    if path.ends_with("/getMe") {
        return json(json!({ "ok": true, "result": { "id": 1, "is_bot": true, "username": "alpha109_bot" } }));
    }
    if path.ends_with("/getFile") {
        return json(json!({ "ok": true, "result": { "file_id": "ph-1", "file_path": "photos/file_7.jpg" } }));
    }
    json(json!({ "ok": true, "result": true }))
}

async fn bot_app() -> (TestApp, StandIn) {
    let api = StandIn::start_with(bot_api).await;
    let url = api.url.clone();
    let app = spawn_app_with(move |c| {
        c.telegram_api_url = url;
        c.public_url = Some("https://qala.example".into());
    })
    .await;
    (app, api)
}

pub async fn post(app: &TestApp, secret: Option<&str>, body: &str) -> (u16, Value) {
    let mut request = app
        .client
        .post(format!("{}/t/alpha/channels/telegram/webhook", app.address))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(secret) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    let response = request.send().await.expect("answer");
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

pub fn message(update_id: i64, extra: Value) -> String {
    let mut message = json!({
        "message_id": update_id, "date": 1_790_000_000,
        "chat": { "id": CHAT, "type": "private", "first_name": "Айгүл" },
        "from": { "id": CHAT, "is_bot": false, "first_name": "Айгүл", "language_code": "kk" },
    });
    for (key, value) in extra.as_object().expect("an object") {
        message[key] = value.clone();
    }
    json!({ "update_id": update_id, "message": message }).to_string()
}

pub fn text(update_id: i64, text: &str) -> String {
    message(update_id, json!({ "text": text }))
}

pub fn button(update_id: i64, data: &str) -> String {
    json!({ "update_id": update_id, "callback_query": {
        "id": format!("cb-{update_id}"), "chat_instance": "1", "data": data,
        "from": { "id": CHAT, "is_bot": false, "first_name": "Айгүл", "language_code": "kk" },
        "message": { "message_id": 1, "date": 1_790_000_000, "chat": { "id": CHAT, "type": "private" } },
    } })
    .to_string()
}

/// The texts of the messages sent to the chat since `from`.
pub fn said(api: &StandIn, from: usize) -> Vec<String> {
    api.sent_to("/sendMessage")[from..].iter().map(|m| m["text"].as_str().unwrap_or_default().to_owned()).collect()
}

pub fn buttons(api: &StandIn) -> Vec<String> {
    let last = api.sent_to("/sendMessage").last().cloned().unwrap_or_default();
    let rows = last["reply_markup"]["inline_keyboard"].as_array().cloned().unwrap_or_default();
    rows.iter().filter_map(|row| row[0]["callback_data"].as_str().map(str::to_owned)).collect()
}

pub async fn connect(app: &TestApp, api: &StandIn) -> String {
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let connect = "mutation($t: String!) { connectTelegramBot(token: $t) { username webhookUrl } }";
    let done = app.gql(Some("alpha"), Some(&admin), connect, json!({ "t": TOKEN })).await;
    assert_eq!(done.data("connectTelegramBot.username"), "alpha109_bot", "{}", done.body);
    let hook = api.sent_to("/setWebhook").last().cloned().expect("setWebhook was called");
    assert_eq!(hook["url"], "https://qala.example/t/alpha/channels/telegram/webhook");
    // The token is kept sealed: the database alone does not give the bot away.
    let sealed = "SELECT COUNT(*) AS n FROM settings WHERE key = 'telegram.bot_token' AND value LIKE 'sealed:v1:%' AND value NOT LIKE '%AAHdq%'";
    assert_eq!(app.scalar("alpha", sealed).await, 1);
    hook["secret_token"].as_str().expect("a secret").to_owned()
}

#[tokio::test]
async fn a_resident_files_an_appeal_with_the_bot_and_hears_back_in_the_chat() {
    let (app, api) = bot_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let connect_query = "mutation($t: String!) { connectTelegramBot(token: $t) { username } }";
    let refused = app.gql(Some("alpha"), Some(&operator), connect_query, json!({ "t": TOKEN })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let bad = app.gql(Some("alpha"), Some(&admin), connect_query, json!({ "t": "not a token" })).await;
    assert_eq!(bad.code(), Some("VALIDATION"));
    let secret = connect(&app, &api).await;
    // The Bot API was called with the token in the path, never anywhere else.
    assert!(api
        .calls
        .lock()
        .expect("lock")
        .iter()
        .all(|(path, body)| path.starts_with(&format!("/bot{TOKEN}/")) && !body.contains(TOKEN)));

    // /start in Kazakh: the greeting and the areas of the catalog.
    assert_eq!(post(&app, Some(&secret), &text(1, "/start")).await.0, 200);
    assert_eq!(said(&api, 0)[0], "Сәлеметсіз бе! Бұл қаланың 109 қызметі. Өтініш беру үшін санатты таңдаңыз.");
    assert!(buttons(&api).contains(&"sph:1".to_owned()), "{:?}", buttons(&api));
    // Switching to Russian answers in Russian from then on.
    post(&app, Some(&secret), &button(2, "lang:ru")).await;
    assert!(said(&api, 0).iter().any(|t| t.starts_with("Здравствуйте!")));
    assert_eq!(api.sent_to("/answerCallbackQuery").len(), 1);
    post(&app, Some(&secret), &button(3, "sph:1")).await;
    assert_eq!(buttons(&api), ["cat:1", "sph"]);
    post(&app, Some(&secret), &button(4, "cat:1")).await;
    assert_eq!(buttons(&api), ["svc:1", "svc:2", "svc:3", "sph:1"]);
    post(&app, Some(&secret), &button(5, "svc:3")).await;
    let before = api.sent_to("/sendMessage").len();
    post(&app, Some(&secret), &text(6, "Течёт с потолка в третьем подъезде")).await;
    let asked = api.sent_to("/sendMessage").last().cloned().unwrap_or_default();
    assert_eq!(asked["reply_markup"]["keyboard"][0][0]["request_location"], true);
    // A pin about 15 m from building b-1 (51.16, 71.47).
    post(&app, Some(&secret), &message(7, json!({ "location": { "latitude": 51.1601, "longitude": 71.4701 } }))).await;
    // The leak needs a photo: skipping is refused until one comes.
    post(&app, Some(&secret), &text(8, "Пропустить")).await;
    assert_eq!(said(&api, before).last().map(String::as_str), Some("Для этой проблемы нужно фото. Отправьте фото."));
    let photo = json!({ "photo": [{ "file_id": "ph-small", "file_unique_id": "a", "width": 90, "height": 90, "file_size": 900 },
        { "file_id": "ph-1", "file_unique_id": "b", "width": 800, "height": 600, "file_size": 9000 }] });
    post(&app, Some(&secret), &message(9, photo)).await;
    post(&app, Some(&secret), &text(10, "Готово")).await;
    // Someone else's contact is not taken; the resident's own is.
    let other = json!({ "contact": { "phone_number": "+77010000000", "first_name": "X", "user_id": 42 } });
    post(&app, Some(&secret), &message(11, other)).await;
    assert_eq!(said(&api, before).last().map(String::as_str), Some("Отправьте свой номер кнопкой."));
    let own = json!({ "contact": { "phone_number": "77017779101", "first_name": "Айгүл", "user_id": CHAT } });
    post(&app, Some(&secret), &message(12, own)).await;
    assert_eq!(buttons(&api), ["send", "cancel"]);
    let summary = said(&api, 0).last().cloned().unwrap_or_default();
    assert!(summary.contains("Протечка в подъезде") && summary.contains("+77017779101"), "{summary}");
    assert!(summary.contains("📍 ул. Первая, 1"), "the pin is read as the building: {summary}");

    let (status, sent) = post(&app, Some(&secret), &button(13, "send")).await;
    assert_eq!(status, 200, "{sent}");
    let number = sent["appeal"].as_str().expect("an appeal number").to_owned();
    assert!(said(&api, 0).last().is_some_and(|t| t.starts_with(&format!("Обращение № {number} принято."))));
    // The same update delivered again, and "Send" pressed twice, file nothing more.
    let (_, again) = post(&app, Some(&secret), &button(13, "send")).await;
    assert_eq!(again["replayed"], true);
    post(&app, Some(&secret), &button(14, "send")).await;
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 1);
    assert_eq!(api.sent_to("/getFile")[0]["file_id"], "ph-1", "the largest size is downloaded");

    let query = "query($n: String!) { appealByNumber(number: $n) { id channel description lat buildingId organizationId language status residentId attachments { kind fileName } } }";
    let found = app.gql(Some("alpha"), Some(&operator), query, json!({ "n": number })).await;
    let appeal = found.data("appealByNumber").clone();
    assert_eq!(appeal["channel"], "TELEGRAM", "{}", found.body);
    assert_eq!(appeal["language"], "ru");
    assert_eq!(appeal["lat"], 51.1601);
    assert_eq!(
        (appeal["buildingId"].as_str(), appeal["organizationId"].as_str()),
        (Some("1"), Some("3")),
        "filed at b-1, for its OSI"
    );
    let resident = "SELECT COUNT(*) AS n FROM appeals JOIN residents ON residents.id = appeals.resident_id WHERE residents.phone = '+77017779101'";
    assert_eq!(app.scalar("alpha", resident).await, 1, "the shared number is the appeal's resident");
    assert_eq!(appeal["attachments"][0]["kind"], "photo");
    assert_eq!(appeal["attachments"][0]["fileName"], "file_7.jpg");

    // /status lists the chat's appeals.
    post(&app, Some(&secret), &text(15, "/status")).await;
    assert!(said(&api, 0).last().is_some_and(|t| t.contains(&number) && t.contains("зарегистрировано")));

    // The operator rejects it: the resident reads it in the chat, not by text message.
    let reject = "mutation($id: ID!) { rejectAppeal(id: $id, comment: \"Обратитесь в ОСИ\") { status } }";
    let rejected = app.gql(Some("alpha"), Some(&operator), reject, json!({ "id": appeal["id"] })).await;
    assert_eq!(rejected.data("rejectAppeal.status"), "REJECTED", "{}", rejected.body);
    let tenant = app.state.tenants.by_slug("alpha").await.expect("tenant").expect("alpha");
    let sent_before = api.sent_to("/sendMessage").len();
    let delivered = qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("delivery");
    assert_eq!(delivered.sent, 1, "only the rejection: the chat heard of the registration in the conversation");
    let notice = api.sent_to("/sendMessage")[sent_before].clone();
    assert_eq!(notice["chat_id"], CHAT);
    assert_eq!(notice["text"], format!("Alpha 109: Обращение № {number} отклонено: Обратитесь в ОСИ"));
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'channel.telegram_appeal'";
    assert_eq!(app.scalar("alpha", audited).await, 1);
}

#[tokio::test]
async fn the_webhook_refuses_wrong_secrets_malformed_updates_and_floods() {
    let (app, api) = bot_app().await;
    // No bot connected: every secret is wrong.
    assert_eq!(post(&app, Some("anything"), &text(1, "/start")).await.0, 403);
    let secret = connect(&app, &api).await;
    assert_eq!(post(&app, None, &text(1, "/start")).await.0, 403);
    assert_eq!(post(&app, Some("not-the-secret"), &text(1, "/start")).await.0, 403);
    let (status, body) = post(&app, Some(&secret), "{not json").await;
    assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (400, Some("VALIDATION")));
    assert_eq!(post(&app, Some(&secret), r#"{"message": {"text": "no update id"}}"#).await.0, 400);
    assert_eq!(post(&app, Some(&secret), r#"{"update_id": "x"}"#).await.0, 400);
    // Updates the bot does not answer (an edited message) are taken and let be.
    let edited = json!({ "update_id": 50, "edited_message": { "message_id": 1, "date": 1, "chat": { "id": CHAT, "type": "private" } } });
    assert_eq!(post(&app, Some(&secret), &edited.to_string()).await.0, 200);
    // A group chat is told to write privately.
    let group = json!({ "update_id": 51, "message": { "message_id": 2, "date": 1, "text": "/start",
        "chat": { "id": -100, "type": "group" }, "from": { "id": 7, "is_bot": false, "first_name": "A" } } });
    assert_eq!(post(&app, Some(&secret), &group.to_string()).await.0, 200);
    assert_eq!(api.sent_to("/sendMessage").last().expect("a reply")["chat_id"], -100);
    // Unexpected input mid-conversation is answered with a hint, not an error.
    assert_eq!(post(&app, Some(&secret), &message(52, json!({ "sticker": { "file_id": "s" } }))).await.0, 200);

    // A chat flooding the bot is asked to wait; Telegram delivers again later.
    let mut last = 0;
    for id in 100..140 {
        last = post(&app, Some(&secret), &text(id, "/help")).await.0;
    }
    assert_eq!(last, 429);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 0);

    // Disconnecting revokes the secret.
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let off = app.gql(Some("alpha"), Some(&admin), "mutation { disconnectTelegramBot }", json!({})).await;
    assert_eq!(off.data("disconnectTelegramBot"), true);
    assert_eq!(post(&app, Some(&secret), &text(200, "/start")).await.0, 403);
    assert_eq!(api.sent_to("/deleteWebhook").len(), 1);
}
