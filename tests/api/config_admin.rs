//! A city admin configures organizations, buildings, the catalog and users.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn organizations_are_created_validated_updated_paged_and_deactivated() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let create = "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id code bin } }";
    let bad_bin = json!({ "i": { "code": "ksk-two", "kind": "KSK", "bin": "980440001233", "name": { "kk": "А", "ru": "А", "en": "A" } } });
    let reply = app.gql(Some("alpha"), Some(&admin), create, bad_bin).await;
    assert_eq!(reply.code(), Some("VALIDATION"));
    assert_eq!(reply.body["errors"][0]["extensions"]["field"], "bin");

    let missing_name = json!({ "i": { "code": "ksk-two", "kind": "KSK", "name": { "kk": "А", "ru": "", "en": "A" } } });
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), create, missing_name).await.body["errors"][0]["extensions"]["field"],
        "name.ru"
    );

    let duplicate = json!({ "i": { "code": "water", "kind": "UTILITY", "name": { "kk": "А", "ru": "А", "en": "A" } } });
    assert_eq!(app.gql(Some("alpha"), Some(&admin), create, duplicate).await.code(), Some("CONFLICT"));

    for n in 0..5 {
        let input = json!({ "i": { "code": format!("dept-{n}"), "kind": "DEPARTMENT", "name": { "kk": "Бөлім", "ru": "Отдел", "en": "Dept" } } });
        assert!(app.gql(Some("alpha"), Some(&admin), create, input).await.code().is_none());
    }
    let page = "query($after: String) { organizations(kind: DEPARTMENT, page: { first: 2, after: $after }) { nodes { code } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let reply = app.gql(Some("alpha"), Some(&admin), page, json!({ "after": after })).await;
        let nodes = reply.data("organizations.nodes").as_array().cloned().unwrap_or_default();
        assert!(nodes.len() <= 2);
        seen.extend(nodes.iter().map(|n| n["code"].as_str().unwrap_or_default().to_owned()));
        if reply.data("organizations.pageInfo.hasNextPage") != true {
            break;
        }
        after = reply.data("organizations.pageInfo.endCursor").clone();
    }
    assert_eq!(seen, ["dept-0", "dept-1", "dept-2", "dept-3", "dept-4"]);

    let bad_cursor = app.gql(Some("alpha"), Some(&admin), page, json!({ "after": "not-a-cursor" })).await;
    assert_eq!(bad_cursor.code(), Some("VALIDATION"));

    let update = "mutation { updateOrganization(id: \"1\", input: { head: \"Айгерім Сейітова\", phone: \"+77172000000\" }) { head phone code } }";
    let updated = app.gql(Some("alpha"), Some(&admin), update, json!({})).await;
    assert_eq!(
        updated.data("updateOrganization"),
        &json!({ "head": "Айгерім Сейітова", "phone": "+77172000000", "code": "water" })
    );

    let off = app
        .gql(
            Some("alpha"),
            Some(&admin),
            "mutation { setOrganizationActive(id: \"4\", active: false) { active } }",
            json!({}),
        )
        .await;
    assert_eq!(off.data("setOrganizationActive.active"), false);
    let active = app
        .gql(Some("alpha"), Some(&admin), "query { organizations(kind: DEPARTMENT) { nodes { code } } }", json!({}))
        .await;
    assert_eq!(active.data("organizations.nodes").as_array().map(Vec::len), Some(4));
    let missing = app.gql(Some("alpha"), Some(&admin), "query { organization(id: \"999\") { code } }", json!({})).await;
    assert_eq!(missing.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn names_follow_the_language_argument_then_accept_language_then_the_tenant() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let query = "query { organization(id: \"1\") { name ru: name(lang: RU) } }";
    let default = app.gql(Some("alpha"), Some(&admin), query, json!({})).await;
    assert_eq!(
        default.data("organization"),
        &json!({ "name": "Су арнасы", "ru": "Водоканал" }),
        "alpha speaks Kazakh by default"
    );
    let call = crate::helpers::Call {
        tenant: Some("alpha"),
        token: Some(&admin),
        headers: vec![("accept-language", "en-GB,en;q=0.9")],
        path: None,
    };
    let english = app.call(call, query, json!({})).await;
    assert_eq!(english.data("organization.name"), "Water utility");
}

