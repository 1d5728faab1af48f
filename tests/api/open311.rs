//! Open311 GeoReport v2: discovery, the service list and definitions in JSON and XML, posting
//! with a client app's key (form and multipart, parameters in the query and the body alike),
//! the posted file as the request's media_url, replays, the request list with the spec's
//! filters, tokens, and errors in the spec's shape.
//! Two real client libraries from PyPI use the same endpoint: `georeport` reads, and `civicbot`
//! posts and reads (the scripts under `tests/open311/`).

use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::appeals_more::{upload, JPEG};
use crate::helpers::{spawn_app, TestApp};

const BASE: &str = "/t/alpha/open311/v2";

/// A client app's key, made by the city admin.
pub async fn client_key(app: &TestApp, name: &str) -> (String, String) {
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let reply = app
        .gql(
            Some("alpha"),
            Some(&admin),
            "mutation($n: String!) { createOpen311Client(name: $n) { apiKey client { id } } }",
            json!({ "n": name }),
        )
        .await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let created = reply.data("createOpen311Client");
    (
        created["apiKey"].as_str().unwrap_or_default().to_owned(),
        created["client"]["id"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.client.get(format!("{}{BASE}/{path}", app.address)).send().await.expect("answer");
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, kind, response.text().await.unwrap_or_default())
}

pub async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let (status, _, body) = get(app, path).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

pub async fn post_form(app: &TestApp, query: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}{BASE}/requests.json?{query}", app.address))
        .form(form)
        .send()
        .await
        .expect("answer");
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

pub fn base_form<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("service_code", "no-cold-water"),
        ("lat", "51.1601"),
        ("long", "71.4702"),
        ("attribute[floor]", "4"),
        ("attribute[signs][]", "no_pressure"),
        ("attribute[signs][]", "rusty"),
        ("description", "Нет воды на 4 этаже"),
        ("first_name", "Арман"),
        ("phone", "+77017001122"),
    ]
}

