//! Credit notes: staff credit part or all of what is left to pay on an invoice (a discount
//! granted after the fact, goods returned), with a reason; the credit note is issued and
//! applied to that invoice in one transaction, its taxes split as the invoice's are.
use guichet_domain::*;

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::sales::shop::today;
use crate::{Client, Portal};

/// What staff type to credit an invoice.
#[derive(Clone, Debug, Default)]
pub struct CreditInput {
    /// Taxes included; at most what is left to pay.
    pub amount: String,
    pub reason: String,
}

const REASON_MAX: usize = 500;

impl Portal {
    /// Staff issue a credit note on an invoice with something left to pay, applied to it at
    /// once. Returns the credit note.
    pub async fn issue_credit_note(
        &self,
        actor: &User,
        client: &Client,
        id: InvoiceId,
        input: &CreditInput,
    ) -> CoreResult<Invoice> {
        require(actor, Action::ManageInvoices)?;
        let invoice = self.staff_invoice(actor, id).await?;
        if invoice.kind != InvoiceKind::Invoice
            || invoice.voided_at.is_some()
            || invoice.balance() == 0
        {
            return Err(CoreError::Stale("payment-not-payable"));
        }
        let mut errors = FieldErrors::default();
        let amount = errors.check("credit_amount", Money::parse_amount(&input.amount));
        if amount.is_some_and(|a| a > invoice.balance()) {
            errors.add("credit_amount", "error-credit-above-balance");
        }
        let reason = input.reason.trim();
        if reason.is_empty() {
            errors.add("credit_reason", "error-required");
        } else if reason.chars().count() > REASON_MAX {
            errors.add("credit_reason", "error-too-long");
        }
        let (Some(amount), true) = (amount, errors.is_empty()) else {
            return Err(CoreError::Invalid(errors));
        };
        let (before_taxes, taxes) = credit_split(&invoice, amount);
        let number = invoice.number.to_string();
        let name = Texts {
            fr: format!(
                "{} — {reason}",
                self.catalogs
                    .t_with(Locale::Fr, "credit-line", &[("number", number.as_str())])
            ),
            en: format!(
                "{} — {reason}",
                self.catalogs
                    .t_with(Locale::En, "credit-line", &[("number", number.as_str())])
            ),
        };
        let issued_on = today();
        let now = Millis::now();
        let mut credit = Invoice {
            id: InvoiceId::new(),
            tenant_id: actor.tenant_id,
            customer_id: invoice.customer_id,
            customer_name: invoice.customer_name.clone(),
            number: 0,
            kind: InvoiceKind::CreditNote,
            order_id: invoice.order_id,
            quote_id: invoice.quote_id,
            credits: Some(invoice.id),
            is_deposit: false,
            deposit: None,
            currency: invoice.currency,
            lines: vec![InvoiceLine {
                sku: String::new(),
                name,
                quantity: 1,
                unit_minor: before_taxes,
                total_minor: before_taxes,
            }],
            subtotal_minor: before_taxes,
            taxes,
            total_minor: amount,
            schedule: vec![Instalment {
                due_on: issued_on.clone(),
                amount_minor: amount,
                deposit: false,
            }],
            issued_on,
            // Used at once, on the invoice it credits.
            paid_minor: amount,
            note: reason.to_string(),
            voided_at: None,
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "invoice.credit",
                object_kind: "invoice",
                object_id: invoice.id.0,
                customer: Some(invoice.customer_id),
                project: None,
                detail: format!(
                    "invoice {} · {} {} · {reason}",
                    invoice.number,
                    Money::new(amount, invoice.currency).plain(),
                    invoice.currency
                ),
            },
        );
        credit.number = match self
            .journaled(vec![entry], self.store.insert_invoice(&credit))
            .await
        {
            Err(guichet_store::StoreError::Conflict { .. }) => {
                return Err(CoreError::Stale("invoice-changed-meanwhile"));
            }
            other => other?,
        };
        Ok(credit)
    }

    /// The credit notes applied to an invoice (for a reader already allowed to see it).
    pub async fn credit_notes_of(&self, invoice: &Invoice) -> CoreResult<Vec<Invoice>> {
        let q = guichet_store::InvoiceQuery {
            credits: Some(invoice.id),
            limit: 100,
            ..Default::default()
        };
        Ok(self.store.invoices(invoice.tenant_id, &q).await?)
    }
}
