//! The SQL store: one set of portable SQL texts (`aggregates/`, a module per aggregate) for
//! SQLite and PostgreSQL. The schemas differ only in column types (see `migrations/`); see
//! `docs/decisions/0001-one-sql-store-two-backends.md` and `0008-store-by-aggregate.md`.

mod error;
pub mod postgres;
mod read_cache;
mod rows;
mod signed_in_cache;
pub mod sqlite;

use guichet_store::StoreError;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Opens the store named by a database URL (`sqlite://…` or `postgres://…`).
pub async fn connect(
    url: &str,
    max_connections: u32,
) -> Result<std::sync::Arc<dyn guichet_store::Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(
            SqliteStore::connect(url, max_connections).await?,
        ))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(std::sync::Arc::new(
            PgStore::connect(url, max_connections).await?,
        ))
    } else {
        Err(StoreError::Backend(Box::from(format!(
            "unsupported database URL scheme (expected sqlite:// or postgres://): {}",
            url.split(':').next().unwrap_or("")
        ))))
    }
}

/// Helpers for tests that need a real database of either kind.
pub mod testing {
    use guichet_store::StoreError;

    /// The PostgreSQL server tests use: `GUICHET_TEST_PG_URL`, else the local one.
    pub fn pg_admin_url() -> String {
        std::env::var("GUICHET_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
    }

    /// Creates a fresh, empty PostgreSQL database and returns its URL.
    pub async fn fresh_pg_database() -> Result<String, StoreError> {
        Ok(create_database(&pg_admin_url()).await?)
    }

    async fn create_database(admin: &str) -> crate::error::Result<String> {
        use sqlx::Connection;
        // A generated name (letters, digits, underscores): nothing from outside goes in.
        let name = format!("guichet_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = sqlx::PgConnection::connect(admin).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await?;
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        Ok(format!("{base}/{name}"))
    }
}
