//! No request exhausts the server: bodies are bounded before they are held, files are taken only
//! from callers who may send them, bad bytes are refused with the field's name, and mail sessions
//! are capped.

use serde_json::json;

use crate::email::{mail_app_with, Session};
use crate::helpers::{spawn_app, spawn_app_with};
use crate::open311::client_key;

const BASE: &str = "/t/alpha/open311/v2";

#[tokio::test]
async fn a_graphql_body_past_its_bound_is_refused_with_413_declared_or_streamed() {
    let app = spawn_app_with(|c| c.graphql_max_body_bytes = 64 * 1024).await;
    let padding = "x".repeat(200 * 1024);
    let body = json!({ "query": "query { currentTenant { slug } }", "variables": { "pad": padding } }).to_string();
    let url = format!("{}/t/alpha/graphql", app.address);
    let declared = app.client.post(&url).header("content-type", "application/json").body(body.clone()).send().await;
    let declared = declared.expect("an answer, not a dropped connection");
    assert_eq!(declared.status().as_u16(), 413);
    let reply: serde_json::Value = declared.json().await.expect("a JSON body");
    assert_eq!(reply["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE", "{reply}");
    // Without a length: cut off while it streams.
    let chunks = futures_util::stream::iter(
        body.into_bytes().chunks(8 * 1024).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>(),
    );
    let streamed = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .expect("an answer");
    assert_eq!(streamed.status().as_u16(), 413);
    // Within the bound, as ever.
    let small = app.gql(Some("alpha"), None, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!(small.data("currentTenant.slug"), "alpha");
}

#[tokio::test]
async fn a_file_is_taken_only_from_a_signed_in_caller() {
    let app = spawn_app().await;
    let operations = json!({ "query": "mutation($f: Upload!) { uploadAttachment(appealId: \"1\", file: $f) { id } }",
        "variables": { "f": null } });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.f"] }).to_string())
        .part("0", reqwest::multipart::Part::bytes(vec![0u8; 5 * 1024 * 1024]).file_name("big.jpg"));
    let reply = app.client.post(format!("{}/t/alpha/graphql", app.address)).multipart(form).send().await;
    let reply = reply.expect("an answer");
    assert_eq!(reply.status().as_u16(), 401);
    let body: serde_json::Value = reply.json().await.expect("a JSON body");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
}

#[tokio::test]
async fn open311_checks_the_key_before_the_file_and_bounds_and_decodes_the_form() {
    let app = spawn_app().await;
    let url = |query: &str| format!("{}{BASE}/requests.json?{query}", app.address);
    // A file from a client app without a valid key is refused before it is read.
    let media = reqwest::multipart::Part::bytes(vec![0xFFu8; 20 * 1024 * 1024]).file_name("leak.jpg");
    let form = reqwest::multipart::Form::new().text("service_code", "no-cold-water").part("media", media);
    let refused = app.client.post(url("api_key=wrong")).multipart(form).send().await.expect("an answer");
    assert_eq!(refused.status().as_u16(), 403);
    // A form without a file is small.
    let big = format!("description={}", "x".repeat(100 * 1024));
    let too_big = app
        .client
        .post(url("api_key=wrong"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .expect("an answer");
    assert_eq!(too_big.status().as_u16(), 413);
    let body: serde_json::Value = too_big.json().await.expect("the spec's error shape");
    assert_eq!(body[0]["code"], 413, "{body}");
    // Bytes that are not UTF-8 are refused, naming the field, not replaced.
    let (key, _) = client_key(&app, "Bytes").await;
    let latin1 = format!("api_key={key}&service_code=no-cold-water&lat=51.16&long=71.47&description=%CF%EE%F2%EE%EF");
    let bad = app
        .client
        .post(url(""))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(latin1)
        .send()
        .await
        .expect("an answer");
    assert_eq!(bad.status().as_u16(), 400);
    let body: serde_json::Value = bad.json().await.expect("the spec's error shape");
    assert_eq!(body[0]["description"], "description: is not UTF-8 text", "{body}");
    let multipart = reqwest::multipart::Form::new()
        .text("api_key", key.clone())
        .text("service_code", "no-cold-water")
        .text("lat", "51.16")
        .text("long", "71.47")
        .part("description", reqwest::multipart::Part::bytes(vec![0xCF, 0xEE, 0xF2]));
    let bad = app.client.post(url("")).multipart(multipart).send().await.expect("an answer");
    assert_eq!(bad.status().as_u16(), 400);
    let (status, _) = crate::open311::get_json(&app, "services.json?locale=%FF").await;
    assert_eq!(status, 400, "a query string that is not UTF-8 is refused too");
}

#[tokio::test]
async fn smtp_sessions_beyond_the_cap_are_told_to_come_back_later() {
    let (_app, _sink, port) = mail_app_with(|c| c.smtp_max_sessions = 1).await;
    let (mut first, greeting) = Session::open(port).await;
    assert!(greeting.starts_with("220"), "{greeting}");
    let (_second, refused) = Session::open(port).await;
    assert!(refused.starts_with("421"), "{refused}");
    assert!(first.say("NOOP").await.starts_with("250"));
    drop(first);
    // The first session's place is free again once it ends.
    let mut greeting = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        greeting = Session::open(port).await.1;
        if greeting.starts_with("220") {
            break;
        }
    }
    assert!(greeting.starts_with("220"), "{greeting}");
}

const SUBMIT: &str = "mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) { appeal { id } } }";

fn portal_appeal(key: &str) -> serde_json::Value {
    json!({ "i": { "serviceTypeId": "1", "description": "Нет холодной воды", "buildingId": "1", "idempotencyKey": key } })
}

#[tokio::test]
async fn portal_appeals_uploads_and_codes_have_quotas_per_resident_and_per_city() {
    let (app, gateway) = crate::transparency::app_with_gateway_and(|c| {
        c.portal_appeals_per_resident_per_hour = 2;
        c.portal_appeals_per_city_per_hour = 3;
        c.uploads_per_resident_per_hour = 1;
        c.otp_per_city_per_hour = 3;
    })
    .await;
    let first = crate::transparency::verified(&app, &gateway, "+77017772001").await;
    let second = crate::transparency::verified(&app, &gateway, "+77017772002").await;
    let code = |reply: &crate::helpers::Reply| reply.code().map(str::to_owned);
    let a = app.gql(Some("alpha"), Some(&first), SUBMIT, portal_appeal("a")).await;
    assert_eq!(code(&a), None, "{}", a.body);
    // A retry of the same appeal is not a new one.
    assert_eq!(code(&app.gql(Some("alpha"), Some(&first), SUBMIT, portal_appeal("a")).await), None);
    assert_eq!(code(&app.gql(Some("alpha"), Some(&first), SUBMIT, portal_appeal("b")).await), None);
    let third = app.gql(Some("alpha"), Some(&first), SUBMIT, portal_appeal("c")).await;
    assert_eq!(code(&third).as_deref(), Some("RATE_LIMITED"), "a resident's hourly quota: {}", third.body);
    assert_eq!(code(&app.gql(Some("alpha"), Some(&second), SUBMIT, portal_appeal("d")).await), None);
    let city = app.gql(Some("alpha"), Some(&second), SUBMIT, portal_appeal("e")).await;
    assert_eq!(code(&city).as_deref(), Some("RATE_LIMITED"), "the city's hourly quota: {}", city.body);

    let id = a.data("submitAppeal.appeal.id").as_str().unwrap_or_default().to_owned();
    let photo = crate::appeals_more::upload(&app, &first, &id, "a.jpg", crate::appeals_more::JPEG.to_vec()).await;
    assert_eq!(photo["data"]["uploadAttachment"]["kind"], "photo", "{photo}");
    let again = crate::appeals_more::upload(&app, &first, &id, "b.jpg", crate::appeals_more::JPEG.to_vec()).await;
    assert_eq!(again["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{again}");

    // Two codes were sent above; the city's third goes, its fourth does not, whatever the phone.
    let request = "mutation($p: String!) { requestVerificationCode(phone: $p) }";
    assert_eq!(code(&app.gql(Some("alpha"), None, request, json!({ "p": "+77017772003" })).await), None);
    let pumped = app.gql(Some("alpha"), None, request, json!({ "p": "+77017772004" })).await;
    assert_eq!(code(&pumped).as_deref(), Some("RATE_LIMITED"), "{}", pumped.body);
}

#[tokio::test]
async fn public_reports_cost_enough_that_a_request_cannot_alias_many_and_metrics_stay_bounded() {
    let app = spawn_app().await;
    let aliased =
        (0..12).map(|i| format!("q{i}: kskRating(quarter: \"20{:02}Q1\") {{ quarter }}", 10 + i)).collect::<Vec<_>>();
    let many = app.gql(Some("alpha"), None, &format!("query {{ {} }}", aliased.join(" ")), json!({})).await;
    assert_eq!(many.code(), Some("VALIDATION"), "{}", many.body);
    let two = app.gql(Some("alpha"), None, &format!("query {{ {} {} }}", aliased[0], aliased[1]), json!({})).await;
    assert!(two.code().is_none(), "{}", two.body);

    let invented = reqwest::Method::from_bytes(b"QALAFLOOD").expect("a method");
    app.client.request(invented, format!("{}/healthz", app.address)).send().await.expect("an answer");
    let (_, metrics) = app.get("/metrics").await;
    assert!(!metrics.contains("QALAFLOOD"), "an invented method makes no series");
    assert!(metrics.contains("method=\"OTHER\""), "{metrics}");
}

#[tokio::test]
async fn a_webhook_checks_its_secret_before_it_reads_a_body() {
    let app = spawn_app().await;
    let big = vec![b' '; 1024 * 1024];
    for (path, header) in [
        ("/t/alpha/channels/phone/calls", "authorization"),
        ("/t/alpha/channels/telegram/webhook", "x-telegram-bot-api-secret-token"),
    ] {
        let refused = app
            .client
            .post(format!("{}{path}", app.address))
            .header(header, "Bearer not-the-secret")
            .header("content-type", "application/json")
            .body(big.clone())
            .send()
            .await
            .expect("an answer");
        assert_eq!(refused.status().as_u16(), 403, "{path}: the secret first, not the body");
    }
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let secret = app
        .gql(Some("alpha"), Some(&admin), "mutation { rotateIntegrationSecret(integration: PHONE) }", json!({}))
        .await;
    let secret = secret.data("rotateIntegrationSecret").as_str().unwrap_or_default().to_owned();
    let too_big = app
        .client
        .post(format!("{}/t/alpha/channels/phone/calls", app.address))
        .bearer_auth(secret)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("an answer");
    assert_eq!(too_big.status().as_u16(), 413);
}

#[tokio::test]
async fn open311_reads_no_more_than_a_forms_text_before_it_knows_the_key() {
    let app = spawn_app().await;
    let text = "x".repeat(1024 * 1024);
    let form = reqwest::multipart::Form::new().text("service_code", "no-cold-water").text("media", text);
    let refused = app.client.post(format!("{}{BASE}/requests.json", app.address)).multipart(form).send().await;
    assert_eq!(refused.expect("an answer").status().as_u16(), 413, "a text part named media is text all the same");
}

#[tokio::test]
async fn open311_holds_every_field_to_its_limit_and_reads_repeated_filters() {
    let app = spawn_app().await;
    let (key, _) = client_key(&app, "Limits").await;
    let post = |form: Vec<(&'static str, String)>| {
        let request = app.client.post(format!("{}{BASE}/requests.json?api_key={key}", app.address)).form(&form);
        async move {
            let response = request.send().await.expect("an answer");
            (response.status().as_u16(), response.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let base = || -> Vec<(&'static str, String)> {
        crate::open311::base_form()
            .into_iter()
            .filter(|(k, _)| *k != "description")
            .map(|(k, v)| (k, v.to_owned()))
            .collect()
    };
    let cases = [
        ("description", "x".repeat(4001), "description: must be at most 4000 characters"),
        ("address_string", "y".repeat(501), "address_string: must be at most 500 characters"),
        ("first_name", "Арман\u{7}".to_owned(), "first_name: must not hold control characters"),
        ("description", "нет\u{0}воды".to_owned(), "description: must not hold control characters"),
    ];
    for (field, value, message) in cases {
        let mut form = base();
        form.push((field, value));
        let (status, body) = post(form).await;
        assert_eq!((status, body[0]["description"].as_str()), (400, Some(message)), "{field}");
    }
    let mut lines = base();
    lines.push(("description", "Нет воды\r\nс утра".to_owned()));
    let (status, posted) = post(lines).await;
    assert_eq!(status, 200, "line breaks are allowed in a description: {posted}");
    let number = posted[0]["service_request_id"].as_str().unwrap_or_default().to_owned();
    // A filter given twice counts both times.
    let (status, both) = crate::open311::get_json(
        &app,
        &format!("requests.json?service_request_id=ALF-1999-000001&service_request_id={number}"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(both.as_array().map(Vec::len), Some(1), "{both}");
    assert_eq!(both[0]["description"], "Нет воды\nс утра");
}

#[tokio::test]
async fn one_address_cannot_take_every_smtp_session() {
    let (_app, _sink, port) = mail_app_with(|c| c.smtp_sessions_per_address = 5).await;
    let mut held = Vec::new();
    for _ in 0..5 {
        let (session, greeting) = Session::open(port).await;
        assert!(greeting.starts_with("220"), "{greeting}");
        held.push(session);
    }
    let (_sixth, refused) = Session::open(port).await;
    assert!(refused.starts_with("421") && refused.contains("your address"), "{refused}");
    held.pop();
    let mut greeting = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        greeting = Session::open(port).await.1;
        if greeting.starts_with("220") {
            break;
        }
    }
    assert!(greeting.starts_with("220"), "a place freed is taken again: {greeting}");
}
