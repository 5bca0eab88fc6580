//! Comments on a project or one of its documents, by staff and by the contacts who see it.
use guichet_domain::*;

use crate::access::{Action, require};
use crate::documents::Actor;
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

impl Portal {
    /// Checks the actor sees the project (and the document, when one is named).
    async fn comment_target(
        &self,
        who: Actor<'_>,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> CoreResult<Project> {
        let p = match who {
            Actor::Staff(u) => {
                require(u, Action::ViewCustomers)?;
                self.staff_project(u, project).await?.0
            }
            Actor::Contact(s, a) => self.portal_project(s, a, project).await?,
        };
        if let Some(d) = document {
            let (doc, _, _) = self.document_for(who, d).await?;
            if doc.project_id != p.id {
                return Err(CoreError::NotFound);
            }
        }
        Ok(p)
    }

    pub async fn comments(
        &self,
        who: Actor<'_>,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> CoreResult<Vec<Comment>> {
        let p = self.comment_target(who, project, document).await?;
        Ok(self.store.comments_of(p.tenant_id, p.id, document).await?)
    }

    /// Adds a comment (1 to 5000 characters); journaled. People named as `@Name` who can see
    /// it are emailed at once, unless their preferences say otherwise.
    pub async fn add_comment(
        &self,
        who: Actor<'_>,
        client: &Client,
        tenant: &Tenant,
        project: ProjectId,
        document: Option<DocumentId>,
        body: &str,
    ) -> CoreResult<Comment> {
        if let Actor::Staff(u) = who {
            require(u, Action::ManageContacts)?;
        }
        let p = self.comment_target(who, project, document).await?;
        let body = text(body, 5000, true).map_err(|e| CoreError::field("body", e.message_key()))?;
        let author = match who {
            Actor::Staff(u) => u,
            Actor::Contact(s, _) => &s.user,
        };
        let comment = Comment {
            id: CommentId::new(),
            tenant_id: p.tenant_id,
            customer_id: p.customer_id,
            project_id: p.id,
            document_id: document,
            author: author.id,
            author_name: author.name.clone(),
            body,
            created_at: Millis::now(),
        };
        self.store.insert_comment(&comment).await?;
        let excerpt: String = comment.body.chars().take(80).collect();
        self.record(
            author,
            client,
            Event {
                action: "comment.add",
                object_kind: if document.is_some() {
                    "document"
                } else {
                    "project"
                },
                object_id: document.map(|d| d.0).unwrap_or(p.id.0),
                customer: Some(p.customer_id),
                project: Some(p.id),
                detail: excerpt,
            },
        )
        .await?;
        self.notify_mentions(tenant, author, &p, &comment).await?;
        Ok(comment)
    }

    /// Emails the people a comment mentions (`@Full Name`) who may see what it is about.
    async fn notify_mentions(
        &self,
        tenant: &Tenant,
        author: &User,
        project: &Project,
        comment: &Comment,
    ) -> CoreResult<()> {
        if !comment.body.contains('@') {
            return Ok(());
        }
        let lower = comment.body.to_lowercase();
        let mentioned = |u: &User| {
            u.id != author.id && u.active && lower.contains(&format!("@{}", u.name.to_lowercase()))
        };
        let mut people: Vec<(User, bool)> = self
            .store
            .list_staff(tenant.id)
            .await?
            .into_iter()
            .filter(|u| mentioned(u))
            .map(|u| (u, true))
            .collect();
        let document = match comment.document_id {
            Some(d) => self.store.document(tenant.id, d).await?,
            None => None,
        };
        for user in self.contacts_seeing(project, document.as_ref()).await? {
            if mentioned(&user) {
                people.push((user, false));
            }
        }
        let base = tenant.base_url.trim_end_matches('/');
        for (user, staff) in people {
            if self.notify_mode(&user, NotifyKind::CommentMention).await? != NotifyMode::Immediate {
                continue;
            }
            let link = match (comment.document_id, staff) {
                (Some(d), _) => format!("{base}/documents/{d}"),
                (None, true) => format!("{base}/staff/projects/{}", project.id),
                (None, false) => format!("{base}/portal/projects/{}", project.id),
            };
            let excerpt: String = comment.body.chars().take(300).collect();
            let args = [
                ("author", author.name.as_str()),
                ("project", project.title.as_str()),
                ("excerpt", excerpt.as_str()),
                ("link", link.as_str()),
                ("provider", tenant.name.as_str()),
            ];
            let now = Millis::now();
            self.store
                .enqueue_email(&OutboxEmail {
                    id: EmailId::new(),
                    tenant_id: tenant.id,
                    to_addr: user.email.as_str().to_string(),
                    subject: self
                        .catalogs
                        .t_with(user.locale, "mention-email-subject", &args),
                    body_text: self
                        .catalogs
                        .t_with(user.locale, "mention-email-body", &args),
                    created_at: now,
                    sent_at: None,
                    attempts: 0,
                    next_attempt_at: now,
                    last_error: None,
                })
                .await?;
        }
        Ok(())
    }
}
