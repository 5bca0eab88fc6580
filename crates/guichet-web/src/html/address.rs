//! Confirming a new address from the link sent to it (the change staff asked for).
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

use super::auth::LinkToken;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, Visitor};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new().route("/auth/email/{token}", get(confirm_page).post(confirm))
}

#[derive(Template, WebTemplate)]
#[template(path = "address_confirm.html")]
struct ConfirmPage {
    ctx: PageCtx,
    name: String,
    new_email: String,
    action: String,
    /// After confirming: the address is now the person's.
    done: bool,
}

async fn confirm_page(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
) -> PageResult {
    let ctx = v.ctx(&state);
    let pending = state
        .portal
        .pending_address(&v.tenant, &token)
        .await
        .in_page(&ctx)?;
    Ok(ConfirmPage {
        ctx,
        name: pending.user.name,
        new_email: pending.new_email.to_string(),
        action: format!("/auth/email/{token}"),
        done: false,
    }
    .into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn confirm(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let ctx = v.ctx(&state);
    let user = state
        .portal
        .confirm_address(&v.tenant, &token, &v.client)
        .await
        .in_page(&ctx)?;
    Ok(ConfirmPage {
        ctx,
        name: user.name,
        new_email: user.email.to_string(),
        action: String::new(),
        done: true,
    }
    .into_response())
}
