//! `/staff`: staff's desk — what waits on the provider across its customers, each line one
//! click from where it is done.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::IntoResponse;
use guichet_core::access::{Action, may};
use guichet_core::desk::Desk;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Signed;
use crate::page::PageCtx;

#[derive(Template, WebTemplate)]
#[template(path = "staff_desk.html")]
struct DeskPage {
    ctx: PageCtx,
    name: String,
    desk: Desk,
    /// Whether the reader may open a project's page (staff who manage customers).
    can_open: bool,
}

impl DeskPage {
    /// "3", or "100+" when the list page shows only the most recent ones.
    fn count(&self, n: &usize, more: &bool) -> String {
        if *more {
            format!("{n}+")
        } else {
            n.to_string()
        }
    }
}

pub(super) async fn show(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("desk");
    let desk = state.portal.staff_desk(&s.user).await.in_page(&ctx)?;
    Ok(DeskPage {
        can_open: may(&s.user, Action::ManageCustomers),
        ctx,
        name: s.user.name.clone(),
        desk,
    }
    .into_response())
}
