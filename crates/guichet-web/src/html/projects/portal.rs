//! A contact's projects: the list their role reaches, one project's page (documents,
//! requests, conversation, team, flow) and its history.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use guichet_core::FieldErrors;
use guichet_domain::{
    DocumentId, Millis, Project, ProjectId, ProjectQuery, ProjectSort, ProjectStatus, User,
};
use serde::Deserialize;

use super::{EntryRow, ProjectRow, RequestRow, entry_rows, request_rows, row, rows, statuses};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::html::documents::{Conversation, DocumentRow};
use crate::page::PageCtx;

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    sort: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_projects.html")]
struct ListPage {
    ctx: PageCtx,
    projects: Vec<ProjectRow>,
    q: String,
    status: String,
    sort: String,
    statuses: Vec<(&'static str, &'static str)>,
}

pub(super) async fn list(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let q = lq.q.trim().chars().take(100).collect::<String>();
    let query = ProjectQuery {
        search: Some(q.clone()),
        status: ProjectStatus::parse(&lq.status),
        own: None,
        sort: if lq.sort == "title" {
            ProjectSort::Title
        } else {
            ProjectSort::Recent
        },
        limit: 200,
    };
    let list = state
        .portal
        .portal_projects(&s.actor, account, &query)
        .await
        .in_page(&ctx)?;
    let ids: Vec<ProjectId> = list.iter().map(|p| p.id).collect();
    let unread = state
        .portal
        .unread_counts(&s.user, &ids)
        .await
        .unwrap_or_default();
    let steps = state
        .portal
        .current_steps(s.user.tenant_id, &ids, ctx.locale)
        .await
        .in_page(&ctx)?;
    let mut projects = rows(&ctx, &list);
    for r in &mut projects {
        r.unread = unread
            .iter()
            .find(|(p, _)| *p == r.id)
            .map(|(_, n)| *n)
            .unwrap_or(0);
        if let Some((_, name)) = steps.iter().find(|(p, _)| *p == r.id) {
            r.step = name.clone();
        }
    }
    Ok(ListPage {
        ctx,
        projects,
        q,
        status: query
            .status
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
        sort: if query.sort == ProjectSort::Title {
            "title".into()
        } else {
            "recent".into()
        },
        statuses: statuses(),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_project.html")]
struct ProjectPage {
    ctx: PageCtx,
    project: Project,
    row: ProjectRow,
    docs: Vec<DocumentRow>,
    can_upload: bool,
    kinds: Vec<(&'static str, &'static str)>,
    uploaded: bool,
    requests: Vec<RequestRow>,
    comments: Conversation,
    /// Link to the next documents ("" when these are the last).
    more: String,
    /// The provider's people on the project.
    team: Vec<User>,
    flow: Option<crate::html::flows::FlowPanel>,
    /// A flow notice key ("flow-saved"…), or "".
    notice: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_project_history.html")]
struct HistoryPage {
    ctx: PageCtx,
    project: Project,
    timeline: Vec<EntryRow>,
}

/// A contact's view of what happened on their project (documents they see only).
pub(super) async fn history(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let (project, list) = state
        .portal
        .project_timeline(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(HistoryPage {
        timeline: entry_rows(&ctx, &list),
        ctx,
        project,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct PageQuery {
    #[serde(default)]
    done: String,
    /// `<millis>_<document id>`: the documents after this one.
    #[serde(default)]
    before: String,
}

pub(super) async fn project(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
    Query(n): Query<PageQuery>,
) -> PageResult {
    let before =
        crate::html::documents::parse_cursor(&n.before).map_err(|_| s.v.ctx(&state).not_found())?;
    render_portal_project(&state, &s, id, before, &n.done, None, StatusCode::OK).await
}

/// A contact's project page; `flow_form`: what they just sent from the flow step page and why
/// it was refused (shown again, with `status`).
pub(crate) async fn render_portal_project(
    state: &AppState,
    s: &Signed,
    id: ProjectId,
    before: Option<(Millis, DocumentId)>,
    done: &str,
    flow_form: Option<(BTreeMap<String, String>, FieldErrors)>,
    status: StatusCode,
) -> PageResult {
    let ctx = s.v.ctx(state).with_nav("projects");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let view = state
        .portal
        .portal_project_view(&s.actor, account, id, before)
        .await
        .in_page(&ctx)?;
    let flow = state
        .portal
        .portal_flow(
            &s.actor,
            account,
            &view.project,
            &view.rights,
            view.flow.clone(),
        )
        .await
        .in_page(&ctx)?
        .map(|f| crate::html::flows::panel(&ctx, &f, flow_form.as_ref().map(|(v, e)| (v, e))));
    let p = view.project;
    let docs = crate::html::documents::document_rows(&ctx, &view.documents);
    let can_upload = view.rights.may_add_documents();
    let comments = crate::html::documents::conversation_rows(
        &ctx,
        &s.user,
        &view.comments,
        view.read_at,
        view.following,
        can_upload,
    );
    let notice = match done {
        "flow-saved" | "flow-moved" | "flow-drawing" => done.to_string(),
        _ => String::new(),
    };
    let project_row = row(&ctx, &p);
    let requests = request_rows(&ctx, &view.requests);
    Ok((
        status,
        ProjectPage {
            kinds: crate::html::documents::kinds(&ctx),
            ctx,
            row: project_row,
            project: p,
            comments,
            requests,
            team: view.team,
            more: view
                .next
                .map(|(at, d)| format!("/portal/projects/{id}?before={}_{d}#documents", at.0))
                .unwrap_or_default(),
            docs,
            can_upload,
            uploaded: done == "uploaded",
            flow,
            notice,
        },
    )
        .into_response())
}
