//! One rule says which service types are offered (`catalog::service::offered`): a service type
//! whose category is switched off is neither listed nor taken by any door — the catalog the
//! operator and the portal pick from, the operator's registration, the resident's portal, the
//! city's mailbox, Open311 and the Telegram bot.

use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, REGISTER};
use crate::open311::{base_form, client_key, get_json, post_form};
use crate::stand_in::StandIn;
use crate::telegram::{bot_api, button, buttons, connect, post, said, text};
use crate::transparency::{app_with_gateway_and, verified};

const SUBMIT: &str = "mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) { appeal { id } } }";
const LISTED: &str = "query($all: Boolean!) { serviceTypes(includeInactive: $all, page: { first: 200 }) {
    nodes { id code categoryId } } }";

fn ids(reply: &Value) -> Vec<String> {
    reply["data"]["serviceTypes"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_service_type_of_a_switched_off_category_is_offered_by_no_door() {
    let api = StandIn::start_with(bot_api).await;
    let url = api.url.clone();
    let (app, gateway) = app_with_gateway_and(move |c| {
        c.telegram_api_url = url;
        c.public_url = Some("https://qala.example".into());
    })
    .await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let resident = verified(&app, &gateway, "+77017779001").await;
    let secret = connect(&app, &api).await;

    // The cold-water service type and its category, while both are on.
    let all = app.gql(Some("alpha"), Some(&admin), LISTED, json!({ "all": true })).await;
    let service =
        all.data("serviceTypes.nodes").as_array().into_iter().flatten().find(|s| s["code"] == "no-cold-water");
    let service = service.cloned().expect("the cold-water service type");
    let id = service["id"].as_str().expect("id").to_owned();
    let listed = app.gql(Some("alpha"), Some(&operator), LISTED, json!({ "all": false })).await;
    assert!(ids(&listed.body).contains(&id), "offered while its category is on: {}", listed.body);
    let mail = "mutation($s: ID) { configureEmailChannel(serviceTypeId: $s) { serviceTypeId } }";
    assert!(app.gql(Some("alpha"), Some(&admin), mail, json!({ "s": id })).await.code().is_none());
    post(&app, Some(&secret), &text(1, "/start")).await;
    assert!(buttons(&api).contains(&"sph:1".to_owned()), "{:?}", buttons(&api));

    let off = "mutation($id: ID!) { setCatalogEntryActive(level: CATEGORY, id: $id, active: false) }";
    let reply = app.gql(Some("alpha"), Some(&admin), off, json!({ "id": service["categoryId"] })).await;
    assert!(reply.code().is_none(), "{}", reply.body);

    // Listed by no catalog a person picks from.
    let listed = app.gql(Some("alpha"), Some(&operator), LISTED, json!({ "all": false })).await;
    assert!(!ids(&listed.body).contains(&id), "{}", listed.body);
    // Taken by no door.
    let registered = app.gql(Some("alpha"), Some(&operator), REGISTER, phone_appeal(&id, "+77017779002")).await;
    assert!(matches!(registered.code(), Some("VALIDATION" | "NOT_FOUND")), "registration: {}", registered.body);
    let portal = json!({ "i": { "serviceTypeId": id, "description": "Нет холодной воды", "lat": 51.1601,
        "lon": 71.4701, "address": "ул. Тестовая, 1", "language": "KK", "idempotencyKey": "off-1" } });
    let submitted = app.gql(Some("alpha"), Some(&resident), SUBMIT, portal).await;
    assert!(matches!(submitted.code(), Some("VALIDATION" | "NOT_FOUND")), "portal: {}", submitted.body);
    let reopened = app.gql(Some("alpha"), Some(&admin), mail, json!({ "s": id })).await;
    assert_eq!(reopened.code(), Some("VALIDATION"), "mailbox: {}", reopened.body);
    let (_, services) = get_json(&app, "services.json").await;
    let codes: Vec<&str> =
        services.as_array().into_iter().flatten().filter_map(|s| s["service_code"].as_str()).collect();
    assert!(!codes.contains(&"no-cold-water"), "Open311 lists: {codes:?}");
    let (key, _) = client_key(&app, "Offered").await;
    let (status, body) = post_form(&app, &format!("api_key={key}"), &base_form()).await;
    assert_eq!(status, 404, "Open311 takes: {body}");
    // The bot offers neither the area (its only category is off) nor the service when a stale
    // keyboard's button is pressed.
    post(&app, Some(&secret), &text(2, "/start")).await;
    assert!(!buttons(&api).contains(&"sph:1".to_owned()), "{:?}", buttons(&api));
    let before = api.sent_to("/sendMessage").len();
    post(&app, Some(&secret), &button(3, &format!("svc:{id}"))).await;
    let replies = said(&api, before);
    assert!(replies.iter().any(|t| t.contains("/new")), "the bot took it: {replies:?}");
    let count = app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await;
    assert_eq!(count, 0, "no door filed an appeal");
}