#[tokio::test]
async fn discovery_services_and_definitions_in_json_and_xml() {
    let app = spawn_app().await;
    let (status, discovery) = get_json(&app, "discovery.json").await;
    assert_eq!(status, 200);
    assert_eq!(discovery["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert!(discovery["endpoints"][0]["url"].as_str().unwrap_or_default().ends_with("/t/alpha/open311/v2"));

    let (_, services) = get_json(&app, "services.json?jurisdiction_id=alpha&locale=en").await;
    let water = services.as_array().and_then(|s| s.iter().find(|s| s["service_code"] == "no-cold-water")).cloned();
    let water = water.expect("the service is listed");
    assert_eq!((water["service_name"].as_str(), water["metadata"].as_bool()), (Some("No cold water"), Some(true)));
    assert_eq!(water["type"], "realtime");
    let info = services.as_array().and_then(|s| s.iter().find(|s| s["service_code"] == "water-schedule")).cloned();
    assert_eq!(info.map(|s| s["metadata"].clone()), Some(json!(false)));

    let (status, kind, xml) = get(&app, "services.xml?locale=ru").await;
    assert_eq!((status, kind.starts_with("text/xml")), (200, true));
    assert!(xml.contains("<services><service><service_code>"), "{xml}");
    assert!(xml.contains("<service_name>Нет холодной воды</service_name><description>"), "{xml}");

    let (status, definition) = get_json(&app, "services/no-cold-water.json?locale=en").await;
    assert_eq!(status, 200);
    let attributes = definition["attributes"].as_array().cloned().unwrap_or_default();
    let types: Vec<&str> = attributes.iter().filter_map(|a| a["datatype"].as_str()).collect();
    assert_eq!(types, ["number", "datetime", "string", "text", "singlevaluelist", "multivaluelist"]);
    assert_eq!((attributes[0]["required"].as_bool(), attributes[0]["order"].as_i64()), (Some(true), Some(1)));
    assert_eq!(attributes[2]["datatype_description"], "Entrance number");
    assert_eq!(attributes[5]["values"][1], json!({ "key": "rusty", "name": "Rusty" }));
    let (_, _, xml) = get(&app, "service/no-cold-water.xml").await;
    assert!(
        xml.contains("<service_definition><service_code>no-cold-water</service_code><attributes><attribute>"),
        "{xml}"
    );
    assert!(xml.contains("<values><value><key>kitchen</key>"), "{xml}");

    // Not found, in the requested format; another jurisdiction is not served here.
    let (status, _, xml) = get(&app, "services/nothing.xml").await;
    assert_eq!(status, 404);
    assert!(xml.contains("<errors><error><code>404</code><description>"), "{xml}");
    let (status, body) = get_json(&app, "services.json?jurisdiction_id=beta").await;
    assert_eq!((status, body[0]["code"].as_i64()), (404, Some(404)));
    let (status, _) = get_json(&app, "services.csv").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_client_app_posts_requests_and_a_retry_is_the_same_request() {
    let app = spawn_app().await;
    let (key, client_id) = client_key(&app, "Qala mobile").await;

    // No key, a wrong key: 403 in the spec's shape.
    let (status, body) = post_form(&app, "", &base_form()).await;
    assert_eq!((status, body[0]["code"].as_i64()), (403, Some(403)));
    let (status, _) = post_form(&app, "api_key=wrong", &base_form()).await;
    assert_eq!(status, 403);

    // The key in the query string, the rest in the body.
    let (status, body) = post_form(&app, &format!("api_key={key}&jurisdiction_id=alpha"), &base_form()).await;
    assert_eq!(status, 200, "{body}");
    let number = body[0]["service_request_id"].as_str().expect("an id").to_owned();
    assert!(
        body[0].get("token").is_none(),
        "the id is known at once, so no token (the spec: one or the other): {body}"
    );
    // A delivery retried: the same request, not a second one.
    let (_, again) = post_form(&app, &format!("api_key={key}"), &base_form()).await;
    assert_eq!(again[0]["service_request_id"], number.as_str());
    let count = app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals WHERE channel = 'open311'").await;
    assert_eq!(count, 1);

    // Everything in the body, the key too; it lands with its answers and the resident.
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let query = "query($n: String!) { appealByNumber(number: $n) { channel registeredBy attributes { code values } } }";
    let seen = app.gql(Some("alpha"), Some(&operator), query, json!({ "n": number })).await;
    assert_eq!(seen.data("appealByNumber.channel"), "OPEN311");
    assert_eq!(seen.data("appealByNumber.registeredBy"), "open311:Qala mobile");
    assert_eq!(
        seen.data("appealByNumber.attributes"),
        &json!([{ "code": "floor", "values": ["4"] }, { "code": "signs", "values": ["no_pressure", "rusty"] }])
    );

    // Multipart with a photo and a building as the place.
    let form = reqwest::multipart::Form::new()
        .text("api_key", key.clone())
        .text("service_code", "no-cold-water")
        .text("address_id", "b-1")
        .text("attribute[floor]", "2")
        .text("description", "Фото крана")
        .part(
            "media",
            reqwest::multipart::Part::bytes(JPEG.to_vec()).file_name("tap.jpg").mime_str("image/jpeg").expect("mime"),
        );
    let response =
        app.client.post(format!("{}{BASE}/requests.xml", app.address)).multipart(form).send().await.expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    let xml = response.text().await.unwrap_or_default();
    assert!(xml.contains("<service_requests><request><service_request_id>"), "{xml}");
    let photos =
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM attachments WHERE uploaded_by = 'open311:Qala mobile'").await;
    assert_eq!(photos, 1);

    // The photo is the request's media_url, for anyone; a file staff add to it, or any other
    // appeal's file, is not published.
    let with_photo = xml.split("<service_request_id>").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default();
    let (_, one) = get_json(&app, &format!("requests/{with_photo}.json")).await;
    let media_url = one[0]["media_url"].as_str().unwrap_or_default().to_owned();
    assert!(media_url.starts_with(&format!("{}{BASE}/media/", app.address)) && media_url.ends_with(".jpg"), "{one}");
    let photo = app.client.get(&media_url).send().await.expect("answer");
    assert_eq!(photo.status().as_u16(), 200);
    assert_eq!(
        (photo.headers()["content-type"].to_str().ok(), photo.headers()["cache-control"].to_str().ok()),
        (Some("image/jpeg"), Some("public, max-age=86400"))
    );
    assert_eq!(photo.bytes().await.expect("bytes").as_ref(), JPEG);
    let (_, plain) = get_json(&app, &format!("requests/{number}.json")).await;
    assert!(plain[0]["media_url"].is_null(), "a request posted without a file has none: {plain}");
    let appeal_id = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($n: String!) { appealByNumber(number: $n) { id } }",
            json!({ "n": with_photo }),
        )
        .await
        .data("appealByNumber.id")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let staff = upload(&app, &operator, &appeal_id, "intake.jpg", JPEG.to_vec()).await;
    let staff_id = staff["data"]["uploadAttachment"]["id"].as_str().expect("stored").to_owned();
    let not_published = [
        format!("{BASE}/media/{staff_id}.jpg"),
        media_url.replace(".jpg", ".png").replace(&app.address, ""),
        format!("{BASE}/media/nothing"),
        format!("/t/beta/open311/v2/media/{}", media_url.rsplit('/').next().unwrap_or_default()),
    ];
    for path in not_published {
        let response = app.client.get(format!("{}{path}", app.address)).send().await.expect("answer");
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!((status, body[0]["code"].as_i64()), (404, Some(404)), "{path}");
    }

    // A token handed out before still gives the id back; an unknown one is 404.
    let token = {
        use sea_orm::{ConnectionTrait, Statement};
        let tx = app.state.db.tenant_tx(&qala::tenancy::Slug::parse("alpha").expect("slug")).await.expect("tx");
        let sql = format!("SELECT idempotency_key AS k FROM appeals WHERE number = '{number}'");
        let row = tx.query_one_raw(Statement::from_string(tx.get_database_backend(), sql)).await.expect("query");
        let key: String = row.expect("a row").try_get("", "k").expect("a key");
        key.trim_start_matches("o311:").to_owned()
    };
    let (status, found) = get_json(&app, &format!("tokens/{token}.json")).await;
    assert_eq!((status, found[0]["service_request_id"].as_str()), (200, Some(number.as_str())));
    let (status, _) = get_json(&app, &format!("tokens/{}.json", "0".repeat(64))).await;
    assert_eq!(status, 404);

    // Malformed posts: 400 with the field; an unknown service 404.
    let cases: [(&str, &str, u16, &str); 6] = [
        ("attribute[floor]", "", 400, "attribute[floor]"),
        ("attribute[floor]", "fourth", 400, "attribute[floor]"),
        ("attribute[signs][]", "leaky", 400, "attribute[signs]"),
        ("attribute[colour]", "red", 400, "attribute[colour]"),
        ("lat", "", 400, "lat"),
        ("service_code", "nothing", 404, "service_code"),
    ];
    for (name, value, code, field) in cases {
        let mut form: Vec<(&str, &str)> = base_form().into_iter().filter(|(k, _)| *k != name).collect();
        if name == "lat" {
            form.retain(|(k, _)| *k != "long");
        } else if !value.is_empty() {
            form.push((name, value));
        }
        let (status, body) = post_form(&app, &format!("api_key={key}"), &form).await;
        assert_eq!(status, code, "{name}={value}: {body}");
        assert!(body[0]["description"].as_str().unwrap_or_default().contains(field), "{name}: {body}");
    }
    let response = app
        .client
        .post(format!("{}{BASE}/requests.json?api_key={key}", app.address))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 400);

    // A switched-off client app is refused.
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let off = "mutation($id: ID!) { setOpen311ClientActive(id: $id, active: false) { active } }";
    app.gql(Some("alpha"), Some(&admin), off, json!({ "id": client_id })).await;
    let (status, _) = post_form(&app, &format!("api_key={key}"), &base_form()).await;
    assert_eq!(status, 403);
    let audit =
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'channel.open311_request'").await;
    assert_eq!(audit, 3);
}

#[tokio::test]
async fn requests_are_listed_with_the_spec_filters_and_no_private_text() {
    let app = spawn_app().await;
    let (key, _) = client_key(&app, "Qala mobile").await;
    let (_, posted) = post_form(&app, &format!("api_key={key}"), &base_form()).await;
    let number = posted[0]["service_request_id"].as_str().expect("an id").to_owned();
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let by_phone = register(&app, &operator, phone_appeal("1", "+77017004455")).await;
    let phone_number = by_phone["appeal"]["number"].as_str().expect("number").to_owned();

    let (status, list) = get_json(&app, "requests.json?status=open&service_code=no-cold-water").await;
    assert_eq!(status, 200);
    let rows = list.as_array().cloned().unwrap_or_default();
    let mine = rows.iter().find(|r| r["service_request_id"] == number.as_str()).expect("listed");
    assert_eq!(mine["status"], "open");
    assert_eq!(mine["description"], "Нет воды на 4 этаже");
    assert!(mine["requested_datetime"].as_str().unwrap_or_default().ends_with("+05:00"), "{mine}");
    // Posted beside b-1, it is published at the building, not at the sender's exact point.
    assert_eq!((mine["lat"].as_f64(), mine["long"].as_f64()), (Some(51.16), Some(71.47)), "{mine}");
    assert_eq!((mine["address"].as_str(), mine["address_id"].as_str()), (Some("ул. Первая, 1"), Some("b-1")), "{mine}");
    // An appeal taken by phone is listed without its text, phone or name.
    let other = rows.iter().find(|r| r["service_request_id"] == phone_number.as_str()).expect("listed");
    assert!(other["description"].is_null());
    assert_eq!(other["address_id"], "b-1");
    assert!(!list.to_string().contains("77017004455") && !list.to_string().contains("Айгүл"));

    let (_, closed) = get_json(&app, "requests.json?status=closed").await;
    assert_eq!(closed.as_array().map(Vec::len), Some(0));
    let ids = format!("requests.json?service_request_id={number},{phone_number}&status=closed");
    let (_, both) = get_json(&app, &ids).await;
    assert_eq!(both.as_array().map(Vec::len), Some(2), "ids override the other filters");
    let (status, one) = get_json(&app, &format!("requests/{number}.json")).await;
    assert_eq!((status, one[0]["service_code"].as_str()), (200, Some("no-cold-water")));
    let (_, _, xml) = get(&app, &format!("requests/{number}.xml")).await;
    assert!(xml.contains(&format!("<service_requests><request><service_request_id>{number}</service_request_id>")));

    let (status, _) = get_json(&app, "requests/AL-1999-000001.json").await;
    assert_eq!(status, 404);
    for bad in
        ["start_date=yesterday", "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "status=pending"]
    {
        let (status, body) = get_json(&app, &format!("requests.json?{bad}")).await;
        assert_eq!((status, body[0]["code"].as_i64()), (400, Some(400)), "{bad}");
    }
}

/// Runs a client library's script from `tests/open311/` against a live endpoint with a key of its
/// own. The script installs nothing: `scripts/test` provides the interpreter that has the library
/// and names it in `var` (required under CI).
async fn run_client_script(var: &str, script: &str, name: &str) {
    let Ok(python) = std::env::var(var) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{var} is required under CI");
        eprintln!("skipped: {var} is not set (scripts/test sets it)");
        return;
    };
    let app = spawn_app().await;
    let (key, _) = client_key(&app, name).await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("open311").join(script);
    let base = format!("{}{BASE}", app.address);
    // On the blocking pool: the server answering the script runs on this test's runtime.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python).arg(script).arg(base).arg(key).output().expect("python runs")
    })
    .await
    .expect("the script finishes");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains(&format!("{name}: ok")), "{stdout}");
}

