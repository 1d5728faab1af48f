//! What every request shares: configuration, database, key-value store, tenants, keys, metrics.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::access::jwt::JwtKeys;
use crate::config::Config;
use crate::infra::caches::Caches;
use crate::infra::metrics::Metrics;
use crate::infra::phone_gateway::Delivery;
use crate::infra::smtp_relay::{self, Relay};
use crate::infra::{Db, Files, Kv};
use crate::tenancy::Registry;

pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub kv: Kv,
    pub files: Files,
    /// Carries one-time codes and short texts to phones.
    pub otp: Delivery,
    /// In-process caches, one per type, each owned by the context that defines it.
    pub caches: Caches,
    pub tenants: Registry,
    pub jwt: JwtKeys,
    /// A server-side secret mixed into stored one-time-code hashes, so a copy of the database
    /// alone does not reveal the codes.
    pub pepper: Vec<u8>,
    /// Seals the secrets kept in a city's settings (a bot's token).
    pub sealer: crate::infra::seal::Sealer,
    /// Signs the short-lived links to files the server streams itself.
    pub links: crate::infra::links::LinkSigner,
    pub metrics: Metrics,
    /// For calls to outside services (the Telegram Bot API).
    pub http: reqwest::Client,
    /// The SMTP relay of e-mail notices, when one is configured.
    pub mailer: Option<Relay>,
}

impl AppState {
    /// Connects to the database and the key-value store named by `config`.
    pub async fn build(config: Config) -> anyhow::Result<Arc<Self>> {
        // Without a configured secret (demo mode, console commands) tokens are signed with a key
        // made now: they are valid only for this process. `serve` refuses that outside demo mode.
        let secret = match &config.jwt_secret {
            Some(secret) => secret.as_bytes().to_vec(),
            None => {
                let mut key = vec![0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut key);
                key
            }
        };
        let db = Db::connect(&config).await?;
        let kv = Kv::connect(config.redis_url.as_deref(), &config.redis_key_prefix)
            .await
            .context("starting the key-value store")?;
        let jwt = JwtKeys::new(&secret, &config.jwt_issuer, Duration::from_secs(config.access_token_ttl_secs));
        let tenants = Registry::new(db.clone(), Duration::from_secs(config.tenant_cache_ttl_secs));
        let files = Files::from_config(&config)?;
        let otp = Delivery::from_config(&config)?;
        let mailer = smtp_relay::relay(&config)?;
        Ok(Arc::new(Self {
            config,
            db,
            kv,
            files,
            otp,
            caches: Caches::default(),
            tenants,
            jwt,
            pepper: Sha256::digest([b"qala-otp:".as_slice(), &secret].concat()).to_vec(),
            sealer: crate::infra::seal::Sealer::new(&secret)?,
            links: crate::infra::links::LinkSigner::new(&secret),
            metrics: Metrics::new()?,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .context("an HTTP client for outside services")?,
            mailer,
        }))
    }
}
