//! What the operator's and the admin's screens read: staff names on a timeline, the resident to
//! call back (each look on record), the queue found by the caller's phone, and the appeal
//! settings with their defaults.

use serde_json::json;

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::spawn_app;

#[tokio::test]
async fn staff_see_names_and_the_resident_to_call_back_and_find_appeals_by_phone() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "8 (701) 555-12-34")).await;
    let id = receipt["appeal"]["id"].as_str().expect("id").to_owned();
    let page = "query($id: ID!) { appeal(id: $id) { timeline { actor actorName } resident { name phone } } }";
    let seen = app.gql(Some("alpha"), Some(&operator), page, json!({ "id": id })).await;
    assert!(seen.code().is_none(), "{}", seen.body);
    let first = &seen.data("appeal.timeline")[0];
    assert!(first["actor"].as_str().unwrap_or_default().starts_with("user:"));
    assert_eq!(first["actorName"], "Demo operator");
    assert_eq!(seen.data("appeal.resident"), &json!({ "name": "Айгүл Серікова", "phone": "+77015551234" }));
    let looks = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'resident.read' AND entity_id IS NOT NULL";
    assert!(app.scalar("alpha", looks).await >= 1, "the look at the resident is on record");
    // An executor sees neither the resident nor finds appeals by a phone.
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let theirs = app.gql(Some("alpha"), Some(&executor), page, json!({ "id": id })).await;
    assert_eq!(theirs.data("appeal.resident"), &serde_json::Value::Null, "{}", theirs.body);

    let queue = "query($t: String!) { appeals(filter: { text: $t }) { nodes { id } } }";
    for phone in ["+7 701 555 12 34", "87015551234"] {
        let found = app.gql(Some("alpha"), Some(&operator), queue, json!({ "t": phone })).await;
        assert_eq!(found.data("appeals.nodes"), &json!([{ "id": id }]), "{phone}: {}", found.body);
    }
    let nobody = app.gql(Some("alpha"), Some(&operator), queue, json!({ "t": "+77019998877" })).await;
    assert_eq!(nobody.data("appeals.nodes"), &json!([]));
}

#[tokio::test]
async fn the_admin_sees_each_appeal_setting_with_its_value_and_default() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let list = "query { appealSettings { key value default } }";
    let set = "mutation { setAppealSetting(key: \"systemic_threshold\", value: \"7\") }";
    assert!(app.gql(Some("alpha"), Some(&admin), set, json!({})).await.code().is_none());
    let shown = app.gql(Some("alpha"), Some(&admin), list, json!({})).await;
    let rows = shown.data("appealSettings").as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 9, "{}", shown.body);
    let threshold = rows.iter().find(|r| r["key"] == "systemic_threshold").expect("the threshold");
    assert_eq!((threshold["value"].as_str(), threshold["default"].as_str()), (Some("7"), Some("5")));
    let share = rows.iter().find(|r| r["key"] == "case_overdue_share").expect("the systemic case threshold");
    assert_eq!(share["default"], "0.2");
    let bad = "mutation { setAppealSetting(key: \"case_overdue_share\", value: \"1.5\") }";
    assert_eq!(app.gql(Some("alpha"), Some(&admin), bad, json!({})).await.code(), Some("VALIDATION"));
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    assert_eq!(app.gql(Some("alpha"), Some(&operator), list, json!({})).await.code(), Some("FORBIDDEN"));
}
