//! Emails when a project arrives at a step, or its visit is planned.

use guichet_domain::*;

use crate::Portal;
use crate::access::{Action, may};
use crate::error::CoreResult;

impl Portal {
    /// Tells the customer's contacts who see the project when the technician comes (each in
    /// their own language and time zone), as they chose for project steps.
    pub(super) async fn announce_visit(
        &self,
        actor: &User,
        p: &Project,
        v: &Visit,
        technician: &str,
    ) -> CoreResult<()> {
        let Some(tenant) = self.store.tenant(p.tenant_id).await? else {
            return Ok(());
        };
        let link = format!(
            "{}/portal/projects/{}#flow",
            tenant.base_url.trim_end_matches('/'),
            p.id
        );
        for user in self.contacts_seeing(p, None).await? {
            if !user.active || user.id == actor.id {
                continue;
            }
            let when = guichet_i18n::format::time_range_in_zone(
                &self.catalogs,
                user.locale,
                &user.time_zone,
                v.starts_at,
                v.ends_at,
            );
            let args = [
                ("project", p.title.as_str()),
                ("when", when.as_str()),
                ("technician", technician),
                ("note", v.note.as_str()),
                ("link", link.as_str()),
                ("provider", tenant.name.as_str()),
            ];
            self.notify(
                &tenant,
                &user,
                NotifyKind::ProjectStep,
                "flow-visit-email-subject",
                "flow-visit-email-body",
                "flow-visit-digest-line",
                &args,
            )
            .await?;
        }
        Ok(())
    }

    /// Tells the people a step asks for that the project arrived there: the customer's
    /// contacts who see the project, and the project's team (else the provider's managers) —
    /// not the person who moved it.
    pub(super) async fn announce_step(
        &self,
        actor: &User,
        p: &Project,
        f: &FlowType,
        step: &SubStatus,
    ) -> CoreResult<()> {
        if !step.notify_customer && !step.notify_staff {
            return Ok(());
        }
        let Some(tenant) = self.store.tenant(p.tenant_id).await? else {
            return Ok(());
        };
        let base = tenant.base_url.trim_end_matches('/');
        let mut people: Vec<(User, String)> = Vec::new();
        if step.notify_customer {
            for u in self.contacts_seeing(p, None).await? {
                people.push((u, format!("{base}/portal/projects/{}#flow", p.id)));
            }
        }
        if step.notify_staff {
            let mut team = self.store.project_team(p.tenant_id, p.id).await?;
            if team.is_empty() {
                team = self
                    .store
                    .list_staff(p.tenant_id)
                    .await?
                    .into_iter()
                    .filter(|u| may(u, Action::ManageFlows))
                    .collect();
            }
            for u in team {
                people.push((u, format!("{base}/staff/projects/{}#flow", p.id)));
            }
        }
        for (user, link) in people {
            if !user.active || user.id == actor.id {
                continue;
            }
            let l = user.locale;
            let args = [
                ("project", p.title.as_str()),
                ("flow", f.public.name.get(l)),
                ("step", step.public.name.get(l)),
                ("description", step.public.description.get(l)),
                ("link", link.as_str()),
                ("provider", tenant.name.as_str()),
            ];
            self.notify(
                &tenant,
                &user,
                NotifyKind::ProjectStep,
                "flow-email-subject",
                "flow-email-body",
                "flow-digest-line",
                &args,
            )
            .await?;
        }
        Ok(())
    }
}
