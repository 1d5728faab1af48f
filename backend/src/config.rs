//! One typed configuration: built-in defaults < `qala.toml` < `QALA_*` environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Environment variables with the `QALA_` prefix that are read by commands, not by the config.
const NOT_CONFIG: &[&str] =
    &["config", "admin_password", "test_database", "test_pg_url", "test_redis_url", "test_s3_url", "update_sdl"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `production` (the default) or `development`. `serve` in production refuses what is only
    /// safe on a developer's machine: demo accounts with the published password, and one-time
    /// codes written to the log.
    pub profile: String,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Tenants answer on `<slug>.<base_domain>`.
    pub base_domain: String,
    /// `postgres://…` for PostgreSQL; unset means SQLite files under `data_dir`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    /// The built web frontend (`index.html` and `assets/`); without it only the API is served.
    pub web_dir: PathBuf,
    pub db_max_connections: u32,
    /// `redis://…` for shared rate limits and token revocation; unset means in-process.
    pub redis_url: Option<String>,
    /// Prefix of every Redis key, so several deployments can share one server.
    pub redis_key_prefix: String,
    /// HMAC secret of access tokens, at least 32 bytes; required unless `demo` is on.
    pub jwt_secret: Option<String>,
    pub jwt_issuer: String,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    /// However often it is refreshed, a session ends this long after its login.
    pub session_max_age_secs: u64,
    /// Wrong passwords for one account from one address before that address waits; the wait
    /// starts at 30 s, doubles, and never exceeds `login_lockout_secs`.
    pub login_max_failures: u32,
    pub login_lockout_secs: u64,
    /// Login attempts per client address per minute.
    pub login_ip_limit_per_minute: u32,
    pub graphql_max_depth: usize,
    pub graphql_max_complexity: usize,
    /// The largest GraphQL request body without a file; an upload is bounded by the file limits.
    pub graphql_max_body_bytes: usize,
    /// Mail sessions the SMTP listener serves at once; more are told to come back later.
    pub smtp_max_sessions: usize,
    /// The longest one SMTP session may last.
    pub smtp_session_timeout_secs: u64,
    /// Sessions one address may hold at once (the city's MX is one address: leave it room).
    pub smtp_sessions_per_address: usize,
    /// Where tenant manifests are read from in demo mode.
    pub tenants_dir: PathBuf,
    /// Demo mode: onboards every manifest in `tenants_dir` and creates demo users.
    pub demo: bool,
    /// Sample appeals demo mode writes into a city that has none.
    pub demo_appeals: u64,
    /// Run `migrate` on start.
    pub auto_migrate: bool,
    /// `json` (one object per line) or `pretty`.
    pub log_format: String,
    /// A tracing filter such as `info` or `qala=debug,info`.
    pub log_level: String,
    /// How long a resolved tenant is trusted before the platform table is read again.
    pub tenant_cache_ttl_secs: u64,
    pub shutdown_timeout_secs: u64,
    /// How often the deadline watch looks for appeals to warn about and escalate, and for
    /// overdue excavation permits (0: never).
    pub escalation_interval_secs: u64,
    /// How residents' one-time codes are delivered: `log` (development), `http` (an SMS gateway
    /// that takes `{"phone", "text"}` as JSON) or `telegram` (the Telegram Gateway API).
    pub otp_delivery: String,
    /// The SMS gateway's or Telegram Gateway's base URL.
    pub otp_gateway_url: Option<String>,
    /// Bearer token for the gateway.
    pub otp_gateway_token: Option<String>,
    pub otp_ttl_secs: u64,
    /// Wrong codes allowed per challenge before it is spent.
    pub otp_max_attempts: i32,
    /// Codes sent per phone, and per client address, per hour.
    pub otp_per_phone_per_hour: u32,
    pub otp_per_ip_per_hour: u32,
    /// Codes one city sends in an hour, whoever asks (each text costs the city money).
    pub otp_per_city_per_hour: u32,
    /// Appeals filed on the portal per resident, and per city, per hour.
    pub portal_appeals_per_resident_per_hour: u32,
    pub portal_appeals_per_city_per_hour: u32,
    /// Files residents add to their appeals per resident, and per city, per hour.
    pub uploads_per_resident_per_hour: u32,
    pub uploads_per_city_per_hour: u32,
    /// Lifetime of a verified resident's token.
    pub resident_token_ttl_secs: u64,
    /// Votes per client address per hour (the anti-abuse limit of the KSK rating).
    pub votes_per_ip_per_hour: u32,
    /// How long a computed KSK rating is served before appeals' changes are read again.
    pub rating_cache_secs: u64,
    /// Where attachments are kept: `local` (`data_dir/files`) or `s3` (any S3-compatible store).
    pub files_backend: String,
    pub s3_bucket: Option<String>,
    /// The S3 endpoint of a compatible store (`http://127.0.0.1:9000`); unset for AWS itself.
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<String>,
    /// Lifetime of a signed download link (S3).
    pub download_link_ttl_secs: u64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy or ingress).
    pub behind_proxy: bool,
    /// The platform's public address (`https://qala109.kz`), for webhooks registered with outside
    /// services as `<public_url>/t/<slug>/…`; unset: `https://<slug>.<base_domain>/…`.
    pub public_url: Option<String>,
    /// The Telegram Bot API server (a self-hosted one, or a stand-in in tests).
    pub telegram_api_url: String,
    /// Where the SMTP listener for residents' e-mail listens (`0.0.0.0:2525`); unset: no listener.
    pub smtp_bind: Option<String>,
    /// The mail domain: a city's mailbox is `<slug>@<mail_domain>`.
    pub mail_domain: String,
    /// The SMTP relay notices to residents go out through (`smtp://host:25`,
    /// `smtps://user:password@host:465`); unset: e-mail notices wait.
    pub smtp_relay_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: "production".into(),
            bind: "127.0.0.1:8080".into(),
            base_domain: "localhost".into(),
            database_url: None,
            data_dir: "data".into(),
            web_dir: "frontend/dist".into(),
            db_max_connections: 20,
            redis_url: None,
            redis_key_prefix: "qala".into(),
            jwt_secret: None,
            jwt_issuer: "qala".into(),
            access_token_ttl_secs: 900,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            session_max_age_secs: 90 * 24 * 3600,
            login_max_failures: 5,
            login_lockout_secs: 900,
            login_ip_limit_per_minute: 30,
            graphql_max_depth: 12,
            graphql_max_complexity: 10_000,
            graphql_max_body_bytes: 1024 * 1024,
            smtp_max_sessions: 50,
            smtp_session_timeout_secs: 600,
            smtp_sessions_per_address: 10,
            tenants_dir: "tenants".into(),
            demo: false,
            demo_appeals: 300,
            auto_migrate: true,
            log_format: "json".into(),
            log_level: "info".into(),
            tenant_cache_ttl_secs: 10,
            shutdown_timeout_secs: 30,
            escalation_interval_secs: 60,
            otp_delivery: "log".into(),
            otp_gateway_url: None,
            otp_gateway_token: None,
            otp_ttl_secs: 300,
            otp_max_attempts: 5,
            otp_per_phone_per_hour: 5,
            otp_per_ip_per_hour: 30,
            otp_per_city_per_hour: 2000,
            portal_appeals_per_resident_per_hour: 10,
            portal_appeals_per_city_per_hour: 1000,
            uploads_per_resident_per_hour: 30,
            uploads_per_city_per_hour: 3000,
            resident_token_ttl_secs: 7 * 24 * 3600,
            votes_per_ip_per_hour: 30,
            rating_cache_secs: 30,
            files_backend: "local".into(),
            s3_bucket: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_access_key_id: None,
            s3_secret_access_key: None,
            download_link_ttl_secs: 300,
            behind_proxy: false,
            public_url: None,
            telegram_api_url: "https://api.telegram.org".into(),
            smtp_bind: None,
            mail_domain: "localhost".into(),
            smtp_relay_url: None,
        }
    }
}

