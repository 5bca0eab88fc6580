//! Reminders (issue 17): staff keep the provider's rules; the planner queues each reminder due
//! as a job keyed (document, rule, step); when its turn comes the job checks its condition
//! again (invoice still unpaid? quote still open? no later reminder due instead?) and queues
//! the emails in the same transaction that ends it. A key is queued once and a job is ended
//! once, whatever the number of instances: each reminder goes out at most once, and after
//! downtime the due ones are caught up once (decision 0015). Each also appears in the
//! recipient's notifications in the portal, written in the same transaction.
use std::collections::BTreeMap;

use guichet_domain::*;
use guichet_store::{InvoiceQuery, QuoteQuery};
use serde::{Deserialize, Serialize};

use crate::access::{Action, RecordRef, require};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// What staff type for a rule.
#[derive(Clone, Debug, Default)]
pub struct RuleInput {
    pub kind: String,
    pub days: String,
    pub active: bool,
    pub subject_fr: String,
    pub subject_en: String,
    pub body_fr: String,
    pub body_en: String,
    /// The rule's `updated_at` as the form showed it (empty for a new rule).
    pub seen: String,
}

/// What a reminder job carries beside its key.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ReminderPayload {
    kind: String,
    document: uuid::Uuid,
    /// The invoice's or quote's number (for lists).
    number: i64,
}

/// What a round of reminder jobs reads once (a round lasts a second or so): each provider with
/// its rules and roles, each customer with its contacts. The documents themselves are read
/// again for every job.
#[derive(Default)]
pub(crate) struct ReminderRound {
    providers:
        std::collections::HashMap<TenantId, Option<(Vec<ReminderRule>, Vec<(Role, i64)>, Tenant)>>,
    customers:
        std::collections::HashMap<CustomerId, Option<(Customer, Vec<guichet_store::Member>)>>,
}

/// The most open invoices (and sent quotes) of one provider a planning round reads, a page at
/// a time.
const PLAN_MAX: i64 = 200_000;
const PAGE: i64 = 1000;

impl Portal {
    /// The provider's rules (staff who manage invoices).
    pub async fn reminder_rules(&self, actor: &User) -> CoreResult<Vec<ReminderRule>> {
        require(actor, Action::ManageInvoices)?;
        Ok(self.store.reminder_rules(actor.tenant_id).await?)
    }

    /// A new rule of `kind`, its texts the catalogs' defaults in both languages.
    pub fn default_reminder_rule(
        &self,
        tenant: TenantId,
        kind: ReminderKind,
        days: i64,
    ) -> ReminderRule {
        let texts = |part: &str| {
            let key = format!("reminder-{}-{part}", kind.code());
            let args: Vec<(&str, String)> = kind
                .placeholders()
                .iter()
                .map(|p| (*p, format!("{{{p}}}")))
                .collect();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Texts {
                fr: self.catalogs.t_with(Locale::Fr, &key, &args),
                en: self.catalogs.t_with(Locale::En, &key, &args),
            }
        };
        ReminderRule {
            id: ReminderRuleId::new(),
            tenant_id: tenant,
            kind,
            days,
            active: true,
            subject: texts("subject"),
            body: texts("body"),
            updated_at: Millis::now(),
        }
    }

