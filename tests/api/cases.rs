//! Systemic cases: suggested when an organization's figures cross the city's thresholds, opened
//! with its appeals, a deadline set and extended, the report recorded, closed with the
//! organization named ineffective; every step on the timeline, audited and mailed.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::spawn_app;

const CASE: &str = "id status deadline overdue authority outcome organizationName { en }";

#[tokio::test]
async fn a_systemic_case_goes_from_the_suggestion_to_the_list_of_ineffective_organizations() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let mut ids = Vec::new();
    for i in 0..12 {
        let receipt = register(&app, &operator, phone_appeal("1", &format!("+770188800{i:02}"))).await;
        ids.push(receipt["appeal"]["id"].as_str().expect("id").to_owned());
    }
    let leak = register(&app, &operator, phone_appeal("3", "+77018889999")).await;
    // Four of the water utility's twelve appeals pass their deadline: a third, over the 20% line.
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let sql = format!("UPDATE appeals SET due_at = '{past}', warn_at = '{past}' WHERE id IN (1, 2, 3, 4)");
    tx.execute_raw(Statement::from_string(tx.get_database_backend(), sql)).await.expect("backdating");
    tx.commit().await.expect("commit");
    qala::appeals::escalation::watch_tenant(&app.state.db, &tenant).await.expect("the watch");

    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Almaty).date_naive();
    let period = json!({ "from": today - chrono::Duration::days(30), "to": today });
    let suggest = "query($p: PeriodInput!) { caseSuggestions(period: $p) { organizationId name { en } overdueShare overdueCrossed reopenCrossed figures { received openOverdue } } }";
    let reply = app.gql(Some("alpha"), Some(&analyst), suggest, json!({ "p": period })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let suggestions = reply.data("caseSuggestions").as_array().cloned().unwrap_or_default();
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    assert_eq!(suggestions[0]["name"]["en"], "Water utility");
    assert_eq!(suggestions[0]["overdueCrossed"], true);
    assert_eq!(suggestions[0]["figures"]["openOverdue"], 4);

    let open = format!("mutation($i: OpenCaseInput!) {{ openSystemicCase(input: $i) {{ {CASE} }} }}");
    let input = json!({ "i": { "organizationId": "1", "title": "Нет воды по ул. Первой", "reason": "Треть обращений просрочена",
        "appealIds": [ids[0], ids[1], ids[2], ids[3]] } });
    assert_eq!(app.gql(Some("alpha"), Some(&analyst), &open, input.clone()).await.code(), Some("FORBIDDEN"));
    let wrong =
        json!({ "i": { "organizationId": "1", "title": "x", "reason": "y", "appealIds": [leak["appeal"]["id"]] } });
    let refused = app.gql(Some("alpha"), Some(&supervisor), &open, wrong).await;
    assert_eq!(refused.code(), Some("VALIDATION"), "another organization's appeal: {}", refused.body);
    let opened = app.gql(Some("alpha"), Some(&supervisor), &open, input).await;
    assert!(opened.code().is_none(), "{}", opened.body);
    assert_eq!(opened.data("openSystemicCase.status"), "OPEN");
    let id = opened.data("openSystemicCase.id").as_str().expect("id").to_owned();
    let again = app.gql(Some("alpha"), Some(&analyst), suggest, json!({ "p": period })).await;
    assert_eq!(again.data("caseSuggestions").as_array().map(Vec::len), Some(0), "a case is open already");

    let deadline = format!("mutation($id: ID!, $d: NaiveDate!, $r: String) {{ setCaseDeadline(id: $id, authority: \"Управление энергетики и ЖКХ\", deadline: $d, reason: $r) {{ {CASE} }} }}");
    let first = today - chrono::Duration::days(1);
    let set = app.gql(Some("alpha"), Some(&supervisor), &deadline, json!({ "id": id, "d": first })).await;
    assert!(set.code().is_none(), "{}", set.body);
    assert_eq!(set.data("setCaseDeadline.overdue"), true, "the deadline has passed without a report");
    let moved = app
        .gql(Some("alpha"), Some(&supervisor), &deadline, json!({ "id": id, "d": today + chrono::Duration::days(10) }))
        .await;
    assert_eq!(moved.code(), Some("VALIDATION"), "an extension says why");
    let extended = app
        .gql(
            Some("alpha"),
            Some(&supervisor),
            &deadline,
            json!({ "id": id, "d": today + chrono::Duration::days(10), "r": "Ждут поставку труб" }),
        )
        .await;
    assert_eq!(extended.data("setCaseDeadline.overdue"), false);

    let report =
        format!("mutation($id: ID!) {{ recordCaseReport(id: $id, report: \"Заменили 40 м трубы\") {{ {CASE} }} }}");
    assert_eq!(
        app.gql(Some("alpha"), Some(&supervisor), &report, json!({ "id": id })).await.data("recordCaseReport.status"),
        "REPORTED"
    );
    let close = format!("mutation($id: ID!) {{ closeSystemicCase(id: $id, outcome: INEFFECTIVE, comment: \"Аварии повторяются\") {{ {CASE} }} }}");
    let closed = app.gql(Some("alpha"), Some(&supervisor), &close, json!({ "id": id })).await;
    assert_eq!(closed.data("closeSystemicCase.outcome"), "INEFFECTIVE");
    assert_eq!(app.gql(Some("alpha"), Some(&supervisor), &close, json!({ "id": id })).await.code(), Some("VALIDATION"));

    let detail =
        "query($id: ID!) { systemicCase(id: $id) { case { status } appeals { number } timeline { kind comment } } }";
    let detail = app.gql(Some("alpha"), Some(&analyst), detail, json!({ "id": id })).await;
    let kinds: Vec<&str> = detail
        .data("systemicCase.timeline")
        .as_array()
        .map(|t| t.iter().filter_map(|e| e["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, ["opened", "deadline_set", "extended", "reported", "closed"]);
    assert_eq!(detail.data("systemicCase.appeals").as_array().map(Vec::len), Some(4));

    let list = format!("query($o: ID) {{ systemicCases(openOnly: false, organizationId: $o) {{ {CASE} }} }}");
    let of_water = app.gql(Some("alpha"), Some(&analyst), &list, json!({ "o": "1" })).await;
    assert_eq!(of_water.data("systemicCases").as_array().map(Vec::len), Some(1));
    let open_ones = app.gql(Some("alpha"), Some(&analyst), "query { systemicCases { id } }", json!({})).await;
    assert_eq!(open_ones.data("systemicCases").as_array().map(Vec::len), Some(0));
    let named = format!("query($p: PeriodInput!) {{ ineffectiveOrganizations(period: $p) {{ {CASE} }} }}");
    let named = app.gql(Some("alpha"), Some(&analyst), &named, json!({ "p": period })).await;
    assert_eq!(named.data("ineffectiveOrganizations")[0]["organizationName"]["en"], "Water utility");

    // Every step was mailed to the organization and audited.
    let mailed = app
        .scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind LIKE 'case.%' AND recipient_kind = 'organization' AND recipient_id = '1'")
        .await;
    assert_eq!(mailed, 5);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'case.%'").await, 5);
}
