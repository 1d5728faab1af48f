//! Residents verify and vote in the KSK rating; permits notify by themselves; the public sees
//! the permit map, the works queue and its appeal's progress, and nothing personal.

use qala::tenancy::Slug;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::{spawn_app_with, TestApp};
use crate::stand_in::StandIn;

const REQUEST: &str = "mutation($p: String!) { requestVerificationCode(phone: $p, language: RU) }";
const VERIFY: &str = "mutation($p: String!, $c: String!) { verifyPhone(phone: $p, code: $c) { token residentId } }";
const VOTE: &str = "mutation($o: ID!, $b: ID!, $a: String!, $s: Int!) { voteKsk(organizationId: $o, buildingId: $b, apartment: $a, score: $s) { id score apartment } }";
const RATING: &str =
    "query { kskRating { quarter entries { rank organizationId score votes voidedVotes voteAverage apartments } } }";

/// An application whose codes go to a gateway stand-in (`http` delivery unless `adjust` says).
pub async fn app_with_gateway_and(
    adjust: impl FnOnce(&mut qala::config::Config) + Send + 'static,
) -> (TestApp, StandIn) {
    let gateway = StandIn::start().await;
    let url = gateway.url.clone();
    let app = spawn_app_with(move |c| {
        c.otp_delivery = "http".into();
        c.otp_gateway_url = Some(url);
        c.otp_per_phone_per_hour = 3;
        adjust(c);
    })
    .await;
    (app, gateway)
}

pub async fn app_with_gateway() -> (TestApp, StandIn) {
    app_with_gateway_and(|_| {}).await
}

/// The rating entry of an organization in a `kskRating` reply (null when absent).
fn entry(body: &Value, org: &str) -> Value {
    body["data"]["kskRating"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["organizationId"] == org)
        .cloned()
        .unwrap_or_default()
}

pub async fn verified(app: &TestApp, gateway: &StandIn, phone: &str) -> String {
    let sent = app.gql(Some("alpha"), None, REQUEST, json!({ "p": phone })).await;
    assert_eq!(sent.data("requestVerificationCode"), 300, "{}", sent.body);
    let reply = app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": gateway.last_code() })).await;
    reply.data("verifyPhone.token").as_str().unwrap_or_else(|| panic!("{}", reply.body)).to_owned()
}

#[tokio::test]
async fn codes_are_delivered_expire_are_spent_and_resist_guessing() {
    let (app, gateway) = app_with_gateway().await;
    let phone = "+77017770001";
    assert_eq!(app.gql(Some("alpha"), None, REQUEST, json!({ "p": phone })).await.data("requestVerificationCode"), 300);
    let sent: Value = serde_json::from_str(&gateway.bodies.lock().expect("lock")[0]).unwrap_or_default();
    assert_eq!(sent["phone"], phone);
    assert!(sent["text"].as_str().unwrap_or_default().starts_with("Alpha 109: код подтверждения"), "{sent}");
    let code = gateway.last_code();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // Each wrong code says so and how many tries remain; the last one says none do.
    for left in (0..5).rev() {
        let reply = app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": wrong })).await;
        assert_eq!(reply.code(), Some("UNAUTHENTICATED"));
        let extensions = &reply.body["errors"][0]["extensions"];
        assert_eq!(extensions["triesLeft"], left, "{}", reply.body);
        assert_eq!(extensions["reason"], if left > 0 { "WRONG_CODE" } else { "TOO_MANY_ATTEMPTS" });
    }
    let spent = app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": code })).await;
    assert_eq!(spent.code(), Some("UNAUTHENTICATED"), "five wrong guesses spend the code");
    assert_eq!(spent.body["errors"][0]["extensions"]["reason"], "TOO_MANY_ATTEMPTS");

    let token = verified(&app, &gateway, phone).await;
    assert!(!token.is_empty());
    let reuse = app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": gateway.last_code() })).await;
    assert_eq!(reuse.code(), Some("UNAUTHENTICATED"), "a code works once");
    let limited = app.gql(Some("alpha"), None, REQUEST, json!({ "p": phone })).await;
    assert!(limited.code().is_none());
    let over = app.gql(Some("alpha"), None, REQUEST, json!({ "p": phone })).await;
    assert_eq!(over.code(), Some("RATE_LIMITED"), "three codes an hour per phone");
    let bad = app.gql(Some("alpha"), None, REQUEST, json!({ "p": "123" })).await;
    assert_eq!(bad.code(), Some("VALIDATION"));
    assert_eq!(
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM otp_challenges WHERE code_hash LIKE '%' || '$' || '%'").await,
        3,
        "only hashes are kept"
    );
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let (app, gateway) = app_with_gateway_and(|c| c.otp_ttl_secs = 1).await;
    app.gql(Some("alpha"), None, REQUEST, json!({ "p": "+77017770002" })).await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let late = app.gql(Some("alpha"), None, VERIFY, json!({ "p": "+77017770002", "c": gateway.last_code() })).await;
    assert_eq!(late.code(), Some("UNAUTHENTICATED"));
    assert!(late.body["errors"][0]["message"].as_str().unwrap_or_default().contains("expired"));
    assert_eq!(late.body["errors"][0]["extensions"]["reason"], "CODE_EXPIRED");
}

