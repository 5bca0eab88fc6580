//! Providers (tenants): their settings, found by host name.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait TenantStore {
    /// Inserts the tenant and its default portal role ("Client", `Permissions::default_role`).
    async fn insert_tenant(&self, tenant: &Tenant) -> StoreResult<()>;
    async fn tenant_by_host(&self, host: &str) -> StoreResult<Option<Tenant>>;
    async fn tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>>;
    /// The tenant's largest upload in MB (none: the instance default).
    async fn set_upload_limit(&self, tenant: TenantId, mb: Option<i64>) -> StoreResult<()>;
    /// The document kinds the provider uses (empty: all).
    async fn set_document_kinds(&self, tenant: TenantId, kinds: &[DocumentKind])
    -> StoreResult<()>;
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
}
