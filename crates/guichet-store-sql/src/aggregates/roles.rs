//! Portal roles and who has them.
use async_trait::async_trait;
use guichet_domain::{CustomerId, Millis, Permissions, Role, RoleId, TenantId, UserId};
use guichet_store::{RoleStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, Keyed, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, json, values};

/// A role's columns, read from `r` under the `r_` prefix.
macro_rules! role_columns_of_r {
    () => {
        "r.id AS r_id, r.tenant_id AS r_tenant_id, r.name AS r_name, \
         r.is_default AS r_is_default, r.permissions AS r_permissions, \
         r.created_at AS r_created_at, r.updated_at AS r_updated_at"
    };
}
pub(super) use role_columns_of_r;

#[derive(FromRow)]
pub(super) struct RoleRow {
    #[sqlx(rename = "r_id")]
    id: Uuid,
    #[sqlx(rename = "r_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "r_name")]
    name: String,
    #[sqlx(rename = "r_is_default")]
    is_default: bool,
    /// The permissions as JSON (`Permissions::to_json`).
    #[sqlx(rename = "r_permissions")]
    permissions: String,
    #[sqlx(rename = "r_created_at")]
    created_at: i64,
    #[sqlx(rename = "r_updated_at")]
    updated_at: i64,
}

impl Keyed for RoleRow {
    const KEY: &'static str = "r_id";
}

