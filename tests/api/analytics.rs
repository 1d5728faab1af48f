//! The center's figures: rollups that stay exact under every lifecycle operation (a property
//! test on the real mutations), the dashboard, control of execution and the supervisors' inbox.

use qala::appeals::model::appeal;
use qala::appeals::rollup::{self, Counts, Grain};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::{json, Value};

use crate::appeals_flow::{phone_appeal, register};
use crate::helpers::{spawn_app, TestApp};

/// A small repeatable generator (xorshift), seeded per run so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const CHANNELS: [&str; 5] = ["PHONE", "TELEGRAM", "WEB", "EMAIL", "INSTAGRAM"];

fn random_appeal(rng: &mut Rng, n: usize) -> Value {
    let service = (rng.below(3) + 1).to_string();
    let mut input = phone_appeal(&service, &format!("+7701{:07}", 1_000_000 + n));
    input["i"]["channel"] = json!(CHANNELS[rng.below(5) as usize]);
    if rng.below(4) == 0 {
        // No building: no district, and (for the housing service) no organization.
        input["i"]["buildingId"] = Value::Null;
        input["i"]["address"] = json!("ул. Вторая, 5");
    }
    input
}

/// The stored rows equal a recount, and their sums equal what the appeals themselves say.
async fn assert_exact(app: &TestApp, context: &str) {
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let stored = rollup::stored(&tx, Grain::Full, None).await.expect("stored rows");
    let recount = rollup::recount_all(&tx, tenant.time_zone).await.expect("a recount");
    assert_eq!(stored, recount, "{context}: the kept counts differ from a recount");
    for grain in Grain::ALL {
        let kept = rollup::stored(&tx, grain, None).await.expect("stored rows");
        assert_eq!(kept, grain.project_all(&recount), "{context}: the {grain:?} rows differ from a recount");
    }

    let all = appeal::Entity::find().all(&tx).await.expect("appeals");
    let sum = stored.values().fold(Counts::default(), |a, c| a.plus(c, 1));
    let count = |f: &dyn Fn(&appeal::Model) -> bool| all.iter().filter(|a| f(a)).count() as i64;
    let open = ["registered", "assigned", "in_progress", "reopened"];
    assert_eq!(sum.received, all.len() as i64, "{context}");
    assert_eq!(sum.still_open, count(&|a| open.contains(&a.status.as_str())), "{context}");
    assert_eq!(sum.open_overdue, count(&|a| open.contains(&a.status.as_str()) && a.overdue), "{context}");
    assert_eq!(
        sum.resolved_on_time + sum.resolved_late,
        count(&|a| a.status == "resolved" || a.status == "closed"),
        "{context}"
    );
    assert_eq!(sum.rejected, count(&|a| a.status == "rejected"), "{context}");
    assert_eq!(sum.forwarded, count(&|a| a.status == "forwarded"), "{context}");
    assert_eq!(sum.rating_count, count(&|a| a.rating.is_some()), "{context}");
    assert_eq!(sum.rating_sum, all.iter().filter_map(|a| a.rating).map(i64::from).sum::<i64>(), "{context}");
    assert_eq!(sum.first_call, count(&|a| a.first_call), "{context}");
    let reopened = tx
        .query_one_raw(Statement::from_string(
            tx.get_database_backend(),
            "SELECT COUNT(DISTINCT appeal_id) AS n FROM appeal_events WHERE kind = 'reopen'",
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n");
    assert_eq!(sum.reopened, reopened, "{context}: appeals reopened, by their timelines");
    for org in all.iter().map(|a| a.organization_id.unwrap_or(0)).collect::<std::collections::BTreeSet<_>>() {
        let by_org: i64 = stored.iter().filter(|(k, _)| k.organization_id == org).map(|(_, c)| c.received).sum();
        assert_eq!(by_org, count(&|a| a.organization_id.unwrap_or(0) == org), "{context}: organization {org}");
    }
}

#[tokio::test]
async fn rollups_equal_a_recount_after_random_sequences_of_the_lifecycle() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let seed = std::env::var("QALA_PROPERTY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(109, |d| d.as_nanos() as u64) | 1
    });
    println!("QALA_PROPERTY_SEED={seed}");
    let mut rng = Rng(seed);
    let mut appeals: Vec<(String, String, String)> = Vec::new();
    let mut done = std::collections::BTreeMap::<&str, u32>::new();
    // Appeals last resolved or closed: closing, reopening and rating pick mostly from these.
    let mut finished: Vec<(String, String, String)> = Vec::new();
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let required = ["register", "assign", "resolve", "close", "reopen", "rate", "overdue"];
    for step in 0..1000 {
        // At least 240 random steps, and on until every kind of change has happened at least once.
        if step >= 240 && required.iter().all(|op| done.get(op).copied().unwrap_or(0) > 0) {
            break;
        }
        let op = if appeals.len() < 4 { 0 } else { rng.below(16) };
        let pick = |rng: &mut Rng| appeals[rng.below(appeals.len() as u64) as usize].clone();
        let pick_finished = |rng: &mut Rng| match finished.len() {
            n if n > 0 && rng.below(4) != 0 => finished[rng.below(n as u64) as usize].clone(),
            _ => appeals[rng.below(appeals.len() as u64) as usize].clone(),
        };
        let mut chosen: Option<(String, String, String)> = None;
        let (name, query, vars) = match op {
            0..=2 => {
                let receipt = register(&app, &operator, random_appeal(&mut rng, step)).await;
                let a = &receipt["appeal"];
                appeals.push((
                    a["id"].as_str().expect("id").to_owned(),
                    a["number"].as_str().expect("number").to_owned(),
                    receipt["trackingToken"].as_str().expect("token").to_owned(),
                ));
                *done.entry("register").or_default() += 1;
                continue;
            }
            3 => ("assign", "mutation($id: ID!, $o: ID!) { assignAppeal(id: $id, organizationId: $o, comment: \"другая организация\") { id } }",
                json!({ "id": pick(&mut rng).0, "o": (rng.below(3) + 1).to_string() })),
            4 => ("take", "mutation($id: ID!) { takeAppeal(id: $id) { id } }", json!({ "id": pick(&mut rng).0 })),
            5 | 6 => {
                let a = pick(&mut rng);
                chosen = Some(a.clone());
                ("resolve", "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Устранено\") { id } }", json!({ "id": a.0 }))
            }
            7 => {
                let rating = if rng.below(2) == 0 { Value::Null } else { json!(rng.below(5) + 1) };
                let a = pick_finished(&mut rng);
                chosen = Some(a.clone());
                ("close", "mutation($id: ID!, $r: Int) { closeAppeal(id: $id, rating: $r) { id } }", json!({ "id": a.0, "r": rating }))
            }
            8 => ("reopen", "mutation($id: ID!) { reopenAppeal(id: $id, comment: \"Не устранено\") { id } }", json!({ "id": pick_finished(&mut rng).0 })),
            9 => ("reject", "mutation($id: ID!) { rejectAppeal(id: $id, comment: \"Не по адресу\") { id } }", json!({ "id": pick(&mut rng).0 })),
            10 => ("merge", "mutation($id: ID!, $p: ID!) { mergeAppeal(id: $id, parentId: $p) { id } }",
                json!({ "id": pick(&mut rng).0, "p": pick(&mut rng).0 })),
            11 => ("forward", "mutation($id: ID!) { forwardAppeal(id: $id, forwardedTo: \"Полиция\") { id } }", json!({ "id": pick(&mut rng).0 })),
            12 => {
                let until = chrono::Utc::now() + chrono::Duration::days(rng.below(20) as i64 + 2);
                ("extend", "mutation($id: ID!, $u: DateTime!) { extendAppealDeadline(id: $id, until: $u, reason: \"Нужны материалы\") { id } }",
                    json!({ "id": pick(&mut rng).0, "u": until }))
            }
            13 => {
                let (_, number, token) = pick_finished(&mut rng);
                ("rate", "mutation($n: String!, $t: String, $s: Int!) { rateAppeal(number: $n, trackingToken: $t, score: $s) }",
                    json!({ "n": number, "t": token, "s": rng.below(5) + 1 }))
            }
            14 => ("link", "mutation($id: ID!, $p: ID!) { linkAppeal(id: $id, parentId: $p) { id } }",
                json!({ "id": pick(&mut rng).0, "p": pick(&mut rng).0 })),
            _ => {
                // The deadline passes: the watch marks the appeal overdue.
                let id = pick(&mut rng).0;
                let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
                let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
                // Only an open appeal's deadline can pass unseen: a resolved one was judged on time already.
                let sql = format!("UPDATE appeals SET due_at = '{past}', warn_at = '{past}' WHERE id = {id} AND status IN ('registered', 'assigned', 'in_progress', 'reopened')");
                tx.execute_raw(Statement::from_string(tx.get_database_backend(), sql)).await.expect("backdating");
                tx.commit().await.expect("commit");
                qala::appeals::escalation::watch_tenant(&app.state.db, &tenant).await.expect("the watch");
                *done.entry("overdue").or_default() += 1;
                continue;
            }
        };
        // Rating needs no staff token: it is the resident's, by the receipt.
        let token = if name == "rate" { None } else { Some(supervisor.as_str()) };
        let reply = app.gql(Some("alpha"), token, query, vars).await;
        let code = reply.code();
        // A refusal by the rules names its field; a malformed document here would not.
        let field = &reply.body["errors"][0]["extensions"]["field"];
        assert!(code != Some("VALIDATION") || field.is_string(), "step {step} {name}: {}", reply.body);
        assert!(
            matches!(code, None | Some("VALIDATION") | Some("CONFLICT") | Some("NOT_FOUND")),
            "step {step} {name} (seed {seed}): {}",
            reply.body
        );
        if code.is_none() {
            *done.entry(name).or_default() += 1;
            if let Some(a) = chosen {
                finished.push(a);
            }
        }
        if step % 30 == 29 {
            assert_exact(&app, &format!("step {step}, seed {seed}")).await;
        }
    }
    assert_exact(&app, &format!("the end, seed {seed}")).await;
    // The run went through the lifecycle, not only through refusals.
    for op in required {
        assert!(done.get(op).copied().unwrap_or(0) > 0, "no {op} succeeded (seed {seed}): {done:?}");
    }
    // A full recount finds nothing to correct.
    let report = qala::analytics::rebuild::rebuild_tenant(&app.state.db, &tenant).await.expect("rebuild");
    assert_eq!(report.corrected, 0, "seed {seed}");
    assert!(report.rows > 0);
}

