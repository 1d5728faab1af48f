//! Every appeal reaches the right hands: the launch cities' manifests route every service type
//! at their buildings, and a city's routing table, its buildings' roles and entrances decide
//! before the catalog's fallbacks.

use chrono::Utc;
use qala::appeals::plan::{plan, Choice};
use qala::buildings::model::{building, served_by};
use qala::buildings::roles::BuildingRole;
use qala::catalog::model::service_type;
use qala::orgs::model::organization;
use qala::platform::manifest::Manifest;
use qala::platform::onboard::onboard;
use qala::routing::service::{upsert_by_code, RuleFields};
use qala::routing::{Route, Routed, Unrouted};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

fn launch(city: &str) -> Manifest {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenants").join(format!("{city}.toml"));
    Manifest::load(&path).unwrap_or_else(|e| panic!("{city}: {e:?}"))
}

async fn onboarded(app: &TestApp, city: &str) -> std::sync::Arc<qala::tenancy::Tenant> {
    onboard(&app.state.db, &launch(city), "test", false).await.unwrap_or_else(|e| panic!("{city} onboards: {e}"));
    app.state.tenants.invalidate().await;
    app.state.tenants.by_slug(city).await.expect("registry").expect("the city")
}

/// Where the service type `code` at `building` goes (None: answered at the first call).
async fn goes(
    app: &TestApp,
    tenant: &qala::tenancy::Tenant,
    code: &str,
    building: &str,
    entrance: Option<i32>,
) -> Option<Routed> {
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let st = service_type::Entity::find()
        .filter(service_type::Column::Code.eq(code))
        .one(&tx)
        .await
        .expect("q")
        .expect(code);
    let b = building::Entity::find()
        .filter(building::Column::Code.eq(building))
        .one(&tx)
        .await
        .expect("q")
        .expect(building);
    let choice =
        Choice { service_type_id: st.id, appeal_type: None, building_id: Some(b.id), lat: None, lon: None, entrance };
    plan(&tx, tenant, &choice, Utc::now()).await.expect("a plan").routed
}

async fn org_id(app: &TestApp, tenant: &qala::tenancy::Tenant, code: &str) -> i64 {
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    organization::Entity::find().filter(organization::Column::Code.eq(code)).one(&tx).await.expect("q").expect(code).id
}

/// Item 3 of issue 17: every active service type of each launch city, at a sample of its
/// buildings, reaches an active organization or is answered at the first call. Lift services
/// are sampled at buildings of six floors and more: the building norms require lifts above five.
#[tokio::test]
async fn every_service_type_of_the_launch_cities_reaches_an_organization() {
    let app = spawn_app().await;
    let mut nowhere = Vec::new();
    let mut routed = 0;
    for city in ["astana", "petropavlovsk", "taraz"] {
        let tenant = onboarded(&app, city).await;
        let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
        let types =
            service_type::Entity::find().filter(service_type::Column::Active.eq(true)).all(&tx).await.expect("types");
        let buildings = building::Entity::find()
            .filter(building::Column::Active.eq(true))
            .order_by_asc(building::Column::Code)
            .all(&tx)
            .await
            .expect("buildings");
        drop(tx);
        let sample: Vec<&building::Model> = buildings.iter().step_by(5).collect();
        let with_lifts: Vec<&building::Model> =
            buildings.iter().filter(|b| b.floors.unwrap_or(0) >= 6).take(4).collect();
        assert!(!sample.is_empty() && !with_lifts.is_empty(), "{city} has buildings with and without lifts");
        for st in &types {
            let at = if st.responsible == "elevator_operator" { &with_lifts } else { &sample };
            for b in at {
                match goes(&app, &tenant, &st.code, &b.code, None).await {
                    None => {}
                    Some(Routed::To(..)) => routed += 1,
                    Some(Routed::Nobody(reason)) => {
                        nowhere.push(format!("{city}: {} at {}: {reason}", st.code, b.code))
                    }
                }
            }
        }
    }
    assert!(nowhere.is_empty(), "{} pairs reach no organization:\n{}", nowhere.len(), nowhere.join("\n"));
    assert!(routed > 1000, "{routed}");
}

