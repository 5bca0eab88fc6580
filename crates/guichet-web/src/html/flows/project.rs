//! A project's flow on the staff side: the panel of the project page, putting the project in
//! a flow or moving it, planning the technician's visit; and the projects waiting at a step.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use guichet_core::{CoreError, CoreResult};
use guichet_domain::*;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

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
) -> CoreResult<StaffFlowPanel> {
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
            let local = |m: Millis| ctx.time_zone.zoned(m);
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
                        Some((
                            d.label.get(l).to_string(),
                            super::panel::shown_value(ctx, d, v),
                            doc,
                        ))
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
pub(super) struct ProjectFlowForm {
    #[serde(default)]
    flow: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    revision: i64,
}

/// Puts the project in a flow (`flow`), or moves it to a step of its flow (`step`).
pub(super) async fn project_flow(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(f): CsrfForm<ProjectFlowForm>,
) -> PageResult<Redirect> {
    let ctx = s.v.ctx(&state);
    if f.flow.is_empty() {
        state
            .portal
            .move_flow(&s.user, &s.v.client, project, f.revision, &f.step)
            .await
            .in_page(&ctx)?;
    } else {
        let flow = f
            .flow
            .parse::<FlowId>()
            .map_err(|_| ctx.refuse(CoreError::field("flow", "error-invalid")))?;
        state
            .portal
            .start_flow(&s.user, &s.v.client, project, flow)
            .await
            .in_page(&ctx)?;
    }
    Ok(back_to_flow(project))
}

/// The project page's flow panel.
fn back_to_flow(project: ProjectId) -> Redirect {
    Redirect::to(&format!("/staff/projects/{project}?done=saved#flow"))
}

#[derive(Deserialize)]
pub(super) struct VisitForm {
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

impl VisitForm {
    /// The visit as planned (times in the planner's zone), `None` to clear it.
    fn visit(&self, zone: &jiff::tz::TimeZone) -> Result<Option<Visit>, CoreError> {
        if self.clear == "yes" {
            return Ok(None);
        }
        let at = |time: &str| -> Option<Millis> {
            let dt: jiff::civil::DateTime = format!("{}T{}", self.date.trim(), time.trim())
                .parse()
                .ok()?;
            let z = dt.to_zoned(zone.clone()).ok()?;
            Some(Millis(z.timestamp().as_millisecond()))
        };
        let (Some(starts_at), Some(ends_at)) = (at(&self.start), at(&self.end)) else {
            return Err(CoreError::field("date", "error-flow-visit-time"));
        };
        let technician = match self.technician.as_str() {
            "" => None,
            t => Some(
                t.parse()
                    .map_err(|_| CoreError::field("technician", "error-invalid"))?,
            ),
        };
        Ok(Some(Visit {
            technician,
            starts_at,
            ends_at,
            note: self.note.trim().chars().take(500).collect(),
        }))
    }
}

pub(super) async fn visit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(f): CsrfForm<VisitForm>,
) -> PageResult<Redirect> {
    let ctx = s.v.ctx(&state);
    let visit = f.visit(ctx.time_zone.zone()).in_page(&ctx)?;
    state
        .portal
        .set_visit(&s.user, &s.v.client, project, f.revision, visit)
        .await
        .in_page(&ctx)?;
    Ok(back_to_flow(project))
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
pub(super) async fn waiting(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, list) = state
        .portal
        .projects_at_step(&s.user, id, &key)
        .await
        .in_page(&ctx)?;
    let (_, step) = f
        .def
        .step(&key)
        .map(|(a, b)| (a.clone(), b.clone()))
        .unwrap_or_default();
    Ok(WaitingPage {
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
    .into_response())
}
