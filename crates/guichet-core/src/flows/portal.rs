//! A project's flow as its customer sees it and moves it forward from the page of its
//! current step.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_domain::*;

use super::acceptance::{settled, settled_event};
use super::*;
use crate::access::require_in;
use crate::documents::Actor;
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::{Client, Portal};

impl Portal {
    /// A contact's view of their project's flow (`None`: the project follows no flow), from
    /// its place as `portal_project_head` read it.
    pub async fn portal_flow(
        &self,
        s: &SignedIn,
        a: &Account,
        p: &Project,
        rights: &ProjectRights,
        place: Option<(ProjectFlow, i64)>,
    ) -> CoreResult<Option<FlowView>> {
        let Some((flow, state)) = self.flow_at(p.tenant_id, place).await? else {
            return Ok(None);
        };
        let step = flow.def.step(&state.step).map(|(_, s)| s.clone());
        let mut documents = Vec::new();
        let mut files = BTreeMap::new();
        let mut technician = None;
        let mut terms = None;
        let mut quotes = Vec::new();
        if let Some(step) = &step {
            if step.page == PageKind::Offer {
                quotes = self.project_quotes(s, a, p.id).await?;
            }
            let kind = match step.page {
                PageKind::Offer => Some(DocumentKind::Quote),
                PageKind::Contract => Some(DocumentKind::Contract),
                _ => None,
            };
            if let Some(kind) = kind {
                let who = Actor::Contact(s, a);
                documents = self
                    .store
                    .documents_of_kind(p.tenant_id, p.id, kind)
                    .await?
                    .into_iter()
                    .filter_map(|(doc, latest)| {
                        Portal::level(who, Some(rights), &doc).map(|level| Listed {
                            doc,
                            latest,
                            level,
                        })
                    })
                    .collect();
            }
            if step.page == PageKind::Visit
                && let Some(t) = state.visit.as_ref().and_then(|v| v.technician)
            {
                technician = self.store.user(p.tenant_id, t).await?;
            }
            terms = step
                .terms
                .as_deref()
                .and_then(|k| flow.def.terms(k))
                .and_then(|t| t.current().cloned());
        }
        for (k, v) in &state.values {
            let is_file =
                k == DRAWING_DOC || flow.def.field(k).is_some_and(|f| f.kind == FieldKind::File);
            if let (true, Ok(id)) = (is_file, v.parse::<DocumentId>())
                && let Some(d) = self.store.document(p.tenant_id, id).await?
                && Portal::level(Actor::Contact(s, a), Some(rights), &d).is_some()
            {
                files.insert(id, d);
            }
        }
        Ok(Some(FlowView {
            may_act: require_in(&s.user, a, Module::Projects, Op::Edit).is_ok(),
            flow,
            state,
            documents,
            quotes,
            files,
            technician,
            terms,
        }))
    }

    /// The checks before anything a contact sends on their project's flow is kept: they may
    /// act, the project is at the step the page was shown for, at the same revision.
    pub(super) async fn acting_on(
        &self,
        s: &SignedIn,
        a: &Account,
        project: ProjectId,
        step: &str,
        revision: i64,
    ) -> CoreResult<(Project, ProjectRights, Arc<FlowType>, ProjectFlow)> {
        let (p, rights, place) = self.portal_project_head(s, a, project).await?;
        require_in(&s.user, a, Module::Projects, Op::Edit)?;
        let (f, pf) = self
            .flow_at(p.tenant_id, place)
            .await?
            .ok_or(CoreError::NotFound)?;
        if pf.step != step || pf.revision != revision {
            return Err(CoreError::Conflict);
        }
        Ok((p, rights, f, pf))
    }

