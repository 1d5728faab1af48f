//! Idempotency and numbering under concurrency, repeats and systemic problems, outages,
//! escalation, extensions, forwarding and attachments.

use qala::appeals::escalation::watch_tenant;
use qala::tenancy::Slug;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register, REGISTER};
use crate::helpers::{spawn_app, TestApp};

#[tokio::test]
async fn concurrent_retries_with_one_key_register_one_appeal() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let mut input = phone_appeal("1", "+77015551000");
    input["i"]["idempotencyKey"] = json!("call-2026-11-22-0001");
    let tries = (0..8).map(|_| app.gql(Some("alpha"), Some(&operator), REGISTER, input.clone()));
    let replies = futures_util::future::join_all(tries).await;
    let numbers: std::collections::HashSet<String> =
        replies.iter().map(|r| r.data("registerAppeal.appeal.number").as_str().unwrap_or("error").to_owned()).collect();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    assert_eq!(replies.iter().filter(|r| r.data("registerAppeal.replayed") == false).count(), 1);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 1);
    assert_eq!(
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.registered'").await,
        1
    );
}

#[tokio::test]
async fn concurrent_registrations_get_consecutive_numbers() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let tries = (0..10)
        .map(|i| app.gql(Some("alpha"), Some(&operator), REGISTER, phone_appeal("1", &format!("+7701555200{i}"))));
    let replies = futures_util::future::join_all(tries).await;
    let mut seqs: Vec<u32> = replies
        .iter()
        .map(|r| {
            r.data("registerAppeal.appeal.number")
                .as_str()
                .and_then(|n| n.rsplit('-').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=10).collect::<Vec<_>>());
}

#[tokio::test]
async fn repeats_are_offered_linked_and_become_a_systemic_problem() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let setting = "mutation { setAppealSetting(key: \"systemic_threshold\", value: \"2\") }";
    assert_eq!(app.gql(Some("alpha"), Some(&admin), setting, json!({})).await.data("setAppealSetting"), true);
    let bad = app
        .gql(Some("alpha"), Some(&admin), "mutation { setAppealSetting(key: \"warn_share\", value: \"7\") }", json!({}))
        .await;
    assert_eq!(bad.code(), Some("VALIDATION"));

    let first = register(&app, &operator, phone_appeal("1", "+77015553001")).await;
    let parent = first["appeal"]["id"].as_str().expect("id").to_owned();
    let second = register(&app, &operator, phone_appeal("1", "+77015553002")).await;
    assert_eq!(second["repeatCandidates"], json!([{ "id": parent, "number": first["appeal"]["number"] }]));
    let link = "mutation($id: ID!, $p: ID!) { linkAppeal(id: $id, parentId: $p) { parentId } }";
    let child = second["appeal"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), link, json!({ "id": child, "p": parent }))
            .await
            .data("linkAppeal.parentId"),
        parent.as_str()
    );
    let mut third_input = phone_appeal("1", "+77015553003");
    third_input["i"]["parentId"] = json!(parent);
    let third = register(&app, &operator, third_input).await;
    assert_eq!(third["appeal"]["parentId"], parent.as_str());

    let systemic = app
        .gql(
            Some("alpha"),
            Some(&supervisor),
            "query { appeals(filter: { systemic: true }) { nodes { id linkedCount systemic } } }",
            json!({}),
        )
        .await;
    assert_eq!(systemic.data("appeals.nodes"), &json!([{ "id": parent, "linkedCount": 2, "systemic": true }]));
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.systemic' AND recipient_id = 'supervisor'").await, 1);

    // Closing the parent resolves its linked appeals and tells each resident.
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let resolve =
        "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Авария на магистрали устранена\") { status } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&executor), resolve, json!({ "id": parent })).await.data("resolveAppeal.status"),
        "RESOLVED"
    );
    let close = "mutation($id: ID!) { closeAppeal(id: $id, rating: 4) { status rating } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), close, json!({ "id": parent })).await.data("closeAppeal"),
        &json!({ "status": "CLOSED", "rating": 4 })
    );
    let children = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($p: ID!) { appeals(filter: { parentId: $p, statuses: [RESOLVED] }) { nodes { resolution } } }",
            json!({ "p": parent }),
        )
        .await;
    assert_eq!(children.data("appeals.nodes").as_array().map(Vec::len), Some(2));
    assert_eq!(children.data("appeals.nodes")[0]["resolution"], "Авария на магистрали устранена");
    assert_eq!(
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.resolved'").await,
        3
    );
}

