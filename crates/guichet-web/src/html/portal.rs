//! The contact's portal home.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use guichet_domain::Customer;

use crate::AppState;
use crate::error::fail;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new().route("/portal", get(home))
}

pub struct Area {
    pub title_key: &'static str,
    pub empty_key: &'static str,
}

/// The areas to come, shown as honest empty states.
const AREAS: [Area; 5] = [
    Area {
        title_key: "area-projects",
        empty_key: "area-projects-empty",
    },
    Area {
        title_key: "area-documents",
        empty_key: "area-documents-empty",
    },
    Area {
        title_key: "area-orders",
        empty_key: "area-orders-empty",
    },
    Area {
        title_key: "area-invoices",
        empty_key: "area-invoices-empty",
    },
    Area {
        title_key: "area-support",
        empty_key: "area-support-empty",
    },
];

#[derive(Template, WebTemplate)]
#[template(path = "portal_home.html")]
struct HomePage {
    ctx: PageCtx,
    user_name: String,
    customers: Vec<Customer>,
    areas: &'static [Area],
}

async fn home(State(state): State<AppState>, s: Signed) -> Response {
    let ctx = s.v.ctx(&state).with_nav("home");
    match state.portal.portal_customers(&s.actor) {
        Ok(customers) => HomePage {
            ctx,
            user_name: s.user.name.clone(),
            customers: customers.to_vec(),
            areas: &AREAS,
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}
