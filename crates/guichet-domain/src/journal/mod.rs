//! The activity journal: append-only, hash-chained per tenant — each entry carries the hash of
//! the one before, so changing or removing any entry breaks every hash after it. Entries are
//! sealed with an HMAC under the journal key (kept outside the database), and signed
//! checkpoints (also outside it) pin the chain's head from time to time, so that neither a
//! history recomputed without the key nor a cut tail verifies (decision 0011).
mod checkpoint;
mod key;

use hmac::Mac;
use sha2::{Digest, Sha256};

pub use checkpoint::{Checkpoint, CheckpointBreak, CheckpointLineError, check_checkpoints};
pub use key::{JournalKey, MalformedKey};

use crate::{CustomerId, EntryId, Millis, ProjectId, TenantId, UserId};

/// The hash the first entry of a tenant chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    pub id: EntryId,
    pub tenant_id: TenantId,
    /// 1, 2, 3… per tenant, in the order entries were appended.
    pub seq: i64,
    pub at: Millis,
    /// The person who acted (none for a signed link or the system).
    pub actor: Option<UserId>,
    /// Who acted, as shown (a name, or "link …").
    pub actor_label: String,
    pub ip: String,
    /// What happened: `document.upload`, `document.download`, `project.create`…
    pub action: String,
    /// What it happened to: `document`, `version`, `project`…
    pub object_kind: String,
    pub object_id: uuid::Uuid,
    pub customer_id: Option<CustomerId>,
    pub project_id: Option<ProjectId>,
    /// A short description (a file name, a title).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
    /// True when `hash` is an HMAC under the journal key; false for entries written before
    /// journals were keyed, which keep their plain SHA-256 (decision 0011).
    pub keyed: bool,
}

