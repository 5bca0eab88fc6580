//! Viewing links for people without an account.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait LinkStore {
    /// `NotFound` if the project (and document) are not the tenant's and the customer's.
    async fn insert_link(&self, link: &ShareLink) -> StoreResult<()>;
    async fn link_by_hash(
        &self,
        tenant: TenantId,
        token_hash: &str,
    ) -> StoreResult<Option<ShareLink>>;
    /// A project's links, newest first.
    async fn links_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<ShareLink>>;
    /// Revokes a live link; false if it was not live (already revoked, or not the tenant's).
    async fn revoke_link(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<bool>;
    async fn count_link_use(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<()>;
}
