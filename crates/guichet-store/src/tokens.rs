//! Emailed single-use tokens (invitations, sign-in links, resets).

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait TokenStore {
    /// Stores a new token and queues its email in one transaction; with `revoke_previous`,
    /// earlier unspent tokens of the same user and purpose stop working.
    async fn issue_token(
        &self,
        token: &Token,
        email: &OutboxEmail,
        revoke_previous: bool,
    ) -> StoreResult<()>;
    /// A token that is neither spent nor expired (no change made).
    async fn live_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>>;
    /// Any token with this hash, spent or not (to tell "used" from "expired" from "unknown").
    async fn token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
    ) -> StoreResult<Option<Token>>;
    /// Atomically marks a live token spent; `None` if it was not live (single use under races).
    async fn spend_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>>;
}
