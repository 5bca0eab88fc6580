//! Comments on a project or one of its documents, by staff and by the contacts who see it:
//! files sent with them, followers told of new ones, and what each reader has not read yet.
use guichet_domain::*;

use guichet_blob::ByteStream;

use crate::access::{Action, require};
use crate::documents::{Actor, DocumentMeta};
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

    /// A conversation as its reader sees it: the messages, and until when they had read it
    /// before (later messages by others are new). Reading it marks it read.
    pub async fn conversation(
        &self,
        who: Actor<'_>,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> CoreResult<(Vec<Comment>, Option<Millis>)> {
        let p = self.comment_target(who, project, document).await?;
        let user = actor_user(who);
        let thread = document.map(|d| d.0).unwrap_or(p.id.0);
        let (list, read) = futures_util::future::try_join(
            self.store.comments_of(p.tenant_id, p.id, document),
            self.store.read_at(p.tenant_id, user.id, thread),
        )
        .await?;
        if let Some(last) = list.last()
            && read.is_none_or(|r| r < last.created_at)
        {
            self.store
                .mark_read(p.tenant_id, user.id, thread, last.created_at)
                .await?;
        }
        Ok((list, read))
    }

    /// Unread messages by others on each of these projects' own conversations.
    pub async fn unread_counts(
        &self,
        user: &User,
        projects: &[ProjectId],
    ) -> CoreResult<Vec<(ProjectId, i64)>> {
        Ok(self
            .store
            .unread_counts(user.tenant_id, user.id, projects)
            .await?)
    }

    pub async fn is_following(&self, who: Actor<'_>, project: ProjectId) -> CoreResult<bool> {
        let p = self.comment_target(who, project, None).await?;
        Ok(self
            .store
            .followers(p.tenant_id, p.id)
            .await?
            .contains(&actor_user(who).id))
    }

    /// Follow (or stop following) a project's conversations: new messages are emailed.
    pub async fn set_following(
        &self,
        who: Actor<'_>,
        project: ProjectId,
        on: bool,
    ) -> CoreResult<()> {
        let p = self.comment_target(who, project, None).await?;
        let user = actor_user(who);
        if on {
            self.store
                .follow(p.tenant_id, p.id, user.id, Millis::now())
                .await?;
        } else {
            self.store.unfollow(p.tenant_id, p.id, user.id).await?;
        }
        Ok(())
    }

    /// Adds a comment (1 to 5000 characters), with a file when one is given (kept as a
    /// document of the project, with the rights and limits of any upload); journaled. Its
    /// author follows the project from then on. People named as `@Name` who can see it, and
    /// the project's followers, are told by email as their preferences say.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_comment(
        &self,
        who: Actor<'_>,
        client: &Client,
        tenant: &Tenant,
        project: ProjectId,
        document: Option<DocumentId>,
        body: &str,
        attachment: Option<(&str, ByteStream<'_>)>,
    ) -> CoreResult<Comment> {
        if let Actor::Staff(u) = who {
            require(u, Action::ManageContacts)?;
        }
        let p = self.comment_target(who, project, document).await?;
        let body = text(body, 5000, true).map_err(|e| CoreError::field("body", e.message_key()))?;
        let attachment = match attachment {
            Some((filename, data)) => Some(
                self.upload_document(
                    who,
                    client,
                    p.id,
                    &DocumentMeta {
                        title: String::new(),
                        kind: if tenant.offers_kind(DocumentKind::Other) {
                            DocumentKind::Other
                        } else {
                            tenant
                                .kinds()
                                .first()
                                .copied()
                                .unwrap_or(DocumentKind::Other)
                        }
                        .as_str()
                        .into(),
                    },
                    filename,
                    data,
                )
                .await?
                .id,
            ),
            None => None,
        };
        let author = actor_user(who);
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
            attachment,
        };
        let excerpt: String = comment.body.chars().take(80).collect();
        let entry = self.journal_entry(
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
        );
        self.journaled(vec![entry], self.store.insert_comment(&comment))
            .await?;

        self.store
            .follow(p.tenant_id, p.id, author.id, comment.created_at)
            .await?;
        self.store
            .mark_read(p.tenant_id, author.id, comment.thread(), comment.created_at)
            .await?;
        self.notify_comment(tenant, author, &p, &comment).await?;
        Ok(comment)
    }

    /// Tells the people a comment mentions (`@Full Name`) and the project's followers, among
    /// those who may see what it is about, each once, as their preferences say.
    async fn notify_comment(
        &self,
        tenant: &Tenant,
        author: &User,
        project: &Project,
        comment: &Comment,
    ) -> CoreResult<()> {
        let lower = comment.body.to_lowercase();
        let mentioned = |u: &User| {
            comment.body.contains('@') && lower.contains(&format!("@{}", u.name.to_lowercase()))
        };
        let followers = self.store.followers(tenant.id, project.id).await?;
        let document = match comment.document_id {
            Some(d) => self.store.document(tenant.id, d).await?,
            None => None,
        };
        // Everyone who may see it: the provider's active staff, the contacts it reaches.
        let mut people: Vec<(User, bool)> = self
            .store
            .list_staff(tenant.id)
            .await?
            .into_iter()
            .filter(|u| crate::access::may(u, Action::ViewCustomers))
            .map(|u| (u, true))
            .collect();
        for u in self.contacts_seeing(project, document.as_ref()).await? {
            people.push((u, false));
        }
        let base = tenant.base_url.trim_end_matches('/');
        let excerpt: String = comment.body.chars().take(300).collect();
        for (user, staff) in people {
            if user.id == author.id || !user.active {
                continue;
            }
            let kind = if mentioned(&user) {
                NotifyKind::CommentMention
            } else if followers.contains(&user.id) {
                NotifyKind::CommentNew
            } else {
                continue;
            };
            let link = match (comment.document_id, staff) {
                (Some(d), _) => format!("{base}/documents/{d}#comments"),
                (None, true) => format!("{base}/staff/projects/{}#comments", project.id),
                (None, false) => format!("{base}/portal/projects/{}#comments", project.id),
            };
            let args = [
                ("author", author.name.as_str()),
                ("project", project.title.as_str()),
                ("excerpt", excerpt.as_str()),
                ("link", link.as_str()),
                ("provider", tenant.name.as_str()),
            ];
            let (subject, body, line) = match kind {
                NotifyKind::CommentMention => (
                    "mention-email-subject",
                    "mention-email-body",
                    "mention-digest-line",
                ),
                _ => (
                    "comment-email-subject",
                    "comment-email-body",
                    "comment-digest-line",
                ),
            };
            self.notify(tenant, &user, kind, subject, body, line, &args)
                .await?;
        }
        Ok(())
    }
}

fn actor_user<'a>(who: Actor<'a>) -> &'a User {
    match who {
        Actor::Staff(u) => u,
        Actor::Contact(s, _) => &s.user,
    }
}
