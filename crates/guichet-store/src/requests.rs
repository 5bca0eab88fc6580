//! Document requests: files asked of the customer.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait RequestStore {
    /// `NotFound` if the project is not the tenant's and the customer's.
    async fn insert_request(&self, request: &DocumentRequest) -> StoreResult<()>;
    async fn request(
        &self,
        tenant: TenantId,
        id: RequestId,
    ) -> StoreResult<Option<DocumentRequest>>;
    /// A project's requests, outstanding first (by due date), then fulfilled ones.
    async fn requests_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<DocumentRequest>>;
    /// A customer's outstanding requests on all its projects, by due date (undated last),
    /// at most `limit`.
    async fn open_requests(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        limit: i64,
    ) -> StoreResult<Vec<DocumentRequest>>;
    /// Marks a request fulfilled by a document; `Conflict` if it already was.
    async fn fulfil_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        document: DocumentId,
        by: UserId,
        at: Millis,
    ) -> StoreResult<()>;
}