#[tokio::test]
async fn the_routing_table_the_building_and_its_entrances_decide_in_that_order() {
    let app = spawn_app().await;
    let astana = onboarded(&app, "astana").await;
    // The manifest's Astana: one 16-floor building has its third entrance's lifts kept by
    // another operator than the rest of the building.
    let tx = app.state.db.tenant_tx(&astana.slug).await.expect("tx");
    let entrance = served_by::Entity::find()
        .filter(served_by::Column::Entrance.gt(0))
        .one(&tx)
        .await
        .expect("q")
        .expect("an entrance of its own");
    let split = building::Entity::find_by_id(entrance.building_id).one(&tx).await.expect("q").expect("the building");
    let low = building::Entity::find().filter(building::Column::Floors.lte(5)).one(&tx).await.expect("q").expect("low");
    drop(tx);
    let lifts = |r: Option<Routed>| match r {
        Some(Routed::To(id, Route::Rule { .. })) => id,
        other => panic!("not routed by the lifts rule: {other:?}"),
    };
    let whole = lifts(goes(&app, &astana, "elevator-people-stuck", &split.code, None).await);
    let third = lifts(goes(&app, &astana, "elevator-people-stuck", &split.code, Some(3)).await);
    let first = lifts(goes(&app, &astana, "elevator-people-stuck", &split.code, Some(1)).await);
    assert_ne!(whole, third, "entrance 3 has an operator of its own");
    assert_eq!(whole, first);
    // A five-storey building has no lifts: nobody, with the reason.
    assert_eq!(
        goes(&app, &astana, "elevator-people-stuck", &low.code, None).await,
        Some(Routed::Nobody(Unrouted::NoRoleAtBuilding))
    );
    // A rule above the manifest's sends lifts in one district to the third operator.
    let mut operators = Vec::new();
    for code in ["lift-astana-service", "lift-kazlift", "lift-nur"] {
        operators.push(org_id(&app, &astana, code).await);
    }
    let nur = operators.into_iter().find(|id| *id != whole && *id != third).expect("a third operator");
    let district = split.district.clone().expect("a district");
    let tx = app.state.db.tenant_tx(&astana.slug).await.expect("tx");
    let st = service_type::Entity::find()
        .filter(service_type::Column::Code.eq("elevator-people-stuck"))
        .one(&tx)
        .await
        .expect("q")
        .expect("type");
    let rule = RuleFields {
        code: "stuck-in-district".into(),
        position: 1,
        service_type_id: Some(st.id),
        district: Some(district.clone()),
        org_id: Some(nur),
        active: true,
        ..Default::default()
    };
    let saved = upsert_by_code(&tx, &rule).await.expect("a rule");
    tx.commit().await.expect("commit");
    assert_eq!(
        goes(&app, &astana, "elevator-people-stuck", &split.code, Some(3)).await,
        Some(Routed::To(nur, Route::Rule { id: saved.id, position: 1 }))
    );
    // The rule's organization deactivated, the next rule decides again.
    let tx = app.state.db.tenant_tx(&astana.slug).await.expect("tx");
    let org = organization::Entity::find_by_id(nur).one(&tx).await.expect("q").expect("org");
    let mut org: organization::ActiveModel = org.into();
    org.active = Set(false);
    org.update(&tx).await.expect("deactivated");
    tx.commit().await.expect("commit");
    let after = goes(&app, &astana, "elevator-people-stuck", &split.code, Some(3)).await;
    assert!(matches!(after, Some(Routed::To(id, Route::Rule { .. })) if id == third), "{after:?}");
    // A rule that names a role the building lacks is passed over with its reason.
    let tx = app.state.db.tenant_tx(&astana.slug).await.expect("tx");
    let gas = RuleFields {
        code: "stuck-to-gas".into(),
        position: 2,
        service_type_id: Some(st.id),
        role: Some(BuildingRole::Gas),
        active: true,
        ..Default::default()
    };
    upsert_by_code(&tx, &gas).await.expect("a rule");
    tx.commit().await.expect("commit");
    let after = goes(&app, &astana, "elevator-people-stuck", &split.code, Some(3)).await;
    assert!(matches!(after, Some(Routed::To(id, _)) if id == third), "{after:?}");
    assert_eq!(
        goes(&app, &astana, "elevator-people-stuck", &low.code, None).await,
        Some(Routed::Nobody(Unrouted::NoRoleAtBuilding))
    );
}

