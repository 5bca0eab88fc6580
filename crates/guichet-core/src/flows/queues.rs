//! Staff's list of the provider's projects across its customers: where each stands in its
//! flow and whom it waits on — the flows' queues together.
use guichet_domain::*;

use crate::Portal;
use crate::access::{Action, require};
use crate::error::CoreResult;

/// Who moves a project on from the step it stands at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitingOn {
    /// A page with an action that leads on: documentation to send, a drawing, an offer.
    Customer,
    /// A step only staff move on (a visit to make, a study to write).
    Staff,
    /// A closing page (success or failure): nothing waits.
    Nobody,
}

impl WaitingOn {
    pub fn at(step: &SubStatus) -> WaitingOn {
        if step.page != PageKind::Failed
            && step
                .page
                .actions()
                .iter()
                .any(|a| step.transition(*a).is_some())
        {
            WaitingOn::Customer
        } else if matches!(step.page, PageKind::Success | PageKind::Failed) {
            WaitingOn::Nobody
        } else {
            WaitingOn::Staff
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            WaitingOn::Customer => "customer",
            WaitingOn::Staff => "staff",
            WaitingOn::Nobody => "nobody",
        }
    }

    /// The filters offered: on the customer or on staff.
    pub fn parse(code: &str) -> Option<WaitingOn> {
        match code {
            "customer" => Some(WaitingOn::Customer),
            "staff" => Some(WaitingOn::Staff),
            _ => None,
        }
    }
}

/// Which projects staff ask for.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    /// Words of the title, the reference or the customer's name.
    pub search: String,
    pub status: Option<ProjectStatus>,
    /// Only those with the reader on their team.
    pub mine: bool,
    /// Only open projects standing at a step that waits on them.
    pub waiting_on: Option<WaitingOn>,
}

/// A project as staff list it.
#[derive(Clone, Debug)]
pub struct ListedProject {
    pub project: Project,
    pub customer_name: String,
    /// Where it stands in its flow, if it follows one.
    pub step: Option<ListedStep>,
}

#[derive(Clone, Debug)]
pub struct ListedStep {
    /// The flow type's name and the step's, as staff call them.
    pub flow: String,
    pub name: String,
    pub waiting_on: WaitingOn,
}

/// The list, and whether more projects match than it shows.
#[derive(Clone, Debug, Default)]
pub struct ProjectList {
    pub projects: Vec<ListedProject>,
    pub more: bool,
}

/// Projects listed at most.
pub const LISTED: usize = 100;

impl Portal {
    /// Staff: the provider's projects across its customers, most recently changed first.
    pub async fn staff_projects(&self, actor: &User, f: &ProjectFilter) -> CoreResult<ProjectList> {
        require(actor, Action::ViewCustomers)?;
        let tenant = actor.tenant_id;
        let at_steps = match f.waiting_on {
            Some(who) => {
                let mut steps = Vec::new();
                for flow in self.store.flows(tenant).await? {
                    for (_, step) in flow.def.steps() {
                        if WaitingOn::at(step) == who {
                            steps.push((flow.id, step.key.clone()));
                        }
                    }
                }
                Some(steps)
            }
            None => None,
        };
        let query = StaffProjectQuery {
            search: Some(f.search.trim().to_string()).filter(|s| !s.is_empty()),
            status: f.status.or(f.waiting_on.map(|_| ProjectStatus::Open)),
            team_member: f.mine.then_some(actor.id),
            at_steps,
            limit: LISTED as i64 + 1,
        };
        let found = self.store.staff_projects(tenant, &query).await?;
        let more = found.len() > LISTED;
        let ids: Vec<ProjectId> = found.iter().take(LISTED).map(|(p, _)| p.id).collect();
        let places = self.store.project_steps(tenant, &ids).await?;
        let mut projects = Vec::with_capacity(ids.len());
        for (project, customer_name) in found.into_iter().take(LISTED) {
            let mut step = None;
            if let Some((_, flow, key, revision)) = places.iter().find(|(p, ..)| *p == project.id)
                && let Some(ft) = self.flow_type_at(tenant, *flow, *revision).await?
                && let Some((_, s)) = ft.def.step(key)
            {
                step = Some(ListedStep {
                    flow: ft.name.clone(),
                    name: s.internal.clone(),
                    waiting_on: WaitingOn::at(s),
                });
            }
            // A project on an older revision of its flow type is judged by that revision.
            if let Some(who) = f.waiting_on
                && step.as_ref().map(|s| s.waiting_on) != Some(who)
            {
                continue;
            }
            projects.push(ListedProject {
                project,
                customer_name,
                step,
            });
        }
        Ok(ProjectList { projects, more })
    }
}
