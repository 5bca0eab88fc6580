//! Invoices: staff bill an order (whole, with payment terms) and void an invoice nothing was
//! paid on; contacts whose role shows invoices read their company's.
use std::sync::Arc;

use guichet_domain::*;
use guichet_store::{Account, InvoiceQuery, SignedIn};

use crate::access::{Action, RecordRef, require, require_in, scope_reaches};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::sales::shop::today;
use crate::{Client, Portal};

/// What staff type to bill an order: payment terms as typed.
#[derive(Clone, Debug, Default)]
pub struct BillInput {
    /// Days from the invoice date to the first due date ("0": on receipt).
    pub first_days: String,
    /// How many equal instalments (1 by default).
    pub instalments: String,
    /// Days between instalments.
    pub every_days: String,
    pub note: String,
}

/// A statement of account, with the currencies the account has invoices in (the account's
/// own first): one statement each.
#[derive(Debug)]
pub struct StatementOf {
    pub statement: Statement,
    pub currencies: Vec<Currency>,
}

/// Statements worked out, by tenant, customer, currency, range and day, beside the ledger
/// they were worked out from.
pub(crate) type Statements = crate::derived::Derived<
    (TenantId, CustomerId, Currency, String, String, String),
    guichet_store::Ledger,
    StatementOf,
>;

/// The largest note on an invoice, in characters.
const NOTE_MAX: usize = 2000;

impl BillInput {
    /// The terms typed, each problem on its field.
    pub fn terms(&self) -> CoreResult<PaymentTerms> {
        let mut errors = FieldErrors::default();
        let mut number =
            |field: &'static str, raw: &str, default: i64, range: std::ops::RangeInclusive<i64>| {
                let raw = raw.trim();
                if raw.is_empty() {
                    return default;
                }
                match raw.parse::<i64>() {
                    Ok(n) if range.contains(&n) => n,
                    _ => {
                        errors.add(field, "error-invoice-terms");
                        default
                    }
                }
            };
        let terms = PaymentTerms {
            first_days: number("first_days", &self.first_days, 30, 0..=MAX_TERM_DAYS),
            instalments: number("instalments", &self.instalments, 1, 1..=MAX_INSTALMENTS),
            every_days: number("every_days", &self.every_days, 30, 1..=MAX_TERM_DAYS),
        };
        if self.note.chars().count() > NOTE_MAX {
            errors.add("note", "error-too-long");
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        terms
            .checked()
            .ok_or_else(|| CoreError::field("every_days", "error-invoice-terms-too-long"))
    }
}

/// What staff type to record a payment received.
#[derive(Clone, Debug, Default)]
pub struct PaymentInput {
    pub amount: String,
    /// `YYYY-MM-DD`; empty: today.
    pub received_on: String,
    pub method: String,
    pub reference: String,
    /// The form's key: the same form twice is one payment.
    pub submit_key: String,
}

/// The longest payment reference, in characters.
const REFERENCE_MAX: usize = 200;

impl Portal {
    /// Whether the contact's role shows the account's invoices (all of the company's: an
    /// invoice has no owner among its contacts).
    fn reaches_invoices(&self, s: &SignedIn, account: &Account) -> bool {
        scope_reaches(
            &s.user,
            account,
            Module::Invoices,
            &RecordRef {
                customer: account.customer.id,
                owner: None,
                kind: None,
            },
        )
    }

    /// The account's invoices and credit notes that `q` asks for (its customer is always the
    /// account's), newest first; none for a role scoped to its own records.
    pub async fn portal_invoices(
        &self,
        s: &SignedIn,
        account: &Account,
        q: InvoiceQuery,
    ) -> CoreResult<Vec<Invoice>> {
        require_in(&s.user, account, Module::Invoices, Op::View)?;
        if !self.reaches_invoices(s, account) {
            return Ok(Vec::new());
        }
        let q = InvoiceQuery {
            customer: Some(account.customer.id),
            ..q
        };
        Ok(self.store.invoices(s.user.tenant_id, &q).await?)
    }

