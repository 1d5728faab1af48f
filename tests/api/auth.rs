use jsonwebtoken::{encode, EncodingKey, Header};
use qala::demo::DEMO_PASSWORD;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Call, SECRET};

const ME: &str = "query { me { login roles } }";
const REFRESH: &str = "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";

#[tokio::test]
async fn a_wrong_password_or_unknown_login_is_refused_alike() {
    let app = spawn_app().await;
    let wrong = app.login_reply(Some("alpha"), "admin@alpha", "not the password").await;
    let unknown = app.login_reply(Some("alpha"), "nobody@alpha", "not the password").await;
    assert_eq!(wrong.code(), Some("UNAUTHENTICATED"));
    assert_eq!(wrong.body["errors"][0]["message"], unknown.body["errors"][0]["message"]);
    let other_city = app.login_reply(Some("beta"), "admin@alpha", DEMO_PASSWORD).await;
    assert_eq!(other_city.code(), Some("UNAUTHENTICATED"), "alpha's user does not exist in beta");
}

#[tokio::test]
async fn a_valid_token_identifies_the_user_and_its_roles() {
    let app = spawn_app().await;
    let token = app.token(Some("alpha"), "operator@alpha").await;
    let me = app.gql(Some("alpha"), Some(&token), ME, json!({})).await;
    assert_eq!(me.data("me"), &json!({ "login": "operator@alpha", "roles": ["OPERATOR"] }));
}

fn forged(secret: &str, exp_offset: i64, iss: &str, tenant: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({ "iss": iss, "aud": "qala-api", "sub": "1", "kind": "staff", "ten": tenant, "roles": "city_admin",
        "org": null, "iat": now - 100, "exp": now + exp_offset, "jti": uuid::Uuid::new_v4().to_string() });
    encode(&Header::default(), &claims, &EncodingKey::from_secret(secret.as_bytes())).expect("a token")
}

#[tokio::test]
async fn expired_tampered_and_foreign_tokens_are_refused() {
    let app = spawn_app().await;
    let good = forged(SECRET, 600, "qala", "alpha");
    assert_eq!(app.gql(Some("alpha"), Some(&good), ME, json!({})).await.data("me.login"), "admin@alpha");

    let expired = forged(SECRET, -5, "qala", "alpha");
    let reply = app.gql(Some("alpha"), Some(&expired), ME, json!({})).await;
    assert_eq!((reply.status, reply.code()), (401, Some("UNAUTHENTICATED")));
    assert!(reply.body["errors"][0]["message"].as_str().unwrap_or_default().contains("expired"));

    let other_key = forged("another-secret-another-secret-another", 600, "qala", "alpha");
    let other_issuer = forged(SECRET, 600, "someone-else", "alpha");
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[1] = forged(SECRET, 600, "qala", "beta").split('.').nth(1).unwrap_or_default().to_owned();
    let tampered = parts.join(".");
    for token in [other_key, other_issuer, tampered, "garbage".to_owned()] {
        let reply = app.gql(Some("alpha"), Some(&token), ME, json!({})).await;
        assert_eq!(reply.code(), Some("UNAUTHENTICATED"), "{token}");
    }
}

