//! An action and the journal entries that record it, written in one transaction (decision
//! 0004): the core runs the store call that makes the change inside `with_journal`, and the
//! store appends the entries in that change's own transaction, just before committing it. A
//! change that fails or is rolled back takes its entries with it; entries are never written
//! for a change that did not happen.
use std::cell::RefCell;
use std::future::Future;

use guichet_domain::{JournalEntry, JournalKey};

/// Entries waiting for the transaction of the change they record.
pub struct PendingJournal {
    pub entries: Vec<JournalEntry>,
    pub key: JournalKey,
}

tokio::task_local! {
    static PENDING: RefCell<Option<PendingJournal>>;
}

/// Runs `write` (one store call making one change) so that `entries` are appended in the
/// transaction that commits it. Returns what `write` gave, and the entries no transaction took
/// (empty when the change was committed with them).
pub async fn with_journal<T>(
    entries: Vec<JournalEntry>,
    key: JournalKey,
    write: impl Future<Output = T>,
) -> (T, Vec<JournalEntry>) {
    let pending = RefCell::new(Some(PendingJournal { entries, key }));
    PENDING
        .scope(pending, async move {
            let out = write.await;
            let left = PENDING
                .try_with(|p| p.borrow_mut().take().map(|p| p.entries))
                .ok()
                .flatten()
                .unwrap_or_default();
            (out, left)
        })
        .await
}

/// For a store committing a write transaction: the entries to append in it, if the change is
/// being journaled (taken: only the first commit writes them).
pub fn take_pending_journal() -> Option<PendingJournal> {
    PENDING
        .try_with(|p| p.borrow_mut().take())
        .ok()
        .flatten()
        .filter(|p| !p.entries.is_empty())
}
