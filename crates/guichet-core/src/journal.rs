//! Recording what happens (who, when, from where, to what) in the tenant's hash-chained journal,
//! and reading it back: staff per project (with an export), customers their project's timeline.
use guichet_domain::*;
use guichet_store::{Account, JournalQuery, SignedIn};

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::{Client, Portal};

/// Something to write in the journal.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: uuid::Uuid,
    pub customer: Option<CustomerId>,
    pub project: Option<ProjectId>,
    pub detail: String,
}

/// The result of checking a tenant's chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { entries: usize },
    Broken { seq: i64, id: EntryId },
}

impl Portal {
    /// Appends an entry for `actor`. A journal that cannot be written fails the action.
    pub(crate) async fn record(
        &self,
        actor: &User,
        client: &Client,
        e: Event<'_>,
    ) -> CoreResult<()> {
        self.record_as(actor.tenant_id, Some(actor), &actor.name, client, e)
            .await
    }

    /// Appends an entry for whoever acted: a person, or (no user) a signed link described by
    /// `label`.
    pub(crate) async fn record_as(
        &self,
        tenant: TenantId,
        actor: Option<&User>,
        label: &str,
        client: &Client,
        e: Event<'_>,
    ) -> CoreResult<()> {
        self.store
            .append(&JournalEntry {
                id: EntryId::new(),
                tenant_id: tenant,
                seq: 0,
                at: Millis::now(),
                actor: actor.map(|a| a.id),
                actor_label: label.to_string(),
                ip: client.ip.clone(),
                action: e.action.to_string(),
                object_kind: e.object_kind.to_string(),
                object_id: e.object_id,
                customer_id: e.customer,
                project_id: e.project,
                detail: e.detail,
                prev_hash: String::new(),
                hash: String::new(),
            })
            .await?;
        Ok(())
    }

    /// Staff: a project's journal, newest first, optionally only actions starting with `prefix`.
    pub async fn project_journal(
        &self,
        actor: &User,
        project: ProjectId,
        prefix: Option<&str>,
        limit: i64,
    ) -> CoreResult<Vec<JournalEntry>> {
        require(actor, Action::ViewCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        Ok(self
            .store
            .journal(
                actor.tenant_id,
                &JournalQuery {
                    project: Some(p.id),
                    object: None,
                    action_prefix: prefix.map(str::to_string),
                    limit,
                },
            )
            .await?)
    }

    /// Staff: what happened to one document and its files, newest first ("seen by X on …,
    /// downloaded by Y on …").
    /// `doc` and `versions` as `document_for` or `view_document` gave them.
    pub async fn document_journal(
        &self,
        actor: &User,
        doc: &Document,
        versions: &[DocumentVersion],
    ) -> CoreResult<Vec<JournalEntry>> {
        require(actor, Action::ViewCustomers)?;
        if doc.tenant_id != actor.tenant_id {
            return Err(CoreError::NotFound);
        }
        let ids: Vec<uuid::Uuid> = std::iter::once(doc.id.0)
            .chain(versions.iter().map(|v| v.id.0))
            .collect();
        let all = self
            .store
            .journal(
                actor.tenant_id,
                &JournalQuery {
                    project: Some(doc.project_id),
                    object: None,
                    action_prefix: None,
                    limit: 1000,
                },
            )
            .await?;
        Ok(all
            .into_iter()
            .filter(|e| ids.contains(&e.object_id))
            .collect())
    }

    /// A contact's view of their project's timeline: the project, and what happened to it and
    /// to the documents they see.
    pub async fn project_timeline(
        &self,
        actor: &SignedIn,
        account: &Account,
        project: ProjectId,
    ) -> CoreResult<(Project, Vec<JournalEntry>)> {
        let (p, rights) = self.portal_project_rights(actor, account, project).await?;
        let who = crate::documents::Actor::Contact(actor, account);
        let visible: Vec<uuid::Uuid> = self
            .store
            .documents_of(p.tenant_id, p.id)
            .await?
            .iter()
            .filter(|(d, _)| Portal::level(who, Some(&rights), d).is_some())
            .flat_map(|(d, v)| [d.id.0, v.id.0])
            .collect();
        let all = self
            .store
            .journal(
                account.customer.tenant_id,
                &JournalQuery {
                    project: Some(p.id),
                    object: None,
                    action_prefix: None,
                    limit: 200,
                },
            )
            .await?;
        let entries = all
            .into_iter()
            .filter(|e| e.object_kind == "project" || visible.contains(&e.object_id))
            .collect();
        Ok((p, entries))
    }

    /// Checks every entry of a tenant's chain; reports the first broken one.
    pub async fn verify_journal(&self, tenant: TenantId) -> CoreResult<ChainCheck> {
        let chain = self.store.chain(tenant).await?;
        Ok(match first_broken(&chain) {
            Some(e) => ChainCheck::Broken {
                seq: e.seq,
                id: e.id,
            },
            None => ChainCheck::Intact {
                entries: chain.len(),
            },
        })
    }
}
