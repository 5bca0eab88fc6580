//! Conversations on projects and documents, who follows a project, and until when each person
//! read each conversation.
use async_trait::async_trait;
use guichet_domain::{
    Comment, CommentId, CustomerId, DocumentId, Millis, ProjectId, TenantId, UserId,
};
use guichet_store::{CommentStore, StoreResult};
use sqlx::{Executor, FromRow, QueryBuilder};
use uuid::Uuid;

use super::{Db, SqlStore, projects};
use crate::error::{Result, changed, not_found};
use crate::rows::{Row, values};

/// A comment with its author's name, read from `c` and `u`.
macro_rules! columns {
    () => {
        "c.id, c.tenant_id, c.customer_id, c.project_id, c.document_id, c.author, \
         u.name AS author_name, c.body, c.created_at, c.attachment_id"
    };
}

#[derive(FromRow)]
struct CommentRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    project_id: Uuid,
    document_id: Option<Uuid>,
    author: Uuid,
    author_name: Option<String>,
    body: String,
    created_at: i64,
    attachment_id: Option<Uuid>,
}

impl Row for CommentRow {
    type Value = Comment;
    fn value(self) -> Result<Comment> {
        Ok(Comment {
            id: CommentId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            project_id: ProjectId(self.project_id),
            document_id: self.document_id.map(DocumentId),
            author: UserId(self.author),
            author_name: self.author_name.unwrap_or_default(),
            body: self.body,
            created_at: Millis(self.created_at),
            attachment: self.attachment_id.map(DocumentId),
        })
    }
}

/// A comment on the tenant's project (and a document and attachment of it), by one of the
/// tenant's people; returns the rows written (0: something is not the tenant's).
pub(super) async fn insert(e: impl Executor<'_, Database = Db>, c: &Comment) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO comments (id, tenant_id, customer_id, project_id, document_id, author, body, \
         created_at, attachment_id) \
         SELECT $1, p.tenant_id, p.customer_id, p.id, $5, u.id, $7, $8, $9 \
         FROM projects p CROSS JOIN users u \
         WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 AND u.id = $6 AND u.tenant_id = $2 \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $5 AND d.project_id = p.id)) \
         AND ($9 IS NULL OR EXISTS (SELECT 1 FROM documents a WHERE a.id = $9 AND a.project_id = p.id))",
    )
    .bind(c.id.0)
    .bind(c.tenant_id.0)
    .bind(c.customer_id.0)
    .bind(c.project_id.0)
    .bind(c.document_id.map(|d| d.0))
    .bind(c.author.0)
    .bind(&c.body)
    .bind(c.created_at.0)
    .bind(c.attachment.map(|d| d.0))
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn insert_follower(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    project: ProjectId,
    user: UserId,
    since: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO followers (tenant_id, project_id, user_id, since) VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant.0)
    .bind(project.0)
    .bind(user.0)
    .bind(since.0)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn insert_read(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    user: UserId,
    thread: Uuid,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO thread_reads (tenant_id, user_id, thread_id, read_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(thread)
    .bind(at.0)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Comment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM comments c LEFT JOIN users u ON u.id = c.author ORDER BY c.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_followers(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, ProjectId, UserId, Millis)>> {
    let rows: Vec<(Uuid, Uuid, Uuid, i64)> = sqlx::query_as(
        "SELECT tenant_id, project_id, user_id, since FROM followers ORDER BY project_id, user_id",
    )
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, p, u, since)| (TenantId(t), ProjectId(p), UserId(u), Millis(since)))
        .collect())
}

pub(super) async fn dump_reads(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, UserId, Uuid, Millis)>> {
    let rows: Vec<(Uuid, Uuid, Uuid, i64)> = sqlx::query_as(
        "SELECT tenant_id, user_id, thread_id, read_at FROM thread_reads ORDER BY user_id, thread_id",
    )
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, u, thread, at)| (TenantId(t), UserId(u), thread, Millis(at)))
        .collect())
}

/// A conversation's comments (a document's, or the project's own), oldest first.
async fn of_thread(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
    document: Option<DocumentId>,
) -> Result<Vec<Comment>> {
    let mut b = QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        columns!(),
        " FROM comments c LEFT JOIN users u ON u.id = c.author WHERE c.tenant_id = "
    ));
    b.push_bind(tenant.0);
    b.push(" AND c.project_id = ");
    b.push_bind(project.0);
    match document {
        Some(d) => {
            b.push(" AND c.document_id = ");
            b.push_bind(d.0);
        }
        None => {
            b.push(" AND c.document_id IS NULL");
        }
    }
    b.push(" ORDER BY c.created_at, c.id LIMIT 500");
    let rows: Vec<CommentRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

