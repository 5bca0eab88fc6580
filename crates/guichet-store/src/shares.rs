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
    /// A project with the shares set for one contact on it and its documents, and its place in
    /// its flow, in one statement (what a contact's pages need first).
    async fn project_with_shares_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
    ) -> StoreResult<Option<ProjectHead>>;
    /// Every share on a project and its documents.
    async fn shares_of_project(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<Share>>;
}
