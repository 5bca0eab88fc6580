//! Invoices staff write themselves, for what no order carries (a service, travel, a fee): free
//! lines at the customer's taxes, on the payment terms typed.
use guichet_domain::*;

use super::BillInput;
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::sales::shop::today;
use crate::{Client, Portal};

/// At most this many lines on an invoice written by hand.
pub const MANUAL_LINES_MAX: usize = 50;
/// The longest line description, in characters.
const DESCRIPTION_MAX: usize = 300;

/// One line as staff type it; a line left blank is skipped.
#[derive(Clone, Debug, Default)]
pub struct ManualLineInput {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
}

/// What staff type to write an invoice.
#[derive(Clone, Debug, Default)]
pub struct ManualInvoiceInput {
    /// The form's key, which becomes the invoice's id: the same form twice is one invoice.
    pub key: String,
    pub lines: Vec<ManualLineInput>,
    pub terms: BillInput,
}

impl ManualLineInput {
    fn is_blank(&self) -> bool {
        self.description.trim().is_empty()
            && self.quantity.trim().is_empty()
            && self.unit_price.trim().is_empty()
    }
}

impl Portal {
    /// The customer staff are about to write an invoice for.
    pub async fn staff_customer_for_invoice(
        &self,
        actor: &User,
        id: CustomerId,
    ) -> CoreResult<Customer> {
        require(actor, Action::ManageInvoices)?;
        self.store
            .customer(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// Staff who manage invoices write one for a customer of theirs: the lines typed (each
    /// problem on its field, nothing written), taxed as the customer is, numbered in the same
    /// series as the others. The same form sent twice gives the first invoice back.
    pub async fn write_invoice(
        &self,
        actor: &User,
        client: &Client,
        customer: CustomerId,
        input: &ManualInvoiceInput,
    ) -> CoreResult<Invoice> {
        require(actor, Action::ManageInvoices)?;
        let customer = self
            .store
            .customer(actor.tenant_id, customer)
            .await?
            .ok_or(CoreError::NotFound)?;
        let Ok(id) = input.key.trim().parse::<uuid::Uuid>() else {
            return Err(CoreError::Stale("invoice-form-expired"));
        };
        let id = InvoiceId(id);
        // The same form again (a double click, a retried request).
        if let Some(done) = self.store.invoice(actor.tenant_id, id).await? {
            return if done.customer_id == customer.id && done.order_id.is_none() {
                Ok(done)
            } else {
                Err(CoreError::Stale("invoice-form-expired"))
            };
        }
        let mut e = FieldErrors::default();
        let terms = match input.terms.terms() {
            Ok(t) => Some(t),
            Err(CoreError::Invalid(errors)) => {
                e.0.extend(errors.0);
                None
            }
            Err(other) => return Err(other),
        };
        if input.lines.len() > MANUAL_LINES_MAX {
            return Err(CoreError::field("lines", "error-too-many-lines"));
        }
        let mut lines = Vec::new();
        for (i, l) in input.lines.iter().enumerate() {
            if l.is_blank() {
                continue;
            }
            let description = match text(&l.description, DESCRIPTION_MAX, true) {
                Ok(d) => Some(d),
                Err(err) => {
                    e.add_named(format!("description-{i}"), err.message_key());
                    None
                }
            };
            let quantity = match l.quantity.trim() {
                "" => Some(1),
                q => match q.parse::<i64>() {
                    Ok(q) if (1..=1_000_000).contains(&q) => Some(q),
                    _ => {
                        e.add_named(format!("quantity-{i}"), "error-quantity");
                        None
                    }
                },
            };
            let unit = match Money::parse_amount(&l.unit_price) {
                Ok(m) => Some(m),
                Err(ValueError::Required) => {
                    e.add_named(format!("price-{i}"), "error-required");
                    None
                }
                Err(_) => {
                    e.add_named(format!("price-{i}"), "error-invoice-price");
                    None
                }
            };
            if let (Some(description), Some(quantity), Some(unit)) = (description, quantity, unit) {
                let Some(total) = quantity.checked_mul(unit).filter(|t| *t <= MAX_MINOR) else {
                    e.add_named(format!("price-{i}"), "error-invoice-too-large");
                    continue;
                };
                lines.push(InvoiceLine {
                    sku: String::new(),
                    name: Texts::new(&description, &description),
                    quantity,
                    unit_minor: unit,
                    total_minor: total,
                });
            }
        }
        if lines.is_empty() && e.is_empty() {
            e.add("description-0", "error-invoice-no-lines");
        }
        let region = self
            .terms_of(actor.tenant_id, customer.id)
            .await?
            .tax_region;
        let totals = InvoiceTotals::of(&lines, region);
        if totals.is_none() && e.is_empty() {
            e.add("description-0", "error-invoice-too-large");
        }
        let (Some(terms), Some(totals), true) = (terms, totals, e.is_empty()) else {
            return Err(CoreError::Invalid(e));
        };
        let issued_on = today();
        let schedule = terms
            .schedule(&issued_on, totals.total_minor)
            .ok_or_else(|| CoreError::field("every_days", "error-invoice-terms-too-long"))?;
        let now = Millis::now();
        let invoice = Invoice {
            id,
            tenant_id: actor.tenant_id,
            customer_id: customer.id,
            customer_name: customer.name.clone(),
            number: 0,
            kind: InvoiceKind::Invoice,
            order_id: None,
            quote_id: None,
            credits: None,
            is_deposit: false,
            deposit: None,
            currency: Currency::parse(&customer.currency).unwrap_or_default(),
            lines,
            subtotal_minor: totals.subtotal_minor,
            taxes: totals.taxes,
            total_minor: totals.total_minor,
            issued_on,
            schedule,
            paid_minor: 0,
            note: input.terms.note.trim().to_string(),
            voided_at: None,
            created_at: now,
            updated_at: now,
        };
        let detail = format!("written · {} line(s)", invoice.lines.len());
        match self.issue_invoice(actor, client, invoice, detail).await {
            // Two of the same form at once: the other one wrote it.
            Err(CoreError::Stale(_)) => match self.store.invoice(actor.tenant_id, id).await? {
                Some(done) if done.customer_id == customer.id => Ok(done),
                _ => Err(CoreError::Stale("invoice-form-expired")),
            },
            other => other,
        }
    }
}
