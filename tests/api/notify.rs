//! Residents hear back: the outbox goes out as text messages, each exactly once.

use serde_json::json;

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::{spawn_app_with, TestApp};
use crate::stand_in::StandIn;

async fn app_sending_to(url: String) -> TestApp {
    spawn_app_with(move |c| {
        c.otp_delivery = "http".into();
        c.otp_gateway_url = Some(url);
    })
    .await
}

#[tokio::test]
async fn residents_get_each_notice_once_in_their_language_even_with_two_senders() {
    let gateway = StandIn::start().await;
    let app = app_sending_to(gateway.url.clone()).await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77017776001")).await;
    let number = receipt["appeal"]["number"].as_str().expect("number").to_owned();
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let deliver = || qala::notify::deliver::deliver_tenant(&app.state, &tenant);

    let (a, b) = tokio::join!(deliver(), deliver());
    assert_eq!(a.expect("sender a").sent + b.expect("sender b").sent, 1);
    assert_eq!(deliver().await.expect("again").sent, 0);
    {
        let bodies = gateway.bodies.lock().expect("lock");
        assert_eq!(bodies.len(), 1);
        let sent: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap_or_default();
        assert_eq!(sent["phone"], "+77017776001");
        assert_eq!(sent["text"], format!("Alpha 109: Обращение № {number} принято. Мы сообщим о результате."));
    }

    let id = receipt["appeal"]["id"].clone();
    app.gql(
        Some("alpha"),
        Some(&executor),
        "mutation($id: ID!) { takeAppeal(id: $id) { status } }",
        json!({ "id": id }),
    )
    .await;
    let resolve = "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Вода подана\") { status } }";
    app.gql(Some("alpha"), Some(&executor), resolve, json!({ "id": id })).await;
    assert_eq!(deliver().await.expect("resolution").sent, 1);
    let last: serde_json::Value =
        serde_json::from_str(gateway.bodies.lock().expect("lock").last().map(String::as_str).unwrap_or("{}"))
            .unwrap_or_default();
    assert!(last["text"].as_str().unwrap_or_default().ends_with("работы выполнены: Вода подана"), "{last}");
    assert_eq!(
        app.scalar(
            "alpha",
            "SELECT COUNT(*) AS n FROM notification_outbox WHERE recipient_kind = 'resident' AND status = 'sent'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_failed_send_is_retried_later_not_at_once() {
    // Nothing listens on port 1: every send fails at once.
    let app = app_sending_to("http://127.0.0.1:1".into()).await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    register(&app, &operator, phone_appeal("1", "+77017776002")).await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let first = qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("first pass");
    assert_eq!((first.sent, first.failed), (0, 1));
    let again = qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("second pass");
    assert_eq!((again.sent, again.failed), (0, 0), "the retry waits for its pause");
    let row = "SELECT CAST(attempts AS BIGINT) AS n FROM notification_outbox WHERE status = 'pending' AND recipient_kind = 'resident'";
    assert_eq!(app.scalar("alpha", row).await, 1);
}
