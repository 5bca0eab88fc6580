//! People: staff and contacts, their passwords and active flag.
use async_trait::async_trait;
use guichet_domain::{
    Email, Locale, Millis, SessionId, StaffRole, TenantId, TimeZone, TokenPurpose, User, UserId,
    UserKind,
};
use guichet_store::{StoreResult, UserStore};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, not_found};
use crate::rows::{Row, code, values};

macro_rules! columns {
    () => {
        "id, tenant_id, kind, email, name, phone, locale, staff_role, active, password_hash, \
         created_at, updated_at, time_zone"
    };
}
/// The user columns of a join, read from `u`.
macro_rules! user_columns_of_u {
    () => {
        "u.id, u.tenant_id, u.kind, u.email, u.name, u.phone, u.locale, u.staff_role, u.active, \
         u.password_hash, u.created_at, u.updated_at, u.time_zone"
    };
}
pub(super) use user_columns_of_u;

#[derive(FromRow)]
pub(super) struct UserRow {
    id: Uuid,
    tenant_id: Uuid,
    kind: String,
    email: String,
    name: String,
    phone: String,
    locale: String,
    staff_role: Option<String>,
    active: bool,
    password_hash: Option<String>,
    created_at: i64,
    updated_at: i64,
    time_zone: String,
}