#[tokio::test]
async fn verified_residents_vote_once_per_quarter_and_the_ranking_moves() {
    let (app, gateway) = app_with_gateway().await;
    let first = verified(&app, &gateway, "+77017771001").await;
    let second = verified(&app, &gateway, "+77017771002").await;
    // A second building, managed by KSK One: both organizations manage apartments.
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let building = "mutation { createBuilding(input: { code: \"b-2\", address: \"ул. Вторая, 2\", lat: 51.1, lon: 71.4, apartments: 50, managementForm: KSK, managingOrgId: \"2\" }) { id } }";
    let building = app.gql(Some("alpha"), Some(&admin), building, json!({})).await.data("createBuilding.id").clone();
    let before = app.gql(Some("alpha"), None, RATING, json!({})).await;
    let entries = before.data("kskRating.entries").as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "KSK One and OSI One: {}", before.body);
    let osi_before = entry(&before.body, "3");
    assert_eq!((osi_before["votes"].as_i64(), osi_before["apartments"].as_i64()), (Some(0), Some(120)));

    let vote = |token: String, org: &'static str, apartment: &'static str, score: i32| {
        let app = &app;
        async move {
            app.gql(Some("alpha"), Some(&token), VOTE, json!({ "o": org, "b": "1", "a": apartment, "s": score })).await
        }
    };
    let cast = vote(first.clone(), "3", "12", 2).await;
    let id = cast.data("voteKsk.id").clone();
    let changed = vote(first.clone(), "3", "12", 5).await;
    assert_eq!(
        (changed.data("voteKsk.id"), changed.data("voteKsk.score")),
        (&id, &json!(5)),
        "changed within the quarter, not added"
    );
    assert_eq!(
        vote(first.clone(), "2", "12", 5).await.body["errors"][0]["extensions"]["field"],
        "buildingId",
        "KSK One does not manage building 1"
    );
    assert_eq!(vote(first.clone(), "3", "121", 5).await.body["errors"][0]["extensions"]["field"], "apartment");
    assert_eq!(vote(first.clone(), "3", "12", 9).await.code(), Some("VALIDATION"));
    assert_eq!(vote(second.clone(), "3", "12", 1).await.code(), Some("CONFLICT"), "one vote per apartment");
    let staff = app.token(Some("alpha"), "operator@alpha").await;
    assert_eq!(vote(staff, "3", "14", 5).await.code(), Some("FORBIDDEN"));
    let anonymous = app.gql(Some("alpha"), None, VOTE, json!({ "o": "3", "b": "1", "a": "15", "s": 5 })).await;
    assert_eq!(anonymous.code(), Some("UNAUTHENTICATED"));
    let other_city = app.gql(Some("beta"), Some(&first), VOTE, json!({ "o": "3", "b": "1", "a": "15", "s": 5 })).await;
    assert_eq!(other_city.code(), Some("UNAUTHENTICATED"), "a resident token is for its own city");

    // KSK One's resident is unhappy: the ranking turns over.
    let ksk_vote =
        app.gql(Some("alpha"), Some(&second), VOTE, json!({ "o": "2", "b": building, "a": "3", "s": 1 })).await;
    assert!(ksk_vote.code().is_none(), "{}", ksk_vote.body);
    assert_eq!(entry(&before.body, "2")["rank"], 1, "with no votes the tie goes by id");
    let after = app.gql(Some("alpha"), None, RATING, json!({})).await;
    assert_eq!(
        (entry(&after.body, "3")["rank"].as_i64(), entry(&after.body, "2")["rank"].as_i64()),
        (Some(1), Some(2)),
        "{}",
        after.body
    );
    let osi = entry(&after.body, "3");
    assert_ne!(osi["score"], osi_before["score"], "the score moves with the votes");

    // Double voting at once: exactly one standing vote of the resident remains.
    let burst = (0..6).map(|s| vote(second.clone(), "3", "13", s % 5 + 1));
    let replies = futures_util::future::join_all(burst).await;
    assert!(
        replies.iter().all(|r| r.code().is_none() || r.code() == Some("CONFLICT")),
        "{:?}",
        replies.iter().map(|r| r.body.clone()).collect::<Vec<_>>()
    );
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM ksk_votes WHERE voided_at IS NULL").await, 3);
    let audited =
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'rating.vote'").await as usize;
    assert_eq!(audited, 3 + replies.iter().filter(|r| r.code().is_none()).count(), "every vote is audited");

    // A city admin voids a fraudulent vote: the rating shows it at once.
    let void = "mutation($id: ID!) { voidKskVote(id: $id, reason: \"Голоса с одного адреса\") { voided voidReason } }";
    assert_eq!(app.gql(Some("alpha"), Some(&admin), void, json!({ "id": id })).await.data("voidKskVote.voided"), true);
    assert_eq!(
        app.gql(Some("alpha"), Some(&staff_token(&app).await), void, json!({ "id": id })).await.code(),
        Some("FORBIDDEN")
    );
    let voided = app.gql(Some("alpha"), None, RATING, json!({})).await;
    let osi = entry(&voided.body, "3");
    assert_eq!((osi["votes"].as_i64(), osi["voidedVotes"].as_i64()), (Some(1), Some(1)), "{}", voided.body);
    assert_eq!(
        vote(first, "3", "12", 4).await.code(),
        Some("FORBIDDEN"),
        "a voided voter does not vote again this quarter"
    );
    let third = verified(&app, &gateway, "+77017771003").await;
    let again = vote(third, "3", "012", 4).await;
    assert!(again.code().is_none(), "after voiding, the apartment may vote again: {}", again.body);
    assert_eq!(again.data("voteKsk.apartment"), "12", "one spelling per apartment");
}

