//! A contact's project page in one pass: the project and their rights on it are read once, then
//! a page of its documents, its requests, conversation, read marker, followers and team. (Its
//! history is a page of its own: `project_timeline`.)
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// What a project's page lists, as read at one content revision.
#[derive(Debug)]
pub(crate) struct Content {
    /// The first page of documents (one more than shown, to know whether there is a next).
    documents: Vec<(Document, DocumentVersion)>,
    requests: Vec<DocumentRequest>,
    comments: Vec<Comment>,
    team: Vec<User>,
}

/// Projects' first pages as last read, each with the content revision it was read at, served
/// only while that revision is still the project's (checked by the page's one statement).
/// Content read after the revision was read may be newer than it, never older: a page served
/// from here never misses a change its head has seen.
#[derive(Default)]
pub(crate) struct ContentCache(Mutex<HashMap<(TenantId, ProjectId), Cached>>);

/// A project's content and the revision it was read at.
type Cached = (i64, Arc<Content>);

/// Projects kept at most; when full, the cache starts over (cheap, and rare).
const CACHED_PROJECTS: usize = 256;
/// A project with more comments than this is not kept (its page reads them each time).
const CACHED_COMMENTS: usize = 200;

impl ContentCache {
    fn get(&self, tenant: TenantId, project: ProjectId, revision: i64) -> Option<Arc<Content>> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(tenant, project))
            .filter(|(at, _)| *at == revision)
            .map(|(_, content)| content.clone())
    }

    fn put(&self, tenant: TenantId, project: ProjectId, revision: i64, content: Arc<Content>) {
        if content.comments.len() > CACHED_COMMENTS {
            return;
        }
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= CACHED_PROJECTS && !map.contains_key(&(tenant, project)) {
            map.clear();
        }
        map.insert((tenant, project), (revision, content));
    }
}

impl Portal {
    /// What the page lists: a page of documents (the first when `before` is none), the
    /// requests, the conversation and the team.
    async fn project_content(
        &self,
        t: TenantId,
        project: ProjectId,
        before: Option<(Millis, DocumentId)>,
    ) -> CoreResult<Content> {
        let st = &self.store;
        // One after the other: on a small server under load, handing statements to several
        // pooled connections at once costs more in thread switches than it saves
        // (bench/notes.md, "Documents pages").
        Ok(Content {
            documents: st
                .project_documents_page(t, project, before, PAGE + 1)
                .await?,
            requests: st.requests_of(t, project).await?,
            comments: st.comments_of(t, project, None).await?,
            team: st.project_team(t, project).await?,
        })
    }

    /// The project page of a contact (404 for a project they may not see). Opening it marks
    /// the project's conversation read. Its first page costs one statement while the project's
    /// content revision holds (the rest is kept in memory meanwhile).
    pub async fn portal_project_view(
        &self,
        s: &SignedIn,
        a: &Account,
        id: ProjectId,
        before: Option<(Millis, DocumentId)>,
    ) -> CoreResult<ProjectView> {
        let (head, rights) = self.portal_head(s, a, id).await?;
        let project = head.project;
        let t = project.tenant_id;
        let content = match before {
            Some(_) => Arc::new(self.project_content(t, project.id, before).await?),
            None => match self.content_cache.get(t, project.id, head.content_revision) {
                Some(content) => content,
                None => {
                    let content = Arc::new(self.project_content(t, project.id, None).await?);
                    self.content_cache
                        .put(t, project.id, head.content_revision, content.clone());
                    content
                }
            },
        };
        let docs = &content.documents;
        let next = if docs.len() as i64 > PAGE {
            docs.get(PAGE as usize - 1)
                .map(|(d, _)| (d.created_at, d.id))
        } else {
            None
        };
        // Documents they may not see are left out of the page (it may then be shorter).
        let documents: Vec<Listed> = docs
            .iter()
            .take(PAGE as usize)
            .filter_map(|(doc, latest)| {
                Portal::level(Actor::Contact(s, a), Some(&rights), doc).map(|level| Listed {
                    doc: doc.clone(),
                    latest: latest.clone(),
                    level,
                })
            })
            .collect();
        if let Some(last) = content.comments.last()
            && head.read_at.is_none_or(|r| r < last.created_at)
        {
            self.store
                .mark_read(t, s.user.id, project.id.0, last.created_at)
                .await?;
        }
        Ok(ProjectView {
            flow: head.flow,
            following: head.following,
            team: content.team.iter().filter(|u| u.active).cloned().collect(),
            project,
            rights,
            documents,
            next,
            requests: content.requests.clone(),
            comments: content.comments.clone(),
            read_at: head.read_at,
        })
    }
}
