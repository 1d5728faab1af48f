use qala::tenancy::Slug;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait};
use serde_json::json;

use crate::helpers::{spawn_app, test_config, Call};

const CREATE_ORG: &str = "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id code } }";
const ORG: &str = "query($id: ID!) { organization(id: $id) { code name(lang: EN) } }";

fn org_input(code: &str, en: &str) -> serde_json::Value {
    json!({ "i": { "code": code, "kind": "DEPARTMENT", "name": { "kk": en, "ru": en, "en": en } } })
}

#[tokio::test]
async fn equal_ids_in_two_tenants_hold_each_tenants_own_rows() {
    let app = spawn_app().await;
    let alpha = app.token(Some("alpha"), "admin@alpha").await;
    let beta = app.token(Some("beta"), "admin@beta").await;
    let a = app.gql(Some("alpha"), Some(&alpha), CREATE_ORG, org_input("roads", "Alpha roads")).await;
    let b = app.gql(Some("beta"), Some(&beta), CREATE_ORG, org_input("parks", "Beta parks")).await;
    let id = a.data("createOrganization.id").clone();
    assert_eq!(id, *b.data("createOrganization.id"), "both cities number their rows alike");

    let seen_by_alpha = app.gql(Some("alpha"), Some(&alpha), ORG, json!({ "id": id })).await;
    let seen_by_beta = app.gql(Some("beta"), Some(&beta), ORG, json!({ "id": id })).await;
    assert_eq!(seen_by_alpha.data("organization.name"), "Alpha roads");
    assert_eq!(seen_by_beta.data("organization.name"), "Beta parks");

    let search = "query { organizations(search: \"alpha roads\") { nodes { code } } }";
    let in_beta = app.gql(Some("beta"), Some(&beta), search, json!({})).await;
    assert_eq!(in_beta.data("organizations.nodes"), &json!([]));
}

#[tokio::test]
async fn a_token_of_one_tenant_is_refused_by_every_other_tenant() {
    let app = spawn_app().await;
    let alpha = app.token(Some("alpha"), "admin@alpha").await;
    let reply = app.gql(Some("beta"), Some(&alpha), "query { organizations { nodes { code } } }", json!({})).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.code(), Some("UNAUTHENTICATED"));
    let platform = app.gql(None, Some(&alpha), "query { tenants { slug } }", json!({})).await;
    assert_eq!(platform.code(), Some("UNAUTHENTICATED"), "nor does it work on the platform scope");
}

#[tokio::test]
async fn a_host_and_a_header_that_disagree_are_refused() {
    let app = spawn_app().await;
    let call = Call {
        tenant: None,
        token: None,
        headers: vec![("host", "alpha.localhost"), ("x-tenant", "beta")],
        path: Some("/graphql"),
    };
    let reply = app.call(call, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), Some("VALIDATION"));
}

#[tokio::test]
async fn the_host_or_the_header_alone_names_the_tenant() {
    let app = spawn_app().await;
    for headers in [vec![("host", "beta.localhost:8080")], vec![("x-tenant", "beta")]] {
        let call = Call { tenant: None, token: None, headers, path: Some("/graphql") };
        let reply = app.call(call, "query { currentTenant { slug brand appealPrefix } }", json!({})).await;
        assert_eq!(reply.data("currentTenant"), &json!({ "slug": "beta", "brand": "Beta 109", "appealPrefix": "BET" }));
    }
}

