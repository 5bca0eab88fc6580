//! Payments received against an invoice: how they came, when, and the reference that finds
//! them in the bank's records.
use serde::{Deserialize, Serialize};

use crate::{Currency, CustomerId, InvoiceId, Millis, PaymentId, TenantId};

/// How a payment reached the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Bank transfer or electronic funds transfer.
    Transfer,
    Cheque,
    Card,
    Cash,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] = [
        PaymentMethod::Transfer,
        PaymentMethod::Cheque,
        PaymentMethod::Card,
        PaymentMethod::Cash,
        PaymentMethod::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Card => "card",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// A payment applied to one invoice.
#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    pub id: PaymentId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub invoice_id: InvoiceId,
    pub amount_minor: i64,
    pub currency: Currency,
    pub method: PaymentMethod,
    /// The bank's or the cheque's reference, as typed.
    pub reference: String,
    /// `YYYY-MM-DD`: when the money was received.
    pub received_on: String,
    pub recorded_by_name: String,
    /// The key the form carried: the same key twice is the same payment.
    pub submit_key: uuid::Uuid,
    pub created_at: Millis,
}