async fn staff_token(app: &TestApp) -> String {
    app.token(Some("alpha"), "supervisor@alpha").await
}

#[tokio::test]
async fn overdue_permits_notify_holder_and_police_once_per_interval_even_with_two_runners() {
    let (app, _) = app_with_gateway().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let police = "mutation { createOrganization(input: { code: \"police\", kind: POLICE, name: { kk: \"Полиция\", ru: \"Полиция\", en: \"Police\" } }) { id } }";
    app.gql(Some("alpha"), Some(&admin), police, json!({})).await;
    let today = chrono::Utc::now().date_naive();
    let create = "mutation($i: PermitCreate!) { createPermit(input: $i) { id status } }";
    let permit = |number: &str, restore_by: chrono::NaiveDate| {
        json!({ "i": { "number": number, "holderOrgId": "1", "workType": "Ремонт водопровода", "address": "ул. Первая, 1",
            "geometry": "{\"type\":\"LineString\",\"coordinates\":[[71.47,51.16],[71.48,51.161]]}",
            "issuedOn": restore_by - chrono::Duration::days(20), "workFrom": restore_by - chrono::Duration::days(15),
            "workTo": restore_by - chrono::Duration::days(5), "restoreBy": restore_by } })
    };
    let late = app.gql(Some("alpha"), Some(&admin), create, permit("ОР-17", today - chrono::Duration::days(2))).await;
    assert_eq!(late.data("createPermit.status"), "OVERDUE", "{}", late.body);
    let on_time =
        app.gql(Some("alpha"), Some(&admin), create, permit("ОР-18", today + chrono::Duration::days(10))).await;
    assert_eq!(on_time.data("createPermit.status"), "ACTIVE");
    let bad = app.gql(Some("alpha"), Some(&admin), create, json!({ "i": { "number": "X", "holderOrgId": "1", "workType": "x", "address": "x",
        "geometry": "{\"type\":\"Polygon\"}", "issuedOn": today, "workFrom": today, "workTo": today, "restoreBy": today } })).await;
    assert_eq!(bad.body["errors"][0]["extensions"]["field"], "geometry");

    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let watch = || qala::works::permits::watch_tenant(&app.state.db, &tenant);
    let (a, b) = tokio::join!(watch(), watch());
    assert_eq!(a.expect("runner a") + b.expect("runner b"), 1);
    assert_eq!(watch().await.expect("again"), 0, "not again within the interval");
    let rows = "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'permit.overdue'";
    assert_eq!(app.scalar("alpha", rows).await, 2, "the holder and the police");

    // Past the interval, the reminder repeats; once closed, it stops.
    let tx = app.state.db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("tx");
    let past = (chrono::Utc::now() - chrono::Duration::hours(25)).to_rfc3339();
    tx.execute_raw(Statement::from_string(
        tx.get_database_backend(),
        format!("UPDATE permits SET last_notified_at = '{past}'"),
    ))
    .await
    .expect("backdate");
    tx.commit().await.expect("commit");
    assert_eq!(watch().await.expect("reminder"), 1);
    assert_eq!(app.scalar("alpha", rows).await, 4);
    let id = late.data("createPermit.id").clone();
    let close = "mutation($id: ID!, $d: NaiveDate!) { closePermit(id: $id, closedOn: $d) { status } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), close, json!({ "id": id, "d": today })).await.data("closePermit.status"),
        "CLOSED"
    );
    let tx = app.state.db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("tx");
    tx.execute_raw(Statement::from_string(
        tx.get_database_backend(),
        format!("UPDATE permits SET last_notified_at = '{past}'"),
    ))
    .await
    .expect("backdate");
    tx.commit().await.expect("commit");
    assert_eq!(watch().await.expect("closed"), 0);

    // The public map: open permits only, as GeoJSON, without logging in.
    let (status, body) = app.get("/t/alpha/public/permits.geojson").await;
    assert_eq!(status, 200);
    let map: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(map["type"], "FeatureCollection");
    assert_eq!(map["features"].as_array().map(Vec::len), Some(1));
    assert_eq!(map["features"][0]["geometry"]["type"], "LineString");
    assert_eq!(map["features"][0]["properties"]["status"], "active");
}

