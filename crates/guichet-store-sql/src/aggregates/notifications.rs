//! How each person wants to hear of each kind of event, and the lines of daily summaries.
use async_trait::async_trait;
use guichet_domain::{DigestItem, Millis, NotifyKind, NotifyMode, PortalNotice, TenantId, UserId};
use guichet_store::{NotificationStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, not_found};
use crate::rows::{Row, code, values};

#[derive(FromRow)]
struct DigestRow {
    id: Uuid,
    tenant_id: Uuid,
    user_id: Uuid,
    line: String,
    created_at: i64,
    sent_at: Option<i64>,
}

impl Row for DigestRow {
    type Value = DigestItem;
    fn value(self) -> Result<DigestItem> {
        Ok(DigestItem {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            user_id: UserId(self.user_id),
            line: self.line,
            created_at: Millis(self.created_at),
            sent_at: self.sent_at.map(Millis),
        })
    }
}

#[derive(FromRow)]
struct PrefRow {
    tenant_id: Uuid,
    user_id: Uuid,
    kind: String,
    mode: String,
}

impl PrefRow {
    fn choice(&self) -> Result<(NotifyKind, NotifyMode)> {
        Ok((
            code(&self.kind, NotifyKind::parse, "notification kind")?,
            code(&self.mode, NotifyMode::parse, "notification mode")?,
        ))
    }
}

