//! SQLite backend: the embedded default (WAL, busy timeout, foreign keys on).
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(
        url: &str,
        max_connections: u32,
    ) -> Result<Self, guichet_store::StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(crate::map_err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .optimize_on_close(true, None);
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .min_connections(1)
            .connect_with(options)
            .await
            .map_err(crate::map_err)?;
        Ok(SqliteStore { pool })
    }
}

sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    sqlx::sqlite::SqliteRow,
    crate::migrations::SQLITE,
    "sqlite"
);
