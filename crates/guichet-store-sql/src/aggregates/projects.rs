//! Projects of a customer account, and the provider's team on each.
use async_trait::async_trait;
use guichet_domain::{
    CustomerId, Millis, Project, ProjectHead, ProjectId, ProjectQuery, ProjectSort, ProjectStatus,
    StaffProjectQuery, TenantId, User, UserId,
};
use guichet_store::{ProjectStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::flows::{ProjectFlowRow, project_flow_columns_of_pf};
use super::users::{UserRow, user_columns_of_u};
use super::{Db, Joined, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, code, push_contains, search_words, value, values};

/// A project's columns, read from `p` under the `p_` prefix.
macro_rules! project_columns_of_p {
    () => {
        "p.id AS p_id, p.tenant_id AS p_tenant_id, p.customer_id AS p_customer_id, \
         p.title AS p_title, p.reference AS p_reference, p.description AS p_description, \
         p.site AS p_site, p.starts_on AS p_starts_on, p.ends_on AS p_ends_on, \
         p.status AS p_status, p.created_by AS p_created_by, p.created_at AS p_created_at, \
         p.updated_at AS p_updated_at"
    };
}
pub(super) use project_columns_of_p;

#[derive(FromRow)]
pub(super) struct ProjectRow {
    #[sqlx(rename = "p_id")]
    id: Uuid,
    #[sqlx(rename = "p_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "p_customer_id")]
    customer_id: Uuid,
    #[sqlx(rename = "p_title")]
    title: String,
    #[sqlx(rename = "p_reference")]
    reference: String,
    #[sqlx(rename = "p_description")]
    description: String,
    #[sqlx(rename = "p_site")]
    site: String,
    #[sqlx(rename = "p_starts_on")]
    starts_on: Option<String>,
    #[sqlx(rename = "p_ends_on")]
    ends_on: Option<String>,
    #[sqlx(rename = "p_status")]
    status: String,
    #[sqlx(rename = "p_created_by")]
    created_by: Uuid,
    #[sqlx(rename = "p_created_at")]
    created_at: i64,
    #[sqlx(rename = "p_updated_at")]
    updated_at: i64,
}

impl Row for ProjectRow {
    type Value = Project;
    fn value(self) -> Result<Project> {
        Ok(Project {
            id: ProjectId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            title: self.title,
            reference: self.reference,
            description: self.description,
            site: self.site,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: code(&self.status, ProjectStatus::parse, "project status")?,
            created_by: UserId(self.created_by),
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

/// The project, its place in its flow (if any) with that flow type's revision, the revision of
/// what its page lists, and the reader's place in its conversation.
#[derive(FromRow)]
struct HeadRow {
    #[sqlx(flatten)]
    project: ProjectRow,
    #[sqlx(flatten)]
    flow: Joined<ProjectFlowRow>,
    flow_revision: Option<i64>,
    content_revision: i64,
    read_at: Option<i64>,
    following: bool,
}

/// A project of the tenant's customer, by one of the tenant's people (the insert names both);
/// returns the rows written (0: not the tenant's).
pub(super) async fn insert(e: impl Executor<'_, Database = Db>, p: &Project) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO projects (id, tenant_id, customer_id, title, reference, description, site, \
         starts_on, ends_on, status, created_by, created_at, updated_at) \
         SELECT $1, c.tenant_id, c.id, $4, $5, $6, $7, $8, $9, $10, u.id, $12, $13 \
         FROM customers c CROSS JOIN users u \
         WHERE c.id = $3 AND c.tenant_id = $2 AND u.id = $11 AND u.tenant_id = $2",
    )
    .bind(p.id.0)
    .bind(p.tenant_id.0)
    .bind(p.customer_id.0)
    .bind(&p.title)
    .bind(&p.reference)
    .bind(&p.description)
    .bind(&p.site)
    .bind(&p.starts_on)
    .bind(&p.ends_on)
    .bind(p.status.code())
    .bind(p.created_by.0)
    .bind(p.created_at.0)
    .bind(p.updated_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

/// A staff member on a project's team (nothing if not one of the tenant's staff).
pub(super) async fn insert_team_member(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    project: ProjectId,
    user: UserId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_team (tenant_id, project_id, user_id) \
         SELECT u.tenant_id, $2, u.id FROM users u \
         WHERE u.id = $3 AND u.tenant_id = $1 AND u.kind = 'staff'",
    )
    .bind(tenant.0)
    .bind(project.0)
    .bind(user.0)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Project>> {
    let rows: Vec<ProjectRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_columns_of_p!(),
        " FROM projects p ORDER BY p.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_team(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, ProjectId, UserId)>> {
    let rows: Vec<(Uuid, Uuid, Uuid)> = sqlx::query_as(
        "SELECT tenant_id, project_id, user_id FROM project_team ORDER BY project_id, user_id",
    )
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, p, u)| (TenantId(t), ProjectId(p), UserId(u)))
        .collect())
}

pub(super) async fn by_id(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    id: ProjectId,
) -> Result<Option<Project>> {
    let row: Option<ProjectRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_columns_of_p!(),
        " FROM projects p WHERE p.tenant_id = $1 AND p.id = $2"
    ))
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(e)
    .await?;
    value(row)
}

/// Saves a project if it was not changed since `expected_updated_at`.
async fn update(store: &SqlStore, p: &Project, expected_updated_at: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE projects SET title = $3, reference = $4, description = $5, site = $6, \
         starts_on = $7, ends_on = $8, status = $9, updated_at = $10 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $11",
    )
    .bind(p.tenant_id.0)
    .bind(p.id.0)
    .bind(&p.title)
    .bind(&p.reference)
    .bind(&p.description)
    .bind(&p.site)
    .bind(&p.starts_on)
    .bind(&p.ends_on)
    .bind(p.status.code())
    .bind(p.updated_at.0)
    .bind(expected_updated_at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        return super::commit(tx).await;
    }
    drop(tx);
    match by_id(&store.pool, p.tenant_id, p.id).await? {
        Some(_) => conflict("projects_updated_at"),
        None => not_found(),
    }
}

