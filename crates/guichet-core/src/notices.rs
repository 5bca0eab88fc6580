//! Notifications in the portal (the bell): every event a person is told of, whatever they
//! chose for email — unless they turned that kind off — one line in their language with the
//! page where to see it; unread until opened or all marked read.
use guichet_domain::*;

use crate::Portal;
use crate::error::{CoreError, CoreResult};

/// The most notifications a page lists.
pub const NOTICES_SHOWN: i64 = 50;

/// The path of `link` when it is a page of this provider's portal (`base_url` + path), else
/// empty: a notification never leads elsewhere.
pub fn portal_path(base_url: &str, link: &str) -> String {
    let base = base_url.trim_end_matches('/');
    match link.strip_prefix(base) {
        // Not `//host` nor `/\host`, which browsers read as another site.
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => String::new(),
    }
}

impl Portal {
    /// Writes the line of an event into `user`'s notifications.
    pub(crate) async fn add_notice(
        &self,
        tenant: &Tenant,
        user: &User,
        kind: NotifyKind,
        line_key: &str,
        args: &[(&str, &str)],
        now: Millis,
    ) -> CoreResult<()> {
        let link = args
            .iter()
            .find(|(k, _)| *k == "link")
            .map(|(_, v)| portal_path(&tenant.base_url, v))
            .unwrap_or_default();
        // The line as the daily summary has it, without the address at its end.
        let without: Vec<(&str, &str)> = args
            .iter()
            .map(|(k, v)| if *k == "link" { (*k, "") } else { (*k, *v) })
            .collect();
        let text = self.catalogs.t_with(user.locale, line_key, &without);
        let text = text
            .trim_end()
            .trim_end_matches(['—', ':'])
            .trim_end()
            .to_string();
        Ok(self
            .store
            .add_notice(&PortalNotice {
                id: uuid::Uuid::now_v7(),
                tenant_id: tenant.id,
                user_id: user.id,
                kind,
                text,
                link,
                created_at: now,
                read_at: None,
            })
            .await?)
    }

    /// The person's own notifications, newest first.
    pub async fn notices(&self, user: &User) -> CoreResult<Vec<PortalNotice>> {
        if !user.active {
            return Err(CoreError::Forbidden);
        }
        Ok(self
            .store
            .notices(user.tenant_id, user.id, NOTICES_SHOWN)
            .await?)
    }

    /// Opens one of the person's notifications: marks it read and says where it leads
    /// (`NotFound` for anyone else's).
    pub async fn open_notice(&self, user: &User, id: uuid::Uuid) -> CoreResult<PortalNotice> {
        let notice = self
            .store
            .notice(user.tenant_id, user.id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        if notice.read_at.is_none() {
            self.store
                .read_notices(user.tenant_id, user.id, Some(id), Millis::now())
                .await?;
        }
        Ok(notice)
    }

    /// Marks all the person's notifications read; returns how many were unread.
    pub async fn read_all_notices(&self, user: &User) -> CoreResult<u64> {
        Ok(self
            .store
            .read_notices(user.tenant_id, user.id, None, Millis::now())
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::portal_path;

    #[test]
    fn only_pages_of_this_portal_are_kept() {
        let base = "https://portail.example/";
        assert_eq!(
            portal_path(base, "https://portail.example/portal/orders/1"),
            "/portal/orders/1"
        );
        assert_eq!(portal_path(base, "https://portail.example.evil/x"), "");
        assert_eq!(
            portal_path(base, "https://portail.example//evil.example"),
            ""
        );
        assert_eq!(
            portal_path(base, "https://portail.example/\\evil.example"),
            ""
        );
        assert_eq!(portal_path(base, "https://autre.example/portal"), "");
        assert_eq!(portal_path(base, ""), "");
    }
}
