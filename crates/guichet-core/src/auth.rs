//! Signing in and out: passwords, emailed links, sessions.
use guichet_domain::*;
use guichet_store::SignedIn;

use crate::error::{CoreError, CoreResult, FieldErrors, LinkProblem};
use crate::journal::Event;
use crate::secrets::{hash_token, new_token};
use crate::throttle;
use crate::{Client, Portal};

/// A session just opened: the plain token goes into the cookie, never into storage or logs.
pub struct NewSession {
    pub token: String,
    pub session: Session,
    pub user: User,
}

/// What the page of a live invitation or reset link shows.
pub struct LinkHolder {
    pub user: User,
    pub expires_at: Millis,
}

/// A journal entry about signing in (no customer, no project).
fn sign_in_event(action: &'static str, user: uuid::Uuid, detail: String) -> Event<'static> {
    Event {
        action,
        object_kind: "user",
        object_id: user,
        customer: None,
        project: None,
        detail,
    }
}

impl Portal {
    async fn open_session(
        &self,
        tenant: &Tenant,
        user: User,
        client: &Client,
    ) -> CoreResult<NewSession> {
        let (token, token_hash) = new_token();
        let now = Millis::now();
        let session = Session {
            id: SessionId::new(),
            tenant_id: tenant.id,
            user_id: user.id,
            token_hash,
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_secs(self.settings.session_ttl_secs),
            user_agent: client.user_agent.chars().take(300).collect(),
            ip: client.ip.clone(),
        };
        self.store.insert_session(&session).await?;
        Ok(NewSession {
            token,
            session,
            user,
        })
    }

    /// The session behind a cookie token, if live and its user active, with the user's
    /// customer accounts — one database statement per signed-in request.
    pub async fn authenticate(&self, tenant: &Tenant, token: &str) -> CoreResult<Option<SignedIn>> {
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let now = Millis::now();
        let found = self
            .store
            .signed_in(tenant.id, &hash_token(token), now)
            .await?;
        if let Some(s) = &found {
            // Keep "last seen" fresh without writing on every request.
            if now.0 - s.session.last_seen_at.0 > 60_000 {
                self.store.touch_session(s.session.id, now).await?;
            }
        }
        Ok(found)
    }

    /// Email and password. An unknown email and a wrong password get the same answer, after
    /// the same work; repeated failures for one account from one address are throttled.
    pub async fn sign_in(
        &self,
        tenant: &Tenant,
        email: &str,
        password: &str,
        client: &Client,
    ) -> CoreResult<NewSession> {
        // What the person typed, made safe to use as a throttle key (no control characters,
        // bounded length) even when it is not an email address at all.
        let normalized: String = email
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_control())
            .take(254)
            .collect();
        // Counted before checking: of many attempts at once, only the first few are checked.
        let (pair, from) = (
            throttle::account_address(&normalized, &client.ip),
            throttle::address(&client.ip),
        );
        let s = &self.settings;
        let window = s.throttle_window_secs;
        let mut refusal = self
            .attempt(tenant.id, &pair, s.max_failures_per_account_ip, window)
            .await?;
        if refusal.is_none() {
            refusal = self
                .attempt(tenant.id, &from, s.max_failures_per_ip, window)
                .await?;
        }
        if refusal.is_none() {
            refusal = self.account_attempt(tenant.id, &normalized).await?;
        }
        let user = match Email::parse(&normalized) {
            Ok(e) => self.store.user_by_email(tenant.id, &e).await?,
            Err(_) => None,
        };
        let about = user.as_ref().map(|u| u.id.0).unwrap_or_default();
        if let Some(r) = refusal {
            if r.first {
                let detail = format!("{} s", r.retry_after_secs);
                self.record_as(
                    tenant.id,
                    None,
                    &normalized,
                    client,
                    sign_in_event("sign-in.throttled", about, detail),
                )
                .await?;
            }
            return Err(CoreError::Throttled {
                retry_after_secs: r.retry_after_secs,
            });
        }
        let usable = user.filter(|u| u.active && u.password_hash.is_some());
        let hash = usable.as_ref().and_then(|u| u.password_hash.clone());
        let ok = self.hashing.verify(password.to_string(), hash).await?;
        match usable {
            Some(user) if ok => {
                // A success forgets the account's failures and does not count against the
                // address (an office behind one address signs many people in).
                self.store.clear_attempts(tenant.id, &pair).await?;
                self.store
                    .clear_attempts(tenant.id, &throttle::account(&normalized))
                    .await?;
                self.store.uncount_attempt(tenant.id, &from).await?;
                let entry = self.journal_entry(
                    &user,
                    client,
                    sign_in_event("sign-in", user.id.0, "password".into()),
                );
                self.journaled(vec![entry], self.open_session(tenant, user, client))
                    .await
            }
            _ => {
                tracing::info!(tenant = %tenant.host, ip = %client.ip, "sign-in failed");
                // Who tried is not known: the entry names the address typed, not a person.
                self.record_as(
                    tenant.id,
                    None,
                    &normalized,
                    client,
                    sign_in_event("sign-in.failed", about, String::new()),
                )
                .await?;
                Err(CoreError::InvalidCredentials)
            }
        }
    }

    pub async fn sign_out(&self, user: &User, session: SessionId) -> CoreResult<()> {
        self.store
            .delete_session(user.tenant_id, user.id, session)
            .await?;
        Ok(())
    }

    pub async fn sessions(&self, user: &User) -> CoreResult<Vec<Session>> {
        Ok(self
            .store
            .list_sessions(user.tenant_id, user.id, Millis::now())
            .await?)
    }

    /// Ends one of the user's own sessions; someone else's session id is simply not found.
    pub async fn revoke_session(
        &self,
        user: &User,
        client: &Client,
        id: SessionId,
    ) -> CoreResult<()> {
        let entry = self.journal_entry(
            user,
            client,
            sign_in_event("session.revoke", id.0, String::new()),
        );
        if !self
            .journaled(
                vec![entry],
                self.store.delete_session(user.tenant_id, user.id, id),
            )
            .await?
        {
            return Err(CoreError::NotFound);
        }
        Ok(())
    }

    /// Ends every session of the user, this one included ("sign out everywhere"), and spends
    /// every link emailed to them.
    pub async fn sign_out_everywhere(&self, user: &User, client: &Client) -> CoreResult<u64> {
        let entry = self.journal_entry(
            user,
            client,
            sign_in_event("session.end-all", user.id.0, String::new()),
        );
        Ok(self
            .journaled(
                vec![entry],
                self.store
                    .delete_sessions_of(user.tenant_id, user.id, None, Millis::now()),
            )
            .await?)
    }

    /// Ends every other session of the user ("sign out everywhere else"), and spends every
    /// link emailed to them.
    pub async fn revoke_other_sessions(
        &self,
        user: &User,
        client: &Client,
        keep: SessionId,
    ) -> CoreResult<u64> {
        let entry = self.journal_entry(
            user,
            client,
            sign_in_event("session.end-others", user.id.0, String::new()),
        );
        Ok(self
            .journaled(
                vec![entry],
                self.store
                    .delete_sessions_of(user.tenant_id, user.id, Some(keep), Millis::now()),
            )
            .await?)
    }

    /// Sends a one-time sign-in link (15 minutes) if the address belongs to an active user.
    /// The caller always shows the same answer.
    pub async fn request_sign_in_link(&self, tenant: &Tenant, email: &str) -> CoreResult<()> {
        self.send_link(tenant, email, TokenPurpose::SignInLink)
            .await
    }

    /// Sends a password reset link (1 hour), same rules as sign-in links.
    pub async fn request_password_reset(&self, tenant: &Tenant, email: &str) -> CoreResult<()> {
        self.send_link(tenant, email, TokenPurpose::PasswordReset)
            .await
    }

    async fn send_link(
        &self,
        tenant: &Tenant,
        email: &str,
        purpose: TokenPurpose,
    ) -> CoreResult<()> {
        let Ok(email) = Email::parse(email) else {
            return Err(CoreError::field("email", "error-email"));
        };
        let key = throttle::emailed_links(email.as_str());
        if let Err(CoreError::Throttled { .. }) = self
            .count_attempt(tenant.id, &key, self.settings.max_links_per_address, 3600)
            .await
        {
            tracing::info!(tenant = %tenant.host, "emailed link suppressed: too many for one address");
            return Ok(());
        }
        let Some(user) = self.store.user_by_email(tenant.id, &email).await? else {
            return Ok(());
        };
        if !user.active {
            return Ok(());
        }
        self.issue_link(tenant, &user, purpose).await
    }

    /// Classifies a link that did not work.
    pub(crate) async fn link_problem(
        &self,
        tenant: &Tenant,
        purpose: TokenPurpose,
        hash: &str,
    ) -> CoreResult<CoreError> {
        let problem = match self.store.token(tenant.id, purpose, hash).await? {
            None => LinkProblem::Unknown,
            Some(t) if t.spent_at.is_some() => LinkProblem::Used,
            Some(_) => LinkProblem::Expired,
        };
        Ok(CoreError::Link(problem))
    }

    /// Looks at a link without spending it (the page behind a GET).
    pub async fn check_link(
        &self,
        tenant: &Tenant,
        purpose: TokenPurpose,
        token: &str,
    ) -> CoreResult<LinkHolder> {
        let hash = hash_token(token);
        match self
            .store
            .live_token(tenant.id, purpose, &hash, Millis::now())
            .await?
        {
            Some(t) => match self.store.user(tenant.id, t.user_id).await? {
                Some(user) if user.active => Ok(LinkHolder {
                    user,
                    expires_at: t.expires_at,
                }),
                _ => Err(CoreError::Link(LinkProblem::Unknown)),
            },
            None => Err(self.link_problem(tenant, purpose, &hash).await?),
        }
    }

    /// Spends a sign-in link (on POST) and opens a session. Single use, even under races.
    pub async fn redeem_sign_in_link(
        &self,
        tenant: &Tenant,
        token: &str,
        client: &Client,
    ) -> CoreResult<NewSession> {
        let hash = hash_token(token);
        let Some(t) = self
            .store
            .spend_token(tenant.id, TokenPurpose::SignInLink, &hash, Millis::now())
            .await?
        else {
            return Err(self
                .link_problem(tenant, TokenPurpose::SignInLink, &hash)
                .await?);
        };
        match self.store.user(tenant.id, t.user_id).await? {
            Some(user) if user.active => {
                let entry = self.journal_entry(
                    &user,
                    client,
                    sign_in_event("sign-in", user.id.0, "link".into()),
                );
                self.journaled(vec![entry], self.open_session(tenant, user, client))
                    .await
            }
            _ => Err(CoreError::Link(LinkProblem::Unknown)),
        }
    }

    /// Sets the password from an invitation or reset link, spends the link, ends every other
    /// session of the user and opens a new one.
    pub async fn set_password_from_link(
        &self,
        tenant: &Tenant,
        purpose: TokenPurpose,
        token: &str,
        password: &str,
        confirm: &str,
        client: &Client,
    ) -> CoreResult<NewSession> {
        let holder = self.check_link(tenant, purpose, token).await?;
        let pw = self.validate_new_password(&holder.user, password, confirm, "password")?;
        let hash = self.hashing.hash(pw.expose().to_string()).await?;
        let entry = self.journal_entry(
            &holder.user,
            client,
            sign_in_event("password.set", holder.user.id.0, purpose.code().into()),
        );
        let done = self
            .journaled(
                vec![entry],
                self.store.set_password(
                    tenant.id,
                    holder.user.id,
                    &hash,
                    Some((purpose, &hash_token(token))),
                    None,
                    Millis::now(),
                ),
            )
            .await?;
        if !done {
            return Err(self
                .link_problem(tenant, purpose, &hash_token(token))
                .await?);
        }
        self.open_session(tenant, holder.user, client).await
    }

    fn validate_new_password(
        &self,
        user: &User,
        password: &str,
        confirm: &str,
        field: &'static str,
    ) -> CoreResult<NewPassword> {
        let mut errors = FieldErrors::default();
        let name_parts: Vec<&str> = user
            .name
            .split_whitespace()
            .chain([user.email.as_str()])
            .collect();
        let pw = errors.check(field, NewPassword::parse(password, &name_parts));
        if pw.is_some() && password != confirm {
            errors.add("confirm", "error-password-mismatch");
        }
        match pw {
            Some(pw) if errors.is_empty() => Ok(pw),
            _ => Err(CoreError::Invalid(errors)),
        }
    }

    /// Changes the password of a signed-in user, who proves the current one; every other
    /// session of the user ends.
    pub async fn change_password(
        &self,
        user: &User,
        session: SessionId,
        client: &Client,
        current: &str,
        new: &str,
        confirm: &str,
    ) -> CoreResult<()> {
        // A stolen session must not become a way to guess the password: attempts are counted
        // (before checking) like sign-ins.
        let key = throttle::password_change(user.id);
        let s = &self.settings;
        self.count_attempt(
            user.tenant_id,
            &key,
            s.max_failures_per_account_ip,
            s.throttle_window_secs,
        )
        .await?;
        let ok = self
            .hashing
            .verify(current.to_string(), user.password_hash.clone())
            .await?;
        if !ok {
            return Err(CoreError::field("current", "error-current-password"));
        }
        self.store.clear_attempts(user.tenant_id, &key).await?;
        let pw = self.validate_new_password(user, new, confirm, "password")?;
        let hash = self.hashing.hash(pw.expose().to_string()).await?;
        let entry = self.journal_entry(
            user,
            client,
            sign_in_event("password.change", user.id.0, String::new()),
        );
        if self
            .journaled(
                vec![entry],
                self.store.set_password(
                    user.tenant_id,
                    user.id,
                    &hash,
                    None,
                    Some(session),
                    Millis::now(),
                ),
            )
            .await?
        {
            Ok(())
        } else {
            Err(CoreError::Forbidden)
        }
    }

    /// Remembers a user's language.
    pub async fn set_locale(&self, user: &User, locale: Locale) -> CoreResult<()> {
        Ok(self
            .store
            .set_user_locale(user.tenant_id, user.id, locale)
            .await?)
    }
}
