//! Emails waiting to be sent.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait OutboxStore {
    async fn enqueue_email(&self, email: &OutboxEmail) -> StoreResult<()>;
    /// Claims up to `limit` due emails (any tenant) by pushing their next attempt to
    /// `lease_until`; a crashed worker's claims come back when the lease runs out.
    async fn claim_emails(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: i64,
    ) -> StoreResult<Vec<OutboxEmail>>;
    /// Marks sent; with `wipe_body`, the body (which may hold a link) is cleared.
    async fn mark_email_sent(&self, id: EmailId, now: Millis, wipe_body: bool) -> StoreResult<()>;
    async fn mark_email_failed(
        &self,
        id: EmailId,
        next_attempt_at: Millis,
        error: &str,
    ) -> StoreResult<()>;
    async fn list_outbox(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<OutboxEmail>>;
    async fn outbox_email(&self, tenant: TenantId, id: EmailId)
    -> StoreResult<Option<OutboxEmail>>;
}