#[tokio::test]
async fn a_rebuild_corrects_counts_that_drifted() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    for i in 0..3 {
        register(&app, &operator, phone_appeal("1", &format!("+7701555600{i}"))).await;
    }
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    tx.execute_unprepared("UPDATE appeal_rollups SET received = received + 5").await.expect("drift");
    // The catalog's months, the channels, and a day without appeals.
    tx.execute_unprepared("UPDATE appeal_rollups SET rating_sum = rating_sum + 1 WHERE grain = 3")
        .await
        .expect("drift");
    tx.execute_unprepared("DELETE FROM appeal_rollups WHERE grain = 4").await.expect("drift");
    tx.execute_unprepared(
        "INSERT INTO appeal_rollups (grain, day, service_type_id, organization_id, district, channel, appeal_type, received) \
         VALUES (2, '2001-01-01', 1, 0, '', 'phone', 'complaint', 3)",
    )
    .await
    .expect("a row of a day without appeals");
    tx.commit().await.expect("commit");
    let report = qala::analytics::rebuild::rebuild_tenant(&app.state.db, &tenant).await.expect("rebuild");
    assert!(report.corrected > 0);
    assert_exact(&app, "after a rebuild").await;
    let again = qala::analytics::rebuild::rebuild_tenant(&app.state.db, &tenant).await.expect("rebuild");
    assert_eq!(again.corrected, 0);
}

