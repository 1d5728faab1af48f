//! Short-lived shared state: rate-limit counters and revoked access tokens.
//! Redis when `redis_url` is set (shared by every replica), otherwise in-process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use redis::aio::ConnectionManager;

#[derive(Clone)]
pub enum Kv {
    Memory(Arc<Mutex<HashMap<String, (u64, Instant)>>>),
    /// Keys are namespaced by the prefix, so deployments (and test runs) can share a server.
    Redis(ConnectionManager, String),
}

impl Kv {
    pub async fn connect(redis_url: Option<&str>, prefix: &str) -> anyhow::Result<Self> {
        match redis_url {
            None => Ok(Self::Memory(Arc::default())),
            Some(url) => {
                let client = redis::Client::open(url).context("parsing key `redis_url`")?;
                let manager = ConnectionManager::new(client).await.context("connecting to Redis (key `redis_url`)")?;
                Ok(Self::Redis(manager, prefix.to_owned()))
            }
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Memory(_) => "memory",
            Self::Redis(..) => "redis",
        }
    }

    /// Counts one hit in the fixed window that `key` starts; returns the count so far and the
    /// seconds left in the window.
    pub async fn hit(&self, key: &str, window: Duration) -> anyhow::Result<(u64, u64)> {
        let window_secs = window.as_secs().max(1);
        match self {
            Self::Memory(map) => {
                let now = Instant::now();
                let mut map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                if map.len() > 100_000 {
                    map.retain(|_, (_, until)| *until > now);
                }
                let entry = map.entry(key.to_owned()).or_insert((0, now + window));
                if entry.1 <= now {
                    *entry = (0, now + window);
                }
                entry.0 += 1;
                Ok((entry.0, entry.1.saturating_duration_since(now).as_secs().max(1)))
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                let (count, ttl): (u64, i64) = redis::Script::new(
                    "local n = redis.call('INCR', KEYS[1]) \
                     if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end \
                     return {n, redis.call('TTL', KEYS[1])}",
                )
                .key(format!("{prefix}:{key}"))
                .arg(window_secs)
                .invoke_async(&mut conn)
                .await
                .context("counting a rate-limit hit in Redis")?;
                Ok((count, ttl.max(1) as u64))
            }
        }
    }

    /// Marks `key` as present for `ttl`.
    pub async fn set_flag(&self, key: &str, ttl: Duration) -> anyhow::Result<()> {
        match self {
            Self::Memory(map) => {
                let mut map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                map.insert(key.to_owned(), (1, Instant::now() + ttl));
                Ok(())
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                redis::cmd("SET")
                    .arg(format!("{prefix}:{key}"))
                    .arg(1)
                    .arg("EX")
                    .arg(ttl.as_secs().max(1))
                    .query_async::<()>(&mut conn)
                    .await
                    .context("setting a flag in Redis")
            }
        }
    }

    /// Stores a number under `key` for `ttl`.
    pub async fn set_value(&self, key: &str, value: i64, ttl: Duration) -> anyhow::Result<()> {
        match self {
            Self::Memory(map) => {
                let mut map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                map.insert(key.to_owned(), (value as u64, Instant::now() + ttl));
                Ok(())
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                redis::cmd("SET")
                    .arg(format!("{prefix}:{key}"))
                    .arg(value)
                    .arg("EX")
                    .arg(ttl.as_secs().max(1))
                    .query_async::<()>(&mut conn)
                    .await
                    .context("setting a value in Redis")
            }
        }
    }

    pub async fn get_value(&self, key: &str) -> anyhow::Result<Option<i64>> {
        match self {
            Self::Memory(map) => {
                let map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                Ok(map.get(key).filter(|(_, until)| *until > Instant::now()).map(|(v, _)| *v as i64))
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                redis::cmd("GET")
                    .arg(format!("{prefix}:{key}"))
                    .query_async::<Option<i64>>(&mut conn)
                    .await
                    .context("reading a value from Redis")
            }
        }
    }

    /// Several numbers (or flags, which read as 1) in one round trip.
    pub async fn get_values(&self, keys: &[String]) -> anyhow::Result<Vec<Option<i64>>> {
        match self {
            Self::Memory(map) => {
                let map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                let now = Instant::now();
                Ok(keys.iter().map(|k| map.get(k).filter(|(_, until)| *until > now).map(|(v, _)| *v as i64)).collect())
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                let mut cmd = redis::cmd("MGET");
                for key in keys {
                    cmd.arg(format!("{prefix}:{key}"));
                }
                cmd.query_async::<Vec<Option<i64>>>(&mut conn).await.context("reading values from Redis")
            }
        }
    }

    /// Removes `keys` (counters, flags or values alike).
    pub async fn forget(&self, keys: &[String]) -> anyhow::Result<()> {
        match self {
            Self::Memory(map) => {
                let mut map = map.lock().map_err(|_| anyhow::anyhow!("kv lock poisoned"))?;
                for key in keys {
                    map.remove(key);
                }
                Ok(())
            }
            Self::Redis(conn, prefix) => {
                let mut conn = conn.clone();
                let mut cmd = redis::cmd("DEL");
                for key in keys {
                    cmd.arg(format!("{prefix}:{key}"));
                }
                cmd.query_async::<()>(&mut conn).await.context("removing keys from Redis")
            }
        }
    }
}
