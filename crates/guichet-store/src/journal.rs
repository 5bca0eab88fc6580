//! The activity journal, hash-chained per tenant.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait JournalStore {
    /// Appends an entry at the end of its tenant's chain: `seq` and `prev_hash` are set here
    /// and the entry is sealed under `key` (`keyed`, `hash`; the given ones are ignored), in
    /// one transaction. Returns the entry as stored.
    async fn append(&self, entry: &JournalEntry, key: &JournalKey) -> StoreResult<JournalEntry>;
    /// Entries, newest first.
    async fn journal(
        &self,
        tenant: TenantId,
        query: &JournalQuery,
    ) -> StoreResult<Vec<JournalEntry>>;
    /// A tenant's whole chain in order (for verification).
    async fn chain(&self, tenant: TenantId) -> StoreResult<Vec<JournalEntry>>;
    /// The end of a tenant's chain from number `from_seq` on, in order (to check what was
    /// appended since a checkpoint before signing the next one).
    async fn chain_from(&self, tenant: TenantId, from_seq: i64) -> StoreResult<Vec<JournalEntry>>;
}
