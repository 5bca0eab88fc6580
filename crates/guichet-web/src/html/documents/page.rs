//! The document page (its versions, who sees it, its journal, its conversation) and the
//! status change staff make there.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use guichet_core::access::{Action, may};
use guichet_core::documents::Actor;
use guichet_domain::{Document, DocumentId, ShareLevel, UserKind, VersionId, previewable};
use serde::Deserialize;

use super::{AccessRow, Conversation, access_rows, actor, comments_for, project_href, size_text};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub struct VersionRow {
    pub id: VersionId,
    pub number: i64,
    pub filename: String,
    pub size: String,
    pub when: String,
    /// `when` for `<time datetime>`.
    pub iso: String,
    pub previewable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "document.html")]
struct DocumentPage {
    ctx: PageCtx,
    doc: Document,
    kind_key: &'static str,
    status_key: &'static str,
    versions: Vec<VersionRow>,
    project_href: String,
    can_upload: bool,
    can_download: bool,
    uploaded: bool,
    shared: bool,
    comments: Conversation,
    /// Staff who manage customers: each contact's access to the document.
    access: Option<Vec<AccessRow>>,
    /// Staff who manage customers: the statuses the document may move to (code, label key).
    statuses: Vec<(&'static str, &'static str)>,
    /// Staff: what happened to this document.
    journal: Vec<crate::html::projects::EntryRow>,
}

#[derive(Deserialize, Default)]
pub(super) struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    version: String,
}

pub(super) async fn set_status(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<DocumentId>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    let d = state
        .portal
        .set_document_status(&s.user, &s.v.client, id, version, form.status.trim())
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/documents/{}?done=saved", d.id)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct Notice {
    #[serde(default)]
    done: String,
}

pub(super) async fn document(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<DocumentId>,
    Query(n): Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let who = actor(&state, &s).in_page(&ctx)?;
    let (doc, versions, level) = state
        .portal
        .view_document(who, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    let staff = s.user.kind == UserKind::Staff;
    let can_upload = match who {
        Actor::Staff(u) => may(u, Action::ManageCustomers),
        Actor::Contact(..) => level >= ShareLevel::Upload,
    };
    let access = if staff && may(&s.user, Action::ManageCustomers) {
        let list = state
            .portal
            .project_access(&s.user, doc.project_id, Some(doc.id))
            .await
            .in_page(&ctx)?;
        Some(access_rows(&list))
    } else {
        None
    };
    let comments = comments_for(&state, &s, &ctx, doc.project_id, Some(doc.id)).await;
    let journal = if staff {
        let list = state
            .portal
            .document_journal(&s.user, &doc, &versions)
            .await
            .in_page(&ctx)?;
        crate::html::projects::entry_rows(&ctx, &list)
    } else {
        Vec::new()
    };
    let statuses = if access.is_some() {
        doc.kind
            .statuses()
            .iter()
            .map(|s| (s.as_str(), s.message_key()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(DocumentPage {
        comments,
        journal,
        statuses,
        access,
        can_download: level >= ShareLevel::Download,
        versions: versions
            .iter()
            .map(|v| VersionRow {
                id: v.id,
                number: v.number,
                filename: v.filename.clone(),
                size: size_text(&ctx, v.size),
                when: ctx.when(v.uploaded_at),
                iso: ctx.iso(v.uploaded_at),
                previewable: previewable(&v.content_type),
            })
            .collect(),
        project_href: project_href(&s, doc.project_id),
        kind_key: doc.kind.message_key(),
        status_key: doc.status.message_key(),
        doc,
        can_upload,
        uploaded: matches!(n.done.as_str(), "uploaded" | "saved"),
        shared: n.done == "shared",
        ctx,
    }
    .into_response())
}
