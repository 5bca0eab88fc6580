//! Work done later by any instance's workers (decision 0015): one row per job, keyed so that
//! the same work is queued once, claimed by one worker at a time under a lease, retried with
//! back-off, and kept once done with its outcome.
use crate::{JobId, Millis, TenantId};

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Send one reminder (its key says which), if it still holds.
    Reminder,
}

impl JobKind {
    pub const ALL: [JobKind; 1] = [JobKind::Reminder];
    pub fn code(self) -> &'static str {
        match self {
            JobKind::Reminder => "reminder",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobOutcome {
    /// Waiting, or being run.
    Pending,
    /// Done: for a reminder, its emails queued.
    Done,
    /// No longer needed when its turn came (a reminder whose invoice was paid meanwhile).
    Dropped,
    /// Another job does its work instead (a later reminder of the same document).
    Superseded,
    /// Failed every attempt.
    Failed,
}

impl JobOutcome {
    pub const ALL: [JobOutcome; 5] = [
        JobOutcome::Pending,
        JobOutcome::Done,
        JobOutcome::Dropped,
        JobOutcome::Superseded,
        JobOutcome::Failed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            JobOutcome::Pending => "pending",
            JobOutcome::Done => "done",
            JobOutcome::Dropped => "dropped",
            JobOutcome::Superseded => "superseded",
            JobOutcome::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Attempts before a job is given up, and the back-off between them.
pub const JOB_MAX_ATTEMPTS: i32 = 8;

/// When attempt `attempts` (1 = the first) failed at `now`, the next one: 30 s doubled each
/// time, at most six hours.
pub fn job_retry_at(now: Millis, attempts: i32) -> Millis {
    let secs = 30i64 << attempts.clamp(1, 20).saturating_sub(1);
    now.plus_secs(secs.min(6 * 3600))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub tenant_id: TenantId,
    pub kind: JobKind,
    /// Unique per provider: queuing the same key twice queues one job.
    pub key: String,
    /// What the job needs beyond its key (JSON).
    pub payload: String,
    /// Due from then; while claimed, the end of the claim's lease.
    pub run_at: Millis,
    pub attempts: i32,
    /// The claim running it: only that claim may finish it.
    pub lease: Option<uuid::Uuid>,
    pub outcome: JobOutcome,
    pub done_at: Option<Millis>,
    pub last_error: String,
    pub created_at: Millis,
}

impl Job {
    /// A job due at `run_at`.
    pub fn new(
        tenant: TenantId,
        kind: JobKind,
        key: String,
        payload: String,
        run_at: Millis,
    ) -> Self {
        Job {
            id: JobId::new(),
            tenant_id: tenant,
            kind,
            key,
            payload,
            run_at,
            attempts: 0,
            lease: None,
            outcome: JobOutcome::Pending,
            done_at: None,
            last_error: String::new(),
            created_at: run_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_stops_at_six_hours() {
        let now = Millis(0);
        assert_eq!(job_retry_at(now, 1), Millis(30_000));
        assert_eq!(job_retry_at(now, 2), Millis(60_000));
        assert_eq!(job_retry_at(now, 4), Millis(240_000));
        assert_eq!(job_retry_at(now, 30), Millis(6 * 3600 * 1000));
        for k in JobOutcome::ALL {
            assert_eq!(JobOutcome::parse(k.code()), Some(k));
        }
    }
}