    /// The account's statement in `currency` from `from` to `to` (`YYYY-MM-DD`, inclusive),
    /// aged today; with the currencies the account has invoices in (the account's own first).
    /// Worked out again only when the ledger changed (or the day, range or currency).
    pub async fn portal_statement(
        &self,
        s: &SignedIn,
        account: &Account,
        currency: Currency,
        from: &str,
        to: &str,
    ) -> CoreResult<Arc<StatementOf>> {
        require_in(&s.user, account, Module::Invoices, Op::View)?;
        if !self.reaches_invoices(s, account) {
            return Err(CoreError::Forbidden);
        }
        let tenant = s.user.tenant_id;
        let ledger = self.store.ledger(tenant, account.customer.id).await?;
        let today = today();
        let key = (
            tenant,
            account.customer.id,
            currency,
            from.to_string(),
            to.to_string(),
            today.clone(),
        );
        let own = Currency::parse(&account.customer.currency);
        Ok(self
            .statements
            .get_or(key, &ledger, |(invoices, payments)| {
                let mut currencies: Vec<Currency> = own.into_iter().collect();
                for i in invoices {
                    if !currencies.contains(&i.currency) {
                        currencies.push(i.currency);
                    }
                }
                StatementOf {
                    statement: Statement::of(invoices, payments, currency, from, to, &today),
                    currencies,
                }
            }))
    }

    /// One invoice of the account (else `NotFound`).
    pub async fn portal_invoice(
        &self,
        s: &SignedIn,
        account: &Account,
        id: InvoiceId,
    ) -> CoreResult<Invoice> {
        require_in(&s.user, account, Module::Invoices, Op::View)?;
        if !self.reaches_invoices(s, account) {
            return Err(CoreError::NotFound);
        }
        self.store
            .invoice(s.user.tenant_id, id)
            .await?
            .filter(|i| i.customer_id == account.customer.id)
            .ok_or(CoreError::NotFound)
    }

