//! Values worked out from a read that the store keeps (decision 0016): a statement from a
//! customer's ledger, the statement's rendered rows from the statement. Each is kept beside the
//! very value it was worked out from (the same `Arc`), and served only while the store still
//! hands out that value — once anything behind the read changes, the store reads afresh, hands
//! out a new `Arc`, and what was derived from the old one is worked out again.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct Derived<K, S, V> {
    capacity: usize,
    map: Mutex<HashMap<K, (Arc<S>, Arc<V>)>>,
}

impl<K: Eq + Hash, S, V> Derived<K, S, V> {
    /// Keeps at most `capacity` values; when full, it starts over (cheap, and rare).
    pub fn new(capacity: usize) -> Self {
        Derived {
            capacity,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Arc<S>, Arc<V>)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value kept for `key` when it was worked out from `source` itself, else `work`'s
    /// (kept for next time).
    pub fn get_or(&self, key: K, source: &Arc<S>, work: impl FnOnce(&S) -> V) -> Arc<V> {
        if let Some((from, v)) = self.lock().get(&key)
            && Arc::ptr_eq(from, source)
        {
            return v.clone();
        }
        let value = Arc::new(work(source));
        let mut map = self.lock();
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(key, (source.clone(), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_again_only_when_the_source_changed() {
        let derived: Derived<u8, Vec<i64>, i64> = Derived::new(10);
        let ledger = Arc::new(vec![1, 2, 3]);
        let mut worked = 0;
        let mut sum = |v: &Vec<i64>| {
            worked += 1;
            v.iter().sum()
        };
        assert_eq!(*derived.get_or(1, &ledger, &mut sum), 6);
        assert_eq!(*derived.get_or(1, &ledger, &mut sum), 6);
        // An equal value read afresh is another source: worked out again.
        let read_again = Arc::new(vec![1, 2, 3, 4]);
        assert_eq!(*derived.get_or(1, &read_again, &mut sum), 10);
        // Another key is worked out on its own.
        assert_eq!(*derived.get_or(2, &read_again, &mut sum), 10);
        assert_eq!(worked, 3);
    }

    #[test]
    fn starts_over_when_full() {
        let derived: Derived<u8, u8, u8> = Derived::new(2);
        let s = Arc::new(1);
        for k in 0..3 {
            derived.get_or(k, &s, |_| k);
        }
        let mut again = false;
        derived.get_or(0, &s, |_| {
            again = true;
            0
        });
        assert!(again, "the cache started over when full");
    }
}
