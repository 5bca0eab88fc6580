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

    /// Saves the choices posted as `n.<kind>=<mode>`; unknown kinds or modes are refused (422)
    /// and nothing changes.
    pub async fn set_notification_prefs(
        &self,
        actor: &User,
        pairs: &[(String, String)],
    ) -> CoreResult<()> {
        if !actor.active {
            return Err(CoreError::Forbidden);
        }
        let mut prefs = Vec::new();
        for (k, v) in pairs {
            let Some(code) = k.strip_prefix("n.") else {
                continue;
            };
            match (NotifyKind::parse(code), NotifyMode::parse(v)) {
                (Some(kind), Some(mode)) if !prefs.iter().any(|(x, _)| *x == kind) => {
                    prefs.push((kind, mode))
                }
                _ => return Err(CoreError::field("prefs", "error-invalid-form")),
            }
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