    /// The provider's invoices that `q` asks for, newest first.
    pub async fn staff_invoices(&self, actor: &User, q: &InvoiceQuery) -> CoreResult<Vec<Invoice>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.invoices(actor.tenant_id, q).await?)
    }

    pub async fn staff_invoice(&self, actor: &User, id: InvoiceId) -> CoreResult<Invoice> {
        require(actor, Action::ViewCustomers)?;
        self.store
            .invoice(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// The invoices billing an order (voided ones included), newest first.
    pub async fn invoices_of_order(
        &self,
        actor: &User,
        order: OrderId,
    ) -> CoreResult<Vec<Invoice>> {
        let q = InvoiceQuery {
            order: Some(order),
            limit: 50,
            ..Default::default()
        };
        self.staff_invoices(actor, &q).await
    }

    /// Staff bill a whole order at its prices and taxes, with the payment terms typed; an
    /// order already billed (by an invoice not voided), cancelled or not yet approved is
    /// refused. A live deposit invoice of the order is set against the total (after taxes);
    /// without one, a deposit its quote asked for is the schedule's first part, due on
    /// receipt. Returns the invoice.
    pub async fn bill_order(
        &self,
        actor: &User,
        client: &Client,
        id: OrderId,
        input: &BillInput,
    ) -> CoreResult<Invoice> {
        require(actor, Action::ManageInvoices)?;
        let terms = input.terms()?;
        let order = self.billable_order(actor, id).await?;
        let billed = self.invoices_of_order(actor, id).await?;
        if billed
            .iter()
            .any(|i| i.voided_at.is_none() && !i.is_deposit)
        {
            return Err(CoreError::Stale("invoice-order-billed"));
        }
        let deposit = billed
            .iter()
            .find(|i| i.voided_at.is_none() && i.is_deposit)
            .map(|d| DepositApplied {
                invoice: d.id,
                number: d.number,
                amount_minor: d.total_minor.min(order.total_minor),
            });
        let lines: Vec<InvoiceLine> = self
            .store
            .order_lines(actor.tenant_id, id)
            .await?
            .into_iter()
            .map(|l| InvoiceLine {
                sku: l.sku,
                name: l.name,
                quantity: l.quantity,
                unit_minor: l.unit_minor,
                total_minor: l.total_minor,
            })
            .collect();
        let issued_on = today();
        let total_minor = order.total_minor - deposit.as_ref().map_or(0, |d| d.amount_minor);
        let schedule = match &deposit {
            Some(_) => terms.schedule(&issued_on, total_minor),
            // A deposit its quote asked for comes first, due on receipt.
            None => terms.schedule_with_deposit(&issued_on, total_minor, order.deposit_minor),
        }
        .ok_or_else(|| CoreError::field("every_days", "error-invoice-terms-too-long"))?;
        let now = Millis::now();
        let invoice = Invoice {
            id: InvoiceId::new(),
            tenant_id: actor.tenant_id,
            customer_id: order.customer_id,
            customer_name: order.customer_name.clone(),
            number: 0,
            kind: InvoiceKind::Invoice,
            order_id: Some(order.id),
            quote_id: order.quote_id,
            credits: None,
            is_deposit: false,
            deposit,
            currency: order.currency,
            lines,
            subtotal_minor: order.subtotal_minor,
            taxes: order.taxes.clone(),
            total_minor,
            issued_on,
            schedule,
            paid_minor: 0,
            note: input.note.trim().to_string(),
            voided_at: None,
            created_at: now,
            updated_at: now,
        };
        let detail = format!("order {}", order.number);
        self.issue_invoice(actor, client, invoice, detail).await
    }

    /// An order staff may bill: one that reached the provider and is not cancelled.
    async fn billable_order(&self, actor: &User, id: OrderId) -> CoreResult<Order> {
        let order = self
            .store
            .order(actor.tenant_id, id)
            .await?
            .filter(|o| o.status.reached_provider())
            .ok_or(CoreError::NotFound)?;
        if order.status == OrderStatus::Cancelled {
            return Err(CoreError::Stale("invoice-order-cancelled"));
        }
        Ok(order)
    }

    /// Staff ask for an order's deposit on an invoice of its own (when accepting its quote did
    /// not, or the one it did was voided): refused once the order is billed or its deposit
    /// asked for.
    pub async fn bill_deposit(
        &self,
        actor: &User,
        client: &Client,
        id: OrderId,
    ) -> CoreResult<Invoice> {
        require(actor, Action::ManageInvoices)?;
        let order = self.billable_order(actor, id).await?;
        let billed = self.invoices_of_order(actor, id).await?;
        if billed.iter().any(|i| i.voided_at.is_none()) {
            return Err(CoreError::Stale("invoice-order-billed"));
        }
        let quote = match order.quote_id {
            Some(q) if order.deposit_minor > 0 => self.store.quote(actor.tenant_id, q).await?,
            _ => None,
        }
        .ok_or(CoreError::Stale("invoice-no-deposit"))?;
        self.issue_deposit(actor, client, &order, quote.number)
            .await
    }

    /// The invoice asking for an order's deposit, issued now: one line, no taxes, due on
    /// receipt. Whoever caused it is journaled (the contact who accepted the quote, or staff).
    pub(crate) async fn issue_deposit(
        &self,
        actor: &User,
        client: &Client,
        order: &Order,
        quote_number: i64,
    ) -> CoreResult<Invoice> {
        let number = quote_number.to_string();
        let name = |l: Locale| {
            self.catalogs
                .t_with(l, "invoice-deposit-line", &[("number", number.as_str())])
        };
        let amount = order.deposit_minor.clamp(0, order.total_minor);
        let issued_on = today();
        let now = Millis::now();
        let invoice = Invoice {
            id: InvoiceId::new(),
            tenant_id: order.tenant_id,
            customer_id: order.customer_id,
            customer_name: order.customer_name.clone(),
            number: 0,
            kind: InvoiceKind::Invoice,
            order_id: Some(order.id),
            quote_id: order.quote_id,
            credits: None,
            is_deposit: true,
            deposit: None,
            currency: order.currency,
            lines: vec![InvoiceLine {
                sku: String::new(),
                name: Texts::new(&name(Locale::Fr), &name(Locale::En)),
                quantity: 1,
                unit_minor: amount,
                total_minor: amount,
            }],
            subtotal_minor: amount,
            taxes: Vec::new(),
            total_minor: amount,
            schedule: vec![Instalment {
                due_on: issued_on.clone(),
                amount_minor: amount,
                deposit: true,
            }],
            issued_on,
            paid_minor: 0,
            note: String::new(),
            voided_at: None,
            created_at: now,
            updated_at: now,
        };
        let detail = format!("deposit · order {} · quote {quote_number}", order.number);
        self.issue_invoice(actor, client, invoice, detail).await
    }

    /// Numbers, writes and journals an invoice in one transaction, then tells its contacts.
    pub(crate) async fn issue_invoice(
        &self,
        actor: &User,
        client: &Client,
        mut invoice: Invoice,
        detail: String,
    ) -> CoreResult<Invoice> {
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "invoice.issue",
                object_kind: "invoice",
                object_id: invoice.id.0,
                customer: Some(invoice.customer_id),
                project: None,
                detail: format!(
                    "{detail} · {} {} · {} instalment(s)",
                    Money::new(invoice.total_minor, invoice.currency).plain(),
                    invoice.currency,
                    invoice.schedule.len()
                ),
            },
        );
        invoice.number = match self
            .journaled(vec![entry], self.store.insert_invoice(&invoice))
            .await
        {
            Err(guichet_store::StoreError::Conflict { .. }) => {
                return Err(CoreError::Stale("invoice-order-billed"));
            }
            other => other?,
        };
        self.announce_invoice(&invoice).await;
        Ok(invoice)
    }

    /// Tells the account's contacts whose role shows invoices that one was issued, as each
    /// chose for "an invoice is issued" (email, daily summary, the portal only, nothing).
    /// A failure is logged: the invoice is issued either way.
    pub(crate) async fn announce_invoice(&self, invoice: &Invoice) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(invoice.tenant_id).await? else {
                return Ok(());
            };
            let roles = self.store.roles(invoice.tenant_id).await?;
            let link = format!(
                "{}/portal/invoices/{}",
                tenant.base_url.trim_end_matches('/'),
                invoice.id
            );
            let number = invoice.number.to_string();
            let today = today();
            for m in self
                .store
                .contacts_of(invoice.tenant_id, invoice.customer_id)
                .await?
            {
                let Some((role, _)) = roles.iter().find(|(r, _)| r.id == m.role_id) else {
                    continue;
                };
                let reached = crate::access::role_may(role, Module::Invoices, Op::View)
                    && crate::access::role_reaches(
                        &m.user,
                        role,
                        invoice.customer_id,
                        Module::Invoices,
                        &RecordRef {
                            customer: invoice.customer_id,
                            owner: None,
                            kind: None,
                        },
                    );
                if !m.user.active || !reached {
                    continue;
                }
                let l = m.user.locale;
                let total =
                    guichet_i18n::format::money(l, invoice.total_minor, invoice.currency.code());
                let due_now = guichet_i18n::format::money(
                    l,
                    invoice.due_now(&today),
                    invoice.currency.code(),
                );
                let due_on = invoice
                    .next_instalment()
                    .map(|(i, _)| guichet_i18n::format::calendar_date(l, &i.due_on))
                    .unwrap_or_default();
                let args = [
                    ("name", m.user.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("total", total.as_str()),
                    ("amount", due_now.as_str()),
                    ("due", due_on.as_str()),
                    ("link", link.as_str()),
                ];
                self.notify(
                    &tenant,
                    &m.user,
                    NotifyKind::InvoiceIssued,
                    "email-invoice-issued-subject",
                    "email-invoice-issued-body",
                    "invoice-issued-digest-line",
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(invoice = %invoice.id, error = %crate::Chain(&e), "contacts not told of the invoice");
        }
    }

    /// An invoice's payments (for a reader already allowed to see the invoice).
    pub async fn payments_of(&self, invoice: &Invoice) -> CoreResult<Vec<Payment>> {
        Ok(self
            .store
            .payments_of(invoice.tenant_id, invoice.id)
            .await?)
    }

    /// Staff record a payment received on an invoice (a transfer, a cheque…): at most its
    /// balance, received today or before; the same form twice records it once. Paid or voided
    /// meanwhile, or a balance now smaller than the amount: `Stale`, nothing recorded.
    pub async fn record_payment(
        &self,
        actor: &User,
        client: &Client,
        id: InvoiceId,
        input: &PaymentInput,
    ) -> CoreResult<()> {
        require(actor, Action::ManageInvoices)?;
        let invoice = self.staff_invoice(actor, id).await?;
        let Ok(submit_key) = input.submit_key.trim().parse::<uuid::Uuid>() else {
            return Err(CoreError::Stale("payment-form-expired"));
        };
        // The same form again (a double click, a retried request): already recorded.
        if self
            .payments_of(&invoice)
            .await?
            .iter()
            .any(|p| p.submit_key == submit_key)
        {
            return Ok(());
        }
        if invoice.kind != InvoiceKind::Invoice || invoice.voided_at.is_some() {
            return Err(CoreError::Stale("payment-not-payable"));
        }
        let mut errors = FieldErrors::default();
        let amount = errors.check("amount", Money::parse_amount(&input.amount));
        if amount.is_some_and(|a| a > invoice.balance()) {
            errors.add("amount", "error-payment-above-balance");
        }
        let today = today();
        let received_on = match input.received_on.trim() {
            "" => Some(today.clone()),
            d => match d.parse::<jiff::civil::Date>() {
                Ok(date) if date.to_string() <= today => Some(date.to_string()),
                Ok(_) => {
                    errors.add("received_on", "error-payment-in-future");
                    None
                }
                Err(_) => {
                    errors.add("received_on", "error-date");
                    None
                }
            },
        };
        let method = PaymentMethod::parse(input.method.trim());
        if method.is_none() {
            errors.add("method", "error-invalid");
        }
        if input.reference.chars().count() > REFERENCE_MAX {
            errors.add("reference", "error-too-long");
        }
        let (Some(amount), Some(received_on), Some(method), true) =
            (amount, received_on, method, errors.is_empty())
        else {
            return Err(CoreError::Invalid(errors));
        };
        let payment = Payment {
            id: PaymentId::new(),
            tenant_id: actor.tenant_id,
            customer_id: invoice.customer_id,
            invoice_id: invoice.id,
            amount_minor: amount,
            currency: invoice.currency,
            method,
            reference: input.reference.trim().to_string(),
            received_on,
            recorded_by_name: actor.name.clone(),
            submit_key,
            created_at: Millis::now(),
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "invoice.payment",
                object_kind: "invoice",
                object_id: invoice.id.0,
                customer: Some(invoice.customer_id),
                project: None,
                detail: format!(
                    "{} {} · {} · {}",
                    Money::new(amount, invoice.currency).plain(),
                    invoice.currency,
                    method.code(),
                    payment.received_on
                ),
            },
        );
        match self
            .journaled(vec![entry], self.store.record_payment(&payment))
            .await
        {
            Ok(_) => Ok(()),
            Err(guichet_store::StoreError::Conflict { .. }) => {
                Err(CoreError::Stale("invoice-changed-meanwhile"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The live invoice of the order that deducts this deposit invoice, if any (staff).
    pub async fn deducted_on(
        &self,
        actor: &User,
        deposit: &Invoice,
    ) -> CoreResult<Option<Invoice>> {
        let Some(order) = deposit.order_id.filter(|_| deposit.is_deposit) else {
            return Ok(None);
        };
        Ok(self
            .invoices_of_order(actor, order)
            .await?
            .into_iter()
            .find(|i| {
                i.voided_at.is_none() && i.deposit.as_ref().is_some_and(|d| d.invoice == deposit.id)
            }))
    }

    /// Staff void an invoice nothing was paid on, as their page showed it (`seen`: its
    /// `updated_at`); changed meanwhile, paid or already void: `Stale`.
    pub async fn void_invoice(
        &self,
        actor: &User,
        client: &Client,
        id: InvoiceId,
        seen: Millis,
    ) -> CoreResult<()> {
        require(actor, Action::ManageInvoices)?;
        let invoice = self.staff_invoice(actor, id).await?;
        if self.deducted_on(actor, &invoice).await?.is_some() {
            return Err(CoreError::Stale("invoice-deposit-deducted-void"));
        }
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "invoice.void",
                object_kind: "invoice",
                object_id: invoice.id.0,
                customer: Some(invoice.customer_id),
                project: None,
                detail: format!("{} {}", invoice.kind.code(), invoice.number),
            },
        );
        match self
            .journaled(
                vec![entry],
                self.store
                    .void_invoice(actor.tenant_id, id, Millis::now(), seen),
            )
            .await
        {
            Err(guichet_store::StoreError::Conflict { .. }) => {
                Err(CoreError::Stale("invoice-changed-meanwhile"))
            }
            other => Ok(other?),
        }
    }
}
