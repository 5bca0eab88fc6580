//! Running the job queue (decision 0015): any instance's worker claims due jobs under a
//! five-minute lease, runs each, and ends it — with its emails, in one transaction — only if
//! its claim still holds; a failure is retried with back-off, then given up.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;

/// How long a claim holds a job before another worker may take it.
pub const JOB_LEASE_SECS: i64 = 300;

/// The time workers reckon with: the system's, or shifted (tests that move past due dates).
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    offset_ms: i64,
}

impl Clock {
    pub fn system() -> Self {
        Clock { offset_ms: 0 }
    }
    /// The system's time `secs` later.
    pub fn shifted(secs: i64) -> Self {
        Clock {
            offset_ms: secs * 1000,
        }
    }
    pub fn now(&self) -> Millis {
        Millis(Millis::now().0 + self.offset_ms)
    }
}

/// What a round of jobs did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobRound {
    pub claimed: usize,
    pub done: usize,
    pub dropped: usize,
    pub failed: usize,
    /// Ended by another claim meanwhile (a lease that ran out): nothing written.
    pub lost: usize,
}

impl Portal {
    /// Claims up to `limit` due jobs and runs them.
    pub async fn run_jobs(&self, now: Millis, limit: i64) -> CoreResult<JobRound> {
        let lease = uuid::Uuid::now_v7();
        let jobs = self
            .store
            .claim_jobs(now, now.plus_secs(JOB_LEASE_SECS), lease, limit)
            .await?;
        let mut round = JobRound {
            claimed: jobs.len(),
            ..JobRound::default()
        };
        let mut reminders = crate::billing::reminders::ReminderRound::default();
        for job in jobs {
            let result = match job.kind {
                JobKind::Reminder => self.reminder_job(&job, now, &mut reminders).await,
            };
            match result {
                Ok((outcome, emails, notices)) => {
                    if self
                        .store
                        .finish_job(&job, outcome, now, &emails, &notices)
                        .await?
                    {
                        match outcome {
                            JobOutcome::Done => round.done += 1,
                            _ => round.dropped += 1,
                        }
                    } else {
                        round.lost += 1;
                    }
                }
                Err(e) => {
                    let error = crate::Chain(&e).to_string();
                    tracing::warn!(job = %job.id, key = %job.key, attempts = job.attempts, %error, "job failed");
                    let retry =
                        (job.attempts < JOB_MAX_ATTEMPTS).then(|| job_retry_at(now, job.attempts));
                    self.store.fail_job(&job, &error, retry, now).await?;
                    round.failed += 1;
                }
            }
        }
        Ok(round)
    }
}