const DASHBOARD: &str = "query($p: PeriodInput!, $f: AnalyticsFilter, $g: Granularity) {
  dashboard(period: $p, filter: $f, granularity: $g) {
    from to stale receivedChange digitalShare
    current { received firstCall firstCallShare incidents resolved resolvedOnTime onTimeShare stillOpen openOverdue
              averageRating ratingCount medianHoursToResolve p90HoursToResolve }
    previous { received } yearBefore { received }
    volumes { start end received previous yearBefore }
    topCategories { id name { ru } received share }
    topSpheres { id received }
    channels { channel received share digital } } }";

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz_almaty()).date_naive()
}

fn chrono_tz_almaty() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(5 * 3600).expect("UTC+5")
}

#[tokio::test]
async fn the_dashboard_counts_what_happened_and_only_for_those_who_read_figures() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    // Two incidents by phone, one answered at first call by Telegram, one leak by the web.
    let a = register(&app, &operator, phone_appeal("1", "+77015557001")).await;
    register(&app, &operator, phone_appeal("1", "+77015557002")).await;
    let mut info = phone_appeal("2", "+77015557003");
    info["i"]["channel"] = json!("TELEGRAM");
    register(&app, &operator, info).await;
    let mut leak = phone_appeal("3", "+77015557004");
    leak["i"]["channel"] = json!("WEB");
    register(&app, &operator, leak).await;
    let id = a["appeal"]["id"].as_str().expect("id");
    let resolve = "mutation($id: ID!) { resolveAppeal(id: $id, comment: \"Устранено\") { id } }";
    assert!(app.gql(Some("alpha"), Some(&supervisor), resolve, json!({ "id": id })).await.code().is_none());
    let close = "mutation($id: ID!) { closeAppeal(id: $id, rating: 4) { id } }";
    assert!(app.gql(Some("alpha"), Some(&supervisor), close, json!({ "id": id })).await.code().is_none());

    let day = today();
    let week = json!({ "from": day - chrono::Duration::days(6), "to": day });
    let reply = app.gql(Some("alpha"), Some(&analyst), DASHBOARD, json!({ "p": week, "g": "DAY" })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let d = reply.data("dashboard");
    assert_eq!(d["stale"], false);
    assert_eq!(d["current"]["received"], 4);
    assert_eq!(d["current"]["firstCall"], 1);
    assert_eq!(d["current"]["firstCallShare"], 0.25);
    assert_eq!(d["current"]["incidents"], 3, "no-cold-water and the leak are incidents");
    assert_eq!(d["current"]["resolved"], 2, "the first-call answer and the closed incident");
    assert_eq!(d["current"]["onTimeShare"], 1.0);
    assert_eq!(d["current"]["stillOpen"], 2);
    assert_eq!(d["current"]["averageRating"], 4.0);
    assert_eq!(d["current"]["medianHoursToResolve"].as_f64().map(|h| h <= 1.0), Some(true));
    assert_eq!(d["previous"]["received"], 0);
    assert_eq!(d["receivedChange"], Value::Null, "nothing to compare with");
    assert_eq!(d["digitalShare"], 0.5);
    assert_eq!(d["volumes"].as_array().map(Vec::len), Some(7), "a point a day");
    assert_eq!(d["volumes"][6]["received"], 4);
    assert_eq!(d["channels"][0], json!({ "channel": "PHONE", "received": 2, "share": 0.5, "digital": false }));
    assert_eq!(d["topCategories"][0]["received"], 4, "one category, water in the building: {}", d["topCategories"]);
    assert_eq!(d["topSpheres"].as_array().map(Vec::len), Some(1));

    // Every figure drills down to the appeals behind it: the queue counts the same.
    let all = json!([
        "REGISTERED",
        "ASSIGNED",
        "IN_PROGRESS",
        "RESOLVED",
        "CLOSED",
        "REOPENED",
        "REJECTED",
        "MERGED",
        "FORWARDED"
    ]);
    let queue = "query($f: AppealFilter) { appeals(filter: $f) { nodes { id } } }";
    let count = |reply: crate::helpers::Reply| reply.data("appeals.nodes").as_array().map_or(0, Vec::len);
    for (filter, expected) in [
        (json!({ "statuses": all, "firstCall": true }), d["current"]["firstCall"].clone()),
        (json!({ "statuses": all, "appealType": "INCIDENT" }), d["current"]["incidents"].clone()),
        (json!({ "resolvedLate": false }), d["current"]["resolvedOnTime"].clone()),
        (json!({ "statuses": all, "channels": ["TELEGRAM", "WEB"] }), json!(2)),
        (json!({ "statuses": all, "rated": true }), d["current"]["ratingCount"].clone()),
        (json!({ "statuses": all, "reopened": true }), json!(0)),
        (json!({ "statuses": all, "sphereId": d["topSpheres"][0]["id"] }), json!(4)),
    ] {
        let reply = app.gql(Some("alpha"), Some(&analyst), queue, json!({ "f": filter })).await;
        assert!(reply.code().is_none(), "{}", reply.body);
        assert_eq!(json!(count(reply)), expected, "{filter}");
    }

    // Filters narrow every figure.
    let by_channel =
        app.gql(Some("alpha"), Some(&supervisor), DASHBOARD, json!({ "p": week, "f": { "channel": "WEB" } })).await;
    assert_eq!(by_channel.data("dashboard.current.received"), 1);
    let by_category = json!({ "p": week, "f": { "categoryId": d["topCategories"][0]["id"] } });
    let by_category = app.gql(Some("alpha"), Some(&supervisor), DASHBOARD, by_category).await;
    assert_eq!(by_category.data("dashboard.current.received"), 4);
    let by_type =
        app.gql(Some("alpha"), Some(&supervisor), DASHBOARD, json!({ "p": week, "f": { "serviceTypeId": "1" } })).await;
    assert_eq!(by_type.data("dashboard.current.received"), 2);
    let by_org = app
        .gql(Some("alpha"), Some(&supervisor), DASHBOARD, json!({ "p": week, "f": { "organizationId": "1" } }))
        .await;
    assert_eq!(
        by_org.data("dashboard.current.received"),
        2,
        "the water utility's incidents (the first-call answer went to nobody)"
    );
    let weekly = app.gql(Some("alpha"), Some(&supervisor), DASHBOARD, json!({ "p": week, "g": "WEEK" })).await;
    let points = weekly.data("dashboard.volumes").as_array().cloned().unwrap_or_default();
    assert_eq!(points.iter().map(|p| p["received"].as_i64().unwrap_or(0)).sum::<i64>(), 4);

    // Who may read, and what a bad period gets.
    let operator_reply = app.gql(Some("alpha"), Some(&operator), DASHBOARD, json!({ "p": week })).await;
    assert_eq!(operator_reply.code(), Some("FORBIDDEN"));
    let backwards = json!({ "p": { "from": day, "to": day - chrono::Duration::days(1) } });
    assert_eq!(app.gql(Some("alpha"), Some(&analyst), DASHBOARD, backwards).await.code(), Some("VALIDATION"));
    let beta = app.token(Some("beta"), "analyst@beta").await;
    let other_city = app.gql(Some("beta"), Some(&beta), DASHBOARD, json!({ "p": week })).await;
    assert_eq!(other_city.data("dashboard.current.received"), 0, "each city counts its own appeals");
}