#[tokio::test]
async fn buildings_keep_the_history_of_their_management() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let history = "query { building(id: \"1\") { managementForm managingOrganization { code } managementHistory { form since until } } }";
    let before = app.gql(Some("alpha"), Some(&admin), history, json!({})).await;
    assert_eq!(before.data("building.managementForm"), "OSI");
    assert_eq!(before.data("building.managingOrganization.code"), "osi-one");
    let periods = before.data("building.managementHistory").as_array().cloned().unwrap_or_default();
    assert_eq!(periods.len(), 2, "{periods:?}");
    assert_eq!(periods[0]["form"], "KSK");
    assert_eq!(periods[0]["until"], "2023-06-30");
    assert_eq!(periods[1]["since"], "2023-06-30");

    let not_housing = "mutation { updateBuilding(id: \"1\", input: { managingOrgId: \"1\" }) { id } }";
    let refused = app.gql(Some("alpha"), Some(&admin), not_housing, json!({})).await;
    assert_eq!(
        refused.body["errors"][0]["extensions"]["field"], "managingOrgId",
        "a water utility does not manage buildings"
    );

    let create = "mutation { createBuilding(input: { code: \"b-2\", address: \"ул. Вторая, 2\", lat: 51.1, lon: 71.4, apartments: 80, managementForm: KSK, managingOrgId: \"2\" }) { id code apartments } }";
    let created = app.gql(Some("alpha"), Some(&admin), create, json!({})).await;
    assert_eq!(created.data("createBuilding.apartments"), 80);
    let bad = "mutation { createBuilding(input: { code: \"b-3\", address: \"x\", lat: 151.0, lon: 71.4, managementForm: KSK, managingOrgId: \"2\" }) { id } }";
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), bad, json!({})).await.body["errors"][0]["extensions"]["field"],
        "lat"
    );
    let search = app
        .gql(Some("alpha"), Some(&admin), "query { buildings(search: \"ВТОРАЯ\") { nodes { code } } }", json!({}))
        .await;
    assert_eq!(search.data("buildings.nodes"), &json!([{ "code": "b-2" }]), "search folds Cyrillic case");
}

