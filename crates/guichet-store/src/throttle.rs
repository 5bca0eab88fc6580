//! Failed attempts, counted to throttle guessing.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait ThrottleStore {
    async fn record_failure(&self, tenant: TenantId, key: &str, now: Millis) -> StoreResult<()>;
    async fn failures_since(&self, tenant: TenantId, key: &str, since: Millis) -> StoreResult<i64>;
    async fn clear_failures(&self, tenant: TenantId, key: &str) -> StoreResult<()>;
    /// Deletes failures older than `before`, for every tenant.
    async fn prune_failures(&self, before: Millis) -> StoreResult<u64>;
}
