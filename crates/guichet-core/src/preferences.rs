//! Notification preferences: for each kind of event, an email at once, a daily digest, or none.
use guichet_domain::*;

use crate::Portal;
use crate::error::{CoreError, CoreResult};

impl Portal {
    /// Every kind with the person's choice (at once by default).
    pub async fn notification_prefs(
        &self,
        actor: &User,
    ) -> CoreResult<Vec<(NotifyKind, NotifyMode)>> {
        if !actor.active {
            return Err(CoreError::Forbidden);
        }
        let set = self
            .store
            .notification_prefs(actor.tenant_id, actor.id)
            .await?;
        Ok(NotifyKind::ALL
            .iter()
            .map(|k| {
                let mode = set
                    .iter()
                    .find(|(x, _)| x == k)
                    .map(|(_, m)| *m)
                    .unwrap_or_default();
                (*k, mode)
            })
            .collect())
    }

    /// Saves these choices (one mode per kind; a kind named twice is refused with 422 and
    /// nothing changes).
    pub async fn set_notification_prefs(
        &self,
        actor: &User,
        choices: &[(NotifyKind, NotifyMode)],
    ) -> CoreResult<()> {
        if !actor.active {
            return Err(CoreError::Forbidden);
        }
        let mut prefs: Vec<(NotifyKind, NotifyMode)> = Vec::new();
        for (kind, mode) in choices {
            if prefs.iter().any(|(x, _)| x == kind) {
                return Err(CoreError::field("prefs", "error-invalid-form"));
            }
            prefs.push((*kind, *mode));
        }
        Ok(self
            .store
            .set_notification_prefs(actor.tenant_id, actor.id, &prefs)
            .await?)
    }

    /// How this person wants to hear of this kind of event (for the senders of notifications).
    pub async fn notify_mode(&self, user: &User, kind: NotifyKind) -> CoreResult<NotifyMode> {
        if !user.active {
            return Ok(NotifyMode::Off);
        }
        Ok(self
            .store
            .notification_prefs(user.tenant_id, user.id)
            .await?
            .into_iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, m)| m)
            .unwrap_or_default())
    }
}
