//! The checkpoint file: signed lines appended outside the database, one per checkpoint
//! (`Checkpoint::signed_line`), never rewritten. Checkpoints are made by the workers from time
//! to time and by `guichet audit checkpoint`; each is signed only after the entries appended
//! since the previous one were checked, so a checkpoint never vouches for a broken chain.
use std::collections::HashMap;
use std::path::PathBuf;

use guichet_domain::{
    ChainCursor, Checkpoint, CheckpointBreak, CheckpointLineError, JournalKey, Millis, TenantId,
    check_chain,
};
use tokio::io::AsyncWriteExt;

use super::verify::JournalProblem;
use crate::Portal;
use crate::error::{CoreError, CoreResult};

/// A line of the file as read back: its number (from 1) and what it holds.
pub(crate) type Line = (usize, Result<Checkpoint, CheckpointLineError>);

/// Where checkpoints are kept, and the last one of each tenant as this process knows it.
#[derive(Default)]
pub(crate) struct CheckpointLog {
    /// None: checkpoints are neither made nor checked.
    path: Option<PathBuf>,
    /// Appends one at a time (lines stay whole), and the last checkpoint per tenant once the
    /// file was read (None until then).
    last: tokio::sync::Mutex<Option<HashMap<TenantId, Checkpoint>>>,
}

impl CheckpointLog {
    pub(crate) fn new(path: Option<PathBuf>) -> Self {
        CheckpointLog {
            path,
            last: Default::default(),
        }
    }

    /// Every line of the file (none if there is no file yet).
    pub(crate) async fn read(&self, key: &JournalKey) -> CoreResult<Vec<Line>> {
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        let text = match tokio::fs::read_to_string(path).await {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(CoreError::internal(format!(
                    "reading the journal checkpoints {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, Checkpoint::parse_line(l, key)))
            .collect())
    }
}

/// What a checkpoint round did for a tenant.
#[derive(Debug, PartialEq, Eq)]
pub enum CheckpointOutcome {
    /// A new checkpoint was appended.
    Written(Checkpoint),
    /// Nothing was appended since the last checkpoint (if any).
    Unchanged(Option<Checkpoint>),
    /// The chain does not hold since the last checkpoint: nothing is signed.
    Refused(JournalProblem),
}

impl CheckpointOutcome {
    /// The number of the tenant's last checkpointed entry, if any.
    pub fn last_seq(&self) -> Option<i64> {
        match self {
            CheckpointOutcome::Written(c) | CheckpointOutcome::Unchanged(Some(c)) => Some(c.seq),
            _ => None,
        }
    }
}

impl Portal {
    /// Whether checkpoints are kept (a checkpoint file is configured).
    pub fn checkpoints_enabled(&self) -> bool {
        self.checkpoints.path.is_some()
    }

    /// The public half of the key that signs checkpoints (to check them elsewhere).
    pub fn checkpoint_public_key(&self) -> [u8; 32] {
        self.settings.journal.key.checkpoint_public_key().to_bytes()
    }

    /// Checkpoints a tenant's journal: checks the entries appended since its last checkpoint
    /// (or the whole chain, for a first one) and, if they hold and there are new ones, appends
    /// a signed line for the last entry.
    pub async fn checkpoint_journal(&self, tenant: TenantId) -> CoreResult<CheckpointOutcome> {
        let key = &self.settings.journal.key;
        let Some(path) = &self.checkpoints.path else {
            return Err(CoreError::internal(
                "no journal checkpoint file is configured",
            ));
        };
        let mut last = self.checkpoints.last.lock().await;
        let known = match last.as_mut() {
            Some(known) => known,
            None => last.insert(self.last_checkpoints(key).await?),
        };
        let previous = known.get(&tenant).cloned();
        let from = previous.as_ref().map_or(1, |c| c.seq);
        let entries = self.store.chain_from(tenant, from).await?;
        let checked = match &previous {
            None => check_chain(ChainCursor::genesis(), &entries, key),
            Some(c) => match entries.first() {
                Some(e) if e.seq == c.seq && e.hash == c.hash => {
                    check_chain(ChainCursor::after(e), &entries[1..], key)
                }
                Some(_) => {
                    return Ok(CheckpointOutcome::Refused(JournalProblem::Checkpoint(
                        CheckpointBreak::Rewritten { seq: c.seq },
                    )));
                }
                None => {
                    let last_seq = self.last_seq(tenant).await?;
                    return Ok(CheckpointOutcome::Refused(JournalProblem::Checkpoint(
                        CheckpointBreak::Truncated {
                            checkpoint_seq: c.seq,
                            last_seq,
                        },
                    )));
                }
            },
        };
        let head = match checked {
            Ok(head) => head,
            Err(b) => return Ok(CheckpointOutcome::Refused(JournalProblem::Chain(b))),
        };
        if head.seq == 0 || previous.as_ref().is_some_and(|c| c.seq == head.seq) {
            return Ok(CheckpointOutcome::Unchanged(previous));
        }
        let checkpoint = Checkpoint {
            tenant,
            seq: head.seq,
            hash: head.hash,
            at: Millis::now(),
        };
        append_line(path, &checkpoint.signed_line(key)).await?;
        known.insert(tenant, checkpoint.clone());
        Ok(CheckpointOutcome::Written(checkpoint))
    }

    /// The number of a tenant's last entry (0 when it has none).
    async fn last_seq(&self, tenant: TenantId) -> CoreResult<i64> {
        let newest = guichet_store::JournalQuery {
            limit: 1,
            ..Default::default()
        };
        let last = self.store.journal(tenant, &newest).await?;
        Ok(last.first().map_or(0, |e| e.seq))
    }

    /// The last good checkpoint of each tenant in the file.
    async fn last_checkpoints(
        &self,
        key: &JournalKey,
    ) -> CoreResult<HashMap<TenantId, Checkpoint>> {
        let mut last: HashMap<TenantId, Checkpoint> = HashMap::new();
        for (_, line) in self.checkpoints.read(key).await? {
            if let Ok(c) = line
                && last.get(&c.tenant).is_none_or(|l| l.seq < c.seq)
            {
                last.insert(c.tenant, c);
            }
        }
        Ok(last)
    }
}

/// Appends one line (and its newline) in one write, and waits until it is on disk.
async fn append_line(path: &std::path::Path, line: &str) -> CoreResult<()> {
    let failed =
        |e: std::io::Error| CoreError::internal(format!("writing {}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir).await.map_err(failed)?;
    }
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .await
        .map_err(failed)?;
    file.write_all(format!("{line}\n").as_bytes())
        .await
        .map_err(failed)?;
    file.sync_data().await.map_err(failed)
}
