//! The public portal's API: residents file and follow their own appeals, the active catalog and
//! the branding are public, and the binary serves the web frontend without touching the API.

use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::appeals_more::{upload, JPEG};
use crate::helpers::spawn_app_with;
use crate::transparency::{app_with_gateway, verified};

const SUBMIT: &str = "mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) {
    replayed acceptedBy appeal { id number status channel organizationId residentId } } }";
const MINE: &str = "query { appeals(page: { first: 50 }) { nodes { id number status } } }";
const APPEAL: &str = "query($id: ID!) { appeal(id: $id) { number channel attachments { kind } } }";

fn portal_appeal(key: &str) -> Value {
    json!({ "i": { "serviceTypeId": "1", "description": "Нет холодной воды", "lat": 51.1, "lon": 71.4,
        "address": "ул. Тестовая, 1", "language": "KK", "idempotencyKey": key } })
}

fn numbers(reply: &Value) -> Vec<String> {
    reply["data"]["appeals"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["number"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_verified_resident_files_follows_and_rates_their_own_appeals_only() {
    let (app, gateway) = app_with_gateway().await;
    let aigul = verified(&app, &gateway, "+77017771001").await;
    let bolat = verified(&app, &gateway, "+77017771002").await;

    // Filing needs a resident's token: neither anonymous callers nor staff file as a resident.
    let anonymous = app.gql(Some("alpha"), None, SUBMIT, portal_appeal("k-1")).await;
    assert_eq!(anonymous.code(), Some("UNAUTHENTICATED"), "{}", anonymous.body);
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let staff = app.gql(Some("alpha"), Some(&operator), SUBMIT, portal_appeal("k-1")).await;
    assert_eq!(staff.code(), Some("FORBIDDEN"), "{}", staff.body);

    let filed = app.gql(Some("alpha"), Some(&aigul), SUBMIT, portal_appeal("k-1")).await;
    assert!(filed.code().is_none(), "{}", filed.body);
    let appeal = filed.data("submitAppeal.appeal").clone();
    assert_eq!(appeal["channel"], "WEB");
    assert_eq!(appeal["status"], "ASSIGNED", "routed like any other: {appeal}");
    assert_eq!(filed.data("submitAppeal.replayed"), false);
    let id = appeal["id"].as_str().expect("id").to_owned();
    let number = appeal["number"].as_str().expect("number").to_owned();

    // A retry returns the same appeal; another resident's same key never does.
    let again = app.gql(Some("alpha"), Some(&aigul), SUBMIT, portal_appeal("k-1")).await;
    assert_eq!(again.data("submitAppeal.replayed"), true);
    assert_eq!(again.data("submitAppeal.appeal.number"), number.as_str());
    let other = app.gql(Some("alpha"), Some(&bolat), SUBMIT, portal_appeal("k-1")).await;
    assert_eq!(other.data("submitAppeal.replayed"), false, "{}", other.body);
    assert_ne!(other.data("submitAppeal.appeal.number"), number.as_str());

    // The photo goes onto the resident's own appeal only.
    let photo = upload(&app, &aigul, &id, "leak.jpg", JPEG.to_vec()).await;
    assert_eq!(photo["data"]["uploadAttachment"]["kind"], "photo", "{photo}");
    let foreign = upload(&app, &bolat, &id, "leak.jpg", JPEG.to_vec()).await;
    assert_eq!(foreign["errors"][0]["extensions"]["code"], "NOT_FOUND", "{foreign}");

    // Each sees their own, and nobody else's, appeals.
    let staff_registered = register(&app, &operator, phone_appeal("1", "+77017779999")).await;
    let mine = app.gql(Some("alpha"), Some(&aigul), MINE, json!({})).await;
    assert_eq!(numbers(&mine.body), vec![number.clone()]);
    let theirs = app.gql(Some("alpha"), Some(&bolat), MINE, json!({})).await;
    assert!(!numbers(&theirs.body).contains(&number));
    assert!(!numbers(&theirs.body).contains(&staff_registered["appeal"]["number"].as_str().unwrap_or("").to_owned()));
    let read = app.gql(Some("alpha"), Some(&aigul), APPEAL, json!({ "id": id })).await;
    assert_eq!(read.body["data"]["appeal"]["attachments"][0]["kind"], "photo", "{}", read.body);
    let hidden = app.gql(Some("alpha"), Some(&bolat), APPEAL, json!({ "id": id })).await;
    assert_eq!(hidden.code(), Some("NOT_FOUND"));

    // Once resolved, the resident rates it with the session instead of the receipt's token.
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    for query in [
        "mutation($id: ID!) { takeAppeal(id: $id) { status } }",
        "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Вода подана\") { status } }",
    ] {
        let step = app.gql(Some("alpha"), Some(&executor), query, json!({ "id": id })).await;
        assert!(step.code().is_none(), "{}", step.body);
    }
    let rate = "mutation($n: String!) { rateAppeal(number: $n, score: 5) }";
    let stranger = app.gql(Some("alpha"), Some(&bolat), rate, json!({ "n": number })).await;
    assert_eq!(stranger.code(), Some("NOT_FOUND"), "{}", stranger.body);
    let nobody = app.gql(Some("alpha"), None, rate, json!({ "n": number })).await;
    assert_eq!(nobody.code(), Some("NOT_FOUND"), "{}", nobody.body);
    let rated = app.gql(Some("alpha"), Some(&aigul), rate, json!({ "n": number })).await;
    assert_eq!(rated.data("rateAppeal"), true, "{}", rated.body);
}

#[tokio::test]
async fn the_active_catalog_buildings_branding_and_cities_are_public() {
    let app = spawn_app_with(|_| {}).await;
    let catalog = app.gql(Some("alpha"), None, "{ serviceTypes { nodes { id } } spheres { id } }", json!({})).await;
    assert!(catalog.code().is_none(), "{}", catalog.body);
    assert!(!catalog.data("serviceTypes.nodes").as_array().expect("list").is_empty());
    let retired =
        app.gql(Some("alpha"), None, "{ serviceTypes(includeInactive: true) { nodes { id } } }", json!({})).await;
    assert_eq!(retired.code(), Some("UNAUTHENTICATED"));
    let buildings =
        app.gql(Some("alpha"), None, "{ buildings { nodes { id managingOrganization { id } } } }", json!({})).await;
    assert!(
        buildings.body["data"]["buildings"]["nodes"][0]["managingOrganization"]["id"].is_string(),
        "{}",
        buildings.body
    );
    let cities = app.gql(None, None, "{ cities { slug brand } }", json!({})).await;
    let slugs: Vec<&str> =
        cities.data("cities").as_array().expect("cities").iter().filter_map(|c| c["slug"].as_str()).collect();
    assert!(slugs.contains(&"alpha") && slugs.contains(&"beta"), "{}", cities.body);

    let branding = "{ currentTenant { branding { color tileUrl } } }";
    assert_eq!(app.gql(Some("alpha"), None, branding, json!({})).await.data("currentTenant.branding.color"), "#1d5fa8");
    let set = "mutation($i: BrandingInput!) { setBranding(input: $i) { color tileUrl } }";
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let good = json!({ "i": { "color": "#B05210", "tileUrl": "https://tiles.example.kz/{z}/{x}/{y}.png", "tileAttribution": "© OSM" } });
    assert_eq!(app.gql(Some("alpha"), Some(&operator), set, good.clone()).await.code(), Some("FORBIDDEN"));
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let bad = app
        .gql(
            Some("alpha"),
            Some(&admin),
            set,
            json!({ "i": { "color": "orange", "tileUrl": "", "tileAttribution": "" } }),
        )
        .await;
    assert_eq!(bad.code(), Some("VALIDATION"));
    assert!(bad.body.to_string().contains("#rrggbb"), "{}", bad.body);
    // A colour no text is readable on (4.38:1 at best) is refused, naming the field.
    let faint = json!({ "i": { "color": "#C25B12", "tileUrl": "", "tileAttribution": "" } });
    let refused = app.gql(Some("alpha"), Some(&admin), set, faint).await;
    assert_eq!(refused.body["errors"][0]["extensions"]["field"], "color", "{}", refused.body);
    let saved = app.gql(Some("alpha"), Some(&admin), set, good).await;
    assert_eq!(saved.data("setBranding.color"), "#b05210", "{}", saved.body);
    let seen = app.gql(Some("alpha"), None, branding, json!({})).await;
    assert_eq!(seen.data("currentTenant.branding.tileUrl"), "https://tiles.example.kz/{z}/{x}/{y}.png");
    // Another city keeps its own.
    assert_eq!(app.gql(Some("beta"), None, branding, json!({})).await.data("currentTenant.branding.color"), "#1d5fa8");
}

#[tokio::test]
async fn the_web_frontend_is_served_beside_an_untouched_api() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::create_dir_all(web.path().join("assets")).expect("assets");
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Qala 109 app</title>").expect("index");
    std::fs::write(web.path().join("assets/app-1a2b.js"), "console.log(109)").expect("asset");
    let root = web.path().to_path_buf();
    let app = spawn_app_with(move |c| c.web_dir = root).await;
    let get = |path: &str, accept: &str| {
        app.client.get(format!("{}{path}", app.address)).header("accept", accept.to_owned()).send()
    };
    for page in ["/", "/t/alpha", "/t/alpha/staff/queue", "/platform"] {
        let response = get(page, "text/html,application/xhtml+xml").await.expect("answer");
        assert_eq!(response.status(), 200, "{page}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{page}");
        assert!(response.text().await.unwrap_or_default().contains("Qala 109 app"), "{page}");
    }
    let asset = get("/assets/app-1a2b.js", "*/*").await.expect("answer");
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["cache-control"].to_str().unwrap_or_default().contains("immutable"));
    assert!(asset.headers()["content-type"].to_str().unwrap_or_default().contains("javascript"));
    // Missing files and API paths stay JSON 404s, never the app's page; nothing leaves the root.
    for (path, accept) in
        [("/assets/gone.js", "text/html"), ("/t/alpha/nothing", "application/json"), ("/%2e%2e/Cargo.toml", "*/*")]
    {
        let response = get(path, accept).await.expect("answer");
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap_or_default().contains("NOT_FOUND"), "{path}");
    }
    let api = app.gql(Some("alpha"), None, "{ currentTenant { slug } }", json!({})).await;
    assert_eq!(api.data("currentTenant.slug"), "alpha");
    // Precompressed copies the build wrote go out to clients that accept them, typed as the file.
    std::fs::write(web.path().join("assets/app-1a2b.js.gz"), b"GZ-BYTES").expect("gzip copy");
    std::fs::write(web.path().join("assets/app-1a2b.js.br"), b"BR-BYTES").expect("brotli copy");
    std::fs::write(web.path().join("index.html.br"), b"BR-PAGE").expect("brotli page");
    let fetch = |path: &str, encodings: &str| {
        let mut request = app.client.get(format!("{}{path}", app.address)).header("accept", "text/html");
        if !encodings.is_empty() {
            request = request.header("accept-encoding", encodings.to_owned());
        }
        request.send()
    };
    for (path, encodings, expected, body) in [
        ("/assets/app-1a2b.js", "gzip, deflate, br", Some("br"), "BR-BYTES"),
        ("/assets/app-1a2b.js", "gzip", Some("gzip"), "GZ-BYTES"),
        ("/assets/app-1a2b.js", "br;q=0, gzip", Some("gzip"), "GZ-BYTES"),
        ("/assets/app-1a2b.js", "br;q=0.0, gzip;q=0.5", Some("gzip"), "GZ-BYTES"),
        ("/assets/app-1a2b.js", "", None, "console.log(109)"),
        ("/t/alpha/staff/queue", "br", Some("br"), "BR-PAGE"),
        ("/t/alpha/staff/queue", "gzip", None, "Qala 109 app"),
    ] {
        let response = fetch(path, encodings).await.expect("answer");
        let headers = response.headers().clone();
        let encoding = headers.get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(encoding.as_deref(), expected, "{path} with `{encodings}`");
        assert_eq!(headers.get("vary").and_then(|v| v.to_str().ok()), Some("accept-encoding"), "{path}");
        let disposition = headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(!disposition.contains("attachment") && !disposition.contains(".br"), "{path}: {disposition}");
        let kind = if path.ends_with(".js") { "javascript" } else { "text/html" };
        assert!(headers["content-type"].to_str().unwrap_or_default().contains(kind), "{path}: {headers:?}");
        assert!(String::from_utf8_lossy(&response.bytes().await.unwrap_or_default()).contains(body), "{path}");
    }
    // Without a built frontend, the front page still lists the cities.
    let bare = spawn_app_with(|c| c.web_dir = "/nonexistent-qala-web".into()).await;
    let (status, body) = bare.get("/").await;
    assert_eq!(status, 200);
    assert!(body.contains("/t/alpha/graphql"), "{body}");
}
