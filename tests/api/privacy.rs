//! Nothing personal crosses between residents or from staff to residents: a resident's receipt
//! lists no other residents' appeals, a resident reads their own appeal without staff notes or
//! staff names, staff and resident tokens never turn into each other, and a door that cannot
//! prove a phone links the resident without rewriting them.

use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::SECRET;
use crate::open311::{base_form, client_key, post_form};
use crate::transparency::{app_with_gateway, verified};

const SUBMIT: &str = "mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) {
    appeal { id number } repeatCandidates { id number description residentId } } }";
const OWN_APPEAL: &str = "query($id: ID!) { appeal(id: $id) { number registeredBy assigneeId warnAt linkedCount
    systemic parentId reason timeline { kind actor comment data } attachments { uploadedBy } } }";

#[tokio::test]
async fn a_resident_sees_no_other_residents_appeals_and_no_staff_notes() {
    let (app, gateway) = app_with_gateway().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    // A neighbour's open appeal at the same building, about the same thing.
    let mut neighbour = phone_appeal("1", "+77017779990");
    neighbour["i"]["description"] = json!("Нет воды, звоните Марату +7 701 777 99 90");
    register(&app, &operator, neighbour).await;

    let aigul = verified(&app, &gateway, "+77017771003").await;
    let input = json!({ "i": { "serviceTypeId": "1", "description": "Нет холодной воды", "buildingId": "1" } });
    let filed = app.gql(Some("alpha"), Some(&aigul), SUBMIT, input).await;
    assert!(filed.code().is_none(), "{}", filed.body);
    assert_eq!(filed.data("submitAppeal.repeatCandidates"), &json!([]), "a resident's receipt lists nobody else's");
    assert!(!filed.body.to_string().contains("Марат"), "{}", filed.body);
    let id = filed.data("submitAppeal.appeal.id").as_str().expect("id").to_owned();

    // Staff work on it: an internal note, a reassignment with an internal reason.
    let note = "mutation($id: ID!) { commentAppeal(id: $id, comment: \"Жилец конфликтный, звонить днём\") }";
    assert_eq!(app.gql(Some("alpha"), Some(&operator), note, json!({ "id": id })).await.data("commentAppeal"), true);
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let reassign = "mutation($id: ID!) { assignAppeal(id: $id, organizationId: \"1\", comment: \"Перегружены, внутреннее\") { id } }";
    let moved = app.gql(Some("alpha"), Some(&supervisor), reassign, json!({ "id": id })).await;
    assert!(moved.code().is_none(), "{}", moved.body);

    let own = app.gql(Some("alpha"), Some(&aigul), OWN_APPEAL, json!({ "id": id })).await;
    assert!(own.code().is_none(), "{}", own.body);
    let appeal = own.data("appeal");
    for staff_only in ["registeredBy", "assigneeId", "warnAt", "linkedCount", "systemic", "parentId", "reason"] {
        assert_eq!(appeal[staff_only], Value::Null, "{staff_only}: {appeal}");
    }
    let text = appeal.to_string();
    for secret in ["конфликтный", "внутреннее", "user:", "organization"] {
        assert!(!text.contains(secret), "`{secret}` reached the resident: {appeal}");
    }
    let kinds: Vec<&str> =
        appeal["timeline"].as_array().into_iter().flatten().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"registered") && kinds.contains(&"assign") && !kinds.contains(&"comment"), "{kinds:?}");

    // Staff still see all of it.
    let staff = app.gql(Some("alpha"), Some(&operator), OWN_APPEAL, json!({ "id": id })).await;
    let staff_text = staff.data("appeal").to_string();
    assert!(staff_text.contains("конфликтный") && staff_text.contains("user:"), "{staff_text}");
    assert!(staff.data("appeal.registeredBy").is_string());
}

fn token_with(claims: Value) -> String {
    encode(&Header::default(), &claims, &EncodingKey::from_secret(SECRET.as_bytes())).expect("a token")
}

