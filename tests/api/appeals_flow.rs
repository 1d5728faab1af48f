//! An appeal from the first call to the resident's rating, and the rules on the way.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

pub const REGISTER: &str = "mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) {
    replayed acceptedBy receipt trackingToken firstCallAnswer outageMessage
    repeatCandidates { id number }
    appeal { id number status organizationId dueAt registeredAt firstCall language residentId parentId } } }";

pub fn phone_appeal(service: &str, phone: &str) -> Value {
    json!({ "i": { "channel": "PHONE", "serviceTypeId": service, "description": "Нет холодной воды с утра", "buildingId": "1",
        "resident": { "phone": phone, "name": "Айгүл Серікова", "language": "RU" } } })
}

pub async fn register(app: &TestApp, token: &str, input: Value) -> Value {
    let reply = app.gql(Some("alpha"), Some(token), REGISTER, input).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    reply.data("registerAppeal").clone()
}

const APPEAL: &str = "query($id: ID!) { appeal(id: $id) { status resolution rating ratingComment timeline { kind actor fromStatus toStatus comment } } }";

#[tokio::test]
async fn an_appeal_goes_from_the_call_to_the_residents_rating() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;

    let receipt = register(&app, &operator, phone_appeal("1", "8 (701) 555-12-34")).await;
    let appeal = &receipt["appeal"];
    let id = appeal["id"].as_str().expect("id").to_owned();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(appeal["number"], format!("ALF-{year}-000001"));
    assert_eq!(appeal["status"], "ASSIGNED", "routed to the water utility by the service type");
    assert_eq!(appeal["organizationId"], "1");
    assert_eq!(appeal["language"], "ru");
    let registered: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(appeal["registeredAt"].clone()).expect("time");
    let due: chrono::DateTime<chrono::Utc> = serde_json::from_value(appeal["dueAt"].clone()).expect("time");
    assert_eq!((due - registered).num_hours(), 24, "no-cold-water is a 24-hour incident");
    assert!(
        receipt["receipt"].as_str().unwrap_or_default().starts_with(&format!("Обращение № ALF-{year}-000001 принято")),
        "{receipt}"
    );
    assert_eq!(receipt["acceptedBy"], "Demo operator");
    // The receipt repeats what was chosen, so a wrong pick is heard while the caller is on the line.
    let text = receipt["receipt"].as_str().unwrap_or_default();
    for part in ["Вопрос: Нет холодной воды.", "Исполнитель: Водоканал", "срок до", "Адрес: ул. Первая, 1."]
    {
        assert!(text.contains(part), "{part}: {text}");
    }

    // The executor sees its organization's queue, takes and resolves.
    let queue = app.gql(Some("alpha"), Some(&executor), "query { appeals { nodes { id } } }", json!({})).await;
    assert_eq!(queue.data("appeals.nodes"), &json!([{ "id": id }]));
    let take = app
        .gql(
            Some("alpha"),
            Some(&executor),
            "mutation($id: ID!) { takeAppeal(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(take.data("takeAppeal.status"), "IN_PROGRESS");
    let no_comment = app
        .gql(
            Some("alpha"),
            Some(&executor),
            "mutation($id: ID!) { resolveAppeal(id: $id, comment: \" \") { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(no_comment.body["errors"][0]["extensions"]["field"], "comment");
    let resolve = "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Задвижка заменена, вода подана\") { status resolution } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&executor), resolve, json!({ "id": id })).await.data("resolveAppeal.status"),
        "RESOLVED"
    );

    // The operator calls back: the appeal waits on the callback list until closed.
    let callbacks = app.gql(Some("alpha"), Some(&operator), "query { callbackList { nodes { id } } }", json!({})).await;
    assert_eq!(callbacks.data("callbackList.nodes"), &json!([{ "id": id }]));
    let close = "mutation($id: ID!) { closeAppeal(id: $id) { status closedAt } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), close, json!({ "id": id })).await.data("closeAppeal.status"),
        "CLOSED"
    );
    let callbacks = app.gql(Some("alpha"), Some(&operator), "query { callbackList { nodes { id } } }", json!({})).await;
    assert_eq!(callbacks.data("callbackList.nodes"), &json!([]));

    // The resident rates with the token from the receipt, once.
    let rate = "mutation($n: String!, $t: String!, $s: Int!) { rateAppeal(number: $n, trackingToken: $t, score: $s, comment: \"Спасибо\") }";
    let number = appeal["number"].as_str().expect("number");
    let token = receipt["trackingToken"].as_str().expect("token");
    let wrong = app.gql(Some("alpha"), None, rate, json!({ "n": number, "t": "not-the-token", "s": 5 })).await;
    assert_eq!(wrong.code(), Some("NOT_FOUND"));
    let out_of_range = app.gql(Some("alpha"), None, rate, json!({ "n": number, "t": token, "s": 6 })).await;
    assert_eq!(out_of_range.code(), Some("VALIDATION"));
    assert_eq!(
        app.gql(Some("alpha"), None, rate, json!({ "n": number, "t": token, "s": 5 })).await.data("rateAppeal"),
        true
    );
    assert_eq!(
        app.gql(Some("alpha"), None, rate, json!({ "n": number, "t": token, "s": 1 })).await.code(),
        Some("CONFLICT")
    );

    let seen = app.gql(Some("alpha"), Some(&operator), APPEAL, json!({ "id": id })).await;
    assert_eq!(seen.data("appeal.rating"), 5);
    assert_eq!(seen.data("appeal.ratingComment"), "Спасибо");
    let kinds: Vec<&str> =
        seen.data("appeal.timeline").as_array().into_iter().flatten().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, ["registered", "take", "resolve", "close", "rated"]);
    let resolve_event = &seen.data("appeal.timeline")[2];
    assert_eq!(
        (resolve_event["fromStatus"].as_str(), resolve_event["toStatus"].as_str()),
        (Some("IN_PROGRESS"), Some("RESOLVED"))
    );
    assert_eq!(resolve_event["comment"], "Задвижка заменена, вода подана");

    // The operator's screen pop finds the caller and the appeal by any form of the number.
    let pop = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query { residentByPhone(phone: \"+7 701 555 1234\") { name appeals { nodes { number } } } }",
            json!({}),
        )
        .await;
    assert_eq!(pop.data("residentByPhone.name"), "Айгүл Серікова");
    assert_eq!(pop.data("residentByPhone.appeals.nodes"), &json!([{ "number": number }]));
}

