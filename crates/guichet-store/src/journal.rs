//! The activity journal, hash-chained per tenant.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait JournalStore {
    /// Appends an entry at the end of its tenant's chain: `seq`, `prev_hash` and `hash` are
    /// set here (the given ones are ignored). Returns the entry as stored.
    async fn append(&self, entry: &JournalEntry) -> StoreResult<JournalEntry>;
    /// Entries, newest first.
    async fn journal(
        &self,
        tenant: TenantId,
        query: &JournalQuery,
    ) -> StoreResult<Vec<JournalEntry>>;
    /// A tenant's whole chain in order (for verification).
    async fn chain(&self, tenant: TenantId) -> StoreResult<Vec<JournalEntry>>;
}
