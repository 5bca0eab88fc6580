//! Per-contact rights on a project or one document (view only, download, upload), set by staff
//! over what each contact's role gives: share a whole project, or only some documents.
use guichet_domain::*;
use guichet_store::Member;

use crate::access::{Action, require, role_reaches_document, role_rights};
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

/// One contact of the project's account, as the staff access panel shows them.
#[derive(Clone, Debug)]
pub struct ContactAccess {
    pub user: User,
    pub role_name: String,
    /// What their role alone gives on the project's documents (`None`: not the project).
    pub by_role: Option<ShareLevel>,
    /// What staff set for them on the project, or on the one document asked about.
    pub set: Option<ShareLevel>,
    /// What they get, all told (on the document when one is asked about); `None`: nothing.
    pub effective: Option<ShareLevel>,
}

impl Portal {
    /// Staff: each contact of the project's account with their access to the project, or to
    /// one of its documents.
    pub async fn project_access(
        &self,
        actor: &User,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> CoreResult<Vec<ContactAccess>> {
        let (p, _) = self.staff_project(actor, project).await?;
        let doc = match document {
            Some(d) => Some(self.staff_document(actor, &p, d).await?),
            None => None,
        };
        let shares = self.store.shares_of_project(p.tenant_id, p.id).await?;
        let roles = self.store.roles(p.tenant_id).await?;
        let mut out = Vec::new();
        for m in self.store.contacts_of(p.tenant_id, p.customer_id).await? {
            let Some((role, _)) = roles.iter().find(|(r, _)| r.id == m.role_id) else {
                continue;
            };
            let rights = ProjectRights::new(
                role_rights(&m.user, role, p.customer_id, &p),
                m.user.id,
                &shares,
            );
            let (set, effective) = match &doc {
                None => (
                    rights.project,
                    match rights.project {
                        Some(l) => Some(l),
                        None => rights.role_level(),
                    }
                    .filter(|_| rights.sees_project()),
                ),
                Some(d) => (
                    rights.documents.get(&d.id).copied(),
                    rights.document(d.id, role_reaches_document(&m.user, role, p.customer_id, d)),
                ),
            };
            out.push(ContactAccess {
                by_role: rights.role_level(),
                role_name: role.name.clone(),
                user: m.user,
                set,
                effective,
            });
        }
        Ok(out)
    }

    async fn staff_document(
        &self,
        actor: &User,
        p: &Project,
        d: DocumentId,
    ) -> CoreResult<Document> {
        self.store
            .document(actor.tenant_id, d)
            .await?
            .filter(|d| d.project_id == p.id)
            .ok_or(CoreError::NotFound)
    }

    /// Staff: sets one contact's right on a project or one of its documents (`None`: back to
    /// what the role, or the project, gives). Journaled.
    pub async fn set_share(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        document: Option<DocumentId>,
        contact: UserId,
        level: Option<ShareLevel>,
    ) -> CoreResult<()> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let doc = match document {
            Some(d) => Some(self.staff_document(actor, &p, d).await?),
            None => None,
        };
        let member: Member = self
            .store
            .contacts_of(p.tenant_id, p.customer_id)
            .await?
            .into_iter()
            .find(|m| m.user.id == contact)
            .ok_or_else(|| CoreError::field("user", "error-invalid"))?;
        let on = doc.as_ref().map(|d| d.title.as_str()).unwrap_or(&p.title);
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "share.set",
                object_kind: if document.is_some() {
                    "document"
                } else {
                    "project"
                },
                object_id: document.map(|d| d.0).unwrap_or(p.id.0),
                customer: Some(p.customer_id),
                project: Some(p.id),
                detail: format!(
                    "{} — {}: {}",
                    on,
                    member.user.name,
                    level.map(ShareLevel::code).unwrap_or("role")
                ),
            },
        );
        match level {
            Some(level) => {
                self.journaled(
                    vec![entry],
                    self.store.set_share(&Share {
                        tenant_id: p.tenant_id,
                        project_id: p.id,
                        document_id: document,
                        user_id: contact,
                        level,
                        granted_by: actor.id,
                        granted_at: Millis::now(),
                    }),
                )
                .await?
            }
            None => {
                self.journaled(
                    vec![entry],
                    self.store
                        .remove_share(p.tenant_id, p.id, document, contact),
                )
                .await?
            }
        }
        Ok(())
    }

    /// The contacts of the project's account who see it (and the document, when one is named):
    /// those a mention or a notification may reach.
    pub async fn contacts_seeing(
        &self,
        p: &Project,
        document: Option<&Document>,
    ) -> CoreResult<Vec<User>> {
        let shares = self.store.shares_of_project(p.tenant_id, p.id).await?;
        let roles = self.store.roles(p.tenant_id).await?;
        let mut out = Vec::new();
        for m in self.store.contacts_of(p.tenant_id, p.customer_id).await? {
            let Some((role, _)) = roles.iter().find(|(r, _)| r.id == m.role_id) else {
                continue;
            };
            let rights = ProjectRights::new(
                role_rights(&m.user, role, p.customer_id, p),
                m.user.id,
                &shares,
            );
            let sees = match document {
                None => rights.sees_project(),
                Some(d) => rights
                    .document(d.id, role_reaches_document(&m.user, role, p.customer_id, d))
                    .is_some(),
            };
            if sees {
                out.push(m.user);
            }
        }
        Ok(out)
    }
}
