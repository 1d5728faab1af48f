//! Manifests, onboarding and migrations: idempotent, atomic, safe with several replicas.

use qala::context::RequestCtx;
use qala::orgs::model::organization;
use qala::platform::manifest::Manifest;
use qala::platform::onboard::onboard;
use qala::tenancy::migrate_all;
use qala::tenancy::Slug;
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, Statement};
use serde_json::json;

use crate::helpers::{fixtures, spawn_app, test_config};

fn alpha() -> Manifest {
    Manifest::load(&fixtures().join("alpha.toml")).expect("the alpha fixture is valid")
}

#[tokio::test]
async fn migrating_again_changes_nothing_and_replicas_may_migrate_at_once() {
    let app = spawn_app().await;
    assert_eq!(migrate_all(&app.state.db).await.expect("a second migrate"), 2);
    let db = app.state.db.clone();
    let (a, b) = tokio::join!(migrate_all(&db), migrate_all(&db));
    assert_eq!((a.expect("replica a"), b.expect("replica b")), (2, 2));
}

#[tokio::test]
async fn fresh_replicas_migrating_together_both_succeed() {
    let (config, _dir, _pg) = test_config().await;
    let first = qala::infra::Db::connect(&config).await.expect("db");
    let second = qala::infra::Db::connect(&config).await.expect("db");
    let (a, b) = tokio::join!(migrate_all(&first), migrate_all(&second));
    a.expect("replica a");
    b.expect("replica b");
}

#[tokio::test]
async fn re_applying_a_manifest_updates_and_never_duplicates() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let unchanged = onboard(db, &alpha(), "test", false).await.expect("re-onboarding");
    assert!(!unchanged.created && !unchanged.applied, "an unchanged manifest is skipped");
    let forced = onboard(db, &alpha(), "test", true).await.expect("re-onboarding");
    assert!(!forced.created && forced.applied);
    assert_eq!((forced.service_types.created, forced.service_types.updated), (0, 3));
    let tx = db.tenant_tx(&Slug::parse("alpha").expect("slug")).await.expect("tx");
    assert_eq!(organization::Entity::find().count(&tx).await.expect("count"), 3);
}

#[tokio::test]
async fn a_manifest_that_fails_while_applying_leaves_nothing_behind() {
    let app = spawn_app().await;
    let db = &app.state.db;
    // Leftovers of an older attempt hold an `organizations` table of another shape, so the
    // tenant migration fails part-way: the tenant must not appear, and nothing may be added.
    let junk = "CREATE TABLE organizations (id INTEGER PRIMARY KEY)";
    if db.is_postgres() {
        db.platform()
            .execute_unprepared(&format!(
                "CREATE SCHEMA t_gamma; {}",
                junk.replace("organizations", "t_gamma.organizations")
            ))
            .await
            .expect("junk");
    } else {
        let url = format!("sqlite://{}?mode=rwc", app.config.data_dir.join("tenants/gamma.sqlite").display());
        let file = sea_orm::Database::connect(&url).await.expect("a stray file");
        file.execute_unprepared(junk).await.expect("junk");
        file.close().await.expect("closed");
    }
    let text = std::fs::read_to_string(fixtures().join("alpha.toml"))
        .expect("fixture")
        .replace("slug = \"alpha\"", "slug = \"gamma\"");
    let manifest = Manifest::parse("gamma.toml", &text, |_| Err("none".into())).expect("passes the checks");
    assert!(onboard(db, &manifest, "test", true).await.is_err());
    app.state.tenants.invalidate().await;
    assert!(app.state.tenants.by_slug("gamma").await.expect("registry").is_none());
    if db.is_postgres() {
        let row = db
            .platform()
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 't_gamma'",
            ))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(row.try_get::<i64>("", "n").expect("n"), 1, "only the leftover table remains");
    } else {
        // The stray file was not this onboarding's to delete: it stays, with nothing added.
        let url = format!("sqlite://{}", app.config.data_dir.join("tenants/gamma.sqlite").display());
        let file = sea_orm::Database::connect(&url).await.expect("the stray file");
        let row = file
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('buildings', 'users', 'seaql_migrations')",
            ))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(row.try_get::<i64>("", "n").expect("n"), 0);
    }
}

