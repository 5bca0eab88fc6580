//! Forms to shape a flow without writing its definition: edit, add or remove a step (a removed
//! step that projects stand at sends them where staff choose), add a field, add or change a
//! status or terms, move a step or a status. Each is one `FlowChange`, which the domain checks
//! and the core saves through the same checked, revisioned edit as the JSON form.
use std::collections::BTreeMap;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::{Action, require};
use guichet_core::flows::FlowEditError;
use guichet_domain::*;

use super::{edit_problem_key, problem_text};
use crate::AppState;
use crate::error::{ErrorPage, InPage, PageResult};
use crate::extract::Signed;
use crate::page::PageCtx;

mod fields;
mod statuses;
mod steps;
mod terms;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/flows/{id}/steps", post(steps::add))
        .route(
            "/staff/flows/{id}/steps/{key}",
            get(steps::page).post(steps::save),
        )
        .route("/staff/flows/{id}/steps/{key}/remove", post(steps::remove))
        .route("/staff/flows/{id}/fields", post(fields::add))
        .route("/staff/flows/{id}/statuses", post(statuses::add))
        .route(
            "/staff/flows/{id}/statuses/{key}",
            get(statuses::page).post(statuses::save),
        )
        .route(
            "/staff/flows/{id}/statuses/{key}/remove",
            post(statuses::remove),
        )
        .route("/staff/flows/{id}/order", post(statuses::reorder))
        .route("/staff/flows/{id}/terms", post(terms::add))
        .route(
            "/staff/flows/{id}/terms/{key}",
            get(terms::page).post(terms::save),
        )
}

/// Why a change was not saved, in the reader's words, and the status to answer with.
fn reasons(ctx: &PageCtx, e: FlowEditError) -> (StatusCode, Vec<String>) {
    match e {
        FlowEditError::Change(p) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![ctx.t(edit_problem_key(p))],
        ),
        FlowEditError::Invalid(p) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            p.iter().map(|p| problem_text(ctx, p)).collect(),
        ),
        FlowEditError::NeedsDestination(needs) => (
            StatusCode::CONFLICT,
            needs
                .iter()
                .map(|(_, name, n)| {
                    ctx.catalogs.t_with(
                        ctx.locale,
                        "flow-step-in-use",
                        &[("step", name), ("count", &n.to_string())],
                    )
                })
                .collect(),
        ),
        FlowEditError::Core(CoreError::Conflict) => {
            (StatusCode::CONFLICT, vec![ctx.t("error-conflict")])
        }
        FlowEditError::Core(CoreError::Forbidden) => {
            (StatusCode::FORBIDDEN, vec![ctx.t("error-forbidden")])
        }
        FlowEditError::Core(CoreError::NotFound) => {
            (StatusCode::NOT_FOUND, vec![ctx.t("error-not-found")])
        }
        FlowEditError::Core(CoreError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errs.0.iter().map(|x| ctx.t(x.message_key)).collect(),
        ),
        FlowEditError::Core(other) => {
            tracing::error!(error = %guichet_core::Chain(&other), "flow edit");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![ctx.t("error-internal")],
            )
        }
    }
}

/// A change refused: the page says why.
struct Refused(PageCtx, FlowEditError);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let Refused(ctx, e) = self;
        let (status, problems) = reasons(&ctx, e);
        (
            status,
            ErrorPage {
                detail: problems.join(" "),
                show_sign_in: false,
                title_key: "error-invalid-title",
                message_key: "flow-change-refused",
                ctx,
            },
        )
            .into_response()
    }
}

/// Makes `change` to the flow as it stood at `revision` (`moves`: where the projects of a
/// removed step go); the key of what it created, or why not.
async fn change(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    id: FlowId,
    revision: i64,
    moves: BTreeMap<String, String>,
    change: FlowChange,
) -> Result<Option<String>, Refused> {
    state
        .portal
        .edit_flow(&s.user, &s.v.client, id, revision, moves, change)
        .await
        .map_err(|e| Refused(ctx.clone(), e))
}

/// The flow for an editor page, refused to staff without the right.
async fn editable(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    id: FlowId,
) -> PageResult<(FlowType, BTreeMap<String, i64>)> {
    require(&s.user, Action::ManageFlows).in_page(ctx)?;
    state.portal.flow_type(&s.user, id).await.in_page(ctx)
}

/// Back to the flow's page, where the change shows.
fn saved(id: FlowId) -> Redirect {
    Redirect::to(&format!("/staff/flows/{id}?done=saved"))
}