/// A manifest that names a role an organization cannot hold, or a rule that names two scopes,
/// is refused with the entry and the field.
#[tokio::test]
async fn manifests_refuse_roles_and_rules_that_cannot_hold() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenants/petropavlovsk.toml");
    let text = std::fs::read_to_string(&path).expect("text");
    let parse = |text: &str| {
        Manifest::parse("petropavlovsk.toml", text, |name| {
            std::fs::read_to_string(path.parent().expect("dir").join(name)).map_err(|e| e.to_string())
        })
    };
    let wrong_role = text.replacen("heat = \"ptr-teploseti\"", "heat = \"lift-servis-sk\"", 1);
    let errors = parse(&wrong_role).expect_err("a lift operator as the heat supplier");
    assert!(errors.iter().any(|e| e.contains("served_by.heat") && e.contains("lift-servis-sk")), "{errors:?}");
    let two_scopes =
        text.replacen("category = \"housing-elevators\"", "category = \"housing-elevators\"\nsphere = \"housing\"", 1);
    let errors = parse(&two_scopes).expect_err("two scopes");
    assert!(errors.iter().any(|e| e.contains("routing[") && e.contains("exactly one")), "{errors:?}");
    let no_such = text.replacen("role = \"elevator\"", "role = \"plumber\"", 1);
    let errors = parse(&no_such).expect_err("an unknown role");
    assert!(errors.iter().any(|e| e.contains("role") && e.contains("plumber")), "{errors:?}");
}

/// An appeal nobody receives is registered all the same, waits in the "needs routing" queue with
/// its reason (shown in the preview first), and leaves the queue once an operator assigns it.
#[tokio::test]
async fn an_appeal_nobody_receives_waits_in_the_needs_routing_queue_with_its_reason() {
    let app = spawn_app().await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let types = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "{ serviceTypes(search: \"leak-in-entrance\") { nodes { id code } } }",
            json!({}),
        )
        .await;
    let leak = types.data("serviceTypes")["nodes"][0]["id"].as_str().expect("the housing service").to_owned();
    let preview = app
        .gql(
            Some("alpha"),
            Some(&operator),
            "query($c: IntakeChoice!) { intakePreview(choice: $c) { organizationId routingReason } }",
            json!({ "c": { "serviceTypeId": leak } }),
        )
        .await;
    assert_eq!(preview.data("intakePreview")["routingReason"], "NO_BUILDING", "{}", preview.body);
    let input = json!({ "i": { "channel": "PHONE", "serviceTypeId": leak, "description": "Течёт в подъезде",
        "address": "ул. Неизвестная, 5", "resident": { "phone": "+77015550101", "language": "RU" } } });
    let registered = app.gql(Some("alpha"), Some(&operator), crate::appeals_flow::REGISTER, input).await;
    let appeal = registered.data("registerAppeal")["appeal"].clone();
    assert_eq!(appeal["status"], "REGISTERED", "{}", registered.body);
    assert!(appeal["organizationId"].is_null());
    let id = appeal["id"].as_str().expect("id").to_owned();

    let queue = "query($f: AppealFilter) { appeals(filter: $f) { nodes { id routingReason } } }";
    let waiting = app.gql(Some("alpha"), Some(&operator), queue, json!({ "f": { "needsRouting": true } })).await;
    let items = waiting.data("appeals")["nodes"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().any(|a| a["id"] == id.as_str() && a["routingReason"] == "NO_BUILDING"), "{}", waiting.body);
    assert!(items.iter().all(|a| !a["routingReason"].is_null()), "only unrouted appeals: {}", waiting.body);

    let ksk = app.gql(Some("alpha"), Some(&operator), "{ organizations { nodes { id code } } }", json!({})).await;
    let ksk = org_in(&ksk, "ksk-one");
    let assign = "mutation($id: ID!, $o: ID!) { assignAppeal(id: $id, organizationId: $o, comment: \"КСК дома\") { status routingReason } }";
    let assigned = app.gql(Some("alpha"), Some(&operator), assign, json!({ "id": id, "o": ksk })).await;
    assert!(assigned.data("assignAppeal")["routingReason"].is_null(), "{}", assigned.body);
    let waiting = app.gql(Some("alpha"), Some(&operator), queue, json!({ "f": { "needsRouting": true } })).await;
    let items = waiting.data("appeals")["nodes"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().all(|a| a["id"] != id.as_str()), "{}", waiting.body);
}

