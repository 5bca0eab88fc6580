//! Paying online: each provider's payment settings, the checkouts its contacts start, the
//! Stripe events received; and the proofs of bank transfer customers send.
use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait CheckoutStore {
    async fn payment_settings(&self, tenant: TenantId) -> StoreResult<Option<PaymentSettings>>;
    /// Inserts or replaces the provider's settings (journaled).
    async fn save_payment_settings(&self, settings: &PaymentSettings) -> StoreResult<()>;
    async fn insert_checkout(&self, checkout: &Checkout) -> StoreResult<()>;
    async fn checkout(&self, tenant: TenantId, id: CheckoutId) -> StoreResult<Option<Checkout>>;
    async fn checkout_by_intent(
        &self,
        tenant: TenantId,
        intent: &str,
    ) -> StoreResult<Option<Checkout>>;
    /// A customer's checkouts (all of the provider's with `None`), newest first.
    async fn checkouts(
        &self,
        tenant: TenantId,
        customer: Option<CustomerId>,
        limit: i64,
    ) -> StoreResult<Vec<Checkout>>;
    /// Ties a checkout to its Payment Intent once Stripe created it.
    async fn set_checkout_intent(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        intent: &str,
        at: Millis,
    ) -> StoreResult<()>;
    /// Moves a checkout to `status` (with Stripe's failure code) only where its current
    /// status may become it ([`CheckoutStatus::may_become`]); `false` when it may not.
    async fn mark_checkout(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        status: CheckoutStatus,
        failure: &str,
        at: Millis,
    ) -> StoreResult<bool>;
    /// Stripe confirmed the checkout's payment: in one transaction (journaled), each invoice
    /// gets its part, or what is left of its balance if that is less (a card payment received
    /// on `received_on`), what could not be applied is kept on the checkout, and the checkout
    /// is `Succeeded`. Returns the payments recorded; `None` when it had succeeded already
    /// (nothing changes: the same confirmation twice is one payment).
    async fn settle_checkout(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        received_on: &str,
        at: Millis,
    ) -> StoreResult<Option<Vec<Payment>>>;
    /// Notes a Stripe event with what was made of it; `false` when it was noted already.
    async fn note_payment_event(
        &self,
        tenant: TenantId,
        event_id: &str,
        kind: &str,
        outcome: &str,
        at: Millis,
    ) -> StoreResult<bool>;
    async fn insert_transfer_proof(&self, proof: &TransferProof) -> StoreResult<()>;
    async fn transfer_proof(
        &self,
        tenant: TenantId,
        id: TransferProofId,
    ) -> StoreResult<Option<TransferProof>>;
    /// An invoice's proofs (all of the provider's with `None`), newest first; only those
    /// waiting for staff with `pending_only`.
    async fn transfer_proofs(
        &self,
        tenant: TenantId,
        invoice: Option<InvoiceId>,
        pending_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<TransferProof>>;
    /// Staff decide a pending proof, in one transaction (journaled): confirmed with its
    /// payment (recorded as [`crate::InvoiceStore::record_payment`] does, else `Conflict` and
    /// nothing written), or rejected with a reason. `false` when it was decided already.
    async fn decide_transfer_proof(
        &self,
        tenant: TenantId,
        id: TransferProofId,
        status: ProofStatus,
        by_name: &str,
        reason: &str,
        at: Millis,
        payment: Option<&Payment>,
    ) -> StoreResult<bool>;
}