#[tokio::test]
async fn the_works_queue_orders_by_apartments_then_appeals_then_area() {
    let (app, _) = app_with_gateway().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    register(&app, &operator, phone_appeal("1", "+77017772001")).await;
    let save = "mutation($i: WorksEntryInput!) { saveWorksEntry(input: $i) }";
    let entries = [
        json!({ "program": "yard_asphalt", "address": "ул. Вторая, 5", "apartments": 120, "areaM2": 500.0, "contractor": "ТОО Жол", "costTenge": 12500000 }),
        json!({ "program": "yard_asphalt", "buildingId": "1", "areaM2": 500.0 }),
        json!({ "program": "yard_asphalt", "address": "ул. Третья, 9", "apartments": 200, "areaM2": 50.0 }),
        json!({ "program": "yard_asphalt", "address": "ул. Вторая, 7", "apartments": 120, "areaM2": 500.0 }),
        json!({ "program": "yard_asphalt", "address": "ул. Четвёртая, 2", "apartments": 120, "areaM2": 800.0, "status": "CANCELLED" }),
    ];
    for input in entries {
        assert!(app.gql(Some("alpha"), Some(&admin), save, json!({ "i": input })).await.code().is_none());
    }
    let bad = app
        .gql(
            Some("alpha"),
            Some(&admin),
            save,
            json!({ "i": { "program": "Yard Asphalt", "address": "x", "areaM2": 1.0 } }),
        )
        .await;
    assert_eq!(bad.body["errors"][0]["extensions"]["field"], "program");
    let queue = app
        .gql(
            Some("alpha"),
            None,
            "query { worksQueue(lang: KK) { position address apartments appeals statusLabel buildingId lat lon } }",
            json!({}),
        )
        .await;
    let rows = queue.data("worksQueue").as_array().cloned().unwrap_or_default();
    let addresses: Vec<&str> = rows.iter().filter_map(|r| r["address"].as_str()).collect();
    // 200 apartments first; of the 120s, building 1 has an appeal; the two plain ones tie fully
    // and keep their order of entry; the cancelled one is not in the public queue.
    assert_eq!(addresses, ["ул. Третья, 9", "ул. Первая, 1", "ул. Вторая, 5", "ул. Вторая, 7"]);
    assert_eq!(rows[1]["appeals"], 1);
    assert_eq!(rows[0]["statusLabel"], "Жоспарланған");
    // The building's point puts its entry on the map; an address alone has none.
    assert_eq!((rows[1]["buildingId"].as_str(), rows[1]["lat"].as_f64()), (Some("1"), Some(51.16)));
    assert!(rows[0]["lat"].is_null() && rows[0]["buildingId"].is_null());
}