#[tokio::test]
async fn the_catalog_is_edited_imported_and_searched_in_three_languages() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let tree = app.gql(Some("alpha"), Some(&admin), "query { spheres { code categories { code } } }", json!({})).await;
    assert_eq!(tree.data("spheres"), &json!([{ "code": "water", "categories": [{ "code": "building-water" }] }]));

    let save = "mutation($i: ServiceTypeInput!) { saveServiceType(input: $i) { id code deadlineValue deadlineUnit firstCallAnswer(lang: EN) } }";
    let info_without_answer = json!({ "i": { "code": "hours", "categoryId": "1", "name": { "kk": "Сағат", "ru": "Часы", "en": "Hours" }, "appealType": "INFORMATION_REQUEST", "responsible": "utility", "deadline": "1wd" } });
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), save, info_without_answer).await.body["errors"][0]["extensions"]["field"],
        "firstCallAnswer"
    );
    let bad_deadline = json!({ "i": { "code": "leak", "categoryId": "1", "name": { "kk": "Ағу", "ru": "Течь", "en": "Leak" }, "appealType": "INCIDENT", "responsible": "housing", "deadline": "3 days" } });
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), save, bad_deadline).await.body["errors"][0]["extensions"]["field"],
        "deadline"
    );
    let good = json!({ "i": { "code": "leak", "categoryId": "1", "name": { "kk": "Ағу", "ru": "Течь в подъезде", "en": "Leak" }, "appealType": "INCIDENT", "responsible": "housing", "deadline": "6h", "requiresPhoto": true } });
    let saved = app.gql(Some("alpha"), Some(&admin), save, good).await;
    assert_eq!(saved.data("saveServiceType.deadlineUnit"), "HOURS");

    let csv = format!(
        "{}\nheating,Жылу,Отопление,Heating,radiators,Радиаторлар,Радиаторы,Radiators,cold-radiators,Суық радиаторлар,Холодные радиаторы,Cold radiators,complaint,housing,,15wd,,,,false\n",
        qala::catalog::csv::HEADER
    );
    let import = "mutation($c: String!) { importCatalogCsv(csv: $c) { created updated } }";
    let counts = app.gql(Some("alpha"), Some(&admin), import, json!({ "c": csv })).await;
    assert_eq!(counts.data("importCatalogCsv"), &json!({ "created": 1, "updated": 0 }));
    let again = app.gql(Some("alpha"), Some(&admin), import, json!({ "c": csv })).await;
    assert_eq!(
        again.data("importCatalogCsv"),
        &json!({ "created": 0, "updated": 1 }),
        "re-importing updates, never duplicates"
    );
    let broken = app
        .gql(Some("alpha"), Some(&admin), import, json!({ "c": format!("{}\nbad,row", qala::catalog::csv::HEADER) }))
        .await;
    assert_eq!(broken.code(), Some("VALIDATION"));

    for (query, expected) in
        [("холодные", "cold-radiators"), ("суық радиатор", "cold-radiators"), ("ТЕЧЬ В ПОДЪЕЗДЕ", "leak")]
    {
        // Search ranks: the service meant comes first (inflected forms such as «холодной» may follow).
        let q = format!("query {{ serviceTypes(search: \"{query}\") {{ nodes {{ code }} }} }}");
        let found = app.gql(Some("alpha"), Some(&admin), &q, json!({})).await;
        assert_eq!(found.data("serviceTypes.nodes")[0], json!({ "code": expected }), "{query}: {}", found.body);
    }
    let off = "mutation { setCatalogEntryActive(level: SERVICE_TYPE, id: \"1\", active: false) }";
    assert_eq!(app.gql(Some("alpha"), Some(&admin), off, json!({})).await.data("setCatalogEntryActive"), false);
    let missing = "mutation { setCatalogEntryActive(level: SPHERE, id: \"99\", active: false) }";
    assert_eq!(app.gql(Some("alpha"), Some(&admin), missing, json!({})).await.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn a_city_admin_manages_users_and_executors_belong_to_an_organization() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let create = "mutation($i: UserInput!) { createUser(input: $i) { id login roles organizationId } }";
    let unbound = json!({ "i": { "login": "exec2@alpha", "displayName": "Ерлан", "password": "long-enough-1", "roles": ["EXECUTOR"] } });
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), create, unbound).await.body["errors"][0]["extensions"]["field"],
        "organizationId"
    );
    let short =
        json!({ "i": { "login": "op2@alpha", "displayName": "Ерлан", "password": "short", "roles": ["OPERATOR"] } });
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), create, short).await.body["errors"][0]["extensions"]["field"],
        "password"
    );
    let platform_role = json!({ "i": { "login": "op2@alpha", "displayName": "Ерлан", "password": "long-enough-1", "roles": ["PLATFORM_ADMIN"] } });
    assert_eq!(app.gql(Some("alpha"), Some(&admin), create, platform_role).await.code(), Some("VALIDATION"));

    let good = json!({ "i": { "login": "Exec2@Alpha", "displayName": "Ерлан", "password": "long-enough-1", "roles": ["EXECUTOR"], "organizationId": "2" } });
    let created = app.gql(Some("alpha"), Some(&admin), create, good).await;
    assert_eq!(created.data("createUser.login"), "exec2@alpha");
    let id = created.data("createUser.id").as_str().expect("an id").to_owned();
    let login = app.login_reply(Some("alpha"), "exec2@alpha", "long-enough-1").await;
    let refresh = login.data("login.refreshToken").as_str().expect("refresh").to_owned();

    let off = format!("mutation {{ setUserActive(id: \"{id}\", active: false) {{ active }} }}");
    assert_eq!(app.gql(Some("alpha"), Some(&admin), &off, json!({})).await.data("setUserActive.active"), false);
    let relogin = app.login_reply(Some("alpha"), "exec2@alpha", "long-enough-1").await;
    assert_eq!(relogin.code(), Some("UNAUTHENTICATED"));
    let refreshed = app
        .gql(
            Some("alpha"),
            None,
            "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }",
            json!({ "t": refresh }),
        )
        .await;
    assert_eq!(refreshed.code(), Some("UNAUTHENTICATED"), "deactivation ends the sessions");

    let users =
        app.gql(Some("alpha"), Some(&admin), "query { users(role: EXECUTOR) { nodes { login } } }", json!({})).await;
    assert_eq!(users.data("users.nodes"), &json!([{ "login": "executor@alpha" }]));
}
