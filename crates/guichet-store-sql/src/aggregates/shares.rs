//! Per-contact access set on a project or one of its documents.
use async_trait::async_trait;
use guichet_domain::{DocumentId, Millis, ProjectId, Share, ShareLevel, TenantId, UserId};
use guichet_store::{ShareStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed};
use crate::rows::{Row, code, values};

/// A share's columns, read from `sh` under the `sh_` prefix.
macro_rules! columns {
    () => {
        "sh.tenant_id AS sh_tenant_id, sh.project_id AS sh_project_id, \
         sh.document_id AS sh_document_id, sh.user_id AS sh_user_id, sh.level AS sh_level, \
         sh.granted_by AS sh_granted_by, sh.granted_at AS sh_granted_at"
    };
}

#[derive(FromRow)]
struct ShareRow {
    #[sqlx(rename = "sh_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "sh_project_id")]
    project_id: Uuid,
    #[sqlx(rename = "sh_document_id")]
    document_id: Option<Uuid>,
    #[sqlx(rename = "sh_user_id")]
    user_id: Uuid,
    #[sqlx(rename = "sh_level")]
    level: String,
    #[sqlx(rename = "sh_granted_by")]
    granted_by: Uuid,
    #[sqlx(rename = "sh_granted_at")]
    granted_at: i64,
}

impl Row for ShareRow {
    type Value = Share;
    fn value(self) -> Result<Share> {
        Ok(Share {
            tenant_id: TenantId(self.tenant_id),
            project_id: ProjectId(self.project_id),
            document_id: self.document_id.map(DocumentId),
            user_id: UserId(self.user_id),
            level: code(&self.level, ShareLevel::parse, "share level")?,
            granted_by: UserId(self.granted_by),
            granted_at: Millis(self.granted_at),
        })
    }
}

/// A share on the tenant's project (and document of that project), for one of the tenant's
/// people; returns the rows written (0: something is not the tenant's).
pub(super) async fn insert(e: impl Executor<'_, Database = Db>, s: &Share) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO shares (tenant_id, project_id, document_id, user_id, level, granted_by, granted_at) \
         SELECT p.tenant_id, p.id, $3, u.id, $5, $6, $7 FROM projects p CROSS JOIN users u \
         WHERE p.id = $2 AND p.tenant_id = $1 AND u.id = $4 AND u.tenant_id = $1 \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $3 AND d.project_id = p.id))",
    )
    .bind(s.tenant_id.0)
    .bind(s.project_id.0)
    .bind(s.document_id.map(|d| d.0))
    .bind(s.user_id.0)
    .bind(s.level.code())
    .bind(s.granted_by.0)
    .bind(s.granted_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Share>> {
    let rows: Vec<ShareRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM shares sh ORDER BY sh.project_id, sh.user_id, sh.granted_at"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn delete(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    project: ProjectId,
    document: Option<DocumentId>,
    user: UserId,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM shares WHERE tenant_id = $1 AND project_id = $2 AND user_id = $4 \
         AND COALESCE(document_id, project_id) = COALESCE($3, project_id)",
    )
    .bind(tenant.0)
    .bind(project.0)
    .bind(document.map(|d| d.0))
    .bind(user.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Sets (or replaces) one contact's share, in one transaction.
async fn set(store: &SqlStore, s: &Share) -> Result<()> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    delete(
        &mut *tx,
        s.tenant_id,
        s.project_id,
        s.document_id,
        s.user_id,
    )
    .await?;
    changed(insert(&mut *tx, s).await?)?;
    super::commit(tx).await
}

async fn remove(
    store: &SqlStore,
    tenant: TenantId,
    project: ProjectId,
    document: Option<DocumentId>,
    user: UserId,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let _changing = store.cache.changing();
    delete(&mut *tx, tenant, project, document, user).await?;
    super::commit(tx).await
}

/// Every share set for one person, across projects (part of a signed-in answer).
pub(super) async fn of_contact(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
) -> Result<Vec<Share>> {
    super::tenant_rows::<ShareRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM shares sh WHERE sh.tenant_id = $1 AND sh.user_id = $2"
        ),
        tenant,
        user.0,
    )
    .await
}

async fn of_project(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Vec<Share>> {
    super::tenant_rows::<ShareRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM shares sh WHERE sh.tenant_id = $1 AND sh.project_id = $2 ORDER BY sh.granted_at"
        ),
        tenant,
        project.0,
    )
    .await
}

#[async_trait]
impl ShareStore for SqlStore {
    async fn set_share(&self, share: &Share) -> StoreResult<()> {
        Ok(set(self, share).await?)
    }
    async fn remove_share(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
        user: UserId,
    ) -> StoreResult<()> {
        Ok(remove(self, tenant, project, document, user).await?)
    }
    async fn shares_of_contact(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Share>> {
        Ok(of_contact(&self.pool, tenant, user).await?)
    }
    async fn shares_of_project(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<Share>> {
        Ok(of_project(&self.pool, tenant, project).await?)
    }
}
