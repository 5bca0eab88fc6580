//! Notifications in the portal: the bell's page (newest first, unread marked), opening one
//! (marked read, then its page), marking all read.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_domain::PortalNotice;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}", get(open))
}

#[derive(Template, WebTemplate)]
#[template(path = "notices.html")]
struct NoticesPage {
    ctx: PageCtx,
    notices: Vec<PortalNotice>,
}

async fn list(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("notices");
    let notices = state.portal.notices(&s.user).await.in_page(&ctx)?;
    Ok(NoticesPage { notices, ctx }.into_response())
}

/// Marks it read and goes to its page (or back to the list when it has none).
async fn open(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<uuid::Uuid>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("notices");
    let notice = state.portal.open_notice(&s.user, id).await.in_page(&ctx)?;
    let to = if notice.link.is_empty() {
        "/notifications".to_string()
    } else {
        notice.link
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(serde::Deserialize, Default)]
struct Empty {}

async fn read_all(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("notices");
    state.portal.read_all_notices(&s.user).await.in_page(&ctx)?;
    Ok(Redirect::to("/notifications").into_response())
}
