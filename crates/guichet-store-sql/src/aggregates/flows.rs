//! Flow types (each one revisioned JSON definition, decision 0007) and projects' places in them.
use async_trait::async_trait;
use guichet_domain::{
    FlowId, FlowType, JournalEntry, JournalKey, Millis, Project, ProjectFlow, ProjectId, TenantId,
};
use guichet_store::{DocumentSettle, FlowStore, StoreError, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::projects::{ProjectRow, project_columns_of_p};
use super::{Db, Keyed, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, json, to_json, value, values};

macro_rules! flow_columns {
    () => {
        "id, tenant_id, name, public, definition, revision, created_at, updated_at"
    };
}
/// A project's place in its flow, read from `pf` under the `pf_` prefix.
macro_rules! project_flow_columns_of_pf {
    () => {
        "pf.project_id AS pf_project_id, pf.tenant_id AS pf_tenant_id, pf.flow_id AS pf_flow_id, \
         pf.step AS pf_step, pf.field_values AS pf_field_values, pf.visit AS pf_visit, \
         pf.revision AS pf_revision, pf.entered_at AS pf_entered_at, \
         pf.updated_at AS pf_updated_at, pf.visited AS pf_visited"
    };
}
pub(super) use project_flow_columns_of_pf;

#[derive(FromRow)]
struct FlowRow {
    id: Uuid,
    tenant_id: Uuid,
    name: String,
    /// JSON: what customers see.
    public: String,
    /// JSON: the whole definition.
    definition: String,
    revision: i64,
    created_at: i64,
    updated_at: i64,
}

impl Row for FlowRow {
    type Value = FlowType;
    fn value(self) -> Result<FlowType> {
        Ok(FlowType {
            id: FlowId(self.id),
            tenant_id: TenantId(self.tenant_id),
            name: self.name,
            public: json(&self.public, "flow public names")?,
            def: json(&self.definition, "flow definition")?,
            revision: self.revision,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
pub(super) struct ProjectFlowRow {
    #[sqlx(rename = "pf_project_id")]
    project_id: Uuid,
    #[sqlx(rename = "pf_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "pf_flow_id")]
    flow_id: Uuid,
    #[sqlx(rename = "pf_step")]
    step: String,
    /// JSON: field key → value.
    #[sqlx(rename = "pf_field_values")]
    field_values: String,
    /// JSON: the planned visit.
    #[sqlx(rename = "pf_visit")]
    visit: Option<String>,
    #[sqlx(rename = "pf_revision")]
    revision: i64,
    #[sqlx(rename = "pf_entered_at")]
    entered_at: i64,
    #[sqlx(rename = "pf_updated_at")]
    updated_at: i64,
    /// JSON: the sub-statuses gone through.
    #[sqlx(rename = "pf_visited")]
    visited: String,
}

impl Keyed for ProjectFlowRow {
    const KEY: &'static str = "pf_project_id";
}

impl Row for ProjectFlowRow {
    type Value = ProjectFlow;
    fn value(self) -> Result<ProjectFlow> {
        Ok(ProjectFlow {
            project_id: ProjectId(self.project_id),
            tenant_id: TenantId(self.tenant_id),
            flow_id: FlowId(self.flow_id),
            step: self.step,
            values: json(&self.field_values, "project field values")?,
            visit: self.visit.map(|v| json(&v, "project visit")).transpose()?,
            revision: self.revision,
            entered_at: Millis(self.entered_at),
            updated_at: Millis(self.updated_at),
            visited: json(&self.visited, "project visited steps")?,
        })
    }
}

#[derive(FromRow)]
struct PlaceRow {
    #[sqlx(flatten)]
    place: ProjectFlowRow,
    flow_revision: i64,
}

#[derive(FromRow)]
struct WaitingRow {
    #[sqlx(flatten)]
    project: ProjectRow,
    customer_name: String,
    entered_at: i64,
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, f: &FlowType) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO flow_types (",
        flow_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(f.id.0)
    .bind(f.tenant_id.0)
    .bind(&f.name)
    .bind(to_json(&f.public)?)
    .bind(to_json(&f.def)?)
    .bind(f.revision)
    .bind(f.created_at.0)
    .bind(f.updated_at.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Puts a project in a flow type (replacing any earlier place); both must be the tenant's.
/// Returns the rows written (0: not the tenant's).
pub(super) async fn insert_place(
    e: impl Executor<'_, Database = Db>,
    pf: &ProjectFlow,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO project_flows (project_id, tenant_id, flow_id, step, field_values, visit, \
         revision, entered_at, updated_at, visited) \
         SELECT p.id, p.tenant_id, f.id, $4, $5, $6, $7, $8, $9, $10 \
         FROM projects p CROSS JOIN flow_types f \
         WHERE p.id = $1 AND p.tenant_id = $2 AND f.id = $3 AND f.tenant_id = $2 \
         ON CONFLICT (project_id) DO UPDATE SET flow_id = excluded.flow_id, step = excluded.step, \
         field_values = excluded.field_values, visit = excluded.visit, \
         revision = excluded.revision, entered_at = excluded.entered_at, \
         updated_at = excluded.updated_at, visited = excluded.visited",
    )
    .bind(pf.project_id.0)
    .bind(pf.tenant_id.0)
    .bind(pf.flow_id.0)
    .bind(&pf.step)
    .bind(to_json(&pf.values)?)
    .bind(pf.visit.as_ref().map(to_json).transpose()?)
    .bind(pf.revision)
    .bind(pf.entered_at.0)
    .bind(pf.updated_at.0)
    .bind(to_json(&pf.visited)?)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<FlowType>> {
    let rows: Vec<FlowRow> = sqlx::query_as(concat!(
        "SELECT ",
        flow_columns!(),
        " FROM flow_types ORDER BY id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_places(e: impl Executor<'_, Database = Db>) -> Result<Vec<ProjectFlow>> {
    let rows: Vec<ProjectFlowRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_flow_columns_of_pf!(),
        " FROM project_flows pf ORDER BY pf.project_id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// Saves an edited flow type still at `expected_revision` and moves the projects at each
/// `(from, to)` step, in one transaction; returns how many projects moved.
async fn update(
    store: &SqlStore,
    f: &FlowType,
    expected_revision: i64,
    moves: &[(String, String)],
) -> Result<u64> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE flow_types SET name = $3, public = $4, definition = $5, revision = $6, \
         updated_at = $7 WHERE tenant_id = $1 AND id = $2 AND revision = $8",
    )
    .bind(f.tenant_id.0)
    .bind(f.id.0)
    .bind(&f.name)
    .bind(to_json(&f.public)?)
    .bind(to_json(&f.def)?)
    .bind(f.revision)
    .bind(f.updated_at.0)
    .bind(expected_revision)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return match by_id(&mut *tx, f.tenant_id, f.id).await? {
            Some(_) => conflict("flow_types_revision"),
            None => not_found(),
        };
    }
    let mut moved = 0;
    for (from, to) in moves {
        moved += sqlx::query(
            "UPDATE project_flows SET step = $4, revision = revision + 1, entered_at = $5, \
             updated_at = $5 WHERE tenant_id = $1 AND flow_id = $2 AND step = $3",
        )
        .bind(f.tenant_id.0)
        .bind(f.id.0)
        .bind(from)
        .bind(to)
        .bind(f.updated_at.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    super::commit(tx).await?;
    Ok(moved)
}

async fn of_tenant(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<FlowType>> {
    let rows: Vec<FlowRow> = sqlx::query_as(concat!(
        "SELECT ",
        flow_columns!(),
        " FROM flow_types WHERE tenant_id = $1 ORDER BY name, id"
    ))
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn by_id(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    id: FlowId,
) -> Result<Option<FlowType>> {
    let row: Option<FlowRow> = sqlx::query_as(concat!(
        "SELECT ",
        flow_columns!(),
        " FROM flow_types WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(e)
    .await?;
    value(row)
}

async fn usage(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    flow: FlowId,
) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT step, COUNT(*) FROM project_flows WHERE tenant_id = $1 AND flow_id = $2 \
         GROUP BY step ORDER BY step",
    )
    .bind(tenant.0)
    .bind(flow.0)
    .fetch_all(pool)
    .await?)
}

async fn place(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Option<ProjectFlow>> {
    super::tenant_row::<ProjectFlowRow, _>(
        pool,
        concat!(
            "SELECT ",
            project_flow_columns_of_pf!(),
            " FROM project_flows pf WHERE pf.tenant_id = $1 AND pf.project_id = $2"
        ),
        tenant,
        project.0,
    )
    .await
}

async fn place_with_revision(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    project: ProjectId,
) -> Result<Option<(ProjectFlow, i64)>> {
    let row: Option<PlaceRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_flow_columns_of_pf!(),
        ", f.revision AS flow_revision FROM project_flows pf CROSS JOIN flow_types f \
         WHERE pf.tenant_id = $1 AND pf.project_id = $2 AND f.id = pf.flow_id"
    ))
    .bind(tenant.0)
    .bind(project.0)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.place.value()?, r.flow_revision)))
        .transpose()
}

/// The projects at one step, longest waiting first, with their customer's name.
async fn waiting_at(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    flow: FlowId,
    step: &str,
    limit: i64,
) -> Result<Vec<(Project, String, Millis)>> {
    let rows: Vec<WaitingRow> = sqlx::query_as(concat!(
        "SELECT ",
        project_columns_of_p!(),
        ", c.name AS customer_name, pf.entered_at \
         FROM project_flows pf CROSS JOIN projects p CROSS JOIN customers c \
         WHERE pf.tenant_id = $1 AND pf.flow_id = $2 AND pf.step = $3 \
         AND p.id = pf.project_id AND c.id = p.customer_id \
         ORDER BY pf.entered_at, p.id LIMIT $4"
    ))
    .bind(tenant.0)
    .bind(flow.0)
    .bind(step)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| Ok((r.project.value()?, r.customer_name, Millis(r.entered_at))))
        .collect()
}

async fn steps_of(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    projects: &[ProjectId],
) -> Result<Vec<(ProjectId, FlowId, String, i64)>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = sqlx::QueryBuilder::<Db>::new(
        "SELECT pf.project_id, pf.flow_id, pf.step, f.revision \
         FROM project_flows pf CROSS JOIN flow_types f \
         WHERE f.id = pf.flow_id AND pf.tenant_id = ",
    );
    b.push_bind(tenant.0);
    b.push(" AND pf.project_id IN (");
    let mut list = b.separated(", ");
    for p in projects {
        list.push_bind(p.0);
    }
    b.push(")");
    let rows: Vec<(Uuid, Uuid, String, i64)> = b.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(p, f, step, rev)| (ProjectId(p), FlowId(f), step, rev))
        .collect())
}

/// Saves a project's place in its flow if it is still at `expected_revision`.
async fn save_place(store: &SqlStore, pf: &ProjectFlow, expected_revision: i64) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = update_place(&mut *tx, pf, expected_revision).await?;
    if done == 1 {
        return super::commit(tx).await;
    }
    drop(tx);
    match place(&store.pool, pf.tenant_id, pf.project_id).await? {
        Some(_) => conflict("project_flows_revision"),
        None => not_found(),
    }
}

/// The place, the settled documents and the journal entries recording them, in one
/// transaction; nothing when any of them moved. A concurrent journal append (PostgreSQL)
/// makes the transaction run again.
async fn save_place_journaled(
    store: &SqlStore,
    pf: &ProjectFlow,
    expected_revision: i64,
    settle: &[DocumentSettle],
    journal: &[JournalEntry],
    key: &JournalKey,
) -> StoreResult<()> {
    for _ in 0..super::journal::APPEND_TRIES {
        match save_place_settling(store, pf, expected_revision, settle, journal, key).await {
            Err(e) => match StoreError::from(e) {
                StoreError::Conflict { constraint } if constraint.contains("journal") => continue,
                other => return Err(other),
            },
            Ok(()) => return Ok(()),
        }
    }
    Err(StoreError::Backend(Box::from(
        "journal: too many concurrent appends",
    )))
}

async fn save_place_settling(
    store: &SqlStore,
    pf: &ProjectFlow,
    expected_revision: i64,
    settle: &[DocumentSettle],
    journal: &[JournalEntry],
    key: &JournalKey,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if update_place(&mut *tx, pf, expected_revision).await? != 1 {
        drop(tx);
        return match place(&store.pool, pf.tenant_id, pf.project_id).await? {
            Some(_) => conflict("project_flows_revision"),
            None => not_found(),
        };
    }
    for d in settle {
        let done = sqlx::query(
            "UPDATE documents SET status = $3, updated_at = $5 \
             WHERE tenant_id = $1 AND id = $2 AND updated_at = $4",
        )
        .bind(pf.tenant_id.0)
        .bind(d.id.0)
        .bind(d.status.as_str())
        .bind(d.expected.0)
        .bind(d.now.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return conflict("documents_updated_at");
        }
    }
    super::journal::append_in(&mut tx, journal, key).await?;
    super::commit(tx).await
}

pub(super) async fn update_place(
    e: impl sqlx::Executor<'_, Database = Db>,
    pf: &ProjectFlow,
    expected_revision: i64,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE project_flows SET step = $3, field_values = $4, visit = $5, revision = $6, \
         entered_at = $7, updated_at = $8, visited = $10 \
         WHERE tenant_id = $1 AND project_id = $2 AND revision = $9",
    )
    .bind(pf.tenant_id.0)
    .bind(pf.project_id.0)
    .bind(&pf.step)
    .bind(to_json(&pf.values)?)
    .bind(pf.visit.as_ref().map(to_json).transpose()?)
    .bind(pf.revision)
    .bind(pf.entered_at.0)
    .bind(pf.updated_at.0)
    .bind(expected_revision)
    .bind(to_json(&pf.visited)?)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl FlowStore for SqlStore {
    async fn insert_flow(&self, flow: &FlowType) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = insert(&mut *tx, flow).await?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn update_flow(
        &self,
        flow: &FlowType,
        expected_revision: i64,
        moves: &[(String, String)],
    ) -> StoreResult<u64> {
        Ok(update(self, flow, expected_revision, moves).await?)
    }
    async fn flows(&self, tenant: TenantId) -> StoreResult<Vec<FlowType>> {
        Ok(of_tenant(&self.pool, tenant).await?)
    }
    async fn flow(&self, tenant: TenantId, id: FlowId) -> StoreResult<Option<FlowType>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn flow_usage(&self, tenant: TenantId, flow: FlowId) -> StoreResult<Vec<(String, i64)>> {
        Ok(usage(&self.pool, tenant, flow).await?)
    }
    async fn project_flow(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Option<ProjectFlow>> {
        Ok(place(&self.pool, tenant, project).await?)
    }
    async fn project_flow_revision(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Option<(ProjectFlow, i64)>> {
        Ok(place_with_revision(&self.pool, tenant, project).await?)
    }
    async fn projects_at_step(
        &self,
        tenant: TenantId,
        flow: FlowId,
        step: &str,
        limit: i64,
    ) -> StoreResult<Vec<(Project, String, Millis)>> {
        Ok(waiting_at(&self.pool, tenant, flow, step, limit).await?)
    }
    async fn project_steps(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
    ) -> StoreResult<Vec<(ProjectId, FlowId, String, i64)>> {
        Ok(steps_of(&self.pool, tenant, projects).await?)
    }
    async fn start_project_flow(&self, pf: &ProjectFlow) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        changed(insert_place(&mut *tx, pf).await?)?;
        Ok(super::commit(tx).await?)
    }
    async fn save_project_flow(&self, pf: &ProjectFlow, expected_revision: i64) -> StoreResult<()> {
        Ok(save_place(self, pf, expected_revision).await?)
    }
    async fn save_project_flow_journaled(
        &self,
        pf: &ProjectFlow,
        expected_revision: i64,
        settle: &[DocumentSettle],
        journal: &[JournalEntry],
        key: &JournalKey,
    ) -> StoreResult<()> {
        save_place_journaled(self, pf, expected_revision, settle, journal, key).await
    }
}
