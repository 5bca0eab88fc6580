//! Paying online: payment settings, checkouts, Stripe events.
use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{CheckoutStore, OnlinePayments, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::Result;
use crate::rows::{Row, code, json, to_json, value};

#[derive(FromRow)]
struct SettingsRow {
    tenant_id: Uuid,
    card: bool,
    publishable_key: String,
    secret_key: String,
    webhook_secret: String,
    partial: bool,
    transfer: bool,
    transfer_instructions: String,
    updated_at: i64,
}

impl Row for SettingsRow {
    type Value = PaymentSettings;
    fn value(self) -> Result<PaymentSettings> {
        Ok(PaymentSettings {
            tenant_id: TenantId(self.tenant_id),
            card: self.card,
            publishable_key: self.publishable_key,
            secret_key: self.secret_key,
            webhook_secret: self.webhook_secret,
            partial: self.partial,
            transfer: self.transfer,
            transfer_instructions: self.transfer_instructions,
            updated_at: Millis(self.updated_at),
        })
    }
}

macro_rules! checkout_columns {
    () => {
        "id, tenant_id, customer_id, created_by, created_by_name, currency, amount_minor, parts, \
         intent_id, status, failure, unapplied_minor, created_at, updated_at"
    };
}

#[derive(FromRow)]
struct CheckoutRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    created_by: Uuid,
    created_by_name: String,
    currency: String,
    amount_minor: i64,
    parts: String,
    intent_id: Option<String>,
    status: String,
    failure: String,
    unapplied_minor: i64,
    created_at: i64,
    updated_at: i64,
}

