//! A customer's proof of a bank transfer: what it says was sent, and the file that shows it,
//! until staff confirm it (a payment is recorded) or reject it.
use serde::{Deserialize, Serialize};

use crate::{
    Currency, CustomerId, InvoiceId, Millis, QuoteFile, TenantId, TransferProofId, UserId,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProofStatus {
    Pending,
    Confirmed,
    Rejected,
}

impl ProofStatus {
    pub const ALL: [ProofStatus; 3] = [
        ProofStatus::Pending,
        ProofStatus::Confirmed,
        ProofStatus::Rejected,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ProofStatus::Pending => "pending",
            ProofStatus::Confirmed => "confirmed",
            ProofStatus::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TransferProof {
    pub id: TransferProofId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub invoice_id: InvoiceId,
    pub invoice_number: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    /// `YYYY-MM-DD`: when the customer says it sent the transfer.
    pub sent_on: String,
    /// The bank's reference, as typed.
    pub reference: String,
    /// The receipt or screenshot it sent (file name, type, size, SHA-256 in the blob store).
    pub file: QuoteFile,
    pub sent_by: UserId,
    pub sent_by_name: String,
    pub status: ProofStatus,
    pub decided_by_name: String,
    pub decided_at: Option<Millis>,
    /// Why staff rejected it (shown to the customer).
    pub reason: String,
    pub created_at: Millis,
}
