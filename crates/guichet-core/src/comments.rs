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
            let (doc, _) = self.document_for(who, d).await?;
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

    /// Adds a comment (1 to 5000 characters); journaled.
    pub async fn add_comment(
        &self,
        who: Actor<'_>,
        client: &Client,
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
        Ok(comment)
    }
}
