//! A contact's project page in one pass: the project and their rights on it are read once, then
//! its documents, journal, requests, conversation, read marker and followers together.
use guichet_domain::*;
use guichet_store::{Account, JournalQuery, SignedIn};

use crate::Portal;
use crate::access::role_reaches_document;
use crate::documents::Listed;
use crate::error::CoreResult;

/// Everything the contact's project page shows.
#[derive(Debug)]
pub struct ProjectView {
    pub project: Project,
    pub rights: ProjectRights,
    /// The documents they see, newest first, with what they may do with each.
    pub documents: Vec<Listed>,
    /// What happened to the project and to the documents they see.
    pub timeline: Vec<JournalEntry>,
    pub requests: Vec<DocumentRequest>,
    pub comments: Vec<Comment>,
    /// Until when they had read the project's conversation before this visit.
    pub read_at: Option<Millis>,
    pub following: bool,
}

impl Portal {
    /// The project page of a contact (404 for a project they may not see). Opening it marks
    /// the project's conversation read.
    pub async fn portal_project_view(
        &self,
        s: &SignedIn,
        a: &Account,
        id: ProjectId,
    ) -> CoreResult<ProjectView> {
        let (project, rights) = self.portal_project_rights(s, a, id).await?;
        let t = project.tenant_id;
        let st = &self.store;
        let journal = JournalQuery {
            project: Some(project.id),
            object: None,
            action_prefix: None,
            limit: 200,
        };
        let (docs, entries, requests, comments, read_at, followers) = tokio::try_join!(
            st.documents_of(t, project.id),
            st.journal(t, &journal),
            st.requests_of(t, project.id),
            st.comments_of(t, project.id, None),
            st.read_at(t, s.user.id, project.id.0),
            st.followers(t, project.id),
        )?;
        let documents: Vec<Listed> = docs
            .into_iter()
            .filter_map(|(doc, latest)| {
                let reaches = role_reaches_document(&s.user, &a.role, a.customer.id, &doc);
                rights
                    .document(doc.id, reaches)
                    .map(|level| Listed { doc, latest, level })
            })
            .collect();
        let visible: Vec<uuid::Uuid> = documents
            .iter()
            .flat_map(|l| [l.doc.id.0, l.latest.id.0])
            .collect();
        let timeline = entries
            .into_iter()
            .filter(|e| e.object_kind == "project" || visible.contains(&e.object_id))
            .collect();
        if let Some(last) = comments.last()
            && read_at.is_none_or(|r| r < last.created_at)
        {
            st.mark_read(t, s.user.id, project.id.0, last.created_at)
                .await?;
        }
        Ok(ProjectView {
            following: followers.contains(&s.user.id),
            project,
            rights,
            documents,
            timeline,
            requests,
            comments,
            read_at,
        })
    }
}
