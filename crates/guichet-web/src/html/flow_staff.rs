//! Staff side of flows: the flow types (list, create from a template, read, edit the
//! definition safely), and on a project: put it in a flow, move it, plan the visit.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::{Action, may};
use guichet_core::flow_templates::{TEMPLATES, template};
use guichet_core::flows::{FlowEdit, FlowEditError};
use guichet_domain::*;
use serde::Deserialize;

use crate::AppState;
use crate::error::{fail, not_found};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/flows", get(list).post(create))
        .route("/staff/flows/{id}", get(show).post(save))
        .route("/staff/flows/{id}/steps/{key}/projects", get(waiting))
        .route("/staff/projects/{id}/flow", post(project_flow))
        .route("/staff/projects/{id}/visit", post(visit))
}

/// A problem of a definition, in the reader's language.
pub(crate) fn problem_text(ctx: &PageCtx, p: &DefProblem) -> String {
    let c = &ctx.catalogs;
    let l = ctx.locale;
    match p {
        DefProblem::Empty => ctx.t("flow-problem-empty"),
        DefProblem::BadKey(k) => c.t_with(l, "flow-problem-bad-key", &[("key", k)]),
        DefProblem::DuplicateKey(k) => c.t_with(l, "flow-problem-duplicate", &[("key", k)]),
        DefProblem::MissingName(k) => c.t_with(l, "flow-problem-name", &[("key", k)]),
        DefProblem::UnknownTarget { step, target } => c.t_with(
            l,
            "flow-problem-target",
            &[("step", step), ("target", target)],
        ),
        DefProblem::UnknownAction { step, action } => c.t_with(
            l,
            "flow-problem-action",
            &[("step", step), ("action", action)],
        ),
        DefProblem::ActionNotOnPage { step, action } => c.t_with(
            l,
            "flow-problem-action-page",
            &[("step", step), ("action", action)],
        ),
        DefProblem::UnknownField { step, field } => {
            c.t_with(l, "flow-problem-field", &[("step", step), ("field", field)])
        }
        DefProblem::UnknownTerms { step, terms } => {
            c.t_with(l, "flow-problem-terms", &[("step", step), ("terms", terms)])
        }
        DefProblem::NoChoices(k) => c.t_with(l, "flow-problem-choices", &[("key", k)]),
        DefProblem::NoTermsVersion(k) => c.t_with(l, "flow-problem-terms-text", &[("key", k)]),
    }
}

pub struct FlowRow {
    pub id: FlowId,
    pub name: String,
    pub public: String,
    pub steps: usize,
    pub projects: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flows.html")]
struct ListPage {
    ctx: PageCtx,
    flows: Vec<FlowRow>,
    can_manage: bool,
    templates: Vec<(&'static str, String)>,
    error: String,
    name: String,
}

async fn list_page(state: &AppState, s: &Signed, error: String, name: String) -> Response {
    let ctx = s.v.ctx(state).with_nav("flows");
    let flows = match state.portal.flow_types(&s.user).await {
        Ok(f) => f,
        Err(e) => return fail(ctx, e),
    };
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        ListPage {
            flows: flows
                .into_iter()
                .map(|(f, n)| FlowRow {
                    id: f.id,
                    public: f.public.name.get(ctx.locale).to_string(),
                    steps: f.def.steps().count(),
                    name: f.name,
                    projects: n,
                })
                .collect(),
            can_manage: may(&s.user, Action::ManageFlows),
            templates: TEMPLATES
                .iter()
                .map(|c| (*c, ctx.t(&format!("flow-template-{c}"))))
                .collect(),
            error,
            name,
            ctx,
        },
    )
        .into_response()
}

async fn list(State(state): State<AppState>, s: Signed) -> Response {
    list_page(&state, &s, String::new(), String::new()).await
}

#[derive(Deserialize)]
struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    template: String,
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(f): CsrfForm<CreateForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Some((default_name, public, def)) = template(&f.template) else {
        return list_page(&state, &s, ctx.t("flow-template-choose"), f.name).await;
    };
    let name = if f.name.trim().is_empty() {
        default_name
    } else {
        f.name.clone()
    };
    match state
        .portal
        .create_flow(&s.user, &s.v.client, &name, public, def)
        .await
    {
        Ok(flow) => Redirect::to(&format!("/staff/flows/{}?done=created", flow.id)).into_response(),
        Err(FlowEditError::Core(CoreError::Invalid(e))) => {
            let key =
                e.0.first()
                    .map(|x| x.message_key)
                    .unwrap_or("error-invalid");
            list_page(&state, &s, ctx.t(key), f.name).await
        }
        Err(FlowEditError::Core(e)) => fail(ctx, e),
        Err(FlowEditError::Invalid(p)) => {
            let text = p
                .iter()
                .map(|p| problem_text(&ctx, p))
                .collect::<Vec<_>>()
                .join(" ");
            list_page(&state, &s, text, f.name).await
        }
        Err(FlowEditError::NeedsDestination(_)) => fail(ctx, CoreError::Conflict),
    }
}

