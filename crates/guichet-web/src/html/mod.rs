//! HTML pages, grouped by area.
pub mod account;
pub mod address;
pub mod addresses;
pub mod auth;
pub mod billing;
pub mod colleagues;
pub mod company;
pub mod documents;
pub mod flows;
pub mod invitations;
pub mod invoice_form;
pub mod links;
pub mod notices;
pub mod payments;
pub mod portal;
pub mod projects;
pub mod reminders;
pub mod roles;
pub mod sales;
pub mod shares;
pub mod staff;
pub mod transfers;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::extract::Visitor;

/// How a contact's access is shown: (message key, badge class).
pub fn contact_status(active: bool, has_password: bool) -> (&'static str, &'static str) {
    match (active, has_password) {
        (false, _) => ("contact-status-deactivated", "off"),
        (true, true) => ("contact-status-active", "ok"),
        (true, false) => ("contact-status-pending", "warn"),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .merge(auth::routes())
        .merge(address::routes())
        .merge(account::routes())
        .merge(portal::routes())
        .merge(billing::routes())
        .merge(invoice_form::routes())
        .merge(payments::routes())
        .merge(transfers::routes())
        .merge(reminders::routes())
        .merge(notices::routes())
        .merge(projects::routes())
        .merge(flows::routes())
        .merge(documents::routes())
        .merge(company::routes())
        .merge(addresses::routes())
        .merge(colleagues::routes())
        .merge(invitations::routes())
        .merge(links::routes())
        .merge(shares::routes())
        .merge(roles::routes())
        .merge(staff::routes())
        .merge(sales::routes())
        .route("/locale", post(auth::switch_locale))
        .fallback(not_found)
}

/// Where a person lands: their portal home, the back-office, or the sign-in page.
async fn root(v: Visitor) -> Response {
    Redirect::to(home_of(v.user())).into_response()
}

pub fn home_of(user: Option<&guichet_domain::User>) -> &'static str {
    match user.map(|u| u.kind) {
        Some(guichet_domain::UserKind::Staff) => "/staff",
        Some(guichet_domain::UserKind::Contact) => "/portal",
        None => "/sign-in",
    }
}

async fn not_found(State(state): State<AppState>, v: Visitor) -> Response {
    crate::error::not_found(v.ctx(&state))
}