#[tokio::test]
async fn staff_accounts_and_resident_sessions_never_turn_into_each_other() {
    let (app, gateway) = app_with_gateway().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let create = "mutation { createUser(input: { login: \"mallory@alpha\", displayName: \"M\", password: \"long-enough-1\", roles: [RESIDENT] }) { id } }";
    let refused = app.gql(Some("alpha"), Some(&admin), create, json!({})).await;
    assert_eq!(refused.code(), Some("VALIDATION"), "{}", refused.body);
    let users = app.gql(Some("alpha"), Some(&admin), "query { users { nodes { id login } } }", json!({})).await;
    let operator_id = users
        .data("users.nodes")
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["login"] == "operator@alpha")
        .and_then(|u| u["id"].as_str())
        .expect("operator")
        .to_owned();
    let promote = format!(
        "mutation {{ updateUser(id: \"{operator_id}\", input: {{ roles: [OPERATOR, RESIDENT] }}) {{ roles }} }}"
    );
    assert_eq!(app.gql(Some("alpha"), Some(&admin), &promote, json!({})).await.code(), Some("VALIDATION"));

    // A resident whose id a staff user's id could equal, with an appeal of their own.
    let resident = verified(&app, &gateway, "+77017771004").await;
    let input = json!({ "i": { "serviceTypeId": "1", "description": "Нет холодной воды", "buildingId": "1" } });
    assert!(app.gql(Some("alpha"), Some(&resident), SUBMIT, input).await.code().is_none());
    let mine = "query { appeals(page: { first: 5 }) { nodes { number } } }";
    let own = app.gql(Some("alpha"), Some(&resident), mine, json!({})).await;
    assert_eq!(own.data("appeals.nodes").as_array().map(Vec::len), Some(1), "{}", own.body);

    // Correctly signed tokens whose roles do not fit their kind, or with no kind at all, are refused.
    let now = chrono::Utc::now().timestamp();
    let claims = |kind: Option<&str>, roles: &str| {
        let mut claims = json!({ "iss": "qala", "aud": "qala-api", "sub": "1", "ten": "alpha", "roles": roles,
            "org": null, "iat": now - 10, "exp": now + 600, "jti": uuid::Uuid::new_v4().to_string() });
        if let Some(kind) = kind {
            claims["kind"] = json!(kind);
        }
        token_with(claims)
    };
    for forged in [
        claims(Some("staff"), "resident"),
        claims(Some("staff"), "operator,resident"),
        claims(Some("resident"), "resident,operator"),
        claims(None, "resident"),
    ] {
        let reply = app.gql(Some("alpha"), Some(&forged), mine, json!({})).await;
        assert_eq!(reply.code(), Some("UNAUTHENTICATED"), "{}", reply.body);
    }
}

#[tokio::test]
async fn a_door_that_cannot_prove_the_phone_links_the_resident_without_rewriting_them() {
    let (app, _gateway) = app_with_gateway().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    // Known to the center as Айгүл Серікова, speaking Russian.
    register(&app, &operator, phone_appeal("1", "+77017001122")).await;
    let (key, _) = client_key(&app, "Any app").await;
    let mut form = base_form();
    form.retain(|(k, _)| *k != "first_name");
    form.extend([("first_name", "Mallory"), ("last_name", "Impostor"), ("locale", "en")]);
    let (status, body) = post_form(&app, &format!("api_key={key}"), &form).await;
    assert_eq!(status, 200, "{body}");

    let lookup = "query($p: String!) { residentByPhone(phone: $p) { name language appeals(page: { first: 5 }) { nodes { channel } } } }";
    let found = app.gql(Some("alpha"), Some(&operator), lookup, json!({ "p": "+77017001122" })).await;
    let resident = found.data("residentByPhone");
    assert_eq!(resident["name"], "Айгүл Серікова", "{}", found.body);
    assert_eq!(resident["language"], "RU", "{resident}");
    let channels =
        resident["appeals"]["nodes"].as_array().map(|n| n.iter().map(|a| a["channel"].clone()).collect::<Vec<_>>());
    assert_eq!(channels, Some(vec![json!("OPEN311"), json!("PHONE")]), "the appeal is linked by phone: {resident}");
}