impl Row for UserRow {
    type Value = User;
    fn value(self) -> Result<User> {
        Ok(User {
            id: UserId(self.id),
            tenant_id: TenantId(self.tenant_id),
            kind: code(&self.kind, UserKind::parse, "user kind")?,
            email: code(&self.email, |e| Email::parse(e).ok(), "user email")?,
            name: self.name,
            phone: self.phone,
            locale: code(&self.locale, Locale::parse, "user locale")?,
            time_zone: time_zone(&self.time_zone, self.id),
            staff_role: self
                .staff_role
                .map(|r| code(&r, StaffRole::parse, "staff role"))
                .transpose()?,
            active: self.active,
            password_hash: self.password_hash,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

/// A stored time zone, parsed. One the bundled time zone database does not know (a hand edit,
/// a zone dropped from a newer database) is read as the default zone with a warning rather
/// than refused: a display preference must not lock its person out of every page (decision
/// 0010). Saving the person then stores the default.
fn time_zone(stored: &str, user: Uuid) -> TimeZone {
    TimeZone::parse(stored).unwrap_or_else(|e| {
        let default = TimeZone::default();
        tracing::warn!(
            %user, stored, error = %e, used = default.name(),
            "unknown time zone in a user row: the default zone is used"
        );
        default
    })
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, u: &User) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO users (",
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(u.id.0)
    .bind(u.tenant_id.0)
    .bind(u.kind.code())
    .bind(u.email.as_str())
    .bind(&u.name)
    .bind(&u.phone)
    .bind(u.locale.code())
    .bind(u.staff_role.map(|r| r.code()))
    .bind(u.active)
    .bind(&u.password_hash)
    .bind(u.created_at.0)
    .bind(u.updated_at.0)
    .bind(u.time_zone.name())
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<User>> {
    let rows: Vec<UserRow> =
        sqlx::query_as(concat!("SELECT ", columns!(), " FROM users ORDER BY id"))
            .fetch_all(e)
            .await?;
    values(rows)
}

async fn by_id(pool: &sqlx::Pool<Db>, tenant: TenantId, id: UserId) -> Result<Option<User>> {
    super::tenant_row::<UserRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn by_email(pool: &sqlx::Pool<Db>, tenant: TenantId, email: &Email) -> Result<Option<User>> {
    super::tenant_row::<UserRow, _>(
        pool,
        concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE tenant_id = $1 AND email = $2"
        ),
        tenant,
        email.as_str(),
    )
    .await
}

async fn staff(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM users WHERE tenant_id = $1 AND kind = 'staff' ORDER BY name, id"
    ))
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn update(store: &SqlStore, u: &User) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let _changing = store.cache.changing();
    let done = sqlx::query(
        "UPDATE users SET email = $3, name = $4, phone = $5, locale = $6, staff_role = $7, \
         active = $8, updated_at = $9, time_zone = $10 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(u.tenant_id.0)
    .bind(u.id.0)
    .bind(u.email.as_str())
    .bind(&u.name)
    .bind(&u.phone)
    .bind(u.locale.code())
    .bind(u.staff_role.map(|r| r.code()))
    .bind(u.active)
    .bind(u.updated_at.0)
    .bind(u.time_zone.name())
    .execute(&mut *tx)
    .await?;
    changed(done.rows_affected())?;
    super::commit(tx).await
}

async fn set_locale(store: &SqlStore, tenant: TenantId, id: UserId, locale: Locale) -> Result<()> {
    let _changing = store.cache.changing();
    sqlx::query("UPDATE users SET locale = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .bind(locale.code())
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Spends every unspent emailed token of a user (invitation, sign-in link, reset, address
/// confirmation): after a change of password or address, a deactivation or "sign out
/// everywhere", no link sent earlier opens anything.
pub(super) async fn spend_tokens_of(
    tx: &mut sqlx::Transaction<'_, Db>,
    tenant: TenantId,
    user: UserId,
    now: Millis,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE tokens SET spent_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND spent_at IS NULL",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Sets the password hash, spends the token (if any) and every other unspent token of the
/// user, and ends the user's other sessions, in one
/// transaction; false (nothing changed) when the token was not live or the user is inactive.
async fn set_password(
    store: &SqlStore,
    tenant: TenantId,
    user: UserId,
    password_hash: &str,
    spend: Option<(TokenPurpose, &str)>,
    keep_session: Option<SessionId>,
    now: Millis,
) -> Result<bool> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    if let Some((purpose, hash)) = spend {
        let spent = sqlx::query(
            "UPDATE tokens SET spent_at = $5 WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 \
             AND token_hash = $4 AND spent_at IS NULL AND expires_at > $5",
        )
        .bind(tenant.0)
        .bind(user.0)
        .bind(purpose.code())
        .bind(hash)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            return Ok(false);
        }
    }
    let done = sqlx::query(
        "UPDATE users SET password_hash = $3, updated_at = $4 \
         WHERE tenant_id = $1 AND id = $2 AND active = $5",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(password_hash)
    .bind(now.0)
    .bind(true)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3")
        .bind(tenant.0)
        .bind(user.0)
        .bind(keep_session.map(|s| s.0).unwrap_or(Uuid::nil()))
        .execute(&mut *tx)
        .await?;
    spend_tokens_of(&mut tx, tenant, user, now).await?;
    super::commit(tx).await?;
    Ok(true)
}

/// Sets the active flag; deactivating also ends the user's sessions and spends their tokens.
async fn set_active(
    store: &SqlStore,
    tenant: TenantId,
    id: UserId,
    active: bool,
    now: Millis,
) -> Result<()> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE users SET active = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(active)
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return not_found();
    }
    if !active {
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        spend_tokens_of(&mut tx, tenant, id, now).await?;
    }
    super::commit(tx).await
}

#[async_trait]
impl UserStore for SqlStore {
    async fn insert_user(&self, u: &User) -> StoreResult<()> {
        Ok(insert(&self.pool, u).await?)
    }
    async fn user(&self, tenant: TenantId, id: UserId) -> StoreResult<Option<User>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>> {
        Ok(by_email(&self.pool, tenant, email).await?)
    }
    async fn update_user(&self, u: &User) -> StoreResult<()> {
        Ok(update(self, u).await?)
    }
    async fn set_user_locale(
        &self,
        tenant: TenantId,
        id: UserId,
        locale: Locale,
    ) -> StoreResult<()> {
        Ok(set_locale(self, tenant, id, locale).await?)
    }
    async fn list_staff(&self, tenant: TenantId) -> StoreResult<Vec<User>> {
        Ok(staff(&self.pool, tenant).await?)
    }
    async fn set_password(
        &self,
        tenant: TenantId,
        user: UserId,
        password_hash: &str,
        spend: Option<(TokenPurpose, &str)>,
        keep_session: Option<SessionId>,
        now: Millis,
    ) -> StoreResult<bool> {
        Ok(set_password(self, tenant, user, password_hash, spend, keep_session, now).await?)
    }
    async fn set_user_active(
        &self,
        tenant: TenantId,
        id: UserId,
        active: bool,
        now: Millis,
    ) -> StoreResult<()> {
        Ok(set_active(self, tenant, id, active, now).await?)
    }
}
