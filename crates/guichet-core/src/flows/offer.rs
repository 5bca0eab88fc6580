//! The offer step of a project's flow answered through the project's quotes (issue 16): a
//! quote accepted moves the project on by "offer accepted", the last open one refused by
//! "offer refused" — saved in the quote's own transaction, so neither happens without the
//! other.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_domain::*;

use super::on_project;
use crate::error::CoreResult;
use crate::{Client, Portal};

/// Where a quote's answer takes its project's flow.
#[derive(Debug)]
pub(crate) struct OfferMove {
    pub project: Project,
    pub flow: Arc<FlowType>,
    /// The flow's revision the move was computed from (saved only if still current).
    pub from: i64,
    pub next: ProjectFlow,
    /// The journal's "flow.step" entry for it.
    pub entry: JournalEntry,
}

impl Portal {
    /// The move `action` makes on `project`'s flow, when the project stands at an offer page
    /// and the flow goes somewhere on it (`None` otherwise: the quote is answered alone).
    pub(crate) async fn offer_move(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        action: FlowAction,
    ) -> CoreResult<Option<OfferMove>> {
        let Some(p) = self.store.project(actor.tenant_id, project).await? else {
            return Ok(None);
        };
        let Some((flow, pf)) = self.flow_of(&p).await? else {
            return Ok(None);
        };
        let Some((_, step)) = flow.def.step(&pf.step) else {
            return Ok(None);
        };
        if step.page != PageKind::Offer {
            return Ok(None);
        }
        let Ok(to) =
            flow.def
                .engine()
                .apply(&pf.step, &pf.step, action, &BTreeMap::new(), &pf.values)
        else {
            return Ok(None);
        };
        let Some((_, target)) = flow.def.step(&to) else {
            return Ok(None);
        };
        let now = Millis(Millis::now().0.max(pf.updated_at.0 + 1));
        let mut next = ProjectFlow {
            revision: pf.revision + 1,
            updated_at: now,
            ..pf.clone()
        };
        next.arrive(&target.key, now);
        let locale = actor.locale;
        let detail = format!(
            "{} → {}",
            step.public.name.get(locale),
            target.public.name.get(locale)
        );
        let entry = self.journal_entry(actor, client, on_project("flow.step", &p, detail));
        Ok(Some(OfferMove {
            project: p,
            from: pf.revision,
            flow,
            next,
            entry,
        }))
    }

    /// After the move is saved: the step's announcements, as any move makes them.
    pub(crate) async fn offer_moved(&self, actor: &User, m: &OfferMove) -> CoreResult<()> {
        match m.flow.def.step(&m.next.step) {
            Some((_, target)) => self.announce_step(actor, &m.project, &m.flow, target).await,
            None => Ok(()),
        }
    }
}