pub(super) async fn insert_pref(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    user: UserId,
    kind: NotifyKind,
    mode: NotifyMode,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notification_prefs (tenant_id, user_id, kind, mode) VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(kind.code())
    .bind(mode.code())
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump_prefs(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, UserId, NotifyKind, NotifyMode)>> {
    let rows: Vec<PrefRow> = sqlx::query_as(
        "SELECT tenant_id, user_id, kind, mode FROM notification_prefs ORDER BY user_id, kind",
    )
    .fetch_all(e)
    .await?;
    rows.into_iter()
        .map(|r| {
            let (kind, mode) = r.choice()?;
            Ok((TenantId(r.tenant_id), UserId(r.user_id), kind, mode))
        })
        .collect()
}

async fn prefs(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
) -> Result<Vec<(NotifyKind, NotifyMode)>> {
    let rows: Vec<PrefRow> = sqlx::query_as(
        "SELECT tenant_id, user_id, kind, mode FROM notification_prefs \
         WHERE tenant_id = $1 AND user_id = $2 ORDER BY kind",
    )
    .bind(tenant.0)
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(PrefRow::choice).collect()
}

/// Replaces the person's choices in one transaction.
async fn set_prefs(
    store: &SqlStore,
    tenant: TenantId,
    user: UserId,
    prefs: &[(NotifyKind, NotifyMode)],
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let exists: Option<(i32,)> =
        sqlx::query_as("SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return not_found();
    }
    sqlx::query("DELETE FROM notification_prefs WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    for (kind, mode) in prefs {
        insert_pref(&mut *tx, tenant, user, *kind, *mode).await?;
    }
    super::commit(tx).await
}

async fn add_digest_item(pool: &sqlx::Pool<Db>, i: &DigestItem) -> Result<()> {
    let done = sqlx::query(
        "INSERT INTO digest_items (id, tenant_id, user_id, line, created_at, sent_at) \
         SELECT $1, u.tenant_id, u.id, $4, $5, $6 FROM users u WHERE u.id = $3 AND u.tenant_id = $2",
    )
    .bind(i.id)
    .bind(i.tenant_id.0)
    .bind(i.user_id.0)
    .bind(&i.line)
    .bind(i.created_at.0)
    .bind(i.sent_at.map(|m| m.0))
    .execute(pool)
    .await?;
    changed(done.rows_affected())
}

async fn unsent_before(
    pool: &sqlx::Pool<Db>,
    before: Millis,
    limit: i64,
) -> Result<Vec<DigestItem>> {
    let rows: Vec<DigestRow> = sqlx::query_as(
        "SELECT id, tenant_id, user_id, line, created_at, sent_at FROM digest_items \
         WHERE sent_at IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(before.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    values(rows)
}

/// Marks lines sent; returns how many were still unsent (another worker may have won).
async fn mark_sent(pool: &sqlx::Pool<Db>, ids: &[Uuid], at: Millis) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut b = sqlx::QueryBuilder::<Db>::new("UPDATE digest_items SET sent_at = ");
    b.push_bind(at.0);
    b.push(" WHERE sent_at IS NULL AND id IN (");
    let mut list = b.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    b.push(")");
    Ok(b.build().execute(pool).await?.rows_affected())
}

#[derive(FromRow)]
struct NoticeRow {
    id: Uuid,
    tenant_id: Uuid,
    user_id: Uuid,
    kind: String,
    text: String,
    link: String,
    created_at: i64,
    read_at: Option<i64>,
}

impl Row for NoticeRow {
    type Value = PortalNotice;
    fn value(self) -> Result<PortalNotice> {
        Ok(PortalNotice {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            user_id: UserId(self.user_id),
            kind: code(&self.kind, NotifyKind::parse, "notice kind")?,
            text: self.text,
            link: self.link,
            created_at: Millis(self.created_at),
            read_at: self.read_at.map(Millis),
        })
    }
}

macro_rules! notice_columns {
    () => {
        "id, tenant_id, user_id, kind, text, link, created_at, read_at"
    };
}

/// Inserts a notice for a user of its tenant; false when the user is not the tenant's.
pub(super) async fn insert_notice(
    e: impl Executor<'_, Database = Db>,
    n: &PortalNotice,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO portal_notices (id, tenant_id, user_id, kind, text, link, created_at, read_at) \
         SELECT $1, u.tenant_id, u.id, $4, $5, $6, $7, $8 FROM users u \
         WHERE u.id = $3 AND u.tenant_id = $2",
    )
    .bind(n.id)
    .bind(n.tenant_id.0)
    .bind(n.user_id.0)
    .bind(n.kind.code())
    .bind(&n.text)
    .bind(&n.link)
    .bind(n.created_at.0)
    .bind(n.read_at.map(|m| m.0))
    .execute(e)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn dump_notices(e: impl Executor<'_, Database = Db>) -> Result<Vec<PortalNotice>> {
    let rows: Vec<NoticeRow> = sqlx::query_as(concat!(
        "SELECT ",
        notice_columns!(),
        " FROM portal_notices ORDER BY created_at, id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// How many of a person's notices are unread.
pub(super) async fn unread(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    user: UserId,
) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM portal_notices WHERE user_id = $1 AND tenant_id = $2 \
         AND read_at IS NULL",
    )
    .bind(user.0)
    .bind(tenant.0)
    .fetch_one(e)
    .await?;
    Ok(n)
}

#[async_trait]
impl NotificationStore for SqlStore {
    async fn add_notice(&self, notice: &PortalNotice) -> StoreResult<()> {
        let _changing = self.cache.changing();
        let added = insert_notice(&self.pool, notice).await?;
        Ok(changed(u64::from(added))?)
    }
    async fn notices(
        &self,
        tenant: TenantId,
        user: UserId,
        limit: i64,
    ) -> StoreResult<Vec<PortalNotice>> {
        let rows: Vec<NoticeRow> = sqlx::query_as(concat!(
            "SELECT ",
            notice_columns!(),
            " FROM portal_notices WHERE user_id = $1 AND tenant_id = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(user.0)
        .bind(tenant.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }
    async fn notice(
        &self,
        tenant: TenantId,
        user: UserId,
        id: Uuid,
    ) -> StoreResult<Option<PortalNotice>> {
        let row: Option<NoticeRow> = sqlx::query_as(concat!(
            "SELECT ",
            notice_columns!(),
            " FROM portal_notices WHERE id = $1 AND user_id = $2 AND tenant_id = $3"
        ))
        .bind(id)
        .bind(user.0)
        .bind(tenant.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(crate::rows::value(row)?)
    }
    async fn read_notices(
        &self,
        tenant: TenantId,
        user: UserId,
        id: Option<Uuid>,
        at: Millis,
    ) -> StoreResult<u64> {
        let _changing = self.cache.changing();
        let done = match id {
            Some(id) => sqlx::query(
                "UPDATE portal_notices SET read_at = $4 WHERE user_id = $1 AND tenant_id = $2 \
                 AND id = $3 AND read_at IS NULL",
            )
            .bind(user.0)
            .bind(tenant.0)
            .bind(id)
            .bind(at.0),
            None => sqlx::query(
                "UPDATE portal_notices SET read_at = $3 WHERE user_id = $1 AND tenant_id = $2 \
                 AND read_at IS NULL",
            )
            .bind(user.0)
            .bind(tenant.0)
            .bind(at.0),
        }
        .execute(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(done.rows_affected())
    }
    async fn notification_prefs(
        &self,
        tenant: TenantId,
        user: UserId,
    ) -> StoreResult<Vec<(NotifyKind, NotifyMode)>> {
        Ok(prefs(&self.pool, tenant, user).await?)
    }
    async fn set_notification_prefs(
        &self,
        tenant: TenantId,
        user: UserId,
        prefs: &[(NotifyKind, NotifyMode)],
    ) -> StoreResult<()> {
        Ok(set_prefs(self, tenant, user, prefs).await?)
    }
    async fn add_digest_item(&self, item: &DigestItem) -> StoreResult<()> {
        Ok(add_digest_item(&self.pool, item).await?)
    }
    async fn digest_items_before(
        &self,
        before: Millis,
        limit: i64,
    ) -> StoreResult<Vec<DigestItem>> {
        Ok(unsent_before(&self.pool, before, limit).await?)
    }
    async fn mark_digest_sent(&self, ids: &[Uuid], at: Millis) -> StoreResult<u64> {
        Ok(mark_sent(&self.pool, ids, at).await?)
    }
}
