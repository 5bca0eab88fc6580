//! Document requests: staff ask the customer for a file on a project.
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use guichet_core::requests::RequestInput;
use guichet_domain::{DocumentId, DocumentRequest, ProjectId, RequestId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

/// A document request as shown.
pub struct RequestRow {
    pub id: RequestId,
    pub title: String,
    pub kind_key: &'static str,
    pub description: String,
    pub due_on: String,
    pub fulfilled: bool,
    pub document: Option<DocumentId>,
}

pub fn request_rows(ctx: &PageCtx, list: &[DocumentRequest]) -> Vec<RequestRow> {
    list.iter()
        .map(|r| RequestRow {
            id: r.id,
            title: r.title.clone(),
            kind_key: r.kind.message_key(),
            description: r.description.clone(),
            due_on: r.due_on.as_deref().map(|d| ctx.day(d)).unwrap_or_default(),
            fulfilled: r.fulfilled_at.is_some(),
            document: r.document_id,
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct RequestForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    due_on: String,
}

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let input = RequestInput {
        title: form.title,
        kind: form.kind,
        description: form.description,
        due_on: form.due_on,
    };
    state
        .portal
        .create_request(&s.user, &s.v.client, id, &input)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/projects/{id}?done=requested")).into_response())
}
