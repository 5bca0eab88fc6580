//! Projects: staff open and edit them (with their documents, requests, links, access, team,
//! flow and journal); contacts list the ones their role reaches and open them.
mod journal;
mod portal;
mod requests;
mod staff;
mod staff_list;
mod team;

use axum::Router;
use axum::routing::{get, post};
use guichet_domain::{Project, ProjectId, ProjectStatus};

pub use journal::{EntryRow, entry_rows};
pub(crate) use portal::render_portal_project;
pub use requests::{RequestRow, request_rows};

use crate::AppState;
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/customers/{id}/projects",
            get(staff::new).post(staff::create),
        )
        .route("/staff/projects", get(staff_list::list))
        .route("/staff/projects/{id}", get(staff::edit).post(staff::update))
        .route("/staff/projects/{id}/journal.csv", get(journal::csv))
        .route("/staff/projects/{id}/requests", post(requests::create))
        .route("/portal/projects", get(portal::list))
        .route("/portal/projects/{id}", get(portal::project))
        .route("/portal/projects/{id}/history", get(portal::history))
        .route("/staff/projects/{id}/team", post(team::set))
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

/// The statuses a project may have: (code, label key).
fn statuses() -> Vec<(&'static str, &'static str)> {
    ProjectStatus::ALL
        .iter()
        .map(|s| (s.code(), status_key(*s)))
        .collect()
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

pub fn rows(ctx: &PageCtx, list: &[Project]) -> Vec<ProjectRow> {
    list.iter().map(|p| row(ctx, p)).collect()
}

/// A project's planned dates for people: "Du 5 décembre 2026 au 20 décembre 2026".
fn dates(ctx: &PageCtx, starts_on: Option<&str>, ends_on: Option<&str>) -> String {
    let starts_on = starts_on.map(|d| ctx.day(d));
    let ends_on = ends_on.map(|d| ctx.day(d));
    match (starts_on.as_deref(), ends_on.as_deref()) {
        (Some(s), Some(e)) => ctx.t2("format-dates-from-to", ("start", s), ("end", e)),
        (Some(s), None) => ctx.t1("format-dates-from", "start", s),
        (None, Some(e)) => ctx.t1("format-dates-until", "end", e),
        (None, None) => String::new(),
    }
}

pub fn row(ctx: &PageCtx, p: &Project) -> ProjectRow {
    ProjectRow {
        id: p.id,
        title: p.title.clone(),
        reference: p.reference.clone(),
        site: p.site.clone(),
        dates: dates(ctx, p.starts_on.as_deref(), p.ends_on.as_deref()),
        status_key: status_key(p.status),
        unread: 0,
        step: String::new(),
        status_class: status_class(p.status),
    }
}
