//! A project as staff see it: the form (new, edit, saved with a revision check) and, for an
//! existing project, everything around it — documents, requests, links, access, team, flow,
//! conversation and journal.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::access::{Action, require};
use guichet_core::documents::Actor;
use guichet_core::projects::ProjectInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Customer, CustomerId, DocumentId, Project, ProjectId, UserId};
use serde::Deserialize;

use super::{EntryRow, RequestRow, entry_rows, request_rows, statuses};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::documents::{AccessRow, Conversation, DocumentRow};
use crate::page::PageCtx;

#[derive(Deserialize, Default, Clone)]
pub(super) struct ProjectForm {
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
    docs: Vec<DocumentRow>,
    kinds: Vec<(&'static str, &'static str)>,
    journal: Vec<EntryRow>,
    journal_filter: String,
    links: Vec<crate::html::links::LinkRow>,
    /// Documents a link may be limited to: (id, title).
    doc_options: Vec<(String, String)>,
    requests: Vec<RequestRow>,
    comments: Conversation,
    access: Vec<AccessRow>,
    /// Staff who could be on the project's team: (id, name, on it).
    team: Vec<(UserId, String, bool)>,
    flow: Option<crate::html::flows::StaffFlowPanel>,
}

impl FormPage {
    /// The form alone (a new project, or one shown again after a refused save).
    fn form_only(
        ctx: PageCtx,
        title_key: &'static str,
        action: String,
        customer: Customer,
        form: ProjectForm,
    ) -> Self {
        FormPage {
            ctx,
            title_key,
            action,
            customer_id: customer.id,
            customer_name: customer.name,
            form,
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
            comments: Conversation::default(),
            access: Vec::new(),
            team: Vec::new(),
            flow: None,
        }
    }
}

pub(super) async fn new(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    require(&s.user, Action::ManageCustomers).in_page(&ctx)?;
    let (c, _) = state.portal.customer(&s.user, id).await.in_page(&ctx)?;
    let form = ProjectForm {
        status: "open".into(),
        ..Default::default()
    };
    let action = format!("/staff/customers/{id}/projects");
    Ok(FormPage::form_only(ctx, "project-new", action, c, form).into_response())
}

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let created = state
        .portal
        .create_project(&s.user, &s.v.client, id, &form.input())
        .await
        .or_form(&ctx)?;
    let errors = match created {
        Ok(p) => {
            return Ok(
                Redirect::to(&format!("/staff/projects/{}?done=saved", p.id)).into_response(),
            );
        }
        Err(errors) => errors,
    };
    let (c, _) = state.portal.customer(&s.user, id).await.in_page(&ctx)?;
    let action = format!("/staff/customers/{id}/projects");
    let page = FormPage {
        errors,
        ..FormPage::form_only(ctx, "project-new", action, c, form)
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct Notice {
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

pub(super) async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
    Query(n): Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    require(&s.user, Action::ManageCustomers).in_page(&ctx)?;
    let portal = &state.portal;
    let all_docs = portal
        .project_documents(Actor::Staff(&s.user), id)
        .await
        .in_page(&ctx)?;
    let docs = crate::html::documents::document_rows(&ctx, &all_docs);
    let titles: Vec<(DocumentId, String)> = all_docs
        .iter()
        .map(|l| (l.doc.id, l.doc.title.clone()))
        .collect();
    let requests = portal
        .project_requests(Actor::Staff(&s.user), id)
        .await
        .in_page(&ctx)?;
    let links = portal.project_links_by(&s.user, id).await.in_page(&ctx)?;
    let links = crate::html::links::link_rows(&ctx, &links, &titles);
    let prefix = journal_prefix(&n.journal);
    let journal = portal
        .project_journal(&s.user, id, prefix, 200)
        .await
        .in_page(&ctx)?;
    let comments = crate::html::documents::comments_for(&state, &s, &ctx, id, None).await;
    let access = portal
        .project_access(&s.user, id, None)
        .await
        .in_page(&ctx)?;
    let (team, all) = portal
        .project_team_choices(&s.user, id)
        .await
        .in_page(&ctx)?;
    let team = all
        .into_iter()
        .map(|u| {
            let on = team.iter().any(|t| t.id == u.id);
            (u.id, u.name, on)
        })
        .collect();
    let flow = crate::html::flows::staff_panel(&state, &ctx, &s.user, id)
        .await
        .in_page(&ctx)?;
    let (p, c) = portal.staff_project(&s.user, id).await.in_page(&ctx)?;
    Ok(FormPage {
        kinds: crate::html::documents::kinds(&ctx),
        access: crate::html::documents::access_rows(&access),
        team,
        flow: Some(flow),
        notice: matches!(
            n.done.as_str(),
            "saved" | "uploaded" | "revoked" | "requested" | "shared"
        ),
        project_id: Some(p.id),
        docs,
        journal: entry_rows(&ctx, &journal),
        journal_filter: n.journal.clone(),
        links,
        requests: request_rows(&ctx, &requests),
        comments,
        doc_options: titles
            .iter()
            .map(|(id, t)| (id.to_string(), t.clone()))
            .collect(),
        ..FormPage::form_only(
            ctx,
            "project-edit",
            format!("/staff/projects/{id}"),
            c,
            ProjectForm::of(&p),
        )
    }
    .into_response())
}

pub(super) async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProjectId>,
    CsrfForm(mut form): CsrfForm<ProjectForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let version = form.version.parse::<i64>().unwrap_or(-1);
    let result = state
        .portal
        .update_project(&s.user, &s.v.client, id, version, &form.input())
        .await;
    let (status, errors, conflict) = match result {
        Ok(p) => {
            return Ok(
                Redirect::to(&format!("/staff/projects/{}?done=saved", p.id)).into_response(),
            );
        }
        Err(CoreError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false),
        Err(CoreError::Conflict) => (StatusCode::CONFLICT, FieldErrors::default(), true),
        Err(e) => return Err(ctx.refuse(e)),
    };
    let (p, c) = state
        .portal
        .staff_project(&s.user, id)
        .await
        .in_page(&ctx)?;
    if conflict {
        form.version = p.updated_at.0.to_string();
    }
    let action = format!("/staff/projects/{id}");
    let page = FormPage {
        errors,
        conflict,
        ..FormPage::form_only(ctx, "project-edit", action, c, form)
    };
    Ok((status, page).into_response())
}