#[tokio::test]
async fn execution_names_who_is_late_and_the_inbox_shows_the_supervisors_alerts() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    for i in 0..3 {
        register(&app, &operator, phone_appeal("1", &format!("+7701555800{i}"))).await;
    }
    register(&app, &operator, phone_appeal("3", "+77015558009")).await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let sql = format!("UPDATE appeals SET due_at = '{past}', warn_at = '{past}' WHERE id IN (1, 2)");
    tx.execute_raw(Statement::from_string(tx.get_database_backend(), sql)).await.expect("backdating");
    tx.commit().await.expect("commit");
    qala::appeals::escalation::watch_tenant(&app.state.db, &tenant).await.expect("the watch");

    let day = today();
    let query = "query($p: PeriodInput!, $k: [OrgKind!]) { execution(period: $p, kinds: $k) {
        organizationId kind name { en } figures { received openOverdue resolvedLate onTimeShare } } }";
    let period = json!({ "from": day - chrono::Duration::days(30), "to": day });
    let reply = app.gql(Some("alpha"), Some(&supervisor), query, json!({ "p": period })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let lines = reply.data("execution").as_array().cloned().unwrap_or_default();
    assert_eq!(lines[0]["name"]["en"], "Water utility", "the worst first: {lines:?}");
    assert_eq!(lines[0]["figures"]["openOverdue"], 2);
    assert_eq!(lines[0]["figures"]["received"], 3);
    assert_eq!(lines.iter().map(|l| l["figures"]["received"].as_i64().unwrap_or(0)).sum::<i64>(), 4);
    let housing = app.gql(Some("alpha"), Some(&supervisor), query, json!({ "p": period, "k": ["OSI", "KSK"] })).await;
    let housing = housing.data("execution").as_array().cloned().unwrap_or_default();
    assert_eq!(housing.len(), 1, "{housing:?}");
    assert_eq!(housing[0]["kind"], "OSI");

    // The watch wrote two overdue alerts for the supervisors: the inbox shows them, newest first.
    let inbox = "query($new: Boolean) { supervisorInbox(onlyNew: $new) { unacknowledged hasMore
        alerts { id kind number organizationName { en } acknowledgedAt } } }";
    let reply = app.gql(Some("alpha"), Some(&supervisor), inbox, json!({})).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let alerts = reply.data("supervisorInbox.alerts").as_array().cloned().unwrap_or_default();
    assert_eq!(reply.data("supervisorInbox.unacknowledged"), 2);
    assert!(alerts.iter().all(|a| a["kind"] == "appeal.overdue" && a["organizationName"]["en"] == "Water utility"));
    let first: i64 = alerts[0]["id"].as_str().and_then(|s| s.parse().ok()).expect("id");
    let second: i64 = alerts[1]["id"].as_str().and_then(|s| s.parse().ok()).expect("id");
    assert!(first > second, "newest first");
    let ack = "mutation($ids: [ID!]) { acknowledgeAlerts(ids: $ids) }";
    let done = app.gql(Some("alpha"), Some(&supervisor), ack, json!({ "ids": [alerts[0]["id"]] })).await;
    assert_eq!(done.data("acknowledgeAlerts"), 1);
    let again = app.gql(Some("alpha"), Some(&supervisor), ack, json!({ "ids": [alerts[0]["id"]] })).await;
    assert_eq!(again.data("acknowledgeAlerts"), 0, "once is enough");
    let fresh = app.gql(Some("alpha"), Some(&supervisor), inbox, json!({ "new": true })).await;
    assert_eq!(fresh.data("supervisorInbox.alerts").as_array().map(Vec::len), Some(1));
    assert_eq!(fresh.data("supervisorInbox.unacknowledged"), 1);
    let all = app.gql(Some("alpha"), Some(&supervisor), ack, json!({})).await;
    assert_eq!(all.data("acknowledgeAlerts"), 1);
    let none = app.gql(Some("alpha"), Some(&supervisor), inbox, json!({ "new": true })).await;
    assert_eq!(none.data("supervisorInbox.unacknowledged"), 0);
    // Another supervisor's acknowledgements are their own; executors have no inbox.
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let theirs = app.gql(Some("alpha"), Some(&admin), inbox, json!({ "new": true })).await;
    assert_eq!(theirs.data("supervisorInbox.unacknowledged"), 2);
    let executor = app.token(Some("alpha"), "executor@alpha").await;
    assert_eq!(app.gql(Some("alpha"), Some(&executor), inbox, json!({})).await.code(), Some("FORBIDDEN"));
    let bad = app.gql(Some("alpha"), Some(&supervisor), ack, json!({ "ids": [] })).await;
    assert_eq!(bad.code(), Some("VALIDATION"));
}

