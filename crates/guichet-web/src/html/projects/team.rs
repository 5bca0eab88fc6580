//! The provider's people on a project (staff choose them on the project page).
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use guichet_core::CoreError;
use guichet_domain::{ProjectId, UserId};

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};

/// Sets the team to the ticked people; a malformed id is refused (422) and nothing changes.
pub(super) async fn set(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let members = pairs
        .iter()
        .filter(|(k, _)| k == "member")
        .map(|(_, v)| v.parse::<UserId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ctx.refuse(CoreError::field("team", "error-invalid")))?;
    state
        .portal
        .set_project_team(&s.user, &s.v.client, project, &members)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/projects/{project}?done=saved#team")).into_response())
}
