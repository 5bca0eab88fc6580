//! PostgreSQL backend.
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    pub async fn connect(
        url: &str,
        max_connections: u32,
    ) -> Result<Self, guichet_store::StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(crate::map_err)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(crate::map_err)?;
        Ok(PgStore { pool })
    }
}

sql_store!(
    PgStore,
    sqlx::Postgres,
    sqlx::postgres::PgRow,
    crate::migrations::POSTGRES,
    "postgres"
);