/// Creates a building of the alpha city managed by KSK One (organization 2).
async fn building(app: &TestApp, admin: &str, code: &str, address: &str, lat: f64, lon: f64) -> String {
    let create = "mutation($i: BuildingInput!) { createBuilding(input: $i) { id } }";
    let input = json!({ "i": { "code": code, "address": address, "district": "central", "lat": lat, "lon": lon,
        "apartments": 60, "floors": 5, "managementForm": "KSK", "managingOrgId": "2" } });
    let reply = app.gql(Some("alpha"), Some(admin), create, input).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    reply.data("createBuilding.id").as_str().expect("id").to_owned()
}

/// Registers a leak (a housing incident) at a building, dated `days_ago` days back.
async fn leak_at(app: &TestApp, operator: &str, building: &str, phone: &str, days_ago: i64) {
    let mut input = phone_appeal("3", phone);
    input["i"]["buildingId"] = json!(building);
    let receipt = register(app, operator, input).await;
    let id = receipt["appeal"]["id"].as_str().expect("id");
    if days_ago > 0 {
        let at = (chrono::Utc::now() - chrono::Duration::days(days_ago)).to_rfc3339();
        let tenant = qala::tenancy::Slug::parse("alpha").expect("slug");
        let tx = app.state.db.tenant_tx(&tenant).await.expect("tx");
        let sql = format!("UPDATE appeals SET registered_at = '{at}' WHERE id = {id}");
        tx.execute_raw(Statement::from_string(tx.get_database_backend(), sql)).await.expect("backdating");
        tx.commit().await.expect("commit");
    }
}

