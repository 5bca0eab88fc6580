//! "View the documents" links: staff create them for one document or a whole project, and may
//! email them; anyone holding one opens it without an account (unless staff required signing
//! in as a contact of the account) until it expires or is revoked. Every use is journaled under
//! the link's label; unknown tokens are throttled per address.
use guichet_blob::ByteStream;
use guichet_domain::*;

use guichet_store::SignedIn;

use crate::access::{Action, may, require};
use crate::error::{CoreError, CoreResult, FieldErrors, LinkProblem};
use crate::journal::Event;
use crate::secrets::{hash_token, new_token};
use crate::{Client, Portal};

/// Default lifetime of a link, in days.
pub const DEFAULT_LINK_DAYS: i64 = 30;

/// A link as staff fill in the form.
#[derive(Clone, Debug, Default)]
pub struct NewLink {
    /// Only this document; none: the whole project.
    pub document: Option<DocumentId>,
    pub label: String,
    pub days: i64,
    /// Only for someone signed in as a contact of the account.
    pub sign_in: bool,
    /// Email the link to this address at once (empty: no email).
    pub email: String,
}

/// Whether a visitor may use a live link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkAccess {
    Open,
    /// The link wants its holder signed in, and they are not.
    SignIn,
    /// Signed in, but not as a contact of the link's account (nor its provider's staff).
    Refused,
}

/// Who may use `link`: anyone, or (when it requires signing in) its account's contacts and
/// the provider's staff.
pub fn link_access(link: &ShareLink, who: Option<&SignedIn>) -> LinkAccess {
    if !link.sign_in {
        return LinkAccess::Open;
    }
    let Some(s) = who else {
        return LinkAccess::SignIn;
    };
    let ok = s.user.tenant_id == link.tenant_id
        && match s.user.kind {
            UserKind::Staff => may(&s.user, Action::ViewCustomers),
            UserKind::Contact => {
                may(&s.user, Action::UsePortal)
                    && s.accounts.iter().any(|a| a.customer.id == link.customer_id)
            }
        };
    if ok {
        LinkAccess::Open
    } else {
        LinkAccess::Refused
    }
}

