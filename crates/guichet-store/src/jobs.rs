//! Work done later (decision 0015) and the reminder rules that queue most of it.
use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

#[async_trait]
pub trait JobStore {
    /// Queues jobs in one transaction; a key the provider already has (done or not) is left as
    /// it is. Returns how many were new.
    async fn enqueue_jobs(&self, jobs: &[(Job, Option<uuid::Uuid>)]) -> StoreResult<usize>;
    /// Claims up to `limit` due jobs (any provider), oldest due first, in one statement: each
    /// takes `lease`, one more attempt, and `run_at = lease_until` (a crashed worker's claim
    /// comes back when it runs out). Two claims never get the same job while a lease runs.
    async fn claim_jobs(
        &self,
        now: Millis,
        lease_until: Millis,
        lease: uuid::Uuid,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;
    /// Ends a claimed job with `outcome`, queues `emails` and writes `notices` (into people's
    /// notifications in the portal), in one transaction, only if the claim still holds (the job
    /// not done, its lease `lease`); otherwise writes nothing and returns `false`.
    async fn finish_job(
        &self,
        job: &Job,
        outcome: JobOutcome,
        at: Millis,
        emails: &[OutboxEmail],
        notices: &[PortalNotice],
    ) -> StoreResult<bool>;
    /// A claimed job failed: due again at `retry_at`, or ended as failed when `retry_at` is
    /// `None`; only if the claim still holds.
    async fn fail_job(
        &self,
        job: &Job,
        error: &str,
        retry_at: Option<Millis>,
        at: Millis,
    ) -> StoreResult<bool>;
    /// A provider's jobs about one document (its reminders), newest first.
    async fn jobs_about(
        &self,
        tenant: TenantId,
        subject: uuid::Uuid,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;
    /// A provider's latest jobs of a kind, newest first.
    async fn recent_jobs(
        &self,
        tenant: TenantId,
        kind: JobKind,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;
}

#[async_trait]
pub trait ReminderStore {
    /// A provider's rules, by kind then days.
    async fn reminder_rules(&self, tenant: TenantId) -> StoreResult<Vec<ReminderRule>>;
    /// Every provider's active rules (the planner's round).
    async fn active_reminder_rules(&self) -> StoreResult<Vec<ReminderRule>>;
    /// Inserts a rule (`seen` = `None`) or replaces it if it was not changed since `seen`
    /// (its `updated_at`), journaled; else `Conflict` (`NotFound` when it is not the tenant's).
    async fn save_reminder_rule(
        &self,
        rule: &ReminderRule,
        seen: Option<Millis>,
    ) -> StoreResult<()>;
    /// Deletes a rule (journaled); its reminders already sent stay recorded.
    async fn delete_reminder_rule(&self, tenant: TenantId, id: ReminderRuleId) -> StoreResult<()>;
}
