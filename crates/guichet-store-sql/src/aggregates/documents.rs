//! Documents of projects and their versions (each a stored file, by SHA-256).
use async_trait::async_trait;
use guichet_domain::{
    AccountDocument, CustomerId, Document, DocumentId, DocumentKind, DocumentQuery, DocumentStatus,
    DocumentVersion, ListingRevision, Millis, ProjectId, TenantId, UserId, VersionId,
};
use guichet_store::{DocumentStore, StoreResult};
use sqlx::{Executor, FromRow, QueryBuilder};
use uuid::Uuid;

use super::projects::{ProjectRow, project_columns_of_p};
use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, contains_pattern, parsed, search_words, values};

/// A document's columns, read from `d`.
macro_rules! document_columns {
    () => {
        "d.id, d.tenant_id, d.customer_id, d.project_id, d.title, d.kind, d.status, \
         d.created_by, d.created_at, d.updated_at"
    };
}
/// A version's columns, read from `v` under the `v_` prefix.
macro_rules! version_columns {
    () => {
        "v.id AS v_id, v.tenant_id AS v_tenant_id, v.document_id AS v_document_id, \
         v.number AS v_number, v.filename AS v_filename, v.content_type AS v_content_type, \
         v.size AS v_size, v.sha256 AS v_sha256, v.uploaded_by AS v_uploaded_by, \
         v.uploaded_at AS v_uploaded_at"
    };
}
/// Keeps, of a document's versions, only its latest (`v` beside `d`).
macro_rules! latest_version {
    () => {
        "v.document_id = d.id AND v.number = \
         (SELECT MAX(x.number) FROM document_versions x WHERE x.document_id = d.id)"
    };
}

#[derive(FromRow)]
struct DocumentRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    project_id: Uuid,
    title: String,
    kind: String,
    status: String,
    created_by: Uuid,
    created_at: i64,
    updated_at: i64,
}