/// One sub-status as the staff overview shows it.
pub struct StepView {
    pub key: String,
    pub internal: String,
    pub public_fr: String,
    pub public_en: String,
    pub page_key: String,
    pub fields: Vec<(String, &'static str)>,
    pub terms: String,
    /// (action label key, target internal name)
    pub transitions: Vec<(String, String)>,
    pub notify: Vec<&'static str>,
    pub projects: i64,
}

pub struct StatusView {
    pub key: String,
    pub internal: String,
    pub public: String,
    pub steps: Vec<StepView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flow.html")]
struct FlowPage {
    ctx: PageCtx,
    id: FlowId,
    name: String,
    public_fr: String,
    public_en: String,
    description_fr: String,
    description_en: String,
    revision: i64,
    statuses: Vec<StatusView>,
    fields: Vec<(String, String, String)>,
    terms: Vec<(String, String, i64, String)>,
    definition: String,
    can_manage: bool,
    problems: Vec<String>,
    /// Removed sub-statuses in use: (key, internal name, projects), and where they may go.
    needs: Vec<(String, String, i64)>,
    destinations: Vec<(String, String)>,
    notice: String,
    conflict: bool,
    /// Field types offered: (code, catalog key).
    kinds: Vec<(&'static str, String)>,
}

fn use_key(u: FieldUse) -> &'static str {
    match u {
        FieldUse::Required => "flow-use-required",
        FieldUse::Optional => "flow-use-optional",
        FieldUse::ReadOnly => "flow-use-read-only",
    }
}

fn overview(ctx: &PageCtx, f: &FlowType, usage: &BTreeMap<String, i64>) -> Vec<StatusView> {
    let l = ctx.locale;
    let def = &f.def;
    f.def
        .statuses
        .iter()
        .map(|st| StatusView {
            key: st.key.clone(),
            internal: st.internal.clone(),
            public: st.public.name.get(l).to_string(),
            steps: st
                .steps
                .iter()
                .map(|s| StepView {
                    key: s.key.clone(),
                    internal: s.internal.clone(),
                    public_fr: s.public.name.fr.clone(),
                    public_en: s.public.name.en.clone(),
                    page_key: format!("flow-page-{}", s.page.code()),
                    fields: s
                        .fields
                        .iter()
                        .map(|pf| {
                            (
                                def.field(&pf.field)
                                    .map(|d| d.label.get(l).to_string())
                                    .unwrap_or_else(|| pf.field.clone()),
                                use_key(pf.usage),
                            )
                        })
                        .collect(),
                    terms: s
                        .terms
                        .as_deref()
                        .and_then(|k| def.terms(k))
                        .and_then(|t| t.current())
                        .map(|v| format!("{} (v{})", v.title.get(l), v.version))
                        .unwrap_or_default(),
                    transitions: s
                        .transitions
                        .iter()
                        .map(|(a, to)| {
                            (
                                format!("flow-action-{a}"),
                                def.step(to)
                                    .map(|(_, t)| t.internal.clone())
                                    .unwrap_or_else(|| to.clone()),
                            )
                        })
                        .collect(),
                    notify: [
                        (s.notify_customer, "flow-notify-customer"),
                        (s.notify_staff, "flow-notify-staff"),
                    ]
                    .into_iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, k)| k)
                    .collect(),
                    projects: usage.get(&s.key).copied().unwrap_or(0),
                })
                .collect(),
        })
        .collect()
}

