//! The store's queries, one module per aggregate, written once for both backends.
//!
//! This folder is compiled twice — as `sqlite::aggregates` and `postgres::aggregates` — and
//! each copy sees its parent's `Db` (the sqlx database) and `SqlStore` (the store type), so the
//! same SQL text and row types serve both databases without generic bounds or macros (decision
//! 0008). Queries use `$n` placeholders, `RETURNING` and `ON CONFLICT`, which both accept;
//! instants are BIGINT milliseconds and ids UUIDs (16-byte BLOBs on SQLite).
//!
//! Joins are written `a CROSS JOIN b WHERE …` with the selective table first: SQLite then keeps
//! that order (without it, its planner may scan a whole tenant's customers), and PostgreSQL
//! plans it like any inner join.

mod addresses;
mod catalog;
mod checkouts;
mod comments;
mod company;
pub(crate) mod customers;
mod documents;
mod flows;
mod invoices;
mod jobs;
mod journal;
mod links;
mod maintenance;
mod notifications;
mod orders;
mod outbox;
mod projects;
mod quotes;
mod requests;
mod roles;
mod sessions;
mod shares;
mod tenants;
mod throttle;
mod tokens;
mod transfers;
mod users;

use super::{Db, MIGRATOR, SqlStore};
use crate::error::Result;

type Transaction = sqlx::Transaction<'static, Db>;

/// Commits a write transaction; when the core journals the change it makes, the entries are
/// appended in it first, so that the change and its record are written together or not at all
/// (decision 0004).
async fn commit(mut tx: Transaction) -> Result<()> {
    if let Some(p) = guichet_store::take_pending_journal() {
        journal::append_in(&mut tx, &p.entries, &p.key).await?;
    }
    Ok(tx.commit().await?)
}

impl SqlStore {
    /// A write transaction; on SQLite it takes the write lock at once (waiting up to the busy
    /// timeout), so a read followed by a write never fails with `SQLITE_BUSY_SNAPSHOT`.
    async fn begin_write(&self) -> Result<Transaction> {
        Ok(self.pool.begin_with(Self::BEGIN_WRITE).await?)
    }
}

/// The part of a row that comes from a `LEFT JOIN`: `None` when the joined row is missing (its
/// key column is NULL), else the joined row decoded by name.
pub(crate) struct Joined<T>(pub(crate) Option<T>);

/// A row type's key column, NULL exactly when a `LEFT JOIN` found nothing.
pub(crate) trait Keyed {
    const KEY: &'static str;
}

impl<'r, T> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> for Joined<T>
where
    T: Keyed + sqlx::FromRow<'r, <Db as sqlx::Database>::Row>,
{
    fn from_row(row: &'r <Db as sqlx::Database>::Row) -> Result<Self, sqlx::Error> {
        use sqlx::Row as _;
        let key: Option<uuid::Uuid> = row.try_get(T::KEY)?;
        Ok(Joined(match key {
            Some(_) => Some(T::from_row(row)?),
            None => None,
        }))
    }
}

type Pool = sqlx::Pool<Db>;
type DbRow = <Db as sqlx::Database>::Row;

/// The rows `sql` finds for the tenant (`$1`) and one key (`$2`), as domain values.
async fn tenant_rows<'q, R, K>(
    pool: &Pool,
    sql: &'static str,
    tenant: guichet_domain::TenantId,
    key: K,
) -> Result<Vec<R::Value>>
where
    R: crate::rows::Row + for<'r> sqlx::FromRow<'r, DbRow> + Send + Unpin,
    K: 'q + Send + sqlx::Encode<'q, Db> + sqlx::Type<Db>,
{
    let rows: Vec<R> = sqlx::query_as(sql)
        .bind(tenant.0)
        .bind(key)
        .fetch_all(pool)
        .await?;
    crate::rows::values(rows)
}

/// The row `sql` finds for the tenant (`$1`) and one key (`$2`), if any, as a domain value.
async fn tenant_row<'q, R, K>(
    pool: &Pool,
    sql: &'static str,
    tenant: guichet_domain::TenantId,
    key: K,
) -> Result<Option<R::Value>>
where
    R: crate::rows::Row + for<'r> sqlx::FromRow<'r, DbRow> + Send + Unpin,
    K: 'q + Send + sqlx::Encode<'q, Db> + sqlx::Type<Db>,
{
    let row: Option<R> = sqlx::query_as(sql)
        .bind(tenant.0)
        .bind(key)
        .fetch_optional(pool)
        .await?;
    crate::rows::value(row)
}