#[tokio::test]
async fn a_platform_admin_onboards_a_city_through_graphql() {
    let app = spawn_app().await;
    let admin = app.token(None, "platform@qala").await;
    let manifest = std::fs::read_to_string(fixtures().join("alpha.toml"))
        .expect("fixture")
        .replace("slug = \"alpha\"", "slug = \"delta\"");
    let onboard = "mutation($m: String!) { onboardTenant(manifest: $m) { slug created applied organizations } }";
    let reply = app.gql(None, Some(&admin), onboard, json!({ "m": manifest })).await;
    assert_eq!(
        reply.data("onboardTenant"),
        &json!({ "slug": "delta", "created": true, "applied": true, "organizations": 3 })
    );
    let again = app.gql(None, Some(&admin), onboard, json!({ "m": manifest })).await;
    assert_eq!(again.data("onboardTenant.created"), false);
    let public = app.gql(Some("delta"), None, "query { currentTenant { brand } }", json!({})).await;
    assert_eq!(public.data("currentTenant.brand"), "Alpha 109");

    let broken = manifest.replace("980440001232", "980440001233");
    let refused = app.gql(None, Some(&admin), onboard, json!({ "m": broken })).await;
    assert_eq!(refused.code(), Some("VALIDATION"));
    let message = refused.body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("organizations[0] (code `water`): bin: check digit does not match"), "{message}");

    let city_admin = app.token(Some("alpha"), "admin@alpha").await;
    let forbidden = app.gql(None, Some(&city_admin), onboard, json!({ "m": manifest })).await;
    assert_eq!(forbidden.code(), Some("UNAUTHENTICATED"));
    let console = RequestCtx::console(app.state.clone(), None);
    assert_eq!(qala::platform::service::list(&console).await.expect("list").len(), 3);
}

#[tokio::test]
async fn a_city_cannot_take_a_name_the_platform_uses() {
    let app = spawn_app().await;
    let admin = app.token(None, "platform@qala").await;
    let onboard = "mutation($m: String!) { onboardTenant(manifest: $m) { slug } }";
    for reserved in ["platform", "www", "graphql"] {
        let manifest = std::fs::read_to_string(fixtures().join("alpha.toml"))
            .expect("fixture")
            .replace("slug = \"alpha\"", &format!("slug = \"{reserved}\""));
        let refused = app.gql(None, Some(&admin), onboard, json!({ "m": manifest })).await;
        assert_eq!(refused.code(), Some("VALIDATION"), "{reserved}");
        let message = refused.body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("reserved"), "{reserved}: {message}");
        assert!(app.state.tenants.by_slug(reserved).await.expect("registry").is_none());
    }
}

/// A city's districts come from its manifest with their names, and a building or organization
/// naming a district the city does not list is refused with the entry and the field.
#[tokio::test]
async fn districts_carry_names_and_an_unknown_one_is_refused() {
    let astana = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenants/astana.toml");
    let manifest = Manifest::load(&astana).expect("the Astana manifest");
    let names: Vec<&str> = manifest.districts.iter().map(|d| d.name.kk.as_str()).collect();
    assert!(names.contains(&"Есіл ауданы") && manifest.districts.len() == 6, "{names:?}");
    let text =
        std::fs::read_to_string(&astana).expect("text").replacen("district = \"yesil\"", "district = \"atlantis\"", 1);
    let dir = astana.parent().expect("dir").to_path_buf();
    let errors = Manifest::parse("astana.toml", &text, |name| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())
    })
    .expect_err("an unknown district");
    assert!(errors.iter().any(|e| e.contains("district") && e.contains("atlantis")), "{errors:?}");
    // Onboarded, the city answers with its districts' names.
    let app = spawn_app().await;
    onboard(&app.state.db, &manifest, "test", false).await.expect("Astana onboards");
    app.state.tenants.invalidate().await;
    let reply = app.gql(Some("astana"), None, "{ districts { code name { kk ru en } } }", json!({})).await;
    let yesil = reply.data("districts").as_array().into_iter().flatten().find(|d| d["code"] == "yesil").cloned();
    assert_eq!(yesil.map(|d| d["name"]["ru"].clone()), Some(json!("район Есиль")), "{}", reply.body);
}
