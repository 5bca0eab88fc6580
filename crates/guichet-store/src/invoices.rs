//! Invoices and credit notes: issued (numbered per provider and kind), listed, voided.
use std::sync::Arc;

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

/// Which invoices a list shows (newest first: by invoice date, then id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct InvoiceQuery {
    pub customer: Option<CustomerId>,
    /// Only those billing this order.
    pub order: Option<OrderId>,
    /// Only those with something left to pay (not voided).
    pub unpaid_only: bool,
    pub limit: i64,
    /// Only invoices older than this one (its `issued_on` and id): the next page.
    pub before: Option<(String, InvoiceId)>,
    /// Only the invoice or credit note of this number.
    pub number: Option<i64>,
    /// Only the credit notes crediting this invoice.
    pub credits: Option<InvoiceId>,
}

/// A customer's invoices and credit notes (voided included) and payments, oldest first.
pub type Ledger = (Vec<Invoice>, Vec<Payment>);

#[async_trait]
pub trait InvoiceStore {
    /// Numbers (the tenant's next of its kind) and inserts an invoice, in one transaction
    /// (journaled); returns its number. A credit note whose whole amount is marked paid is
    /// applied to the invoice it credits in the same transaction (that invoice's paid amount
    /// grows by it, never above its total, else `Conflict` on `invoices_paid`). `NotFound` when the customer, its order, its quote or
    /// the invoice it credits is not the tenant's (and the customer's); `Conflict` when its
    /// order already has an invoice that is not voided.
    async fn insert_invoice(&self, invoice: &Invoice) -> StoreResult<i64>;
    async fn invoice(&self, tenant: TenantId, id: InvoiceId) -> StoreResult<Option<Invoice>>;
    async fn invoices(&self, tenant: TenantId, q: &InvoiceQuery) -> StoreResult<Vec<Invoice>>;
    /// Records a payment on its invoice, in one transaction (journaled): the invoice's
    /// `paid_minor` grows by the amount only if it stays within the total and the invoice is
    /// the customer's, an invoice (not a credit note) in the payment's currency and not void
    /// (else `Conflict` on `invoices_paid`). A payment whose `submit_key` was already recorded
    /// changes nothing and returns `false`.
    async fn record_payment(&self, payment: &Payment) -> StoreResult<bool>;
    /// An invoice's payments, by date received.
    async fn payments_of(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<Vec<Payment>>;
    /// All of a customer's invoices and credit notes (voided included) and payments, oldest
    /// first: what a statement of account reads. The same `Arc` is handed out while nothing
    /// behind it changed (what is worked out from it may be kept beside it).
    async fn ledger(&self, tenant: TenantId, customer: CustomerId) -> StoreResult<Arc<Ledger>>;
    /// Voids an invoice (journaled) if it is not voided, has nothing paid and was not changed
    /// since `seen` (its `updated_at`); else `Conflict`.
    async fn void_invoice(
        &self,
        tenant: TenantId,
        id: InvoiceId,
        at: Millis,
        seen: Millis,
    ) -> StoreResult<()>;
}
