//! The contact's portal home, and the switch between customer accounts.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::role_may;
use guichet_domain::{CustomerId, Module, Op, User};
use guichet_store::Account;
use serde::Deserialize;

use crate::AppState;
use crate::error::fail;
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::{ACCOUNT_COOKIE, Signed};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal", get(home))
        .route("/portal/account", post(switch_account))
}

pub struct Area {
    pub module: Module,
    pub title_key: &'static str,
    pub empty_key: &'static str,
    /// The area's page, once it has one.
    pub href: Option<&'static str>,
}

/// The areas to come, shown as honest empty states to roles that may see them.
const AREAS: [Area; 6] = [
    Area {
        module: Module::Projects,
        title_key: "area-projects",
        empty_key: "area-projects-lead",
        href: Some("/portal/projects"),
    },
    Area {
        module: Module::Documents,
        title_key: "area-documents",
        empty_key: "area-documents-empty",
        href: None,
    },
    Area {
        module: Module::Quotes,
        title_key: "area-quotes",
        empty_key: "area-quotes-empty",
        href: None,
    },
    Area {
        module: Module::Orders,
        title_key: "area-orders",
        empty_key: "area-orders-empty",
        href: None,
    },
    Area {
        module: Module::Invoices,
        title_key: "area-invoices",
        empty_key: "area-invoices-empty",
        href: None,
    },
    Area {
        module: Module::Support,
        title_key: "area-support",
        empty_key: "area-support-empty",
        href: None,
    },
];

pub struct AccountChoice {
    pub id: CustomerId,
    pub name: String,
    pub current: bool,
}

/// What the home shows, for a contact or for staff previewing a role.
pub struct HomeView {
    pub user_name: String,
    pub company: Option<(String, String)>,
    pub accounts: Vec<AccountChoice>,
    pub areas: Vec<&'static Area>,
    /// Set when staff preview the portal as this role (read-only).
    pub preview_role: Option<String>,
    pub role_id: String,
}

pub fn home_view(
    _ctx: &PageCtx,
    user: &User,
    account: &Account,
    all: &[Account],
    preview_role: Option<String>,
) -> HomeView {
    HomeView {
        user_name: user.name.clone(),
        company: Some((
            account.customer.name.clone(),
            account.customer.number.clone(),
        )),
        accounts: all
            .iter()
            .map(|a| AccountChoice {
                id: a.customer.id,
                name: a.customer.name.clone(),
                current: a.customer.id == account.customer.id,
            })
            .collect(),
        areas: AREAS
            .iter()
            .filter(|a| role_may(&account.role, a.module, Op::View))
            .collect(),
        preview_role,
        role_id: account.role.id.to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_home.html")]
struct HomePage {
    ctx: PageCtx,
    home: HomeView,
}

async fn home(State(state): State<AppState>, s: Signed) -> Response {
    let ctx = s.v.ctx(&state).with_nav("home");
    let all = match state.portal.portal_accounts(&s.actor) {
        Ok(all) => all,
        Err(e) => return fail(ctx, e),
    };
    let home = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(account) => home_view(&ctx, &s.user, account, all, None),
        // A contact without any account yet: a welcome, and nothing to show.
        Err(CoreError::Forbidden) if all.is_empty() => HomeView {
            user_name: s.user.name.clone(),
            company: None,
            accounts: Vec::new(),
            areas: Vec::new(),
            preview_role: None,
            role_id: String::new(),
        },
        Err(e) => return fail(ctx, e),
    };
    HomePage { ctx, home }.into_response()
}

#[derive(Deserialize)]
struct SwitchForm {
    #[serde(default)]
    customer: String,
}

/// Remembers which account the contact works in (only one of theirs: else 403).
async fn switch_account(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("home");
    let Ok(wanted) = form.customer.parse::<CustomerId>() else {
        return fail(ctx, CoreError::Forbidden);
    };
    match state.portal.portal_account(&s.actor, Some(wanted)) {
        Ok(a) if a.customer.id == wanted => {
            let cookie = cookie::Cookie::build((ACCOUNT_COOKIE, wanted.to_string()))
                .path("/")
                .http_only(true)
                .secure(s.v.is_secure())
                .same_site(cookie::SameSite::Lax)
                .build()
                .to_string();
            let mut res = Redirect::to("/portal").into_response();
            if let Ok(v) = cookie.parse() {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Ok(_) => {
            tracing::warn!(user = %s.user.id, customer = %wanted, "account switch refused: not a member");
            fail(ctx, CoreError::Forbidden)
        }
        Err(e) => fail(ctx, e),
    }
}
