//! Attempts counted per key in fixed windows, to throttle guessing.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

/// A key's count after one more attempt was counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptCount {
    /// Attempts in the key's current window, this one included (1 for the first).
    pub hits: i64,
    /// When the current window started.
    pub window_start: Millis,
    /// While the key is blocked (`block_key`), attempts are not counted and this is set.
    pub blocked_until: Option<Millis>,
}

#[async_trait]
pub trait ThrottleStore {
    /// Counts one attempt under `key` in one atomic statement and returns the key's count,
    /// this attempt included: of many attempts at once, each gets its own rank. A window that
    /// started at or before `window_expired_at` starts again at `now`. A blocked key is not
    /// counted.
    async fn count_attempt(
        &self,
        tenant: TenantId,
        key: &str,
        window_expired_at: Millis,
        now: Millis,
    ) -> StoreResult<AttemptCount>;
    /// Takes one attempt back (a success that should not count against a shared address).
    async fn uncount_attempt(&self, tenant: TenantId, key: &str) -> StoreResult<()>;
    /// Refuses every attempt under `key` until `until`.
    async fn block_key(&self, tenant: TenantId, key: &str, until: Millis) -> StoreResult<()>;
    /// Forgets a key (a success).
    async fn clear_attempts(&self, tenant: TenantId, key: &str) -> StoreResult<()>;
    /// Deletes counts whose window started before `before` and that are not blocked, for
    /// every tenant.
    async fn prune_attempts(&self, before: Millis) -> StoreResult<u64>;
}