#[tokio::test]
async fn hotspots_chronic_addresses_and_the_readiness_list_find_where_problems_repeat() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let supervisor = app.token(Some("alpha"), "supervisor@alpha").await;
    // Two houses on one street, a third far away.
    let k40 = building(&app, &admin, "k-40", "ул. Кенесары, 40", 51.1700, 71.4300).await;
    let k42 = building(&app, &admin, "k-42", "ул. Кенесары, 42", 51.1702, 71.4304).await;
    let far = building(&app, &admin, "s-7", "пр. Сарыарқа, 7", 51.1300, 71.5000).await;
    let mut phone = 0;
    let mut next = || {
        phone += 1;
        format!("+7702{:07}", phone)
    };
    // Kenesary 40 leaks every quarter for a year; 42 twice recently; Saryarka once.
    for days in [0, 1, 95, 190, 280] {
        leak_at(&app, &operator, &k40, &next(), days).await;
    }
    for days in [2, 3] {
        leak_at(&app, &operator, &k42, &next(), days).await;
    }
    leak_at(&app, &operator, &far, &next(), 4).await;

    let day = today();
    let month = json!({ "from": day - chrono::Duration::days(30), "to": day });
    let query = "query($p: PeriodInput!, $l: HotspotLevel, $c: Int) { hotspots(period: $p, level: $l, cellMeters: $c) {
        key label buildingId lat lon appeals buildings } }";
    let by_building = app.gql(Some("alpha"), Some(&analyst), query, json!({ "p": month })).await;
    assert!(by_building.code().is_none(), "{}", by_building.body);
    let spots = by_building.data("hotspots").as_array().cloned().unwrap_or_default();
    let ranked: Vec<(&str, i64)> =
        spots.iter().map(|s| (s["label"].as_str().unwrap_or(""), s["appeals"].as_i64().unwrap_or(0))).collect();
    assert_eq!(ranked, vec![("ул. Кенесары, 40", 2), ("ул. Кенесары, 42", 2), ("пр. Сарыарқа, 7", 1)]);
    // A building drills down to its appeals.
    let at_building = "query($b: ID!) { appeals(filter: { buildingId: $b }) { nodes { id } } }";
    let open_there = app.gql(Some("alpha"), Some(&analyst), at_building, json!({ "b": k40 })).await;
    assert_eq!(open_there.data("appeals.nodes").as_array().map(Vec::len), Some(5), "{}", open_there.body);
    let streets = app.gql(Some("alpha"), Some(&analyst), query, json!({ "p": month, "l": "STREET" })).await;
    assert_eq!(streets.data("hotspots")[0]["label"], "ул. Кенесары");
    assert_eq!(streets.data("hotspots")[0]["appeals"], 4);
    assert_eq!(streets.data("hotspots")[0]["buildings"], 2);
    let cells = app.gql(Some("alpha"), Some(&analyst), query, json!({ "p": month, "l": "CELL", "c": 500 })).await;
    assert_eq!(cells.data("hotspots")[0]["appeals"], 4, "the two houses 40 m apart share a cell");
    assert_eq!(cells.data("hotspots").as_array().map(Vec::len), Some(2));
    let tiny = app.gql(Some("alpha"), Some(&analyst), query, json!({ "p": month, "l": "CELL", "c": 5 })).await;
    assert_eq!(tiny.code(), Some("VALIDATION"));

    let chronic = "query($q: Int, $m: Int) { chronicAddresses(quarters: $q, minQuarters: $m) {
        address category { en } quarters { from appeals } quartersHit total } }";
    let reply = app.gql(Some("alpha"), Some(&analyst), chronic, json!({ "q": 4, "m": 3 })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let list = reply.data("chronicAddresses").as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "only Kenesary 40 came back in three quarters: {list:?}");
    assert_eq!(list[0]["address"], "ул. Кенесары, 40");
    assert_eq!(list[0]["quartersHit"].as_i64().map(|n| n >= 3), Some(true));
    assert_eq!(list[0]["quarters"].as_array().map(Vec::len), Some(4));
    assert_eq!(list[0]["category"]["en"], "Water in the building");

    // The readiness list over this calendar year and the last as two "seasons", sent to the KSK.
    use chrono::Datelike;
    let next_new_year = chrono::NaiveDate::from_ymd_opt(day.year() + 1, 1, 1).expect("a day");
    let season = json!({ "seasons": 2, "startMonth": 1, "endMonth": 12, "asOf": next_new_year });
    let readiness = "query($s: SeasonsInput!) { readinessList(seasons: $s) {
        address organizationId organizationName { en } seasons { season appeals } total } }";
    let reply = app.gql(Some("alpha"), Some(&analyst), readiness, json!({ "s": season })).await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let lines = reply.data("readinessList").as_array().cloned().unwrap_or_default();
    assert_eq!(lines[0]["address"], "ул. Кенесары, 40");
    assert_eq!(lines[0]["total"], 5);
    assert_eq!(lines[0]["seasons"][0]["season"], day.year().to_string(), "the newest season first");
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["organizationName"]["en"], "KSK One");

    let send = "mutation($t: String!, $s: SeasonsInput!) { sendReadinessList(title: $t, seasons: $s) }";
    let sent = app.gql(Some("alpha"), Some(&supervisor), send, json!({ "t": "Протечки", "s": season })).await;
    assert!(sent.code().is_none(), "{}", sent.body);
    assert_eq!(sent.data("sendReadinessList"), 0, "no responsible organization has an address yet");
    let contact = "mutation { updateOrganization(id: \"2\", input: { email: \"ksk@one.kz\" }) { email } }";
    assert!(app.gql(Some("alpha"), Some(&admin), contact, json!({})).await.code().is_none());
    let sent = app.gql(Some("alpha"), Some(&supervisor), send, json!({ "t": "Протечки", "s": season })).await;
    assert_eq!(sent.data("sendReadinessList"), 1, "KSK One has an address now");
    let outbox = app
        .scalar("alpha", "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = 'analytics.readiness' AND recipient_kind = 'organization' AND recipient_id = '2'")
        .await;
    assert_eq!(outbox, 2, "a row each time: one settled without a mail, one mailed");
    let audited =
        app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'analytics.readiness_sent'").await;
    assert_eq!(audited, 2);
    let analyst_send = app.gql(Some("alpha"), Some(&analyst), send, json!({ "t": "x", "s": season })).await;
    assert_eq!(analyst_send.code(), Some("FORBIDDEN"), "analysts read; supervisors send");
    let empty_title = app.gql(Some("alpha"), Some(&supervisor), send, json!({ "t": " ", "s": season })).await;
    assert_eq!(empty_title.code(), Some("VALIDATION"));
}

