//! Slowing down password guessing without locking the owner out.
//!
//! Wrong passwords are counted per account *and* client address. After `login_max_failures` of
//! them from one address, that address waits before its next try at that account, and the wait
//! doubles with every further failure, up to `login_lockout_secs`. The owner, signing in from
//! another address, is not held up by an attacker; how fast one address may try at all is
//! bounded by `login_ip_limit_per_minute` across every account. An account guessed at from many
//! addresses at once (more than `UNDER_ATTACK` wrong passwords in an hour, all addresses
//! together) makes every address wait from its first wrong password; the owner's right password
//! still goes through. Logins that do not exist are counted the same way, so the wait does not
//! tell them apart from real ones.

use std::time::Duration;

use chrono::Utc;

use crate::error::{AppError, AppResult};
use crate::infra::kv::Kv;

/// The first wait, in seconds; each further failure doubles it.
const FIRST_WAIT_SECS: u64 = 30;
/// The window a count of one address's failures is kept in (from its first failure).
const REMEMBER_SECS: u64 = 24 * 3600;
/// Wrong passwords for one account in an hour, from all addresses, past which the account is
/// taken to be under attack.
const UNDER_ATTACK: u64 = 20;

pub struct LoginThrottle<'a> {
    kv: &'a Kv,
    failures_key: String,
    wait_key: String,
    account_key: String,
}

impl<'a> LoginThrottle<'a> {
    /// `scope` is the city's slug or `platform`; `login` is already normalized.
    pub fn new(kv: &'a Kv, scope: &str, login: &str, client_ip: &str) -> Self {
        Self {
            kv,
            failures_key: format!("login-failures:{scope}:{login}:{client_ip}"),
            wait_key: format!("login-wait:{scope}:{login}:{client_ip}"),
            account_key: format!("login-account-failures:{scope}:{login}"),
        }
    }

    /// Refuses with `RATE_LIMITED` while this address must wait, even for the right password.
    pub async fn check(&self) -> AppResult<()> {
        let now = Utc::now().timestamp();
        match self.kv.get_value(&self.wait_key).await? {
            Some(until) if until > now => Err(AppError::RateLimited { retry_after_secs: (until - now).max(1) as u64 }),
            _ => Ok(()),
        }
    }

    /// Counts a wrong password; returns the wait it imposes, if any.
    pub async fn failed(&self, max_failures: u32, longest_wait_secs: u64) -> AppResult<Option<u64>> {
        let (failures, _) = self.kv.hit(&self.failures_key, Duration::from_secs(REMEMBER_SECS)).await?;
        let (on_account, _) = self.kv.hit(&self.account_key, Duration::from_secs(3600)).await?;
        let free = if on_account > UNDER_ATTACK { 1 } else { u64::from(max_failures) };
        let Some(wait) = wait_after(failures, free, longest_wait_secs) else {
            return Ok(None);
        };
        let until = Utc::now().timestamp() + wait as i64;
        self.kv.set_value(&self.wait_key, until, Duration::from_secs(wait)).await?;
        Ok(Some(wait))
    }

    /// The right password: this address starts afresh.
    pub async fn succeeded(&self) -> AppResult<()> {
        self.kv.forget(&[self.failures_key.clone(), self.wait_key.clone()]).await?;
        Ok(())
    }
}

/// The wait after the `failures`-th wrong password in a row: none before `max_failures`, then
/// `FIRST_WAIT_SECS`, doubling, never longer than `longest_secs`.
pub fn wait_after(failures: u64, max_failures: u64, longest_secs: u64) -> Option<u64> {
    let beyond = failures.checked_sub(max_failures.max(1))?;
    let wait = FIRST_WAIT_SECS.saturating_mul(1u64 << beyond.min(20));
    Some(wait.min(longest_secs).max(1))
}

#[cfg(test)]
mod tests {
    use super::wait_after;

    #[test]
    fn the_wait_starts_at_the_limit_and_doubles_up_to_the_longest() {
        assert_eq!(wait_after(4, 5, 900), None);
        assert_eq!(wait_after(5, 5, 900), Some(30));
        assert_eq!(wait_after(6, 5, 900), Some(60));
        assert_eq!(wait_after(9, 5, 900), Some(480));
        assert_eq!(wait_after(10, 5, 900), Some(900));
        assert_eq!(wait_after(u64::MAX, 5, 900), Some(900));
    }
}
