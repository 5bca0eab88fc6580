//! Viewing links for people without an account: a token (stored hashed) opening one document
//! or a whole project until it expires or staff withdraw it.
use async_trait::async_trait;
use guichet_domain::{
    CustomerId, DocumentId, LinkId, Millis, ProjectId, ShareLink, TenantId, UserId,
};
use guichet_store::{LinkStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed};
use crate::rows::{Row, values};

macro_rules! columns {
    () => {
        "id, tenant_id, customer_id, project_id, document_id, label, token_hash, created_by, \
         created_at, expires_at, revoked_at, uses, last_used_at, sign_in"
    };
}

#[derive(FromRow)]
struct LinkRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    project_id: Uuid,
    document_id: Option<Uuid>,
    label: String,
    token_hash: String,
    created_by: Uuid,
    created_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
    uses: i64,
    last_used_at: Option<i64>,
    sign_in: bool,
}

impl Row for LinkRow {
    type Value = ShareLink;
    fn value(self) -> Result<ShareLink> {
        Ok(ShareLink {
            id: LinkId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            project_id: ProjectId(self.project_id),
            document_id: self.document_id.map(DocumentId),
            label: self.label,
            token_hash: self.token_hash,
            created_by: UserId(self.created_by),
            created_at: Millis(self.created_at),
            expires_at: Millis(self.expires_at),
            revoked_at: self.revoked_at.map(Millis),
            uses: self.uses,
            last_used_at: self.last_used_at.map(Millis),
            sign_in: self.sign_in,
        })
    }
}

/// A link to the tenant's project (and a document of it); returns the rows written (0: not
/// the tenant's).
pub(super) async fn insert(e: impl Executor<'_, Database = Db>, l: &ShareLink) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO share_links (id, tenant_id, customer_id, project_id, document_id, label, \
         token_hash, created_by, created_at, expires_at, revoked_at, uses, last_used_at, sign_in) \
         SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 \
         FROM projects p WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $5 AND d.project_id = p.id))",
    )
    .bind(l.id.0)
    .bind(l.tenant_id.0)
    .bind(l.customer_id.0)
    .bind(l.project_id.0)
    .bind(l.document_id.map(|d| d.0))
    .bind(&l.label)
    .bind(&l.token_hash)
    .bind(l.created_by.0)
    .bind(l.created_at.0)
    .bind(l.expires_at.0)
    .bind(l.revoked_at.map(|m| m.0))
    .bind(l.uses)
    .bind(l.last_used_at.map(|m| m.0))
    .bind(l.sign_in)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<ShareLink>> {
    let rows: Vec<LinkRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM share_links ORDER BY id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn by_hash(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    token_hash: &str,
) -> Result<Option<ShareLink>> {
    super::tenant_row::<LinkRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM share_links WHERE tenant_id = $1 AND token_hash = $2"
        ),
        tenant,
        token_hash,
    )
    .await
}

async fn of_project(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Vec<ShareLink>> {
    super::tenant_rows::<LinkRow, _>(pool, concat!(
        "SELECT ",
        columns!(),
        " FROM share_links WHERE tenant_id = $1 AND project_id = $2 ORDER BY created_at DESC, id DESC"
    ), tenant, project.0).await
}

/// Withdraws a live link; false if it was not live (already withdrawn, or not the tenant's).
async fn revoke(store: &SqlStore, tenant: TenantId, id: LinkId, at: Millis) -> Result<bool> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE share_links SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    super::commit(tx).await?;
    Ok(true)
}

async fn count_use(store: &SqlStore, tenant: TenantId, id: LinkId, at: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    sqlx::query(
        "UPDATE share_links SET uses = uses + 1, last_used_at = $3 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    super::commit(tx).await
}

#[async_trait]
impl LinkStore for SqlStore {
    async fn insert_link(&self, link: &ShareLink) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = changed(insert(&mut *tx, link).await?)?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn link_by_hash(
        &self,
        tenant: TenantId,
        token_hash: &str,
    ) -> StoreResult<Option<ShareLink>> {
        Ok(by_hash(&self.pool, tenant, token_hash).await?)
    }
    async fn links_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<ShareLink>> {
        Ok(of_project(&self.pool, tenant, project).await?)
    }
    async fn revoke_link(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<bool> {
        Ok(revoke(self, tenant, id, at).await?)
    }
    async fn count_link_use(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<()> {
        Ok(count_use(self, tenant, id, at).await?)
    }
}
