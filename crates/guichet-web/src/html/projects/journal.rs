//! What happened on a project, as shown to staff and as a CSV export.
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use guichet_core::CoreError;
use guichet_domain::{JournalEntry, ProjectId};

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::formats::journal_csv;
use crate::page::PageCtx;

/// A journal entry as shown.
pub struct EntryRow {
    pub when: String,
    pub who: String,
    pub ip: String,
    pub action_key: String,
    pub detail: String,
}

pub fn entry_rows(ctx: &PageCtx, list: &[JournalEntry]) -> Vec<EntryRow> {
    list.iter()
        .map(|e| EntryRow {
            when: ctx.when(e.at),
            who: e.actor_label.clone(),
            ip: e.ip.clone(),
            action_key: format!("journal-{}", e.action.replace(['.', '_'], "-")),
            detail: e.detail.clone(),
        })
        .collect()
}

/// The project's journal as CSV, for staff who may open the project's page; the export is
/// journaled. Built whole before it is sent.
pub(super) async fn csv(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let list = state
        .portal
        .export_project_journal(&s.user, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    // A failure is the error page (logged with its cause), never a file cut short.
    let body = journal_csv::write(&list, Vec::new())
        .map_err(|e| ctx.refuse(CoreError::internal_from(e)))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"journal-{id}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
