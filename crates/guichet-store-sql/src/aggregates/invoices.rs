//! Invoices and credit notes.
use std::sync::Arc;

use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{InvoiceQuery, InvoiceStore, Ledger, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, conflict, not_found};
use crate::rows::{Row, code, json, to_json, values};
use crate::signed_in_cache::Topic;

macro_rules! invoice_columns {
    () => {
        "id, tenant_id, customer_id, number, kind, order_id, quote_id, credits, currency, lines, \
         subtotal_minor, taxes, total_minor, issued_on, schedule, paid_minor, note, voided_at, \
         created_at, updated_at, is_deposit, deposit_from, deposit_minor"
    };
}

/// An invoice's columns as read, with its customer's name.
macro_rules! invoice_select {
    () => {
        concat!(
            invoice_columns!(),
            ", (SELECT c.name FROM customers c WHERE c.id = invoices.customer_id) AS customer_name, \
             (SELECT d.number FROM invoices d WHERE d.id = invoices.deposit_from) AS deposit_number"
        )
    };
}

#[derive(FromRow)]
struct InvoiceRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    customer_name: Option<String>,
    number: i64,
    kind: String,
    order_id: Option<Uuid>,
    quote_id: Option<Uuid>,
    credits: Option<Uuid>,
    currency: String,
    lines: String,
    subtotal_minor: i64,
    taxes: String,
    total_minor: i64,
    issued_on: String,
    schedule: String,
    paid_minor: i64,
    note: String,
    voided_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    is_deposit: bool,
    deposit_from: Option<Uuid>,
    deposit_minor: i64,
    deposit_number: Option<i64>,
}

