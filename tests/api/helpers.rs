//! `spawn_app()`: the real application on a free port, with a fresh database and the two test
//! cities of tests/fixtures (alpha, beta) and their demo users.
//!
//! The database follows `QALA_TEST_DATABASE`: `sqlite` (default; a temporary directory) or
//! `postgres` (a new database on `QALA_TEST_PG_URL`, dropped afterwards). `QALA_TEST_REDIS_URL`
//! puts rate limits and revocations in Redis. An unreachable server fails the test loudly.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use qala::config::Config;
use qala::demo::DEMO_PASSWORD;
use qala::state::AppState;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

pub const SECRET: &str = "test-secret-test-secret-test-secret!";

pub struct TestApp {
    pub address: String,
    pub state: Arc<AppState>,
    pub client: reqwest::Client,
    pub config: Config,
    _dir: tempfile::TempDir,
    pg_database: Option<(String, String)>,
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn on_postgres() -> bool {
    std::env::var("QALA_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

fn pg_admin_url() -> String {
    std::env::var("QALA_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A configuration on a fresh database (PostgreSQL: a new database named in the result).
pub async fn test_config() -> (Config, tempfile::TempDir, Option<(String, String)>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut config = Config {
        data_dir: dir.path().join("data"),
        tenants_dir: fixtures(),
        jwt_secret: Some(SECRET.into()),
        log_format: "pretty".into(),
        log_level: "warn".into(),
        demo: true,
        demo_appeals: 0,
        tenant_cache_ttl_secs: 1,
        ..Config::default()
    };
    config.redis_url = std::env::var("QALA_TEST_REDIS_URL").ok();
    config.redis_key_prefix = format!("qala-test-{}", uuid::Uuid::new_v4().simple());
    let mut pg_database = None;
    if on_postgres() {
        let admin_url = pg_admin_url();
        let name = format!("qala_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is unreachable (QALA_TEST_PG_URL): {e}"));
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("creating a test database");
        admin.close().await.ok();
        let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or(admin_url.clone());
        config.database_url = Some(format!("{base}/{name}"));
        config.db_max_connections = 5;
        pg_database = Some((admin_url, name));
    }
    (config, dir, pg_database)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let (mut config, dir, pg_database) = test_config().await;
    adjust(&mut config);
    qala::telemetry::init(&config);
    let state = AppState::build(config.clone()).await.expect("building the application state");
    qala::tenancy::migrate_all(&state.db).await.expect("migrating");
    qala::demo::prepare(&state).await.expect("preparing the test cities");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = format!("http://127.0.0.1:{}", listener.local_addr().expect("an address").port());
    let server = qala::http::server(state.clone(), listener).expect("starting the server");
    tokio::spawn(server);
    TestApp { address, state, client: reqwest::Client::new(), config, _dir: dir, pg_database }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.pg_database.take() {
            // The test's runtime is ending; drop the database from a runtime of our own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let admin = Database::connect(&admin_url).await.ok()?;
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()
                })
            })
            .join();
        }
    }
}

/// What an HTTP exchange returned.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The `extensions.code` of the first error, if any.
    pub fn code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }

    pub fn data(&self, path: &str) -> &Value {
        path.split('.').fold(&self.body["data"], |v, key| &v[key])
    }
}

pub struct Call<'a> {
    pub tenant: Option<&'a str>,
    pub token: Option<&'a str>,
    pub headers: Vec<(&'a str, &'a str)>,
    pub path: Option<&'a str>,
}

impl TestApp {
    /// Sends a GraphQL operation to `/t/<tenant>/graphql`, or `/graphql` without a tenant.
    pub async fn gql(&self, tenant: Option<&str>, token: Option<&str>, query: &str, variables: Value) -> Reply {
        self.call(Call { tenant, token, headers: vec![], path: None }, query, variables).await
    }

    pub async fn call(&self, call: Call<'_>, query: &str, variables: Value) -> Reply {
        let path = match (call.path, call.tenant) {
            (Some(path), _) => path.to_owned(),
            (None, Some(tenant)) => format!("/t/{tenant}/graphql"),
            (None, None) => "/graphql".into(),
        };
        let mut request = self
            .client
            .post(format!("{}{path}", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = call.token {
            request = request.bearer_auth(token);
        }
        for (name, value) in call.headers {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Reply { status, body }
    }

    pub async fn login_reply(&self, tenant: Option<&str>, login: &str, password: &str) -> Reply {
        self.gql(
            tenant,
            None,
            "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken refreshToken expiresIn user { id login roles } } }",
            json!({ "l": login, "p": password }),
        )
        .await
    }

    /// Signs in a demo user (`admin@alpha`, `operator@beta`, …) and returns the access token.
    pub async fn token(&self, tenant: Option<&str>, login: &str) -> String {
        let reply = self.login_reply(tenant, login, DEMO_PASSWORD).await;
        reply
            .data("login.accessToken")
            .as_str()
            .unwrap_or_else(|| panic!("login of {login} failed: {}", reply.body))
            .to_owned()
    }

    /// One number from a raw query in a city's own tables (`SELECT … AS n`).
    pub async fn scalar(&self, tenant: &str, sql: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let tx = self.state.db.tenant_tx(&qala::tenancy::Slug::parse(tenant).expect("slug")).await.expect("tx");
        let row = tx
            .query_one_raw(Statement::from_string(tx.get_database_backend(), sql))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("{}{path}", self.address)).send().await.expect("the server answers");
        (response.status().as_u16(), response.text().await.unwrap_or_default())
    }
}
