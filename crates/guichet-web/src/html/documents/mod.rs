//! Documents, for staff and contacts alike (the core decides who sees what): upload into a
//! project (streamed, multipart), the document page with its versions and conversation,
//! downloads, a project's documents as one ZIP, and a contact's "all my documents".
mod comments;
mod download;
mod list;
mod page;
pub(crate) mod upload;
mod zip;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::documents::{Actor, Listed};
use guichet_domain::{DocumentId, ProjectId, ShareLevel, UserKind, VersionId, previewable};

pub use crate::html::shares::{AccessRow, access_rows};
pub use comments::{Conversation, comments_for, conversation_rows};
pub(crate) use download::file_response;
pub(crate) use upload::{announced_too_large, drain};

use crate::AppState;
use crate::extract::Signed;
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/{id}/documents",
            // The blob store enforces the size limit while streaming.
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/documents/{id}", get(page::document))
        .route("/portal/documents", get(list::account_documents))
        .route(
            "/documents/{id}/versions",
            post(upload::upload_version).layer(DefaultBodyLimit::disable()),
        )
        .route("/files/{id}", get(download::download))
        .route("/files/{id}/pages/{page}", get(download::page_image))
        .route("/documents/{id}/status", post(page::set_status))
        .route("/projects/{id}/zip", get(zip::project_zip))
        .route(
            "/projects/{id}/comments",
            post(comments::comment).layer(DefaultBodyLimit::disable()),
        )
        .route("/projects/{id}/follow", post(comments::follow))
        .route(
            "/requests/{id}/fulfil",
            post(upload::fulfil).layer(DefaultBodyLimit::disable()),
        )
}

/// The actor for the core: a staff member, or a contact in their current account.
fn actor<'a>(state: &AppState, s: &'a Signed) -> Result<Actor<'a>, CoreError> {
    if s.user.kind == UserKind::Staff {
        Ok(Actor::Staff(&s.user))
    } else {
        let account = state.portal.portal_account(&s.actor, s.v.account_choice)?;
        Ok(Actor::Contact(&s.actor, account))
    }
}

/// Where a project's page is for this person: the back-office's, or the portal's.
fn project_href(s: &Signed, project: ProjectId) -> String {
    if s.user.kind == UserKind::Staff {
        format!("/staff/projects/{project}")
    } else {
        format!("/portal/projects/{project}")
    }
}

/// "Up to 200 MB per file." for the tenant's upload limit.
pub fn upload_limit_text(ctx: &PageCtx) -> String {
    let size = size_text(ctx, ctx.max_upload_bytes.min(i64::MAX as u64) as i64);
    ctx.t1("documents-upload-limit", "size", &size)
}

/// A size in the visitor's units (10⁶ bytes to the MB, as the upload limit): "1,5 Mo".
pub fn size_text(ctx: &PageCtx, bytes: i64) -> String {
    ctx.size(bytes)
}

/// A document as listed on a project page.
pub struct DocumentRow {
    pub id: DocumentId,
    pub title: String,
    pub kind_key: &'static str,
    pub status_key: &'static str,
    pub version: i64,
    pub file: VersionId,
    pub size: String,
    /// The file may be downloaded (else only viewed, and previewed when `preview`).
    pub download: bool,
    /// A preview link: the browser shows the type, or the person may only view the file (and
    /// gets page images, or a page saying why there are none).
    pub preview: bool,
    /// The latest version's file name and SHA-256, as an acceptance names them.
    pub filename: String,
    pub sha256: String,
    /// The SHA-256's first 16 digits, as the page shows it.
    pub fingerprint: String,
}

pub fn document_rows(ctx: &PageCtx, list: &[Listed]) -> Vec<DocumentRow> {
    list.iter()
        .map(|l| DocumentRow {
            id: l.doc.id,
            title: l.doc.title.clone(),
            kind_key: l.doc.kind.message_key(),
            status_key: l.doc.status.message_key(),
            version: l.latest.number,
            file: l.latest.id,
            size: size_text(ctx, l.latest.size),
            download: l.level >= ShareLevel::Download,
            preview: l.level < ShareLevel::Download || previewable(&l.latest.content_type),
            filename: l.latest.filename.clone(),
            sha256: l.latest.sha256.clone(),
            fingerprint: l.latest.sha256.chars().take(16).collect(),
        })
        .collect()
}

/// A page cursor, `<millis>_<document id>` (empty: the first page).
pub fn parse_cursor(raw: &str) -> Result<Option<(guichet_domain::Millis, DocumentId)>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.split_once('_')
        .and_then(|(at, id)| {
            Some((
                guichet_domain::Millis(at.parse().ok()?),
                id.parse::<DocumentId>().ok()?,
            ))
        })
        .map(Some)
        .ok_or(())
}

/// Whether any of the listed documents may be downloaded (the ZIP buttons show only then).
pub fn any_download(rows: &[DocumentRow]) -> bool {
    rows.iter().any(|r| r.download)
}

/// The kinds the provider offers in its forms: (code, label key).
pub fn kinds(ctx: &PageCtx) -> Vec<(&'static str, &'static str)> {
    ctx.tenant
        .kinds()
        .into_iter()
        .map(|k| (k.as_str(), k.message_key()))
        .collect()
}