#[tokio::test]
async fn an_unknown_tenant_gets_404_and_a_suspended_one_403() {
    let app = spawn_app().await;
    let unknown = app.gql(Some("gamma"), None, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!((unknown.status, unknown.code()), (404, Some("NOT_FOUND")));
    assert!(unknown.body["errors"][0]["message"].as_str().unwrap_or_default().contains("gamma"));

    let admin = app.token(None, "platform@qala").await;
    let suspend = "mutation($s: Boolean!) { setTenantSuspended(slug: \"beta\", suspended: $s) { status } }";
    let reply = app.gql(None, Some(&admin), suspend, json!({ "s": true })).await;
    assert_eq!(reply.data("setTenantSuspended.status"), "suspended");
    let suspended = app.gql(Some("beta"), None, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!((suspended.status, suspended.code()), (403, Some("FORBIDDEN")));

    app.gql(None, Some(&admin), suspend, json!({ "s": false })).await;
    let resumed = app.gql(Some("beta"), None, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!(resumed.data("currentTenant.slug"), "beta");
}

#[tokio::test]
async fn a_raw_query_inside_a_tenant_transaction_sees_only_its_schema() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let tx = db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("a tenant transaction");
    let count = tx
        .query_one_raw(Statement::from_string(tx.get_database_backend(), "SELECT COUNT(*) AS n FROM organizations"))
        .await;
    assert!(count.expect("organizations are visible").is_some());
    // The platform's tables and the other city's schema are out of reach by unqualified name.
    let platform = tx.execute_unprepared("SELECT COUNT(*) FROM tenants").await;
    assert!(platform.is_err(), "the platform table must not be visible from a tenant transaction");
    tx.rollback().await.ok();
    if tx_backend(&app) == DatabaseBackend::Postgres {
        let tx = db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("tx");
        let row = tx
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT array_to_string(current_schemas(false), ',') AS s",
            ))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(row.try_get::<String>("", "s").expect("schemas"), "t_alpha");
    }
}

fn tx_backend(app: &crate::helpers::TestApp) -> DatabaseBackend {
    app.state.db.platform().get_database_backend()
}

/// With a pool of ONE connection, alternating tenants each see their own rows, and nothing of
/// a tenant's search_path survives its transaction into the next one on the same connection.
#[tokio::test]
async fn one_pooled_connection_alternating_tenants_sees_each_its_own_rows() {
    let app = spawn_app().await;
    let (mut config, _dir, _pg) = test_config().await;
    config.database_url = app.config.database_url.clone();
    config.data_dir = app.config.data_dir.clone();
    config.db_max_connections = 1;
    let db = qala::infra::Db::connect(&config).await.expect("a one-connection pool");
    let alpha = app.token(Some("alpha"), "admin@alpha").await;
    app.gql(Some("alpha"), Some(&alpha), CREATE_ORG, org_input("extra", "Extra")).await;

    let count = |slug: &'static str| {
        let db = db.clone();
        async move {
            let tx = db.tenant_tx(&Slug::parse(slug).expect("slug")).await.expect("tx");
            let stmt = Statement::from_string(tx.get_database_backend(), "SELECT COUNT(*) AS n FROM organizations");
            let row = tx.query_one_raw(stmt).await.expect("query").expect("row");
            let n: i64 = row.try_get("", "n").expect("count");
            tx.commit().await.expect("commit");
            n
        }
    };
    let (a1, b, a2) = (count("alpha").await, count("beta").await, count("alpha").await);
    assert_eq!((a1, b, a2), (4, 3, 4));
    if db.is_postgres() {
        let tx = db.platform().begin().await.expect("tx");
        let row = tx
            .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, "SELECT current_schema() AS s"))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(row.try_get::<String>("", "s").expect("schema"), "public");
    }
}

#[tokio::test]
async fn a_citys_own_domain_names_it_and_must_agree_with_the_header() {
    let app = spawn_app().await;
    let own = Call { tenant: None, token: None, headers: vec![("host", "beta-city.kz")], path: Some("/graphql") };
    assert_eq!(app.call(own, "query { currentTenant { slug } }", json!({})).await.data("currentTenant.slug"), "beta");
    let contradiction = Call {
        tenant: None,
        token: None,
        headers: vec![("host", "beta-city.kz"), ("x-tenant", "alpha")],
        path: Some("/graphql"),
    };
    let reply = app.call(contradiction, "query { currentTenant { slug } }", json!({})).await;
    assert_eq!((reply.status, reply.code()), (400, Some("VALIDATION")));
    let unknown =
        Call { tenant: None, token: None, headers: vec![("host", "nobody.example.org")], path: Some("/graphql") };
    assert_eq!(app.call(unknown, "query { currentTenant { slug } }", json!({})).await.status, 404);
}
