//! Attempts (sign-ins, password changes, emailed links, link tokens), counted per key in
//! fixed windows to throttle guessing; one upsert counts and ranks each attempt.
use async_trait::async_trait;
use guichet_domain::{Millis, TenantId};
use guichet_store::{AttemptCount, StoreResult, ThrottleStore};

use super::{Db, SqlStore};
use crate::error::Result;

/// Row locks make the upsert atomic on both databases: of many attempts at once, each sees
/// the count its own increment made. A blocked key keeps its count.
const COUNT: &str = "INSERT INTO attempt_counts (tenant_id, key, window_start, hits, blocked_until)
     VALUES ($1, $2, $3, 1, 0)
     ON CONFLICT (tenant_id, key) DO UPDATE SET
       hits = CASE WHEN attempt_counts.blocked_until > $3 THEN attempt_counts.hits
                   WHEN attempt_counts.window_start <= $4 THEN 1
                   ELSE attempt_counts.hits + 1 END,
       window_start = CASE WHEN attempt_counts.blocked_until > $3 THEN attempt_counts.window_start
                   WHEN attempt_counts.window_start <= $4 THEN $3
                   ELSE attempt_counts.window_start END
     RETURNING hits, window_start, blocked_until";

async fn count(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    key: &str,
    expired_at: Millis,
    now: Millis,
) -> Result<AttemptCount> {
    let (hits, window_start, blocked_until): (i64, i64, i64) = sqlx::query_as(COUNT)
        .bind(tenant.0)
        .bind(key)
        .bind(now.0)
        .bind(expired_at.0)
        .fetch_one(pool)
        .await?;
    Ok(AttemptCount {
        hits,
        window_start: Millis(window_start),
        blocked_until: (blocked_until > now.0).then_some(Millis(blocked_until)),
    })
}

async fn uncount(pool: &sqlx::Pool<Db>, tenant: TenantId, key: &str) -> Result<()> {
    sqlx::query(
        "UPDATE attempt_counts SET hits = hits - 1 WHERE tenant_id = $1 AND key = $2 AND hits > 0",
    )
    .bind(tenant.0)
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}

async fn block(pool: &sqlx::Pool<Db>, tenant: TenantId, key: &str, until: Millis) -> Result<()> {
    sqlx::query("UPDATE attempt_counts SET blocked_until = $3 WHERE tenant_id = $1 AND key = $2")
        .bind(tenant.0)
        .bind(key)
        .bind(until.0)
        .execute(pool)
        .await?;
    Ok(())
}

async fn clear(pool: &sqlx::Pool<Db>, tenant: TenantId, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM attempt_counts WHERE tenant_id = $1 AND key = $2")
        .bind(tenant.0)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

async fn prune(pool: &sqlx::Pool<Db>, before: Millis) -> Result<u64> {
    let done =
        sqlx::query("DELETE FROM attempt_counts WHERE window_start < $1 AND blocked_until < $1")
            .bind(before.0)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl ThrottleStore for SqlStore {
    async fn count_attempt(
        &self,
        tenant: TenantId,
        key: &str,
        window_expired_at: Millis,
        now: Millis,
    ) -> StoreResult<AttemptCount> {
        Ok(count(&self.pool, tenant, key, window_expired_at, now).await?)
    }
    async fn uncount_attempt(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
        Ok(uncount(&self.pool, tenant, key).await?)
    }
    async fn block_key(&self, tenant: TenantId, key: &str, until: Millis) -> StoreResult<()> {
        Ok(block(&self.pool, tenant, key, until).await?)
    }
    async fn clear_attempts(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
        Ok(clear(&self.pool, tenant, key).await?)
    }
    async fn prune_attempts(&self, before: Millis) -> StoreResult<u64> {
        Ok(prune(&self.pool, before).await?)
    }
}