/// The id of the organization `code` in a reply that lists `organizations { nodes { id code } }`.
fn org_in(reply: &crate::helpers::Reply, code: &str) -> String {
    reply.data("organizations")["nodes"]
        .as_array()
        .and_then(|o| o.iter().find(|o| o["code"] == code))
        .and_then(|o| o["id"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{code}: {}", reply.body))
}

/// A city admin changes the routing table and the preview follows; every change is audited, and
/// nobody else may change it.
#[tokio::test]
async fn a_city_admin_changes_a_rule_and_the_preview_follows_it() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let ids = app
        .gql(
            Some("alpha"),
            Some(&admin),
            "{ serviceTypes(search: \"leak-in-entrance\") { nodes { id } } organizations { nodes { id code } }
               buildings { nodes { id code servedBy { role entrance organizationId } } } }",
            json!({}),
        )
        .await;
    let leak = ids.data("serviceTypes")["nodes"][0]["id"].as_str().expect("leak").to_owned();
    let org = |code: &str| org_in(&ids, code);
    let building = ids.data("buildings")["nodes"][0]["id"].as_str().expect("a building").to_owned();
    // The building names its water supplier (tests/fixtures/alpha.toml), as routing reads it.
    let served = &ids.data("buildings")["nodes"][0]["servedBy"];
    assert_eq!(served, &json!([{ "role": "WATER", "entrance": 0, "organizationId": org("water") }]), "{}", ids.body);
    let preview = "query($s: ID!, $b: ID) { routingPreview(serviceTypeId: $s, buildingId: $b) {
        organizationId routedBy ruleId role reason } }";
    let before = app.gql(Some("alpha"), Some(&admin), preview, json!({ "s": leak, "b": building })).await;
    let before = before.data("routingPreview").clone();
    assert_eq!(before["routedBy"], "BUILDING", "{before}");
    assert_eq!(before["role"], "MANAGER");

    let save =
        "mutation($id: ID, $i: RoutingRuleInput!) { saveRoutingRule(id: $id, input: $i) { id code position active } }";
    let target = if before["organizationId"] == org("osi-one").as_str() { org("ksk-one") } else { org("osi-one") };
    let rule = json!({ "code": "leaks-to-one", "position": 5, "serviceTypeId": leak, "organizationId": target,
        "note": "Протечки в подъездах ведёт одна организация" });
    let refused = app.gql(Some("alpha"), Some(&operator), save, json!({ "i": rule })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let mut two_scopes = rule.clone();
    two_scopes["sphereId"] = json!("1");
    let refused = app.gql(Some("alpha"), Some(&admin), save, json!({ "i": two_scopes })).await;
    assert_eq!(refused.code(), Some("VALIDATION"), "{}", refused.body);
    let saved = app.gql(Some("alpha"), Some(&admin), save, json!({ "i": rule })).await;
    let rule_id = saved.data("saveRoutingRule")["id"].as_str().expect("saved").to_owned();
    let again = app.gql(Some("alpha"), Some(&admin), save, json!({ "i": rule })).await;
    assert_eq!(again.code(), Some("CONFLICT"), "a second rule with the code: {}", again.body);

    let after = app.gql(Some("alpha"), Some(&admin), preview, json!({ "s": leak, "b": building })).await;
    let after = after.data("routingPreview").clone();
    assert_eq!(after["routedBy"], "RULE", "{after}");
    assert_eq!(after["ruleId"], rule_id.as_str());
    assert_eq!(after["organizationId"], target.as_str());
    let table = app.gql(Some("alpha"), Some(&operator), "{ routingRules { code position note } }", json!({})).await;
    assert!(table.body.to_string().contains("leaks-to-one"), "operators read the table: {}", table.body);

    let off = "mutation($id: ID!) { setRoutingRuleActive(id: $id, active: false) { active } }";
    let off = app.gql(Some("alpha"), Some(&admin), off, json!({ "id": rule_id })).await;
    assert_eq!(off.data("setRoutingRuleActive")["active"], false, "{}", off.body);
    let back = app.gql(Some("alpha"), Some(&admin), preview, json!({ "s": leak, "b": building })).await;
    assert_eq!(back.data("routingPreview")["routedBy"], "BUILDING", "{}", back.body);
    let gone = app
        .gql(Some("alpha"), Some(&admin), "mutation($id: ID!) { deleteRoutingRule(id: $id) }", json!({ "id": rule_id }))
        .await;
    assert_eq!(gone.data("deleteRoutingRule"), true, "{}", gone.body);
    let audited = app
        .scalar(
            "alpha",
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'routing_rule.%' AND entity = 'routing_rule'",
        )
        .await;
    assert_eq!(audited, 3, "save, deactivate, delete");
}

