//! Providers (tenants), found by host name; each starts with its default portal role.
use async_trait::async_trait;
use guichet_domain::{DocumentKind, Locale, Millis, Permissions, Role, RoleId, Tenant, TenantId};
use guichet_store::{StoreResult, TenantStore};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore, roles};
use crate::error::{Result, changed};
use crate::rows::{Row, code, parsed, value, values};

macro_rules! columns {
    () => {
        "id, host, name, base_url, primary_colour, logo_svg, default_locale, created_at, \
         max_upload_mb, document_kinds"
    };
}

#[derive(FromRow)]
pub(super) struct TenantRow {
    id: Uuid,
    host: String,
    name: String,
    base_url: String,
    primary_colour: String,
    logo_svg: Option<String>,
    default_locale: String,
    created_at: i64,
    max_upload_mb: Option<i64>,
    /// Comma-separated kind codes; empty: all kinds.
    document_kinds: String,
}

impl Row for TenantRow {
    type Value = Tenant;
    fn value(self) -> Result<Tenant> {
        Ok(Tenant {
            id: TenantId(self.id),
            host: self.host,
            name: self.name,
            base_url: self.base_url,
            primary_colour: self.primary_colour,
            logo_svg: self.logo_svg,
            default_locale: code(&self.default_locale, Locale::parse, "tenant locale")?,
            created_at: Millis(self.created_at),
            max_upload_mb: self.max_upload_mb,
            document_kinds: self
                .document_kinds
                .split(',')
                .filter(|k| !k.is_empty())
                .map(|k| parsed(k, "tenant document kind"))
                .collect::<Result<_>>()?,
        })
    }
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, t: &Tenant) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO tenants (",
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(t.id.0)
    .bind(&t.host)
    .bind(&t.name)
    .bind(&t.base_url)
    .bind(&t.primary_colour)
    .bind(&t.logo_svg)
    .bind(t.default_locale.code())
    .bind(t.created_at.0)
    .bind(t.max_upload_mb)
    .bind(kind_codes(&t.document_kinds))
    .execute(e)
    .await?;
    Ok(())
}

/// Every tenant, for `migrate-db`.
pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Tenant>> {
    let rows: Vec<TenantRow> =
        sqlx::query_as(concat!("SELECT ", columns!(), " FROM tenants ORDER BY id"))
            .fetch_all(e)
            .await?;
    values(rows)
}

async fn insert_with_default_role(store: &SqlStore, t: &Tenant) -> Result<()> {
    let mut tx = store.begin_write().await?;
    insert(&mut *tx, t).await?;
    let role = Role {
        id: RoleId::new(),
        tenant_id: t.id,
        name: "Client".into(),
        is_default: true,
        permissions: Permissions::default_role(),
        created_at: t.created_at,
        updated_at: t.created_at,
    };
    roles::insert(&mut *tx, &role).await?;
    super::commit(tx).await
}

async fn by_host(e: impl Executor<'_, Database = Db>, host: &str) -> Result<Option<Tenant>> {
    let row: Option<TenantRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM tenants WHERE host = $1"
    ))
    .bind(host)
    .fetch_optional(e)
    .await?;
    value(row)
}

async fn by_id(e: impl Executor<'_, Database = Db>, id: TenantId) -> Result<Option<Tenant>> {
    let row: Option<TenantRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM tenants WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(e)
    .await?;
    value(row)
}

async fn all_by_host(e: impl Executor<'_, Database = Db>) -> Result<Vec<Tenant>> {
    let rows: Vec<TenantRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM tenants ORDER BY host"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn set_upload_limit(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    mb: Option<i64>,
) -> Result<()> {
    let done = sqlx::query("UPDATE tenants SET max_upload_mb = $2 WHERE id = $1")
        .bind(tenant.0)
        .bind(mb)
        .execute(e)
        .await?;
    changed(done.rows_affected())
}

/// Kinds as stored: their codes, comma-separated.
fn kind_codes(kinds: &[DocumentKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

async fn set_document_kinds(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    kinds: &[DocumentKind],
) -> Result<()> {
    let done = sqlx::query("UPDATE tenants SET document_kinds = $2 WHERE id = $1")
        .bind(tenant.0)
        .bind(kind_codes(kinds))
        .execute(e)
        .await?;
    changed(done.rows_affected())
}

#[async_trait]
impl TenantStore for SqlStore {
    async fn insert_tenant(&self, t: &Tenant) -> StoreResult<()> {
        Ok(insert_with_default_role(self, t).await?)
    }
    async fn tenant_by_host(&self, host: &str) -> StoreResult<Option<Tenant>> {
        Ok(by_host(&self.pool, host).await?)
    }
    async fn tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>> {
        Ok(by_id(&self.pool, id).await?)
    }
    async fn set_upload_limit(&self, tenant: TenantId, mb: Option<i64>) -> StoreResult<()> {
        Ok(set_upload_limit(&self.pool, tenant, mb).await?)
    }
    async fn set_document_kinds(
        &self,
        tenant: TenantId,
        kinds: &[DocumentKind],
    ) -> StoreResult<()> {
        Ok(set_document_kinds(&self.pool, tenant, kinds).await?)
    }
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
        Ok(all_by_host(&self.pool).await?)
    }
}
