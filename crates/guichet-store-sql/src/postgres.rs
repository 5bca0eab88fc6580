//! PostgreSQL backend.
use std::str::FromStr;
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use tokio::sync::Notify;

use crate::signed_in_cache::SignedInCache;

pub struct PgStore {
    pub(crate) pool: PgPool,
    pub(crate) cache: Arc<SignedInCache>,
    pub(crate) catalog_reads: crate::read_cache::CatalogReads,
    pub(crate) billing_reads: crate::read_cache::BillingReads,
    pub(crate) order_reads: crate::read_cache::OrderReads,
    pub(crate) quote_reads: crate::read_cache::QuoteReads,
    options: PgConnectOptions,
    listener: std::sync::Once,
    stop: Arc<Notify>,
}

/// Channel of the notifications sent by the triggers of migration 0003.
const CHANNEL: &str = "guichet_changes";

/// What the store's queries (`aggregates/`) run on here.
type Db = sqlx::Postgres;
type SqlStore = PgStore;

/// The catalog's full-text condition on products `p` for the `to_tsquery` text in `$5`
/// (`PgStore::search_text`; the query says `$5 = '' OR` before it): the generated `search`
/// column and `product_search_query` of migration 0027.
macro_rules! product_search_match {
    () => {
        "p.search @@ product_search_query($5)"
    };
}

/// The relevance of product `p` to the search in `$5`, smaller first.
macro_rules! product_search_rank {
    () => {
        "-ts_rank(p.search, product_search_query($5))"
    };
}

/// The schema, embedded and checksummed; same numbers as SQLite's.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl PgStore {
    const BACKEND: &'static str = "postgres";

    /// How write transactions start.
    const BEGIN_WRITE: &'static str = "BEGIN";
    /// Journal appends of one tenant, one transaction at a time (held until it ends).
    const LOCK_JOURNAL: Option<&'static str> =
        Some("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 4004))");

    /// Whether the table named `$1` exists.
    const TABLE_EXISTS: &'static str = "SELECT to_regclass($1) IS NOT NULL";

    /// The former runner numbered PostgreSQL's migrations as today.
    fn version_of_legacy(v: i64) -> i64 {
        v
    }

    /// A catalog search's `to_tsquery` text (`$5` of `product_search_match!`): all the words
    /// required, the last one a prefix ("pann" finds "panneau"); '' for no words. The words are
    /// letters and digits only (`rows::search_terms`), so none is an operator.
    fn search_text(words: &[String]) -> String {
        match words.is_empty() {
            true => String::new(),
            false => format!("{}:*", words.join(" & ")),
        }
    }

    pub async fn connect(
        url: &str,
        max_connections: u32,
    ) -> Result<Self, guichet_store::StoreError> {
        Ok(Self::open(url, max_connections).await?)
    }

    async fn open(url: &str, max_connections: u32) -> crate::error::Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options.clone())
            .await?;
        Ok(PgStore {
            pool,
            // Not live (so not used) until the listener hears changes.
            cache: Arc::new(SignedInCache::new(false)),
            catalog_reads: Default::default(),
            billing_reads: Default::default(),
            order_reads: Default::default(),
            quote_reads: Default::default(),
            options,
            listener: std::sync::Once::new(),
            stop: Arc::new(Notify::new()),
        })
    }

    /// Starts, on first use of the signed-in cache, the task that hears `guichet_changes` on a
    /// connection of its own (commands that never read sessions never open it).
    fn listen_for_changes(&self) {
        self.listener.call_once(|| {
            let listen_pool = PgPoolOptions::new()
                .max_connections(1)
                .connect_lazy_with(self.options.clone());
            tokio::spawn(hear_changes(
                listen_pool,
                Arc::downgrade(&self.cache),
                self.stop.clone(),
            ));
        });
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.stop.notify_one();
    }
}