#[tokio::test]
async fn a_planned_outage_answers_and_links_the_appeals_about_it() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let now = chrono::Utc::now();
    let announce = "mutation($i: OutageAnnouncement!) { announceOutage(input: $i) { id kind } }";
    let input = json!({ "i": { "kind": "WATER", "categoryId": "1", "buildingIds": ["1"], "startsAt": now - chrono::Duration::hours(1),
        "endsAt": now + chrono::Duration::hours(5), "message": { "kk": "Су 18:00-де беріледі", "ru": "Подача воды возобновится в 18:00", "en": "Water is back at 18:00" } } });
    let outage = app.gql(Some("alpha"), Some(&operator), announce, input).await;
    let outage_id = outage.data("announceOutage.id").clone();
    let receipt = register(&app, &operator, phone_appeal("1", "+77015554001")).await;
    assert_eq!(receipt["outageMessage"], "Подача воды возобновится в 18:00");
    let appeal = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($id: ID!) { appeal(id: $id) { outageId } }",
            json!({ "id": receipt["appeal"]["id"] }),
        )
        .await;
    assert_eq!(appeal.data("appeal.outageId"), &outage_id);
    let backwards = json!({ "i": { "kind": "HEATING", "buildingIds": ["1"], "startsAt": now, "endsAt": now - chrono::Duration::hours(1), "message": { "kk": "а", "ru": "б", "en": "c" } } });
    assert_eq!(app.gql(Some("alpha"), Some(&operator), announce, backwards).await.code(), Some("VALIDATION"));
}

#[tokio::test]
async fn the_deadline_watch_escalates_each_overdue_appeal_once_even_with_two_watchers() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    for i in 0..3 {
        register(&app, &operator, phone_appeal("1", &format!("+7701555500{i}"))).await;
    }
    let tx = app.state.db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("tx");
    let backend = tx.get_database_backend();
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let sql = format!("UPDATE appeals SET due_at = '{past}', warn_at = '{past}' WHERE id IN (1, 2)");
    tx.execute_raw(Statement::from_string(backend, sql)).await.expect("backdating");
    tx.commit().await.expect("commit");

    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let (a, b) = tokio::join!(watch_tenant(&app.state.db, &tenant), watch_tenant(&app.state.db, &tenant));
    let (a, b) = (a.expect("watcher a"), b.expect("watcher b"));
    assert_eq!(a.overdue + b.overdue, 2);
    let again = watch_tenant(&app.state.db, &tenant).await.expect("third pass");
    assert_eq!(again.overdue, 0);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.overdue' AND recipient_kind = 'organization'").await, 2);
    assert_eq!(
        app.scalar(
            "alpha",
            "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.overdue' AND recipient_kind = 'role'"
        )
        .await,
        2
    );
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeal_events WHERE kind = 'overdue'").await, 2);
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let overdue = app
        .gql(
            Some("alpha"),
            Some(&supervisor),
            "query { appeals(filter: { overdue: true }) { nodes { id overdue } } }",
            json!({}),
        )
        .await;
    assert_eq!(overdue.data("appeals.nodes").as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn deadlines_are_extended_within_two_months_and_forwarding_is_recorded() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77015556001")).await;
    let id = receipt["appeal"]["id"].as_str().expect("id").to_owned();
    let extend = "mutation($id: ID!, $u: DateTime!) { extendAppealDeadline(id: $id, until: $u, reason: \"Нужна замена трубы\") { dueAt reason } }";
    let far = chrono::Utc::now() + chrono::Duration::days(70);
    assert_eq!(
        app.gql(Some("alpha"), Some(&supervisor), extend, json!({ "id": id, "u": far })).await.body["errors"][0]
            ["extensions"]["field"],
        "until"
    );
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), extend, json!({ "id": id, "u": far })).await.code(),
        Some("FORBIDDEN")
    );
    let month = chrono::Utc::now() + chrono::Duration::days(30);
    let extended = app.gql(Some("alpha"), Some(&supervisor), extend, json!({ "id": id, "u": month })).await;
    assert_eq!(extended.data("extendAppealDeadline.reason"), "Нужна замена трубы");
    assert_eq!(
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'appeal.extended'").await,
        1
    );

    let other = register(&app, &operator, phone_appeal("1", "+77015556002")).await;
    let forward =
        "mutation($id: ID!) { forwardAppeal(id: $id, forwardedTo: \"Прокуратура города\") { status forwardedTo } }";
    let forwarded = app.gql(Some("alpha"), Some(&operator), forward, json!({ "id": other["appeal"]["id"] })).await;
    assert_eq!(forwarded.data("forwardAppeal"), &json!({ "status": "FORWARDED", "forwardedTo": "Прокуратура города" }));
    let event = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($id: ID!) { appeal(id: $id) { timeline { kind data } } }",
            json!({ "id": other["appeal"]["id"] }),
        )
        .await;
    let data: Value =
        serde_json::from_str(event.data("appeal.timeline")[1]["data"].as_str().unwrap_or("{}")).unwrap_or_default();
    assert_eq!(data["within_limit"], true);
}

