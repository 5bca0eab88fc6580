//! Sessions, and everything a signed-in request needs in one statement (kept in the signed-in
//! cache while nothing behind it changes, decision 0003).
use async_trait::async_trait;
use guichet_domain::{Account, Millis, Session, SessionId, SignedIn, TenantId, User, UserId};
use guichet_store::{SessionStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::customers::CustomerRow;
use super::roles::RoleRow;
use super::users::{UserRow, user_columns_of_u};
use super::{Db, Joined, SqlStore};
use crate::error::Result;
use crate::rows::{Row, values};

/// A session's columns, read from `s` under the `s_` prefix.
macro_rules! columns {
    () => {
        "s.id AS s_id, s.tenant_id AS s_tenant_id, s.user_id AS s_user_id, \
         s.token_hash AS s_token_hash, s.created_at AS s_created_at, \
         s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at, \
         s.user_agent AS s_user_agent, s.ip AS s_ip"
    };
}

#[derive(FromRow)]
pub(super) struct SessionRow {
    #[sqlx(rename = "s_id")]
    id: Uuid,
    #[sqlx(rename = "s_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "s_user_id")]
    user_id: Uuid,
    #[sqlx(rename = "s_token_hash")]
    token_hash: String,
    #[sqlx(rename = "s_created_at")]
    created_at: i64,
    #[sqlx(rename = "s_last_seen_at")]
    last_seen_at: i64,
    #[sqlx(rename = "s_expires_at")]
    expires_at: i64,
    #[sqlx(rename = "s_user_agent")]
    user_agent: String,
    #[sqlx(rename = "s_ip")]
    ip: String,
}

impl Row for SessionRow {
    type Value = Session;
    fn value(self) -> Result<Session> {
        Ok(Session {
            id: SessionId(self.id),
            tenant_id: TenantId(self.tenant_id),
            user_id: UserId(self.user_id),
            token_hash: self.token_hash,
            created_at: Millis(self.created_at),
            last_seen_at: Millis(self.last_seen_at),
            expires_at: Millis(self.expires_at),
            user_agent: self.user_agent,
            ip: self.ip,
        })
    }
}

/// A live session with its user and one of the user's accounts (none for staff, or for a
/// contact without any).
#[derive(FromRow)]
struct SignedInRow {
    #[sqlx(flatten)]
    session: SessionRow,
    #[sqlx(flatten)]
    user: UserRow,
    #[sqlx(flatten)]
    customer: Joined<CustomerRow>,
    #[sqlx(flatten)]
    role: Joined<RoleRow>,
}

#[derive(FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    session: SessionRow,
    #[sqlx(flatten)]
    user: UserRow,
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, s: &Session) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id, tenant_id, user_id, token_hash, created_at, last_seen_at, \
         expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(s.id.0)
    .bind(s.tenant_id.0)
    .bind(s.user_id.0)
    .bind(&s.token_hash)
    .bind(s.created_at.0)
    .bind(s.last_seen_at.0)
    .bind(s.expires_at.0)
    .bind(&s.user_agent)
    .bind(&s.ip)
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Session>> {
    let rows: Vec<SessionRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM sessions s ORDER BY s.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

/// The session, its active user and the user's accounts (by name) in one statement, then the
/// user's shares; from the cache when nothing behind them changed since they were read.
async fn signed_in(
    store: &SqlStore,
    tenant: TenantId,
    token_hash: &str,
    now: Millis,
) -> Result<Option<SignedIn>> {
    store.listen_for_changes();
    if let Some(hit) = store.cache.get(tenant, token_hash, now) {
        return Ok(Some(hit));
    }
    let generation = store.cache.generation();
    let rows: Vec<SignedInRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        ", ",
        user_columns_of_u!(),
        ", ",
        super::customers::customer_columns_of_c!(),
        ", ",
        super::roles::role_columns_of_r!(),
        " FROM sessions s CROSS JOIN users u \
         LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $2 \
         LEFT JOIN customers c ON c.id = m.customer_id AND c.tenant_id = $2 \
         LEFT JOIN roles r ON r.id = m.role_id AND r.tenant_id = $2 \
         WHERE u.id = s.user_id AND s.token_hash = $1 AND s.tenant_id = $2 AND u.tenant_id = $2 \
         AND s.expires_at > $3 AND u.active = $4 \
         ORDER BY c.name, c.id"
    ))
    .bind(token_hash)
    .bind(tenant.0)
    .bind(now.0)
    .bind(true)
    .fetch_all(&store.pool)
    .await?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return Ok(None);
    };
    let session = first.session.value()?;
    let user = first.user.value()?;
    let mut accounts = Vec::new();
    for (customer, role) in
        std::iter::once((first.customer, first.role)).chain(rows.map(|r| (r.customer, r.role)))
    {
        if let (Joined(Some(customer)), Joined(Some(role))) = (customer, role) {
            accounts.push(Account {
                customer: customer.value()?,
                role: role.value()?,
            });
        }
    }
    let shares = super::shares::of_contact(&store.pool, tenant, user.id).await?;
    let unread = super::notifications::unread(&store.pool, tenant, user.id).await?;
    let signed = SignedIn {
        session,
        user,
        accounts,
        shares,
        unread,
    };
    store.cache.put(tenant, generation, &signed);
    Ok(Some(signed))
}