impl Portal {
    /// Creates a link (returns it with its token, shown once). `days`: 1 to 365.
    /// When `input.email` is set, the link is also emailed there (in the language of the
    /// contact with that address, else the provider's) and the sending journaled.
    pub async fn create_link(
        &self,
        actor: &User,
        client: &Client,
        tenant: &Tenant,
        project: ProjectId,
        input: &NewLink,
    ) -> CoreResult<(ShareLink, String)> {
        require(actor, Action::ManageCustomers)?;
        let (document, days) = (input.document, input.days);
        let mut e = FieldErrors::default();
        let label = e.check("label", text(&input.label, 100, true));
        if !(1..=365).contains(&days) {
            e.add("days", "error-link-days");
        }
        let email = if input.email.trim().is_empty() {
            None
        } else {
            e.check("email", Email::parse(input.email.trim()))
        };
        let Some(label) = label.filter(|_| e.is_empty()) else {
            return Err(CoreError::Invalid(e));
        };
        let (p, _) = self.staff_project(actor, project).await?;
        let (token, token_hash) = new_token();
        let now = Millis::now();
        let link = ShareLink {
            id: LinkId::new(),
            tenant_id: actor.tenant_id,
            customer_id: p.customer_id,
            project_id: p.id,
            document_id: document,
            label,
            token_hash,
            created_by: actor.id,
            created_at: now,
            expires_at: now.plus_secs(days * 24 * 3600),
            revoked_at: None,
            uses: 0,
            last_used_at: None,
            sign_in: input.sign_in,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "link.create",
                object_kind: "link",
                object_id: link.id.0,
                customer: Some(link.customer_id),
                project: Some(link.project_id),
                detail: format!("{} ({} j)", link.label, days),
            },
        );
        self.journaled(vec![entry], self.store.insert_link(&link))
            .await?;
        if let Some(to) = email {
            self.email_link(actor, client, tenant, &p, &link, &token, &to)
                .await?;
        }
        Ok((link, token))
    }

    /// Emails a new link (its token is only known now) and journals the sending.
    #[allow(clippy::too_many_arguments)]
    async fn email_link(
        &self,
        actor: &User,
        client: &Client,
        tenant: &Tenant,
        p: &Project,
        link: &ShareLink,
        token: &str,
        to: &Email,
    ) -> CoreResult<()> {
        let locale = match self.store.user_by_email(tenant.id, to).await? {
            Some(u) => u.locale,
            None => tenant.default_locale,
        };
        let url = format!("{}/l/{token}", tenant.base_url.trim_end_matches('/'));
        let until = crate::notify::date_text(locale, link.expires_at);
        let args = [
            ("provider", tenant.name.as_str()),
            ("sender", actor.name.as_str()),
            ("project", p.title.as_str()),
            ("link", url.as_str()),
            ("until", until.as_str()),
        ];
        let body_key = if link.sign_in {
            "link-email-body-sign-in"
        } else {
            "link-email-body"
        };
        let now = Millis::now();
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "link.send",
                object_kind: "link",
                object_id: link.id.0,
                customer: Some(link.customer_id),
                project: Some(link.project_id),
                detail: format!("{} → {}", link.label, to.as_str()),
            },
        );
        self.journaled(
            vec![entry],
            self.store.enqueue_email(&OutboxEmail {
                id: EmailId::new(),
                tenant_id: tenant.id,
                to_addr: to.as_str().to_string(),
                subject: self.catalogs.t_with(locale, "link-email-subject", &args),
                body_text: self.catalogs.t_with(locale, body_key, &args),
                created_at: now,
                sent_at: None,
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
            }),
        )
        .await?;
        Ok(())
    }

    pub async fn project_links(
        &self,
        actor: &User,
        project: ProjectId,
    ) -> CoreResult<Vec<ShareLink>> {
        require(actor, Action::ViewCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        Ok(self.store.links_of(actor.tenant_id, p.id).await?)
    }

    /// Staff: the project's links, each with the name of who issued it.
    pub async fn project_links_by(
        &self,
        actor: &User,
        project: ProjectId,
    ) -> CoreResult<Vec<(ShareLink, String)>> {
        let links = self.project_links(actor, project).await?;
        let staff = self.store.list_staff(actor.tenant_id).await?;
        Ok(links
            .into_iter()
            .map(|l| {
                let by = staff
                    .iter()
                    .find(|u| u.id == l.created_by)
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                (l, by)
            })
            .collect())
    }

    /// Revokes a link at once: its next use fails, and what was opened with it closes.
    pub async fn revoke_link(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        id: LinkId,
    ) -> CoreResult<()> {
        require(actor, Action::ManageCustomers)?;
        let links = self.project_links(actor, project).await?;
        let link = links
            .iter()
            .find(|l| l.id == id)
            .ok_or(CoreError::NotFound)?;
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "link.revoke",
                object_kind: "link",
                object_id: id.0,
                customer: Some(link.customer_id),
                project: Some(link.project_id),
                detail: link.label.clone(),
            },
        );
        self.journaled(
            vec![entry],
            self.store.revoke_link(actor.tenant_id, id, Millis::now()),
        )
        .await?;
        Ok(())
    }

    /// The live link behind a token, or why not. Unknown tokens count against the address.
    pub async fn link_for(
        &self,
        tenant: &Tenant,
        client: &Client,
        token: &str,
    ) -> CoreResult<ShareLink> {
        let now = Millis::now();
        // Each attempt counts against the address before the token is looked up; a token that
        // exists is taken back, so only guesses add up.
        let key = crate::throttle::link_tokens(&client.ip);
        let window = self.settings.throttle_window_secs;
        let max = self.settings.max_failures_per_account_ip * 4;
        self.count_attempt(tenant.id, &key, max, window).await?;
        let found = if token.len() <= 100 {
            self.store
                .link_by_hash(tenant.id, &hash_token(token))
                .await?
        } else {
            None
        };
        match found {
            None => Err(CoreError::Link(LinkProblem::Unknown)),
            Some(l) => {
                self.store.uncount_attempt(tenant.id, &key).await?;
                match l {
                    l if l.revoked_at.is_some() => Err(CoreError::Link(LinkProblem::Revoked)),
                    l if l.expires_at <= now => Err(CoreError::Link(LinkProblem::Expired)),
                    l => Ok(l),
                }
            }
        }
    }

    fn link_label(link: &ShareLink) -> String {
        format!("🔗 {}", link.label)
    }

    /// Someone opens a link (the button on its page, never the GET a mail scanner makes).
    /// A link that requires signing in opens only for its account's contacts (and staff).
    pub async fn open_link(
        &self,
        tenant: &Tenant,
        client: &Client,
        token: &str,
        who: Option<&SignedIn>,
    ) -> CoreResult<ShareLink> {
        let link = self.link_for(tenant, client, token).await?;
        match link_access(&link, who) {
            LinkAccess::Open => {}
            LinkAccess::SignIn => return Err(CoreError::Unauthenticated),
            LinkAccess::Refused => return Err(CoreError::Forbidden),
        }
        let entry = crate::journal::entry(
            tenant.id,
            None,
            &Self::link_label(&link),
            client,
            Event {
                action: "link.open",
                object_kind: "link",
                object_id: link.id.0,
                customer: Some(link.customer_id),
                project: Some(link.project_id),
                detail: link.label.clone(),
            },
        );
        self.journaled(
            vec![entry],
            self.store.count_link_use(tenant.id, link.id, Millis::now()),
        )
        .await?;
        Ok(link)
    }

    /// The documents a link opens (with their latest version), and the project's title.
    pub async fn link_documents(
        &self,
        link: &ShareLink,
    ) -> CoreResult<(String, Vec<crate::documents::Listed>)> {
        let p = self
            .store
            .project(link.tenant_id, link.project_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let docs = self
            .store
            .documents_of(link.tenant_id, p.id)
            .await?
            .into_iter()
            .filter(|(d, _)| link.document_id.is_none_or(|only| only == d.id))
            .map(|(doc, latest)| crate::documents::Listed {
                doc,
                latest,
                level: ShareLevel::Download,
            })
            .collect();
        Ok((p.title, docs))
    }

    /// A file through a link (only of the documents it opens), journaled under the link.
    pub async fn link_download(
        &self,
        link: &ShareLink,
        client: &Client,
        version: VersionId,
    ) -> CoreResult<(DocumentVersion, ByteStream<'static>)> {
        let v = self
            .store
            .version(link.tenant_id, version)
            .await?
            .ok_or(CoreError::NotFound)?;
        let doc = self
            .store
            .document(link.tenant_id, v.document_id)
            .await?
            .filter(|d| {
                d.project_id == link.project_id && link.document_id.is_none_or(|only| only == d.id)
            })
            .ok_or(CoreError::NotFound)?;
        self.record_as(
            link.tenant_id,
            None,
            &Self::link_label(link),
            client,
            Event {
                action: "document.download",
                object_kind: "version",
                object_id: v.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{} ({})", doc.title, v.number, v.filename),
            },
        )
        .await?;
        let data = self
            .blobs
            .get(&v.sha256)
            .await
            .map_err(|e| CoreError::internal(format!("blob {}: {e}", v.sha256)))?;
        Ok((v, data))
    }
}
