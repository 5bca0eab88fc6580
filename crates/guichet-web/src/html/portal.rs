//! The contact's portal home, and the switch between customer accounts.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::role_may;
use guichet_domain::Account;
use guichet_domain::{CustomerId, Module, Op, User};
use serde::Deserialize;

use crate::AppState;
use crate::cookies;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, Signed};
use crate::page::PageCtx;

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

/// The areas the portal has, each a link, shown to roles that may see them. Modules still to
/// come (support) get no card until they exist.
const AREAS: [Area; 5] = [
    Area {
        module: Module::Projects,
        title_key: "area-projects",
        empty_key: "area-projects-lead",
        href: Some("/portal/projects"),
    },
    Area {
        module: Module::Documents,
        title_key: "area-documents",
        empty_key: "area-documents-lead",
        href: Some("/portal/documents"),
    },
    Area {
        module: Module::Quotes,
        title_key: "area-quotes",
        empty_key: "area-quotes-lead",
        href: Some("/portal/quotes"),
    },
    Area {
        module: Module::Orders,
        title_key: "area-orders",
        empty_key: "area-orders-lead",
        href: Some("/portal/orders"),
    },
    Area {
        module: Module::Invoices,
        title_key: "area-invoices",
        empty_key: "area-invoices-lead",
        href: Some("/portal/invoices"),
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

async fn home(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("home");
    let all = state.portal.portal_accounts(&s.actor).in_page(&ctx)?;
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
        Err(e) => return Err(ctx.refuse(e)),
    };
    Ok(HomePage { ctx, home }.into_response())
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
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("home");
    let Ok(wanted) = form.customer.parse::<CustomerId>() else {
        return Err(ctx.refuse(CoreError::Forbidden));
    };
    let account = state
        .portal
        .portal_account(&s.actor, Some(wanted))
        .in_page(&ctx)?;
    if account.customer.id != wanted {
        tracing::warn!(user = %s.user.id, customer = %wanted, "account switch refused: not a member");
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    let mut res = Redirect::to("/portal").into_response();
    cookies::set(&mut res, cookies::account(s.v.is_secure(), wanted));
    Ok(res)
}
