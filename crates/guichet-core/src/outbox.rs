//! What staff read of the outbox: the emails as sent, except the personal links in them
//! (sign-in, reset, invitation, address confirmation, viewing links), which would let whoever
//! reads them act as the recipient. The demo, where nobody receives mail, shows them whole.
use guichet_domain::*;

use crate::Portal;
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};

/// Paths whose last segment is a secret token.
const PERSONAL_LINK_PATHS: &[&str] = &[
    "/auth/invitation/",
    "/auth/link/",
    "/auth/reset/",
    "/auth/email/",
    "/l/",
];

/// `body` with every personal link (an `http(s)://…` address whose path starts with one of
/// the personal paths) replaced by `hidden`.
pub fn hide_personal_links(body: &str, hidden: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("http") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')'))
            .unwrap_or(from.len());
        let url = &from[..end];
        let personal = (url.starts_with("http://") || url.starts_with("https://"))
            && url
                .splitn(4, '/')
                .nth(3)
                .map(|path| {
                    let path = format!("/{path}");
                    PERSONAL_LINK_PATHS.iter().any(|p| path.starts_with(p))
                })
                .unwrap_or(false);
        if personal {
            out.push_str(hidden);
        } else {
            out.push_str(url);
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

impl Portal {
    /// The newest emails of the outbox (administrators), personal links hidden.
    pub async fn outbox(&self, actor: &User, limit: i64) -> CoreResult<Vec<OutboxEmail>> {
        require(actor, Action::ViewOutbox)?;
        let mut list = self.store.list_outbox(actor.tenant_id, limit).await?;
        for m in &mut list {
            self.hide_links_from_staff(actor, m);
        }
        Ok(list)
    }

    /// One email of the outbox (administrators), personal links hidden.
    pub async fn outbox_email(&self, actor: &User, id: EmailId) -> CoreResult<OutboxEmail> {
        require(actor, Action::ViewOutbox)?;
        let mut m = self
            .store
            .outbox_email(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.hide_links_from_staff(actor, &mut m);
        Ok(m)
    }

    fn hide_links_from_staff(&self, actor: &User, m: &mut OutboxEmail) {
        if !self.settings.outbox_shows_links {
            let hidden = self.catalogs.t(actor.locale, "outbox-link-hidden");
            m.body_text = hide_personal_links(&m.body_text, &hidden);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::hide_personal_links;

    #[test]
    fn personal_links_are_hidden_and_others_kept() {
        let body = "Hello,\nhttps://a.example/auth/reset/AbC-12_x\n(see https://a.example/projects/1)\n\
                    <http://a.example/l/tok> and https://a.example/auth/invitation/T.\nhttpfoo";
        let out = hide_personal_links(body, "[hidden]");
        assert_eq!(
            out,
            "Hello,\n[hidden]\n(see https://a.example/projects/1)\n<[hidden]> and [hidden]\nhttpfoo"
        );
        assert!(!out.contains("AbC-12_x") && !out.contains("tok"));
    }
}