impl Row for InvoiceRow {
    type Value = Invoice;
    fn value(self) -> Result<Invoice> {
        Ok(Invoice {
            id: InvoiceId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            customer_name: self.customer_name.unwrap_or_default(),
            number: self.number,
            kind: code(&self.kind, InvoiceKind::parse, "invoice kind")?,
            order_id: self.order_id.map(OrderId),
            quote_id: self.quote_id.map(QuoteId),
            credits: self.credits.map(InvoiceId),
            is_deposit: self.is_deposit,
            deposit: self.deposit_from.map(|d| DepositApplied {
                invoice: InvoiceId(d),
                number: self.deposit_number.unwrap_or_default(),
                amount_minor: self.deposit_minor,
            }),
            currency: code(&self.currency, Currency::parse, "invoice currency")?,
            lines: json(&self.lines, "invoice lines")?,
            subtotal_minor: self.subtotal_minor,
            taxes: json(&self.taxes, "invoice taxes")?,
            total_minor: self.total_minor,
            issued_on: self.issued_on,
            schedule: json(&self.schedule, "invoice schedule")?,
            paid_minor: self.paid_minor,
            note: self.note,
            voided_at: self.voided_at.map(Millis),
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

/// Writes an invoice as it is (its number included).
pub(super) async fn write_invoice(e: impl Executor<'_, Database = Db>, i: &Invoice) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO invoices (",
        invoice_columns!(),
        ", due_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    ))
    .bind(i.id.0)
    .bind(i.tenant_id.0)
    .bind(i.customer_id.0)
    .bind(i.number)
    .bind(i.kind.code())
    .bind(i.order_id.map(|o| o.0))
    .bind(i.quote_id.map(|q| q.0))
    .bind(i.credits.map(|c| c.0))
    .bind(i.currency.code())
    .bind(to_json(&i.lines)?)
    .bind(i.subtotal_minor)
    .bind(to_json(&i.taxes)?)
    .bind(i.total_minor)
    .bind(&i.issued_on)
    .bind(to_json(&i.schedule)?)
    .bind(i.paid_minor)
    .bind(&i.note)
    .bind(i.voided_at.map(|m| m.0))
    .bind(i.created_at.0)
    .bind(i.updated_at.0)
    .bind(i.is_deposit)
    .bind(i.deposit.as_ref().map(|d| d.invoice.0))
    .bind(i.deposit.as_ref().map_or(0, |d| d.amount_minor))
    .bind(i.due_on())
    .execute(e)
    .await?;
    Ok(())
}

/// Every invoice, invoices before the credit notes that refer to them (for `migrate-db`).
pub(super) async fn dump_invoices(e: impl Executor<'_, Database = Db>) -> Result<Vec<Invoice>> {
    let rows: Vec<InvoiceRow> = sqlx::query_as(concat!(
        "SELECT ",
        invoice_select!(),
        " FROM invoices ORDER BY CASE kind WHEN 'invoice' THEN 0 ELSE 1 END, created_at, id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// Each provider's invoice counters, from the invoices restored.
pub(super) async fn restore_counters(e: impl Executor<'_, Database = Db>) -> Result<()> {
    sqlx::query(
        "INSERT INTO invoice_counters (tenant_id, kind, last) \
         SELECT tenant_id, kind, MAX(number) FROM invoices GROUP BY tenant_id, kind",
    )
    .execute(e)
    .await?;
    Ok(())
}

async fn insert(store: &SqlStore, i: &Invoice) -> Result<i64> {
    let mut tx = store.begin_write().await?;
    // The customer, and what the invoice refers to, must be the tenant's and the customer's.
    let (ok,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM customers c WHERE c.id = $2 AND c.tenant_id = $1 \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM orders o WHERE o.id = $3 \
         AND o.tenant_id = $1 AND o.customer_id = $2)) \
         AND ($4 IS NULL OR EXISTS (SELECT 1 FROM quotes q WHERE q.id = $4 \
         AND q.tenant_id = $1 AND q.customer_id = $2)) \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM invoices i WHERE i.id = $5 \
         AND i.tenant_id = $1 AND i.customer_id = $2 AND i.kind = 'invoice')) \
         AND ($6 IS NULL OR EXISTS (SELECT 1 FROM invoices d WHERE d.id = $6 \
         AND d.tenant_id = $1 AND d.customer_id = $2 AND d.is_deposit AND d.order_id = $3 \
         AND d.currency = $7))",
    )
    .bind(i.tenant_id.0)
    .bind(i.customer_id.0)
    .bind(i.order_id.map(|o| o.0))
    .bind(i.quote_id.map(|q| q.0))
    .bind(i.credits.map(|c| c.0))
    .bind(i.deposit.as_ref().map(|d| d.invoice.0))
    .bind(i.currency.code())
    .fetch_one(&mut *tx)
    .await?;
    if ok == 0 {
        return not_found();
    }
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO invoice_counters (tenant_id, kind, last) VALUES ($1, $2, 1) \
         ON CONFLICT (tenant_id, kind) DO UPDATE SET last = invoice_counters.last + 1 \
         RETURNING last",
    )
    .bind(i.tenant_id.0)
    .bind(i.kind.code())
    .fetch_one(&mut *tx)
    .await?;
    // An order is billed by one live invoice, and asked its deposit by one live deposit
    // invoice. The counter row just taken stays locked until this transaction ends, so a
    // second billing of the same order waits here, then sees the first one.
    if let (Some(order), InvoiceKind::Invoice) = (i.order_id, i.kind) {
        let (live,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM invoices WHERE tenant_id = $1 AND order_id = $2 \
             AND kind = 'invoice' AND voided_at IS NULL AND is_deposit = $3",
        )
        .bind(i.tenant_id.0)
        .bind(order.0)
        .bind(i.is_deposit)
        .fetch_one(&mut *tx)
        .await?;
        if live > 0 {
            return conflict("invoices_order_billed");
        }
    }
    // The deposit set against this invoice must still be live; touching it makes a void of it
    // begun meanwhile (which checks its `updated_at`) fail.
    if let Some(d) = &i.deposit {
        let touched = sqlx::query(
            "UPDATE invoices SET updated_at = CASE WHEN updated_at < $3 THEN $3 \
             ELSE updated_at + 1 END WHERE tenant_id = $1 AND id = $2 \
             AND voided_at IS NULL AND is_deposit AND total_minor = $4",
        )
        .bind(i.tenant_id.0)
        .bind(d.invoice.0)
        .bind(i.created_at.0)
        .bind(d.amount_minor)
        .execute(&mut *tx)
        .await?;
        if touched.rows_affected() == 0 {
            return conflict("invoices_deposit");
        }
    }
    // A credit note issued as used: applied to the invoice it credits, within its total.
    if let (InvoiceKind::CreditNote, Some(credited)) = (i.kind, i.credits)
        && i.paid_minor > 0
    {
        let done = sqlx::query(
            "UPDATE invoices SET paid_minor = paid_minor + $3, updated_at = $4 \
             WHERE tenant_id = $1 AND id = $2 AND kind = 'invoice' AND voided_at IS NULL \
             AND currency = $5 AND paid_minor + $3 <= total_minor",
        )
        .bind(i.tenant_id.0)
        .bind(credited.0)
        .bind(i.paid_minor)
        .bind(i.created_at.0)
        .bind(i.currency.code())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return conflict("invoices_paid");
        }
    }
    write_invoice(
        &mut *tx,
        &Invoice {
            number,
            ..i.clone()
        },
    )
    .await?;
    super::commit(tx).await?;
    Ok(number)
}

async fn invoices(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    q: &InvoiceQuery,
) -> Result<Vec<Invoice>> {
    // A customer's invoices come from `invoices_by_customer` in their order; its unpaid ones
    // from `invoices_unpaid_by_customer` (a partial index, which only a statement that says
    // its condition in the same words can use: hence a text of their own); an order's from
    // `invoices_by_order`. The same parameters every way.
    macro_rules! invoices_where {
        ($by:literal, $paid:literal) => {
            concat!(
                "SELECT ",
                invoice_select!(),
                " FROM invoices WHERE tenant_id = $1 AND ",
                $by,
                $paid,
                " AND ($5 IS NULL OR issued_on < $5 OR (issued_on = $5 AND id < $6)) \
                 AND ($7 IS NULL OR number = $7) AND ($8 IS NULL OR credits = $8) \
                 ORDER BY issued_on DESC, id DESC LIMIT $4"
            )
        };
    }
    let text = match (q.customer.is_some(), q.order.is_some(), q.unpaid_only) {
        (_, true, false) => {
            invoices_where!("order_id = $3 AND ($2 IS NULL OR customer_id = $2)", "")
        }
        (_, true, true) => invoices_where!(
            "order_id = $3 AND ($2 IS NULL OR customer_id = $2)",
            " AND voided_at IS NULL AND paid_minor < total_minor"
        ),
        (true, false, false) => invoices_where!("customer_id = $2 AND $3 IS NULL", ""),
        (true, false, true) => invoices_where!(
            "customer_id = $2 AND $3 IS NULL",
            " AND voided_at IS NULL AND paid_minor < total_minor"
        ),
        (false, false, false) => invoices_where!("$2 IS NULL AND $3 IS NULL", ""),
        (false, false, true) => invoices_where!(
            "$2 IS NULL AND $3 IS NULL",
            " AND voided_at IS NULL AND paid_minor < total_minor"
        ),
    };
    let rows: Vec<InvoiceRow> = sqlx::query_as(text)
        .bind(tenant.0)
        .bind(q.customer.map(|c| c.0))
        .bind(q.order.map(|o| o.0))
        .bind(q.limit.clamp(1, 1000))
        .bind(q.before.as_ref().map(|(on, _)| on.as_str()))
        .bind(q.before.as_ref().map(|(_, id)| id.0))
        .bind(q.number)
        .bind(q.credits.map(|c| c.0))
        .fetch_all(pool)
        .await?;
    values(rows)
}

#[derive(FromRow)]
struct PaymentRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    invoice_id: Uuid,
    amount_minor: i64,
    currency: String,
    method: String,
    reference: String,
    received_on: String,
    recorded_by_name: String,
    submit_key: Uuid,
    created_at: i64,
}