fn flow_page(
    ctx: PageCtx,
    f: &FlowType,
    usage: &BTreeMap<String, i64>,
    can_manage: bool,
) -> FlowPage {
    let l = ctx.locale;
    FlowPage {
        statuses: overview(&ctx, f, usage),
        fields: f
            .def
            .fields
            .iter()
            .map(|d| {
                (
                    d.key.clone(),
                    d.label.get(l).to_string(),
                    format!("flow-kind-{}", d.kind.code()),
                )
            })
            .collect(),
        terms: f
            .def
            .terms
            .iter()
            .filter_map(|t| {
                t.current().map(|v| {
                    (
                        t.key.clone(),
                        v.title.get(l).to_string(),
                        v.version,
                        ctx.when(v.published_at),
                    )
                })
            })
            .collect(),
        id: f.id,
        name: f.name.clone(),
        public_fr: f.public.name.fr.clone(),
        public_en: f.public.name.en.clone(),
        description_fr: f.public.description.fr.clone(),
        description_en: f.public.description.en.clone(),
        revision: f.revision,
        definition: serde_json::to_string_pretty(&f.def).unwrap_or_default(),
        can_manage,
        problems: vec![],
        needs: vec![],
        destinations: vec![],
        notice: String::new(),
        conflict: false,
        kinds: FieldKind::ALL
            .iter()
            .map(|k| (k.code(), format!("flow-kind-{}", k.code())))
            .collect(),
        ctx,
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Ok(id) = id.parse::<FlowId>() else {
        return not_found(ctx);
    };
    match state.portal.flow_type(&s.user, id).await {
        Ok((f, usage)) => {
            let mut p = flow_page(ctx, &f, &usage, may(&s.user, Action::ManageFlows));
            if matches!(n.done.as_str(), "created" | "saved") {
                p.notice = format!("flow-notice-{}", n.done);
            }
            p.into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    public_fr: String,
    #[serde(default)]
    public_en: String,
    #[serde(default)]
    description_fr: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    definition: String,
    /// Kept as text: numbers do not survive `flatten` in URL-encoded forms.
    #[serde(default)]
    revision: String,
    /// `move.<removed key>` → destination key.
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

async fn save(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<SaveForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Ok(id) = id.parse::<FlowId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageFlows) {
        return fail(ctx, CoreError::Forbidden);
    }
    let (current, usage) = match state.portal.flow_type(&s.user, id).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    // The page again, with what was typed and why it was refused.
    let again = |ctx: PageCtx, problems: Vec<String>, needs, destinations, conflict, status| {
        let mut p = flow_page(ctx, &current, &usage, true);
        p.name = f.name.clone();
        p.public_fr = f.public_fr.clone();
        p.public_en = f.public_en.clone();
        p.description_fr = f.description_fr.clone();
        p.description_en = f.description_en.clone();
        p.definition = f.definition.clone();
        p.revision = f.revision.parse().unwrap_or(0);
        p.problems = problems;
        p.needs = needs;
        p.destinations = destinations;
        p.conflict = conflict;
        (status, p).into_response()
    };
    let def: FlowDef = match serde_json::from_str(&f.definition) {
        Ok(d) => d,
        Err(e) => {
            let msg = ctx.catalogs.t_with(
                ctx.locale,
                "flow-problem-json",
                &[
                    ("line", &e.line().to_string()),
                    ("column", &e.column().to_string()),
                    ("detail", &e.to_string()),
                ],
            );
            return again(
                ctx,
                vec![msg],
                vec![],
                vec![],
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let destinations: Vec<(String, String)> = def
        .steps()
        .map(|(st, s)| (s.key.clone(), format!("{} › {}", st.internal, s.internal)))
        .collect();
    let moves = f
        .rest
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("move.").map(|k| (k.to_string(), v.clone())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let edit = FlowEdit {
        name: f.name.clone(),
        public: Public {
            name: Texts::new(&f.public_fr, &f.public_en),
            description: Texts::new(&f.description_fr, &f.description_en),
        },
        def,
        revision: f.revision.parse().unwrap_or(0),
        moves,
    };
    match state
        .portal
        .update_flow(&s.user, &s.v.client, id, edit)
        .await
    {
        Ok(_) => Redirect::to(&format!("/staff/flows/{id}?done=saved")).into_response(),
        Err(FlowEditError::Invalid(p)) => {
            let problems = p.iter().map(|p| problem_text(&ctx, p)).collect();
            again(
                ctx,
                problems,
                vec![],
                vec![],
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(FlowEditError::NeedsDestination(needs)) => {
            let msg = ctx.t("flow-needs-destination");
            again(
                ctx,
                vec![msg],
                needs,
                destinations,
                false,
                StatusCode::CONFLICT,
            )
        }
        Err(FlowEditError::Core(CoreError::Conflict)) => {
            again(ctx, vec![], vec![], vec![], true, StatusCode::CONFLICT)
        }
        Err(FlowEditError::Core(CoreError::Invalid(e))) => {
            let problems = e.0.iter().map(|x| ctx.t(x.message_key)).collect();
            again(
                ctx,
                problems,
                vec![],
                vec![],
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(FlowEditError::Core(e)) => fail(ctx, e),
    }
}

/// The flow panel of the staff project page.
pub struct StaffFlowPanel {
    pub flows: Vec<(FlowId, String)>,
    pub current: Option<StaffFlowState>,
}

pub struct StaffFlowState {
    pub flow_name: String,
    pub flow_id: FlowId,
    pub step: String,
    pub step_internal: String,
    pub step_public: String,
    pub since: String,
    pub revision: i64,
    /// (key, "Status › sub-status", current)
    pub steps: Vec<(String, String, bool)>,
    /// (label, value, document)
    pub values: Vec<(String, String, Option<DocumentId>)>,
    pub technicians: Vec<(UserId, String, bool)>,
    pub visit_date: String,
    pub visit_start: String,
    pub visit_end: String,
    pub visit_note: String,
    pub has_visit: bool,
}

/// Builds the staff project page's flow panel.
pub async fn staff_panel(
    state: &AppState,
    ctx: &PageCtx,
    user: &User,
    project: ProjectId,
) -> Result<StaffFlowPanel, CoreError> {
    let flows = state
        .portal
        .flow_types(user)
        .await?
        .into_iter()
        .map(|(f, _)| (f.id, f.name))
        .collect();
    let current = match state.portal.staff_project_flow(user, project).await? {
        None => None,
        Some((f, pf)) => {
            let l = ctx.locale;
            let (_, step) = f
                .def
                .step(&pf.step)
                .map(|(a, b)| (a.clone(), b.clone()))
                .unwrap_or_default();
            let staff = state.portal.project_team_choices(user, project).await?.1;
            let tz = &ctx.time_zone;
            let local = |m: Millis| {
                jiff::Timestamp::from_millisecond(m.0)
                    .ok()
                    .map(|t| t.to_zoned(tz.clone()))
            };
            let visit = pf.visit.as_ref();
            let start = visit.and_then(|v| local(v.starts_at));
            let end = visit.and_then(|v| local(v.ends_at));
            let tech = visit.and_then(|v| v.technician);
            Some(StaffFlowState {
                flow_name: f.name.clone(),
                flow_id: f.id,
                step: pf.step.clone(),
                step_internal: step.internal.clone(),
                step_public: step.public.name.get(l).to_string(),
                since: ctx.when(pf.entered_at),
                revision: pf.revision,
                steps: f
                    .def
                    .steps()
                    .map(|(st, s)| {
                        (
                            s.key.clone(),
                            format!("{} › {}", st.internal, s.internal),
                            s.key == pf.step,
                        )
                    })
                    .collect(),
                values: f
                    .def
                    .fields
                    .iter()
                    .filter_map(|d| {
                        let v = pf.values.get(&d.key).filter(|v| !v.is_empty())?;
                        let doc = if d.kind == FieldKind::File {
                            v.parse().ok()
                        } else {
                            None
                        };
                        Some((d.label.get(l).to_string(), d.shown(v, l).to_string(), doc))
                    })
                    .collect(),
                technicians: staff
                    .into_iter()
                    .map(|u| (u.id, u.name, Some(u.id) == tech))
                    .collect(),
                visit_date: start
                    .as_ref()
                    .map(|z| z.strftime("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                visit_start: start
                    .as_ref()
                    .map(|z| z.strftime("%H:%M").to_string())
                    .unwrap_or_default(),
                visit_end: end
                    .as_ref()
                    .map(|z| z.strftime("%H:%M").to_string())
                    .unwrap_or_default(),
                visit_note: visit.map(|v| v.note.clone()).unwrap_or_default(),
                has_visit: visit.is_some(),
            })
        }
    };
    Ok(StaffFlowPanel { flows, current })
}

#[derive(Deserialize)]
struct ProjectFlowForm {
    #[serde(default)]
    flow: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    revision: i64,
}

async fn project_flow(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<ProjectFlowForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let result = if !f.flow.is_empty() {
        match f.flow.parse::<FlowId>() {
            Ok(flow) => state
                .portal
                .start_flow(&s.user, &s.v.client, project, flow)
                .await
                .map(|_| ()),
            Err(_) => Err(CoreError::field("flow", "error-invalid")),
        }
    } else {
        state
            .portal
            .move_flow(&s.user, &s.v.client, project, f.revision, &f.step)
            .await
            .map(|_| ())
    };
    done(ctx, project, result)
}

fn done(ctx: PageCtx, project: ProjectId, result: Result<(), CoreError>) -> Response {
    match result {
        Ok(()) => {
            Redirect::to(&format!("/staff/projects/{project}?done=saved#flow")).into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize)]
struct VisitForm {
    #[serde(default)]
    technician: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    clear: String,
    revision: i64,
}

async fn visit(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<VisitForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let visit = if f.clear == "yes" {
        None
    } else {
        let at = |time: &str| -> Option<Millis> {
            let dt: jiff::civil::DateTime =
                format!("{}T{}", f.date.trim(), time.trim()).parse().ok()?;
            let z = dt.to_zoned(ctx.time_zone.clone()).ok()?;
            Some(Millis(z.timestamp().as_millisecond()))
        };
        let (Some(starts_at), Some(ends_at)) = (at(&f.start), at(&f.end)) else {
            return done(
                ctx,
                project,
                Err(CoreError::field("date", "error-flow-visit-time")),
            );
        };
        let technician = match f.technician.as_str() {
            "" => None,
            t => match t.parse() {
                Ok(t) => Some(t),
                Err(_) => {
                    return done(
                        ctx,
                        project,
                        Err(CoreError::field("technician", "error-invalid")),
                    );
                }
            },
        };
        Some(Visit {
            technician,
            starts_at,
            ends_at,
            note: f.note.trim().chars().take(500).collect(),
        })
    };
    let result = state
        .portal
        .set_visit(&s.user, &s.v.client, project, f.revision, visit)
        .await
        .map(|_| ());
    done(ctx, project, result)
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flow_waiting.html")]
struct WaitingPage {
    ctx: PageCtx,
    flow_id: FlowId,
    flow_name: String,
    step: String,
    step_public: String,
    /// (project, title, customer, since)
    projects: Vec<(ProjectId, String, String, String)>,
}

/// The projects standing at one step: the team's queue for the steps it completes.
async fn waiting(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Ok(id) = id.parse::<FlowId>() else {
        return not_found(ctx);
    };
    match state.portal.projects_at_step(&s.user, id, &key).await {
        Ok((f, list)) => {
            let (_, step) = f
                .def
                .step(&key)
                .map(|(a, b)| (a.clone(), b.clone()))
                .unwrap_or_default();
            WaitingPage {
                flow_id: f.id,
                flow_name: f.name.clone(),
                step: step.internal.clone(),
                step_public: step.public.name.get(ctx.locale).to_string(),
                projects: list
                    .into_iter()
                    .map(|(p, customer, at)| (p.id, p.title, customer, ctx.when(at)))
                    .collect(),
                ctx,
            }
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}