    /// A file sent for a file field of the current step's page (`input`: what the form sent
    /// before it): stored as a document of the project (same limits as any upload). Refused
    /// before a byte is kept when the page is stale, or when this field or a value sent before
    /// it is not one this page lets the customer fill in.
    #[allow(clippy::too_many_arguments)]
    pub async fn flow_file(
        &self,
        s: &SignedIn,
        a: &Account,
        client: &Client,
        project: ProjectId,
        input: &FlowInput,
        field: &str,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<DocumentId> {
        let (p, _, f, pf) = self
            .acting_on(s, a, project, &input.step, input.revision)
            .await?;
        let (_, st) = f.def.step(&pf.step).ok_or(CoreError::NotFound)?;
        let editable =
            |k: &str| matches!(st.usage(k), Some(FieldUse::Required | FieldUse::Optional));
        if input
            .values
            .keys()
            .any(|k| !editable(k) || f.def.field(k).is_none_or(|d| d.kind == FieldKind::File))
        {
            return Err(CoreError::Forbidden);
        }
        let def = f
            .def
            .field(field)
            .filter(|d| d.kind == FieldKind::File)
            .ok_or(CoreError::Forbidden)?;
        if !matches!(
            st.usage(field),
            Some(FieldUse::Required | FieldUse::Optional)
        ) {
            return Err(CoreError::Forbidden);
        }
        let who = Actor::Contact(s, a);
        let doc = self
            .new_document(
                who,
                client,
                &p,
                def.label.get(s.user.locale),
                DocumentKind::Other,
                filename,
                data,
            )
            .await?;
        Ok(doc.id)
    }

    /// What a contact sends from the page of their project's current step: values are checked
    /// by type; without an action they are saved; with one, the engine decides where the
    /// project goes (terms accepted first when the step has some). A stale page, a forged
    /// action or a value for a field the page shows read-only change nothing. When values are
    /// refused or required ones missing, those that were fine are kept (nothing typed is
    /// lost) and the errors are returned.
    pub async fn flow_act(
        &self,
        s: &SignedIn,
        a: &Account,
        client: &Client,
        project: ProjectId,
        input: FlowInput,
    ) -> CoreResult<ProjectFlow> {
        let (p, rights, f, pf) = self
            .acting_on(s, a, project, &input.step, input.revision)
            .await?;
        let (_, step) = f.def.step(&pf.step).ok_or(CoreError::NotFound)?;
        let locale = s.user.locale;
        let mut errors = FieldErrors::default();
        let mut sent = BTreeMap::new();
        for (k, raw) in &input.values {
            let def = f.def.field(k).ok_or(CoreError::Forbidden)?;
            if def.kind == FieldKind::File
                || !matches!(step.usage(k), Some(FieldUse::Required | FieldUse::Optional))
            {
                return Err(CoreError::Forbidden);
            }
            match def.check(raw) {
                Ok(v) => {
                    sent.insert(k.clone(), v);
                }
                Err(e) => errors.add_named(k.clone(), e.message_key()),
            }
        }
        for (k, id) in &input.files {
            if !matches!(step.usage(k), Some(FieldUse::Required | FieldUse::Optional)) {
                return Err(CoreError::Forbidden);
            }
            sent.insert(k.clone(), id.to_string());
        }
        let mut to = None;
        let mut accepted: Option<(Document, DocumentVersion)> = None;
        if let Some(action) = input.action {
            if !step.page.actions().contains(&action) && action != FlowAction::TermsAccepted {
                return Err(CoreError::Forbidden);
            }
            // An offer made with quotes is answered on the quote's page, with its signature.
            if matches!(action, FlowAction::OfferAccepted | FlowAction::OfferRefused)
                && self.offer_by_quotes(p.tenant_id, p.id).await?
            {
                return Err(CoreError::Stale("error-flow-offer-quotes"));
            }
            if step.terms.is_some() && !input.accept_terms {
                errors.add("accept_terms", "error-flow-terms");
            }
            // Terms are accepted as shown: other terms in force since the page was shown fail.
            if input.accept_terms
                && let Some(t) = step.terms.as_deref().and_then(|k| f.def.terms(k))
                && let Some(v) = t.current()
                && input.terms_version != Some(v.version)
            {
                return Err(CoreError::Stale("error-flow-terms-changed"));
            }
            match f
                .def
                .engine()
                .apply(&pf.step, &input.step, action, &sent, &pf.values)
            {
                Ok(t) => to = Some(t),
                Err(FlowError::Missing(keys)) => {
                    for k in keys {
                        if errors.get(&k).is_none() {
                            errors.add_named(k, "error-required");
                        }
                    }
                }
                Err(FlowError::NotCurrent) => return Err(CoreError::Conflict),
                Err(_) => return Err(CoreError::Forbidden),
            }
            if action == FlowAction::OfferAccepted {
                match self
                    .chosen_quote(s, a, &p, &rights, input.quote.as_ref())
                    .await?
                {
                    Ok(found) => accepted = found,
                    Err(key) => errors.add("quote", key),
                }
            }
        }
        let failed = !errors.is_empty();
        let now = Millis::now();
        let mut values = pf.values.clone();
        values.extend(sent.clone());
        let target = if failed {
            None
        } else {
            to.as_deref().and_then(|t| f.def.step(t)).map(|(_, s)| s)
        };
        let mut next = ProjectFlow {
            values,
            revision: pf.revision + 1,
            updated_at: now,
            ..pf.clone()
        };
        if let Some(t) = target {
            next.arrive(&t.key, now);
        }
        // An offer answered moves the project and settles its quotes; a quote changed since
        // the page was shown stops both.
        let settling: Vec<(Document, Option<DocumentVersion>, DocumentStatus)> =
            match (target.is_some(), input.action) {
                (true, Some(FlowAction::OfferAccepted)) => accepted
                    .iter()
                    .map(|(d, v)| (d.clone(), Some(v.clone()), DocumentStatus::Approved))
                    .collect(),
                (true, Some(FlowAction::OfferRefused)) => {
                    let who = Actor::Contact(s, a);
                    self.store
                        .documents_of_kind(p.tenant_id, p.id, DocumentKind::Quote)
                        .await?
                        .into_iter()
                        .filter(|(d, _)| {
                            d.status == DocumentStatus::ToApprove
                                && Portal::level(who, Some(&rights), d).is_some()
                        })
                        .map(|(d, _)| (d, None, DocumentStatus::Refused))
                        .collect()
                }
                _ => Vec::new(),
            };
        let settle: Vec<_> = settling
            .iter()
            .map(|(d, _, status)| settled(d, *status, now))
            .collect();
        // What the journal keeps of it, written in the same transaction (decision 0004).
        let submitted = describe(&f.def, &sent, locale);
        let event = |action, detail| on_project(action, &p, detail);
        let mut entries = Vec::new();
        match target {
            None if !sent.is_empty() => {
                entries.push(self.journal_entry(&s.user, client, event("flow.save", submitted)));
            }
            None => {}
            Some(target) => {
                if let Some(t) = step.terms.as_deref().and_then(|k| f.def.terms(k))
                    && let Some(v) = t.current()
                {
                    entries.push(self.journal_entry(
                        &s.user,
                        client,
                        event(
                            "flow.terms",
                            format!("{} v{} — {}", t.key, v.version, v.title.get(locale)),
                        ),
                    ));
                }
                for (d, v, status) in &settling {
                    entries.push(self.journal_entry(
                        &s.user,
                        client,
                        settled_event(d, *status, v.as_ref()),
                    ));
                }
                let mut detail = format!(
                    "{} → {}",
                    step.public.name.get(locale),
                    target.public.name.get(locale)
                );
                if !submitted.is_empty() {
                    detail.push_str(" — ");
                    detail.push_str(&submitted);
                }
                entries.push(self.journal_entry(&s.user, client, event("flow.step", detail)));
            }
        }
        if next.values != pf.values || target.is_some() {
            self.store
                .save_project_flow_journaled(
                    &next,
                    pf.revision,
                    &settle,
                    &entries,
                    &self.settings.journal.key,
                )
                .await
                .map_err(|e| match e {
                    guichet_store::StoreError::Conflict { constraint }
                        if constraint == "documents_updated_at" =>
                    {
                        CoreError::Stale("error-flow-quote-changed")
                    }
                    e => conflict(e),
                })?;
        }
        let Some(target) = target else {
            return if failed {
                Err(CoreError::Invalid(errors))
            } else {
                Ok(next)
            };
        };
        for (d, v, status) in &settling {
            if let Some(v) = v
                && status.is_agreed()
            {
                self.send_receipts(&s.user, client, &p, d, v).await?;
            }
        }
        self.announce_step(&s.user, &p, &f, target).await?;
        Ok(next)
    }
}
