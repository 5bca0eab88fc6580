//! Per-contact access set on a project or one of its documents.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait ShareStore {
    /// Sets (or replaces) one contact's right on a project or one of its documents; `NotFound`
    /// if the project, document or contact is not the tenant's.
    async fn set_share(&self, share: &Share) -> StoreResult<()>;
    /// Back to what their role (or the project's share) gives.
    async fn remove_share(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
        user: UserId,
    ) -> StoreResult<()>;
    /// Every share set for one contact (across projects).
    async fn shares_of_contact(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Share>>;
    /// Every share on a project and its documents.
    async fn shares_of_project(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<Share>>;
}
