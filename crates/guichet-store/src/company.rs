//! A customer's company profile and the changes made to it.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait CompanyStore {
    async fn company_profile(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<CompanyProfile>>;
    /// Saves the profile (its `version` must be `expected + 1`; `expected` 0 means none yet)
    /// and records the changes, in one transaction. `Conflict` if someone saved meanwhile;
    /// `NotFound` if the customer is not the tenant's.
    async fn save_company_profile(
        &self,
        profile: &CompanyProfile,
        expected: i64,
        changes: &[CompanyChange],
    ) -> StoreResult<()>;
    /// The latest changes of a customer's profile, newest first, with their authors' names.
    async fn company_changes(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        limit: i64,
    ) -> StoreResult<Vec<CompanyChange>>;
    /// Approves (applying the new value to the profile) or rejects a pending change, in one
    /// transaction. `NotFound` if not the tenant's; `Conflict` if no longer pending.
    async fn decide_company_change(
        &self,
        tenant: TenantId,
        id: ChangeId,
        approve: bool,
        by: UserId,
        at: Millis,
    ) -> StoreResult<CompanyChange>;
    /// Profile fields whose changes by customers wait for staff approval.
    async fn approval_fields(&self, tenant: TenantId) -> StoreResult<Vec<Field>>;
    async fn set_approval_fields(&self, tenant: TenantId, fields: &[Field]) -> StoreResult<()>;
}