/// A city admin imports buildings with who serves them from a CSV; a wrong row changes nothing and
/// names its line, and nobody else may import.
#[tokio::test]
async fn buildings_come_in_from_a_csv_with_the_organizations_that_serve_them() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let header = qala::buildings::csv::HEADER;
    let import = "mutation($c: String!) { importBuildingsCsv(csv: $c) { created updated } }";
    let good = format!(
        "{header}\nb-1,\"ул. Первая, 1\",\"Бірінші көшесі, 1\",central,51.16,71.47,120,9,osi,osi-one,,,water,,,\n\
         b-2,\"ул. Вторая, 2\",,central,51.17,71.48,60,5,ksk,ksk-one,,,water,,,\n"
    );
    let refused = app.gql(Some("alpha"), Some(&operator), import, json!({ "c": good })).await;
    assert_eq!(refused.code(), Some("FORBIDDEN"), "{}", refused.body);
    let bad = format!("{header}\nb-3,\"ул. Третья, 3\",,central,51.17,71.48,60,5,osi,osi-one,water,,,,,\n");
    let refused = app.gql(Some("alpha"), Some(&admin), import, json!({ "c": bad })).await;
    assert_eq!(refused.code(), Some("VALIDATION"), "{}", refused.body);
    assert!(
        refused.body.to_string().contains("line 2") && refused.body.to_string().contains("elevator"),
        "{}",
        refused.body
    );
    let done = app.gql(Some("alpha"), Some(&admin), import, json!({ "c": good })).await;
    assert_eq!(done.data("importBuildingsCsv"), &json!({ "created": 1, "updated": 1 }), "{}", done.body);
    let b3 = app.scalar("alpha", "SELECT COUNT(*) AS n FROM buildings WHERE code = 'b-3'").await;
    assert_eq!(b3, 0, "the refused file changed nothing");
    let served = app
        .scalar(
            "alpha",
            "SELECT COUNT(*) AS n FROM building_services s JOIN buildings b ON b.id = s.building_id \
             WHERE b.code = 'b-2' AND s.role = 'water'",
        )
        .await;
    assert_eq!(served, 1);
    let audited = app.scalar("alpha", "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'building.import'").await;
    assert_eq!(audited, 1);
}

/// The admin sets who serves a building through `updateBuilding`: a role the organization cannot
/// hold is refused with the field, the list given replaces the building's, and an update that
/// leaves it out keeps it.
#[tokio::test]
async fn an_admin_sets_who_serves_a_building_through_the_api() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let ids = app
        .gql(
            Some("alpha"),
            Some(&admin),
            "{ organizations { nodes { id code } } buildings { nodes { id } } }",
            json!({}),
        )
        .await;
    let org = |code: &str| org_in(&ids, code);
    let building = ids.data("buildings")["nodes"][0]["id"].as_str().expect("a building").to_owned();
    let update = "mutation($id: ID!, $i: BuildingInput!) { updateBuilding(id: $id, input: $i) {
        servedBy { role entrance organizationId } } }";
    let wrong = json!({ "id": building, "i": { "servedBy": [{ "role": "HEAT", "organizationId": org("ksk-one") }] } });
    let refused = app.gql(Some("alpha"), Some(&admin), update, wrong).await;
    assert_eq!(refused.code(), Some("VALIDATION"), "{}", refused.body);
    assert!(refused.body.to_string().contains("servedBy"), "{}", refused.body);
    let heat = json!({ "id": building, "i": { "servedBy": [
        { "role": "HEAT", "organizationId": org("water") },
        { "role": "WATER", "entrance": 2, "organizationId": org("water") } ] } });
    let saved = app.gql(Some("alpha"), Some(&admin), update, heat).await;
    assert_eq!(
        saved.data("updateBuilding")["servedBy"],
        json!([
            { "role": "HEAT", "entrance": 0, "organizationId": org("water") },
            { "role": "WATER", "entrance": 2, "organizationId": org("water") }
        ]),
        "{}",
        saved.body
    );
    // Other fields alone keep the rows.
    let kept = app.gql(Some("alpha"), Some(&admin), update, json!({ "id": building, "i": { "floors": 10 } })).await;
    assert_eq!(kept.data("updateBuilding")["servedBy"].as_array().map(Vec::len), Some(2), "{}", kept.body);
}
