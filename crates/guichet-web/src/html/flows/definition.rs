//! One flow type as staff read it (statuses, steps, fields, terms, and the projects at each
//! step) and the form that edits its whole definition as JSON.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use guichet_core::CoreError;
use guichet_core::access::{Action, may, require};
use guichet_core::flows::{FlowEdit, FlowEditError};
use guichet_domain::*;
use serde::Deserialize;

use super::{edit_problem_key, problem_text, revision, step_choices};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

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
pub(super) struct FlowPage {
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
pub(super) struct Notice {
    #[serde(default)]
    done: String,
}

pub(super) async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    Query(n): Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, usage) = state.portal.flow_type(&s.user, id).await.in_page(&ctx)?;
    let mut p = flow_page(ctx, &f, &usage, may(&s.user, Action::ManageFlows));
    if matches!(n.done.as_str(), "created" | "saved") {
        p.notice = format!("flow-notice-{}", n.done);
    }
    Ok(p.into_response())
}

#[derive(Deserialize)]
pub(super) struct SaveForm {
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

/// What the save form asks, and the page again with what was typed and why it was refused.
struct Refusal {
    problems: Vec<String>,
    needs: Vec<(String, String, i64)>,
    destinations: Vec<(String, String)>,
    conflict: bool,
    status: StatusCode,
}

impl Refusal {
    fn problems(status: StatusCode, problems: Vec<String>) -> Self {
        Refusal {
            problems,
            needs: vec![],
            destinations: vec![],
            conflict: false,
            status,
        }
    }
}

fn again(
    ctx: PageCtx,
    current: &FlowType,
    usage: &BTreeMap<String, i64>,
    f: &SaveForm,
    r: Refusal,
) -> Response {
    let mut p = flow_page(ctx, current, usage, true);
    p.name = f.name.clone();
    p.public_fr = f.public_fr.clone();
    p.public_en = f.public_en.clone();
    p.description_fr = f.description_fr.clone();
    p.description_en = f.description_en.clone();
    p.definition = f.definition.clone();
    p.revision = revision(&f.revision);
    p.problems = r.problems;
    p.needs = r.needs;
    p.destinations = r.destinations;
    p.conflict = r.conflict;
    (r.status, p).into_response()
}

pub(super) async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(f): CsrfForm<SaveForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    require(&s.user, Action::ManageFlows).in_page(&ctx)?;
    let (current, usage) = state.portal.flow_type(&s.user, id).await.in_page(&ctx)?;
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
            let r = Refusal::problems(StatusCode::UNPROCESSABLE_ENTITY, vec![msg]);
            return Ok(again(ctx, &current, &usage, &f, r));
        }
    };
    let destinations = step_choices(&def);
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
        revision: revision(&f.revision),
        moves,
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let r = match state
        .portal
        .update_flow(&s.user, &s.v.client, id, edit)
        .await
    {
        Ok(_) => return Ok(Redirect::to(&format!("/staff/flows/{id}?done=saved")).into_response()),
        Err(FlowEditError::Invalid(p)) => Refusal::problems(
            unprocessable,
            p.iter().map(|p| problem_text(&ctx, p)).collect(),
        ),
        Err(FlowEditError::NeedsDestination(needs)) => Refusal {
            needs,
            destinations,
            ..Refusal::problems(StatusCode::CONFLICT, vec![ctx.t("flow-needs-destination")])
        },
        Err(FlowEditError::Core(CoreError::Conflict)) => Refusal {
            conflict: true,
            ..Refusal::problems(StatusCode::CONFLICT, vec![])
        },
        Err(FlowEditError::Core(CoreError::Invalid(e))) => Refusal::problems(
            unprocessable,
            e.0.iter().map(|x| ctx.t(x.message_key)).collect(),
        ),
        Err(FlowEditError::Change(p)) => {
            Refusal::problems(unprocessable, vec![ctx.t(edit_problem_key(p))])
        }
        Err(FlowEditError::Core(e)) => return Err(ctx.refuse(e)),
    };
    Ok(again(ctx, &current, &usage, &f, r))
}