    /// Saves a rule as typed: a new one (`id` = `None`) or changes to one not changed since
    /// the form showed it (else `Conflict`). Journaled.
    pub async fn save_reminder_rule(
        &self,
        actor: &User,
        client: &Client,
        id: Option<ReminderRuleId>,
        input: &RuleInput,
    ) -> CoreResult<ReminderRule> {
        require(actor, Action::ManageInvoices)?;
        let existing = self.store.reminder_rules(actor.tenant_id).await?;
        let before = match id {
            Some(id) => Some(
                existing
                    .iter()
                    .find(|r| r.id == id)
                    .cloned()
                    .ok_or(CoreError::NotFound)?,
            ),
            None if existing.len() >= REMINDER_RULES_MAX => {
                return Err(CoreError::field("kind", "error-reminder-too-many"));
            }
            None => None,
        };
        let mut errors = FieldErrors::default();
        let kind = match ReminderKind::parse(input.kind.trim()) {
            Some(k) => k,
            None => {
                errors.add("kind", "error-reminder-kind");
                ReminderKind::InvoiceDue
            }
        };
        let days = input.days.trim().parse::<i64>().unwrap_or(-1);
        let now = Millis(
            Millis::now()
                .0
                .max(before.as_ref().map_or(0, |b| b.updated_at.0 + 1)),
        );
        let rule = ReminderRule {
            id: before.as_ref().map_or_else(ReminderRuleId::new, |b| b.id),
            tenant_id: actor.tenant_id,
            kind,
            days,
            active: input.active,
            subject: Texts {
                fr: input.subject_fr.trim().to_string(),
                en: input.subject_en.trim().to_string(),
            },
            body: Texts {
                fr: input.body_fr.trim().replace("\r\n", "\n"),
                en: input.body_en.trim().replace("\r\n", "\n"),
            },
            updated_at: now,
        };
        for p in rule.problems() {
            match p {
                RuleProblem::Days => errors.add(
                    "days",
                    if kind == ReminderKind::InvoiceOverdue {
                        "error-reminder-days-overdue"
                    } else {
                        "error-reminder-days"
                    },
                ),
                RuleProblem::Empty(f) => errors.add(f, "error-required"),
                RuleProblem::TooLong(f) => errors.add(f, "error-reminder-text"),
                RuleProblem::UnknownPlaceholder(f, _) => {
                    errors.add(f, "error-reminder-placeholder")
                }
                RuleProblem::NoLink(f) => errors.add(f, "error-reminder-link"),
            }
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        let seen = match &before {
            None => None,
            Some(b) => Some(
                input
                    .seen
                    .trim()
                    .parse::<i64>()
                    .map(Millis)
                    .unwrap_or(b.updated_at),
            ),
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: if before.is_some() {
                    "reminders.rule.change"
                } else {
                    "reminders.rule.add"
                },
                object_kind: "reminder_rule",
                object_id: rule.id.0,
                customer: None,
                project: None,
                detail: format!(
                    "{} · {} day(s) · {}",
                    kind.code(),
                    rule.days,
                    if rule.active { "active" } else { "paused" }
                ),
            },
        );
        match self
            .journaled(vec![entry], self.store.save_reminder_rule(&rule, seen))
            .await
        {
            Err(guichet_store::StoreError::Conflict { .. }) => return Err(CoreError::Conflict),
            other => other?,
        }
        Ok(rule)
    }

