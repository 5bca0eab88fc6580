//! Documents and their versions.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait DocumentStore {
    /// A new document with its first version, in one transaction (`NotFound` if the project is
    /// not the tenant's or not the document's customer's).
    async fn insert_document(&self, doc: &Document, first: &DocumentVersion) -> StoreResult<()>;
    /// Adds a version; its number is the next one, chosen in the transaction (the given
    /// `number` is ignored). Returns the saved version. A document agreed to (approved,
    /// signed) is frozen: `Conflict` (`documents_frozen`), nothing written.
    async fn add_version(&self, version: &DocumentVersion) -> StoreResult<DocumentVersion>;
    /// Sets a document's status if it was not changed since `expected_updated_at` (`Conflict`
    /// otherwise, `NotFound` if it is not the tenant's).
    async fn set_document_status(
        &self,
        tenant: TenantId,
        id: DocumentId,
        status: DocumentStatus,
        expected_updated_at: Millis,
        now: Millis,
    ) -> StoreResult<()>;
    async fn document(&self, tenant: TenantId, id: DocumentId) -> StoreResult<Option<Document>>;
    /// A project's documents, newest first, each with its latest version.
    async fn documents_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A project's documents of one kind (its quotes, its contracts), as `documents_of`.
    async fn documents_of_kind(
        &self,
        tenant: TenantId,
        project: ProjectId,
        kind: DocumentKind,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A page of a project's documents, newest first: those listed after `before` (its
    /// `created_at` and id), at most `limit`.
    async fn project_documents_page(
        &self,
        tenant: TenantId,
        project: ProjectId,
        before: Option<(Millis, DocumentId)>,
        limit: i64,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A customer account's documents across its projects, newest first, keyset-paginated.
    async fn customer_documents(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        query: &DocumentQuery,
    ) -> StoreResult<Vec<AccountDocument>>;
    /// What a customer account's documents listing depends on, in one cheap statement: a
    /// listing read at this revision may be shown again while it holds.
    async fn account_listing_revision(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<ListingRevision>;
    /// A document's versions, newest first.
    async fn versions(
        &self,
        tenant: TenantId,
        document: DocumentId,
    ) -> StoreResult<Vec<DocumentVersion>>;
    async fn version(
        &self,
        tenant: TenantId,
        id: VersionId,
    ) -> StoreResult<Option<DocumentVersion>>;
}
