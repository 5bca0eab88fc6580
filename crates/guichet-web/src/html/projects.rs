//! Projects: staff open and edit them; contacts list the ones their role reaches and open them.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use guichet_core::access::{Action, may};
use guichet_core::projects::ProjectInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{CustomerId, Project, ProjectId, ProjectStatus};
use guichet_store::{ProjectQuery, ProjectSort};
use serde::Deserialize;

use crate::AppState;
use crate::error::{fail, not_found};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/customers/{id}/projects",
            get(new_project).post(create_project),
        )
        .route(
            "/staff/projects/{id}",
            get(edit_project).post(update_project),
        )
        .route("/staff/projects/{id}/journal.csv", get(journal_csv))
        .route(
            "/staff/projects/{id}/requests",
            axum::routing::post(create_request),
        )
        .route("/portal/projects", get(portal_list))
        .route("/portal/projects/{id}", get(portal_project))
        .route("/portal/projects/{id}/history", get(portal_history))
        .route("/staff/projects/{id}/team", axum::routing::post(set_team))
}

pub fn status_key(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Open => "project-status-open",
        ProjectStatus::OnHold => "project-status-on-hold",
        ProjectStatus::Closed => "project-status-closed",
    }
}

pub fn status_class(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Open => "ok",
        ProjectStatus::OnHold => "warn",
        ProjectStatus::Closed => "off",
    }
}

/// A project as listed.
pub struct ProjectRow {
    pub id: ProjectId,
    pub title: String,
    pub reference: String,
    pub site: String,
    pub dates: String,
    pub status_key: &'static str,
    pub status_class: &'static str,
    /// Messages by others not read yet on the project's own conversation.
    pub unread: i64,
    /// The public name of the flow step it stands at ("" when it follows no flow).
    pub step: String,
}

