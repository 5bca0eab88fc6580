//! Customer accounts and their contacts.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait CustomerStore {
    async fn insert_customer(&self, customer: &Customer) -> StoreResult<()>;
    async fn update_customer(&self, customer: &Customer) -> StoreResult<()>;
    async fn customer(&self, tenant: TenantId, id: CustomerId) -> StoreResult<Option<Customer>>;
    async fn customer_by_number(
        &self,
        tenant: TenantId,
        number: &str,
    ) -> StoreResult<Option<Customer>>;
    async fn list_customers(
        &self,
        tenant: TenantId,
        query: &CustomerQuery,
    ) -> StoreResult<Vec<Customer>>;
    async fn count_customers(&self, tenant: TenantId) -> StoreResult<i64>;
    /// Inserts a contact and its membership in one transaction. `NotFound` if the customer or
    /// the role is not the tenant's.
    async fn insert_contact(&self, membership: &Membership, user: &User) -> StoreResult<()>;
    /// Makes an existing user a member of another customer account of the same tenant
    /// (`NotFound` if the customer, the user or the role is not the tenant's).
    async fn add_membership(&self, membership: &Membership) -> StoreResult<()>;
    /// The contacts of a customer account with their role there, by name.
    async fn contacts_of(&self, tenant: TenantId, customer: CustomerId)
    -> StoreResult<Vec<Member>>;
    async fn customers_of(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Customer>>;
}
