//! The contact's portal home, and the switch between customer accounts.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::role_may;
use guichet_core::waiting::{Awaited, Waiting};
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
    /// What the preview's banner says (whose eyes, which account).
    pub preview_banner: Option<String>,
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
        preview_banner: None,
        role_id: account.role.id.to_string(),
    }
}

/// One line of the action centre, in the reader's words.
pub struct WaitingLine {
    pub href: String,
    pub text: String,
    pub detail: String,
    pub overdue: bool,
    /// `invoice`, `quote`, `order`, `request`, `step` (for tests and styles).
    pub kind: &'static str,
}

/// Lines shown on the home; the rest are in each area (whose card counts them).
const WAITING_SHOWN: usize = 8;

/// The action centre's lines, most urgent first, with how many more there are.
fn waiting_lines(ctx: &PageCtx, w: &Waiting) -> (Vec<WaitingLine>, usize) {
    let lines = w
        .items
        .iter()
        .take(WAITING_SHOWN)
        .map(|i| {
            let day = i.by.as_deref().map(|d| ctx.day(d)).unwrap_or_default();
            let n = |n: i64| n.to_string();
            let (kind, href, text, detail) = match &i.what {
                Awaited::Invoice {
                    id,
                    number,
                    due_minor,
                    currency,
                } => {
                    let amount = ctx.money(due_minor, currency);
                    let key = if i.overdue {
                        "waiting-invoice-overdue"
                    } else {
                        "waiting-invoice-due"
                    };
                    (
                        "invoice",
                        format!("/portal/invoices/{id}"),
                        ctx.t1("waiting-invoice", "number", &n(*number)),
                        ctx.t2(key, ("amount", &amount), ("day", &day)),
                    )
                }
                Awaited::Quote {
                    id,
                    number,
                    title,
                    total_minor,
                    currency,
                } => {
                    let amount = ctx.money(total_minor, currency);
                    let detail = if day.is_empty() {
                        amount
                    } else {
                        ctx.t2("waiting-quote-valid", ("amount", &amount), ("day", &day))
                    };
                    (
                        "quote",
                        format!("/portal/quotes/{id}"),
                        ctx.t2("waiting-quote", ("number", &n(*number)), ("title", title)),
                        detail,
                    )
                }
                Awaited::Order {
                    id,
                    number,
                    total_minor,
                    currency,
                    placed_by,
                } => (
                    "order",
                    format!("/portal/orders/{id}"),
                    ctx.t1("waiting-order", "number", &n(*number)),
                    ctx.t2(
                        "waiting-order-detail",
                        ("amount", &ctx.money(total_minor, currency)),
                        ("name", placed_by),
                    ),
                ),
                Awaited::Request {
                    project,
                    project_title,
                    title,
                } => (
                    "request",
                    format!("/portal/projects/{project}#requests"),
                    ctx.t2(
                        "waiting-request",
                        ("title", title),
                        ("project", project_title),
                    ),
                    if day.is_empty() {
                        String::new()
                    } else {
                        ctx.t1("waiting-request-by", "day", &day)
                    },
                ),
                Awaited::Step {
                    project,
                    project_title,
                    step,
                } => (
                    "step",
                    format!("/portal/projects/{project}"),
                    ctx.t1("waiting-step", "project", project_title),
                    ctx.t1("waiting-step-detail", "step", step),
                ),
            };
            WaitingLine {
                href,
                text,
                detail,
                overdue: i.overdue,
                kind,
            }
        })
        .collect();
    (lines, w.items.len().saturating_sub(WAITING_SHOWN))
}

/// What an area's card says: how many things wait in it, else what it holds.
fn area_note(ctx: &PageCtx, area: &Area, w: Option<&Waiting>) -> String {
    let count = w.map(|w| match area.module {
        Module::Invoices => (w.invoices, "area-invoices-waiting"),
        Module::Quotes => (w.quotes, "area-quotes-waiting"),
        Module::Orders => (w.orders, "area-orders-waiting"),
        Module::Projects => (w.projects, "area-projects-waiting"),
        _ => (0, ""),
    });
    match count {
        Some((n, key)) if n > 0 => ctx.t1(key, "count", &n.to_string()),
        _ => ctx.t(area.empty_key),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_home.html")]
struct HomePage {
    ctx: PageCtx,
    home: HomeView,
    /// The action centre (none for staff previewing a role, or without an account).
    waiting: Option<(Vec<WaitingLine>, usize)>,
    /// Each area's card text, in `home.areas`' order.
    notes: Vec<String>,
    /// What happened since the contact last looked: their newest unread notifications.
    news: Vec<guichet_domain::PortalNotice>,
    /// More unread notifications than `news` shows.
    more_news: bool,
}

/// Unread notifications shown on the home (the rest are in the notification list).
const NEWS_SHOWN: usize = 5;

async fn home(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("home");
    let all = state.portal.portal_accounts(&s.actor).in_page(&ctx)?;
    let mut waiting = None;
    let home = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(account) => {
            waiting = Some(
                state
                    .portal
                    .waiting_on(&s.actor, account, ctx.locale)
                    .await
                    .in_page(&ctx)?,
            );
            home_view(&ctx, &s.user, account, all, None)
        }
        // A contact without any account yet: a welcome, and nothing to show.
        Err(CoreError::Forbidden) if all.is_empty() => HomeView {
            user_name: s.user.name.clone(),
            company: None,
            accounts: Vec::new(),
            areas: Vec::new(),
            preview_role: None,
            preview_banner: None,
            role_id: String::new(),
        },
        Err(e) => return Err(ctx.refuse(e)),
    };
    let mut news: Vec<_> = if waiting.is_some() {
        state
            .portal
            .notices(&s.user)
            .await
            .in_page(&ctx)?
            .into_iter()
            .filter(|n| n.read_at.is_none())
            .collect()
    } else {
        Vec::new()
    };
    let more_news = news.len() > NEWS_SHOWN;
    news.truncate(NEWS_SHOWN);
    let mut page = home_page(ctx, home, waiting.as_ref());
    page.news = news;
    page.more_news = more_news;
    Ok(page.into_response())
}

/// The home as staff preview a role: the areas, no action centre and no news.
pub(crate) fn preview_page(ctx: PageCtx, home: HomeView) -> axum::response::Response {
    home_page(ctx, home, None).into_response()
}

/// The home page: the action centre when there is one (not for staff previewing a role),
/// then the areas; news are set by the caller.
fn home_page(ctx: PageCtx, home: HomeView, waiting: Option<&Waiting>) -> HomePage {
    let notes = home
        .areas
        .iter()
        .map(|a| area_note(&ctx, a, waiting))
        .collect();
    HomePage {
        waiting: waiting.map(|w| waiting_lines(&ctx, w)),
        notes,
        news: Vec::new(),
        more_news: false,
        ctx,
        home,
    }
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