async fn of_customer(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
    q: &ProjectQuery,
) -> Result<Vec<Project>> {
    let mut b = sqlx::QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        project_columns_of_p!(),
        " FROM projects p WHERE p.tenant_id = "
    ));
    b.push_bind(tenant.0);
    b.push(" AND p.customer_id = ");
    b.push_bind(customer.0);
    if let Some(words) = search_words(q.search.as_deref()) {
        push_contains(&mut b, words, &["p.title", "p.reference"]);
    }
    if let Some(status) = q.status {
        b.push(" AND p.status = ");
        b.push_bind(status.code());
    }
    if let Some(who) = q.own {
        b.push(" AND (p.created_by = ");
        b.push_bind(who.0);
        b.push(" OR p.id IN (SELECT project_id FROM shares WHERE user_id = ");
        b.push_bind(who.0);
        b.push(" AND level <> 'hidden'))");
    }
    b.push(match q.sort {
        ProjectSort::Recent => " ORDER BY p.created_at DESC, p.id DESC LIMIT ",
        ProjectSort::Title => " ORDER BY p.title, p.id LIMIT ",
    });
    b.push_bind(q.limit.clamp(1, 500));
    let rows: Vec<ProjectRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

#[derive(FromRow)]
struct ListedRow {
    #[sqlx(flatten)]
    project: ProjectRow,
    customer_name: String,
}

/// The provider's projects across its customers (staff's list).
async fn of_tenant(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    q: &StaffProjectQuery,
) -> Result<Vec<(Project, String)>> {
    if q.at_steps.as_ref().is_some_and(|s| s.is_empty()) {
        return Ok(Vec::new());
    }
    let mut b = sqlx::QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        project_columns_of_p!(),
        ", c.name AS customer_name FROM projects p CROSS JOIN customers c \
         WHERE c.id = p.customer_id AND p.tenant_id = "
    ));
    b.push_bind(tenant.0);
    if let Some(words) = search_words(q.search.as_deref()) {
        push_contains(&mut b, words, &["p.title", "p.reference", "c.name"]);
    }
    if let Some(status) = q.status {
        b.push(" AND p.status = ");
        b.push_bind(status.code());
    }
    if let Some(who) = q.team_member {
        b.push(" AND p.id IN (SELECT project_id FROM project_team WHERE tenant_id = ");
        b.push_bind(tenant.0);
        b.push(" AND user_id = ");
        b.push_bind(who.0);
        b.push(")");
    }
    if let Some(steps) = &q.at_steps {
        b.push(" AND p.id IN (SELECT project_id FROM project_flows WHERE tenant_id = ");
        b.push_bind(tenant.0);
        b.push(" AND (");
        for (i, (flow, step)) in steps.iter().enumerate() {
            if i > 0 {
                b.push(" OR ");
            }
            b.push("(flow_id = ");
            b.push_bind(flow.0);
            b.push(" AND step = ");
            b.push_bind(step.clone());
            b.push(")");
        }
        b.push("))");
    }
    b.push(" ORDER BY p.updated_at DESC, p.id DESC LIMIT ");
    b.push_bind(q.limit.clamp(1, 500));
    let rows: Vec<ListedRow> = b.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| Ok((r.project.value()?, r.customer_name)))
        .collect()
}