#[tokio::test]
async fn seeded_history_is_counted_exactly_and_looks_like_a_working_center() {
    let app = spawn_app().await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    let written = qala::appeals::seed::seed(&app.state.db, &tenant, 3000, 7, 3).await.expect("seeding");
    assert_eq!(written, 3000);
    assert_exact(&app, "after seeding").await;
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    // Every appeal (written by COPY on PostgreSQL) has its registration in its timeline, and
    // its text arrives as it was drawn.
    let without_registration = tx
        .query_one_raw(Statement::from_string(
            tx.get_database_backend(),
            "SELECT COUNT(*) AS n FROM appeals a WHERE NOT EXISTS (SELECT 1 FROM appeal_events e \
             WHERE e.appeal_id = a.id AND e.kind = 'registered' AND e.at = a.registered_at)",
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n");
    assert_eq!(without_registration, 0);
    let one = appeal::Entity::find().one(&tx).await.expect("query").expect("an appeal");
    assert!(one.description.contains(". ") && one.description.chars().any(|c| ('а'..='я').contains(&c)), "{one:?}");
    assert!(one.search_text.starts_with(&one.number.to_lowercase()), "{one:?}");
    assert_eq!(one.tracking_token.len(), 32);
    let sum = rollup::stored(&tx, Grain::Full, None)
        .await
        .expect("rows")
        .values()
        .fold(Counts::default(), |a, c| a.plus(c, 1));
    assert_eq!(sum.received, 3000);
    assert!(sum.first_call > 0, "information requests answered at first call");
    assert!(sum.resolved_late > 0 && sum.resolved_on_time > sum.resolved_late, "{sum:?}");
    assert!(sum.reopened > 0, "{sum:?}");
    let days: std::collections::BTreeSet<_> =
        rollup::stored(&tx, Grain::Full, None).await.expect("rows").keys().map(|k| k.day).collect();
    let span = *days.last().expect("a day") - *days.first().expect("a day");
    assert!(span.num_days() > 2 * 365, "three years of history: {span}");

    // The dashboard's comparisons are the rows' sums over the same days.
    let stored = rollup::stored(&tx, Grain::Full, None).await.expect("rows");
    tx.commit().await.expect("commit");
    let received = |from: chrono::NaiveDate, to: chrono::NaiveDate| -> i64 {
        stored.iter().filter(|(k, _)| k.day >= from && k.day <= to).map(|(_, c)| c.received).sum()
    };
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let to = today();
    let from = to - chrono::Duration::days(89);
    let reply = app
        .gql(Some("alpha"), Some(&analyst), DASHBOARD, json!({ "p": { "from": from, "to": to }, "g": "MONTH" }))
        .await;
    assert!(reply.code().is_none(), "{}", reply.body);
    let d = reply.data("dashboard");
    assert_eq!(d["current"]["received"], received(from, to));
    assert_eq!(
        d["previous"]["received"],
        received(from - chrono::Duration::days(90), from - chrono::Duration::days(1))
    );
    use chrono::Months;
    let back = |day: chrono::NaiveDate| day.checked_sub_months(Months::new(12)).expect("a day");
    assert_eq!(d["yearBefore"]["received"], received(back(from), back(to)));
    assert!(
        d["previous"]["received"].as_i64().unwrap_or(0) > 0 && d["yearBefore"]["received"].as_i64().unwrap_or(0) > 0
    );
    let volumes: i64 = d["volumes"].as_array().map_or(0, |v| v.iter().filter_map(|p| p["received"].as_i64()).sum());
    assert_eq!(volumes, received(from, to), "the volumes add up to the period");
}

/// The full rows of a seeded history, with each service type's category and sphere.
struct History {
    full: std::collections::BTreeMap<rollup::Key, Counts>,
    catalog: std::collections::HashMap<i64, (i64, i64)>,
}

impl History {
    /// Sums the full rows of some days that pass a test.
    fn sum(&self, from: chrono::NaiveDate, to: chrono::NaiveDate, keep: &dyn Fn(&rollup::Key) -> bool) -> Counts {
        self.full
            .iter()
            .filter(|(k, _)| k.day >= from && k.day <= to && keep(k))
            .fold(Counts::default(), |all, (_, c)| all.plus(c, 1))
    }
}

#[tokio::test]
async fn every_grain_the_dashboard_reads_gives_what_the_full_rows_give() {
    let app = spawn_app().await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("registry").expect("alpha");
    qala::appeals::seed::seed(&app.state.db, &tenant, 4000, 11, 3).await.expect("seeding");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let full = rollup::stored(&tx, Grain::Full, None).await.expect("rows");
    let rows = tx
        .query_all_raw(Statement::from_string(
            tx.get_database_backend(),
            "SELECT s.id, c.id, c.sphere_id FROM service_types s JOIN catalog_categories c ON c.id = s.category_id",
        ))
        .await
        .expect("catalog");
    let catalog = rows
        .iter()
        .map(|r| {
            let at = |i| r.try_get_by_index::<i64>(i).expect("an id");
            (at(0), (at(1), at(2)))
        })
        .collect();
    tx.commit().await.expect("commit");
    let history = History { full, catalog };
    let busiest_org = |history: &History| {
        let mut per: std::collections::BTreeMap<i64, i64> = Default::default();
        for (k, c) in history.full.iter().filter(|(k, _)| k.organization_id != 0) {
            *per.entry(k.organization_id).or_default() += c.received;
        }
        per.into_iter().max_by_key(|(_, n)| *n).map(|(id, _)| id).expect("an organization")
    };
    let org = busiest_org(&history);
    let sphere = history.catalog.values().map(|(_, s)| *s).min().expect("a sphere");

    use chrono::{Datelike, Months};
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let to = today();
    type Keep = Box<dyn Fn(&rollup::Key) -> bool>;
    let catalog = history.catalog.clone();
    let filters: Vec<(&str, Value, Keep)> = vec![
        ("none (channels per day)", json!({}), Box::new(|_| true)),
        ("a channel", json!({ "channel": "PHONE" }), Box::new(|k| k.channel == "phone")),
        (
            "a sphere (the catalog per day and per month)",
            json!({ "sphereId": sphere.to_string() }),
            Box::new(move |k| catalog.get(&k.service_type_id).is_some_and(|(_, s)| *s == sphere)),
        ),
        (
            "an organization (the full rows)",
            json!({ "organizationId": org.to_string() }),
            Box::new(move |k| k.organization_id == org),
        ),
    ];
    let periods = [
        (to - chrono::Duration::days(364), "MONTH"),
        (to - chrono::Duration::days(364), "QUARTER"),
        (to - chrono::Duration::days(90), "WEEK"),
        (to - chrono::Duration::days(6), "DAY"),
        (to.with_day(1).expect("a day") - chrono::Duration::days(1) - chrono::Duration::days(60), "MONTH"),
    ];
    for (name, filter, keep) in &filters {
        for (from, granularity) in periods {
            let context = format!("{name}, {from}..{to} by {granularity}");
            let reply = app
                .gql(
                    Some("alpha"),
                    Some(&analyst),
                    DASHBOARD,
                    json!({ "p": { "from": from, "to": to }, "f": filter, "g": granularity }),
                )
                .await;
            assert!(reply.code().is_none(), "{context}: {}", reply.body);
            let d = reply.data("dashboard");
            let now = history.sum(from, to, keep.as_ref());
            let field = |f: &str| d["current"][f].as_i64().unwrap_or(-1);
            assert_eq!(
                [
                    field("received"),
                    field("firstCall"),
                    field("incidents"),
                    field("resolvedOnTime"),
                    field("stillOpen")
                ],
                [now.received, now.first_call, now.incidents, now.resolved_on_time, now.still_open],
                "{context}"
            );
            assert_eq!(field("ratingCount"), now.rating_count, "{context}");
            let days = (to - from).num_days();
            let before =
                history.sum(from - chrono::Duration::days(days + 1), from - chrono::Duration::days(1), keep.as_ref());
            assert_eq!(d["previous"]["received"].as_i64(), Some(before.received), "{context}");
            let back = |day: chrono::NaiveDate| day.checked_sub_months(Months::new(12)).expect("a day");
            let year = history.sum(back(from), back(to), keep.as_ref());
            assert_eq!(d["yearBefore"]["received"].as_i64(), Some(year.received), "{context}");
            for point in d["volumes"].as_array().expect("volumes") {
                let day = |f: &str| point[f].as_str().expect("a day").parse::<chrono::NaiveDate>().expect("a date");
                let n = history.sum(day("start"), day("end"), keep.as_ref()).received;
                assert_eq!(point["received"].as_i64(), Some(n), "{context}: {point}");
            }
            let mut per_category: std::collections::BTreeMap<i64, i64> = Default::default();
            for (k, c) in history.full.iter().filter(|(k, _)| k.day >= from && k.day <= to && keep(k)) {
                if let Some((category, _)) = history.catalog.get(&k.service_type_id) {
                    *per_category.entry(*category).or_default() += c.received;
                }
            }
            for line in d["topCategories"].as_array().expect("categories") {
                let id: i64 = line["id"].as_str().expect("an id").parse().expect("a number");
                assert_eq!(line["received"].as_i64(), per_category.get(&id).copied(), "{context}: category {id}");
            }
            let channels: i64 =
                d["channels"].as_array().expect("channels").iter().filter_map(|c| c["received"].as_i64()).sum();
            assert_eq!(channels, now.received, "{context}: the channels add up");
        }
    }
}