#[tokio::test]
async fn an_information_request_is_answered_and_closed_on_the_first_call() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let input = json!({ "i": { "channel": "PHONE", "serviceTypeId": "2", "description": "Когда дают воду?", "language": "EN" } });
    let receipt = register(&app, &operator, input).await;
    assert_eq!(receipt["appeal"]["status"], "CLOSED");
    assert_eq!(receipt["appeal"]["firstCall"], true);
    assert_eq!(receipt["firstCallAnswer"], "Water is supplied around the clock.");
    let closed = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query { appeals(filter: { statuses: [CLOSED] }) { nodes { firstCall resolution } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        closed.data("appeals.nodes"),
        &json!([{ "firstCall": true, "resolution": "Water is supplied around the clock." }])
    );
}

#[tokio::test]
async fn transitions_follow_the_role_and_the_status() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let id = register(&app, &operator, phone_appeal("1", "+77015550001")).await["appeal"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let vars = json!({ "id": id });
    let take = "mutation($id: ID!) { takeAppeal(id: $id) { status } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), take, vars.clone()).await.code(),
        Some("FORBIDDEN"),
        "operators do not work appeals"
    );
    assert_eq!(app.gql(Some("alpha"), Some(&analyst), take, vars.clone()).await.code(), Some("FORBIDDEN"));
    let close = "mutation($id: ID!) { closeAppeal(id: $id) { status } }";
    let early = app.gql(Some("alpha"), Some(&operator), close, vars.clone()).await;
    assert_eq!(early.code(), Some("VALIDATION"), "an assigned appeal cannot be closed");
    assert_eq!(app.gql(Some("alpha"), Some(&executor), close, vars.clone()).await.code(), Some("FORBIDDEN"));
    let reject = "mutation($id: ID!) { rejectAppeal(id: $id, comment: \"Дубликат звонка\") { status reason } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&operator), reject, vars.clone()).await.data("rejectAppeal.status"),
        "REJECTED"
    );
    assert_eq!(
        app.gql(Some("alpha"), Some(&executor), take, vars.clone()).await.code(),
        Some("VALIDATION"),
        "nothing moves a rejected appeal"
    );
}

