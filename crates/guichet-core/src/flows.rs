//! Pipelines: staff with the "manage flows" right configure flow types; staff put projects in
//! a flow and move them; customers see where their project stands and move it forward from the
//! page of its current sub-status. The engine (`guichet_domain::flows`) decides each move;
//! every move is journaled and may be announced by email.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_blob::ByteStream;
use guichet_domain::*;
use guichet_store::{Account, SignedIn, StoreError};

use crate::access::{Action, may, require, require_in};
use crate::documents::{Actor, Listed};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// Flow types as last read (a project page needs its flow's definition on every view; it
/// changes rarely). An entry is used only when its revision is the one stored, read with the
/// project's place in the same statement, so an edit made on another instance is seen at once.
#[derive(Default)]
pub struct FlowCache(std::sync::RwLock<BTreeMap<FlowId, Arc<FlowType>>>);

impl FlowCache {
    fn get(&self, tenant: TenantId, id: FlowId, revision: i64) -> Option<Arc<FlowType>> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&id)
            .filter(|f| f.tenant_id == tenant && f.revision == revision)
            .cloned()
    }
    fn put(&self, f: Arc<FlowType>) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        if map.len() > 1000 {
            map.clear();
        }
        map.insert(f.id, f);
    }
}

/// Reserved value keys (flow field keys never start with `@`).
pub const DRAWING_POINTS: &str = "@drawing_points";
pub const DRAWING_DOC: &str = "@drawing_doc";

/// What a customer sends from the page of their project's current sub-status.
#[derive(Debug, Default)]
pub struct FlowInput {
    /// The sub-status the page was shown for.
    pub step: String,
    /// The project's revision the page was shown at.
    pub revision: i64,
    /// `None`: save what was filled in without going on.
    pub action: Option<FlowAction>,
    /// Field key → value as typed (file fields come in `files`).
    pub values: BTreeMap<String, String>,
    /// File field key → the document just stored for it (`flow_file`).
    pub files: BTreeMap<String, DocumentId>,
    pub accept_terms: bool,
    /// The quote accepted on an offer page.
    pub quote: Option<DocumentId>,
}

/// A project's flow as its customer sees it.
#[derive(Debug)]
pub struct FlowView {
    pub flow: Arc<FlowType>,
    pub state: ProjectFlow,
    /// Whether this contact may move the project forward.
    pub may_act: bool,
    /// Offer page: the project's quotes they see; contract page: its contracts.
    pub documents: Vec<Listed>,
    /// Documents given for file fields, by id.
    pub files: BTreeMap<DocumentId, Document>,
    pub technician: Option<User>,
    /// The terms in force for the current step, when it has some.
    pub terms: Option<TermsVersion>,
}

/// A staff edit of a flow type's definition.
#[derive(Debug)]
pub struct FlowEdit {
    pub name: String,
    pub public: Public,
    pub def: FlowDef,
    pub revision: i64,
    /// Removed sub-status → where its projects go.
    pub moves: BTreeMap<String, String>,
}

/// Why an edit of a flow type cannot be saved as sent.
#[derive(Debug)]
pub enum FlowEditError {
    /// Problems in the definition.
    Invalid(Vec<DefProblem>),
    /// Removed sub-statuses that projects stand at: (key, internal name, how many projects),
    /// each needs a destination among the remaining sub-statuses.
    NeedsDestination(Vec<(String, String, i64)>),
    Core(CoreError),
}

impl From<CoreError> for FlowEditError {
    fn from(e: CoreError) -> Self {
        FlowEditError::Core(e)
    }
}

