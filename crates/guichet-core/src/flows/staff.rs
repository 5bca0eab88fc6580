//! A project's flow as staff handle it: put it in a flow, move it, plan the visit.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_domain::*;

use super::*;
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::{Client, Portal};

impl Portal {
    /// Staff: a project's flow type and place in it.
    pub async fn staff_project_flow(
        &self,
        actor: &User,
        project: ProjectId,
    ) -> CoreResult<Option<(Arc<FlowType>, ProjectFlow)>> {
        let (p, _) = self.staff_project(actor, project).await?;
        self.flow_of(&p).await
    }

    /// Staff: puts a project in a flow type, at its first sub-status (or restarts it there).
    pub async fn start_flow(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        flow: FlowId,
    ) -> CoreResult<ProjectFlow> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let f = self
            .store
            .flow(p.tenant_id, flow)
            .await?
            .ok_or_else(|| CoreError::field("flow", "error-invalid"))?;
        let first = f
            .def
            .first_step()
            .ok_or_else(|| CoreError::field("flow", "error-invalid"))?;
        let now = Millis::now();
        let revision = match self.store.project_flow(p.tenant_id, p.id).await? {
            Some(old) => old.revision + 1,
            None => 1,
        };
        let pf = ProjectFlow {
            project_id: p.id,
            tenant_id: p.tenant_id,
            flow_id: f.id,
            step: first.key.clone(),
            values: BTreeMap::new(),
            visit: None,
            revision,
            entered_at: now,
            updated_at: now,
            visited: vec![first.key.clone()],
        };
        let entry = self.journal_entry(
            actor,
            client,
            on_project("flow.start", &p, format!("{} — {}", f.name, first.internal)),
        );
        self.journaled(vec![entry], self.store.start_project_flow(&pf))
            .await?;
        self.announce_step(actor, &p, &f, first).await?;
        Ok(pf)
    }

    /// Staff: moves a project to any sub-status of its flow (steps the customer cannot take
    /// themselves: a visit done, a contract signed). `revision`: the page's.
    pub async fn move_flow(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        revision: i64,
        to: &str,
    ) -> CoreResult<ProjectFlow> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let (f, pf) = self.flow_of(&p).await?.ok_or(CoreError::NotFound)?;
        if pf.revision != revision {
            return Err(CoreError::Conflict);
        }
        let (_, target) = f
            .def
            .step(to)
            .ok_or_else(|| CoreError::field("step", "error-invalid"))?;
        let from = f
            .def
            .step(&pf.step)
            .map(|(_, s)| s.internal.clone())
            .unwrap_or_else(|| pf.step.clone());
        let now = Millis::now();
        let mut next = ProjectFlow {
            revision: pf.revision + 1,
            updated_at: now,
            ..pf.clone()
        };
        next.arrive(&target.key, now);
        let entry = self.journal_entry(
            actor,
            client,
            on_project("flow.move", &p, format!("{from} → {}", target.internal)),
        );
        self.journaled(
            vec![entry],
            self.store.save_project_flow(&next, pf.revision),
        )
        .await
        .map_err(conflict)?;
        self.announce_step(actor, &p, &f, target).await?;
        Ok(next)
    }

    /// Staff: plans (or clears) the technician's visit shown on the project's visit page.
    pub async fn set_visit(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        revision: i64,
        visit: Option<Visit>,
    ) -> CoreResult<ProjectFlow> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let (_, pf) = self.flow_of(&p).await?.ok_or(CoreError::NotFound)?;
        if pf.revision != revision {
            return Err(CoreError::Conflict);
        }
        let mut tech_name = String::new();
        if let Some(v) = &visit {
            if v.ends_at.0 <= v.starts_at.0 {
                return Err(CoreError::field("ends_at", "error-flow-visit-order"));
            }
            if let Some(t) = v.technician {
                match self.store.user(p.tenant_id, t).await? {
                    Some(u) if u.kind == UserKind::Staff && u.active => tech_name = u.name,
                    _ => return Err(CoreError::field("technician", "error-invalid")),
                }
            }
        }
        let next = ProjectFlow {
            visit: visit.clone(),
            revision: pf.revision + 1,
            updated_at: Millis::now(),
            ..pf.clone()
        };
        let entry = self.journal_entry(
            actor,
            client,
            on_project(
                "flow.visit",
                &p,
                match &visit {
                    Some(v) => {
                        let at = |m: Millis| {
                            jiff::Timestamp::from_millisecond(m.0)
                                .map(|t| t.to_string())
                                .unwrap_or_default()
                        };
                        format!("{tech_name} {} – {}", at(v.starts_at), at(v.ends_at))
                    }
                    None => "—".into(),
                },
            ),
        );
        self.journaled(
            vec![entry],
            self.store.save_project_flow(&next, pf.revision),
        )
        .await
        .map_err(conflict)?;
        if let Some(v) = &visit {
            self.announce_visit(actor, &p, v, &tech_name).await?;
        }
        Ok(next)
    }

    /// Of these projects (the reader may see them), those whose flow stands at a step only the
    /// customer moves on — a page with an action that leads on (documentation to send, a
    /// drawing, an offer to answer) — with the step's public name in `locale`.
    pub(crate) async fn steps_waiting_on_customer(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
        locale: Locale,
    ) -> CoreResult<Vec<(ProjectId, String)>> {
        self.steps_where(tenant, projects, locale, |s| {
            super::queues::WaitingOn::at(s) == super::queues::WaitingOn::Customer
        })
        .await
    }

    /// For a list of projects the reader may see: the public name (in `locale`) of the step
    /// each one that follows a flow stands at.
    pub async fn current_steps(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
        locale: Locale,
    ) -> CoreResult<Vec<(ProjectId, String)>> {
        self.steps_where(tenant, projects, locale, |_| true).await
    }

    /// The current step of each of these projects that follows a flow, when `keep` keeps it,
    /// by its public name in `locale`.
    async fn steps_where(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
        locale: Locale,
        keep: impl Fn(&SubStatus) -> bool,
    ) -> CoreResult<Vec<(ProjectId, String)>> {
        let mut out = Vec::new();
        if projects.is_empty() {
            return Ok(out);
        }
        for (p, f, step, revision) in self.store.project_steps(tenant, projects).await? {
            if let Some(flow) = self.flow_type_at(tenant, f, revision).await?
                && let Some((_, s)) = flow.def.step(&step)
                && keep(s)
            {
                out.push((p, s.public.name.get(locale).to_string()));
            }
        }
        Ok(out)
    }
}
