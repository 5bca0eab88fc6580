//! Flow types and projects' places in them, written once for both backends (expanded by
//! `flow_store!` next to `sql_store!`, whose helpers it uses). Definitions are JSON texts.

macro_rules! flow_cols {
    () => {
        "id, tenant_id, name, public, definition, revision, created_at, updated_at"
    };
}
macro_rules! project_flow_cols {
    () => {
        "project_id, tenant_id, flow_id, step, field_values, visit, revision, entered_at, updated_at, visited"
    };
}

macro_rules! flow_store {
    ($store:ident, $db:ty, $row:ty) => {
        fn json<T: serde::de::DeserializeOwned>(raw: &str, what: &str) -> StoreResult<T> {
            serde_json::from_str(raw).map_err(|e| corrupt(&format!("{what}: {e}")))
        }
        fn to_json<T: serde::Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap_or_default()
        }

        fn flow_at(r: &$row) -> StoreResult<FlowType> {
            let public: String = r.try_get(3).map_err(map_err)?;
            let def: String = r.try_get(4).map_err(map_err)?;
            Ok(FlowType {
                id: FlowId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                name: r.try_get(2).map_err(map_err)?,
                public: json(&public, "flow public names")?,
                def: json(&def, "flow definition")?,
                revision: r.try_get(5).map_err(map_err)?,
                created_at: Millis(r.try_get(6).map_err(map_err)?),
                updated_at: Millis(r.try_get(7).map_err(map_err)?),
            })
        }

        fn project_flow_at(r: &$row) -> StoreResult<ProjectFlow> {
            project_flow_at_o(r, 0)
        }

        /// The `project_flow_cols!()` read from column `o` on.
        fn project_flow_at_o(r: &$row, o: usize) -> StoreResult<ProjectFlow> {
            let values: String = r.try_get(o + 4).map_err(map_err)?;
            let visit: Option<String> = r.try_get(o + 5).map_err(map_err)?;
            Ok(ProjectFlow {
                project_id: ProjectId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                flow_id: FlowId(r.try_get(o + 2).map_err(map_err)?),
                step: r.try_get(o + 3).map_err(map_err)?,
                values: json(&values, "project field values")?,
                visit: visit.map(|v| json(&v, "project visit")).transpose()?,
                revision: r.try_get(o + 6).map_err(map_err)?,
                entered_at: Millis(r.try_get(o + 7).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 8).map_err(map_err)?),
                visited: json(&r.try_get::<String, _>(o + 9).map_err(map_err)?, "project visited steps")?,
            })
        }

        async fn insert_flow_in<'c, E>(e: E, f: &FlowType) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO flow_types (", flow_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
                .bind(f.id.0)
                .bind(f.tenant_id.0)
                .bind(&f.name)
                .bind(to_json(&f.public))
                .bind(to_json(&f.def))
                .bind(f.revision)
                .bind(f.created_at.0)
                .bind(f.updated_at.0)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        async fn insert_project_flow_in<'c, E>(e: E, pf: &ProjectFlow) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // Both the project and the flow type must be the tenant's.
            let done = sqlx::query(concat!(
                "INSERT INTO project_flows (", project_flow_cols!(), ") \
                 SELECT p.id, p.tenant_id, f.id, $4, $5, $6, $7, $8, $9, $10 FROM projects p CROSS JOIN flow_types f \
                 WHERE p.id = $1 AND p.tenant_id = $2 AND f.id = $3 AND f.tenant_id = $2 \
                 ON CONFLICT (project_id) DO UPDATE SET flow_id = excluded.flow_id, step = excluded.step, \
                 field_values = excluded.field_values, visit = excluded.visit, revision = excluded.revision, \
                 entered_at = excluded.entered_at, updated_at = excluded.updated_at, visited = excluded.visited"
            ))
            .bind(pf.project_id.0)
            .bind(pf.tenant_id.0)
            .bind(pf.flow_id.0)
            .bind(&pf.step)
            .bind(to_json(&pf.values))
            .bind(pf.visit.as_ref().map(to_json))
            .bind(pf.revision)
            .bind(pf.entered_at.0)
            .bind(pf.updated_at.0)
            .bind(to_json(&pf.visited))
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        #[async_trait]
        impl FlowStore for $store {
            async fn insert_flow(&self, f: &FlowType) -> StoreResult<()> {
                insert_flow_in(&self.pool, f).await
            }
            async fn update_flow(&self, f: &FlowType, expected_revision: i64, moves: &[(String, String)]) -> StoreResult<u64> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let done = sqlx::query(
                    "UPDATE flow_types SET name = $3, public = $4, definition = $5, revision = $6, updated_at = $7 \
                     WHERE tenant_id = $1 AND id = $2 AND revision = $8",
                )
                .bind(f.tenant_id.0)
                .bind(f.id.0)
                .bind(&f.name)
                .bind(to_json(&f.public))
                .bind(to_json(&f.def))
                .bind(f.revision)
                .bind(f.updated_at.0)
                .bind(expected_revision)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 {
                    let exists = sqlx::query("SELECT 1 FROM flow_types WHERE tenant_id = $1 AND id = $2")
                        .bind(f.tenant_id.0)
                        .bind(f.id.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    return Err(match exists {
                        Some(_) => StoreError::Conflict { constraint: "flow_types_revision".into() },
                        None => StoreError::NotFound,
                    });
                }
                let mut moved = 0;
                for (from, to) in moves {
                    moved += sqlx::query(
                        "UPDATE project_flows SET step = $4, revision = revision + 1, entered_at = $5, updated_at = $5 \
                         WHERE tenant_id = $1 AND flow_id = $2 AND step = $3",
                    )
                    .bind(f.tenant_id.0)
                    .bind(f.id.0)
                    .bind(from)
                    .bind(to)
                    .bind(f.updated_at.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                }
                tx.commit().await.map_err(map_err)?;
                Ok(moved)
            }
            async fn flows(&self, tenant: TenantId) -> StoreResult<Vec<FlowType>> {
                let rows = sqlx::query(concat!("SELECT ", flow_cols!(), " FROM flow_types WHERE tenant_id = $1 ORDER BY name, id"))
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, flow_at)
            }
            async fn flow(&self, tenant: TenantId, id: FlowId) -> StoreResult<Option<FlowType>> {
                let row = sqlx::query(concat!("SELECT ", flow_cols!(), " FROM flow_types WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(flow_at).transpose()
            }
            async fn flow_usage(&self, tenant: TenantId, flow: FlowId) -> StoreResult<Vec<(String, i64)>> {
                let rows = sqlx::query(
                    "SELECT step, COUNT(*) FROM project_flows WHERE tenant_id = $1 AND flow_id = $2 GROUP BY step ORDER BY step",
                )
                .bind(tenant.0)
                .bind(flow.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| Ok((r.try_get(0).map_err(map_err)?, r.try_get(1).map_err(map_err)?)))
            }
            async fn project_flow(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Option<ProjectFlow>> {
                let row = sqlx::query(concat!("SELECT ", project_flow_cols!(), " FROM project_flows WHERE tenant_id = $1 AND project_id = $2"))
                    .bind(tenant.0)
                    .bind(project.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(project_flow_at).transpose()
            }
            async fn project_flow_revision(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Option<(ProjectFlow, i64)>> {
                let row = sqlx::query(
                    "SELECT pf.project_id, pf.tenant_id, pf.flow_id, pf.step, pf.field_values, pf.visit, pf.revision, pf.entered_at, pf.updated_at, pf.visited, f.revision \
                     FROM project_flows pf CROSS JOIN flow_types f WHERE pf.tenant_id = $1 AND pf.project_id = $2 AND f.id = pf.flow_id",
                )
                .bind(tenant.0)
                .bind(project.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                match row {
                    Some(r) => Ok(Some((project_flow_at(&r)?, r.try_get(10).map_err(map_err)?))),
                    None => Ok(None),
                }
            }
            async fn projects_at_step(&self, tenant: TenantId, flow: FlowId, step: &str, limit: i64) -> StoreResult<Vec<(Project, String, Millis)>> {
                let rows = sqlx::query(
                    "SELECT p.id, p.tenant_id, p.customer_id, p.title, p.reference, p.description, p.site, p.starts_on, p.ends_on, p.status, p.created_by, p.created_at, p.updated_at, \
                     c.name, pf.entered_at \
                     FROM project_flows pf CROSS JOIN projects p CROSS JOIN customers c \
                     WHERE pf.tenant_id = $1 AND pf.flow_id = $2 AND pf.step = $3 AND p.id = pf.project_id AND c.id = p.customer_id \
                     ORDER BY pf.entered_at, p.id LIMIT $4",
                )
                .bind(tenant.0)
                .bind(flow.0)
                .bind(step)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| {
                    Ok((
                        project_at_o(r, 0)?,
                        r.try_get(13).map_err(map_err)?,
                        Millis(r.try_get(14).map_err(map_err)?),
                    ))
                })
            }
            async fn project_steps(&self, tenant: TenantId, projects: &[ProjectId]) -> StoreResult<Vec<(ProjectId, FlowId, String, i64)>> {
                if projects.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT pf.project_id, pf.flow_id, pf.step, f.revision FROM project_flows pf CROSS JOIN flow_types f \
                     WHERE f.id = pf.flow_id AND pf.tenant_id = ",
                );
                b.push_bind(tenant.0);
                b.push(" AND pf.project_id IN (");
                let mut list = b.separated(", ");
                for p in projects {
                    list.push_bind(p.0);
                }
                b.push(")");
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, |r| {
                    Ok((
                        ProjectId(r.try_get(0).map_err(map_err)?),
                        FlowId(r.try_get(1).map_err(map_err)?),
                        r.try_get(2).map_err(map_err)?,
                        r.try_get(3).map_err(map_err)?,
                    ))
                })
            }
            async fn start_project_flow(&self, pf: &ProjectFlow) -> StoreResult<()> {
                if insert_project_flow_in(&self.pool, pf).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn save_project_flow(&self, pf: &ProjectFlow, expected_revision: i64) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE project_flows SET step = $3, field_values = $4, visit = $5, revision = $6, entered_at = $7, updated_at = $8, visited = $10 \
                     WHERE tenant_id = $1 AND project_id = $2 AND revision = $9",
                )
                .bind(pf.tenant_id.0)
                .bind(pf.project_id.0)
                .bind(&pf.step)
                .bind(to_json(&pf.values))
                .bind(pf.visit.as_ref().map(to_json))
                .bind(pf.revision)
                .bind(pf.entered_at.0)
                .bind(pf.updated_at.0)
                .bind(expected_revision)
                .bind(to_json(&pf.visited))
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                match self.project_flow(pf.tenant_id, pf.project_id).await? {
                    Some(_) => Err(StoreError::Conflict { constraint: "project_flows_revision".into() }),
                    None => Err(StoreError::NotFound),
                }
            }
        }
    };
}
