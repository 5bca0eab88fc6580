//! A short-lived, in-process cache of `signed_in` answers (session + user + customer accounts),
//! so that a signed-in page costs no database round trip while nothing it depends on changes.
//!
//! Every entry carries the *change generation* read before its query. Any write to the tables
//! behind a `SignedIn` (tenants, users, customers, memberships, roles, shares, sessions — except
//! `last_seen_at`)
//! bumps the generation, which invalidates every entry at once. Three things bump it:
//! 1. the store's own write methods, right after their commit (`changed`), so a person always
//!    reads their own writes;
//! 2. a safety net for writes this code does not know about: on SQLite an update hook on every
//!    connection, on PostgreSQL triggers that `NOTIFY guichet_changes`, heard by a listener
//!    task — which also carries the writes of *other* instances sharing the database;
//! 3. losing that listener (PostgreSQL): the cache is then bypassed until it listens again.
//!
//! A query that overlaps a write is tagged with the older generation, so its answer is already
//! stale when stored and never served. Entries also expire after `MAX_AGE` (bounding what a
//! writer in another process on the same SQLite file, such as a CLI command, could leave), and
//! a session past its `expires_at` is never served. Tables added later whose rows feed
//! `SignedIn` need the same trigger (PostgreSQL) and an entry in `WATCHED_TABLES` (SQLite).
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use guichet_domain::{Millis, SessionId, TenantId};
use guichet_store::SignedIn;

/// Longest time an entry is served without re-reading the database.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(30);
/// Entries kept at most; when full the cache starts over (cheap, and rare).
const CAPACITY: usize = 20_000;
/// Tables whose rows make up a `SignedIn`.
pub(crate) const WATCHED_TABLES: &[&str] = &[
    "tenants",
    "users",
    "customers",
    "memberships",
    "sessions",
    "roles",
    "shares",
    "portal_notices",
];

/// Groups of tables whose changes invalidate the reads cached about them (`read_cache.rs`):
/// the same safety nets as the signed-in answers (update hook, PostgreSQL notifications) bump
/// a generation per topic, and the store's own write methods bump it after their commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Topic {
    /// A provider's products, prices, customers' terms and favourites: the catalog's pages.
    Catalog = 0,
    /// Invoices and payments (and customers' names, which an invoice shows): a customer's
    /// invoice list and statement.
    Billing = 1,
    /// Orders and the amounts above which they wait for approval: a customer's order lists.
    Orders = 2,
    /// Quotes, their revisions sent and threads: a quote's page.
    Quotes = 3,
}

const TOPICS: usize = 4;

/// The tables behind each topic.
pub(crate) const TOPIC_TABLES: &[(&str, Topic)] = &[
    ("products", Topic::Catalog),
    ("price_rules", Topic::Catalog),
    ("customer_terms", Topic::Catalog),
    ("favourites", Topic::Catalog),
    ("segments", Topic::Catalog),
    ("invoices", Topic::Billing),
    ("payments", Topic::Billing),
    ("orders", Topic::Orders),
    ("order_approval", Topic::Orders),
    ("quotes", Topic::Quotes),
    ("quote_revisions", Topic::Quotes),
    ("quote_messages", Topic::Quotes),
    ("customers", Topic::Billing),
];

struct Entry {
    tenant: TenantId,
    signed: SignedIn,
    generation: u64,
    stored: Instant,
}

#[derive(Default)]
struct Map {
    by_token: HashMap<String, Entry>,
    token_of: HashMap<SessionId, String>,
}

pub(crate) struct SignedInCache {
    generation: AtomicU64,
    live: AtomicBool,
    map: Mutex<Map>,
    topics: [AtomicU64; TOPICS],
}

impl SignedInCache {
    /// `live`: whether change notifications are flowing (SQLite: always; PostgreSQL: once the
    /// listener listens).
    pub(crate) fn new(live: bool) -> Self {
        SignedInCache {
            generation: AtomicU64::new(0),
            live: AtomicBool::new(live),
            map: Mutex::new(Map::default()),
            topics: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }

    /// Whether change notifications are flowing: cached reads are served only then.
    pub(crate) fn live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }

    /// The topic's generation to tag a read with; read it *before* the read.
    pub(crate) fn topic_generation(&self, topic: Topic) -> u64 {
        self.topics[topic as usize].load(Ordering::Acquire)
    }

    /// Something behind the topic changed: every read cached about it is stale.
    pub(crate) fn topic_changed(&self, topic: Topic) {
        self.topics[topic as usize].fetch_add(1, Ordering::AcqRel);
    }

    /// A table changed (a notification, the update hook): what is cached about it is stale.
    /// (SQLite's update hook, for every row of every table: others are left alone.)
    pub(crate) fn table_changed(&self, table: &str) {
        if WATCHED_TABLES.contains(&table) {
            self.changed();
        }
        for (t, topic) in TOPIC_TABLES {
            if *t == table {
                self.topic_changed(*topic);
            }
        }
    }

    /// A notification named `table` arrived (PostgreSQL): as `table_changed`, and a name of
    /// neither list — a trigger this code does not know — counts as a change of `SignedIn`.
    pub(crate) fn notified(&self, table: &str) {
        if !WATCHED_TABLES.contains(&table) && !TOPIC_TABLES.iter().any(|(t, _)| *t == table) {
            self.changed();
        }
        self.table_changed(table);
    }

