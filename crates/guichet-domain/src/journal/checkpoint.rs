//! Checkpoints: "tenant T's journal had N entries, the last one hashing H, at time A", signed
//! with the ed25519 key derived from the journal key and kept outside the database, one line
//! each. A chain that ends before a checkpointed number lost its tail; a chain whose entry N
//! no longer hashes to H was rewritten.
use ed25519_dalek::{Signature, Signer};

use super::{JournalEntry, JournalKey};
use crate::{Millis, TenantId};

/// The first word of a line, naming its format.
const VERSION: &str = "v1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub tenant: TenantId,
    /// The number of the chain's last entry when the checkpoint was made.
    pub seq: i64,
    /// That entry's hash.
    pub hash: String,
    pub at: Millis,
}

/// Why a checkpoint line cannot be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointLineError {
    /// Not a checkpoint line at all (cut short, garbled).
    #[error("not a checkpoint line")]
    Malformed,
    /// A well-formed line whose signature was not made with this journal's key: forged, or
    /// edited after it was written.
    #[error("bad signature")]
    BadSignature { tenant: TenantId },
}

impl Checkpoint {
    /// What is signed: the format, then each field on its own line.
    fn message(&self) -> String {
        format!(
            "guichet journal checkpoint {VERSION}\n{}\n{}\n{}\n{}",
            self.tenant, self.seq, self.hash, self.at.0
        )
    }

    /// The line to append to the checkpoint file (without its newline).
    pub fn signed_line(&self, key: &JournalKey) -> String {
        let signature = key.signing_key().sign(self.message().as_bytes());
        format!(
            "{VERSION} {} {} {} {} {}",
            self.tenant,
            self.seq,
            self.hash,
            self.at.0,
            hex::encode(signature.to_bytes())
        )
    }

    /// Reads a line back, checking its signature against the journal key's.
    pub fn parse_line(line: &str, key: &JournalKey) -> Result<Checkpoint, CheckpointLineError> {
        let malformed = CheckpointLineError::Malformed;
        let words: Vec<&str> = line.split(' ').collect();
        let [VERSION, tenant, seq, hash, at, signature] = words.as_slice() else {
            return Err(malformed);
        };
        let checkpoint = Checkpoint {
            tenant: tenant.parse().map_err(|_| malformed)?,
            seq: seq.parse().map_err(|_| malformed)?,
            hash: (*hash).to_string(),
            at: Millis(at.parse().map_err(|_| malformed)?),
        };
        let bad = CheckpointLineError::BadSignature {
            tenant: checkpoint.tenant,
        };
        let bytes: [u8; 64] = hex::decode(signature)
            .map_err(|_| bad)?
            .try_into()
            .map_err(|_| bad)?;
        key.checkpoint_public_key()
            .verify_strict(
                checkpoint.message().as_bytes(),
                &Signature::from_bytes(&bytes),
            )
            .map_err(|_| bad)?;
        Ok(checkpoint)
    }
}

/// Where a chain disagrees with its checkpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckpointBreak {
    /// The chain ends before a checkpointed number: its tail was cut.
    Truncated { checkpoint_seq: i64, last_seq: i64 },
    /// The entry at a checkpointed number is not the one that was checkpointed.
    Rewritten { seq: i64 },
}

/// Compares a tenant's chain (in order) with its checkpoints: the highest checkpoint beyond
/// the chain's end, and the first checkpointed entry whose hash differs.
pub fn check_checkpoints(
    chain: &[JournalEntry],
    checkpoints: &[Checkpoint],
) -> Vec<CheckpointBreak> {
    let last_seq = chain.last().map_or(0, |e| e.seq);
    let mut found = Vec::new();
    if let Some(beyond) = checkpoints
        .iter()
        .filter(|c| c.seq > last_seq)
        .max_by_key(|c| c.seq)
    {
        found.push(CheckpointBreak::Truncated {
            checkpoint_seq: beyond.seq,
            last_seq,
        });
    }
    let mut within: Vec<&Checkpoint> = checkpoints.iter().filter(|c| c.seq <= last_seq).collect();
    within.sort_by_key(|c| c.seq);
    let differs = |c: &&&Checkpoint| {
        chain
            .binary_search_by_key(&c.seq, |e| e.seq)
            .map_or(true, |i| chain[i].hash != c.hash)
    };
    if let Some(c) = within.iter().find(differs) {
        found.push(CheckpointBreak::Rewritten { seq: c.seq });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::tests::{chain_of, key};
    use super::*;

    fn checkpoint_of(chain: &[JournalEntry], seq: i64) -> Checkpoint {
        let e = &chain[(seq - 1) as usize];
        Checkpoint {
            tenant: e.tenant_id,
            seq,
            hash: e.hash.clone(),
            at: Millis(1_000_000),
        }
    }

    #[test]
    fn lines_read_back_only_with_their_signature() {
        let chain = chain_of(0, 3);
        let c = checkpoint_of(&chain, 3);
        let line = c.signed_line(&key());
        assert_eq!(Checkpoint::parse_line(&line, &key()), Ok(c.clone()));
        // A line moved to a higher number, or signed by another key, is refused.
        let moved = line.replacen(" 3 ", " 30 ", 1);
        assert_eq!(
            Checkpoint::parse_line(&moved, &key()),
            Err(CheckpointLineError::BadSignature { tenant: c.tenant })
        );
        let other = c.signed_line(&JournalKey::from_bytes([3; 32]));
        assert!(matches!(
            Checkpoint::parse_line(&other, &key()),
            Err(CheckpointLineError::BadSignature { .. })
        ));
        for garbled in ["", "v1", "v2 x 1 h 1 s", &line[..line.len() / 2]] {
            assert!(
                Checkpoint::parse_line(garbled, &key()).is_err(),
                "{garbled}"
            );
        }
    }

    #[test]
    fn a_cut_tail_and_a_rewritten_entry_disagree_with_the_checkpoints() {
        let chain = chain_of(1, 5);
        let cps = [checkpoint_of(&chain, 2), checkpoint_of(&chain, 5)];
        assert!(check_checkpoints(&chain, &cps).is_empty());
        assert_eq!(
            check_checkpoints(&chain[..3], &cps),
            [CheckpointBreak::Truncated {
                checkpoint_seq: 5,
                last_seq: 3
            }]
        );
        let mut rewritten = chain.clone();
        rewritten[1].hash = "f".repeat(64);
        assert_eq!(
            check_checkpoints(&rewritten, &cps),
            [CheckpointBreak::Rewritten { seq: 2 }]
        );
        assert_eq!(
            check_checkpoints(&[], &cps[..1]),
            [CheckpointBreak::Truncated {
                checkpoint_seq: 2,
                last_seq: 0
            }]
        );
    }
}
