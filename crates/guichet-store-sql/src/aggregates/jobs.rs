//! Jobs claimed by any instance's worker under a lease, and the reminder rules.
use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{JobStore, ReminderStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::Result;
use crate::rows::{Row, code, json, to_json, values};

macro_rules! job_columns {
    () => {
        "id, tenant_id, kind, key, subject_id, payload, run_at, attempts, lease, outcome, done_at, \
         last_error, created_at"
    };
}

#[derive(FromRow)]
struct JobRow {
    id: Uuid,
    tenant_id: Uuid,
    kind: String,
    key: String,
    subject_id: Option<Uuid>,
    payload: String,
    run_at: i64,
    attempts: i32,
    lease: Option<Uuid>,
    outcome: String,
    done_at: Option<i64>,
    last_error: String,
    created_at: i64,
}

impl JobRow {
    fn with_subject(self) -> Result<(Job, Option<Uuid>)> {
        let subject = self.subject_id;
        Ok((self.value()?, subject))
    }
}

impl Row for JobRow {
    type Value = Job;
    fn value(self) -> Result<Job> {
        Ok(Job {
            id: JobId(self.id),
            tenant_id: TenantId(self.tenant_id),
            kind: code(&self.kind, JobKind::parse, "job kind")?,
            key: self.key,
            payload: self.payload,
            run_at: Millis(self.run_at),
            attempts: self.attempts,
            lease: self.lease,
            outcome: code(&self.outcome, JobOutcome::parse, "job outcome")?,
            done_at: self.done_at.map(Millis),
            last_error: self.last_error,
            created_at: Millis(self.created_at),
        })
    }
}

#[derive(FromRow)]
struct RuleRow {
    id: Uuid,
    tenant_id: Uuid,
    kind: String,
    days: i64,
    active: bool,
    subject: String,
    body: String,
    updated_at: i64,
}

impl Row for RuleRow {
    type Value = ReminderRule;
    fn value(self) -> Result<ReminderRule> {
        Ok(ReminderRule {
            id: ReminderRuleId(self.id),
            tenant_id: TenantId(self.tenant_id),
            kind: code(&self.kind, ReminderKind::parse, "reminder kind")?,
            days: self.days,
            active: self.active,
            subject: json(&self.subject, "reminder subject")?,
            body: json(&self.body, "reminder body")?,
            updated_at: Millis(self.updated_at),
        })
    }
}

/// Inserts a job unless its key is queued already; true when it was new.
async fn insert_job(
    e: impl Executor<'_, Database = Db>,
    j: &Job,
    subject: Option<Uuid>,
) -> Result<bool> {
    let done = sqlx::query(concat!(
        "INSERT INTO jobs (",
        job_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (tenant_id, key) DO NOTHING"
    ))
    .bind(j.id.0)
    .bind(j.tenant_id.0)
    .bind(j.kind.code())
    .bind(&j.key)
    .bind(subject)
    .bind(&j.payload)
    .bind(j.run_at.0)
    .bind(j.attempts)
    .bind(j.lease)
    .bind(j.outcome.code())
    .bind(j.done_at.map(|t| t.0))
    .bind(&j.last_error)
    .bind(j.created_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn write_rule(e: impl Executor<'_, Database = Db>, r: &ReminderRule) -> Result<()> {
    sqlx::query(
        "INSERT INTO reminder_rules (id, tenant_id, kind, days, active, subject, body, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id.0)
    .bind(r.tenant_id.0)
    .bind(r.kind.code())
    .bind(r.days)
    .bind(r.active)
    .bind(to_json(&r.subject)?)
    .bind(to_json(&r.body)?)
    .bind(r.updated_at.0)
    .execute(e)
    .await?;
    Ok(())
}

/// Every rule and job (for `migrate-db`).
pub(super) async fn dump(
    pool: &sqlx::Pool<Db>,
) -> Result<(Vec<ReminderRule>, Vec<(Job, Option<Uuid>)>)> {
    let rules: Vec<RuleRow> =
        sqlx::query_as("SELECT * FROM reminder_rules ORDER BY tenant_id, kind, days, id")
            .fetch_all(pool)
            .await?;
    let jobs: Vec<JobRow> = sqlx::query_as(concat!(
        "SELECT ",
        job_columns!(),
        " FROM jobs ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    Ok((
        values(rules)?,
        jobs.into_iter()
            .map(JobRow::with_subject)
            .collect::<Result<_>>()?,
    ))
}

pub(super) async fn restore(
    tx: &mut super::Transaction,
    rules: &[ReminderRule],
    jobs: &[(Job, Option<Uuid>)],
) -> Result<()> {
    for r in rules {
        write_rule(&mut **tx, r).await?;
    }
    for (j, subject) in jobs {
        insert_job(&mut **tx, j, *subject).await?;
    }
    Ok(())
}

#[async_trait]
impl JobStore for SqlStore {
    async fn enqueue_jobs(&self, jobs: &[(Job, Option<Uuid>)]) -> StoreResult<usize> {
        if jobs.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for (j, subject) in jobs {
            if insert_job(&mut *tx, j, *subject).await? {
                new += 1;
            }
        }
        super::commit(tx).await?;
        Ok(new)
    }

    async fn claim_jobs(
        &self,
        now: Millis,
        lease_until: Millis,
        lease: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        // The outer condition is checked again on each row as it is locked (PostgreSQL) or
        // under the write lock (SQLite): a row another claim took meanwhile is skipped.
        let rows: Vec<JobRow> = sqlx::query_as(concat!(
            "UPDATE jobs SET run_at = $2, lease = $3, attempts = attempts + 1 \
             WHERE done_at IS NULL AND run_at <= $1 AND id IN \
             (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1 \
             ORDER BY run_at LIMIT $4) RETURNING ",
            job_columns!()
        ))
        .bind(now.0)
        .bind(lease_until.0)
        .bind(lease)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }

    async fn finish_job(
        &self,
        job: &Job,
        outcome: JobOutcome,
        at: Millis,
        emails: &[OutboxEmail],
        notices: &[PortalNotice],
    ) -> StoreResult<bool> {
        let _changing = (!notices.is_empty()).then(|| self.cache.changing());
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE jobs SET outcome = $4, done_at = $5, lease = NULL, last_error = '' \
             WHERE tenant_id = $1 AND id = $2 AND lease = $3 AND done_at IS NULL",
        )
        .bind(job.tenant_id.0)
        .bind(job.id.0)
        .bind(job.lease)
        .bind(outcome.code())
        .bind(at.0)
        .execute(&mut *tx)
        .await
        .map_err(crate::error::Error::from)?;
        if done.rows_affected() != 1 {
            tx.rollback().await.map_err(crate::error::Error::from)?;
            return Ok(false);
        }
        for m in emails {
            super::outbox::insert(&mut *tx, m).await?;
        }
        for n in notices {
            super::notifications::insert_notice(&mut *tx, n).await?;
        }
        super::commit(tx).await?;
        Ok(true)
    }

    async fn fail_job(
        &self,
        job: &Job,
        error: &str,
        retry_at: Option<Millis>,
        at: Millis,
    ) -> StoreResult<bool> {
        let (run_at, outcome, done_at) = match retry_at {
            Some(t) => (t, JobOutcome::Pending, None),
            None => (job.run_at, JobOutcome::Failed, Some(at.0)),
        };
        let done = sqlx::query(
            "UPDATE jobs SET run_at = $4, outcome = $5, done_at = $6, last_error = $7, \
             lease = NULL WHERE tenant_id = $1 AND id = $2 AND lease = $3 AND done_at IS NULL",
        )
        .bind(job.tenant_id.0)
        .bind(job.id.0)
        .bind(job.lease)
        .bind(run_at.0)
        .bind(outcome.code())
        .bind(done_at)
        .bind(error)
        .execute(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(done.rows_affected() == 1)
    }

    async fn jobs_about(
        &self,
        tenant: TenantId,
        subject: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        let rows: Vec<JobRow> = sqlx::query_as(concat!(
            "SELECT ",
            job_columns!(),
            " FROM jobs WHERE tenant_id = $1 AND subject_id = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(tenant.0)
        .bind(subject)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }

    async fn recent_jobs(
        &self,
        tenant: TenantId,
        kind: JobKind,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        let rows: Vec<JobRow> = sqlx::query_as(concat!(
            "SELECT ",
            job_columns!(),
            " FROM jobs WHERE tenant_id = $1 AND kind = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(tenant.0)
        .bind(kind.code())
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }
}

#[async_trait]
impl ReminderStore for SqlStore {
    async fn reminder_rules(&self, tenant: TenantId) -> StoreResult<Vec<ReminderRule>> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT * FROM reminder_rules WHERE tenant_id = $1 ORDER BY kind, days, id",
        )
        .bind(tenant.0)
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }

    async fn active_reminder_rules(&self) -> StoreResult<Vec<ReminderRule>> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT * FROM reminder_rules WHERE active ORDER BY tenant_id, kind, days, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(crate::error::Error::from)?;
        Ok(values(rows)?)
    }

    async fn save_reminder_rule(&self, r: &ReminderRule, seen: Option<Millis>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match seen {
            None => write_rule(&mut *tx, r).await?,
            Some(seen) => {
                let done = sqlx::query(
                    "UPDATE reminder_rules SET kind = $3, days = $4, active = $5, subject = $6, \
                     body = $7, updated_at = $8 WHERE tenant_id = $1 AND id = $2 \
                     AND updated_at = $9",
                )
                .bind(r.tenant_id.0)
                .bind(r.id.0)
                .bind(r.kind.code())
                .bind(r.days)
                .bind(r.active)
                .bind(to_json(&r.subject)?)
                .bind(to_json(&r.body)?)
                .bind(r.updated_at.0)
                .bind(seen.0)
                .execute(&mut *tx)
                .await
                .map_err(crate::error::Error::from)?;
                if done.rows_affected() == 0 {
                    let exists: Option<(i64,)> = sqlx::query_as(
                        "SELECT updated_at FROM reminder_rules WHERE tenant_id = $1 AND id = $2",
                    )
                    .bind(r.tenant_id.0)
                    .bind(r.id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(crate::error::Error::from)?;
                    tx.rollback().await.map_err(crate::error::Error::from)?;
                    return Ok(match exists {
                        Some(_) => crate::error::conflict("reminder_rules_updated_at"),
                        None => crate::error::not_found(),
                    }?);
                }
            }
        }
        Ok(super::commit(tx).await?)
    }

    async fn delete_reminder_rule(&self, tenant: TenantId, id: ReminderRuleId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM reminder_rules WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(crate::error::Error::from)?;
        crate::error::changed(done.rows_affected())?;
        Ok(super::commit(tx).await?)
    }
}