/// Replaces a project's team in one transaction.
async fn set_team(
    store: &SqlStore,
    tenant: TenantId,
    project: ProjectId,
    staff: &[UserId],
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if by_id(&mut *tx, tenant, project).await?.is_none() {
        return not_found();
    }
    sqlx::query("DELETE FROM project_team WHERE tenant_id = $1 AND project_id = $2")
        .bind(tenant.0)
        .bind(project.0)
        .execute(&mut *tx)
        .await?;
    for u in staff {
        insert_team_member(&mut *tx, tenant, project, *u).await?;
    }
    super::commit(tx).await
}

async fn team(pool: &sqlx::Pool<Db>, tenant: TenantId, project: ProjectId) -> Result<Vec<User>> {
    super::tenant_rows::<UserRow, _>(
        pool,
        concat!(
            "SELECT ",
            user_columns_of_u!(),
            " FROM project_team t CROSS JOIN users u \
         WHERE t.tenant_id = $1 AND t.project_id = $2 AND u.id = t.user_id ORDER BY u.name, u.id"
        ),
        tenant,
        project.0,
    )
    .await
}

/// What a contact's project pages read first, in one statement.
async fn head(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
    reader: UserId,
) -> Result<Option<ProjectHead>> {
    let row: Option<HeadRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_columns_of_p!(),
        ", ",
        project_flow_columns_of_pf!(),
        ", f.revision AS flow_revision, p.content_revision, \
         (SELECT r.read_at FROM thread_reads r \
          WHERE r.tenant_id = $1 AND r.user_id = $3 AND r.thread_id = p.id) AS read_at, \
         EXISTS (SELECT 1 FROM followers fo \
          WHERE fo.tenant_id = $1 AND fo.project_id = p.id AND fo.user_id = $3) AS following \
         FROM projects p \
         LEFT JOIN project_flows pf ON pf.project_id = p.id AND pf.tenant_id = $1 \
         LEFT JOIN flow_types f ON f.id = pf.flow_id AND f.tenant_id = $1 \
         WHERE p.tenant_id = $1 AND p.id = $2"
    ))
    .bind(tenant.0)
    .bind(project.0)
    .bind(reader.0)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let flow = match (row.flow, row.flow_revision) {
        (Joined(Some(place)), Some(revision)) => Some((place.value()?, revision)),
        _ => None,
    };
    Ok(Some(ProjectHead {
        project: row.project.value()?,
        flow,
        content_revision: row.content_revision,
        read_at: row.read_at.map(Millis),
        following: row.following,
    }))
}

#[async_trait]
impl ProjectStore for SqlStore {
    async fn insert_project(&self, project: &Project) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = changed(insert(&mut *tx, project).await?)?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn update_project(
        &self,
        project: &Project,
        expected_updated_at: Millis,
    ) -> StoreResult<()> {
        Ok(update(self, project, expected_updated_at).await?)
    }
    async fn project(&self, tenant: TenantId, id: ProjectId) -> StoreResult<Option<Project>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn projects_of(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        query: &ProjectQuery,
    ) -> StoreResult<Vec<Project>> {
        Ok(of_customer(&self.pool, tenant, customer, query).await?)
    }
    async fn staff_projects(
        &self,
        tenant: TenantId,
        query: &StaffProjectQuery,
    ) -> StoreResult<Vec<(Project, String)>> {
        Ok(of_tenant(&self.pool, tenant, query).await?)
    }
    async fn set_project_team(
        &self,
        tenant: TenantId,
        project: ProjectId,
        staff: &[UserId],
    ) -> StoreResult<()> {
        Ok(set_team(self, tenant, project, staff).await?)
    }
    async fn project_head(
        &self,
        tenant: TenantId,
        project: ProjectId,
        reader: UserId,
    ) -> StoreResult<Option<ProjectHead>> {
        Ok(head(&self.pool, tenant, project, reader).await?)
    }
    async fn project_team(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<User>> {
        Ok(team(&self.pool, tenant, project).await?)
    }
}
