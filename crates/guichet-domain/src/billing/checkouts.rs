//! Paying online: the provider's payment settings, and a checkout — what a contact chose to
//! pay, on which invoices, followed from the card to Stripe's signed confirmation.
use serde::{Deserialize, Serialize};

use crate::{CheckoutId, Currency, CustomerId, InvoiceId, Millis, TenantId, UserId};

/// How a provider is paid (one row per provider; absent: nothing online, no instructions).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PaymentSettings {
    pub tenant_id: TenantId,
    /// Cards through Stripe: on only with the three keys below.
    pub card: bool,
    pub publishable_key: String,
    /// Never shown again once saved.
    pub secret_key: String,
    /// The webhook endpoint's signing secret (`whsec_…`); never shown again once saved.
    pub webhook_secret: String,
    /// Customers may pay less than what is due (at least [`PARTIAL_MIN_MINOR`]).
    pub partial: bool,
    /// Bank transfer: instructions shown on unpaid invoices.
    pub transfer: bool,
    pub transfer_instructions: String,
    pub updated_at: Millis,
}

/// The smallest partial payment, in minor units (Stripe's own minimum is about 0.50).
pub const PARTIAL_MIN_MINOR: i64 = 100;

impl PaymentSettings {
    /// Whether customers can pay by card now.
    pub fn card_ready(&self) -> bool {
        self.card
            && !self.publishable_key.is_empty()
            && !self.secret_key.is_empty()
            && !self.webhook_secret.is_empty()
    }

    /// Whether transfer instructions are shown.
    pub fn transfer_shown(&self) -> bool {
        self.transfer && !self.transfer_instructions.trim().is_empty()
    }
}

/// Where a checkout stands. Only Stripe's signed events move it past `Processing`; once
/// `Succeeded` nothing moves it again (a late failure event is ignored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckoutStatus {
    /// Created; the card not yet sent.
    Open,
    /// The card was accepted or needs the bank's authentication; waiting for Stripe's word.
    Processing,
    /// Stripe confirmed; the payments are recorded on the invoices.
    Succeeded,
    /// The card was refused or authentication failed: nothing was charged.
    Failed,
    Canceled,
}

impl CheckoutStatus {
    pub const ALL: [CheckoutStatus; 5] = [
        CheckoutStatus::Open,
        CheckoutStatus::Processing,
        CheckoutStatus::Succeeded,
        CheckoutStatus::Failed,
        CheckoutStatus::Canceled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CheckoutStatus::Open => "open",
            CheckoutStatus::Processing => "processing",
            CheckoutStatus::Succeeded => "succeeded",
            CheckoutStatus::Failed => "failed",
            CheckoutStatus::Canceled => "canceled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    /// Whether `self` may become `next`: forward only; a success is final, and a failure
    /// may still turn into a success (the same intent retried).
    pub fn may_become(self, next: CheckoutStatus) -> bool {
        use CheckoutStatus::*;
        match (self, next) {
            (Succeeded, _) => false,
            (_, Open) => false,
            (Canceled, _) => false,
            (Failed, Succeeded) => true,
            (Failed, _) => false,
            (a, b) => a != b,
        }
    }
}

/// One invoice of a checkout and the part of the amount meant for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutPart {
    pub invoice_id: InvoiceId,
    pub number: i64,
    pub amount_minor: i64,
}

/// A contact's online payment of one or several invoices of one currency.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkout {
    pub id: CheckoutId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub created_by: UserId,
    pub created_by_name: String,
    pub currency: Currency,
    /// What the card is charged: the sum of the parts.
    pub amount_minor: i64,
    pub parts: Vec<CheckoutPart>,
    /// Stripe's Payment Intent, once created.
    pub intent_id: Option<String>,
    pub status: CheckoutStatus,
    /// Why it failed (Stripe's code, for the message shown), when it did.
    pub failure: String,
    /// Received but not applied: the invoices had less left to pay when Stripe confirmed
    /// (staff paid them meanwhile). Staff refund or apply it.
    pub unapplied_minor: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;
    use CheckoutStatus::*;

    #[test]
    fn a_success_is_final_and_a_failure_may_still_succeed() {
        for s in CheckoutStatus::ALL {
            assert!(!Succeeded.may_become(s));
            assert!(!s.may_become(Open));
            assert_eq!(CheckoutStatus::parse(s.code()), Some(s));
        }
        assert!(Open.may_become(Processing));
        assert!(Processing.may_become(Succeeded));
        assert!(Processing.may_become(Failed));
        assert!(Failed.may_become(Succeeded));
        assert!(!Failed.may_become(Processing));
        assert!(!Canceled.may_become(Succeeded));
        assert!(!Processing.may_become(Processing));
    }

    #[test]
    fn cards_need_all_three_keys() {
        let mut s = PaymentSettings {
            card: true,
            publishable_key: "pk".into(),
            secret_key: "sk".into(),
            webhook_secret: "whsec".into(),
            ..Default::default()
        };
        assert!(s.card_ready());
        s.webhook_secret.clear();
        assert!(!s.card_ready());
        s.transfer = true;
        assert!(!s.transfer_shown());
        s.transfer_instructions = "Banque 001".into();
        assert!(s.transfer_shown());
    }
}