impl JournalEntry {
    /// Feeds the previous hash and every field of the entry, each length-prefixed so that no
    /// two different entries give the same input.
    fn feed(&self, mut update: impl FnMut(&[u8])) {
        let mut field = |bytes: &[u8]| {
            update(&(bytes.len() as u64).to_be_bytes());
            update(bytes);
        };
        field(self.prev_hash.as_bytes());
        field(self.id.0.as_bytes());
        field(self.tenant_id.0.as_bytes());
        field(&self.seq.to_be_bytes());
        field(&self.at.0.to_be_bytes());
        field(
            self.actor
                .map(|u| u.0.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        field(self.actor_label.as_bytes());
        field(self.ip.as_bytes());
        field(self.action.as_bytes());
        field(self.object_kind.as_bytes());
        field(self.object_id.as_bytes());
        field(
            self.customer_id
                .map(|c| c.0.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        field(
            self.project_id
                .map(|p| p.0.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        field(self.detail.as_bytes());
    }

    /// The plain SHA-256 of the entry: what entries written before journals were keyed carry.
    /// Anyone can compute it, so it proves nothing against someone who can write the database.
    pub fn plain_hash(&self) -> String {
        let mut h = Sha256::new();
        self.feed(|b| h.update(b));
        hex::encode(h.finalize())
    }

    /// The HMAC-SHA-256 of the entry under the journal key: only the key's holder can make it.
    pub fn keyed_hash(&self, key: &JournalKey) -> String {
        let mut mac = key.mac();
        self.feed(|b| mac.update(b));
        hex::encode(mac.finalize().into_bytes())
    }

    /// The hash this entry must carry: keyed or plain, as it says it is.
    pub fn expected_hash(&self, key: &JournalKey) -> String {
        if self.keyed {
            self.keyed_hash(key)
        } else {
            self.plain_hash()
        }
    }

    /// Seals the entry under the key: marks it keyed and sets its hash. `seq` and
    /// `prev_hash` must be set first.
    pub fn seal(&mut self, key: &JournalKey) {
        self.keyed = true;
        self.hash = self.keyed_hash(key);
    }
}

/// Where a chain check stands: the last entry checked (or the start of the chain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainCursor {
    pub seq: i64,
    pub hash: String,
    /// Whether a keyed entry was met: every later one must be keyed too.
    pub keyed: bool,
}

impl ChainCursor {
    /// Before a tenant's first entry.
    pub fn genesis() -> Self {
        ChainCursor {
            seq: 0,
            hash: GENESIS_HASH.to_string(),
            keyed: false,
        }
    }

    /// Just after `entry`, taken as good (a checkpointed one, say).
    pub fn after(entry: &JournalEntry) -> Self {
        ChainCursor {
            seq: entry.seq,
            hash: entry.hash.clone(),
            keyed: entry.keyed,
        }
    }
}

/// The first place a chain does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry is not the next one: its number or its link to the previous hash is wrong
    /// (an entry was removed, inserted or moved).
    Unlinked { seq: i64, id: EntryId },
    /// The entry's hash does not match its contents under the key: it was edited, or its hash
    /// was recomputed by someone without the key.
    Altered { seq: i64, id: EntryId },
    /// A plain (unkeyed) entry after a keyed one: history rewritten without the key.
    Unkeyed { seq: i64, id: EntryId },
}

impl ChainBreak {
    pub fn seq(&self) -> i64 {
        match self {
            ChainBreak::Unlinked { seq, .. }
            | ChainBreak::Altered { seq, .. }
            | ChainBreak::Unkeyed { seq, .. } => *seq,
        }
    }
}

/// Checks `entries` (in order) as the continuation of `from`: each is the next number, links
/// to the previous hash, carries the hash its contents give under `key`, and is keyed once
/// any entry before it was. Returns where the chain ends, or the first break.
pub fn check_chain(
    from: ChainCursor,
    entries: &[JournalEntry],
    key: &JournalKey,
) -> Result<ChainCursor, ChainBreak> {
    let mut at = from;
    for e in entries {
        if e.seq != at.seq + 1 || e.prev_hash != at.hash {
            return Err(ChainBreak::Unlinked {
                seq: e.seq,
                id: e.id,
            });
        }
        if at.keyed && !e.keyed {
            return Err(ChainBreak::Unkeyed {
                seq: e.seq,
                id: e.id,
            });
        }
        if e.expected_hash(key) != e.hash {
            return Err(ChainBreak::Altered {
                seq: e.seq,
                id: e.id,
            });
        }
        at = ChainCursor::after(e);
    }
    Ok(at)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn key() -> JournalKey {
        JournalKey::from_bytes([42; 32])
    }

    fn entry(tenant: TenantId, seq: i64, prev_hash: String) -> JournalEntry {
        JournalEntry {
            id: EntryId::new(),
            tenant_id: tenant,
            seq,
            at: Millis(seq * 1000),
            actor: None,
            actor_label: "Léa".into(),
            ip: "127.0.0.1".into(),
            action: "document.download".into(),
            object_kind: "version".into(),
            object_id: uuid::Uuid::now_v7(),
            customer_id: None,
            project_id: None,
            detail: format!("rapport-{seq}.pdf"),
            prev_hash,
            hash: String::new(),
            keyed: false,
        }
    }

    /// `plain` entries as written before the upgrade, then `keyed` ones under `key()`.
    pub(crate) fn chain_of(plain: usize, keyed: usize) -> Vec<JournalEntry> {
        let tenant = TenantId::new();
        let mut prev = GENESIS_HASH.to_string();
        (1..=(plain + keyed) as i64)
            .map(|seq| {
                let mut e = entry(tenant, seq, prev.clone());
                if seq as usize > plain {
                    e.seal(&key());
                } else {
                    e.hash = e.plain_hash();
                }
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn check(entries: &[JournalEntry]) -> Result<ChainCursor, ChainBreak> {
        check_chain(ChainCursor::genesis(), entries, &key())
    }

    fn broken_at(entries: &[JournalEntry]) -> Option<i64> {
        check(entries).err().map(|b| b.seq())
    }

    /// Entries written before the upgrade are checked with the very hash the former build
    /// computed, and the keyed hash is the standard HMAC-SHA-256 of the same input (both
    /// values computed independently, with Python's `hashlib` and `hmac`).
    #[test]
    fn hashes_are_the_former_sha256_and_a_standard_hmac() {
        let id = |n: u128| uuid::Uuid::from_u128(0x01900000_0000_7000_8000_000000000000 | n);
        let e = JournalEntry {
            id: EntryId(id(1)),
            tenant_id: TenantId(id(2)),
            seq: 7,
            at: Millis(1_764_900_000_000),
            actor: Some(UserId(id(3))),
            actor_label: "Léa".into(),
            ip: "192.0.2.7".into(),
            action: "document.download".into(),
            object_kind: "version".into(),
            object_id: id(4),
            customer_id: None,
            project_id: Some(ProjectId(id(5))),
            detail: "plan-é.pdf".into(),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
            keyed: false,
        };
        assert_eq!(
            e.plain_hash(),
            "1423febe56aae2d5f1c54fdea864d8360664ad89c2af52c8e0833fd02ce80a6e"
        );
        assert_eq!(
            e.keyed_hash(&key()),
            "b6e69622b4d6550282940e16fdaa4aa3f6d6d88873ca46f024e58145d92a75e1"
        );
    }

    #[test]
    fn a_chain_verifies_and_any_change_breaks_it() {
        let good = chain_of(0, 5);
        let head = check(&good).unwrap();
        assert_eq!((head.seq, head.keyed), (5, true));
        let mut edited = good.clone();
        edited[2].detail = "autre.pdf".into();
        assert!(matches!(
            check(&edited),
            Err(ChainBreak::Altered { seq: 3, .. })
        ));
        let mut removed = good.clone();
        removed.remove(1);
        assert!(matches!(
            check(&removed),
            Err(ChainBreak::Unlinked { seq: 3, .. })
        ));
    }

    #[test]
    fn hashes_recomputed_without_the_key_do_not_verify() {
        let good = chain_of(0, 4);
        // Someone with only the database edits entry 2 and recomputes every hash after it,
        // keyed with a key of their own…
        let mut forged = good.clone();
        forged[1].detail = "falsifié".into();
        let theirs = JournalKey::from_bytes([1; 32]);
        for i in 1..forged.len() {
            forged[i].prev_hash = forged[i - 1].hash.clone();
            forged[i].seal(&theirs);
        }
        assert!(matches!(
            check(&forged),
            Err(ChainBreak::Altered { seq: 2, .. })
        ));
        // … or as plain hashes, marked unkeyed.
        let mut plain = good.clone();
        plain[1].detail = "falsifié".into();
        for i in 1..plain.len() {
            plain[i].prev_hash = plain[i - 1].hash.clone();
            plain[i].keyed = false;
            plain[i].hash = plain[i].plain_hash();
        }
        assert!(matches!(
            check(&plain),
            Err(ChainBreak::Unkeyed { seq: 2, .. })
        ));
        // Recomputing with the key itself verifies: the key is what must be kept safe.
        let mut rekeyed = good.clone();
        rekeyed[1].detail = "falsifié".into();
        for i in 1..rekeyed.len() {
            rekeyed[i].prev_hash = rekeyed[i - 1].hash.clone();
            rekeyed[i].seal(&key());
        }
        assert!(check(&rekeyed).is_ok());
    }

    #[test]
    fn entries_from_before_the_key_are_sealed_by_the_first_keyed_one() {
        let chain = chain_of(3, 2);
        assert!(check(&chain).is_ok(), "plain then keyed verifies");
        // A plain entry is still checked (its plain hash)…
        let mut edited = chain.clone();
        edited[1].detail = "x".into();
        assert_eq!(broken_at(&edited), Some(2));
        // … and recomputing the plain part breaks the link of the first keyed entry, whose
        // HMAC covers the last plain hash.
        let mut rehashed = chain.clone();
        rehashed[1].detail = "x".into();
        rehashed[1].hash = rehashed[1].plain_hash();
        rehashed[2].prev_hash = rehashed[1].hash.clone();
        rehashed[2].hash = rehashed[2].plain_hash();
        assert_eq!(broken_at(&rehashed), Some(4));
    }

    #[test]
    fn a_segment_is_checked_from_where_it_starts() {
        let chain = chain_of(2, 3);
        let from = ChainCursor::after(&chain[2]);
        assert_eq!(
            check_chain(from.clone(), &chain[3..], &key()).unwrap().seq,
            5
        );
        let mut cut = chain[3..].to_vec();
        cut.remove(0);
        assert!(matches!(
            check_chain(from, &cut, &key()),
            Err(ChainBreak::Unlinked { seq: 5, .. })
        ));
    }
}