/// Someone follows a project (nothing changes if they already do).
async fn follow(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
    user: UserId,
    at: Millis,
) -> Result<()> {
    let done = sqlx::query(
        "INSERT INTO followers (tenant_id, project_id, user_id, since) \
         SELECT p.tenant_id, p.id, u.id, $4 FROM projects p CROSS JOIN users u \
         WHERE p.id = $2 AND p.tenant_id = $1 AND u.id = $3 AND u.tenant_id = $1 \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(tenant.0)
    .bind(project.0)
    .bind(user.0)
    .bind(at.0)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 && projects::by_id(pool, tenant, project).await?.is_none() {
        return not_found();
    }
    Ok(())
}

async fn unfollow(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
    user: UserId,
) -> Result<()> {
    sqlx::query("DELETE FROM followers WHERE tenant_id = $1 AND project_id = $2 AND user_id = $3")
        .bind(tenant.0)
        .bind(project.0)
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(())
}

async fn followers(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Vec<UserId>> {
    let rows: Vec<(Uuid,)> = sqlx::query_as(
        "SELECT user_id FROM followers WHERE tenant_id = $1 AND project_id = $2 ORDER BY since",
    )
    .bind(tenant.0)
    .bind(project.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(u,)| UserId(u)).collect())
}

/// Records that someone read a conversation up to `at` (never moving the marker back).
async fn mark_read(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    thread: Uuid,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO thread_reads (tenant_id, user_id, thread_id, read_at) \
         SELECT u.tenant_id, u.id, $3, $4 FROM users u WHERE u.id = $2 AND u.tenant_id = $1 \
         ON CONFLICT (user_id, thread_id) DO UPDATE SET read_at = \
         CASE WHEN thread_reads.read_at > excluded.read_at THEN thread_reads.read_at ELSE excluded.read_at END",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(thread)
    .bind(at.0)
    .execute(pool)
    .await?;
    Ok(())
}

async fn read_at(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    thread: Uuid,
) -> Result<Option<Millis>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT read_at FROM thread_reads WHERE tenant_id = $1 AND user_id = $2 AND thread_id = $3",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(thread)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(at,)| Millis(at)))
}

/// Messages by others on these projects' own conversations that `user` has not read.
async fn unread_counts(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    projects: &[ProjectId],
) -> Result<Vec<(ProjectId, i64)>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = QueryBuilder::<Db>::new(
        "SELECT c.project_id, COUNT(*) FROM comments c LEFT JOIN thread_reads r ON r.user_id = ",
    );
    b.push_bind(user.0);
    b.push(" AND r.thread_id = c.project_id WHERE c.tenant_id = ");
    b.push_bind(tenant.0);
    b.push(" AND c.document_id IS NULL AND c.author <> ");
    b.push_bind(user.0);
    b.push(" AND (r.read_at IS NULL OR c.created_at > r.read_at) AND c.project_id IN (");
    let mut list = b.separated(", ");
    for p in projects {
        list.push_bind(p.0);
    }
    b.push(") GROUP BY c.project_id");
    let rows: Vec<(Uuid, i64)> = b.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(p, n)| (ProjectId(p), n)).collect())
}

#[async_trait]
impl CommentStore for SqlStore {
    async fn insert_comment(&self, comment: &Comment) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = changed(insert(&mut *tx, comment).await?)?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn comments_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> StoreResult<Vec<Comment>> {
        Ok(of_thread(&self.pool, tenant, project, document).await?)
    }
    async fn follow(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
        at: Millis,
    ) -> StoreResult<()> {
        Ok(follow(&self.pool, tenant, project, user, at).await?)
    }
    async fn unfollow(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
    ) -> StoreResult<()> {
        Ok(unfollow(&self.pool, tenant, project, user).await?)
    }
    async fn followers(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<UserId>> {
        Ok(followers(&self.pool, tenant, project).await?)
    }
    async fn mark_read(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: Uuid,
        at: Millis,
    ) -> StoreResult<()> {
        Ok(mark_read(&self.pool, tenant, user, thread, at).await?)
    }
    async fn read_at(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: Uuid,
    ) -> StoreResult<Option<Millis>> {
        Ok(read_at(&self.pool, tenant, user, thread).await?)
    }
    async fn unread_counts(
        &self,
        tenant: TenantId,
        user: UserId,
        projects: &[ProjectId],
    ) -> StoreResult<Vec<(ProjectId, i64)>> {
        Ok(unread_counts(&self.pool, tenant, user, projects).await?)
    }
}