impl Row for DocumentRow {
    type Value = Document;
    fn value(self) -> Result<Document> {
        Ok(Document {
            id: DocumentId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            project_id: ProjectId(self.project_id),
            title: self.title,
            kind: parsed(&self.kind, "document kind")?,
            status: parsed(&self.status, "document status")?,
            created_by: UserId(self.created_by),
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
struct VersionRow {
    #[sqlx(rename = "v_id")]
    id: Uuid,
    #[sqlx(rename = "v_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "v_document_id")]
    document_id: Uuid,
    #[sqlx(rename = "v_number")]
    number: i64,
    #[sqlx(rename = "v_filename")]
    filename: String,
    #[sqlx(rename = "v_content_type")]
    content_type: String,
    #[sqlx(rename = "v_size")]
    size: i64,
    #[sqlx(rename = "v_sha256")]
    sha256: String,
    #[sqlx(rename = "v_uploaded_by")]
    uploaded_by: Uuid,
    #[sqlx(rename = "v_uploaded_at")]
    uploaded_at: i64,
}

impl Row for VersionRow {
    type Value = DocumentVersion;
    fn value(self) -> Result<DocumentVersion> {
        Ok(DocumentVersion {
            id: VersionId(self.id),
            tenant_id: TenantId(self.tenant_id),
            document_id: DocumentId(self.document_id),
            number: self.number,
            filename: self.filename,
            content_type: self.content_type,
            size: self.size,
            sha256: self.sha256,
            uploaded_by: UserId(self.uploaded_by),
            uploaded_at: Millis(self.uploaded_at),
        })
    }
}

/// A document with its latest version.
#[derive(FromRow)]
struct LatestRow {
    #[sqlx(flatten)]
    document: DocumentRow,
    #[sqlx(flatten)]
    version: VersionRow,
}

impl Row for LatestRow {
    type Value = (Document, DocumentVersion);
    fn value(self) -> Result<Self::Value> {
        Ok((self.document.value()?, self.version.value()?))
    }
}

/// A document of an account with its latest version and its project.
#[derive(FromRow)]
struct AccountDocumentRow {
    #[sqlx(flatten)]
    latest: LatestRow,
    #[sqlx(flatten)]
    project: ProjectRow,
}

impl Row for AccountDocumentRow {
    type Value = AccountDocument;
    fn value(self) -> Result<AccountDocument> {
        let (doc, latest) = self.latest.value()?;
        Ok(AccountDocument {
            doc,
            latest,
            project: self.project.value()?,
        })
    }
}

/// A document of the tenant's project and customer, by one of the tenant's people (the insert
/// names them); returns the rows written (0: not the tenant's).
pub(super) async fn insert(e: impl Executor<'_, Database = Db>, d: &Document) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO documents (id, tenant_id, customer_id, project_id, title, kind, status, \
         created_by, created_at, updated_at) \
         SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, u.id, $9, $10 \
         FROM projects p CROSS JOIN users u \
         WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 AND u.id = $8 AND u.tenant_id = $2",
    )
    .bind(d.id.0)
    .bind(d.tenant_id.0)
    .bind(d.customer_id.0)
    .bind(d.project_id.0)
    .bind(&d.title)
    .bind(d.kind.as_str())
    .bind(d.status.as_str())
    .bind(d.created_by.0)
    .bind(d.created_at.0)
    .bind(d.updated_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

/// A version of the tenant's document (the insert names it); returns the rows written.
pub(super) async fn insert_version(
    e: impl Executor<'_, Database = Db>,
    v: &DocumentVersion,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO document_versions (id, tenant_id, document_id, number, filename, \
         content_type, size, sha256, uploaded_by, uploaded_at) \
         SELECT $1, d.tenant_id, d.id, $4, $5, $6, $7, $8, u.id, $10 \
         FROM documents d CROSS JOIN users u \
         WHERE d.id = $3 AND d.tenant_id = $2 AND u.id = $9 AND u.tenant_id = $2",
    )
    .bind(v.id.0)
    .bind(v.tenant_id.0)
    .bind(v.document_id.0)
    .bind(v.number)
    .bind(&v.filename)
    .bind(&v.content_type)
    .bind(v.size)
    .bind(&v.sha256)
    .bind(v.uploaded_by.0)
    .bind(v.uploaded_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Document>> {
    let rows: Vec<DocumentRow> = sqlx::query_as(concat!(
        "SELECT ",
        document_columns!(),
        " FROM documents d ORDER BY d.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_versions(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<DocumentVersion>> {
    let rows: Vec<VersionRow> = sqlx::query_as(concat!(
        "SELECT ",
        version_columns!(),
        " FROM document_versions v ORDER BY v.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// A new document with its first version, in one transaction.
async fn add(store: &SqlStore, d: &Document, first: &DocumentVersion) -> Result<()> {
    let mut tx = store.begin_write().await?;
    changed(insert(&mut *tx, d).await?)?;
    let first = DocumentVersion {
        number: 1,
        document_id: d.id,
        tenant_id: d.tenant_id,
        ..first.clone()
    };
    changed(insert_version(&mut *tx, &first).await?)?;
    Ok(tx.commit().await?)
}

/// A new version numbered after the last one (chosen in the transaction).
/// Adds a version unless the document was agreed to (frozen): the document's row is updated
/// first (its lock orders this against an acceptance), its `updated_at` strictly increased so
/// that an acceptance of the page shown before fails.
async fn add_version(store: &SqlStore, v: &DocumentVersion) -> Result<DocumentVersion> {
    let mut tx = store.begin_write().await?;
    let open = sqlx::query(
        "UPDATE documents SET updated_at = CASE WHEN updated_at >= $3 THEN updated_at + 1 ELSE $3 END \
         WHERE tenant_id = $1 AND id = $2 AND status NOT IN ('approved', 'signed')",
    )
    .bind(v.tenant_id.0)
    .bind(v.document_id.0)
    .bind(v.uploaded_at.0)
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() != 1 {
        let (exists,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM documents WHERE tenant_id = $1 AND id = $2")
                .bind(v.tenant_id.0)
                .bind(v.document_id.0)
                .fetch_one(&mut *tx)
                .await?;
        return if exists > 0 {
            conflict("documents_frozen")
        } else {
            not_found()
        };
    }
    let (next,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM document_versions \
         WHERE tenant_id = $1 AND document_id = $2",
    )
    .bind(v.tenant_id.0)
    .bind(v.document_id.0)
    .fetch_one(&mut *tx)
    .await?;
    let saved = DocumentVersion {
        number: next,
        ..v.clone()
    };
    changed(insert_version(&mut *tx, &saved).await?)?;
    tx.commit().await?;
    Ok(saved)
}

async fn set_status(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: DocumentId,
    status: DocumentStatus,
    expected: Millis,
    now: Millis,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE documents SET status = $3, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $4",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(status.as_str())
    .bind(expected.0)
    .bind(now.0)
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    match by_id(pool, tenant, id).await? {
        Some(_) => conflict("documents_updated_at"),
        None => not_found(),
    }
}

async fn by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: DocumentId,
) -> Result<Option<Document>> {
    super::tenant_row::<DocumentRow, _>(
        pool,
        concat!(
            "SELECT ",
            document_columns!(),
            " FROM documents d WHERE d.tenant_id = $1 AND d.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

/// Documents with their latest version; the caller's conditions follow (`AND …`).
fn latest_documents() -> QueryBuilder<Db> {
    QueryBuilder::new(concat!(
        "SELECT ",
        document_columns!(),
        ", ",
        version_columns!(),
        " FROM documents d CROSS JOIN document_versions v WHERE ",
        latest_version!()
    ))
}

/// Keeps only documents listed after `before` (newest first: older `created_at`, then id).
fn push_before(b: &mut QueryBuilder<Db>, before: Option<(Millis, DocumentId)>) {
    if let Some((at, id)) = before {
        b.push(" AND (d.created_at < ");
        b.push_bind(at.0);
        b.push(" OR (d.created_at = ");
        b.push_bind(at.0);
        b.push(" AND d.id < ");
        b.push_bind(id.0);
        b.push("))");
    }
}

/// A project's documents (of one kind, when given) with their latest version, newest first;
/// at most `limit` listed after `before`, when given.
async fn of_project(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
    kind: Option<DocumentKind>,
    before: Option<(Millis, DocumentId)>,
    limit: Option<i64>,
) -> Result<Vec<(Document, DocumentVersion)>> {
    let mut b = latest_documents();
    b.push(" AND d.tenant_id = ");
    b.push_bind(tenant.0);
    b.push(" AND d.project_id = ");
    b.push_bind(project.0);
    if let Some(k) = kind {
        b.push(" AND d.kind = ");
        b.push_bind(k.as_str());
    }
    b.push(" AND v.tenant_id = ");
    b.push_bind(tenant.0);
    push_before(&mut b, before);
    b.push(" ORDER BY d.created_at DESC, d.id DESC");
    if let Some(limit) = limit {
        b.push(" LIMIT ");
        b.push_bind(limit.clamp(1, 500));
    }
    let rows: Vec<LatestRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

/// An account's documents across its projects, newest first, keyset-paginated.
async fn of_customer(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
    q: &DocumentQuery,
) -> Result<Vec<AccountDocument>> {
    if q.projects.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let mut b = QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        document_columns!(),
        ", ",
        version_columns!(),
        ", ",
        project_columns_of_p!(),
        " FROM documents d CROSS JOIN document_versions v CROSS JOIN projects p WHERE ",
        latest_version!(),
        " AND p.id = d.project_id AND d.tenant_id = "
    ));
    b.push_bind(tenant.0);
    b.push(" AND d.customer_id = ");
    b.push_bind(customer.0);
    if !q.kinds.is_empty() {
        b.push(" AND d.kind IN (");
        let mut list = b.separated(", ");
        for k in &q.kinds {
            list.push_bind(k.as_str());
        }
        b.push(")");
    }
    if let Some(projects) = &q.projects {
        b.push(" AND d.project_id IN (");
        let mut list = b.separated(", ");
        for p in projects {
            list.push_bind(p.0);
        }
        b.push(")");
    }
    if let Some(words) = search_words(q.search.as_deref()) {
        b.push(" AND LOWER(d.title) LIKE ");
        b.push_bind(contains_pattern(words));
        b.push(" ESCAPE '\\'");
    }
    push_before(&mut b, q.before);
    b.push(" ORDER BY d.created_at DESC, d.id DESC LIMIT ");
    b.push_bind(q.limit.clamp(1, 500));
    let rows: Vec<AccountDocumentRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

#[derive(FromRow)]
struct ListingRevisionRow {
    content: i64,
    projects: i64,
    projects_updated: i64,
}

async fn listing_revision(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<ListingRevision> {
    let r: ListingRevisionRow = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(content_revision), 0) AS BIGINT) AS content, \
         COUNT(*) AS projects, CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) AS projects_updated \
         FROM projects WHERE tenant_id = $1 AND customer_id = $2",
    )
    .bind(tenant.0)
    .bind(customer.0)
    .fetch_one(pool)
    .await?;
    Ok(ListingRevision {
        content: r.content,
        projects: r.projects,
        projects_updated: Millis(r.projects_updated),
    })
}

async fn versions_of(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    document: DocumentId,
) -> Result<Vec<DocumentVersion>> {
    super::tenant_rows::<VersionRow, _>(
        pool,
        concat!(
            "SELECT ",
            version_columns!(),
            " FROM document_versions v WHERE v.tenant_id = $1 AND v.document_id = $2 \
         ORDER BY v.number DESC"
        ),
        tenant,
        document.0,
    )
    .await
}

async fn version_by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: VersionId,
) -> Result<Option<DocumentVersion>> {
    super::tenant_row::<VersionRow, _>(
        pool,
        concat!(
            "SELECT ",
            version_columns!(),
            " FROM document_versions v WHERE v.tenant_id = $1 AND v.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

#[async_trait]
impl DocumentStore for SqlStore {
    async fn insert_document(&self, doc: &Document, first: &DocumentVersion) -> StoreResult<()> {
        Ok(add(self, doc, first).await?)
    }
    async fn add_version(&self, version: &DocumentVersion) -> StoreResult<DocumentVersion> {
        Ok(add_version(self, version).await?)
    }
    async fn set_document_status(
        &self,
        tenant: TenantId,
        id: DocumentId,
        status: DocumentStatus,
        expected_updated_at: Millis,
        now: Millis,
    ) -> StoreResult<()> {
        Ok(set_status(&self.pool, tenant, id, status, expected_updated_at, now).await?)
    }
    async fn document(&self, tenant: TenantId, id: DocumentId) -> StoreResult<Option<Document>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn documents_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>> {
        Ok(of_project(&self.pool, tenant, project, None, None, None).await?)
    }
    async fn documents_of_kind(
        &self,
        tenant: TenantId,
        project: ProjectId,
        kind: DocumentKind,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>> {
        Ok(of_project(&self.pool, tenant, project, Some(kind), None, None).await?)
    }
    async fn project_documents_page(
        &self,
        tenant: TenantId,
        project: ProjectId,
        before: Option<(Millis, DocumentId)>,
        limit: i64,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>> {
        Ok(of_project(&self.pool, tenant, project, None, before, Some(limit)).await?)
    }
    async fn customer_documents(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        query: &DocumentQuery,
    ) -> StoreResult<Vec<AccountDocument>> {
        Ok(of_customer(&self.pool, tenant, customer, query).await?)
    }
    async fn account_listing_revision(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<ListingRevision> {
        Ok(listing_revision(&self.pool, tenant, customer).await?)
    }
    async fn versions(
        &self,
        tenant: TenantId,
        document: DocumentId,
    ) -> StoreResult<Vec<DocumentVersion>> {
        Ok(versions_of(&self.pool, tenant, document).await?)
    }
    async fn version(
        &self,
        tenant: TenantId,
        id: VersionId,
    ) -> StoreResult<Option<DocumentVersion>> {
        Ok(version_by_id(&self.pool, tenant, id).await?)
    }
}
