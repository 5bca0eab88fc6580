//! A customer's address book: one default, archived rather than deleted once used.
use async_trait::async_trait;
use guichet_domain::{AddressId, CustomerId, Millis, ShippingAddress, TenantId};
use guichet_store::{AddressStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, values};

macro_rules! columns {
    () => {
        "id, tenant_id, customer_id, label, site, line1, line2, city, region, postal_code, \
         country, instructions, is_default, archived_at, used_at, created_at, updated_at"
    };
}

#[derive(FromRow)]
struct AddressRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    label: String,
    site: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
    instructions: String,
    is_default: bool,
    archived_at: Option<i64>,
    used_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl Row for AddressRow {
    type Value = ShippingAddress;
    fn value(self) -> Result<ShippingAddress> {
        Ok(ShippingAddress {
            id: AddressId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            label: self.label,
            site: self.site,
            line1: self.line1,
            line2: self.line2,
            city: self.city,
            region: self.region,
            postal_code: self.postal_code,
            country: self.country,
            instructions: self.instructions,
            is_default: self.is_default,
            archived_at: self.archived_at.map(Millis),
            used_at: self.used_at.map(Millis),
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

/// An address of the tenant's customer (the insert names the customer); returns the rows
/// written (0: not the tenant's customer).
pub(super) async fn insert(
    e: impl Executor<'_, Database = Db>,
    a: &ShippingAddress,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO addresses (id, tenant_id, customer_id, label, site, line1, line2, city, \
         region, postal_code, country, instructions, is_default, archived_at, used_at, \
         created_at, updated_at) \
         SELECT $1, c.tenant_id, c.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 \
         FROM customers c WHERE c.id = $3 AND c.tenant_id = $2",
    )
    .bind(a.id.0)
    .bind(a.tenant_id.0)
    .bind(a.customer_id.0)
    .bind(&a.label)
    .bind(&a.site)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.city)
    .bind(&a.region)
    .bind(&a.postal_code)
    .bind(&a.country)
    .bind(&a.instructions)
    .bind(a.is_default)
    .bind(a.archived_at.map(|m| m.0))
    .bind(a.used_at.map(|m| m.0))
    .bind(a.created_at.0)
    .bind(a.updated_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<ShippingAddress>> {
    let rows: Vec<AddressRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM addresses ORDER BY id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn clear_default(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<()> {
    sqlx::query(
        "UPDATE addresses SET is_default = $3 \
         WHERE tenant_id = $1 AND customer_id = $2 AND is_default = $4",
    )
    .bind(tenant.0)
    .bind(customer.0)
    .bind(false)
    .bind(true)
    .execute(e)
    .await?;
    Ok(())
}

async fn of_customer(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<Vec<ShippingAddress>> {
    let rows: Vec<AddressRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM addresses WHERE tenant_id = $1 AND customer_id = $2 \
         ORDER BY CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END, \
         CASE WHEN is_default = $3 THEN 0 ELSE 1 END, label, id"
    ))
    .bind(tenant.0)
    .bind(customer.0)
    .bind(true)
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: AddressId,
) -> Result<Option<ShippingAddress>> {
    super::tenant_row::<AddressRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM addresses WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn add(store: &SqlStore, a: &ShippingAddress) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if a.is_default {
        clear_default(&mut *tx, a.tenant_id, a.customer_id).await?;
    }
    changed(insert(&mut *tx, a).await?)?;
    super::commit(tx).await
}

async fn update(store: &SqlStore, a: &ShippingAddress, expected_updated_at: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if a.is_default {
        clear_default(&mut *tx, a.tenant_id, a.customer_id).await?;
    }
    let done = sqlx::query(
        "UPDATE addresses SET label = $4, site = $5, line1 = $6, line2 = $7, city = $8, \
         region = $9, postal_code = $10, country = $11, instructions = $12, is_default = $13, \
         updated_at = $14 \
         WHERE tenant_id = $1 AND customer_id = $2 AND id = $3 AND updated_at = $15",
    )
    .bind(a.tenant_id.0)
    .bind(a.customer_id.0)
    .bind(a.id.0)
    .bind(&a.label)
    .bind(&a.site)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.city)
    .bind(&a.region)
    .bind(&a.postal_code)
    .bind(&a.country)
    .bind(&a.instructions)
    .bind(a.is_default)
    .bind(a.updated_at.0)
    .bind(expected_updated_at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("addresses_updated_at");
    }
    super::commit(tx).await
}

async fn make_default(store: &SqlStore, tenant: TenantId, id: AddressId, at: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let row: Option<(Uuid,)> = sqlx::query_as(
        "SELECT customer_id FROM addresses WHERE tenant_id = $1 AND id = $2 AND archived_at IS NULL",
    )
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((customer,)) = row else {
        return not_found();
    };
    clear_default(&mut *tx, tenant, CustomerId(customer)).await?;
    sqlx::query(
        "UPDATE addresses SET is_default = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(true)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    super::commit(tx).await
}

async fn set_archived(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: AddressId,
    archived: bool,
    at: Millis,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE addresses SET archived_at = $3, \
         is_default = CASE WHEN $4 THEN $5 ELSE is_default END, updated_at = $6 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(archived.then_some(at.0))
    .bind(archived)
    .bind(false)
    .bind(at.0)
    .execute(pool)
    .await?;
    changed(done.rows_affected())
}

/// Deletes an address never used by an order (`Conflict` once used: archive it instead).
async fn delete(store: &SqlStore, tenant: TenantId, id: AddressId) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT used_at FROM addresses WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
    match row {
        None => return not_found(),
        Some((Some(_),)) => return conflict("addresses_used"),
        Some((None,)) => {}
    }
    sqlx::query("DELETE FROM addresses WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    super::commit(tx).await
}

#[async_trait]
impl AddressStore for SqlStore {
    async fn addresses(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Vec<ShippingAddress>> {
        Ok(of_customer(&self.pool, tenant, customer).await?)
    }
    async fn address(
        &self,
        tenant: TenantId,
        id: AddressId,
    ) -> StoreResult<Option<ShippingAddress>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn insert_address(&self, address: &ShippingAddress) -> StoreResult<()> {
        Ok(add(self, address).await?)
    }
    async fn update_address(
        &self,
        address: &ShippingAddress,
        expected_updated_at: Millis,
    ) -> StoreResult<()> {
        Ok(update(self, address, expected_updated_at).await?)
    }
    async fn set_default_address(
        &self,
        tenant: TenantId,
        id: AddressId,
        at: Millis,
    ) -> StoreResult<()> {
        Ok(make_default(self, tenant, id, at).await?)
    }
    async fn set_address_archived(
        &self,
        tenant: TenantId,
        id: AddressId,
        archived: bool,
        at: Millis,
    ) -> StoreResult<()> {
        Ok(set_archived(&self.pool, tenant, id, archived, at).await?)
    }
    async fn delete_address(&self, tenant: TenantId, id: AddressId) -> StoreResult<()> {
        Ok(delete(self, tenant, id).await?)
    }
}