pub const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0xFF, 0xD9,
];

pub async fn upload(app: &TestApp, token: &str, appeal: &str, name: &str, bytes: Vec<u8>) -> Value {
    let operations = json!({ "query": "mutation($a: ID!, $f: Upload!) { uploadAttachment(appealId: $a, file: $f) { id kind contentType url } }",
        "variables": { "a": appeal, "f": null } });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.f"] }).to_string())
        .part("0", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let response = app
        .client
        .post(format!("{}/t/alpha/graphql", app.address))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("the server answers");
    response.json().await.unwrap_or(Value::Null)
}

#[tokio::test]
async fn photos_are_sniffed_required_as_proof_and_served_only_to_those_who_see_the_appeal() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let create = "mutation { createUser(input: { login: \"osi-exec@alpha\", displayName: \"Бауыржан\", password: \"long-enough-1\", roles: [EXECUTOR], organizationId: \"3\" }) { id } }";
    app.gql(Some("alpha"), Some(&admin), create, json!({})).await;
    let osi = app.login_reply(Some("alpha"), "osi-exec@alpha", "long-enough-1").await;
    let osi = osi.data("login.accessToken").as_str().expect("token").to_owned();

    // "Leak in the entrance" goes to the building's OSI and needs a photo of the result.
    let receipt = register(&app, &operator, phone_appeal("3", "+77015557001")).await;
    assert_eq!(receipt["appeal"]["organizationId"], "3");
    let id = receipt["appeal"]["id"].as_str().expect("id").to_owned();
    let resolve =
        "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Кровля подъезда отремонтирована\") { status } }";
    let without = app.gql(Some("alpha"), Some(&osi), resolve, json!({ "id": id })).await;
    assert_eq!(without.body["errors"][0]["extensions"]["field"], "photo");

    let disguised = upload(&app, &osi, &id, "photo.jpg", b"%PDF-1.4 not a photo".to_vec()).await;
    assert_eq!(disguised["errors"][0]["extensions"]["code"], "VALIDATION", "{disguised}");
    let executable = upload(&app, &osi, &id, "photo.jpg", b"MZ\x90\x00\x03 program".to_vec()).await;
    assert_eq!(executable["errors"][0]["extensions"]["code"], "VALIDATION");
    let mut huge = JPEG.to_vec();
    huge.resize(11 * 1024 * 1024, 0);
    let oversized = upload(&app, &osi, &id, "photo.jpg", huge).await;
    assert_eq!(oversized["errors"][0]["extensions"]["code"], "VALIDATION", "{oversized}");
    let count = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($id: ID!) { appeal(id: $id) { attachments { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(count.data("appeal.attachments"), &json!([]), "refused files leave nothing");

    // A photo of the problem taken at intake is no proof of the result.
    let intake_photo = upload(&app, &operator, &id, "problem.jpg", JPEG.to_vec()).await;
    assert_eq!(intake_photo["data"]["uploadAttachment"]["kind"], "photo", "{intake_photo}");
    let take = "mutation($id: ID!) { takeAppeal(id: $id) { status } }";
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.gql(Some("alpha"), Some(&osi), take, json!({ "id": id })).await;
    let still_without = app.gql(Some("alpha"), Some(&osi), resolve, json!({ "id": id })).await;
    assert_eq!(still_without.body["errors"][0]["extensions"]["field"], "photo");
    let stored = upload(&app, &osi, &id, "result.jpg", JPEG.to_vec()).await;
    assert_eq!(stored["data"]["uploadAttachment"]["kind"], "photo", "{stored}");
    let url = stored["data"]["uploadAttachment"]["url"].as_str().expect("url").to_owned();
    assert_eq!(
        app.gql(Some("alpha"), Some(&osi), resolve, json!({ "id": id })).await.data("resolveAppeal.status"),
        "RESOLVED"
    );

    // The API's link is signed: it opens in a browser tab, without a token, until it expires.
    let (path, _) = url.split_once('?').expect("a signed link on local storage");
    let opened = app.client.get(format!("{}{url}", app.address)).send().await.expect("answer");
    assert_eq!(opened.status().as_u16(), 200);
    assert_eq!(opened.bytes().await.expect("bytes").as_ref(), JPEG);
    let tampered = format!("{}{}", &url[..url.len() - 1], if url.ends_with('0') { '1' } else { '0' });
    let refused = app.client.get(format!("{}{tampered}", app.address)).send().await.expect("answer");
    assert_eq!(refused.status().as_u16(), 403);
    let (file, query) = url.split_once('?').unwrap_or_default();
    let other_file = format!("{}{}?{query}", file.trim_end_matches(char::is_numeric), 999);
    let refused = app.client.get(format!("{}{other_file}", app.address)).send().await.expect("answer");
    assert_eq!(refused.status().as_u16(), 403, "a link opens its own file only");
    // The plain path keeps the API's rules: the token, and who may see the appeal.
    let fetch = |token: String| {
        let request = app.client.get(format!("{}{path}", app.address)).bearer_auth(token);
        async move { request.send().await.expect("answer") }
    };
    let mine = fetch(osi.clone()).await;
    assert_eq!(mine.status().as_u16(), 200);
    assert_eq!(mine.headers()["content-type"], "image/jpeg");
    assert_eq!(mine.bytes().await.expect("bytes").as_ref(), JPEG);
    assert_eq!(fetch(operator.clone()).await.status().as_u16(), 200);
    assert_eq!(fetch(executor.clone()).await.status().as_u16(), 404, "the water utility does not see the OSI's appeal");
    let anonymous = app.client.get(format!("{}{path}", app.address)).send().await.expect("answer");
    assert_eq!(anonymous.status().as_u16(), 401);
}

/// A location without a building (a Telegram pin, an Open311 point, the portal's map) names the
/// building standing within 50 m, so a housing problem reaches its OSI; a point farther from
/// every building stays with the operator.
#[tokio::test]
async fn a_shared_location_names_the_building_standing_there() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let at = |lat: f64, lon: f64| {
        json!({ "i": { "channel": "PHONE", "serviceTypeId": "3", "description": "Течёт крыша в подъезде",
            "lat": lat, "lon": lon } })
    };
    let place = "query($id: ID!) { appeal(id: $id) { buildingId address lat lon district } }";

    // Building b-1 stands at 51.16, 71.47; this point is about 25 m from it.
    let near = register(&app, &operator, at(51.1602, 71.4702)).await;
    assert_eq!(
        (near["appeal"]["status"].as_str(), near["appeal"]["organizationId"].as_str()),
        (Some("ASSIGNED"), Some("3"))
    );
    let id = near["appeal"]["id"].clone();
    let read = app.gql(Some("alpha"), Some(&operator), place, json!({ "id": id })).await;
    assert_eq!(
        read.data("appeal"),
        &json!({ "buildingId": "1", "address": "ул. Первая, 1", "lat": 51.1602, "lon": 71.4702, "district": "central" }),
        "the building is named and the resident's own point is kept"
    );
    let timeline = "query($id: ID!) { appeal(id: $id) { timeline { kind data } } }";
    let read = app.gql(Some("alpha"), Some(&operator), timeline, json!({ "id": id })).await;
    let data: Value =
        serde_json::from_str(read.data("appeal.timeline")[0]["data"].as_str().unwrap_or("{}")).unwrap_or_default();
    let matched = data["building_matched_m"].as_f64().unwrap_or_default();
    assert!((20.0..=30.0).contains(&matched), "the distance is recorded: {data}");

    // About 110 m away: no building is taken for it.
    let far = register(&app, &operator, at(51.161, 71.47)).await;
    assert_eq!(
        (far["appeal"]["status"].as_str(), far["appeal"]["organizationId"].as_str()),
        (Some("REGISTERED"), None)
    );
    let read = app.gql(Some("alpha"), Some(&operator), place, json!({ "id": far["appeal"]["id"] })).await;
    assert_eq!(read.data("appeal.buildingId"), &Value::Null);
}

#[tokio::test]
async fn the_supervisors_load_counts_every_open_appeal_per_organization() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    for phone in ["+77017770301", "+77017770302", "+77017770303"] {
        register(&app, &operator, phone_appeal("1", phone)).await;
    }
    let load = "{ appealLoad { open overdue dueSoon systemic organization { id } } }";
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let reply = app.gql(Some("alpha"), Some(&supervisor), load, json!({})).await;
    let rows = reply.data("appealLoad").as_array().cloned().unwrap_or_default();
    let water = rows.iter().find(|r| r["organization"]["id"] == "1").unwrap_or_else(|| panic!("{}", reply.body));
    let open = app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals WHERE organization_id = 1 AND status IN ('registered', 'assigned', 'in_progress', 'reopened')").await;
    assert_eq!(water["open"], open, "{}", reply.body);
    assert!(open >= 3);
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    assert_eq!(app.gql(Some("alpha"), Some(&executor), load, json!({})).await.code(), Some("FORBIDDEN"));
}