/// `georeport` from PyPI reads services, definitions and requests in JSON and XML.
#[tokio::test]
async fn a_real_open311_client_library_reads_services_and_requests() {
    run_client_script("QALA_TEST_PYTHON", "georeport_client.py", "georeport").await;
}

/// `civicbot` from PyPI (its GeoReport v2 client) checks a request against the live definition,
/// posts it and reads it back in JSON.
#[tokio::test]
async fn a_real_open311_client_library_posts_and_reads_requests() {
    run_client_script("QALA_TEST_PYTHON_POSTING", "civicbot_client.py", "civicbot").await;
}

#[tokio::test]
async fn a_locale_with_multibyte_characters_is_answered_not_dropped() {
    let app = spawn_app().await;
    for locale in ["a%C3%A9", "%C3%A9", "%D0%B0%D0%B1-KZ", "k"] {
        let (status, body) = get_json(&app, &format!("services.json?locale={locale}")).await;
        assert_eq!(status, 200, "{locale}: {body}");
        assert!(body.as_array().is_some_and(|s| !s.is_empty()), "{locale}: {body}");
    }
}

/// One rule says which service types are offered: a service type whose category is switched off
/// is neither listed nor taken by Open311, as registration refuses it too.
#[tokio::test]
async fn a_service_type_of_a_switched_off_category_is_not_offered_to_apps() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let found = app
        .gql(
            Some("alpha"),
            Some(&admin),
            "query { serviceTypes(search: \"no-cold-water\") { nodes { code categoryId } } }",
            json!({}),
        )
        .await;
    let category = found
        .data("serviceTypes.nodes")
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["code"] == "no-cold-water")
        .map(|s| s["categoryId"].clone())
        .expect("the service type");
    let off = "mutation($id: ID!) { setCatalogEntryActive(level: CATEGORY, id: $id, active: false) }";
    let reply = app.gql(Some("alpha"), Some(&admin), off, json!({ "id": category })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let (_, services) = get_json(&app, "services.json").await;
    let codes: Vec<&str> =
        services.as_array().into_iter().flatten().filter_map(|s| s["service_code"].as_str()).collect();
    assert!(!codes.contains(&"no-cold-water"), "{codes:?}");
    assert_eq!(get_json(&app, "services/no-cold-water.json").await.0, 404);
    let (key, _) = client_key(&app, "Offered").await;
    let (status, body) = post_form(&app, &format!("api_key={key}"), &base_form()).await;
    assert_eq!(status, 404, "{body}");
}