impl Row for RoleRow {
    type Value = Role;
    fn value(self) -> Result<Role> {
        let permissions: Permissions = json(&self.permissions, "role permissions")?;
        Ok(Role {
            id: RoleId(self.id),
            tenant_id: TenantId(self.tenant_id),
            name: self.name,
            is_default: self.is_default,
            permissions,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
struct CountedRoleRow {
    #[sqlx(flatten)]
    role: RoleRow,
    members: i64,
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, role: &Role) -> Result<()> {
    sqlx::query(
        "INSERT INTO roles (id, tenant_id, name, is_default, permissions, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(role.id.0)
    .bind(role.tenant_id.0)
    .bind(&role.name)
    .bind(role.is_default)
    .bind(role.permissions.to_json())
    .bind(role.created_at.0)
    .bind(role.updated_at.0)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Role>> {
    let rows: Vec<RoleRow> = sqlx::query_as(concat!(
        "SELECT ",
        role_columns_of_r!(),
        " FROM roles r ORDER BY r.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn update(store: &SqlStore, role: &Role) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let _changing = store.cache.changing();
    let done = sqlx::query(
        "UPDATE roles SET name = $3, permissions = $4, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(role.tenant_id.0)
    .bind(role.id.0)
    .bind(&role.name)
    .bind(role.permissions.to_json())
    .bind(role.updated_at.0)
    .execute(&mut *tx)
    .await?;
    changed(done.rows_affected())?;
    super::commit(tx).await
}

async fn by_id(pool: &sqlx::Pool<Db>, tenant: TenantId, id: RoleId) -> Result<Option<Role>> {
    super::tenant_row::<RoleRow, _>(
        pool,
        concat!(
            "SELECT ",
            role_columns_of_r!(),
            " FROM roles r WHERE r.tenant_id = $1 AND r.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

/// The tenant's roles, the default first then by name, each with how many memberships it has.
async fn counted(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<(Role, i64)>> {
    let rows: Vec<CountedRoleRow> = sqlx::query_as(concat!(
        "SELECT ",
        role_columns_of_r!(),
        ", (SELECT COUNT(*) FROM memberships m WHERE m.role_id = r.id) AS members \
         FROM roles r WHERE r.tenant_id = $1 ORDER BY r.is_default DESC, r.name, r.id"
    ))
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| Ok((r.role.value()?, r.members)))
        .collect()
}

/// Moves the role's memberships to `transfer_to` and deletes it, in one transaction.
async fn delete(
    store: &SqlStore,
    tenant: TenantId,
    id: RoleId,
    transfer_to: RoleId,
) -> Result<u64> {
    let _changing = store.cache.changing();
    if id == transfer_to {
        return conflict("roles_transfer_to_itself");
    }
    let mut tx = store.begin_write().await?;
    let found: Vec<(Uuid, bool)> = sqlx::query_as(
        "SELECT id, is_default FROM roles WHERE tenant_id = $1 AND (id = $2 OR id = $3)",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(transfer_to.0)
    .fetch_all(&mut *tx)
    .await?;
    if found.len() != 2 {
        return not_found();
    }
    if found
        .iter()
        .any(|(r, is_default)| *r == id.0 && *is_default)
    {
        return conflict("roles_default_kept");
    }
    let moved =
        sqlx::query("UPDATE memberships SET role_id = $3 WHERE tenant_id = $1 AND role_id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .bind(transfer_to.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    sqlx::query("DELETE FROM roles WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    super::commit(tx).await?;
    Ok(moved)
}

/// Gives these memberships this role in one transaction; `NotFound` (nothing changed) if the
/// role or any membership is not the tenant's.
async fn assign(
    store: &SqlStore,
    tenant: TenantId,
    members: &[(CustomerId, UserId)],
    role: RoleId,
) -> Result<u64> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    if by_id_in(&mut *tx, tenant, role).await?.is_none() {
        return not_found();
    }
    let mut moved = 0;
    for (customer, user) in members {
        let done = sqlx::query(
            "UPDATE memberships SET role_id = $4 \
             WHERE tenant_id = $1 AND customer_id = $2 AND user_id = $3",
        )
        .bind(tenant.0)
        .bind(customer.0)
        .bind(user.0)
        .bind(role.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Not a membership of this tenant: the transaction rolls back.
        changed(done)?;
        moved += done;
    }
    super::commit(tx).await?;
    Ok(moved)
}

async fn by_id_in(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    id: RoleId,
) -> Result<Option<Uuid>> {
    let row: Option<(Uuid,)> =
        sqlx::query_as("SELECT id FROM roles WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .fetch_optional(e)
            .await?;
    Ok(row.map(|(id,)| id))
}

#[async_trait]
impl RoleStore for SqlStore {
    async fn insert_role(&self, role: &Role) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = insert(&mut *tx, role).await?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn update_role(&self, role: &Role) -> StoreResult<()> {
        Ok(update(self, role).await?)
    }
    async fn role(&self, tenant: TenantId, id: RoleId) -> StoreResult<Option<Role>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn roles(&self, tenant: TenantId) -> StoreResult<Vec<(Role, i64)>> {
        Ok(counted(&self.pool, tenant).await?)
    }
    async fn role_holder(
        &self,
        tenant: TenantId,
        role: RoleId,
    ) -> StoreResult<Option<(CustomerId, UserId)>> {
        let found: Option<(Uuid, Uuid)> = sqlx::query_as(
            "SELECT m.customer_id, m.user_id FROM memberships m CROSS JOIN users u \
             WHERE u.id = m.user_id AND m.tenant_id = $1 AND m.role_id = $2 AND u.tenant_id = $1 \
             ORDER BY u.active DESC, u.password_hash IS NULL, u.name, u.id LIMIT 1",
        )
        .bind(tenant.0)
        .bind(role.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(found.map(|(c, u)| (CustomerId(c), UserId(u))))
    }
    async fn delete_role(
        &self,
        tenant: TenantId,
        id: RoleId,
        transfer_to: RoleId,
    ) -> StoreResult<u64> {
        Ok(delete(self, tenant, id, transfer_to).await?)
    }
    async fn set_member_roles(
        &self,
        tenant: TenantId,
        members: &[(CustomerId, UserId)],
        role: RoleId,
    ) -> StoreResult<u64> {
        Ok(assign(self, tenant, members, role).await?)
    }
}
