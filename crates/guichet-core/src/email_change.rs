//! A person's address is their key: whoever receives the sign-in and reset links holds the
//! account. So a contact who has a password keeps their address until the new one confirms it
//! (a 24-hour link sent there), and the old address is told when the change is asked for and
//! when it is done. A contact who never set a password (only invited) gets the new address at
//! once: the invitation sent to it is the confirmation. Either way, links sent to the old
//! address stop working.
use guichet_domain::*;

use crate::error::{CoreError, CoreResult, LinkProblem};
use crate::journal::Event;
use crate::secrets::{hash_token, new_token};
use crate::{Client, Portal};

/// What happened to an address typed in the contact form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressChange {
    /// Same address as before.
    Unchanged,
    /// Changed at once (the contact had no password yet).
    Done,
    /// Waiting for the new address to confirm; the contact keeps the old one meanwhile.
    Pending(Email),
}

/// What the page behind an address-confirmation link shows.
pub struct PendingAddress {
    pub user: User,
    pub new_email: Email,
}

impl Portal {
    /// An email from the provider to `to`, in `locale`.
    pub(crate) fn provider_email(
        &self,
        tenant: &Tenant,
        to: &Email,
        locale: Locale,
        keys: (&str, &str),
        args: &[(&str, &str)],
    ) -> OutboxEmail {
        let now = Millis::now();
        OutboxEmail {
            id: EmailId::new(),
            tenant_id: tenant.id,
            to_addr: to.as_str().to_string(),
            subject: self.catalogs.t_with(locale, keys.0, args),
            body_text: self.catalogs.t_with(locale, keys.1, args),
            created_at: now,
            sent_at: None,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
        }
    }

    /// Staff typed a new address for `before`: asks the new address to confirm it (a person
    /// with a password), or sets it at once (a person who never set one). Journaled.
    pub(crate) async fn change_contact_address(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        before: &User,
        new: &Email,
    ) -> CoreResult<AddressChange> {
        if before.email == *new {
            return Ok(AddressChange::Unchanged);
        }
        if let Some(other) = self.store.user_by_email(tenant.id, new).await?
            && other.id != before.id
        {
            return Err(CoreError::field("email", "error-email-taken"));
        }
        if before.password_hash.is_none() {
            let mut u = before.clone();
            u.email = new.clone();
            u.updated_at = Millis::now();
            let entry = self.journal_entry(
                actor,
                client,
                contact_event(
                    "contact.email",
                    before.id,
                    format!("{} → {}", before.email, new),
                ),
            );
            self.journaled(vec![entry], self.store.update_user(&u))
                .await
                .map_err(|e| match e {
                    guichet_store::StoreError::Conflict { .. } => {
                        CoreError::field("email", "error-email-taken")
                    }
                    other => other.into(),
                })?;
            self.store
                .spend_tokens_of(tenant.id, u.id, Millis::now())
                .await?;
            return Ok(AddressChange::Done);
        }
        let (plain, hash) = new_token();
        let now = Millis::now();
        let purpose = TokenPurpose::EmailChange;
        let token = Token {
            id: TokenId::new(),
            tenant_id: tenant.id,
            user_id: before.id,
            purpose,
            token_hash: hash,
            new_email: Some(new.clone()),
            created_at: now,
            expires_at: now.plus_secs(purpose.lifetime_secs()),
            spent_at: None,
        };
        let link = format!(
            "{}{}{}",
            tenant.base_url.trim_end_matches('/'),
            crate::notify::link_path(purpose),
            plain
        );
        let args = [
            ("name", before.name.as_str()),
            ("provider", tenant.name.as_str()),
            ("by", actor.name.as_str()),
            ("old", before.email.as_str()),
            ("new", new.as_str()),
            ("link", link.as_str()),
        ];
        let confirm = self.provider_email(
            tenant,
            new,
            before.locale,
            ("email-change-subject", "email-change-body"),
            &args,
        );
        let entry = self.journal_entry(
            actor,
            client,
            contact_event(
                "contact.email-asked",
                before.id,
                format!("{} → {}", before.email, new),
            ),
        );
        self.journaled(vec![entry], self.store.issue_token(&token, &confirm, true))
            .await?;
        let notice = self.provider_email(
            tenant,
            &before.email,
            before.locale,
            ("email-change-asked-subject", "email-change-asked-body"),
            &args,
        );
        self.store.enqueue_email(&notice).await?;
        Ok(AddressChange::Pending(new.clone()))
    }

    /// The page of an address-confirmation link (looked at, not spent).
    pub async fn pending_address(
        &self,
        tenant: &Tenant,
        token: &str,
    ) -> CoreResult<PendingAddress> {
        let hash = hash_token(token);
        let purpose = TokenPurpose::EmailChange;
        let found = self
            .store
            .live_token(tenant.id, purpose, &hash, Millis::now())
            .await?;
        let Some(Token {
            user_id,
            new_email: Some(new_email),
            ..
        }) = found
        else {
            return Err(self.link_problem(tenant, purpose, &hash).await?);
        };
        match self.store.user(tenant.id, user_id).await? {
            Some(user) if user.active => Ok(PendingAddress { user, new_email }),
            _ => Err(CoreError::Link(LinkProblem::Unknown)),
        }
    }

    /// The new address confirms itself: it becomes the person's address, every other link of
    /// theirs stops working, the old address is told, and the journal keeps both.
    pub async fn confirm_address(
        &self,
        tenant: &Tenant,
        token: &str,
        client: &Client,
    ) -> CoreResult<User> {
        let pending = self.pending_address(tenant, token).await?;
        let before = pending.user;
        let mut after = before.clone();
        after.email = pending.new_email.clone();
        let entry = self.journal_entry(
            &after,
            client,
            contact_event(
                "contact.email-confirmed",
                before.id,
                format!("{} → {}", before.email, pending.new_email),
            ),
        );
        let done = self
            .journaled(
                vec![entry],
                self.store
                    .confirm_email_change(tenant.id, &hash_token(token), Millis::now()),
            )
            .await
            .map_err(|e| match e {
                guichet_store::StoreError::Conflict { .. } => {
                    CoreError::field("email", "error-email-taken")
                }
                other => other.into(),
            })?;
        let Some((_, new)) = done else {
            return Err(self
                .link_problem(tenant, TokenPurpose::EmailChange, &hash_token(token))
                .await?);
        };
        let args = [
            ("name", before.name.as_str()),
            ("provider", tenant.name.as_str()),
            ("old", before.email.as_str()),
            ("new", new.as_str()),
        ];
        let notice = self.provider_email(
            tenant,
            &before.email,
            before.locale,
            ("email-changed-subject", "email-changed-body"),
            &args,
        );
        self.store.enqueue_email(&notice).await?;
        after.email = new;
        Ok(after)
    }
}

/// A journal entry about a contact (no project).
pub(crate) fn contact_event(action: &'static str, id: UserId, detail: String) -> Event<'static> {
    Event {
        action,
        object_kind: "contact",
        object_id: id.0,
        customer: None,
        project: None,
        detail,
    }
}

/// "field: before → after" for each field that changed, `; `-separated.
pub(crate) fn changes(fields: &[(&str, &str, &str)]) -> String {
    fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| format!("{field}: {before} → {after}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn only_what_changed_is_written() {
        assert_eq!(
            changes(&[
                ("name", "A", "B"),
                ("phone", "1", "1"),
                ("locale", "fr", "en")
            ]),
            "name: A → B; locale: fr → en"
        );
        assert_eq!(changes(&[("name", "A", "A")]), "");
    }
}