pub fn rows(list: &[Project]) -> Vec<ProjectRow> {
    list.iter()
        .map(|p| ProjectRow {
            id: p.id,
            title: p.title.clone(),
            reference: p.reference.clone(),
            site: p.site.clone(),
            dates: match (&p.starts_on, &p.ends_on) {
                (Some(s), Some(e)) => format!("{s} → {e}"),
                (Some(s), None) => format!("{s} →"),
                (None, Some(e)) => format!("→ {e}"),
                (None, None) => String::new(),
            },
            status_key: status_key(p.status),
            unread: 0,
            step: String::new(),
            status_class: status_class(p.status),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
struct ProjectForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    version: String,
}

impl ProjectForm {
    fn input(&self) -> ProjectInput {
        ProjectInput {
            title: self.title.clone(),
            reference: self.reference.clone(),
            description: self.description.clone(),
            site: self.site.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            status: self.status.clone(),
        }
    }
    fn of(p: &Project) -> Self {
        ProjectForm {
            title: p.title.clone(),
            reference: p.reference.clone(),
            description: p.description.clone(),
            site: p.site.clone(),
            starts_on: p.starts_on.clone().unwrap_or_default(),
            ends_on: p.ends_on.clone().unwrap_or_default(),
            status: p.status.code().into(),
            version: p.updated_at.0.to_string(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_project_form.html")]
struct FormPage {
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    customer_id: CustomerId,
    customer_name: String,
    form: ProjectForm,
    statuses: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
    conflict: bool,
    notice: bool,
    /// Set on an existing project: its documents and the upload form.
    project_id: Option<ProjectId>,
    docs: Vec<crate::html::documents::DocumentRow>,
    kinds: Vec<(&'static str, String)>,
    journal: Vec<EntryRow>,
    journal_filter: String,
    links: Vec<crate::html::links::LinkRow>,
    /// Documents a link may be limited to: (id, title).
    doc_options: Vec<(String, String)>,
    requests: Vec<RequestRow>,
    comments: crate::html::documents::Conversation,
    access: Vec<crate::html::documents::AccessRow>,
    /// Staff who could be on the project's team: (id, name, on it).
    team: Vec<(guichet_domain::UserId, String, bool)>,
    flow: Option<crate::html::flow_staff::StaffFlowPanel>,
}

async fn set_team(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let mut members = Vec::new();
    for (k, v) in pairs {
        if k == "member" {
            match v.parse::<guichet_domain::UserId>() {
                Ok(u) => members.push(u),
                Err(_) => return fail(ctx, CoreError::field("team", "error-invalid")),
            }
        }
    }
    match state
        .portal
        .set_project_team(&s.user, &s.v.client, project, &members)
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("/staff/projects/{project}?done=saved#team")).into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    ProjectStatus::ALL
        .iter()
        .map(|s| (s.code(), status_key(*s)))
        .collect()
}

async fn new_project(State(state): State<AppState>, s: Signed, Path(id): Path<String>) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageCustomers) {
        return fail(ctx, CoreError::Forbidden);
    }
    match state.portal.customer(&s.user, id).await {
        Ok((c, _)) => FormPage {
            ctx,
            flow: None,
            title_key: "project-new",
            action: format!("/staff/customers/{id}/projects"),
            customer_id: c.id,
            customer_name: c.name,
            form: ProjectForm {
                status: "open".into(),
                ..Default::default()
            },
            statuses: statuses(),
            errors: FieldErrors::default(),
            conflict: false,
            notice: false,
            project_id: None,
            docs: Vec::new(),
            kinds: Vec::new(),
            journal: Vec::new(),
            journal_filter: String::new(),
            links: Vec::new(),
            doc_options: Vec::new(),
            requests: Vec::new(),
            comments: Default::default(),
            access: Vec::new(),
            team: Vec::new(),
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn create_project(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    match state
        .portal
        .create_project(&s.user, &s.v.client, id, &form.input())
        .await
    {
        Ok(p) => Redirect::to(&format!("/staff/projects/{}?done=saved", p.id)).into_response(),
        Err(CoreError::Invalid(errors)) => match state.portal.customer(&s.user, id).await {
            Ok((c, _)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage {
                    flow: None,
                    ctx,
                    title_key: "project-new",
                    action: format!("/staff/customers/{id}/projects"),
                    customer_id: c.id,
                    customer_name: c.name,
                    form,
                    statuses: statuses(),
                    errors,
                    conflict: false,
                    notice: false,
                    project_id: None,
                    docs: Vec::new(),
                    kinds: Vec::new(),
                    journal: Vec::new(),
                    journal_filter: String::new(),
                    links: Vec::new(),
                    doc_options: Vec::new(),
                    requests: Vec::new(),
                    comments: Default::default(),
                    access: Vec::new(),
                    team: Vec::new(),
                },
            )
                .into_response(),
            Err(e) => fail(ctx, e),
        },
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
    /// Journal filter: "documents", "downloads", "project" or all.
    #[serde(default)]
    journal: String,
}

fn journal_prefix(filter: &str) -> Option<&'static str> {
    match filter {
        "documents" => Some("document."),
        "downloads" => Some("document.download"),
        "project" => Some("project."),
        _ => None,
    }
}

/// A document request as shown.
pub struct RequestRow {
    pub id: guichet_domain::RequestId,
    pub title: String,
    pub kind_key: String,
    pub description: String,
    pub due_on: String,
    pub fulfilled: bool,
    pub document: Option<guichet_domain::DocumentId>,
}

pub fn request_rows(list: &[guichet_domain::DocumentRequest]) -> Vec<RequestRow> {
    list.iter()
        .map(|r| RequestRow {
            id: r.id,
            title: r.title.clone(),
            kind_key: crate::html::documents::kind_key(&r.kind),
            description: r.description.clone(),
            due_on: r.due_on.clone().unwrap_or_default(),
            fulfilled: r.fulfilled_at.is_some(),
            document: r.document_id,
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct RequestForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    due_on: String,
}

async fn create_request(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let input = guichet_core::requests::RequestInput {
        title: form.title,
        kind: form.kind,
        description: form.description,
        due_on: form.due_on,
    };
    match state
        .portal
        .create_request(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/staff/projects/{id}?done=requested")).into_response(),
        Err(e) => fail(ctx, e),
    }
}

/// A journal entry as shown.
pub struct EntryRow {
    pub when: String,
    pub who: String,
    pub ip: String,
    pub action_key: String,
    pub detail: String,
}

pub fn entry_rows(ctx: &PageCtx, list: &[guichet_domain::JournalEntry]) -> Vec<EntryRow> {
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

/// The project's journal as CSV (staff), for their records or a dispute.
async fn journal_csv(State(state): State<AppState>, s: Signed, Path(id): Path<String>) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    match state
        .portal
        .project_journal(&s.user, id, None, 10_000)
        .await
    {
        Ok(list) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record([
                "seq",
                "at_utc",
                "actor",
                "ip",
                "action",
                "object_kind",
                "object_id",
                "detail",
                "hash",
            ]);
            for e in &list {
                let at = jiff::Timestamp::from_millisecond(e.at.0)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                let _ = w.write_record([
                    e.seq.to_string(),
                    at,
                    e.actor_label.clone(),
                    e.ip.clone(),
                    e.action.clone(),
                    e.object_kind.clone(),
                    e.object_id.to_string(),
                    e.detail.clone(),
                    e.hash.clone(),
                ]);
            }
            let body = w.into_inner().unwrap_or_default();
            (
                [
                    (
                        axum::http::header::CONTENT_TYPE,
                        "text/csv; charset=utf-8".to_string(),
                    ),
                    (
                        axum::http::header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"journal-{id}.csv\""),
                    ),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

async fn edit_project(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageCustomers) {
        return fail(ctx, CoreError::Forbidden);
    }
    let all_docs = match state
        .portal
        .project_documents(guichet_core::documents::Actor::Staff(&s.user), id)
        .await
    {
        Ok(d) => d,
        Err(e) => return fail(ctx, e),
    };
    let docs = crate::html::documents::document_rows(&ctx, &all_docs);
    let titles: Vec<(guichet_domain::DocumentId, String)> = all_docs
        .iter()
        .map(|l| (l.doc.id, l.doc.title.clone()))
        .collect();
    let requests = match state
        .portal
        .project_requests(guichet_core::documents::Actor::Staff(&s.user), id)
        .await
    {
        Ok(r) => request_rows(&r),
        Err(e) => return fail(ctx, e),
    };
    let links = match state.portal.project_links_by(&s.user, id).await {
        Ok(l) => crate::html::links::link_rows(&ctx, &l, &titles),
        Err(e) => return fail(ctx, e),
    };
    let prefix = journal_prefix(&n.journal);
    let journal = match state.portal.project_journal(&s.user, id, prefix, 200).await {
        Ok(list) => entry_rows(&ctx, &list),
        Err(e) => return fail(ctx, e),
    };
    let comments = crate::html::documents::comments_for(&state, &s, &ctx, id, None).await;
    let access = match state.portal.project_access(&s.user, id, None).await {
        Ok(list) => crate::html::documents::access_rows(&list),
        Err(e) => return fail(ctx, e),
    };
    let team = match state.portal.project_team_choices(&s.user, id).await {
        Ok((team, all)) => all
            .into_iter()
            .map(|u| {
                let on = team.iter().any(|t| t.id == u.id);
                (u.id, u.name, on)
            })
            .collect(),
        Err(e) => return fail(ctx, e),
    };
    let flow = match crate::html::flow_staff::staff_panel(&state, &ctx, &s.user, id).await {
        Ok(f) => Some(f),
        Err(e) => return fail(ctx, e),
    };
    match state.portal.staff_project(&s.user, id).await {
        Ok((p, c)) => FormPage {
            kinds: crate::html::documents::kinds(&ctx),
            access,
            team,
            flow,
            ctx,
            title_key: "project-edit",
            action: format!("/staff/projects/{id}"),
            customer_id: c.id,
            customer_name: c.name,
            form: ProjectForm::of(&p),
            statuses: statuses(),
            errors: FieldErrors::default(),
            conflict: false,
            notice: matches!(
                n.done.as_str(),
                "saved" | "uploaded" | "revoked" | "requested" | "shared"
            ),
            project_id: Some(p.id),
            docs,
            journal,
            journal_filter: n.journal.clone(),
            links,
            requests,
            comments,
            doc_options: titles
                .iter()
                .map(|(id, t)| (id.to_string(), t.clone()))
                .collect(),
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn update_project(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(mut form): CsrfForm<ProjectForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let version = form.version.parse::<i64>().unwrap_or(-1);
    let result = state
        .portal
        .update_project(&s.user, &s.v.client, id, version, &form.input())
        .await;
    let (status, errors, conflict) = match result {
        Ok(p) => {
            return Redirect::to(&format!("/staff/projects/{}?done=saved", p.id)).into_response();
        }
        Err(CoreError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false),
        Err(CoreError::Conflict) => (StatusCode::CONFLICT, FieldErrors::default(), true),
        Err(e) => return fail(ctx, e),
    };
    match state.portal.staff_project(&s.user, id).await {
        Ok((p, c)) => {
            if conflict {
                form.version = p.updated_at.0.to_string();
            }
            (
                status,
                FormPage {
                    flow: None,
                    ctx,
                    title_key: "project-edit",
                    action: format!("/staff/projects/{id}"),
                    customer_id: c.id,
                    customer_name: c.name,
                    form,
                    statuses: statuses(),
                    errors,
                    conflict,
                    notice: false,
                    project_id: None,
                    docs: Vec::new(),
                    kinds: Vec::new(),
                    journal: Vec::new(),
                    journal_filter: String::new(),
                    links: Vec::new(),
                    doc_options: Vec::new(),
                    requests: Vec::new(),
                    comments: Default::default(),
                    access: Vec::new(),
                    team: Vec::new(),
                },
            )
                .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
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

async fn portal_list(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<ListQuery>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let account = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
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
    match state
        .portal
        .portal_projects(&s.actor, account, &query)
        .await
    {
        Ok(list) => {
            let ids: Vec<ProjectId> = list.iter().map(|p| p.id).collect();
            let unread = state
                .portal
                .unread_counts(&s.user, &ids)
                .await
                .unwrap_or_default();
            let steps = match state
                .portal
                .current_steps(s.user.tenant_id, &ids, ctx.locale)
                .await
            {
                Ok(x) => x,
                Err(e) => return fail(ctx, e),
            };
            let mut projects = rows(&list);
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
            ListPage {
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
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_project.html")]
struct ProjectPage {
    ctx: PageCtx,
    project: Project,
    row: ProjectRow,
    docs: Vec<crate::html::documents::DocumentRow>,
    can_upload: bool,
    kinds: Vec<(&'static str, String)>,
    uploaded: bool,
    requests: Vec<RequestRow>,
    comments: crate::html::documents::Conversation,
    /// Link to the next documents ("" when these are the last).
    more: String,
    /// The provider's people on the project.
    team: Vec<guichet_domain::User>,
    flow: Option<crate::html::flow_portal::FlowPanel>,
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
async fn portal_history(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let account = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    match state.portal.project_timeline(&s.actor, account, id).await {
        Ok((project, list)) => HistoryPage {
            timeline: entry_rows(&ctx, &list),
            ctx,
            project,
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    done: String,
    /// `<millis>_<document id>`: the documents after this one.
    #[serde(default)]
    before: String,
}

async fn portal_project(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<PageQuery>,
) -> Response {
    let Ok(id) = id.parse::<ProjectId>() else {
        return not_found(s.v.ctx(&state));
    };
    let Ok(before) = crate::html::documents::parse_cursor(&n.before) else {
        return not_found(s.v.ctx(&state));
    };
    render_portal_project(&state, &s, id, before, &n.done, None, StatusCode::OK).await
}

/// A contact's project page; `flow_form`: what they just sent from the flow step page and why
/// it was refused (shown again, with `status`).
pub(crate) async fn render_portal_project(
    state: &AppState,
    s: &Signed,
    id: ProjectId,
    before: Option<(guichet_domain::Millis, guichet_domain::DocumentId)>,
    done: &str,
    flow_form: Option<(std::collections::BTreeMap<String, String>, FieldErrors)>,
    status: StatusCode,
) -> Response {
    let ctx = s.v.ctx(state).with_nav("projects");
    let account = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let view = match state
        .portal
        .portal_project_view(&s.actor, account, id, before)
        .await
    {
        Ok(v) => v,
        Err(e) => return fail(ctx, e),
    };
    let flow = match state
        .portal
        .portal_flow(
            &s.actor,
            account,
            &view.project,
            &view.rights,
            view.flow.clone(),
        )
        .await
    {
        Ok(f) => f.map(|f| {
            crate::html::flow_portal::panel(&ctx, &f, flow_form.as_ref().map(|(v, e)| (v, e)))
        }),
        Err(e) => return fail(ctx, e),
    };
    let p = view.project;
    let row = rows(std::slice::from_ref(&p)).remove(0);
    let docs = crate::html::documents::document_rows(&ctx, &view.documents);
    let requests = request_rows(&view.requests);
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
    (
        status,
        ProjectPage {
            kinds: crate::html::documents::kinds(&ctx),
            ctx,
            project: p,
            row,
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
        .into_response()
}
