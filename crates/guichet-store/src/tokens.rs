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
    /// Spends a live address-change token, gives its person the address it confirms, and
    /// spends every other unspent token of theirs, in one transaction; `None` when the token
    /// was not live (or the person is inactive); `Conflict` when another person of the tenant
    /// has that address (nothing changed).
    async fn confirm_email_change(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<(UserId, Email)>>;
    /// Spends every unspent token of a person (their address changed: links sent to the old
    /// one must stop working).
    async fn spend_tokens_of(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<u64>;
    /// Claims the one reminder of a contact's invitation: `true` (and recorded) only the
    /// first time, and only for someone who was invited (an invitation token was issued) and
    /// has not set a password — exactly once under concurrent calls.
    async fn claim_invitation_reminder(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<bool>;
}
