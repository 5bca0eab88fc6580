//! Recording what happens (who, when, from where, to what) in the tenant's hash-chained journal,
//! and reading it back: staff per project (with an export), customers their project's timeline.
//! Entries are sealed under the journal key and checkpointed outside the database
//! (`checkpoints`), so that `verify` finds a rewritten or cut history (decision 0011).
mod checkpoints;
mod refusals;
mod verify;

use std::path::PathBuf;

use guichet_domain::*;
use guichet_store::{Account, JournalQuery, SignedIn};

pub(crate) use checkpoints::CheckpointLog;
pub use checkpoints::CheckpointOutcome;
pub use refusals::Refusal;
pub(crate) use refusals::RefusalGate;
pub use verify::{JournalCheck, JournalProblem};

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::{Client, Portal};

/// Where the journal's proofs live, outside the database.
#[derive(Clone, Debug)]
pub struct JournalSettings {
    /// Seals every entry (HMAC) and, derived, signs checkpoints.
    pub key: JournalKey,
    /// Where signed checkpoints are appended; none: no checkpoints are made or checked.
    pub checkpoint_file: Option<PathBuf>,
}

impl Default for JournalSettings {
    /// A key only this process knows and no checkpoints: for tools and tests that start a
    /// portal by hand. The binary reads the configured key file.
    fn default() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        JournalSettings {
            key: JournalKey::from_bytes(bytes),
            checkpoint_file: None,
        }
    }
}

/// Something to write in the journal.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: uuid::Uuid,
    pub customer: Option<CustomerId>,
    pub project: Option<ProjectId>,
    pub detail: String,
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
    /// `label`. The store seals it under the journal key.
    pub(crate) async fn record_as(
        &self,
        tenant: TenantId,
        actor: Option<&User>,
        label: &str,
        client: &Client,
        e: Event<'_>,
    ) -> CoreResult<()> {
        self.store
            .append(
                &entry(tenant, actor, label, client, e),
                &self.settings.journal.key,
            )
            .await?;
        Ok(())
    }

    /// An entry for `actor`, to be written in the same transaction as the action it records
    /// (the store seals it and sets its place in the chain).
    pub(crate) fn journal_entry(&self, actor: &User, client: &Client, e: Event<'_>) -> JournalEntry {
        entry(actor.tenant_id, Some(actor), &actor.name, client, e)
    }

    /// Staff: a project's journal, newest first, optionally only actions starting with `prefix`.
    /// Only for those who may open the staff project page where it is shown (managing
    /// customers): an accountant, who may not, reads no project's journal.
    pub async fn project_journal(
        &self,
        actor: &User,
        project: ProjectId,
        prefix: Option<&str>,
        limit: i64,
    ) -> CoreResult<Vec<JournalEntry>> {
        require(actor, Action::ManageCustomers)?;
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

    /// Staff: a project's whole journal (its last 10,000 entries), to export; the export is
    /// itself journaled before anything is returned.
    pub async fn export_project_journal(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
    ) -> CoreResult<Vec<JournalEntry>> {
        let entries = self.project_journal(actor, project, None, 10_000).await?;
        let (p, _) = self.staff_project(actor, project).await?;
        self.record(
            actor,
            client,
            Event {
                action: "journal.export",
                object_kind: "project",
                object_id: p.id.0,
                customer: Some(p.customer_id),
                project: Some(p.id),
                detail: format!("journal-{}.csv", p.id),
            },
        )
        .await?;
        Ok(entries)
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
}

fn entry(
    tenant: TenantId,
    actor: Option<&User>,
    label: &str,
    client: &Client,
    e: Event<'_>,
) -> JournalEntry {
    JournalEntry {
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
        keyed: true,
    }
}