impl Row for CheckoutRow {
    type Value = Checkout;
    fn value(self) -> Result<Checkout> {
        Ok(Checkout {
            id: CheckoutId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            created_by: UserId(self.created_by),
            created_by_name: self.created_by_name,
            currency: code(&self.currency, Currency::parse, "checkout currency")?,
            amount_minor: self.amount_minor,
            parts: json(&self.parts, "checkout parts")?,
            intent_id: self.intent_id,
            status: code(&self.status, CheckoutStatus::parse, "checkout status")?,
            failure: self.failure,
            unapplied_minor: self.unapplied_minor,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

/// The statuses a checkout may move to `next` from.
fn sources(next: CheckoutStatus) -> Vec<&'static str> {
    CheckoutStatus::ALL
        .into_iter()
        .filter(|s| s.may_become(next))
        .map(CheckoutStatus::code)
        .collect()
}

/// The key of the payment a checkout makes on its `n`th invoice: the same confirmation twice
/// writes the same keys, which the payments' unique key refuses.
fn part_key(checkout: CheckoutId, n: usize) -> Uuid {
    Uuid::from_u128(checkout.0.as_u128() ^ (n as u128 + 1))
}

/// Inserts or replaces a provider's payment settings.
pub(super) async fn write_settings(
    e: impl Executor<'_, Database = Db>,
    s: &PaymentSettings,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO payment_settings (tenant_id, card, publishable_key, secret_key, \
         webhook_secret, partial, transfer, transfer_instructions, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id) DO UPDATE SET \
         card = $2, publishable_key = $3, secret_key = $4, webhook_secret = $5, \
         partial = $6, transfer = $7, transfer_instructions = $8, updated_at = $9",
    )
    .bind(s.tenant_id.0)
    .bind(s.card)
    .bind(&s.publishable_key)
    .bind(&s.secret_key)
    .bind(&s.webhook_secret)
    .bind(s.partial)
    .bind(s.transfer)
    .bind(&s.transfer_instructions)
    .bind(s.updated_at.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Writes a checkout as it is.
pub(super) async fn write_checkout(
    e: impl Executor<'_, Database = Db>,
    c: &Checkout,
) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO checkouts (",
        checkout_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(c.id.0)
    .bind(c.tenant_id.0)
    .bind(c.customer_id.0)
    .bind(c.created_by.0)
    .bind(&c.created_by_name)
    .bind(c.currency.code())
    .bind(c.amount_minor)
    .bind(to_json(&c.parts)?)
    .bind(&c.intent_id)
    .bind(c.status.code())
    .bind(&c.failure)
    .bind(c.unapplied_minor)
    .bind(c.created_at.0)
    .bind(c.updated_at.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Every provider's settings, checkout and Stripe event (for `migrate-db`).
pub(super) async fn dump(pool: &sqlx::Pool<Db>) -> Result<OnlinePayments> {
    let settings: Vec<SettingsRow> =
        sqlx::query_as("SELECT * FROM payment_settings ORDER BY tenant_id")
            .fetch_all(pool)
            .await?;
    let checkouts: Vec<CheckoutRow> = sqlx::query_as(concat!(
        "SELECT ",
        checkout_columns!(),
        " FROM checkouts ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    let events: Vec<(Uuid, String, String, String, i64)> = sqlx::query_as(
        "SELECT tenant_id, event_id, kind, outcome, received_at FROM payment_events \
         ORDER BY received_at, event_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(OnlinePayments {
        proofs: super::transfers::dump(pool).await?,
        settings: crate::rows::values(settings)?,
        checkouts: crate::rows::values(checkouts)?,
        events: events
            .into_iter()
            .map(|(t, id, kind, outcome, at)| (TenantId(t), id, kind, outcome, Millis(at)))
            .collect(),
    })
}

pub(super) async fn restore(tx: &mut super::Transaction, d: &OnlinePayments) -> Result<()> {
    for s in &d.settings {
        write_settings(&mut **tx, s).await?;
    }
    for c in &d.checkouts {
        write_checkout(&mut **tx, c).await?;
    }
    for p in &d.proofs {
        super::transfers::write_proof(&mut **tx, p).await?;
    }
    for (t, id, kind, outcome, at) in &d.events {
        sqlx::query(
            "INSERT INTO payment_events (tenant_id, event_id, kind, outcome, received_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(t.0)
        .bind(id)
        .bind(kind)
        .bind(outcome)
        .bind(at.0)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn settle(
    store: &SqlStore,
    tenant: TenantId,
    id: CheckoutId,
    received_on: &str,
    at: Millis,
) -> Result<Option<Vec<Payment>>> {
    let mut tx = store.begin_write().await?;
    // Lock the checkout's row first (an update that changes nothing): a second confirmation
    // at the same moment waits here, then reads it succeeded.
    sqlx::query("UPDATE checkouts SET updated_at = updated_at WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    let row: Option<CheckoutRow> = sqlx::query_as(concat!(
        "SELECT ",
        checkout_columns!(),
        " FROM checkouts WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(checkout) = value(row)? else {
        tx.rollback().await?;
        return crate::error::not_found();
    };
    if !checkout.status.may_become(CheckoutStatus::Succeeded) {
        tx.rollback().await?;
        return Ok(None);
    }
    let mut payments = Vec::new();
    let mut left = checkout.amount_minor;
    for (n, part) in checkout.parts.iter().enumerate() {
        // Lock the invoice's row first (an update that changes nothing), so that its balance
        // read next holds until this transaction ends, on PostgreSQL as on SQLite.
        sqlx::query("UPDATE invoices SET updated_at = updated_at WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(part.invoice_id.0)
            .execute(&mut *tx)
            .await?;
        let open: Option<(i64,)> = sqlx::query_as(
            "SELECT total_minor - paid_minor FROM invoices WHERE tenant_id = $1 AND id = $2 \
             AND customer_id = $3 AND kind = 'invoice' AND voided_at IS NULL AND currency = $4",
        )
        .bind(tenant.0)
        .bind(part.invoice_id.0)
        .bind(checkout.customer_id.0)
        .bind(checkout.currency.code())
        .fetch_optional(&mut *tx)
        .await?;
        let amount = part.amount_minor.min(open.map_or(0, |(b,)| b)).min(left);
        if amount <= 0 {
            continue;
        }
        sqlx::query(
            "UPDATE invoices SET paid_minor = paid_minor + $3, updated_at = $4 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(part.invoice_id.0)
        .bind(amount)
        .bind(at.0)
        .execute(&mut *tx)
        .await?;
        let payment = Payment {
            id: PaymentId::new(),
            tenant_id: tenant,
            customer_id: checkout.customer_id,
            invoice_id: part.invoice_id,
            amount_minor: amount,
            currency: checkout.currency,
            method: PaymentMethod::Card,
            reference: checkout.intent_id.clone().unwrap_or_default(),
            received_on: received_on.to_string(),
            recorded_by_name: "Stripe".into(),
            submit_key: part_key(checkout.id, n),
            created_at: at,
        };
        super::invoices::write_payment(&mut *tx, &payment).await?;
        left -= amount;
        payments.push(payment);
    }
    sqlx::query(
        "UPDATE checkouts SET status = 'succeeded', failure = '', unapplied_minor = $3, \
         updated_at = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(left)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    super::commit(tx).await?;
    Ok(Some(payments))
}

#[async_trait]
impl CheckoutStore for SqlStore {
    async fn payment_settings(&self, tenant: TenantId) -> StoreResult<Option<PaymentSettings>> {
        let row: Option<SettingsRow> =
            sqlx::query_as("SELECT * FROM payment_settings WHERE tenant_id = $1")
                .bind(tenant.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::error::Error::from)?;
        Ok(value(row)?)
    }

    async fn save_payment_settings(&self, s: &PaymentSettings) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        write_settings(&mut *tx, s).await?;
        Ok(super::commit(tx).await?)
    }

    async fn insert_checkout(&self, c: &Checkout) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        write_checkout(&mut *tx, c).await?;
        Ok(super::commit(tx).await?)
    }

    async fn checkout(&self, tenant: TenantId, id: CheckoutId) -> StoreResult<Option<Checkout>> {
        Ok(super::tenant_row::<CheckoutRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                checkout_columns!(),
                " FROM checkouts WHERE tenant_id = $1 AND id = $2"
            ),
            tenant,
            id.0,
        )
        .await?)
    }

    async fn checkout_by_intent(
        &self,
        tenant: TenantId,
        intent: &str,
    ) -> StoreResult<Option<Checkout>> {
        let row: Option<CheckoutRow> = sqlx::query_as(concat!(
            "SELECT ",
            checkout_columns!(),
            " FROM checkouts WHERE tenant_id = $1 AND intent_id = $2"
        ))
        .bind(tenant.0)
        .bind(intent)
        .fetch_optional(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(value(row)?)
    }

    async fn checkouts(
        &self,
        tenant: TenantId,
        customer: Option<CustomerId>,
        limit: i64,
    ) -> StoreResult<Vec<Checkout>> {
        let rows: Vec<CheckoutRow> = sqlx::query_as(concat!(
            "SELECT ",
            checkout_columns!(),
            " FROM checkouts WHERE tenant_id = $1 AND ($2 IS NULL OR customer_id = $2) \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(tenant.0)
        .bind(customer.map(|c| c.0))
        .bind(limit.clamp(1, 500))
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(crate::rows::values(rows)?)
    }

    async fn set_checkout_intent(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        intent: &str,
        at: Millis,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE checkouts SET intent_id = $3, updated_at = $4 \
             WHERE tenant_id = $1 AND id = $2 AND intent_id IS NULL",
        )
        .bind(tenant.0)
        .bind(id.0)
        .bind(intent)
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(())
    }

    async fn mark_checkout(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        status: CheckoutStatus,
        failure: &str,
        at: Millis,
    ) -> StoreResult<bool> {
        let from = sources(status);
        if from.is_empty() {
            return Ok(false);
        }
        // The statuses it may come from, padded to five (one statement text).
        let mut q = sqlx::query(
            "UPDATE checkouts SET status = $3, failure = $4, updated_at = $5 \
             WHERE tenant_id = $1 AND id = $2 AND status IN ($6, $7, $8, $9, $10)",
        )
        .bind(tenant.0)
        .bind(id.0)
        .bind(status.code())
        .bind(failure)
        .bind(at.0);
        for n in 0..5 {
            q = q.bind(from.get(n).copied().unwrap_or(""));
        }
        let done = q
            .execute(&self.pool)
            .await
            .map_err(crate::error::Error::from)?;
        Ok(done.rows_affected() == 1)
    }

    async fn settle_checkout(
        &self,
        tenant: TenantId,
        id: CheckoutId,
        received_on: &str,
        at: Millis,
    ) -> StoreResult<Option<Vec<Payment>>> {
        let _changing = self
            .cache
            .topic_changing(crate::signed_in_cache::Topic::Billing);
        Ok(settle(self, tenant, id, received_on, at).await?)
    }

    async fn note_payment_event(
        &self,
        tenant: TenantId,
        event_id: &str,
        kind: &str,
        outcome: &str,
        at: Millis,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO payment_events (tenant_id, event_id, kind, outcome, received_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, event_id) DO NOTHING",
        )
        .bind(tenant.0)
        .bind(event_id)
        .bind(kind)
        .bind(outcome)
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(done.rows_affected() == 1)
    }

    async fn insert_transfer_proof(&self, proof: &TransferProof) -> StoreResult<()> {
        Ok(super::transfers::insert(self, proof).await?)
    }

    async fn transfer_proof(
        &self,
        tenant: TenantId,
        id: TransferProofId,
    ) -> StoreResult<Option<TransferProof>> {
        Ok(super::transfers::one(self, tenant, id).await?)
    }

    async fn transfer_proofs(
        &self,
        tenant: TenantId,
        invoice: Option<InvoiceId>,
        pending_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<TransferProof>> {
        Ok(super::transfers::list(self, tenant, invoice, pending_only, limit).await?)
    }

    async fn decide_transfer_proof(
        &self,
        tenant: TenantId,
        id: TransferProofId,
        status: ProofStatus,
        by_name: &str,
        reason: &str,
        at: Millis,
        payment: Option<&Payment>,
    ) -> StoreResult<bool> {
        let _changing = self
            .cache
            .topic_changing(crate::signed_in_cache::Topic::Billing);
        Ok(
            super::transfers::decide(self, tenant, id, status, by_name, reason, at, payment)
                .await?,
        )
    }
}