    /// Deletes a rule (journaled); reminders it already sent stay listed.
    pub async fn delete_reminder_rule(
        &self,
        actor: &User,
        client: &Client,
        id: ReminderRuleId,
    ) -> CoreResult<()> {
        require(actor, Action::ManageInvoices)?;
        let rule = self
            .store
            .reminder_rules(actor.tenant_id)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(CoreError::NotFound)?;
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "reminders.rule.delete",
                object_kind: "reminder_rule",
                object_id: id.0,
                customer: None,
                project: None,
                detail: format!("{} · {} day(s)", rule.kind.code(), rule.days),
            },
        );
        self.journaled(
            vec![entry],
            self.store.delete_reminder_rule(actor.tenant_id, id),
        )
        .await?;
        Ok(())
    }

    /// The provider's latest reminders (sent, dropped, superseded, waiting).
    pub async fn recent_reminders(&self, actor: &User, limit: i64) -> CoreResult<Vec<Job>> {
        require(actor, Action::ManageInvoices)?;
        Ok(self
            .store
            .recent_jobs(actor.tenant_id, JobKind::Reminder, limit)
            .await?)
    }

    /// The reminders of one invoice or quote (staff who see it).
    pub async fn reminders_about(
        &self,
        actor: &User,
        document: uuid::Uuid,
    ) -> CoreResult<Vec<Job>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.jobs_about(actor.tenant_id, document, 50).await?)
    }

    /// Queues every reminder due at `now` for every provider with active rules: the live one
    /// of each document to run now, the superseded ones recorded as such. Keys already queued
    /// are left alone. Returns how many were new.
    pub async fn plan_reminders(&self, now: Millis) -> CoreResult<usize> {
        let mut by_tenant: BTreeMap<TenantId, Vec<ReminderRule>> = BTreeMap::new();
        for r in self.store.active_reminder_rules().await? {
            by_tenant.entry(r.tenant_id).or_default().push(r);
        }
        let today = reminder_day(&TimeZone::default(), now);
        let mut new = 0;
        for (tenant, rules) in by_tenant {
            let mut due: Vec<(DueReminder, i64)> = Vec::new();
            if rules.iter().any(|r| r.kind != ReminderKind::QuoteExpiring) {
                // Page by page (the store gives at most a thousand at a time).
                let mut before: Option<(String, InvoiceId)> = None;
                let mut read = 0;
                loop {
                    let q = InvoiceQuery {
                        unpaid_only: true,
                        limit: PAGE,
                        before: before.take(),
                        ..InvoiceQuery::default()
                    };
                    let page = self.store.invoices(tenant, &q).await?;
                    read += page.len() as i64;
                    for inv in &page {
                        due.extend(
                            invoice_reminders(&rules, inv, &today)
                                .into_iter()
                                .map(|d| (d, inv.number)),
                        );
                    }
                    match page.last() {
                        Some(last) if page.len() as i64 == PAGE && read < PLAN_MAX => {
                            before = Some((last.issued_on.clone(), last.id));
                        }
                        _ => break,
                    }
                }
            }
            if rules.iter().any(|r| r.kind == ReminderKind::QuoteExpiring) {
                // The newest thousand sent quotes: quotes wait days, not years.
                let q = QuoteQuery {
                    status: Some(QuoteStatus::Sent),
                    limit: PAGE,
                    ..QuoteQuery::default()
                };
                for quote in self.store.quotes(tenant, &q).await? {
                    due.extend(
                        quote_reminders(&rules, &quote, &today)
                            .into_iter()
                            .map(|d| (d, quote.number)),
                    );
                }
            }
            let jobs: Vec<(Job, Option<uuid::Uuid>)> = due
                .iter()
                .map(|(d, number)| {
                    let payload = serde_json::to_string(&ReminderPayload {
                        kind: d.kind.code().into(),
                        document: d.document,
                        number: *number,
                    })
                    .unwrap_or_default();
                    let mut job = Job::new(tenant, JobKind::Reminder, d.key(), payload, now);
                    if d.superseded {
                        job.outcome = JobOutcome::Superseded;
                        job.done_at = Some(now);
                    }
                    (job, Some(d.document))
                })
                .collect();
            for chunk in jobs.chunks(500) {
                new += self.store.enqueue_jobs(chunk).await?;
            }
        }
        Ok(new)
    }

    /// Runs one reminder job at `now`: its outcome and the emails to queue with it.
    pub(crate) async fn reminder_job(
        &self,
        job: &Job,
        now: Millis,
        round: &mut ReminderRound,
    ) -> CoreResult<(JobOutcome, Vec<OutboxEmail>, Vec<PortalNotice>)> {
        let payload: ReminderPayload = serde_json::from_str(&job.payload)
            .map_err(|e| CoreError::internal(format!("reminder payload: {e}")))?;
        let kind = ReminderKind::parse(&payload.kind)
            .ok_or_else(|| CoreError::internal("reminder kind"))?;
        if !round.providers.contains_key(&job.tenant_id) {
            let read = match self.store.tenant(job.tenant_id).await? {
                Some(t) => Some((
                    self.store.reminder_rules(t.id).await?,
                    self.store.roles(t.id).await?,
                    t,
                )),
                None => None,
            };
            round.providers.insert(job.tenant_id, read);
        }
        let Some(Some((rules, roles, tenant))) = round.providers.get(&job.tenant_id) else {
            return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
        };
        let (rules, roles, tenant) = (rules.clone(), roles.clone(), tenant.clone());
        let today = reminder_day(&TimeZone::default(), now);
        let base = tenant.base_url.trim_end_matches('/').to_string();
        // The document as it is now, the reminder as it would be today, and who reads it.
        let (due, customer, module, link, number, title, amount, currency) = match kind {
            ReminderKind::InvoiceDue | ReminderKind::InvoiceOverdue => {
                let Some(inv) = self
                    .store
                    .invoice(tenant.id, InvoiceId(payload.document))
                    .await?
                else {
                    return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
                };
                let due = invoice_reminders(&rules, &inv, &today);
                let amount = if kind == ReminderKind::InvoiceOverdue {
                    inv.due_now(&today)
                } else {
                    inv.next_instalment().map_or(0, |(_, left)| left)
                };
                (
                    due,
                    inv.customer_id,
                    Module::Invoices,
                    format!("{base}/portal/invoices/{}", inv.id),
                    inv.number,
                    String::new(),
                    amount,
                    inv.currency,
                )
            }
            ReminderKind::QuoteExpiring => {
                let Some(q) = self
                    .store
                    .quote(tenant.id, QuoteId(payload.document))
                    .await?
                else {
                    return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
                };
                (
                    quote_reminders(&rules, &q, &today),
                    q.customer_id,
                    Module::Quotes,
                    format!("{base}/portal/quotes/{}", q.id),
                    q.number,
                    q.title.clone(),
                    q.totals.total_minor,
                    q.currency,
                )
            }
        };
        let Some(live) = due.iter().find(|d| !d.superseded && d.key() == job.key) else {
            return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
        };
        let Some(rule) = rules.iter().find(|r| r.id == live.rule) else {
            return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
        };
        if !round.customers.contains_key(&customer) {
            let read = match self.store.customer(tenant.id, customer).await? {
                Some(c) => Some((c, self.store.contacts_of(tenant.id, customer).await?)),
                None => None,
            };
            round.customers.insert(customer, read);
        }
        let Some(Some((company, members))) = round.customers.get(&customer) else {
            return Ok((JobOutcome::Dropped, Vec::new(), Vec::new()));
        };
        let number = number.to_string();
        let mut emails = Vec::new();
        let mut notices = Vec::new();
        let path = crate::notices::portal_path(&tenant.base_url, &link);
        let notice_kind = match kind {
            ReminderKind::QuoteExpiring => NotifyKind::QuoteToApprove,
            _ => NotifyKind::InvoiceIssued,
        };
        for m in members {
            let Some((role, _)) = roles.iter().find(|(r, _)| r.id == m.role_id) else {
                continue;
            };
            let reached = crate::access::role_may(role, module, Op::View)
                && crate::access::role_reaches(
                    &m.user,
                    role,
                    customer,
                    module,
                    &RecordRef {
                        customer,
                        owner: None,
                        kind: None,
                    },
                );
            if !m.user.active || !reached {
                continue;
            }
            let l = m.user.locale;
            let amount = guichet_i18n::format::money(l, amount, currency.code());
            let due_day = guichet_i18n::format::calendar_date(l, &live.due);
            let args = [
                ("name", m.user.name.as_str()),
                ("provider", tenant.name.as_str()),
                ("company", company.name.as_str()),
                ("number", number.as_str()),
                ("title", title.as_str()),
                ("amount", amount.as_str()),
                ("due", due_day.as_str()),
                ("link", link.as_str()),
            ];
            // In the bell too: the email's subject, leading to the document.
            notices.push(PortalNotice {
                id: uuid::Uuid::now_v7(),
                tenant_id: tenant.id,
                user_id: m.user.id,
                kind: notice_kind,
                text: fill(rule.subject.get(l), &args),
                link: path.clone(),
                created_at: now,
                read_at: None,
            });
            emails.push(OutboxEmail {
                id: EmailId::new(),
                tenant_id: tenant.id,
                to_addr: m.user.email.as_str().to_string(),
                subject: fill(rule.subject.get(l), &args),
                body_text: fill(rule.body.get(l), &args),
                created_at: now,
                sent_at: None,
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
            });
        }
        if emails.is_empty() {
            return Ok((JobOutcome::Dropped, emails, notices));
        }
        Ok((JobOutcome::Done, emails, notices))
    }
}
