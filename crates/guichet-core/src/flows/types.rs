//! Flow types, as staff with the "manage flows" right create and edit them.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_domain::*;

use super::*;
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

impl Portal {
    /// Staff: the provider's flow types, with how many projects each holds.
    pub async fn flow_types(&self, actor: &User) -> CoreResult<Vec<(FlowType, i64)>> {
        require(actor, Action::ViewCustomers)?;
        let mut out = Vec::new();
        for f in self.store.flows(actor.tenant_id).await? {
            let n = self
                .store
                .flow_usage(actor.tenant_id, f.id)
                .await?
                .iter()
                .map(|(_, n)| n)
                .sum();
            out.push((f, n));
        }
        Ok(out)
    }

    /// Staff: one flow type and how many projects stand at each of its sub-statuses.
    pub async fn flow_type(
        &self,
        actor: &User,
        id: FlowId,
    ) -> CoreResult<(FlowType, BTreeMap<String, i64>)> {
        require(actor, Action::ViewCustomers)?;
        let f = self
            .store
            .flow(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let usage = self
            .store
            .flow_usage(actor.tenant_id, id)
            .await?
            .into_iter()
            .collect();
        Ok((f, usage))
    }

    /// Staff: the projects waiting at one step of a flow type, longest first (at most 200).
    pub async fn projects_at_step(
        &self,
        actor: &User,
        flow: FlowId,
        step: &str,
    ) -> CoreResult<(Arc<FlowType>, Vec<(Project, String, Millis)>)> {
        require(actor, Action::ViewCustomers)?;
        let f = self
            .store
            .flow(actor.tenant_id, flow)
            .await?
            .ok_or(CoreError::NotFound)?;
        if f.def.step(step).is_none() {
            return Err(CoreError::NotFound);
        }
        let list = self
            .store
            .projects_at_step(actor.tenant_id, flow, step, 200)
            .await?;
        Ok((Arc::new(f), list))
    }

    /// Staff with the "manage flows" right: a new flow type.
    pub async fn create_flow(
        &self,
        actor: &User,
        client: &Client,
        name: &str,
        public: Public,
        def: FlowDef,
    ) -> Result<FlowType, FlowEditError> {
        require(actor, Action::ManageFlows)?;
        let name = checked_name(name)?;
        let problems = def.check();
        if !problems.is_empty() {
            return Err(FlowEditError::Invalid(problems));
        }
        let now = Millis::now();
        let f = FlowType {
            id: FlowId::new(),
            tenant_id: actor.tenant_id,
            name,
            public,
            def: FlowDef::default().version_terms(def, now),
            revision: 1,
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "flow.create",
                object_kind: "flow",
                object_id: f.id.0,
                customer: None,
                project: None,
                detail: f.name.clone(),
            },
        );
        self.journaled(vec![entry], self.store.insert_flow(&f))
            .await
            .map_err(CoreError::from)?;
        Ok(f)
    }

    /// Staff with the "manage flows" right: saves an edited flow type. Renamed and added steps
    /// apply at once; a removed sub-status that projects stand at needs a destination, and its
    /// projects move there in the same transaction. Terms whose text changed get a new version.
    pub async fn update_flow(
        &self,
        actor: &User,
        client: &Client,
        id: FlowId,
        edit: FlowEdit,
    ) -> Result<(FlowType, u64), FlowEditError> {
        require(actor, Action::ManageFlows)?;
        let name = checked_name(&edit.name)?;
        let old = self
            .store
            .flow(actor.tenant_id, id)
            .await
            .map_err(CoreError::from)?
            .ok_or(CoreError::NotFound)?;
        if old.revision != edit.revision {
            return Err(CoreError::Conflict.into());
        }
        let problems = edit.def.check();
        if !problems.is_empty() {
            return Err(FlowEditError::Invalid(problems));
        }
        let usage: BTreeMap<String, i64> = self
            .store
            .flow_usage(actor.tenant_id, id)
            .await
            .map_err(CoreError::from)?
            .into_iter()
            .collect();
        let mut moves = Vec::new();
        let mut needed = Vec::new();
        for key in old.def.removed_in(&edit.def) {
            let Some(n) = usage.get(&key).copied().filter(|n| *n > 0) else {
                continue;
            };
            match edit.moves.get(&key) {
                Some(to) if edit.def.step(to).is_some() => moves.push((key, to.clone())),
                _ => {
                    let internal = old
                        .def
                        .step(&key)
                        .map(|(_, s)| s.internal.clone())
                        .unwrap_or_default();
                    needed.push((key, internal, n));
                }
            }
        }
        if !needed.is_empty() {
            return Err(FlowEditError::NeedsDestination(needed));
        }
        let now = Millis(Millis::now().0.max(old.updated_at.0 + 1));
        let f = FlowType {
            name,
            public: edit.public,
            def: old.def.version_terms(edit.def, now),
            revision: old.revision + 1,
            updated_at: now,
            ..old.clone()
        };
        let mut detail = f.name.clone();
        for (from, to) in &moves {
            let name = |d: &FlowDef, k: &str| {
                d.step(k)
                    .map(|(_, s)| s.internal.clone())
                    .unwrap_or_default()
            };
            detail.push_str(&format!(
                " — {} → {}",
                name(&old.def, from),
                name(&f.def, to)
            ));
        }
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "flow.edit",
                object_kind: "flow",
                object_id: f.id.0,
                customer: None,
                project: None,
                detail,
            },
        );
        let moved = self
            .journaled(
                vec![entry],
                self.store.update_flow(&f, old.revision, &moves),
            )
            .await
            .map_err(conflict)?;
        Ok((f, moved))
    }

    /// Staff with the "manage flows" right: one change made from the editor's forms, to the
    /// definition as it stood at `revision`, saved as any edit is (`moves`: where the
    /// projects of a removed sub-status go). Returns the key of what the change created.
    pub async fn edit_flow(
        &self,
        actor: &User,
        client: &Client,
        id: FlowId,
        revision: i64,
        moves: BTreeMap<String, String>,
        change: FlowChange,
    ) -> Result<Option<String>, FlowEditError> {
        let (flow, _) = self.flow_type(actor, id).await?;
        let mut def = flow.def;
        let created = def.edit(change).map_err(FlowEditError::Change)?;
        let edit = FlowEdit {
            name: flow.name,
            public: flow.public,
            def,
            revision,
            moves,
        };
        self.update_flow(actor, client, id, edit).await?;
        Ok(created)
    }
}
