//! Conversations on projects and documents; followers and read markers.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait CommentStore {
    /// `NotFound` if the project (and document) are not the tenant's and the customer's.
    async fn insert_comment(&self, comment: &Comment) -> StoreResult<()>;
    /// Comments of a project (`document`: none → on the project itself), oldest first, with
    /// their authors' names.
    async fn comments_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> StoreResult<Vec<Comment>>;
    /// Someone follows a project's conversations (no error if they already do).
    async fn follow(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
        at: Millis,
    ) -> StoreResult<()>;
    async fn unfollow(&self, tenant: TenantId, project: ProjectId, user: UserId)
    -> StoreResult<()>;
    async fn followers(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<UserId>>;
    /// Records that `user` has read a conversation (a project's or a document's id) up to `at`.
    async fn mark_read(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: uuid::Uuid,
        at: Millis,
    ) -> StoreResult<()>;
    async fn read_at(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: uuid::Uuid,
    ) -> StoreResult<Option<Millis>>;
    /// Messages by others on these projects' own conversations that `user` has not read.
    async fn unread_counts(
        &self,
        tenant: TenantId,
        user: UserId,
        projects: &[ProjectId],
    ) -> StoreResult<Vec<(ProjectId, i64)>>;
}
