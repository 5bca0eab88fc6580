//! Failed attempts (sign-ins, link tokens), counted per key to throttle guessing.
use async_trait::async_trait;
use guichet_domain::{Millis, TenantId};
use guichet_store::{StoreResult, ThrottleStore};

use super::{Db, SqlStore};
use crate::error::Result;

async fn record(pool: &sqlx::Pool<Db>, tenant: TenantId, key: &str, now: Millis) -> Result<()> {
    sqlx::query("INSERT INTO login_failures (tenant_id, key, at) VALUES ($1, $2, $3)")
        .bind(tenant.0)
        .bind(key)
        .bind(now.0)
        .execute(pool)
        .await?;
    Ok(())
}

async fn count_since(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    key: &str,
    since: Millis,
) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM login_failures WHERE tenant_id = $1 AND key = $2 AND at > $3",
    )
    .bind(tenant.0)
    .bind(key)
    .bind(since.0)
    .fetch_one(pool)
    .await?;
    Ok(n)
}

async fn clear(pool: &sqlx::Pool<Db>, tenant: TenantId, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE tenant_id = $1 AND key = $2")
        .bind(tenant.0)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

async fn prune(pool: &sqlx::Pool<Db>, before: Millis) -> Result<u64> {
    let done = sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(before.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl ThrottleStore for SqlStore {
    async fn record_failure(&self, tenant: TenantId, key: &str, now: Millis) -> StoreResult<()> {
        Ok(record(&self.pool, tenant, key, now).await?)
    }
    async fn failures_since(&self, tenant: TenantId, key: &str, since: Millis) -> StoreResult<i64> {
        Ok(count_since(&self.pool, tenant, key, since).await?)
    }
    async fn clear_failures(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
        Ok(clear(&self.pool, tenant, key).await?)
    }
    async fn prune_failures(&self, before: Millis) -> StoreResult<u64> {
        Ok(prune(&self.pool, before).await?)
    }
}
