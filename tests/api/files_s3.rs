//! Attachments in an S3-compatible store (a real S3 API server on loopback, started by
//! scripts/test), downloaded through short-lived signed links.

use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::appeals_more::{upload, JPEG};
use crate::helpers::spawn_app_with;
use crate::open311::client_key;

/// The S3 API server of the test run; a run under CI=true without one fails here.
fn s3_endpoint() -> Option<String> {
    match std::env::var("QALA_TEST_S3_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("QALA_TEST_S3_URL is not set: CI needs the S3 API server")
        }
        Err(_) => {
            eprintln!("QALA_TEST_S3_URL is not set: the S3 storage test does not run outside CI without it");
            None
        }
    }
}

#[tokio::test]
async fn attachments_live_in_s3_and_download_through_signed_links() {
    let Some(endpoint) = s3_endpoint() else { return };
    let bucket = format!("qala-test-{}", uuid::Uuid::new_v4().simple());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let made = client.put(format!("{endpoint}/{bucket}")).send().await.expect("the S3 server answers");
    assert!(made.status().is_success(), "creating the bucket: {}", made.status());
    let (url, name) = (endpoint.clone(), bucket.clone());
    let app = spawn_app_with(move |c| {
        c.files_backend = "s3".into();
        c.s3_endpoint = Some(url);
        c.s3_bucket = Some(name);
        c.s3_access_key_id = Some("test".into());
        c.s3_secret_access_key = Some("test".into());
        c.download_link_ttl_secs = 120;
    })
    .await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77017778001")).await;
    let id = receipt["appeal"]["id"].as_str().expect("id").to_owned();
    let stored = upload(&app, &operator, &id, "problem.jpg", JPEG.to_vec()).await;
    let attachment = &stored["data"]["uploadAttachment"];
    let link = attachment["url"].as_str().unwrap_or_else(|| panic!("{stored}")).to_owned();
    assert!(link.starts_with(&format!("{endpoint}/{bucket}/alpha/appeals/{id}/")), "{link}");
    assert!(link.contains("X-Amz-Expires=120") && link.contains("X-Amz-Signature="), "{link}");

    // The signed link needs no other credentials.
    let direct = client.get(&link).send().await.expect("answer");
    assert_eq!(direct.status().as_u16(), 200);
    assert_eq!(direct.bytes().await.expect("bytes").as_ref(), JPEG);

    // The object is in the bucket, and the server's own download path redirects to a fresh link.
    let listing = client
        .get(format!("{endpoint}/{bucket}?list-type=2"))
        .send()
        .await
        .expect("answer")
        .text()
        .await
        .unwrap_or_default();
    assert!(listing.contains(&format!("alpha/appeals/{id}/")), "{listing}");
    let path = format!("{}/t/alpha/attachments/{}", app.address, attachment["id"].as_str().unwrap_or_default());
    let redirected = client.get(&path).bearer_auth(&operator).send().await.expect("answer");
    assert_eq!(redirected.status().as_u16(), 307);
    let location = redirected.headers()["location"].to_str().unwrap_or_default().to_owned();
    assert!(location.contains("X-Amz-Signature="), "{location}");
    // Whoever cannot see the appeal gets no link.
    let create = "mutation { createUser(input: { login: \"osi-exec@alpha\", displayName: \"Бауыржан\", password: \"long-enough-1\", roles: [EXECUTOR], organizationId: \"3\" }) { id } }";
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    app.gql(Some("alpha"), Some(&admin), create, json!({})).await;
    let osi = app.login_reply(Some("alpha"), "osi-exec@alpha", "long-enough-1").await;
    let osi = osi.data("login.accessToken").as_str().expect("token").to_owned();
    assert_eq!(client.get(&path).bearer_auth(&osi).send().await.expect("answer").status().as_u16(), 404);
    assert_eq!(
        client.get(&path).bearer_auth(&executor).send().await.expect("answer").status().as_u16(),
        307,
        "the water utility handles this appeal: it gets the link"
    );

    // A photo posted through Open311 is its request's media_url: a fresh signed link for anyone.
    let (key, _) = client_key(&app, "Qala mobile").await;
    let form = reqwest::multipart::Form::new()
        .text("api_key", key)
        .text("service_code", "no-cold-water")
        .text("address_id", "b-1")
        .text("attribute[floor]", "2")
        .part("media", reqwest::multipart::Part::bytes(JPEG.to_vec()).file_name("tap.jpg"));
    let open311 = format!("{}/t/alpha/open311/v2", app.address);
    let json_of = |request: reqwest::RequestBuilder| async move {
        request.send().await.expect("answer").json::<Value>().await.unwrap_or(Value::Null)
    };
    let posted = json_of(client.post(format!("{open311}/requests.json")).multipart(form)).await;
    let number = posted[0]["service_request_id"].as_str().unwrap_or_else(|| panic!("{posted}")).to_owned();
    let listed = json_of(client.get(format!("{open311}/requests/{number}.json"))).await;
    let media_url = listed[0]["media_url"].as_str().unwrap_or_else(|| panic!("{listed}")).to_owned();
    let redirected = client.get(&media_url).send().await.expect("answer");
    assert_eq!(redirected.status().as_u16(), 307);
    let location = redirected.headers()["location"].to_str().unwrap_or_default().to_owned();
    assert!(location.contains("X-Amz-Signature="), "{location}");
    let photo = client.get(&location).send().await.expect("answer");
    assert_eq!(photo.bytes().await.expect("bytes").as_ref(), JPEG);
}