/// Bumps the cache's generation on every notification; marks the cache not live while not
/// listening (connection lost, database down), then listens again.
async fn hear_changes(pool: PgPool, cache: Weak<SignedInCache>, stop: Arc<Notify>) {
    let set_live = |live: bool| cache.upgrade().map(|c| c.set_live(live)).is_some();
    loop {
        let listening = async {
            let mut l = PgListener::connect_with(&pool).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        let mut l = tokio::select! {
            _ = stop.notified() => return,
            l = listening => match l {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for changes; session cache off");
                    if !set_live(false) { return; }
                    tokio::select! {
                        _ = stop.notified() => return,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        if !set_live(true) {
            return;
        }
        loop {
            tokio::select! {
                _ = stop.notified() => return,
                n = l.try_recv() => match n {
                    Ok(Some(n)) => match cache.upgrade() {
                        Some(c) => c.notified(n.payload()),
                        None => return,
                    },
                    Ok(None) | Err(_) => {
                        tracing::warn!("lost the change notifications; session cache off until back");
                        if !set_live(false) { return; }
                        break;
                    }
                }
            }
        }
    }
}

// The same queries for both backends: this folder is compiled once per backend (decision 0008).
#[allow(clippy::duplicate_mod)]
#[path = "aggregates/mod.rs"]
mod aggregates;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use guichet_domain::{Millis, TenantId};
    use guichet_store::{Maintenance, SessionStore};

    use super::*;
    use crate::signed_in_cache::Topic;

    #[test]
    fn search_text_requires_every_word_and_ends_with_a_prefix() {
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(PgStore::search_text(&[]), "");
        assert_eq!(PgStore::search_text(&words(&["pan", "120"])), "pan & 120:*");
    }

    #[tokio::test]
    async fn cache_goes_live_once_listening_and_hears_notifications() {
        let url = crate::testing::fresh_pg_database().await.unwrap();
        let s = PgStore::connect(&url, 2).await.unwrap();
        s.migrate().await.unwrap();
        assert!(!s.cache.is_live(), "not before the first signed-in read");
        s.signed_in(TenantId::new(), "none", Millis::now())
            .await
            .unwrap();
        let mut waited = 0;
        while !s.cache.is_live() {
            assert!(waited < 5_000, "the listener never listened");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 10;
        }
        let g = s.cache.generation();
        // A write that does not go through the store's methods: only the trigger tells.
        sqlx::raw_sql("UPDATE users SET name = name")
            .execute(&s.pool)
            .await
            .unwrap();
        while s.cache.generation() == g {
            assert!(waited < 5_000, "no notification heard");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 10;
        }
        // A change to the catalog's tables, by anyone: the catalog's reads are stale, the
        // signed-in answers are not.
        let catalog = s.cache.topic_generation(Topic::Catalog);
        let g = s.cache.generation();
        sqlx::raw_sql("UPDATE price_rules SET unit_minor = unit_minor")
            .execute(&s.pool)
            .await
            .unwrap();
        waited = 0;
        while s.cache.topic_generation(Topic::Catalog) == catalog {
            assert!(waited < 5_000, "no notification heard for price_rules");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 10;
        }
        assert_eq!(
            s.cache.generation(),
            g,
            "price rules are not behind SignedIn"
        );
        let billing = s.cache.topic_generation(Topic::Billing);
        sqlx::raw_sql("UPDATE payments SET reference = reference")
            .execute(&s.pool)
            .await
            .unwrap();
        waited = 0;
        while s.cache.topic_generation(Topic::Billing) == billing {
            assert!(waited < 5_000, "no notification heard for payments");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 10;
        }
        for (table, topic) in [
            ("orders", Topic::Orders),
            ("order_approval", Topic::Orders),
            ("quote_messages", Topic::Quotes),
            ("quotes", Topic::Quotes),
        ] {
            let before = s.cache.topic_generation(topic);
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE false"
            )))
            .execute(&s.pool)
            .await
            .unwrap();
            waited = 0;
            while s.cache.topic_generation(topic) == before {
                assert!(waited < 5_000, "no notification heard for {table}");
                tokio::time::sleep(Duration::from_millis(10)).await;
                waited += 10;
            }
        }
    }
}
