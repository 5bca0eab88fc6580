//! Telling people of events as they chose, per kind: an email at once, a line in a daily
//! summary (sent after 07:00, eastern time, gathering everything written before it), or nothing.
use std::collections::BTreeMap;

use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;

/// Hour of the day (eastern Canada) after which yesterday's lines are sent.
pub const DIGEST_HOUR: i8 = 7;

/// The latest digest time at or before `now`: today's 07:00 if passed, else yesterday's.
pub fn digest_cutoff(now: Millis) -> Millis {
    let Some(zoned) = TimeZone::default().zoned(now) else {
        return now;
    };
    let Ok(today) = zoned
        .with()
        .hour(DIGEST_HOUR)
        .minute(0)
        .second(0)
        .subsec_nanosecond(0)
        .build()
    else {
        return now;
    };
    let at = if today <= zoned {
        today
    } else {
        today.yesterday().unwrap_or(today)
    };
    Millis(at.timestamp().as_millisecond())
}

impl Portal {
    /// Tells `user` of an event as they chose for `kind`. `args` fill the messages.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn notify(
        &self,
        tenant: &Tenant,
        user: &User,
        kind: NotifyKind,
        subject_key: &str,
        body_key: &str,
        line_key: &str,
        args: &[(&str, &str)],
    ) -> CoreResult<()> {
        let now = Millis::now();
        let mode = self.notify_mode(user, kind).await?;
        if mode == NotifyMode::Off {
            return Ok(());
        }
        // In the portal whatever the email: the line without its link, the link as a path.
        self.add_notice(tenant, user, kind, line_key, args, now)
            .await?;
        // A contact who has not activated their access cannot open what an email would link
        // to: none is sent; their invitation goes again instead, once.
        if user.kind == UserKind::Contact && user.password_hash.is_none() {
            if user.active
                && self
                    .store
                    .claim_invitation_reminder(tenant.id, user.id, now)
                    .await?
            {
                self.issue_link(tenant, user, TokenPurpose::Invitation)
                    .await?;
            }
            return Ok(());
        }
        match mode {
            NotifyMode::Off | NotifyMode::Portal => Ok(()),
            NotifyMode::Digest => Ok(self
                .store
                .add_digest_item(&DigestItem {
                    id: uuid::Uuid::now_v7(),
                    tenant_id: tenant.id,
                    user_id: user.id,
                    line: self.catalogs.t_with(user.locale, line_key, args),
                    created_at: now,
                    sent_at: None,
                })
                .await?),
            NotifyMode::Immediate => Ok(self
                .store
                .enqueue_email(&OutboxEmail {
                    id: EmailId::new(),
                    tenant_id: tenant.id,
                    to_addr: user.email.as_str().to_string(),
                    subject: self.catalogs.t_with(user.locale, subject_key, args),
                    body_text: self.catalogs.t_with(user.locale, body_key, args),
                    created_at: now,
                    sent_at: None,
                    attempts: 0,
                    next_attempt_at: now,
                    last_error: None,
                })
                .await?),
        }
    }

    /// Queues the daily summaries due at `now`: one email per person gathering their unsent
    /// lines written before the last digest time. Returns how many emails were queued.
    pub async fn send_digests(&self, now: Millis) -> CoreResult<usize> {
        let items = self
            .store
            .digest_items_before(digest_cutoff(now), 5000)
            .await?;
        let mut by_user: BTreeMap<(uuid::Uuid, uuid::Uuid), Vec<DigestItem>> = BTreeMap::new();
        for i in items {
            by_user
                .entry((i.tenant_id.0, i.user_id.0))
                .or_default()
                .push(i);
        }
        let mut sent = 0;
        for ((tenant, user), lines) in by_user {
            let ids: Vec<uuid::Uuid> = lines.iter().map(|i| i.id).collect();
            // Claim the lines first: a second worker finds them taken and sends nothing.
            if self.store.mark_digest_sent(&ids, now).await? != ids.len() as u64 {
                continue;
            }
            let (Some(t), Some(u)) = (
                self.store.tenant(TenantId(tenant)).await?,
                self.store.user(TenantId(tenant), UserId(user)).await?,
            ) else {
                continue;
            };
            if !u.active {
                continue;
            }
            let text: Vec<String> = lines.iter().map(|i| format!("• {}", i.line)).collect();
            let text = text.join("\n\n");
            let link = format!("{}/account", t.base_url.trim_end_matches('/'));
            let count = lines.len().to_string();
            let args = [
                ("provider", t.name.as_str()),
                ("lines", text.as_str()),
                ("count", count.as_str()),
                ("link", link.as_str()),
            ];
            let at = Millis::now();
            self.store
                .enqueue_email(&OutboxEmail {
                    id: EmailId::new(),
                    tenant_id: t.id,
                    to_addr: u.email.as_str().to_string(),
                    subject: self
                        .catalogs
                        .t_with(u.locale, "digest-email-subject", &args),
                    body_text: self.catalogs.t_with(u.locale, "digest-email-body", &args),
                    created_at: at,
                    sent_at: None,
                    attempts: 0,
                    next_attempt_at: at,
                    last_error: None,
                })
                .await?;
            sent += 1;
        }
        Ok(sent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Millis {
        let ts: jiff::Timestamp = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
        Millis(ts.as_millisecond())
    }

    #[test]
    fn the_cutoff_is_the_last_seven_o_clock_in_montreal() {
        // 2026-12-02 08:30 in Montréal (UTC−5) → that day's 07:00.
        assert_eq!(
            digest_cutoff(at("2026-12-02T13:30:00Z")),
            at("2026-12-02T12:00:00Z")
        );
        // 06:59 → the day before's 07:00.
        assert_eq!(
            digest_cutoff(at("2026-12-02T11:59:00Z")),
            at("2026-12-01T12:00:00Z")
        );
        // Summer time (UTC−4).
        assert_eq!(
            digest_cutoff(at("2026-07-01T12:00:00Z")),
            at("2026-07-01T11:00:00Z")
        );
    }
}
