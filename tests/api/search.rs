//! Search through the API as an operator types: service types ranked by their names, keywords
//! and category in any language, and buildings by the words of either address in any order.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

const TYPES: &str = "query($q: String!) { serviceTypes(search: $q) { nodes { id code } pageInfo { hasNextPage } } }";
const BUILDINGS: &str = "query($q: String!) { buildings(search: $q) { nodes { code address addressKk } } }";

fn codes(body: &Value, list: &str) -> Vec<String> {
    body["data"][list]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["code"].as_str().map(str::to_owned))
        .collect()
}

async fn search(app: &TestApp, token: &str, query: &str, text: &str, list: &str) -> Vec<String> {
    let reply = app.gql(Some("alpha"), Some(token), query, json!({ "q": text })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    codes(&reply.body, list)
}

#[tokio::test]
async fn service_types_are_found_by_inflected_words_latin_spelling_and_keywords() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    for (text, first) in [
        ("нет воды", "no-cold-water"),
        ("Холодной воды нет!", "no-cold-water"),
        ("суық су", "no-cold-water"),
        ("протечка в подъезде", "leak-in-entrance"),
        ("leak", "leak-in-entrance"),
    ] {
        let found = search(&app, &operator, TYPES, text, "serviceTypes").await;
        assert_eq!(found.first().map(String::as_str), Some(first), "«{text}» → {found:?}");
    }
    assert!(search(&app, &operator, TYPES, "zzzz", "serviceTypes").await.is_empty());
    // A service type's code finds it too, and a pasted page costs no more than a few words.
    let found = search(&app, &operator, TYPES, "leak-in-entrance", "serviceTypes").await;
    assert_eq!(found.first().map(String::as_str), Some("leak-in-entrance"), "{found:?}");
    let pasted = "протечка ".repeat(20_000);
    assert_eq!(
        search(&app, &operator, TYPES, &pasted, "serviceTypes").await.first().map(String::as_str),
        Some("leak-in-entrance")
    );
    assert!(search(&app, &operator, BUILDINGS, &"первая ".repeat(20_000), "buildings")
        .await
        .contains(&"b-1".to_owned()));

    // A word nobody wrote yet is found once the city admin adds it as a keyword.
    assert!(!search(&app, &operator, TYPES, "капает", "serviceTypes").await.contains(&"leak-in-entrance".to_owned()));
    let all = "query { serviceTypes(search: \"leak\") { nodes { id code categoryId names { kk ru en } appealType responsible deadlineValue deadlineUnit } } }";
    let found = app.gql(Some("alpha"), Some(&admin), all, json!({})).await;
    let leak = found.data("serviceTypes.nodes")[0].clone();
    let save = "mutation($id: ID!, $i: ServiceTypeInput!) { saveServiceType(id: $id, input: $i) { keywords { ru } } }";
    let unit = if leak["deadlineUnit"] == "HOURS" { "h" } else { "wd" };
    let deadline = format!("{}{unit}", leak["deadlineValue"]);
    let input = json!({ "code": leak["code"], "categoryId": leak["categoryId"], "name": leak["names"],
        "appealType": leak["appealType"], "responsible": leak["responsible"], "deadline": deadline,
        "keywords": { "kk": "тамшы", "ru": "капает, течёт с потолка", "en": "dripping" } });
    let saved = app.gql(Some("alpha"), Some(&admin), save, json!({ "id": leak["id"], "i": input })).await;
    assert_eq!(saved.data("saveServiceType.keywords.ru"), "капает, течёт с потолка", "{}", saved.body);
    for text in ["капает", "течёт с потолка", "dripping", "tamshy"] {
        let found = search(&app, &operator, TYPES, text, "serviceTypes").await;
        assert_eq!(found.first().map(String::as_str), Some("leak-in-entrance"), "«{text}» → {found:?}");
    }
}

#[tokio::test]
async fn buildings_are_found_by_either_address_in_any_word_order() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    for text in ["Первая 1", "1, Первая", "ул Первой 1", "первая"] {
        assert_eq!(search(&app, &operator, BUILDINGS, text, "buildings").await, ["b-1"], "«{text}»");
    }
    assert!(search(&app, &operator, BUILDINGS, "Первая 2", "buildings").await.is_empty());
    // The Kazakh address, once written, is searched as well.
    let find = app.gql(Some("alpha"), Some(&admin), "query { buildings { nodes { id } } }", json!({})).await;
    let id = find.data("buildings.nodes")[0]["id"].clone();
    let update = "mutation($id: ID!, $i: BuildingInput!) { updateBuilding(id: $id, input: $i) { addressKk } }";
    let saved = app
        .gql(Some("alpha"), Some(&admin), update, json!({ "id": id, "i": { "addressKk": "Бірінші көшесі, 1" } }))
        .await;
    assert_eq!(saved.data("updateBuilding.addressKk"), "Бірінші көшесі, 1", "{}", saved.body);
    for text in ["Бірінші 1", "1 бірінші көшесі", "b-1"] {
        assert_eq!(search(&app, &operator, BUILDINGS, text, "buildings").await, ["b-1"], "«{text}»");
    }
}
