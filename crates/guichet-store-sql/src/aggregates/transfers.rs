//! Proofs of bank transfer: sent by customers, decided by staff.
use guichet_domain::*;
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::Result;
use crate::rows::{Row, code, value, values};

macro_rules! proof_columns {
    () => {
        "id, tenant_id, customer_id, invoice_id, invoice_number, amount_minor, currency, sent_on, \
         reference, file_sha256, file_name, file_type, file_size, sent_by, sent_by_name, status, \
         decided_by_name, decided_at, reason, created_at"
    };
}

#[derive(FromRow)]
struct ProofRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    invoice_id: Uuid,
    invoice_number: i64,
    amount_minor: i64,
    currency: String,
    sent_on: String,
    reference: String,
    file_sha256: String,
    file_name: String,
    file_type: String,
    file_size: i64,
    sent_by: Uuid,
    sent_by_name: String,
    status: String,
    decided_by_name: String,
    decided_at: Option<i64>,
    reason: String,
    created_at: i64,
}

impl Row for ProofRow {
    type Value = TransferProof;
    fn value(self) -> Result<TransferProof> {
        Ok(TransferProof {
            id: TransferProofId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            invoice_id: InvoiceId(self.invoice_id),
            invoice_number: self.invoice_number,
            amount_minor: self.amount_minor,
            currency: code(&self.currency, Currency::parse, "proof currency")?,
            sent_on: self.sent_on,
            reference: self.reference,
            file: QuoteFile {
                sha256: self.file_sha256,
                name: self.file_name,
                content_type: self.file_type,
                size: self.file_size,
            },
            sent_by: UserId(self.sent_by),
            sent_by_name: self.sent_by_name,
            status: code(&self.status, ProofStatus::parse, "proof status")?,
            decided_by_name: self.decided_by_name,
            decided_at: self.decided_at.map(Millis),
            reason: self.reason,
            created_at: Millis(self.created_at),
        })
    }
}

/// Writes a proof as it is.
pub(super) async fn write_proof(
    e: impl Executor<'_, Database = Db>,
    p: &TransferProof,
) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO transfer_proofs (",
        proof_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20)"
    ))
    .bind(p.id.0)
    .bind(p.tenant_id.0)
    .bind(p.customer_id.0)
    .bind(p.invoice_id.0)
    .bind(p.invoice_number)
    .bind(p.amount_minor)
    .bind(p.currency.code())
    .bind(&p.sent_on)
    .bind(&p.reference)
    .bind(&p.file.sha256)
    .bind(&p.file.name)
    .bind(&p.file.content_type)
    .bind(p.file.size)
    .bind(p.sent_by.0)
    .bind(&p.sent_by_name)
    .bind(p.status.code())
    .bind(&p.decided_by_name)
    .bind(p.decided_at.map(|m| m.0))
    .bind(&p.reason)
    .bind(p.created_at.0)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(pool: &sqlx::Pool<Db>) -> Result<Vec<TransferProof>> {
    let rows: Vec<ProofRow> = sqlx::query_as(concat!(
        "SELECT ",
        proof_columns!(),
        " FROM transfer_proofs ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    values(rows)
}

pub(super) async fn insert(store: &SqlStore, p: &TransferProof) -> Result<()> {
    let mut tx = store.begin_write().await?;
    // The customer's own invoice, of this provider.
    let (found,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM invoices WHERE tenant_id = $1 AND id = $2 AND customer_id = $3",
    )
    .bind(p.tenant_id.0)
    .bind(p.invoice_id.0)
    .bind(p.customer_id.0)
    .fetch_one(&mut *tx)
    .await?;
    if found == 0 {
        tx.rollback().await?;
        return crate::error::not_found();
    }
    write_proof(&mut *tx, p).await?;
    super::commit(tx).await
}

pub(super) async fn one(
    store: &SqlStore,
    tenant: TenantId,
    id: TransferProofId,
) -> Result<Option<TransferProof>> {
    let row: Option<ProofRow> = sqlx::query_as(concat!(
        "SELECT ",
        proof_columns!(),
        " FROM transfer_proofs WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(&store.pool)
    .await?;
    value(row)
}

pub(super) async fn list(
    store: &SqlStore,
    tenant: TenantId,
    invoice: Option<InvoiceId>,
    pending_only: bool,
    limit: i64,
) -> Result<Vec<TransferProof>> {
    let rows: Vec<ProofRow> = sqlx::query_as(concat!(
        "SELECT ",
        proof_columns!(),
        " FROM transfer_proofs WHERE tenant_id = $1 AND ($2 IS NULL OR invoice_id = $2) \
         AND ($3 = FALSE OR status = 'pending') ORDER BY created_at DESC, id DESC LIMIT $4"
    ))
    .bind(tenant.0)
    .bind(invoice.map(|i| i.0))
    .bind(pending_only)
    .bind(limit.clamp(1, 500))
    .fetch_all(&store.pool)
    .await?;
    values(rows)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn decide(
    store: &SqlStore,
    tenant: TenantId,
    id: TransferProofId,
    status: ProofStatus,
    by_name: &str,
    reason: &str,
    at: Millis,
    payment: Option<&Payment>,
) -> Result<bool> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE transfer_proofs SET status = $3, decided_by_name = $4, reason = $5, \
         decided_at = $6 WHERE tenant_id = $1 AND id = $2 AND status = 'pending'",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(status.code())
    .bind(by_name)
    .bind(reason)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    if let Some(p) = payment {
        super::invoices::apply_payment(&mut tx, p).await?;
    }
    super::commit(tx).await?;
    Ok(true)
}
