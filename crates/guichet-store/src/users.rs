//! People: staff and contacts, their passwords and active flag.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait UserStore {
    async fn insert_user(&self, user: &User) -> StoreResult<()>;
    async fn user(&self, tenant: TenantId, id: UserId) -> StoreResult<Option<User>>;
    async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>>;
    /// Updates name, email, phone, locale, staff role and active flag.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    async fn set_user_locale(
        &self,
        tenant: TenantId,
        id: UserId,
        locale: Locale,
    ) -> StoreResult<()>;
    async fn list_staff(&self, tenant: TenantId) -> StoreResult<Vec<User>>;
    /// Sets the password hash, spends the token (if any) and ends every session of the user
    /// except `keep_session`, in one transaction. Returns false if the token was already spent
    /// or expired (then nothing changed).
    async fn set_password(
        &self,
        tenant: TenantId,
        user: UserId,
        password_hash: &str,
        spend: Option<(TokenPurpose, &str)>,
        keep_session: Option<SessionId>,
        now: Millis,
    ) -> StoreResult<bool>;
    /// Sets the active flag; deactivating also ends every session of the user at once.
    async fn set_user_active(
        &self,
        tenant: TenantId,
        id: UserId,
        active: bool,
        now: Millis,
    ) -> StoreResult<()>;
}
