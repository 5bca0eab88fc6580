//! The activity journal: append-only, hash-chained per tenant.
use async_trait::async_trait;
use guichet_domain::{
    CustomerId, EntryId, GENESIS_HASH, JournalEntry, JournalKey, JournalQuery, Millis, ProjectId,
    TenantId, UserId,
};
use guichet_store::{JournalStore, StoreError, StoreResult};
use sqlx::{Executor, FromRow, QueryBuilder};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::Result;
use crate::rows::{Row, prefix_pattern, values};

macro_rules! columns {
    () => {
        "id, tenant_id, seq, at, actor, actor_label, ip, action, object_kind, object_id, \
         customer_id, project_id, detail, prev_hash, hash, keyed"
    };
}

/// How many times an append is tried when others keep taking the next number.
pub(super) const APPEND_TRIES: usize = 20;

#[derive(FromRow)]
struct EntryRow {
    id: Uuid,
    tenant_id: Uuid,
    seq: i64,
    at: i64,
    actor: Option<Uuid>,
    actor_label: String,
    ip: String,
    action: String,
    object_kind: String,
    object_id: Uuid,
    customer_id: Option<Uuid>,
    project_id: Option<Uuid>,
    detail: String,
    prev_hash: String,
    hash: String,
    keyed: bool,
}

impl Row for EntryRow {
    type Value = JournalEntry;
    fn value(self) -> Result<JournalEntry> {
        Ok(JournalEntry {
            id: EntryId(self.id),
            tenant_id: TenantId(self.tenant_id),
            seq: self.seq,
            at: Millis(self.at),
            actor: self.actor.map(UserId),
            actor_label: self.actor_label,
            ip: self.ip,
            action: self.action,
            object_kind: self.object_kind,
            object_id: self.object_id,
            customer_id: self.customer_id.map(CustomerId),
            project_id: self.project_id.map(ProjectId),
            detail: self.detail,
            prev_hash: self.prev_hash,
            hash: self.hash,
            keyed: self.keyed,
        })
    }
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, j: &JournalEntry) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO journal (",
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    ))
    .bind(j.id.0)
    .bind(j.tenant_id.0)
    .bind(j.seq)
    .bind(j.at.0)
    .bind(j.actor.map(|u| u.0))
    .bind(&j.actor_label)
    .bind(&j.ip)
    .bind(&j.action)
    .bind(&j.object_kind)
    .bind(j.object_id)
    .bind(j.customer_id.map(|c| c.0))
    .bind(j.project_id.map(|p| p.0))
    .bind(&j.detail)
    .bind(&j.prev_hash)
    .bind(&j.hash)
    .bind(j.keyed)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<JournalEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM journal ORDER BY tenant_id, seq"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// Appends at the end of the tenant's chain, sealed under `key`. Two appends at once may pick
/// the same number: the unique (tenant, seq) refuses the second, which reads the new end and
/// tries again.
/// Appends entries at the end of their tenant's chain inside a transaction that also holds the
/// action they record: both are written, or neither. Under concurrent appends on PostgreSQL
/// the chain's unique sequence refuses one transaction (`Conflict` on `journal_seq_unique`);
/// the caller runs it again.
pub(super) async fn append_in(
    tx: &mut sqlx::Transaction<'_, Db>,
    entries: &[JournalEntry],
    key: &JournalKey,
) -> Result<()> {
    let Some(first) = entries.first() else {
        return Ok(());
    };
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, hash FROM journal WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(first.tenant_id.0)
    .fetch_optional(&mut **tx)
    .await?;
    let (mut seq, mut prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    for entry in entries {
        let mut e = JournalEntry {
            seq,
            prev_hash: prev_hash.clone(),
            ..entry.clone()
        };
        e.seal(key);
        insert(&mut **tx, &e).await?;
        seq += 1;
        prev_hash = e.hash;
    }
    Ok(())
}

async fn append(store: &SqlStore, entry: &JournalEntry, key: &JournalKey) -> Result<JournalEntry> {
    for _ in 0..APPEND_TRIES {
        let mut tx = store.begin_write().await?;
        let last: Option<(i64, String)> = sqlx::query_as(
            "SELECT seq, hash FROM journal WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(entry.tenant_id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let (seq, prev_hash) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS_HASH.to_string()),
        };
        let mut e = JournalEntry {
            seq,
            prev_hash,
            ..entry.clone()
        };
        e.seal(key);
        let written = match insert(&mut *tx, &e).await {
            Ok(()) => tx.commit().await.map_err(Into::into),
            Err(err) => Err(err),
        };
        match written.map_err(StoreError::from) {
            Ok(()) => return Ok(e),
            Err(StoreError::Conflict { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(StoreError::Backend(Box::from("journal: too many concurrent appends")).into())
}

/// Entries, newest first.
async fn read(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    q: &JournalQuery,
) -> Result<Vec<JournalEntry>> {
    let mut b = QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        columns!(),
        " FROM journal WHERE tenant_id = "
    ));
    b.push_bind(tenant.0);
    if let Some(p) = q.project {
        b.push(" AND project_id = ");
        b.push_bind(p.0);
    }
    if let Some(o) = q.object {
        b.push(" AND object_id = ");
        b.push_bind(o);
    }
    if let Some(prefix) = q.action_prefix.as_deref().filter(|p| !p.is_empty()) {
        b.push(" AND action LIKE ");
        b.push_bind(prefix_pattern(prefix));
        b.push(" ESCAPE '\\'");
    }
    b.push(" ORDER BY seq DESC LIMIT ");
    b.push_bind(q.limit.clamp(1, 10_000));
    let rows: Vec<EntryRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

/// A tenant's whole chain, in order.
async fn chain(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<JournalEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM journal WHERE tenant_id = $1 ORDER BY seq"
    ))
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

/// A tenant's chain from number `from` on, in order.
async fn chain_from(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    from: i64,
) -> Result<Vec<JournalEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM journal WHERE tenant_id = $1 AND seq >= $2 ORDER BY seq"
    ))
    .bind(tenant.0)
    .bind(from)
    .fetch_all(pool)
    .await?;
    values(rows)
}

#[async_trait]
impl JournalStore for SqlStore {
    async fn append(&self, entry: &JournalEntry, key: &JournalKey) -> StoreResult<JournalEntry> {
        Ok(append(self, entry, key).await?)
    }
    async fn journal(
        &self,
        tenant: TenantId,
        query: &JournalQuery,
    ) -> StoreResult<Vec<JournalEntry>> {
        Ok(read(&self.pool, tenant, query).await?)
    }
    async fn chain(&self, tenant: TenantId) -> StoreResult<Vec<JournalEntry>> {
        Ok(chain(&self.pool, tenant).await?)
    }
    async fn chain_from(&self, tenant: TenantId, from_seq: i64) -> StoreResult<Vec<JournalEntry>> {
        Ok(chain_from(&self.pool, tenant, from_seq).await?)
    }
}
