//! Portal roles and who has them.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait RoleStore {
    async fn insert_role(&self, role: &Role) -> StoreResult<()>;
    /// Saves name and permissions (`NotFound` if not the tenant's).
    async fn update_role(&self, role: &Role) -> StoreResult<()>;
    async fn role(&self, tenant: TenantId, id: RoleId) -> StoreResult<Option<Role>>;
    /// The tenant's roles, default first then by name, each with its number of memberships.
    async fn roles(&self, tenant: TenantId) -> StoreResult<Vec<(Role, i64)>>;
    /// A contact who holds this role, to show what the role sees through their eyes: one who
    /// may sign in (active, password set) first, then by name. (customer, user)
    async fn role_holder(
        &self,
        tenant: TenantId,
        role: RoleId,
    ) -> StoreResult<Option<(CustomerId, UserId)>>;
    /// Moves the role's memberships to `transfer_to` and deletes it, in one transaction;
    /// returns how many moved. `NotFound` if either is not the tenant's; `Conflict` for the
    /// default role or a transfer to itself.
    async fn delete_role(
        &self,
        tenant: TenantId,
        id: RoleId,
        transfer_to: RoleId,
    ) -> StoreResult<u64>;
    /// Gives these memberships (customer, user) of the tenant this role, in one transaction;
    /// returns how many changed. `NotFound` (and nothing changed) if the role or any of the
    /// memberships is not the tenant's.
    async fn set_member_roles(
        &self,
        tenant: TenantId,
        members: &[(CustomerId, UserId)],
        role: RoleId,
    ) -> StoreResult<u64>;
}
