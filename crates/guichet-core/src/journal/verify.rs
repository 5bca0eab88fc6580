//! Checking a tenant's journal without trusting the database: the keyed chain (every entry
//! hashes to what it carries under the journal key, links to the one before, and nothing
//! after a keyed entry is plain) and the signed checkpoints kept outside the database (none
//! forged, none beyond the chain's end, none naming an entry that changed since).
use std::fmt;

use guichet_domain::{
    ChainBreak, ChainCursor, CheckpointBreak, CheckpointLineError, TenantId, check_chain,
    check_checkpoints,
};

use crate::Portal;
use crate::error::CoreResult;

/// One thing wrong with a tenant's journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JournalProblem {
    Chain(ChainBreak),
    Checkpoint(CheckpointBreak),
    /// A checkpoint line naming this tenant whose signature is not the journal key's.
    ForgedCheckpoint {
        line: usize,
    },
    /// A line of the checkpoint file that is not a checkpoint at all.
    UnreadableCheckpoint {
        line: usize,
    },
}

impl fmt::Display for JournalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalProblem::Chain(ChainBreak::Unlinked { seq, id }) => write!(
                f,
                "entry #{seq} ({id}) does not follow the entry before it: entries were removed, \
                 inserted or moved"
            ),
            JournalProblem::Chain(ChainBreak::Altered { seq, id }) => write!(
                f,
                "entry #{seq} ({id}) does not match its hash under the journal key: it was \
                 edited, or its hash recomputed without the key (or this is not the key it was \
                 written with)"
            ),
            JournalProblem::Chain(ChainBreak::Unkeyed { seq, id }) => write!(
                f,
                "entry #{seq} ({id}) carries a plain hash after keyed entries: the history was \
                 rewritten without the journal key"
            ),
            JournalProblem::Checkpoint(CheckpointBreak::Truncated {
                checkpoint_seq,
                last_seq,
            }) => write!(
                f,
                "the journal was cut: a signed checkpoint vouches for entry #{checkpoint_seq} \
                 but the chain ends at #{last_seq}"
            ),
            JournalProblem::Checkpoint(CheckpointBreak::Rewritten { seq }) => write!(
                f,
                "entry #{seq} is not the one a signed checkpoint vouches for: the history was \
                 rewritten"
            ),
            JournalProblem::ForgedCheckpoint { line } => write!(
                f,
                "checkpoint line {line} has a bad signature: forged, or edited after it was \
                 written"
            ),
            JournalProblem::UnreadableCheckpoint { line } => {
                write!(f, "checkpoint line {line} is not a checkpoint")
            }
        }
    }
}

/// What checking a tenant's journal found.
#[derive(Debug, PartialEq, Eq)]
pub struct JournalCheck {
    pub entries: usize,
    /// The number of the first keyed entry (those before were written before the upgrade).
    pub keyed_from: Option<i64>,
    /// The highest number a good checkpoint vouches for.
    pub checkpointed: Option<i64>,
    /// Empty when the journal holds.
    pub problems: Vec<JournalProblem>,
}

impl JournalCheck {
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Portal {
    /// The tenants that good checkpoint lines name: each must still be in the database (a
    /// tenant removed with its journal is a cut journal too).
    pub async fn checkpointed_tenants(&self) -> CoreResult<Vec<TenantId>> {
        let mut tenants: Vec<TenantId> = self
            .checkpoints
            .read(&self.settings.journal.key)
            .await?
            .into_iter()
            .filter_map(|(_, line)| line.ok().map(|c| c.tenant))
            .collect();
        tenants.sort_by_key(|t| t.0);
        tenants.dedup();
        Ok(tenants)
    }

    /// Checks a tenant's whole chain under the journal key, and against every checkpoint line.
    pub async fn verify_journal(&self, tenant: TenantId) -> CoreResult<JournalCheck> {
        let key = &self.settings.journal.key;
        let chain = self.store.chain(tenant).await?;
        let mut problems = Vec::new();
        if let Err(b) = check_chain(ChainCursor::genesis(), &chain, key) {
            problems.push(JournalProblem::Chain(b));
        }
        let mut checkpoints = Vec::new();
        for (line, read) in self.checkpoints.read(key).await? {
            match read {
                Ok(c) if c.tenant == tenant => checkpoints.push(c),
                Ok(_) => {}
                Err(CheckpointLineError::BadSignature { tenant: t }) if t == tenant => {
                    problems.push(JournalProblem::ForgedCheckpoint { line })
                }
                Err(CheckpointLineError::BadSignature { .. }) => {}
                Err(CheckpointLineError::Malformed) => {
                    problems.push(JournalProblem::UnreadableCheckpoint { line })
                }
            }
        }
        problems.extend(
            check_checkpoints(&chain, &checkpoints)
                .into_iter()
                .map(JournalProblem::Checkpoint),
        );
        Ok(JournalCheck {
            entries: chain.len(),
            keyed_from: chain.iter().find(|e| e.keyed).map(|e| e.seq),
            checkpointed: checkpoints.iter().map(|c| c.seq).max(),
            problems,
        })
    }
}