#[tokio::test]
async fn refresh_rotates_and_reusing_a_spent_token_revokes_the_family() {
    let app = spawn_app().await;
    let login = app.login_reply(Some("alpha"), "supervisor@alpha", DEMO_PASSWORD).await;
    let first = login.data("login.refreshToken").as_str().expect("a refresh token").to_owned();

    let rotated = app.gql(Some("alpha"), None, REFRESH, json!({ "t": first })).await;
    let second = rotated.data("refreshSession.refreshToken").as_str().expect("a new refresh token").to_owned();
    assert_ne!(first, second);
    let access = rotated.data("refreshSession.accessToken").as_str().expect("an access token");
    assert_eq!(app.gql(Some("alpha"), Some(access), ME, json!({})).await.data("me.login"), "supervisor@alpha");

    let replay = app.gql(Some("alpha"), None, REFRESH, json!({ "t": first })).await;
    assert_eq!(replay.code(), Some("UNAUTHENTICATED"));
    let after_replay = app.gql(Some("alpha"), None, REFRESH, json!({ "t": second })).await;
    assert_eq!(after_replay.code(), Some("UNAUTHENTICATED"), "the reuse revoked the whole family");

    let in_other_city = app.gql(Some("beta"), None, REFRESH, json!({ "t": second })).await;
    assert_eq!(in_other_city.code(), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_yield_at_most_one_session() {
    let app = spawn_app().await;
    let login = app.login_reply(Some("alpha"), "analyst@alpha", DEMO_PASSWORD).await;
    let token = login.data("login.refreshToken").as_str().expect("a refresh token").to_owned();
    let attempts = (0..4).map(|_| app.gql(Some("alpha"), None, REFRESH, json!({ "t": token })));
    let replies = futures_util::future::join_all(attempts).await;
    let won = replies.iter().filter(|r| r.code().is_none()).count();
    assert!(won <= 1, "{won} refreshes succeeded with one token");
}

#[tokio::test]
async fn logout_revokes_the_refresh_family_and_the_access_token() {
    let app = spawn_app().await;
    let login = app.login_reply(Some("alpha"), "operator@alpha", DEMO_PASSWORD).await;
    let access = login.data("login.accessToken").as_str().expect("access").to_owned();
    let refresh = login.data("login.refreshToken").as_str().expect("refresh").to_owned();
    let out = app
        .gql(Some("alpha"), Some(&access), "mutation($t: String) { logout(refreshToken: $t) }", json!({ "t": refresh }))
        .await;
    assert_eq!(out.data("logout"), true);
    assert_eq!(app.gql(Some("alpha"), Some(&access), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(app.gql(Some("alpha"), None, REFRESH, json!({ "t": refresh })).await.code(), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn repeated_wrong_passwords_slow_down_the_guessing_address_not_the_owner() {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    let from = |address: &'static str| Call {
        tenant: Some("alpha"),
        token: None,
        headers: vec![("x-forwarded-for", address)],
        path: None,
    };
    let login = "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }";
    let attempt = |address: &'static str, password: &'static str| {
        app.call(from(address), login, json!({ "l": "admin@alpha", "p": password }))
    };
    for _ in 0..5 {
        assert_eq!(attempt("203.0.113.9", "wrong password!").await.code(), Some("UNAUTHENTICATED"));
    }
    let waiting = attempt("203.0.113.9", DEMO_PASSWORD).await;
    assert_eq!(waiting.code(), Some("RATE_LIMITED"), "the guessing address waits, even with the right password");
    let first_wait = waiting.body["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap_or_default();
    assert!((1..=30).contains(&first_wait), "{first_wait}");
    let owner = attempt("198.51.100.7", DEMO_PASSWORD).await;
    assert!(owner.data("login.accessToken").is_string(), "the owner signs in from elsewhere: {}", owner.body);
    let other = app.login_reply(Some("alpha"), "supervisor@alpha", DEMO_PASSWORD).await;
    assert!(other.code().is_none(), "other accounts are not affected");
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let users =
        app.gql(Some("alpha"), Some(&admin), "query { users { nodes { login failedLogins } } }", json!({})).await;
    let listed = users.data("users.nodes").as_array().cloned().unwrap_or_default();
    let failed = listed.iter().find(|u| u["login"] == "admin@alpha").map(|u| u["failedLogins"].clone());
    assert_eq!(failed, Some(json!(0)), "the owner's sign-in clears the count");
}

#[tokio::test]
async fn login_attempts_are_rate_limited_per_client_address() {
    let app = spawn_app_with(|c| c.login_ip_limit_per_minute = 3).await;
    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(app.login_reply(Some("alpha"), "nobody@alpha", "whatever-pass").await.code().map(str::to_owned));
    }
    assert_eq!(codes[3].as_deref(), Some("RATE_LIMITED"), "{codes:?}");
}

#[tokio::test]
async fn roles_decide_who_may_change_the_configuration() {
    let app = spawn_app().await;
    let create = "mutation { createOrganization(input: { code: \"x-1\", kind: POLICE, name: { kk: \"П\", ru: \"П\", en: \"P\" } }) { id } }";
    let anonymous = app.gql(Some("alpha"), None, create, json!({})).await;
    assert_eq!(anonymous.code(), Some("UNAUTHENTICATED"));
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    assert_eq!(app.gql(Some("alpha"), Some(&operator), create, json!({})).await.code(), Some("FORBIDDEN"));
    let reads = app.gql(Some("alpha"), Some(&operator), "query { organizations { nodes { code } } }", json!({})).await;
    assert!(reads.code().is_none(), "operators read the configuration");
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    assert!(app.gql(Some("alpha"), Some(&admin), create, json!({})).await.code().is_none());
    let platform = app.token(None, "platform@qala").await;
    let tenants = app.gql(Some("alpha"), Some(&admin), "query { tenants { slug } }", json!({})).await;
    assert_eq!(tenants.code(), Some("FORBIDDEN"), "a city admin does not manage the platform");
    let listed = app.gql(None, Some(&platform), "query { tenants { slug status } }", json!({})).await;
    assert_eq!(listed.data("tenants").as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_deactivated_or_demoted_user_loses_the_access_token_it_holds() {
    let app = spawn_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let analyst = app.token(Some("alpha"), "analyst@alpha").await;
    let ids = app.gql(Some("alpha"), Some(&admin), "query { users { nodes { id login } } }", json!({})).await;
    let id_of = |login: &str| {
        ids.data("users.nodes")
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| u["login"] == login)
            .map(|u| u["id"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    // Tokens are compared by the second they were issued: make the change strictly later.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let off = format!("mutation {{ setUserActive(id: \"{}\", active: false) {{ active }} }}", id_of("operator@alpha"));
    assert_eq!(app.gql(Some("alpha"), Some(&admin), &off, json!({})).await.data("setUserActive.active"), false);
    assert_eq!(app.gql(Some("alpha"), Some(&operator), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    let demote = format!(
        "mutation {{ updateUser(id: \"{}\", input: {{ roles: [OPERATOR] }}) {{ roles }} }}",
        id_of("analyst@alpha")
    );
    assert_eq!(
        app.gql(Some("alpha"), Some(&admin), &demote, json!({})).await.data("updateUser.roles"),
        &json!(["OPERATOR"])
    );
    assert_eq!(app.gql(Some("alpha"), Some(&analyst), ME, json!({})).await.code(), Some("UNAUTHENTICATED"));
    assert!(app.gql(Some("alpha"), Some(&admin), ME, json!({})).await.code().is_none(), "others keep theirs");
}

#[tokio::test]
async fn a_platform_admin_sees_its_own_account_on_any_city() {
    let app = spawn_app().await;
    let platform = app.token(None, "platform@qala").await;
    let me = app.gql(Some("alpha"), Some(&platform), ME, json!({})).await;
    assert_eq!(me.data("me"), &json!({ "login": "platform@qala", "roles": ["PLATFORM_ADMIN"] }));
}

#[tokio::test]
async fn an_unknown_login_locks_like_a_real_one() {
    let app = spawn_app().await;
    for login in ["operator@alpha", "ghost@alpha"] {
        for _ in 0..5 {
            app.login_reply(Some("alpha"), login, "wrong password!").await;
        }
        let sixth = app.login_reply(Some("alpha"), login, "wrong password!").await;
        assert_eq!(sixth.code(), Some("RATE_LIMITED"), "{login}");
    }
}

#[tokio::test]
async fn a_session_ends_at_its_maximum_age_however_often_it_is_refreshed() {
    let app = spawn_app_with(|c| c.session_max_age_secs = 1).await;
    let login = app.login_reply(Some("alpha"), "operator@alpha", DEMO_PASSWORD).await;
    let token = login.data("login.refreshToken").as_str().expect("refresh").to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let late = app.gql(Some("alpha"), None, REFRESH, json!({ "t": token })).await;
    assert_eq!(late.code(), Some("UNAUTHENTICATED"));
    assert!(late.body["errors"][0]["message"].as_str().unwrap_or_default().contains("session has ended"));
}

#[tokio::test]
async fn a_browser_session_keeps_its_refresh_token_in_an_http_only_cookie_of_its_city() {
    let app = spawn_app().await;
    let post = |body: serde_json::Value, cookie: Option<String>| {
        let mut request = app.client.post(format!("{}/t/alpha/graphql", app.address)).json(&body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        async move { request.send().await.expect("an answer") }
    };
    let set_cookie = |response: &reqwest::Response| {
        response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    let login = json!({ "query": "mutation { login(login: \"operator@alpha\", password: \"qala-demo-109\", cookie: true) { accessToken refreshToken } }" });
    let response = post(login, None).await;
    let cookie = set_cookie(&response);
    for part in ["qala_refresh=", "HttpOnly", "SameSite=Strict", "Path=/t/alpha/graphql"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["data"]["login"]["refreshToken"], serde_json::Value::Null, "the page never sees it: {body}");
    assert!(body["data"]["login"]["accessToken"].is_string());
    let pair = |header: &str| header.split(';').next().unwrap_or_default().to_owned();

    let refresh = json!({ "query": "mutation { refreshSession { accessToken refreshToken } }" });
    let response = post(refresh.clone(), Some(pair(&cookie))).await;
    let rotated = set_cookie(&response);
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(body["data"]["refreshSession"]["accessToken"].is_string(), "{body}");
    assert_eq!(body["data"]["refreshSession"]["refreshToken"], serde_json::Value::Null);
    assert_ne!(pair(&rotated), pair(&cookie), "the cookie is rotated");
    // The spent cookie is refused (and, as a replay, ends the family).
    let replay = post(refresh.clone(), Some(pair(&cookie))).await;
    let body: serde_json::Value = replay.json().await.expect("json");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");

    // A fresh session logs out: the cookie is cleared and its token spent.
    let response = post(json!({ "query": "mutation { login(login: \"operator@alpha\", password: \"qala-demo-109\", cookie: true) { accessToken } }" }), None).await;
    let cookie = pair(&set_cookie(&response));
    let response = post(json!({ "query": "mutation { logout }" }), Some(cookie.clone())).await;
    assert!(set_cookie(&response).contains("Max-Age=0"), "{}", set_cookie(&response));
    let after = post(refresh, Some(cookie)).await;
    let body: serde_json::Value = after.json().await.expect("json");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
}

#[tokio::test]
async fn an_account_guessed_at_from_many_addresses_makes_each_wait_at_once_but_not_its_owner() {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    // One wrong password from each of 21 addresses: none of them waits yet, the 21st included.
    for i in 0..21 {
        let reply = login_from(&app, &format!("203.0.113.{i}"), "wrong password!").await;
        assert_eq!(reply.code(), Some("UNAUTHENTICATED"), "{i}");
    }
    // The account is under attack: a new address waits after its first wrong password.
    assert_eq!(login_from(&app, "198.51.100.1", "wrong password!").await.code(), Some("UNAUTHENTICATED"));
    assert_eq!(login_from(&app, "198.51.100.1", "wrong password!").await.code(), Some("RATE_LIMITED"));
    let owner = login_from(&app, "192.0.2.10", DEMO_PASSWORD).await;
    assert!(owner.data("login.accessToken").is_string(), "the owner still signs in: {}", owner.body);
}

/// `admin@alpha` signs in from `address` (the app must trust `X-Forwarded-For`).
async fn login_from(app: &crate::helpers::TestApp, address: &str, password: &str) -> crate::helpers::Reply {
    let login = "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }";
    let call = Call { tenant: Some("alpha"), token: None, headers: vec![("x-forwarded-for", address)], path: None };
    app.call(call, login, json!({ "l": "admin@alpha", "p": password })).await
}