async fn session_with_user(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    token_hash: &str,
    now: Millis,
) -> Result<Option<(Session, User)>> {
    let row: Option<SessionUserRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        ", ",
        user_columns_of_u!(),
        " FROM sessions s CROSS JOIN users u \
         WHERE u.id = s.user_id AND s.token_hash = $1 AND s.tenant_id = $2 AND u.tenant_id = $2 \
         AND s.expires_at > $3 AND u.active = $4"
    ))
    .bind(token_hash)
    .bind(tenant.0)
    .bind(now.0)
    .bind(true)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.session.value()?, r.user.value()?)))
        .transpose()
}

async fn touch(store: &SqlStore, id: SessionId, now: Millis) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
        .bind(id.0)
        .bind(now.0)
        .execute(&store.pool)
        .await?;
    store.cache.forget_session(id);
    Ok(())
}

async fn live_of(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    now: Millis,
) -> Result<Vec<Session>> {
    let rows: Vec<SessionRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM sessions s WHERE s.tenant_id = $1 AND s.user_id = $2 AND s.expires_at > $3 \
         ORDER BY s.last_seen_at DESC, s.id"
    ))
    .bind(tenant.0)
    .bind(user.0)
    .bind(now.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn delete(store: &SqlStore, tenant: TenantId, user: UserId, id: SessionId) -> Result<bool> {
    let mut tx = store.begin_write().await?;
    let _changing = store.cache.changing();
    let done =
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id = $3")
            .bind(tenant.0)
            .bind(user.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    super::commit(tx).await?;
    Ok(true)
}

/// Ends a user's sessions (all, or all but one) and spends their unspent emailed tokens, in
/// one transaction ("sign out everywhere": a link sent earlier must not reopen a session).
async fn delete_all_of(
    store: &SqlStore,
    tenant: TenantId,
    user: UserId,
    except: Option<SessionId>,
    now: Millis,
) -> Result<u64> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    let done =
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3")
            .bind(tenant.0)
            .bind(user.0)
            .bind(except.map(|s| s.0).unwrap_or(Uuid::nil()))
            .execute(&mut *tx)
            .await?;
    super::users::spend_tokens_of(&mut tx, tenant, user, now).await?;
    super::commit(tx).await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = insert(&mut *tx, s).await?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn signed_in(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<SignedIn>> {
        Ok(signed_in(self, tenant, token_hash, now).await?)
    }
    async fn session_with_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<(Session, User)>> {
        Ok(session_with_user(&self.pool, tenant, token_hash, now).await?)
    }
    async fn touch_session(&self, id: SessionId, now: Millis) -> StoreResult<()> {
        Ok(touch(self, id, now).await?)
    }
    async fn list_sessions(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<Vec<Session>> {
        Ok(live_of(&self.pool, tenant, user, now).await?)
    }
    async fn delete_session(
        &self,
        tenant: TenantId,
        user: UserId,
        id: SessionId,
    ) -> StoreResult<bool> {
        Ok(delete(self, tenant, user, id).await?)
    }
    async fn delete_sessions_of(
        &self,
        tenant: TenantId,
        user: UserId,
        except: Option<SessionId>,
        now: Millis,
    ) -> StoreResult<u64> {
        Ok(delete_all_of(self, tenant, user, except, now).await?)
    }
}
