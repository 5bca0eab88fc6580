//! Document requests: a file staff ask of the customer by a date, until someone sends it.
use async_trait::async_trait;
use guichet_domain::{
    CustomerId, DocumentId, DocumentRequest, Millis, ProjectId, RequestId, TenantId, UserId,
};
use guichet_store::{RequestStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, parsed, values};

macro_rules! columns {
    () => {
        "id, tenant_id, customer_id, project_id, title, kind, description, due_on, created_by, \
         created_at, fulfilled_at, fulfilled_by, document_id"
    };
}

#[derive(FromRow)]
struct RequestRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    project_id: Uuid,
    title: String,
    kind: String,
    description: String,
    due_on: Option<String>,
    created_by: Uuid,
    created_at: i64,
    fulfilled_at: Option<i64>,
    fulfilled_by: Option<Uuid>,
    document_id: Option<Uuid>,
}

impl Row for RequestRow {
    type Value = DocumentRequest;
    fn value(self) -> Result<DocumentRequest> {
        Ok(DocumentRequest {
            id: RequestId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            project_id: ProjectId(self.project_id),
            title: self.title,
            kind: parsed(&self.kind, "request kind")?,
            description: self.description,
            due_on: self.due_on,
            created_by: UserId(self.created_by),
            created_at: Millis(self.created_at),
            fulfilled_at: self.fulfilled_at.map(Millis),
            fulfilled_by: self.fulfilled_by.map(UserId),
            document_id: self.document_id.map(DocumentId),
        })
    }
}

/// A request on the tenant's project; returns the rows written (0: not the tenant's).
pub(super) async fn insert(
    e: impl Executor<'_, Database = Db>,
    q: &DocumentRequest,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO document_requests (id, tenant_id, customer_id, project_id, title, kind, \
         description, due_on, created_by, created_at, fulfilled_at, fulfilled_by, document_id) \
         SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, $8, $9, $10, $11, $12, $13 \
         FROM projects p WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3",
    )
    .bind(q.id.0)
    .bind(q.tenant_id.0)
    .bind(q.customer_id.0)
    .bind(q.project_id.0)
    .bind(&q.title)
    .bind(q.kind.as_str())
    .bind(&q.description)
    .bind(&q.due_on)
    .bind(q.created_by.0)
    .bind(q.created_at.0)
    .bind(q.fulfilled_at.map(|m| m.0))
    .bind(q.fulfilled_by.map(|u| u.0))
    .bind(q.document_id.map(|d| d.0))
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<DocumentRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM document_requests ORDER BY id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: RequestId,
) -> Result<Option<DocumentRequest>> {
    super::tenant_row::<RequestRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM document_requests WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

/// A project's requests: outstanding ones first (by due date), then fulfilled ones.
async fn of_project(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Vec<DocumentRequest>> {
    super::tenant_rows::<RequestRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM document_requests WHERE tenant_id = $1 AND project_id = $2 \
         ORDER BY CASE WHEN fulfilled_at IS NULL THEN 0 ELSE 1 END, \
         COALESCE(due_on, '9999-12-31'), created_at, id"
        ),
        tenant,
        project.0,
    )
    .await
}

/// A customer's outstanding requests, by due date (undated last).
async fn open_of_customer(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
    limit: i64,
) -> Result<Vec<DocumentRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM document_requests WHERE tenant_id = $1 AND customer_id = $2 \
         AND fulfilled_at IS NULL \
         ORDER BY COALESCE(due_on, '9999-12-31'), created_at, id LIMIT $3"
    ))
    .bind(tenant.0)
    .bind(customer.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    values(rows)
}

/// Marks a request fulfilled by a document (`Conflict` if it already was).
async fn fulfil(
    store: &SqlStore,
    tenant: TenantId,
    id: RequestId,
    document: DocumentId,
    by: UserId,
    at: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE document_requests SET fulfilled_at = $3, fulfilled_by = $4, document_id = $5 \
         WHERE tenant_id = $1 AND id = $2 AND fulfilled_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(at.0)
    .bind(by.0)
    .bind(document.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        return super::commit(tx).await;
    }
    drop(tx);
    match by_id(&store.pool, tenant, id).await? {
        Some(_) => conflict("document_requests_fulfilled"),
        None => not_found(),
    }
}

#[async_trait]
impl RequestStore for SqlStore {
    async fn insert_request(&self, request: &DocumentRequest) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = changed(insert(&mut *tx, request).await?)?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn request(
        &self,
        tenant: TenantId,
        id: RequestId,
    ) -> StoreResult<Option<DocumentRequest>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn requests_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<DocumentRequest>> {
        Ok(of_project(&self.pool, tenant, project).await?)
    }
    async fn open_requests(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        limit: i64,
    ) -> StoreResult<Vec<DocumentRequest>> {
        Ok(open_of_customer(&self.pool, tenant, customer, limit).await?)
    }
    async fn fulfil_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        document: DocumentId,
        by: UserId,
        at: Millis,
    ) -> StoreResult<()> {
        Ok(fulfil(self, tenant, id, document, by, at).await?)
    }
}
