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

#[tokio::test]
async fn notices_no_door_can_carry_are_parked_and_never_starve_the_sendable_one() {
    let gateway = StandIn::start().await;
    // Texts go through the gateway; no SMTP relay and no Telegram bot are configured.
    let app = app_sending_to(gateway.url.clone()).await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    {
        use qala::appeals::journal::{notify_all, Recipient};
        let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
        for batch in 0..6 {
            let notices = (0..100)
                .map(|i| {
                    let to =
                        if i % 2 == 0 { format!("email:r{batch}-{i}@example.org") } else { format!("telegram:{i}") };
                    ("received", Recipient::Reply(to), json!({ "number": format!("ALF-{batch}-{i}") }))
                })
                .collect();
            notify_all(&tx, None, "ru", notices).await.expect("an unsendable notice");
        }
        tx.commit().await.expect("commit");
    }
    // The one notice that can leave was written after all of them.
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    register(&app, &operator, phone_appeal("1", "+77017776003")).await;

    let deliver = || qala::notify::deliver::deliver_tenant(&app.state, &tenant);
    let (a, b) = tokio::join!(deliver(), deliver());
    assert_eq!(a.expect("runner a").sent + b.expect("runner b").sent, 1, "the sendable notice leaves in the next pass");
    assert_eq!(deliver().await.expect("again").sent, 0);
    assert_eq!(gateway.bodies.lock().expect("lock").len(), 1, "exactly once");
    let parked = "SELECT COUNT(*) AS n FROM notification_outbox WHERE status = 'parked' AND recipient_kind = 'reply'";
    assert_eq!(app.scalar("alpha", parked).await, 600);

    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let backlog = app
        .gql(Some("alpha"), Some(&admin), "query { notificationBacklog { status reason recipient count } }", json!({}))
        .await;
    assert_eq!(
        backlog.data("notificationBacklog"),
        &json!([
            // The water utility's notice of the appeal routed to it: no relay to e-mail it.
            { "status": "parked", "reason": "no_mail_relay", "recipient": "organization", "count": 1 },
            { "status": "parked", "reason": "no_mail_relay", "recipient": "reply", "count": 300 },
            { "status": "parked", "reason": "no_telegram_bot", "recipient": "reply", "count": 300 },
        ]),
        "{}",
        backlog.body
    );
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    let refused = app.gql(Some("alpha"), Some(&executor), "query { notificationBacklog { count } }", json!({})).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"));
}
