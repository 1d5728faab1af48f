//! The phone system's incoming-call webhook and the operator's screen pop.

use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::{spawn_app, TestApp};

async fn post(app: &TestApp, secret: Option<&str>, body: &str) -> (u16, Value) {
    let mut request = app
        .client
        .post(format!("{}/t/alpha/channels/phone/calls", app.address))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(secret) = secret {
        request = request.bearer_auth(secret);
    }
    let response = request.send().await.expect("answer");
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_incoming_call_pops_the_callers_history_for_the_operator_who_picks_up() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let rotate = "mutation { rotateIntegrationSecret(integration: PHONE) }";
    assert_eq!(app.gql(Some("alpha"), Some(&operator), rotate, json!({})).await.code(), Some("FORBIDDEN"));
    let secret = app
        .gql(Some("alpha"), Some(&admin), rotate, json!({}))
        .await
        .data("rotateIntegrationSecret")
        .as_str()
        .expect("secret")
        .to_owned();
    let receipt = register(&app, &operator, phone_appeal("1", "+77017779001")).await;

    let call = r#"{"call_id": "pbx-0001", "caller": "8 701 777 90 01", "operator": "operator@alpha"}"#;
    assert_eq!(post(&app, None, call).await.0, 403);
    assert_eq!(post(&app, Some("not-the-secret"), call).await.0, 403);
    let (status, body) = post(&app, Some(&secret), "{not json").await;
    assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (400, Some("VALIDATION")));
    assert_eq!(post(&app, Some(&secret), r#"{"call_id": "x", "caller": "1", "extra": 1}"#).await.0, 400);
    assert_eq!(post(&app, Some(&secret), r#"{"call_id": "", "caller": "+77017779001"}"#).await.0, 400);

    let (status, body) = post(&app, Some(&secret), call).await;
    assert_eq!((status, &body), (200, &json!({ "call_id": "pbx-0001", "known_caller": true })));
    assert_eq!(post(&app, Some(&secret), call).await.0, 200, "a retried webhook is harmless");
    let reused = r#"{"call_id": "pbx-0001", "caller": "+77010000000", "operator": "operator@alpha"}"#;
    assert_eq!(post(&app, Some(&secret), reused).await.0, 409, "the same id with another caller is no replay");
    assert_eq!(post(&app, Some(&secret), r#"{"call_id": "pbx-\u0000", "caller": "+77017779001"}"#).await.0, 400);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM calls").await, 1);
    assert_eq!(
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'channel.phone_call'").await,
        2,
        "every delivery is audited"
    );

    let pop = "query { incomingCall { callId caller resident { name appeals { nodes { number } } } } }";
    let mine = app.gql(Some("alpha"), Some(&operator), pop, json!({})).await;
    assert_eq!(mine.data("incomingCall.caller"), "+77017779001");
    assert_eq!(mine.data("incomingCall.resident.name"), "Айгүл Серікова");
    assert_eq!(mine.data("incomingCall.resident.appeals.nodes"), &json!([{ "number": receipt["appeal"]["number"] }]));
    let not_mine = app.gql(Some("alpha"), Some(&supervisor), pop, json!({})).await;
    assert_eq!(not_mine.data("incomingCall"), &Value::Null, "the call went to another operator");

    let (status, body) =
        post(&app, Some(&secret), r#"{"call_id": "pbx-0002", "caller": "anonymous", "operator": "operator@alpha"}"#)
            .await;
    assert_eq!((status, body["known_caller"].as_bool()), (200, Some(false)), "withheld numbers still ring");
    app.gql(Some("alpha"), Some(&admin), rotate, json!({})).await;
    assert_eq!(post(&app, Some(&secret), call).await.0, 403, "a rotated secret stops working");
}
