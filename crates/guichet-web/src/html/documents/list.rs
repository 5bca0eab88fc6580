//! "All my documents": every document a contact sees across their account's projects.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use guichet_core::documents::Listed;
use guichet_domain::ProjectId;
use serde::Deserialize;

use super::{DocumentRow, document_rows, kinds, parse_cursor};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Signed;
use crate::page::PageCtx;

#[derive(Template, WebTemplate)]
#[template(path = "portal_documents.html")]
struct AccountDocumentsPage {
    ctx: PageCtx,
    /// (row, project id, project title, when uploaded)
    docs: Vec<(DocumentRow, ProjectId, String, String)>,
    q: String,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    /// Link to the next page ("" when this is the last).
    next: String,
}

#[derive(Deserialize, Default)]
pub(super) struct AccountDocumentsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    /// `<millis>_<document id>` of the last document of the page before.
    #[serde(default)]
    before: String,
}

/// Every document the contact sees across their account's projects, newest first, 50 a page.
pub(super) async fn account_documents(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<AccountDocumentsQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("documents");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let before = parse_cursor(&lq.before).map_err(|_| ctx.not_found())?;
    let q: String = lq.q.trim().chars().take(100).collect();
    let kind = lq.kind.trim().to_string();
    let page = state
        .portal
        .account_documents(
            &s.actor,
            account,
            (!kind.is_empty()).then_some(kind.as_str()),
            &q,
            before,
            50,
        )
        .await
        .in_page(&ctx)?;
    let next = match page.next {
        Some((at, id)) => format!(
            "/portal/documents?{}",
            serde_urlencoded::to_string([
                ("q", q.as_str()),
                ("kind", kind.as_str()),
                ("before", &format!("{}_{id}", at.0)),
            ])
            .unwrap_or_default()
        ),
        None => String::new(),
    };
    let listed: Vec<Listed> = page.items.iter().map(|(l, _)| l.clone()).collect();
    let rows = document_rows(&ctx, &listed);
    let docs = rows
        .into_iter()
        .zip(page.items.iter())
        .map(|(r, (l, p))| (r, p.id, p.title.clone(), ctx.when(l.latest.uploaded_at)))
        .collect();
    Ok(AccountDocumentsPage {
        docs,
        q,
        kind,
        kinds: kinds(&ctx),
        next,
        ctx,
    }
    .into_response())
}