#[tokio::test]
async fn an_executor_cannot_see_or_change_another_organizations_appeal() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let create = "mutation { createUser(input: { login: \"osi-exec@alpha\", displayName: \"Бауыржан\", password: \"long-enough-1\", roles: [EXECUTOR], organizationId: \"3\" }) { id } }";
    assert!(app.gql(Some("alpha"), Some(&admin), create, json!({})).await.code().is_none());
    let osi = app.login_reply(Some("alpha"), "osi-exec@alpha", "long-enough-1").await;
    let osi = osi.data("login.accessToken").as_str().expect("token").to_owned();
    let id = register(&app, &operator, phone_appeal("1", "+77015550002")).await["appeal"]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let see =
        app.gql(Some("alpha"), Some(&osi), "query($id: ID!) { appeal(id: $id) { number } }", json!({ "id": id })).await;
    assert_eq!(see.code(), Some("NOT_FOUND"));
    let take = app
        .gql(Some("alpha"), Some(&osi), "mutation($id: ID!) { takeAppeal(id: $id) { status } }", json!({ "id": id }))
        .await;
    assert_eq!(take.code(), Some("NOT_FOUND"));
    let queue = app
        .gql(
            Some("alpha"),
            Some(&osi),
            "query { appeals(filter: { organizationId: \"1\" }) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(queue.data("appeals.nodes"), &json!([]), "a filter cannot widen an executor's view");
    let status = app
        .gql(Some("alpha"), Some(&operator), "query($id: ID!) { appeal(id: $id) { status } }", json!({ "id": id }))
        .await;
    assert_eq!(status.data("appeal.status"), "ASSIGNED", "nothing changed");
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let cases = [
        (phone_appeal("1", "12345"), "resident.phone"),
        (phone_appeal("999", "+77015550003"), "serviceTypeId"),
        (
            json!({ "i": { "channel": "PHONE", "serviceTypeId": "1", "description": "x", "buildingId": "1", "resident": { "phone": "+77015550003", "iin": "850315300129" } } }),
            "resident.iin",
        ),
        (json!({ "i": { "channel": "PHONE", "serviceTypeId": "1", "description": "Течёт" } }), "location"),
        (
            json!({ "i": { "channel": "PHONE", "serviceTypeId": "1", "description": "  ", "buildingId": "1" } }),
            "description",
        ),
        (
            json!({ "i": { "channel": "PHONE", "serviceTypeId": "1", "description": "x", "buildingId": "77" } }),
            "buildingId",
        ),
    ];
    for (input, field) in cases {
        let reply = app.gql(Some("alpha"), Some(&operator), REGISTER, input).await;
        assert_eq!(reply.code(), Some("VALIDATION"), "{field}: {}", reply.body);
        assert_eq!(reply.body["errors"][0]["extensions"]["field"], field);
    }
    let all = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query { appeals(filter: { statuses: [REGISTERED, ASSIGNED, CLOSED] }) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(all.data("appeals.nodes"), &json!([]));
    let pop = app
        .gql(Some("alpha"), Some(&operator), "query { residentByPhone(phone: \"+77015550003\") { id } }", json!({}))
        .await;
    assert_eq!(pop.data("residentByPhone"), &Value::Null, "no resident was left behind");
    // The next good appeal still gets number 1: refused ones took no number.
    let receipt = register(&app, &operator, phone_appeal("1", "+77015550003")).await;
    assert!(receipt["appeal"]["number"].as_str().unwrap_or_default().ends_with("-000001"));
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let register_as_executor =
        app.gql(Some("alpha"), Some(&executor), REGISTER, phone_appeal("1", "+77015550003")).await;
    assert_eq!(register_as_executor.code(), Some("FORBIDDEN"));
}

#[tokio::test]
async fn the_operator_sees_where_an_appeal_goes_before_registering_it() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let preview = "query($c: IntakeChoice!) { intakePreview(choice: $c) {
        serviceName { ru } firstCall organizationId organizationName { kk ru } dueAt buildingId address } }";
    let shown = app
        .gql(Some("alpha"), Some(&operator), preview, json!({ "c": { "serviceTypeId": "1", "buildingId": "1" } }))
        .await;
    assert!(shown.code().is_none(), "{}", shown.body);
    let p = shown.data("intakePreview");
    assert_eq!(p["serviceName"]["ru"], "Нет холодной воды");
    assert_eq!((p["organizationId"].as_str(), p["organizationName"]["ru"].as_str()), (Some("1"), Some("Водоканал")));
    assert_eq!(
        (p["buildingId"].as_str(), p["address"].as_str(), p["firstCall"].as_bool()),
        (Some("1"), Some("ул. Первая, 1"), Some(false))
    );
    let due: chrono::DateTime<chrono::Utc> = serde_json::from_value(p["dueAt"].clone()).expect("a time");
    assert!((due - chrono::Utc::now()).num_hours() >= 23, "a 24-hour incident: {due}");
    // A pin beside the building finds it as registration will.
    let near = json!({ "c": { "serviceTypeId": "1", "lat": 51.1601, "lon": 71.4701 } });
    assert_eq!(app.gql(Some("alpha"), Some(&operator), preview, near).await.data("intakePreview.buildingId"), "1");
    // Nothing is written, and a wrong choice is a clear error.
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 0);
    assert_eq!(shown.data("intakePreview.address"), "ул. Первая, 1");
    let wrong = app.gql(Some("alpha"), Some(&operator), preview, json!({ "c": { "serviceTypeId": "999" } })).await;
    assert_eq!(wrong.code(), Some("VALIDATION"), "{}", wrong.body);
    // A Kazakh receipt reads the building's Kazakh address.
    let mut kazakh = phone_appeal("1", "+77017770101");
    kazakh["i"]["language"] = json!("KK");
    let receipt = register(&app, &operator, kazakh).await;
    let text = receipt["receipt"].as_str().unwrap_or_default();
    assert!(text.contains("Мекенжай: Бірінші көшесі, 1.") && text.contains("Мәселе: Суық су жоқ."), "{text}");
    // Intake staff only.
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let refused = app.gql(Some("alpha"), Some(&executor), preview, json!({ "c": { "serviceTypeId": "1" } })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
}