fn conflict(e: StoreError) -> CoreError {
    match e {
        StoreError::Conflict { .. } => CoreError::Conflict,
        e => e.into(),
    }
}

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
        self.store.insert_flow(&f).await.map_err(CoreError::from)?;
        self.record(
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
        )
        .await?;
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
        let moved = self
            .store
            .update_flow(&f, old.revision, &moves)
            .await
            .map_err(conflict)?;
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
        self.record(
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
        )
        .await?;
        Ok((f, moved))
    }

    /// A project's flow type and place in it, if it has one (one statement when the flow
    /// type is cached at its current revision).
    async fn flow_of(&self, p: &Project) -> CoreResult<Option<(Arc<FlowType>, ProjectFlow)>> {
        let state = self.store.project_flow_revision(p.tenant_id, p.id).await?;
        self.flow_at(p.tenant_id, state).await
    }

    /// The flow type for a place read with its revision: from memory when that revision is
    /// the one kept, else read (and kept).
    async fn flow_at(
        &self,
        tenant: TenantId,
        state: Option<(ProjectFlow, i64)>,
    ) -> CoreResult<Option<(Arc<FlowType>, ProjectFlow)>> {
        let Some((pf, revision)) = state else {
            return Ok(None);
        };
        let f = self
            .flow_type_at(tenant, pf.flow_id, revision)
            .await?
            .ok_or(CoreError::NotFound)?;
        Ok(Some((f, pf)))
    }

    /// A flow type known to be at `revision`: from memory when kept at that revision, else
    /// read (and kept).
    async fn flow_type_at(
        &self,
        tenant: TenantId,
        id: FlowId,
        revision: i64,
    ) -> CoreResult<Option<Arc<FlowType>>> {
        if let Some(f) = self.flow_cache.get(tenant, id, revision) {
            return Ok(Some(f));
        }
        let Some(f) = self.store.flow(tenant, id).await? else {
            return Ok(None);
        };
        let f = Arc::new(f);
        self.flow_cache.put(f.clone());
        Ok(Some(f))
    }

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
        self.store.start_project_flow(&pf).await?;
        self.record(
            actor,
            client,
            on_project("flow.start", &p, format!("{} — {}", f.name, first.internal)),
        )
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
        self.store
            .save_project_flow(&next, pf.revision)
            .await
            .map_err(conflict)?;
        self.record(
            actor,
            client,
            on_project("flow.move", &p, format!("{from} → {}", target.internal)),
        )
        .await?;
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
        self.store
            .save_project_flow(&next, pf.revision)
            .await
            .map_err(conflict)?;
        self.record(
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
        )
        .await?;
        if let Some(v) = &visit {
            self.announce_visit(actor, &p, v, &tech_name).await?;
        }
        Ok(next)
    }

    /// For a list of projects the reader may see: the public name (in `locale`) of the step
    /// each one that follows a flow stands at.
    pub async fn current_steps(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
        locale: Locale,
    ) -> CoreResult<Vec<(ProjectId, String)>> {
        let mut out = Vec::new();
        for (p, f, step, revision) in self.store.project_steps(tenant, projects).await? {
            if let Some(flow) = self.flow_type_at(tenant, f, revision).await?
                && let Some((_, s)) = flow.def.step(&step)
            {
                out.push((p, s.public.name.get(locale).to_string()));
            }
        }
        Ok(out)
    }

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
        if let Some(step) = &step {
            let kind = match step.page {
                PageKind::Offer => Some("quote"),
                PageKind::Contract => Some("contract"),
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
            files,
            technician,
            terms,
        }))
    }

    /// The checks before anything a contact sends on their project's flow is kept: they may
    /// act, the project is at the step the page was shown for, at the same revision.
    async fn acting_on(
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
                "other",
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
        if let Some(action) = input.action {
            if !step.page.actions().contains(&action) && action != FlowAction::TermsAccepted {
                return Err(CoreError::Forbidden);
            }
            if step.terms.is_some() && !input.accept_terms {
                errors.add("accept_terms", "error-flow-terms");
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
                match self.chosen_quote(s, a, &p, &rights, input.quote).await? {
                    Ok(_) => {}
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
        if next.values != pf.values || target.is_some() {
            self.store
                .save_project_flow(&next, pf.revision)
                .await
                .map_err(conflict)?;
        }
        let submitted = describe(&f.def, &sent, locale);
        let event = |action, detail| on_project(action, &p, detail);
        let Some(target) = target else {
            if !sent.is_empty() {
                self.record(&s.user, client, event("flow.save", submitted))
                    .await?;
            }
            return if failed {
                Err(CoreError::Invalid(errors))
            } else {
                Ok(next)
            };
        };
        if let Some(t) = step.terms.as_deref().and_then(|k| f.def.terms(k))
            && let Some(v) = t.current()
        {
            self.record(
                &s.user,
                client,
                event(
                    "flow.terms",
                    format!("{} v{} — {}", t.key, v.version, v.title.get(locale)),
                ),
            )
            .await?;
        }
        match input.action {
            Some(FlowAction::OfferAccepted) => {
                if let Some(q) = input.quote {
                    self.settle_quote(&s.user, client, &p, q, "approved")
                        .await?;
                }
            }
            Some(FlowAction::OfferRefused) => {
                for (d, _) in self
                    .store
                    .documents_of_kind(p.tenant_id, p.id, "quote")
                    .await?
                {
                    let who = Actor::Contact(s, a);
                    if d.status == "to_approve" && Portal::level(who, Some(&rights), &d).is_some() {
                        self.settle_quote(&s.user, client, &p, d.id, "refused")
                            .await?;
                    }
                }
            }
            _ => {}
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
        self.record(&s.user, client, event("flow.step", detail))
            .await?;
        self.announce_step(&s.user, &p, &f, target).await?;
        Ok(next)
    }

    /// Saves the customer's drawing (their roof's outline, in metres) as an SVG document of the
    /// project — a new version each time — while the drawing step is current; with `submit`,
    /// the project then moves on as the step says.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_drawing(
        &self,
        s: &SignedIn,
        a: &Account,
        client: &Client,
        project: ProjectId,
        step: &str,
        revision: i64,
        points: &str,
        submit: bool,
        accept_terms: bool,
    ) -> CoreResult<ProjectFlow> {
        let (p, _, f, pf) = self.acting_on(s, a, project, step, revision).await?;
        let (_, st) = f.def.step(&pf.step).ok_or(CoreError::NotFound)?;
        if st.page != PageKind::Drawing {
            return Err(CoreError::Forbidden);
        }
        let pts =
            parse_points(points).map_err(|_| CoreError::field("points", "error-flow-drawing"))?;
        let title = st.public.name.get(s.user.locale).to_string();
        let svg = drawing_svg(&pts, &title)
            .map_err(|_| CoreError::field("points", "error-flow-drawing"))?;
        if submit {
            // Check the move before keeping anything.
            if st.terms.is_some() && !accept_terms {
                return Err(CoreError::field("accept_terms", "error-flow-terms"));
            }
            f.def
                .engine()
                .apply(
                    &pf.step,
                    step,
                    FlowAction::DrawingSubmitted,
                    &BTreeMap::new(),
                    &pf.values,
                )
                .map_err(|e| match e {
                    FlowError::Missing(_) => CoreError::field("points", "error-flow-fields-first"),
                    _ => CoreError::Forbidden,
                })?;
        }
        let who = Actor::Contact(s, a);
        let filename = format!("{}.svg", file_name(&title));
        let data = bytes_stream(svg.into_bytes());
        let existing = pf
            .values
            .get(DRAWING_DOC)
            .and_then(|v| v.parse::<DocumentId>().ok());
        let previous = match existing {
            Some(d) => self.store.document(p.tenant_id, d).await?,
            None => None,
        };
        let doc_id = match previous {
            Some(d) => {
                self.new_version(who, client, &d, &filename, data).await?;
                d.id
            }
            _ => {
                self.new_document(who, client, &p, &title, "plan", &filename, data)
                    .await?
                    .id
            }
        };
        let mut values = pf.values.clone();
        let kept: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
        values.insert(DRAWING_POINTS.into(), kept.join(" "));
        values.insert(DRAWING_DOC.into(), doc_id.to_string());
        let now = Millis::now();
        let saved = ProjectFlow {
            values,
            revision: pf.revision + 1,
            updated_at: now,
            ..pf.clone()
        };
        self.store
            .save_project_flow(&saved, pf.revision)
            .await
            .map_err(conflict)?;
        if !submit {
            return Ok(saved);
        }
        self.flow_act(
            s,
            a,
            client,
            project,
            FlowInput {
                step: step.into(),
                revision: saved.revision,
                action: Some(FlowAction::DrawingSubmitted),
                accept_terms,
                ..Default::default()
            },
        )
        .await
    }

    /// Checks the quote chosen on an offer page: one of the project's quotes the contact sees,
    /// still to approve. `Ok(Err(key))`: a message for the form.
    async fn chosen_quote(
        &self,
        s: &SignedIn,
        a: &Account,
        p: &Project,
        rights: &ProjectRights,
        quote: Option<DocumentId>,
    ) -> CoreResult<Result<(), &'static str>> {
        let quotes: Vec<Document> = self
            .store
            .documents_of_kind(p.tenant_id, p.id, "quote")
            .await?
            .into_iter()
            .map(|(d, _)| d)
            .filter(|d| Portal::level(Actor::Contact(s, a), Some(rights), d).is_some())
            .collect();
        Ok(match quote {
            None if quotes.is_empty() => Ok(()),
            None => Err("error-flow-quote"),
            Some(q) => match quotes.iter().find(|d| d.id == q) {
                Some(d) if d.status == "to_approve" => Ok(()),
                Some(_) => Err("error-flow-quote-settled"),
                None => Err("error-flow-quote"),
            },
        })
    }

    async fn settle_quote(
        &self,
        actor: &User,
        client: &Client,
        p: &Project,
        quote: DocumentId,
        status: &str,
    ) -> CoreResult<()> {
        let Some(d) = self.store.document(p.tenant_id, quote).await? else {
            return Ok(());
        };
        let now = Millis(Millis::now().0.max(d.updated_at.0 + 1));
        self.store
            .set_document_status(d.tenant_id, d.id, status, d.updated_at, now)
            .await
            .map_err(conflict)?;
        self.record(
            actor,
            client,
            Event {
                action: "document.status",
                object_kind: "document",
                object_id: d.id.0,
                customer: Some(d.customer_id),
                project: Some(d.project_id),
                detail: format!("{} — {} → {status}", d.title, d.status),
            },
        )
        .await
    }

    /// Tells the customer's contacts who see the project when the technician comes (each in
    /// their own language and time zone), as they chose for project steps.
    async fn announce_visit(
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
            let when = format!(
                "{} – {}",
                when_for(&user, v.starts_at),
                when_for(&user, v.ends_at)
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
    async fn announce_step(
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

/// An instant as a person reads it, in their time zone: `2027-03-15 09:00 EDT`.
fn when_for(user: &User, at: Millis) -> String {
    let tz = jiff::tz::TimeZone::get(&user.time_zone)
        .or_else(|_| jiff::tz::TimeZone::get(DEFAULT_TIME_ZONE))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(at.0)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_default()
}

/// A journal entry about a project (its flow).
fn on_project<'a>(action: &'a str, p: &Project, detail: String) -> Event<'a> {
    Event {
        action,
        object_kind: "project",
        object_id: p.id.0,
        customer: Some(p.customer_id),
        project: Some(p.id),
        detail,
    }
}

fn checked_name(name: &str) -> CoreResult<String> {
    let n = name.trim();
    if n.is_empty() {
        Err(CoreError::field("name", "error-required"))
    } else if n.chars().count() > 120 {
        Err(CoreError::field("name", "error-too-long"))
    } else {
        Ok(n.to_string())
    }
}

/// "Label: value; …" of what was sent, for the journal (files by their document).
fn describe(def: &FlowDef, sent: &BTreeMap<String, String>, locale: Locale) -> String {
    sent.iter()
        .filter_map(|(k, v)| {
            let f = def.field(k)?;
            let shown = match f.kind {
                FieldKind::File => "📎".to_string(),
                _ => f.shown(v, locale),
            };
            let short: String = shown.chars().take(80).collect();
            Some(format!("{}: {short}", f.label.get(locale)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn bytes_stream(data: Vec<u8>) -> ByteStream<'static> {
    Box::pin(futures_util::stream::once(async move {
        Ok(bytes::Bytes::from(data))
    }))
}
