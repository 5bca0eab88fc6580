//! Emailed single-use tokens (invitations, sign-in links, resets): only their hash is kept.
use async_trait::async_trait;
use guichet_domain::{Email, Millis, OutboxEmail, TenantId, Token, TokenId, TokenPurpose, UserId};
use guichet_store::{StoreResult, TokenStore};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore, outbox};
use crate::error::Result;
use crate::rows::{Row, code, value, values};

macro_rules! columns {
    () => {
        "id, tenant_id, user_id, purpose, token_hash, created_at, expires_at, spent_at, new_email"
    };
}

#[derive(FromRow)]
struct TokenRow {
    id: Uuid,
    tenant_id: Uuid,
    user_id: Uuid,
    purpose: String,
    token_hash: String,
    created_at: i64,
    expires_at: i64,
    spent_at: Option<i64>,
    new_email: Option<String>,
}

impl Row for TokenRow {
    type Value = Token;
    fn value(self) -> Result<Token> {
        Ok(Token {
            id: TokenId(self.id),
            tenant_id: TenantId(self.tenant_id),
            user_id: UserId(self.user_id),
            purpose: code(&self.purpose, TokenPurpose::parse, "token purpose")?,
            token_hash: self.token_hash,
            created_at: Millis(self.created_at),
            expires_at: Millis(self.expires_at),
            spent_at: self.spent_at.map(Millis),
            new_email: self
                .new_email
                .map(|e| code(&e, |e| Email::parse(e).ok(), "token address"))
                .transpose()?,
        })
    }
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, t: &Token) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO tokens (",
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(t.id.0)
    .bind(t.tenant_id.0)
    .bind(t.user_id.0)
    .bind(t.purpose.code())
    .bind(&t.token_hash)
    .bind(t.created_at.0)
    .bind(t.expires_at.0)
    .bind(t.spent_at.map(|x| x.0))
    .bind(t.new_email.as_ref().map(|e| e.as_str()))
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Token>> {
    let rows: Vec<TokenRow> =
        sqlx::query_as(concat!("SELECT ", columns!(), " FROM tokens ORDER BY id"))
            .fetch_all(e)
            .await?;
    values(rows)
}

/// Stores the token and queues its email in one transaction; with `revoke_previous`, earlier
/// unspent tokens of the same person and purpose stop working.
async fn issue(
    store: &SqlStore,
    t: &Token,
    email: &OutboxEmail,
    revoke_previous: bool,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if revoke_previous {
        sqlx::query(
            "UPDATE tokens SET spent_at = $4 \
             WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND spent_at IS NULL",
        )
        .bind(t.tenant_id.0)
        .bind(t.user_id.0)
        .bind(t.purpose.code())
        .bind(t.created_at.0)
        .execute(&mut *tx)
        .await?;
    }
    insert(&mut *tx, t).await?;
    outbox::insert(&mut *tx, email).await?;
    super::commit(tx).await
}

async fn live(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    purpose: TokenPurpose,
    hash: &str,
    now: Millis,
) -> Result<Option<Token>> {
    let row: Option<TokenRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM tokens WHERE tenant_id = $1 AND purpose = $2 AND token_hash = $3 \
         AND spent_at IS NULL AND expires_at > $4"
    ))
    .bind(tenant.0)
    .bind(purpose.code())
    .bind(hash)
    .bind(now.0)
    .fetch_optional(pool)
    .await?;
    value(row)
}

async fn any(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    purpose: TokenPurpose,
    hash: &str,
) -> Result<Option<Token>> {
    let row: Option<TokenRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM tokens WHERE tenant_id = $1 AND purpose = $2 AND token_hash = $3"
    ))
    .bind(tenant.0)
    .bind(purpose.code())
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    value(row)
}

/// Marks a live token spent in one statement: of two spends at once, one wins.
async fn spend(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    purpose: TokenPurpose,
    hash: &str,
    now: Millis,
) -> Result<Option<Token>> {
    let row: Option<TokenRow> = sqlx::query_as(concat!(
        "UPDATE tokens SET spent_at = $4 WHERE tenant_id = $1 AND purpose = $2 \
         AND token_hash = $3 AND spent_at IS NULL AND expires_at > $4 RETURNING ",
        columns!()
    ))
    .bind(tenant.0)
    .bind(purpose.code())
    .bind(hash)
    .bind(now.0)
    .fetch_optional(pool)
    .await?;
    value(row)
}

/// Spends a live address-change token, gives its person the address it confirms and spends
/// every other unspent token of theirs, in one transaction.
async fn confirm_email_change(
    store: &SqlStore,
    tenant: TenantId,
    hash: &str,
    now: Millis,
) -> Result<Option<(UserId, Email)>> {
    let _changing = store.cache.changing();
    let mut tx = store.begin_write().await?;
    let row: Option<TokenRow> = sqlx::query_as(concat!(
        "UPDATE tokens SET spent_at = $4 WHERE tenant_id = $1 AND purpose = $2 \
         AND token_hash = $3 AND spent_at IS NULL AND expires_at > $4 RETURNING ",
        columns!()
    ))
    .bind(tenant.0)
    .bind(TokenPurpose::EmailChange.code())
    .bind(hash)
    .bind(now.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Token {
        user_id,
        new_email: Some(email),
        ..
    }) = value(row)?
    else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE users SET email = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND active = $5",
    )
    .bind(tenant.0)
    .bind(user_id.0)
    .bind(email.as_str())
    .bind(now.0)
    .bind(true)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    super::users::spend_tokens_of(&mut tx, tenant, user_id, now).await?;
    super::commit(tx).await?;
    Ok(Some((user_id, email)))
}

async fn spend_all_of(
    store: &SqlStore,
    tenant: TenantId,
    user: UserId,
    now: Millis,
) -> Result<u64> {
    let mut tx = store.begin_write().await?;
    let n = super::users::spend_tokens_of(&mut tx, tenant, user, now).await?;
    super::commit(tx).await?;
    Ok(n)
}

#[async_trait]
impl TokenStore for SqlStore {
    async fn claim_invitation_reminder(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO invitation_reminders (user_id, tenant_id, sent_at) \
             SELECT u.id, u.tenant_id, $3 FROM users u \
             WHERE u.id = $2 AND u.tenant_id = $1 AND u.password_hash IS NULL \
             AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = u.id AND t.tenant_id = $1 \
                         AND t.purpose = 'invitation') \
             ON CONFLICT DO NOTHING",
        )
        .bind(tenant.0)
        .bind(user.0)
        .bind(now.0)
        .execute(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(done.rows_affected() == 1)
    }
    async fn confirm_email_change(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<(UserId, Email)>> {
        Ok(confirm_email_change(self, tenant, token_hash, now).await?)
    }
    async fn spend_tokens_of(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<u64> {
        Ok(spend_all_of(self, tenant, user, now).await?)
    }
    async fn issue_token(
        &self,
        token: &Token,
        email: &OutboxEmail,
        revoke_previous: bool,
    ) -> StoreResult<()> {
        Ok(issue(self, token, email, revoke_previous).await?)
    }
    async fn live_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>> {
        Ok(live(&self.pool, tenant, purpose, token_hash, now).await?)
    }
    async fn token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
    ) -> StoreResult<Option<Token>> {
        Ok(any(&self.pool, tenant, purpose, token_hash).await?)
    }
    async fn spend_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>> {
        Ok(spend(&self.pool, tenant, purpose, token_hash, now).await?)
    }
}
