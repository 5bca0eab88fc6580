//! The activity journal: append-only, hash-chained per tenant — each entry carries the hash of
//! the one before, so changing or removing any entry breaks every hash after it.
use sha2::{Digest, Sha256};

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
}

impl JournalEntry {
    /// SHA-256 over the previous hash and every field of the entry, length-prefixed so that no
    /// two different entries hash alike.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_be_bytes());
            h.update(bytes);
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
        hex::encode(h.finalize())
    }
}

/// Where a chain breaks: the first entry whose hash or link does not match, if any.
pub fn first_broken(entries: &[JournalEntry]) -> Option<&JournalEntry> {
    let mut prev = GENESIS_HASH.to_string();
    let mut seq = 0;
    for e in entries {
        seq += 1;
        if e.seq != seq || e.prev_hash != prev || e.compute_hash() != e.hash {
            return Some(e);
        }
        prev = e.hash.clone();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<JournalEntry> {
        let tenant = TenantId::new();
        let mut prev = GENESIS_HASH.to_string();
        (1..=n as i64)
            .map(|seq| {
                let mut e = JournalEntry {
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
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn a_chain_verifies_and_any_change_breaks_it() {
        let good = chain(5);
        assert!(first_broken(&good).is_none());
        let mut edited = good.clone();
        edited[2].detail = "autre.pdf".into();
        assert_eq!(first_broken(&edited).map(|e| e.seq), Some(3));
        let mut removed = good.clone();
        removed.remove(1);
        assert_eq!(first_broken(&removed).map(|e| e.seq), Some(3));
        let mut rehashed = good.clone();
        rehashed[1].detail = "x".into();
        rehashed[1].hash = rehashed[1].compute_hash();
        assert_eq!(
            first_broken(&rehashed).map(|e| e.seq),
            Some(3),
            "the next link breaks"
        );
    }
}
