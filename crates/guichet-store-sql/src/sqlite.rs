//! SQLite backend: the embedded default (WAL, busy timeout, foreign keys on).
use std::str::FromStr;
use std::time::Duration;

use std::sync::Arc;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqliteOperation, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};

use crate::signed_in_cache::SignedInCache;

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    pub(crate) cache: Arc<SignedInCache>,
    pub(crate) catalog_reads: crate::read_cache::CatalogReads,
    pub(crate) billing_reads: crate::read_cache::BillingReads,
    pub(crate) order_reads: crate::read_cache::OrderReads,
    pub(crate) quote_reads: crate::read_cache::QuoteReads,
}

impl SqliteStore {
    pub async fn connect(
        url: &str,
        max_connections: u32,
    ) -> Result<Self, guichet_store::StoreError> {
        Ok(Self::open(url, max_connections).await?)
    }

    async fn open(url: &str, max_connections: u32) -> crate::error::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .optimize_on_close(true, None);
        let cache = Arc::new(SignedInCache::new(true));
        let hook_cache = cache.clone();
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .min_connections(1)
            .after_connect(move |conn, _| {
                let cache = hook_cache.clone();
                Box::pin(async move {
                    // The signed-in cache's safety net: any write to a watched table, by any
                    // code path on this connection, invalidates it (see signed_in_cache.rs).
                    conn.lock_handle().await?.set_update_hook(move |change| {
                        // New sessions and `last_seen_at` updates change nothing cached.
                        let quiet = change.table == "sessions"
                            && matches!(
                                change.operation,
                                SqliteOperation::Insert | SqliteOperation::Update
                            );
                        if !quiet {
                            cache.table_changed(change.table);
                        }
                    });
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(SqliteStore {
            pool,
            cache,
            catalog_reads: Default::default(),
            billing_reads: Default::default(),
            order_reads: Default::default(),
            quote_reads: Default::default(),
        })
    }
}

/// What the store's queries (`aggregates/`) run on here.
type Db = sqlx::Sqlite;
type SqlStore = SqliteStore;

/// The schema, embedded and checksummed; same numbers as PostgreSQL's.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

impl SqliteStore {
    const BACKEND: &'static str = "sqlite";

    /// Write transactions take SQLite's write lock at once (waiting up to the busy timeout), so a
    /// read followed by a write in one transaction never fails with `SQLITE_BUSY_SNAPSHOT`
    /// when another connection committed in between.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    /// Journal appends need no lock of their own: the write transaction holds the database's.
    const LOCK_JOURNAL: Option<&'static str> = None;

    /// Whether the table named `$1` exists.
    const TABLE_EXISTS: &'static str =
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1)";

    /// Today's number of a migration numbered `v` by the former runner: SQLite had no 0003
    /// (PostgreSQL's change notifications, which SQLite does with update hooks).
    fn version_of_legacy(v: i64) -> i64 {
        if v >= 3 { v + 1 } else { v }
    }

    /// Nothing to start: the update hooks installed on each connection hear every change.
    fn listen_for_changes(&self) {}

    /// A catalog search's FTS5 expression (`$5` of `product_search_match!`): each word quoted
    /// (so `OR`, `NOT`, `NEAR` are words), all of them required, the last one a prefix
    /// ("pann" finds "panneau"); '' for no words. The words are letters and digits only
    /// (`rows::search_terms`); quotes are doubled all the same.
    fn search_text(words: &[String]) -> String {
        let quoted: Vec<String> = words
            .iter()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect();
        match quoted.is_empty() {
            true => String::new(),
            false => format!("{}*", quoted.join(" ")),
        }
    }
}

/// The catalog's full-text condition on products `p` for the FTS5 expression in `$5`
/// (`SqliteStore::search_text`; the query says `$5 = '' OR` before it). FTS5 refuses an empty
/// expression as a syntax error, so '' becomes `""`, which matches nothing, in case SQLite
/// evaluates the condition anyway (migration 0027 has the tables).
macro_rules! product_search_match {
    () => {
        "p.id IN (SELECT k.product_id FROM product_search \
         JOIN product_search_keys k ON k.key = product_search.rowid \
         WHERE product_search MATCH CASE $5 WHEN '' THEN '\"\"' ELSE $5 END)"
    };
}

/// The relevance of product `p` to the search in `$5`, smaller first: FTS5's `rank` (bm25 with
/// the weights set by migration 0027).
macro_rules! product_search_rank {
    () => {
        "(SELECT product_search.rank FROM product_search \
         JOIN product_search_keys k ON k.key = product_search.rowid \
         WHERE product_search MATCH CASE $5 WHEN '' THEN '\"\"' ELSE $5 END \
         AND k.product_id = p.id)"
    };
}

// The same queries for both backends: this folder is compiled once per backend (decision 0008).
#[allow(clippy::duplicate_mod)]
#[path = "aggregates/mod.rs"]
mod aggregates;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use guichet_store::Maintenance;

    use super::*;
    use crate::signed_in_cache::Topic;

    /// The safety net: a write to a watched table by any statement invalidates the cache;
    /// `last_seen_at` updates and unrelated tables do not.
    #[test]
    fn search_text_quotes_every_word_and_ends_with_a_prefix() {
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(SqliteStore::search_text(&[]), "");
        assert_eq!(
            SqliteStore::search_text(&words(&["or", "pann"])),
            "\"or\" \"pann\"*"
        );
        assert_eq!(SqliteStore::search_text(&words(&["a\"b"])), "\"a\"\"b\"*");
    }

    #[tokio::test]
    async fn update_hook_hears_writes_to_watched_tables() {
        let dir = std::env::temp_dir().join(format!("guichet-hook-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let s = SqliteStore::connect(&format!("sqlite://{}/t.db", dir.display()), 2)
            .await
            .unwrap();
        s.migrate().await.unwrap();
        let exec = |sql: &'static str| {
            let pool = s.pool.clone();
            async move { sqlx::raw_sql(sql).execute(&pool).await.unwrap() }
        };
        let g = s.cache.generation();
        exec("UPDATE sessions SET last_seen_at = 1").await;
        exec("DELETE FROM attempt_counts").await;
        assert_eq!(s.cache.generation(), g, "quiet writes");
        exec("INSERT INTO tenants (id, host, name, base_url, primary_colour, default_locale, created_at) VALUES (x'00', 'h', 'n', 'u', '#000000', 'fr', 0)").await;
        assert!(s.cache.generation() > g);
        let g = s.cache.generation();
        exec("UPDATE tenants SET name = 'm'").await;
        assert!(s.cache.generation() > g);
        // The catalog's tables bump the catalog's topic, and only it.
        let catalog = s.cache.topic_generation(Topic::Catalog);
        let g = s.cache.generation();
        exec(
            "INSERT INTO segments (id, tenant_id, name, created_at) VALUES (x'01', x'00', 's', 0)",
        )
        .await;
        assert!(s.cache.topic_generation(Topic::Catalog) > catalog);
        assert_eq!(s.cache.generation(), g);
        let catalog = s.cache.topic_generation(Topic::Catalog);
        exec("UPDATE tenants SET name = 'o'").await;
        assert_eq!(s.cache.topic_generation(Topic::Catalog), catalog);
        // An order's approval amount bumps the orders' topic.
        let orders = s.cache.topic_generation(Topic::Orders);
        exec(
            "INSERT INTO customers (id, tenant_id, number, name, locale, currency, \
             billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, \
             billing_country, shipping_line1, shipping_line2, shipping_city, shipping_region, \
             shipping_postal_code, shipping_country, created_at, updated_at) \
             VALUES (x'02', x'00', '1', 'c', 'fr', 'CAD', '', '', '', '', '', '', '', '', '', \
             '', '', '', 0, 0)",
        )
        .await;
        exec(
            "INSERT INTO order_approval (customer_id, tenant_id, above_minor, updated_at) \
             VALUES (x'02', x'00', 100, 0)",
        )
        .await;
        assert!(s.cache.topic_generation(Topic::Orders) > orders);
        assert_eq!(s.cache.topic_generation(Topic::Catalog), catalog);
        // A customer's name shows on its invoices.
        let billing = s.cache.topic_generation(Topic::Billing);
        exec("UPDATE customers SET name = 'd'").await;
        assert!(s.cache.topic_generation(Topic::Billing) > billing);
        // A quote written outside the store (the hook names its table): the copy its page
        // shows is stale, the orders' reads are not.
        let (quotes, orders) = (
            s.cache.topic_generation(Topic::Quotes),
            s.cache.topic_generation(Topic::Orders),
        );
        s.cache.table_changed("quotes");
        assert!(s.cache.topic_generation(Topic::Quotes) > quotes);
        assert_eq!(s.cache.topic_generation(Topic::Orders), orders);
        drop(s);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Without statistics SQLite would answer "a person's accounts" by walking the tenant's
    /// customers in name order (thousands of rows); the statement makes it start from the
    /// person's memberships (bench/notes.md, 2026-11-23).
    #[tokio::test]
    async fn a_persons_accounts_start_from_their_memberships() {
        let dir = std::env::temp_dir().join(format!("guichet-plan-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let s = SqliteStore::connect(&format!("sqlite://{}/t.db", dir.display()), 2)
            .await
            .unwrap();
        s.migrate().await.unwrap();
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {}",
            aggregates::customers::ACCOUNTS_OF
        )))
        .bind(uuid::Uuid::nil())
        .bind(uuid::Uuid::nil())
        .fetch_all(&s.pool)
        .await
        .unwrap();
        let steps: Vec<&str> = plan.iter().map(|(_, _, _, d)| d.as_str()).collect();
        assert!(
            steps
                .first()
                .is_some_and(|d| d.contains("memberships_by_user")),
            "{steps:?}"
        );
        assert!(
            !steps.iter().any(|d| d.contains("customers_by_name")),
            "{steps:?}"
        );
        drop(s);
        let _ = std::fs::remove_dir_all(dir);
    }
}
