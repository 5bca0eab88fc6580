//! Emails: composed in the recipient's language, written to the outbox in the same
//! transaction as the change that causes them, then delivered with retries.
use std::collections::HashMap;

use futures_util::StreamExt;
use guichet_domain::*;
use guichet_mail::{MailMessage, Mailer};

use crate::Portal;
use crate::error::CoreResult;
use crate::secrets::new_token;

/// Path of the page an emailed link of this purpose opens.
pub fn link_path(purpose: TokenPurpose) -> &'static str {
    match purpose {
        TokenPurpose::Invitation => "/auth/invitation/",
        TokenPurpose::SignInLink => "/auth/link/",
        TokenPurpose::PasswordReset => "/auth/reset/",
        TokenPurpose::EmailChange => "/auth/email/",
    }
}

/// Outcome of one delivery round.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

impl Portal {
    /// Issues a token for `user` and queues its email, revoking earlier ones of that purpose.
    /// Links are built from the tenant's configured base URL, never from a request.
    pub(crate) async fn issue_link(
        &self,
        tenant: &Tenant,
        user: &User,
        purpose: TokenPurpose,
    ) -> CoreResult<()> {
        self.issue_link_returning(tenant, user, purpose)
            .await
            .map(|_| ())
    }

    pub(crate) async fn issue_link_returning(
        &self,
        tenant: &Tenant,
        user: &User,
        purpose: TokenPurpose,
    ) -> CoreResult<String> {
        let (plain, hash) = new_token();
        let now = Millis::now();
        let token = Token {
            id: TokenId::new(),
            tenant_id: tenant.id,
            user_id: user.id,
            purpose,
            token_hash: hash,
            new_email: None,
            created_at: now,
            expires_at: now.plus_secs(purpose.lifetime_secs()),
            spent_at: None,
        };
        let link = format!(
            "{}{}{}",
            tenant.base_url.trim_end_matches('/'),
            link_path(purpose),
            plain
        );
        let (subject_key, body_key) = match purpose {
            TokenPurpose::Invitation => ("email-invitation-subject", "email-invitation-body"),
            TokenPurpose::SignInLink => ("email-sign-in-link-subject", "email-sign-in-link-body"),
            TokenPurpose::PasswordReset => ("email-reset-subject", "email-reset-body"),
            TokenPurpose::EmailChange => ("email-change-subject", "email-change-body"),
        };
        let l = user.locale;
        let args = [
            ("name", user.name.as_str()),
            ("provider", tenant.name.as_str()),
            ("link", link.as_str()),
        ];
        let email = OutboxEmail {
            id: EmailId::new(),
            tenant_id: tenant.id,
            to_addr: user.email.as_str().to_string(),
            subject: self.catalogs.t_with(l, subject_key, &args),
            body_text: self.catalogs.t_with(l, body_key, &args),
            created_at: now,
            sent_at: None,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
        };
        self.store.issue_token(&token, &email, true).await?;
        Ok(link)
    }

    /// Delivers due emails. Failures are retried with exponential back-off (30 s doubling,
    /// at most 6 h); a crashed worker's claims come back after the 5-minute lease.
    pub async fn deliver_outbox(&self, mailer: &dyn Mailer, limit: i64) -> CoreResult<Delivery> {
        self.deliver_outbox_at(mailer, limit, Millis::now()).await
    }

    /// The same, reckoning with `now` (the workers' clock).
    pub async fn deliver_outbox_at(
        &self,
        mailer: &dyn Mailer,
        limit: i64,
        now: Millis,
    ) -> CoreResult<Delivery> {
        let claimed = self
            .store
            .claim_emails(now, now.plus_secs(300), limit)
            .await?;
        let mut names: HashMap<TenantId, String> = HashMap::new();
        for m in &claimed {
            if !names.contains_key(&m.tenant_id) {
                let n = self
                    .store
                    .tenant(m.tenant_id)
                    .await?
                    .map(|t| t.name)
                    .unwrap_or_else(|| "Guichet".into());
                names.insert(m.tenant_id, n);
            }
        }
        // Several recipients at once (the SMTP transport keeps a pool of connections): a round
        // of reminders is thousands of emails. Each recipient's emails go one after the
        // other, in the order they were written.
        let mut claimed = claimed;
        claimed.sort_by_key(|m| (m.created_at, m.id));
        let mut by_recipient: Vec<(String, Vec<OutboxEmail>)> = Vec::new();
        for m in claimed {
            match by_recipient.iter_mut().find(|(to, _)| *to == m.to_addr) {
                Some((_, list)) => list.push(m),
                None => by_recipient.push((m.to_addr.clone(), vec![m])),
            }
        }
        let names = &names;
        let results: Vec<CoreResult<(usize, usize)>> = futures_util::stream::iter(by_recipient)
            .map(|(_, list)| async move {
                let (mut sent, mut failed) = (0, 0);
                for m in list {
                    let from_name = names.get(&m.tenant_id).cloned().unwrap_or_default();
                    if self.deliver_one(mailer, m, from_name).await? {
                        sent += 1;
                    } else {
                        failed += 1;
                    }
                }
                Ok((sent, failed))
            })
            .buffer_unordered(DELIVERY_CONCURRENCY)
            .collect()
            .await;
        let mut out = Delivery::default();
        for r in results {
            let (sent, failed) = r?;
            out.sent += sent;
            out.failed += failed;
        }
        Ok(out)
    }
}

/// Emails handed to the SMTP server at once: each message costs a round trip or two the
/// connection waits on (over a real network, with delayed acknowledgements, tens of
/// milliseconds), so throughput comes from several connections side by side.
const DELIVERY_CONCURRENCY: usize = guichet_mail::MAX_CONNECTIONS as usize;

impl Portal {
    /// Sends one email and records the outcome: `true` when sent, `false` when it failed (and
    /// will be tried again later: 30 s doubling, at most 6 h).
    async fn deliver_one(
        &self,
        mailer: &dyn Mailer,
        m: OutboxEmail,
        from_name: String,
    ) -> CoreResult<bool> {
        let msg = MailMessage {
            from_name,
            to: m.to_addr.clone(),
            subject: m.subject.clone(),
            body_text: m.body_text.clone(),
        };
        match mailer.send(&msg).await {
            Ok(()) => {
                self.store
                    .mark_email_sent(m.id, Millis::now(), mailer.delivers_remotely())
                    .await?;
                Ok(true)
            }
            Err(e) => {
                let backoff = (30i64 << m.attempts.clamp(0, 20)).min(6 * 3600);
                // The whole chain: where it was going and why it failed there.
                let error = crate::Chain(&e).to_string();
                tracing::warn!(email = %m.id, attempts = m.attempts + 1, %error, "email delivery failed");
                self.store
                    .mark_email_failed(m.id, Millis::now().plus_secs(backoff), &error)
                    .await?;
                Ok(false)
            }
        }
    }
}

/// A day as emails show it ("5 décembre 2026"), in eastern Canada's time zone.
pub fn date_text(locale: Locale, at: Millis) -> String {
    guichet_i18n::format::date(locale, &TimeZone::default(), at)
}