#[tokio::test]
async fn the_public_list_and_tracking_show_only_the_public_record() {
    let app = crate::helpers::spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let mut call = phone_appeal("1", "+77017779991");
    call["i"]["address"] = json!("ул. Первая, 1, кв. 77");
    let by_phone = register(&app, &operator, call).await;
    let (id, number) =
        (by_phone["appeal"]["id"].clone(), by_phone["appeal"]["number"].as_str().unwrap_or("").to_owned());
    for step in [
        "mutation($id: ID!) { takeAppeal(id: $id) { status } }",
        "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Сантехник Ерлан, тел. +7 701 555 03 01\") { status } }",
    ] {
        assert!(app.gql(Some("alpha"), Some(&executor), step, json!({ "id": id })).await.code().is_none());
    }
    // An app posts from a point near no building, with contacts in its text.
    let (key, _) = client_key(&app, "Public").await;
    let mut form = base_form();
    form.retain(|(k, _)| !matches!(*k, "lat" | "long" | "description"));
    form.extend([
        ("lat", "51.2000123"),
        ("long", "71.5004567"),
        ("description", "Течёт, пишите aigul@mail.kz или 87015550301"),
    ]);
    let (status, posted) = post_form(&app, &format!("api_key={key}"), &form).await;
    assert_eq!(status, 200, "{posted}");
    let from_app = posted[0]["service_request_id"].as_str().unwrap_or("").to_owned();

    let (_, list) =
        crate::open311::get_json(&app, &format!("requests.json?service_request_id={number},{from_app}")).await;
    let row = |n: &str| {
        list.as_array().into_iter().flatten().find(|r| r["service_request_id"] == n).cloned().unwrap_or_default()
    };
    let call = row(&number);
    assert_eq!(call["status_notes"], Value::Null, "a resolution is not a public note: {call}");
    assert_eq!((call["address"].as_str(), call["address_id"].as_str()), (Some("ул. Первая, 1"), Some("b-1")), "{call}");
    let app_row = row(&from_app);
    assert_eq!(app_row["description"], "Течёт, пишите *** или ***", "{app_row}");
    assert_eq!((app_row["lat"].as_f64(), app_row["long"].as_f64()), (Some(51.2), Some(71.5)), "{app_row}");
    assert_eq!(app_row["address"], Value::Null, "{app_row}");
    let text = list.to_string();
    for private in ["кв. 77", "Ерлан", "555 03 01", "aigul@", "51.2000123"] {
        assert!(!text.contains(private), "`{private}` was published: {text}");
    }

    // Staff write for the public on purpose; it is published, masked all the same.
    let note = "mutation($id: ID!, $n: String) { setPublicNote(id: $id, note: $n) { publicNote } }";
    let written = app
        .gql(
            Some("alpha"),
            Some(&executor),
            note,
            json!({ "id": id, "n": "Авария устранена. Справки: 8 701 555 03 01" }),
        )
        .await;
    assert!(written.code().is_none(), "{}", written.body);
    let (_, one) = crate::open311::get_json(&app, &format!("requests/{number}.json")).await;
    assert_eq!(one[0]["status_notes"], "Авария устранена. Справки: ***", "{one}");
    let track = "query($n: String!) { trackAppeal(number: $n, phoneLast4: \"9991\") { publicNote events { kind } } }";
    let tracked = app.gql(Some("alpha"), None, track, json!({ "n": number })).await;
    assert_eq!(tracked.data("trackAppeal.publicNote"), "Авария устранена. Справки: ***", "{}", tracked.body);
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let refused = app.gql(Some("alpha"), Some(&analyst), note, json!({ "id": id, "n": "x" })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
    let long = "x".repeat(1001);
    let too_long = app.gql(Some("alpha"), Some(&executor), note, json!({ "id": id, "n": long })).await;
    assert_eq!(too_long.code(), Some("VALIDATION"));
}

#[tokio::test]
async fn every_look_at_a_resident_is_on_record_and_a_city_admin_searches_and_exports_the_log() {
    let app = crate::helpers::spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77017778801")).await;
    let resident_id = receipt["appeal"]["residentId"].as_str().unwrap_or_default().to_owned();
    let lookup = "query($p: String!) { residentByPhone(phone: $p) { id } }";
    app.gql(Some("alpha"), Some(&supervisor), lookup, json!({ "p": "+77017778801" })).await;
    app.gql(Some("alpha"), Some(&supervisor), lookup, json!({ "p": "+77017778899" })).await;

    let search = "query($f: AuditFilterInput) { auditLog(filter: $f, page: { first: 10 }) { nodes { actor actorName action entity entityId details } } }";
    let me = app.gql(Some("alpha"), Some(&supervisor), "query { me { login } }", json!({})).await;
    assert!(me.code().is_none());
    let reads = app.gql(Some("alpha"), Some(&admin), search, json!({ "f": { "action": "resident." } })).await;
    let nodes = reads.data("auditLog.nodes").as_array().cloned().unwrap_or_default();
    let seen: Vec<(String, String)> = nodes
        .iter()
        .map(|n| (n["action"].as_str().unwrap_or("").to_owned(), n["entityId"].as_str().unwrap_or("-").to_owned()))
        .collect();
    assert_eq!(
        seen,
        vec![("resident.lookup".to_owned(), "-".to_owned()), ("resident.read".to_owned(), resident_id.clone())],
        "newest first: {}",
        reads.body
    );
    assert!(nodes.iter().all(|n| n["actor"].as_str().unwrap_or("").starts_with("user:")));
    assert!(!reads.body.to_string().contains("77017778801"), "the log keeps the last four digits only");
    let by_login = app.gql(Some("alpha"), Some(&admin), search, json!({ "f": { "actor": "supervisor@alpha" } })).await;
    let names: Vec<&str> = by_login
        .data("auditLog.nodes")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["actorName"].as_str())
        .collect();
    assert!(names.len() >= 2 && names.iter().all(|n| n.ends_with("(supervisor@alpha)")), "{}", by_login.body);
    let by_person = app
        .gql(Some("alpha"), Some(&admin), search, json!({ "f": { "entity": "resident", "entityId": resident_id } }))
        .await;
    assert_eq!(by_person.data("auditLog.nodes").as_array().map(Vec::len), Some(1));
    let future = app.gql(Some("alpha"), Some(&admin), search, json!({ "f": { "from": "2999-01-01T00:00:00Z" } })).await;
    assert_eq!(future.data("auditLog.nodes"), &json!([]));

    let export = "mutation($f: AuditFilterInput) { exportAuditLog(filter: $f) }";
    let csv = app.gql(Some("alpha"), Some(&admin), export, json!({ "f": { "action": "resident." } })).await;
    let text = csv.data("exportAuditLog").as_str().unwrap_or_default().to_owned();
    assert!(text.starts_with("\u{feff}id,at,actor,action,entity,entity_id,details"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
    let exported = app.gql(Some("alpha"), Some(&admin), search, json!({ "f": { "action": "audit.export" } })).await;
    assert_eq!(exported.data("auditLog.nodes").as_array().map(Vec::len), Some(1), "the export is on record");

    for (who, token) in [("operator", &operator), ("supervisor", &supervisor)] {
        let refused = app.gql(Some("alpha"), Some(token), search, json!({})).await;
        assert_eq!(refused.code(), Some("FORBIDDEN"), "{who}: {}", refused.body);
    }
    // Append-only in the database itself.
    use sea_orm::ConnectionTrait;
    let tx = app.state.db.tenant_tx(&qala::tenancy::Slug::parse("alpha").expect("slug")).await.expect("tx");
    assert!(tx.execute_unprepared("UPDATE audit_log SET actor = 'nobody'").await.is_err());
    drop(tx);
    let tx = app.state.db.tenant_tx(&qala::tenancy::Slug::parse("alpha").expect("slug")).await.expect("tx");
    assert!(tx.execute_unprepared("DELETE FROM audit_log").await.is_err());
}
