//! The back-office: the desk, customer accounts, their contacts, the local outbox.
mod contacts;
mod customer_form;
mod customers;
mod desk;
mod outbox;

use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(desk::show))
        .route(
            "/staff/customers",
            get(customers::list).post(customer_form::create),
        )
        .route("/staff/customers/new", get(customer_form::new))
        .route(
            "/staff/customers/{id}",
            get(customers::show).post(customer_form::update),
        )
        .route("/staff/customers/{id}/edit", get(customer_form::edit))
        .route("/staff/customers/{id}/contacts", post(contacts::create))
        .route("/staff/customers/{id}/contacts/new", get(contacts::new))
        .route(
            "/staff/customers/{id}/roles",
            post(customers::move_contacts),
        )
        .route("/staff/contacts/{id}", post(contacts::update))
        .route("/staff/contacts/{id}/edit", get(contacts::edit))
        .route("/staff/contacts/{id}/invite", post(contacts::invite))
        .route(
            "/staff/contacts/{id}/sign-in-link",
            post(contacts::send_sign_in_link),
        )
        .route(
            "/staff/contacts/{id}/deactivate",
            post(contacts::deactivate),
        )
        .route("/staff/contacts/{id}/activate", post(contacts::activate))
        .route("/staff/outbox", get(outbox::list))
        .route("/staff/outbox/{id}", get(outbox::email))
}

/// A form with no field but its CSRF token.
#[derive(Deserialize)]
struct Empty {}