/// A configuration problem, printed as one line that names the key.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Reads `qala.toml` (or the file in `QALA_CONFIG`) and the environment over the defaults.
    pub fn load() -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match std::env::var("QALA_CONFIG") {
            Ok(path) if !std::path::Path::new(&path).is_file() => {
                return Err(ConfigError(format!("QALA_CONFIG names `{path}`, which is not a file")));
            }
            Ok(path) => figment = figment.merge(Toml::file_exact(path)),
            Err(_) if std::path::Path::new("qala.toml").is_file() => {
                figment = figment.merge(Toml::file_exact("qala.toml"))
            }
            Err(_) => {}
        }
        Self::from_figment(figment.merge(Env::prefixed("QALA_").ignore(NOT_CONFIG)))
    }

    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let config: Config = figment.extract().map_err(|e| ConfigError(describe(e)))?;
        config.validate()?;
        Ok(config)
    }

    pub fn is_development(&self) -> bool {
        self.profile == "development"
    }

    /// What `serve` refuses in production: settings that expose residents or accounts and are
    /// only safe on a developer's machine.
    pub fn check_for_serving(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("key `{key}`: {why}")));
        if self.is_development() {
            return Ok(());
        }
        if self.demo {
            return bad(
                "demo",
                "demo mode creates accounts with the published password; it runs only with profile = \"development\"",
            );
        }
        if self.otp_delivery == "log" {
            return bad(
                "otp_delivery",
                "`log` writes residents' one-time codes and phones to the log; configure `http` or `telegram`, or set profile = \"development\"",
            );
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("key `{key}`: {why}")));
        if !matches!(self.profile.as_str(), "production" | "development") {
            return bad("profile", "expected `production` or `development`");
        }
        if self.bind.parse::<SocketAddr>().is_err() {
            return bad("bind", "expected an address such as 127.0.0.1:8080");
        }
        if let Some(url) = &self.database_url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return bad("database_url", "expected a postgres:// URL (leave it unset for SQLite under data_dir)");
            }
        }
        if let Some(url) = &self.redis_url {
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                return bad("redis_url", "expected a redis:// URL");
            }
        }
        if let Some(secret) = &self.jwt_secret {
            if secret.len() < 32 {
                return bad("jwt_secret", "must be at least 32 bytes");
            }
        }
        if !matches!(self.log_format.as_str(), "json" | "pretty") {
            return bad("log_format", "expected `json` or `pretty`");
        }
        if self.access_token_ttl_secs == 0 {
            return bad("access_token_ttl_secs", "must be positive");
        }
        if self.refresh_token_ttl_secs == 0 {
            return bad("refresh_token_ttl_secs", "must be positive");
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_level).is_err() {
            return bad("log_level", "expected a filter such as `info` or `qala=debug,info`");
        }
        if self.db_max_connections == 0 {
            return bad("db_max_connections", "must be at least 1");
        }
        if !(16 * 1024..=64 * 1024 * 1024).contains(&self.graphql_max_body_bytes) {
            return bad("graphql_max_body_bytes", "must be 16 KiB to 64 MiB");
        }
        if self.smtp_max_sessions == 0 || self.smtp_session_timeout_secs == 0 || self.smtp_sessions_per_address == 0 {
            return bad("smtp_max_sessions", "SMTP sessions need a positive count and duration");
        }
        let web = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        if !web(&self.telegram_api_url) {
            return bad("telegram_api_url", "expected an http(s) URL");
        }
        if self.smtp_bind.as_deref().is_some_and(|b| b.parse::<SocketAddr>().is_err()) {
            return bad("smtp_bind", "expected an address such as 0.0.0.0:2525");
        }
        if self.mail_domain.is_empty() || self.mail_domain.contains(['@', ' ', '<', '>']) {
            return bad("mail_domain", "expected a domain such as mail.qala109.kz");
        }
        if self.smtp_relay_url.as_deref().is_some_and(|u| !(u.starts_with("smtp://") || u.starts_with("smtps://"))) {
            return bad("smtp_relay_url", "expected an smtp:// or smtps:// URL");
        }
        if self.public_url.as_deref().is_some_and(|u| !web(u)) {
            return bad("public_url", "expected an http(s) URL such as https://qala109.kz");
        }
        match (self.otp_delivery.as_str(), &self.otp_gateway_url) {
            ("log", _) => {}
            ("http" | "telegram", Some(url)) if url.starts_with("http://") || url.starts_with("https://") => {}
            ("http" | "telegram", _) => {
                return bad("otp_gateway_url", "an http(s) URL is required for this otp_delivery")
            }
            _ => return bad("otp_delivery", "expected `log`, `http` or `telegram`"),
        }
        match (self.files_backend.as_str(), &self.s3_bucket) {
            ("local", _) | ("s3", Some(_)) => {}
            ("s3", None) => return bad("s3_bucket", "the S3 files backend needs a bucket"),
            _ => return bad("files_backend", "expected `local` or `s3`"),
        }
        if self.download_link_ttl_secs == 0 || self.download_link_ttl_secs > 7 * 24 * 3600 {
            return bad("download_link_ttl_secs", "must be between 1 second and 7 days");
        }
        if self.otp_max_attempts < 1 || self.otp_ttl_secs == 0 {
            return bad("otp_max_attempts", "codes need at least one attempt and a positive lifetime");
        }
        if self.base_domain.is_empty() {
            return bad("base_domain", "must not be empty");
        }
        Ok(())
    }
}

