//! Staff set each contact's access to a project, or to one of its documents: by their role,
//! only what is shared one by one, view only, download, upload.
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use guichet_core::CoreError;
use guichet_core::shares::ContactAccess;
use guichet_domain::{DocumentId, ProjectId, ShareLevel, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/projects/{id}/access", post(set))
}

/// One contact in the access table.
pub struct AccessRow {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    /// Message key of what the role alone gives.
    pub by_role_key: &'static str,
    /// The level set for them ("" when none: by role, or as the project says).
    pub set: &'static str,
    /// Message key of what they get, all told.
    pub effective_key: &'static str,
}

/// The message key naming a level ("none" when they do not see it).
pub fn level_key(level: Option<ShareLevel>) -> &'static str {
    match level {
        None => "share-none",
        Some(ShareLevel::Hidden) => "share-hidden",
        Some(ShareLevel::View) => "share-view",
        Some(ShareLevel::Download) => "share-download",
        Some(ShareLevel::Upload) => "share-upload",
    }
}

pub fn access_rows(list: &[ContactAccess]) -> Vec<AccessRow> {
    list.iter()
        .map(|a| AccessRow {
            user: a.user.id,
            name: a.user.name.clone(),
            email: a.user.email.as_str().to_string(),
            role: a.role_name.clone(),
            by_role_key: level_key(a.by_role),
            set: a.set.map(ShareLevel::code).unwrap_or(""),
            effective_key: level_key(a.effective),
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct AccessForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    document: String,
}

async fn set(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(form): CsrfForm<AccessForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let document = match form.document.trim() {
        "" => None,
        d => Some(d.parse::<DocumentId>().map_err(|_| ctx.not_found())?),
    };
    let level = match form.level.trim() {
        "" => None,
        l => Some(
            ShareLevel::parse(l)
                .ok_or_else(|| ctx.refuse(CoreError::field("level", "error-invalid")))?,
        ),
    };
    let user = form
        .user
        .trim()
        .parse::<UserId>()
        .map_err(|_| ctx.refuse(CoreError::field("user", "error-invalid")))?;
    state
        .portal
        .set_share(&s.user, &s.v.client, project, document, user, level)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&match document {
        Some(d) => format!("/documents/{d}?done=shared#access"),
        None => format!("/staff/projects/{project}?done=shared#access"),
    })
    .into_response())
}