impl Row for PaymentRow {
    type Value = Payment;
    fn value(self) -> Result<Payment> {
        Ok(Payment {
            id: PaymentId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            invoice_id: InvoiceId(self.invoice_id),
            amount_minor: self.amount_minor,
            currency: code(&self.currency, Currency::parse, "payment currency")?,
            method: code(&self.method, PaymentMethod::parse, "payment method")?,
            reference: self.reference,
            received_on: self.received_on,
            recorded_by_name: self.recorded_by_name,
            submit_key: self.submit_key,
            created_at: Millis(self.created_at),
        })
    }
}

macro_rules! payment_columns {
    () => {
        "id, tenant_id, customer_id, invoice_id, amount_minor, currency, method, reference, \
         received_on, recorded_by_name, submit_key, created_at"
    };
}

/// Writes a payment as it is (its invoice's balance is the caller's business).
pub(super) async fn write_payment(e: impl Executor<'_, Database = Db>, p: &Payment) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO payments (",
        payment_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(p.id.0)
    .bind(p.tenant_id.0)
    .bind(p.customer_id.0)
    .bind(p.invoice_id.0)
    .bind(p.amount_minor)
    .bind(p.currency.code())
    .bind(p.method.code())
    .bind(&p.reference)
    .bind(&p.received_on)
    .bind(&p.recorded_by_name)
    .bind(p.submit_key)
    .bind(p.created_at.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Every payment, for `migrate-db`.
pub(super) async fn dump_payments(e: impl Executor<'_, Database = Db>) -> Result<Vec<Payment>> {
    let rows: Vec<PaymentRow> = sqlx::query_as(concat!(
        "SELECT ",
        payment_columns!(),
        " FROM payments ORDER BY created_at, id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn record_payment(store: &SqlStore, p: &Payment) -> Result<bool> {
    let mut tx = store.begin_write().await?;
    // The same form twice: the first one stands.
    let earlier: Option<(Uuid,)> =
        sqlx::query_as("SELECT id FROM payments WHERE tenant_id = $1 AND submit_key = $2")
            .bind(p.tenant_id.0)
            .bind(p.submit_key)
            .fetch_optional(&mut *tx)
            .await?;
    if earlier.is_some() {
        tx.rollback().await?;
        return Ok(false);
    }
    apply_payment(&mut tx, p).await?;
    super::commit(tx).await?;
    Ok(true)
}

/// Adds a payment to its invoice and writes it, in the caller's transaction: `Conflict` on
/// `invoices_paid` unless the invoice is a live invoice of the customer in the payment's
/// currency with at least that much left to pay.
pub(super) async fn apply_payment(tx: &mut super::Transaction, p: &Payment) -> Result<()> {
    // Within the total, on a live invoice of the customer, in its currency: one statement,
    // so two payments at once can never both pass a balance read before either.
    let done = sqlx::query(
        "UPDATE invoices SET paid_minor = paid_minor + $4, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND customer_id = $3 AND kind = 'invoice' \
         AND voided_at IS NULL AND currency = $6 AND $4 > 0 AND paid_minor + $4 <= total_minor",
    )
    .bind(p.tenant_id.0)
    .bind(p.invoice_id.0)
    .bind(p.customer_id.0)
    .bind(p.amount_minor)
    .bind(p.created_at.0)
    .bind(p.currency.code())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("invoices_paid");
    }
    write_payment(&mut **tx, p).await
}

async fn void(
    store: &SqlStore,
    tenant: TenantId,
    id: InvoiceId,
    at: Millis,
    seen: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE invoices SET voided_at = $3, updated_at = $3 WHERE tenant_id = $1 AND id = $2 \
         AND voided_at IS NULL AND paid_minor = 0 AND updated_at = $4 \
         AND NOT EXISTS (SELECT 1 FROM invoices f WHERE f.deposit_from = $2 \
         AND f.voided_at IS NULL)",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(at.0)
    .bind(seen.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        let (exists,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM invoices WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?;
        return if exists == 0 {
            not_found()
        } else {
            conflict("invoices_void")
        };
    }
    super::commit(tx).await
}

#[async_trait]
impl InvoiceStore for SqlStore {
    async fn insert_invoice(&self, invoice: &Invoice) -> StoreResult<i64> {
        let _changing = self.cache.topic_changing(Topic::Billing);
        Ok(insert(self, invoice).await?)
    }
    async fn invoice(&self, tenant: TenantId, id: InvoiceId) -> StoreResult<Option<Invoice>> {
        Ok(super::tenant_row::<InvoiceRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                invoice_select!(),
                " FROM invoices WHERE tenant_id = $1 AND id = $2"
            ),
            tenant,
            id.0,
        )
        .await?)
    }
    async fn invoices(&self, tenant: TenantId, q: &InvoiceQuery) -> StoreResult<Vec<Invoice>> {
        // A customer's lists, read on every visit of its contacts, are kept while no invoice
        // or payment changes (decision 0016); staff's lists are read afresh.
        if q.customer.is_none() {
            return Ok(invoices(&self.pool, tenant, q).await?);
        }
        self.listen_for_changes();
        Ok(self
            .billing_reads
            .lists
            .get_or_read(
                &self.cache,
                (tenant, q.clone()),
                invoices(&self.pool, tenant, q),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn record_payment(&self, payment: &Payment) -> StoreResult<bool> {
        let _changing = self.cache.topic_changing(Topic::Billing);
        Ok(record_payment(self, payment).await?)
    }
    async fn payments_of(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<Vec<Payment>> {
        Ok(super::tenant_rows::<PaymentRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                payment_columns!(),
                " FROM payments WHERE tenant_id = $1 AND invoice_id = $2 \
                 ORDER BY received_on, created_at, id"
            ),
            tenant,
            invoice.0,
        )
        .await?)
    }
    async fn ledger(&self, tenant: TenantId, customer: CustomerId) -> StoreResult<Arc<Ledger>> {
        self.listen_for_changes();
        Ok(self
            .billing_reads
            .ledgers
            .get_or_read(
                &self.cache,
                (tenant, customer),
                self.read_ledger(tenant, customer),
            )
            .await?)
    }
    async fn void_invoice(
        &self,
        tenant: TenantId,
        id: InvoiceId,
        at: Millis,
        seen: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Billing);
        Ok(void(self, tenant, id, at, seen).await?)
    }
}

impl SqlStore {
    /// A customer's invoices and payments, oldest first.
    async fn read_ledger(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<(Vec<Invoice>, Vec<Payment>)> {
        let invoices = super::tenant_rows::<InvoiceRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                invoice_select!(),
                " FROM invoices WHERE tenant_id = $1 AND customer_id = $2 \
                 ORDER BY issued_on, id"
            ),
            tenant,
            customer.0,
        )
        .await?;
        let payments = super::tenant_rows::<PaymentRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                payment_columns!(),
                " FROM payments WHERE tenant_id = $1 AND customer_id = $2 \
                 ORDER BY received_on, created_at, id"
            ),
            tenant,
            customer.0,
        )
        .await?;
        Ok((invoices, payments))
    }
}