fn describe(error: figment::Error) -> String {
    let key = error.path.join(".");
    let source = error
        .metadata
        .as_ref()
        .map(|m| match &m.source {
            Some(source) => format!(" (from {source})"),
            None => format!(" (from {})", m.name),
        })
        .unwrap_or_default();
    let key = if key.is_empty() {
        match &error.kind {
            figment::error::Kind::UnknownField(field, _) => field.clone(),
            _ => "?".into(),
        }
    } else {
        key
    };
    format!("key `{key}`{source}: {}", error.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(key: &str, value: &str) -> Result<Config, ConfigError> {
        Config::from_figment(
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(&format!("{key} = {value}"))),
        )
    }

    #[test]
    fn defaults_are_valid() {
        assert!(Config::from_figment(Figment::from(Serialized::defaults(Config::default()))).is_ok());
    }

    #[test]
    fn production_refuses_demo_accounts_and_codes_in_the_log_unless_told_it_is_development() {
        let production = Config::default();
        let refused = production.check_for_serving().err().map(|e| e.0).unwrap_or_default();
        assert!(refused.contains("`otp_delivery`"), "{refused}");
        let demo = Config { demo: true, otp_delivery: "http".into(), ..Config::default() };
        let refused = demo.check_for_serving().err().map(|e| e.0).unwrap_or_default();
        assert!(refused.contains("`demo`") && refused.contains("development"), "{refused}");
        let gateway = Config { otp_delivery: "http".into(), ..Config::default() };
        assert!(gateway.check_for_serving().is_ok());
        let development = Config { profile: "development".into(), demo: true, ..Config::default() };
        assert!(development.check_for_serving().is_ok());
        assert!(with("profile", "\"staging\"").is_err());
    }

    #[test]
    fn a_wrongly_typed_value_names_its_key() {
        let error = with("access_token_ttl_secs", "\"soon\"").err().map(|e| e.to_string());
        assert!(error.unwrap_or_default().contains("`access_token_ttl_secs`"));
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let error = with("databse_url", "\"x\"").err().map(|e| e.to_string());
        assert!(error.unwrap_or_default().contains("databse_url"));
    }

    #[test]
    fn a_non_postgres_database_url_is_refused() {
        let error = with("database_url", "\"mysql://x\"").err().map(|e| e.to_string());
        assert!(error.unwrap_or_default().contains("`database_url`"));
    }

    #[test]
    fn a_short_jwt_secret_is_refused() {
        let error = with("jwt_secret", "\"short\"").err().map(|e| e.to_string());
        assert!(error.unwrap_or_default().contains("`jwt_secret`"));
    }

    #[test]
    fn a_bad_bind_address_is_refused() {
        assert!(with("bind", "\"here\"").is_err());
    }
}