#[tokio::test]
async fn public_endpoints_reveal_no_phone_name_or_iin() {
    let (app, gateway) = app_with_gateway().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let mut input = phone_appeal("1", "+77017773456");
    input["i"]["resident"]["iin"] = json!("850315300128");
    let receipt = register(&app, &operator, input).await;
    let number = receipt["appeal"]["number"].as_str().expect("number").to_owned();
    let token = verified(&app, &gateway, "+77017773456").await;
    app.gql(Some("alpha"), Some(&token), VOTE, json!({ "o": "3", "b": "1", "a": "7", "s": 4 })).await;

    let track = "query($n: String!, $l: String!) { trackAppeal(number: $n, phoneLast4: $l) { number status events { at kind status } } }";
    let seen = app.gql(Some("alpha"), None, track, json!({ "n": number, "l": "3456" })).await;
    assert_eq!(seen.data("trackAppeal.status"), "ASSIGNED");
    assert_eq!(seen.data("trackAppeal.events")[0]["kind"], "registered");
    let wrong = app.gql(Some("alpha"), None, track, json!({ "n": number, "l": "0000" })).await;
    assert_eq!(wrong.code(), Some("NOT_FOUND"));

    let rating = app.gql(Some("alpha"), None, RATING, json!({})).await;
    let (_, map) = app.get("/t/alpha/public/permits.geojson").await;
    let queue = app.gql(Some("alpha"), None, "query { worksQueue { address } }", json!({})).await;
    for public in [seen.body.to_string(), rating.body.to_string(), map, queue.body.to_string()] {
        for secret in ["77017773456", "3456\"", "Айгүл", "Серікова", "850315300128"] {
            assert!(!public.contains(secret), "{secret} leaked in {public}");
        }
    }
    for _ in 0..10 {
        app.gql(Some("alpha"), None, track, json!({ "n": number, "l": "1111" })).await;
    }
    let guessed = app.gql(Some("alpha"), None, track, json!({ "n": number, "l": "3456" })).await;
    assert_eq!(guessed.code(), Some("RATE_LIMITED"), "guessing an appeal's digits stops after ten tries");
}

#[tokio::test]
async fn codes_can_go_through_the_telegram_gateway() {
    let (app, gateway) = app_with_gateway_and(|c| {
        c.otp_delivery = "telegram".into();
        c.otp_gateway_token = Some("gateway-token".into());
    })
    .await;
    assert!(app.gql(Some("alpha"), None, REQUEST, json!({ "p": "8 701 777 40 01" })).await.code().is_none());
    let sent: Value = serde_json::from_str(&gateway.bodies.lock().expect("lock")[0]).unwrap_or_default();
    assert_eq!(sent["phone_number"], "77017774001");
    let code = sent["code"].as_str().unwrap_or_default().to_owned();
    assert_eq!(code.len(), 6);
    let reply = app.gql(Some("alpha"), None, VERIFY, json!({ "p": "+77017774001", "c": code })).await;
    assert!(reply.data("verifyPhone.token").is_string(), "{}", reply.body);
}

#[tokio::test]
async fn parallel_guesses_share_the_attempt_limit() {
    let (app, gateway) = app_with_gateway().await;
    let phone = "+77017775001";
    app.gql(Some("alpha"), None, REQUEST, json!({ "p": phone })).await;
    let code = gateway.last_code();
    let wrong: Vec<String> =
        (0..20).map(|i| format!("{:06}", (code.parse::<u32>().unwrap_or(0) + 1 + i) % 1_000_000)).collect();
    let guesses = wrong.iter().map(|c| app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": c })));
    let replies = futures_util::future::join_all(guesses).await;
    assert!(replies.iter().all(|r| r.code() == Some("UNAUTHENTICATED")));
    let attempts =
        app.scalar("alpha", "SELECT CAST(attempts AS BIGINT) AS n FROM otp_challenges ORDER BY id DESC LIMIT 1").await;
    assert!(attempts <= 5, "{attempts} guesses were checked");
    let right = app.gql(Some("alpha"), None, VERIFY, json!({ "p": phone, "c": code })).await;
    assert_eq!(right.code(), Some("UNAUTHENTICATED"), "the code is spent");
}
