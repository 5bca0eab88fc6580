//! Values read on many pages and changed rarely (a provider's catalog categories, how it takes
//! payments), kept in memory per key for a short while: what another instance changes shows
//! here within [`Kept::KEEP`]; what this instance changes is forgotten at once.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub struct Kept<K, V>(RwLock<HashMap<K, (Instant, Arc<V>)>>);

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept(RwLock::new(HashMap::new()))
    }
}

impl<K: Eq + Hash + Copy, V> Kept<K, V> {
    /// How long a value is served without reading it again.
    pub const KEEP: Duration = Duration::from_secs(30);
    /// Keys kept at most; when full, it starts over (cheap, and rare).
    const CAPACITY: usize = 10_000;

    pub fn get(&self, key: K) -> Option<Arc<V>> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&key)
            .filter(|(at, _)| at.elapsed() < Self::KEEP)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::CAPACITY {
            map.clear();
        }
        map.insert(key, (Instant::now(), value.clone()));
        value
    }

    /// The key's value changed here: read it again next time.
    pub fn forget(&self, key: K) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_what_it_kept_until_forgotten() {
        let kept: Kept<u8, &str> = Kept::default();
        assert!(kept.get(1).is_none());
        kept.put(1, "un");
        assert_eq!(kept.get(1).as_deref(), Some(&"un"));
        assert!(kept.get(2).is_none());
        kept.forget(1);
        assert!(kept.get(1).is_none());
    }
}
