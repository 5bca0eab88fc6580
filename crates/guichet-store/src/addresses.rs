//! A customer's address book.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait AddressStore {
    /// A customer's addresses: the default first, then active ones by label, archived last.
    async fn addresses(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Vec<ShippingAddress>>;
    async fn address(
        &self,
        tenant: TenantId,
        id: AddressId,
    ) -> StoreResult<Option<ShippingAddress>>;
    /// Inserts an address; if it is the default, the previous default stops being one, in the
    /// same transaction. `NotFound` if the customer is not the tenant's.
    async fn insert_address(&self, address: &ShippingAddress) -> StoreResult<()>;
    /// Saves an address if it was not changed since `expected_updated_at` (`Conflict`
    /// otherwise).
    async fn update_address(
        &self,
        address: &ShippingAddress,
        expected_updated_at: Millis,
    ) -> StoreResult<()>;
    /// Makes an active address the customer's default (`NotFound` if archived or foreign).
    async fn set_default_address(
        &self,
        tenant: TenantId,
        id: AddressId,
        at: Millis,
    ) -> StoreResult<()>;
    /// Archives (no longer the default) or restores an address.
    async fn set_address_archived(
        &self,
        tenant: TenantId,
        id: AddressId,
        archived: bool,
        at: Millis,
    ) -> StoreResult<()>;
    /// Deletes an address never used by an order (`Conflict` once used: archive it instead).
    async fn delete_address(&self, tenant: TenantId, id: AddressId) -> StoreResult<()>;
}
