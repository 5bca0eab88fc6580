//! Emails waiting to be sent, claimed by any instance's worker under a lease.
use async_trait::async_trait;
use guichet_domain::{EmailId, Millis, OutboxEmail, TenantId};
use guichet_store::{OutboxStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::Result;
use crate::rows::{Row, values};

macro_rules! columns {
    () => {
        "id, tenant_id, to_addr, subject, body_text, created_at, sent_at, attempts, \
         next_attempt_at, last_error"
    };
}

#[derive(FromRow)]
struct EmailRow {
    id: Uuid,
    tenant_id: Uuid,
    to_addr: String,
    subject: String,
    body_text: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i32,
    next_attempt_at: i64,
    last_error: Option<String>,
}

impl Row for EmailRow {
    type Value = OutboxEmail;
    fn value(self) -> Result<OutboxEmail> {
        Ok(OutboxEmail {
            id: EmailId(self.id),
            tenant_id: TenantId(self.tenant_id),
            to_addr: self.to_addr,
            subject: self.subject,
            body_text: self.body_text,
            created_at: Millis(self.created_at),
            sent_at: self.sent_at.map(Millis),
            attempts: self.attempts,
            next_attempt_at: Millis(self.next_attempt_at),
            last_error: self.last_error,
        })
    }
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, m: &OutboxEmail) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO outbox_emails (",
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(m.id.0)
    .bind(m.tenant_id.0)
    .bind(&m.to_addr)
    .bind(&m.subject)
    .bind(&m.body_text)
    .bind(m.created_at.0)
    .bind(m.sent_at.map(|t| t.0))
    .bind(m.attempts)
    .bind(m.next_attempt_at.0)
    .bind(&m.last_error)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<OutboxEmail>> {
    let rows: Vec<EmailRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM outbox_emails ORDER BY id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// Claims due emails (any tenant) by pushing their next attempt to the end of the lease, in one
/// statement: two workers never claim the same email while the lease runs.
async fn claim(
    pool: &sqlx::Pool<Db>,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<OutboxEmail>> {
    let rows: Vec<EmailRow> = sqlx::query_as(concat!(
        "UPDATE outbox_emails SET next_attempt_at = $2 \
         WHERE sent_at IS NULL AND next_attempt_at <= $1 AND id IN \
         (SELECT id FROM outbox_emails WHERE sent_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at LIMIT $3) RETURNING ",
        columns!()
    ))
    .bind(now.0)
    .bind(lease_until.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn mark_sent(pool: &sqlx::Pool<Db>, id: EmailId, now: Millis, wipe_body: bool) -> Result<()> {
    sqlx::query(
        "UPDATE outbox_emails SET sent_at = $2, attempts = attempts + 1, last_error = NULL, \
         body_text = CASE WHEN $3 THEN '' ELSE body_text END WHERE id = $1",
    )
    .bind(id.0)
    .bind(now.0)
    .bind(wipe_body)
    .execute(pool)
    .await?;
    Ok(())
}

async fn mark_failed(
    pool: &sqlx::Pool<Db>,
    id: EmailId,
    next_attempt_at: Millis,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox_emails SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 \
         WHERE id = $1",
    )
    .bind(id.0)
    .bind(next_attempt_at.0)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

async fn newest(pool: &sqlx::Pool<Db>, tenant: TenantId, limit: i64) -> Result<Vec<OutboxEmail>> {
    super::tenant_rows::<EmailRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM outbox_emails WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        ),
        tenant,
        limit,
    )
    .await
}

async fn by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: EmailId,
) -> Result<Option<OutboxEmail>> {
    super::tenant_row::<EmailRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM outbox_emails WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

#[async_trait]
impl OutboxStore for SqlStore {
    async fn enqueue_email(&self, email: &OutboxEmail) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = insert(&mut *tx, email).await?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn claim_emails(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: i64,
    ) -> StoreResult<Vec<OutboxEmail>> {
        Ok(claim(&self.pool, now, lease_until, limit).await?)
    }
    async fn mark_email_sent(&self, id: EmailId, now: Millis, wipe_body: bool) -> StoreResult<()> {
        Ok(mark_sent(&self.pool, id, now, wipe_body).await?)
    }
    async fn mark_email_failed(
        &self,
        id: EmailId,
        next_attempt_at: Millis,
        error: &str,
    ) -> StoreResult<()> {
        Ok(mark_failed(&self.pool, id, next_attempt_at, error).await?)
    }
    async fn list_outbox(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<OutboxEmail>> {
        Ok(newest(&self.pool, tenant, limit).await?)
    }
    async fn outbox_email(
        &self,
        tenant: TenantId,
        id: EmailId,
    ) -> StoreResult<Option<OutboxEmail>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
}
