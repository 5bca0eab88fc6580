//! A contact's project page in one pass: the project and their rights on it are read once, then
//! a page of its documents, its requests, conversation, read marker, followers and team. (Its
//! history is a page of its own: `project_timeline`.)
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::Portal;
use crate::documents::{Actor, Listed};
use crate::error::CoreResult;

/// Documents per page of a project.
pub const PAGE: i64 = 50;

/// Everything the contact's project page shows.
#[derive(Debug)]
pub struct ProjectView {
    pub project: Project,
    pub rights: ProjectRights,
    /// A page of the documents they see, newest first, with what they may do with each.
    pub documents: Vec<Listed>,
    /// Where the next page of documents starts, when there is one.
    pub next: Option<(Millis, DocumentId)>,
    pub requests: Vec<DocumentRequest>,
    pub comments: Vec<Comment>,
    /// Until when they had read the project's conversation before this visit.
    pub read_at: Option<Millis>,
    pub following: bool,
    /// The provider's people on the project (active ones).
    pub team: Vec<User>,
    /// Its place in its flow, with the flow type's revision (see `Portal::portal_flow`).
    pub flow: Option<(ProjectFlow, i64)>,
}

impl Portal {
    /// The project page of a contact (404 for a project they may not see). Opening it marks
    /// the project's conversation read.
    pub async fn portal_project_view(
        &self,
        s: &SignedIn,
        a: &Account,
        id: ProjectId,
        before: Option<(Millis, DocumentId)>,
    ) -> CoreResult<ProjectView> {
        let (project, rights, flow) = self.portal_project_head(s, a, id).await?;
        let t = project.tenant_id;
        let st = &self.store;
        // One after the other: on a small server under load, handing six statements to six
        // pooled connections at once costs more in thread switches than it saves
        // (bench/notes.md, "Documents pages").
        let docs = st
            .project_documents_page(t, project.id, before, PAGE + 1)
            .await?;
        let requests = st.requests_of(t, project.id).await?;
        let comments = st.comments_of(t, project.id, None).await?;
        let (read_at, following) = st.reader_state(t, s.user.id, project.id).await?;
        let team = st.project_team(t, project.id).await?;
        let more = docs.len() as i64 > PAGE;
        let next = if more {
            docs.get(PAGE as usize - 1)
                .map(|(d, _)| (d.created_at, d.id))
        } else {
            None
        };
        // Documents they may not see are left out of the page (it may then be shorter).
        let documents: Vec<Listed> = docs
            .into_iter()
            .take(PAGE as usize)
            .filter_map(|(doc, latest)| {
                Portal::level(Actor::Contact(s, a), Some(&rights), &doc).map(|level| Listed {
                    doc,
                    latest,
                    level,
                })
            })
            .collect();
        if let Some(last) = comments.last()
            && read_at.is_none_or(|r| r < last.created_at)
        {
            st.mark_read(t, s.user.id, project.id.0, last.created_at)
                .await?;
        }
        Ok(ProjectView {
            flow,
            following,
            team: team.into_iter().filter(|u| u.active).collect(),
            project,
            rights,
            documents,
            next,
            requests,
            comments,
            read_at,
        })
    }
}
