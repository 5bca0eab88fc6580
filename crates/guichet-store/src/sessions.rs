//! Sessions, and everything a signed-in request needs.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait SessionStore {
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;
    /// The live session with this token hash and its active user, in one query.
    /// Everything a signed-in request needs, in one statement: the live session, its active
    /// user and the customer accounts the user belongs to (by name).
    async fn signed_in(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<SignedIn>>;
    async fn session_with_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<(Session, User)>>;
    async fn touch_session(&self, id: SessionId, now: Millis) -> StoreResult<()>;
    async fn list_sessions(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<Vec<Session>>;
    /// Ends one session of this user; false if there was none.
    async fn delete_session(
        &self,
        tenant: TenantId,
        user: UserId,
        id: SessionId,
    ) -> StoreResult<bool>;
    /// Ends the user's sessions (all but `except`) and spends every unspent emailed token of
    /// the user, in one transaction.
    async fn delete_sessions_of(
        &self,
        tenant: TenantId,
        user: UserId,
        except: Option<SessionId>,
        now: Millis,
    ) -> StoreResult<u64>;
}
