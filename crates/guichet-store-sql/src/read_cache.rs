//! Reads cached in memory while nothing they depend on changes — the catalog's pages, read by
//! every contact who browses it and changed a few times a day (decision 0016).
//!
//! Each entry carries its topic's generation read *before* its query (`signed_in_cache.rs`):
//! an answer that overlapped a change is stale when stored and never served. Entries are
//! served only while change notifications flow (PostgreSQL: while the listener listens) and at
//! most `MAX_AGE` after they were read (bounding what a writer in another process on the same
//! SQLite file could leave). When full, the cache starts over.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use guichet_domain::{
    Buyer, CustomerId, CustomerTerms, Invoice, OrderSummary, Payment, PriceRule, Product,
    ProductId, Quote, QuoteId, QuoteMessage, QuoteRevision, TenantId, UserId,
};
use guichet_store::{InvoiceQuery, OrderQuery, ProductQuery};

use crate::signed_in_cache::{MAX_AGE, SignedInCache, Topic};

/// The catalog's reads, per store: a page of products with their prices for a buyer on a day,
/// a customer's terms, a person's favourites in an account.
pub(crate) struct CatalogReads {
    pub(crate) pages: ReadCache<(TenantId, Buyer, String, ProductQuery), CatalogPage>,
    pub(crate) terms: ReadCache<(TenantId, CustomerId), Option<CustomerTerms>>,
    pub(crate) favourites: ReadCache<(TenantId, UserId, CustomerId), Vec<ProductId>>,
}

pub(crate) type CatalogPage = Vec<(Product, Vec<PriceRule>)>;

/// A customer's invoices as its contacts read them: a list (a page, the unpaid ones) and its
/// ledger (the statement's invoices and payments).
pub(crate) struct BillingReads {
    pub(crate) lists: ReadCache<(TenantId, InvoiceQuery), Vec<Invoice>>,
    pub(crate) ledgers: ReadCache<(TenantId, CustomerId), (Vec<Invoice>, Vec<Payment>)>,
}

/// A customer's orders as its contacts read them: lists (a page, those awaiting approval) and
/// the amount above which its orders wait for an approver.
pub(crate) struct OrderReads {
    pub(crate) lists: ReadCache<(TenantId, OrderQuery), Vec<OrderSummary>>,
    pub(crate) approvals: ReadCache<(TenantId, CustomerId), Option<i64>>,
}

impl Default for OrderReads {
    fn default() -> Self {
        OrderReads {
            lists: ReadCache::new(Topic::Orders, 2_000),
            approvals: ReadCache::new(Topic::Orders, 20_000),
        }
    }
}

/// What a quote's page reads: the quote as shown (decisions read it afresh, and each fresh
/// read replaces the copy kept), its revisions sent and its thread, only ever added to.
pub(crate) struct QuoteReads {
    pub(crate) shown: ReadCache<(TenantId, QuoteId), Option<Quote>>,
    pub(crate) revisions: ReadCache<(TenantId, QuoteId), Vec<QuoteRevision>>,
    pub(crate) messages: ReadCache<(TenantId, QuoteId), Vec<QuoteMessage>>,
}

impl Default for QuoteReads {
    fn default() -> Self {
        QuoteReads {
            shown: ReadCache::new(Topic::Quotes, 2_000),
            revisions: ReadCache::new(Topic::Quotes, 2_000),
            messages: ReadCache::new(Topic::Quotes, 2_000),
        }
    }
}

impl Default for BillingReads {
    fn default() -> Self {
        BillingReads {
            lists: ReadCache::new(Topic::Billing, 2_000),
            ledgers: ReadCache::new(Topic::Billing, 200),
        }
    }
}

impl Default for CatalogReads {
    fn default() -> Self {
        CatalogReads {
            pages: ReadCache::new(Topic::Catalog, 2_000),
            terms: ReadCache::new(Topic::Catalog, 20_000),
            favourites: ReadCache::new(Topic::Catalog, 20_000),
        }
    }
}

pub(crate) struct ReadCache<K, V> {
    topic: Topic,
    capacity: usize,
    map: Mutex<HashMap<K, (u64, Instant, Arc<V>)>>,
}

impl<K: Eq + Hash, V> ReadCache<K, V> {
    pub(crate) fn new(topic: Topic, capacity: usize) -> Self {
        ReadCache {
            topic,
            capacity,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (u64, Instant, Arc<V>)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value read for `key`, when nothing of its topic changed since and it is young.
    pub(crate) fn get(&self, changes: &SignedInCache, key: &K) -> Option<Arc<V>> {
        if !changes.live() {
            return None;
        }
        let generation = changes.topic_generation(self.topic);
        let map = self.lock();
        let (g, at, v) = map.get(key)?;
        (*g == generation && at.elapsed() < MAX_AGE).then(|| v.clone())
    }

    /// The generation to tag a read with, taken before the read.
    pub(crate) fn generation(&self, changes: &SignedInCache) -> u64 {
        changes.topic_generation(self.topic)
    }

    /// The value kept for `key`, else what `read` reads — tagged with the generation taken
    /// before it starts (a future does nothing until awaited) and kept.
    pub(crate) async fn get_or_read<E>(
        &self,
        changes: &SignedInCache,
        key: K,
        read: impl Future<Output = Result<V, E>>,
    ) -> Result<Arc<V>, E> {
        if let Some(kept) = self.get(changes, &key) {
            return Ok(kept);
        }
        let generation = self.generation(changes);
        let value = read.await?;
        Ok(self.put(changes, key, generation, value))
    }

    /// Keeps a value read under `generation` (ignored when its topic changed since).
    pub(crate) fn put(&self, changes: &SignedInCache, key: K, generation: u64, value: V) -> Arc<V> {
        let value = Arc::new(value);
        if !changes.live() || generation != changes.topic_generation(self.topic) {
            return value;
        }
        let mut map = self.lock();
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(key, (generation, Instant::now(), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_a_read_until_its_topic_changes() {
        let changes = SignedInCache::new(true);
        let cache: ReadCache<u8, &str> = ReadCache::new(Topic::Catalog, 10);
        let g = cache.generation(&changes);
        cache.put(&changes, 1, g, "un");
        assert_eq!(cache.get(&changes, &1).as_deref(), Some(&"un"));
        changes.table_changed("price_rules");
        assert!(cache.get(&changes, &1).is_none(), "a price changed");
        // A read that overlapped a change is never kept.
        let g = cache.generation(&changes);
        changes.table_changed("favourites");
        cache.put(&changes, 2, g, "deux");
        assert!(cache.get(&changes, &2).is_none());
        // Other tables leave it alone.
        let g = cache.generation(&changes);
        cache.put(&changes, 3, g, "trois");
        changes.table_changed("journal");
        assert_eq!(cache.get(&changes, &3).as_deref(), Some(&"trois"));
        // Not live: nothing served.
        changes.set_live(false);
        assert!(cache.get(&changes, &3).is_none());
    }

    #[test]
    fn starts_over_when_full() {
        let changes = SignedInCache::new(true);
        let cache: ReadCache<u8, u8> = ReadCache::new(Topic::Catalog, 2);
        let g = cache.generation(&changes);
        for k in 0..3 {
            cache.put(&changes, k, g, k);
        }
        assert!(cache.get(&changes, &0).is_none());
        assert_eq!(cache.get(&changes, &2).as_deref(), Some(&2));
    }
}
