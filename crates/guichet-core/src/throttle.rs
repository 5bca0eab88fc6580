//! Throttling guesses: every attempt is counted before it is checked (one atomic statement per
//! key), so that fifty attempts at once are ranked and only the first few are checked at all.
//! Keys name what is counted: an account from one address, an address (IPv6 by its /64), an
//! account from everywhere (with back-off), a person's password-change form.
use std::net::IpAddr;

use guichet_domain::{Millis, TenantId, UserId};

use crate::Portal;
use crate::error::{CoreError, CoreResult};

/// How long an account that failed too often from many addresses waits: a minute, then twice
/// as long after each further failure, at most an hour.
const ACCOUNT_WINDOW_SECS: i64 = 24 * 3600;
const FIRST_BLOCK_SECS: i64 = 60;
const LONGEST_BLOCK_SECS: i64 = 3600;

/// The address attempts are counted under: an IPv4 address as is, an IPv6 address by its /64
/// (one customer's network hands out a whole /64), anything else as typed, bounded.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.chars().take(64).collect(),
    }
}

pub(crate) fn account_address(email: &str, ip: &str) -> String {
    format!("acct-ip:{email}|{}", address_key(ip))
}
pub(crate) fn address(ip: &str) -> String {
    format!("ip:{}", address_key(ip))
}
pub(crate) fn account(email: &str) -> String {
    format!("acct:{email}")
}
pub(crate) fn password_change(user: UserId) -> String {
    format!("pw-change:{user}")
}
pub(crate) fn emailed_links(email: &str) -> String {
    format!("link:{email}")
}
pub(crate) fn link_tokens(ip: &str) -> String {
    format!("link-token:{}", address_key(ip))
}

/// An attempt refused: how long to wait, and whether it is the first refusal of its window
/// (the one the journal keeps; the rest would only flood it).
pub(crate) struct Refusal {
    pub retry_after_secs: i64,
    pub first: bool,
}

impl Portal {
    /// Counts one attempt under `key`; refused once more than `max` were made in the window.
    pub(crate) async fn attempt(
        &self,
        tenant: TenantId,
        key: &str,
        max: i64,
        window_secs: i64,
    ) -> CoreResult<Option<Refusal>> {
        let now = Millis::now();
        let c = self
            .store
            .count_attempt(tenant, key, now.plus_secs(-window_secs), now)
            .await?;
        if c.hits > max {
            let ends = c.window_start.plus_secs(window_secs);
            return Ok(Some(Refusal {
                retry_after_secs: ((ends.0 - now.0) / 1000).max(1),
                first: c.hits == max + 1,
            }));
        }
        Ok(None)
    }

    /// Counts one attempt under `key`; refused (with how long to wait) once more than `max`
    /// were made in the window.
    pub(crate) async fn count_attempt(
        &self,
        tenant: TenantId,
        key: &str,
        max: i64,
        window_secs: i64,
    ) -> CoreResult<()> {
        match self.attempt(tenant, key, max, window_secs).await? {
            Some(r) => Err(CoreError::Throttled {
                retry_after_secs: r.retry_after_secs,
            }),
            None => Ok(()),
        }
    }

    /// Counts one attempt on an account from anywhere: past `max_failures_per_account` in a
    /// day, the account waits a minute, then twice as long after each further failure.
    pub(crate) async fn account_attempt(
        &self,
        tenant: TenantId,
        email: &str,
    ) -> CoreResult<Option<Refusal>> {
        let now = Millis::now();
        let key = account(email);
        let c = self
            .store
            .count_attempt(tenant, &key, now.plus_secs(-ACCOUNT_WINDOW_SECS), now)
            .await?;
        if let Some(until) = c.blocked_until {
            return Ok(Some(Refusal {
                retry_after_secs: ((until.0 - now.0) / 1000).max(1),
                first: false,
            }));
        }
        let over = c.hits - self.settings.max_failures_per_account;
        if over > 0 {
            let secs = (FIRST_BLOCK_SECS << (over - 1).min(16)).min(LONGEST_BLOCK_SECS);
            self.store
                .block_key(tenant, &key, now.plus_secs(secs))
                .await?;
            tracing::warn!(tenant = %tenant, failures = c.hits, block_secs = secs, "account throttled across addresses");
            return Ok(Some(Refusal {
                retry_after_secs: secs,
                first: true,
            }));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv6_addresses_count_by_their_64() {
        assert_eq!(address_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2::ffff"), "2001:db8:1:2::/64");
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("unknown"), "unknown");
        assert_eq!(address_key(&"x".repeat(500)).len(), 64);
    }
}
