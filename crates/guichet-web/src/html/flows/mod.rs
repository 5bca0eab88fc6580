//! Project flows. Staff: the flow types (list, create from a template, read, edit the whole
//! definition or one part at a time with the editor's forms), and on a project: put it in a
//! flow, move it, plan the visit, see who waits at a step. Customers: where their project
//! stands, and what they send from its current step's page.
mod act;
mod calendar;
mod definition;
mod editor;
mod panel;
mod project;
mod types;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use guichet_domain::{DefProblem, EditProblem, FlowDef};

pub use panel::{FlowPanel, panel, state_key};
pub use project::{StaffFlowPanel, staff_panel};

use crate::AppState;
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/flows", get(types::list).post(types::create))
        .route(
            "/staff/flows/{id}",
            get(definition::show).post(definition::save),
        )
        .route(
            "/staff/flows/{id}/steps/{key}/projects",
            get(project::waiting),
        )
        .route("/staff/projects/{id}/flow", post(project::project_flow))
        .route("/staff/projects/{id}/visit", post(project::visit))
        .merge(editor::routes())
        .route(
            "/portal/projects/{id}/flow",
            // Files follow the provider's upload limit, enforced by the blob store while
            // streaming (not the framework's 2 MB default).
            post(act::act).layer(DefaultBodyLimit::disable()),
        )
        .route("/portal/projects/{id}/drawing", post(act::drawing))
        .route("/portal/projects/{id}/visit.ics", get(calendar::visit_ics))
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

/// The catalog key saying why an editor's change was refused.
pub(crate) fn edit_problem_key(p: EditProblem) -> &'static str {
    match p {
        EditProblem::NotFound => "error-not-found",
        EditProblem::Invalid => "error-invalid",
        EditProblem::StepNameRequired => "flow-step-internal-required",
        EditProblem::StatusNameRequired => "flow-status-internal-required",
        EditProblem::FieldLabelRequired => "flow-field-label-required",
        EditProblem::TermsTextRequired => "flow-terms-text-required",
        EditProblem::StatusNotEmpty => "flow-status-not-empty",
        EditProblem::CannotMove => "flow-cannot-move",
    }
}

/// Every sub-status as staff pick one: (key, "Status › sub-status").
fn step_choices(def: &FlowDef) -> Vec<(String, String)> {
    def.steps()
        .map(|(st, s)| (s.key.clone(), format!("{} › {}", st.internal, s.internal)))
        .collect()
}

/// A revision sent back by a form (kept as text: numbers do not survive `flatten` in
/// URL-encoded forms); anything else is a revision no flow has, refused as stale.
fn revision(raw: &str) -> i64 {
    raw.parse().unwrap_or(0)
}