    /// Held by a write method of the store on a topic's tables: when dropped — after the
    /// commit, or on any early return — the topic's cached reads are stale.
    pub(crate) fn topic_changing(&self, topic: Topic) -> TopicChanging<'_> {
        TopicChanging(self, topic)
    }

    /// The generation to tag a query with; read it *before* the query.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something behind `SignedIn` changed: every entry is stale.
    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn set_live(&self, live: bool) {
        // Whatever happened while not live is unknown: start over either way.
        self.changed();
        for t in &self.topics {
            t.fetch_add(1, Ordering::AcqRel);
        }
        self.live.store(live, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Map> {
        // A panic while holding the lock cannot leave the map inconsistent in a harmful way.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn get(&self, tenant: TenantId, token_hash: &str, now: Millis) -> Option<SignedIn> {
        if !self.live.load(Ordering::Acquire) {
            return None;
        }
        let generation = self.generation();
        let map = self.lock();
        let e = map.by_token.get(token_hash)?;
        (e.tenant == tenant
            && e.generation == generation
            && e.stored.elapsed() < MAX_AGE
            && e.signed.session.expires_at > now)
            .then(|| e.signed.clone())
    }

    /// Stores an answer read under `generation` (ignored if a change happened since).
    pub(crate) fn put(&self, tenant: TenantId, generation: u64, signed: &SignedIn) {
        if !self.live.load(Ordering::Acquire) || generation != self.generation() {
            return;
        }
        let mut map = self.lock();
        if map.by_token.len() >= CAPACITY {
            *map = Map::default();
        }
        let token = signed.session.token_hash.clone();
        map.token_of.insert(signed.session.id, token.clone());
        map.by_token.insert(
            token,
            Entry {
                tenant,
                signed: signed.clone(),
                generation,
                stored: Instant::now(),
            },
        );
    }

    /// The session's `last_seen_at` moved: drop its entry (no other entry is affected).
    pub(crate) fn forget_session(&self, id: SessionId) {
        let mut map = self.lock();
        if let Some(token) = map.token_of.remove(&id) {
            map.by_token.remove(&token);
        }
    }
}

/// Held by a write method of the store: when dropped — after the commit, or on any early
/// return — the cache learns that something changed.
pub(crate) struct Changing<'a>(&'a SignedInCache);

impl SignedInCache {
    pub(crate) fn changing(&self) -> Changing<'_> {
        Changing(self)
    }
}

impl Drop for Changing<'_> {
    fn drop(&mut self) {
        self.0.changed();
    }
}

pub(crate) struct TopicChanging<'a>(&'a SignedInCache, Topic);

impl Drop for TopicChanging<'_> {
    fn drop(&mut self) {
        self.0.topic_changed(self.1);
    }
}

impl SignedInCache {
    #[cfg(test)]
    pub(crate) fn is_live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use guichet_domain::*;

    use super::*;

    fn signed(tenant: TenantId, hash: &str, now: Millis) -> SignedIn {
        let user = User {
            id: UserId::new(),
            tenant_id: tenant,
            kind: UserKind::Contact,
            email: Email::parse("lea@x.example").unwrap(),
            name: "Léa".into(),
            phone: String::new(),
            locale: Locale::Fr,
            time_zone: TimeZone::default(),
            staff_role: None,
            active: true,
            password_hash: None,
            created_at: now,
            updated_at: now,
        };
        let session = Session {
            id: SessionId::new(),
            tenant_id: tenant,
            user_id: user.id,
            token_hash: hash.into(),
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_secs(60),
            user_agent: String::new(),
            ip: String::new(),
        };
        SignedIn {
            session,
            user,
            accounts: vec![],
            shares: vec![],
            unread: 0,
        }
    }

    #[test]
    fn serves_what_it_stored_until_anything_changes() {
        let (t, now) = (TenantId::new(), Millis::now());
        let c = SignedInCache::new(true);
        let s = signed(t, "h", now);
        c.put(t, c.generation(), &s);
        assert_eq!(c.get(t, "h", now).unwrap().session.id, s.session.id);
        assert!(c.get(TenantId::new(), "h", now).is_none(), "other tenant");
        assert!(c.get(t, "other", now).is_none());
        assert!(
            c.get(t, "h", now.plus_secs(61)).is_none(),
            "session expired"
        );
        c.changed();
        assert!(c.get(t, "h", now).is_none(), "a change invalidates");
    }

    #[test]
    fn never_stores_an_answer_that_overlapped_a_change() {
        let (t, now) = (TenantId::new(), Millis::now());
        let c = SignedInCache::new(true);
        let before = c.generation();
        drop(c.changing()); // a write committed while the query ran
        c.put(t, before, &signed(t, "h", now));
        assert!(c.get(t, "h", now).is_none());
    }

    #[test]
    fn forgets_one_session_and_bypasses_when_not_live() {
        let (t, now) = (TenantId::new(), Millis::now());
        let c = SignedInCache::new(true);
        let (a, b) = (signed(t, "a", now), signed(t, "b", now));
        c.put(t, c.generation(), &a);
        c.put(t, c.generation(), &b);
        c.forget_session(a.session.id);
        assert!(c.get(t, "a", now).is_none());
        assert!(c.get(t, "b", now).is_some(), "others stay");
        c.set_live(false);
        c.put(t, c.generation(), &b);
        assert!(c.get(t, "b", now).is_none(), "not live: never served");
    }
}
