//! `/staff/projects`: the provider's projects across its customers, filtered by words, status,
//! team and whom their flow waits on.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use guichet_core::access::{Action, may};
use guichet_core::flows::queues::{LISTED, ListedProject, ProjectFilter, WaitingOn};
use guichet_domain::ProjectStatus;
use serde::Deserialize;

use super::{status_class, status_key, statuses};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Signed;
use crate::page::PageCtx;

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    waiting: String,
    #[serde(default)]
    mine: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_projects.html")]
struct ListPage {
    ctx: PageCtx,
    projects: Vec<ListedProject>,
    more: bool,
    listed: usize,
    q: String,
    status: String,
    waiting: String,
    mine: bool,
    statuses: Vec<(&'static str, &'static str)>,
    /// Whether any filter is chosen (the empty list then says so).
    filtered: bool,
    /// Whether the reader may open a project's page (staff who manage customers).
    can_open: bool,
}

impl ListPage {
    fn status_key(&self, s: &ProjectStatus) -> &'static str {
        status_key(*s)
    }
    fn status_class(&self, s: &ProjectStatus) -> &'static str {
        status_class(*s)
    }
    /// The badge saying whom a project waits on: (tone, label key).
    fn waiting_badge(&self, w: &WaitingOn) -> Option<(&'static str, &'static str)> {
        match w {
            WaitingOn::Customer => Some(("off", "projects-waiting-customer")),
            WaitingOn::Staff => Some(("warn", "projects-waiting-staff")),
            WaitingOn::Nobody => None,
        }
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let filter = ProjectFilter {
        search: lq.q.trim().chars().take(100).collect(),
        status: ProjectStatus::parse(&lq.status),
        mine: lq.mine == "1",
        waiting_on: WaitingOn::parse(&lq.waiting),
    };
    let list = state
        .portal
        .staff_projects(&s.user, &filter)
        .await
        .in_page(&ctx)?;
    Ok(ListPage {
        can_open: may(&s.user, Action::ManageCustomers),
        ctx,
        projects: list.projects,
        more: list.more,
        listed: LISTED,
        filtered: !filter.search.is_empty()
            || filter.status.is_some()
            || filter.mine
            || filter.waiting_on.is_some(),
        q: filter.search,
        status: filter
            .status
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
        waiting: filter
            .waiting_on
            .map(|w| w.code().to_string())
            .unwrap_or_default(),
        mine: filter.mine,
        statuses: statuses(),
    }
    .into_response())
}
