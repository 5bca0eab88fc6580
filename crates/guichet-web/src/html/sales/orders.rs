//! Orders: the contact's list and each order's page (timeline, tracking, cancel, order
//! again); staff's list and the page where they move an order along.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::access::{Action, is_company_admin, may};
use guichet_core::sales::{MoveInput, OrderView, ShipInput};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Carrier, Currency, Invoice, Order, OrderId, OrderStatus, OrderSummary};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Fields;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/orders", get(list))
        .route("/portal/orders/{id}", get(show))
        .route("/portal/orders/{id}/cancel", post(cancel))
        .route("/portal/orders/{id}/reorder", post(reorder))
        .route("/portal/orders/{id}/approve", post(approve))
        .route("/portal/orders/{id}/refuse", post(refuse))
        .route("/portal/orders/approval", post(set_approval))
        .route("/portal/orders/{id}/pdf", get(pdf))
        .route("/staff/orders/{id}/pdf", get(staff_pdf))
        .route("/staff/orders", get(staff_list))
        .route("/staff/orders/{id}", get(staff_show))
        .route("/staff/orders/{id}/move", post(staff_move))
        .route("/staff/orders/{id}/ship", post(staff_ship))
}

/// An order's status, as a badge's words and tone.
pub fn status_key(s: &OrderStatus) -> String {
    format!("order-status-{}", s.code())
}

pub fn status_tone(s: &OrderStatus) -> &'static str {
    match s {
        OrderStatus::Delivered => "ok",
        OrderStatus::Cancelled => "muted",
        OrderStatus::Shipped | OrderStatus::PartiallyShipped => "info",
        _ => "",
    }
}

/// Where the order is on the way to delivery, for the progress line: (status, reached, current).
pub fn progress(o: &Order) -> Vec<(OrderStatus, bool, bool)> {
    let way = [
        OrderStatus::Received,
        OrderStatus::InPreparation,
        OrderStatus::InProduction,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ];
    let at = way.iter().position(|s| *s == o.status);
    let optional = [OrderStatus::InProduction, OrderStatus::PartiallyShipped];
    way.iter()
        .enumerate()
        .filter(|(_, s)| !optional.contains(s) || o.status == **s)
        .map(|(i, s)| (*s, at.is_some_and(|a| i <= a), at == Some(i)))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_orders.html")]
struct ListPage {
    ctx: PageCtx,
    company_name: String,
    orders: Vec<OrderSummary>,
    /// The cursor of the next (older) page, when there is one.
    older: Option<String>,
    first_page: bool,
    /// The newest orders waiting for the reader's approval (`TO_APPROVE` at most).
    to_approve: Vec<OrderSummary>,
    /// More orders wait than are listed.
    more_to_approve: bool,
    /// Above which amount orders wait for approval, in the account's currency.
    approval_above: Option<i64>,
    currency: Currency,
    can_set_approval: bool,
    approval_amount: String,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    done: String,
    /// The page after this order (`<created_at>_<id>`).
    #[serde(default)]
    before: String,
}

/// Orders on a page of the list.
const PAGE: i64 = 50;
/// Orders listed as waiting for approval above the list (the others are in it, marked).
const TO_APPROVE: i64 = 10;

async fn list_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    notice: Option<&'static str>,
    errors: FieldErrors,
    approval_amount: Option<String>,
    before: &str,
    status: StatusCode,
) -> PageResult {
    let account = s.account(&state).in_page(&ctx)?;
    // `before`: "<created_at>_<id>" of the last order of the previous page.
    let cursor = before.split_once('_').and_then(|(at, id)| {
        Some((
            guichet_domain::Millis(at.parse().ok()?),
            id.parse::<guichet_domain::OrderId>().ok()?,
        ))
    });
    let mut orders = state
        .portal
        .portal_orders(&s.actor, account, cursor, PAGE + 1)
        .await
        .in_page(&ctx)?;
    let older = if orders.len() as i64 > PAGE {
        orders.truncate(PAGE as usize);
        orders
            .last()
            .map(|o| format!("{}_{}", o.created_at.0, o.id))
    } else {
        None
    };
    let approval_above = state
        .portal
        .order_approval(&s.actor, account)
        .await
        .in_page(&ctx)?;
    let currency = Currency::parse(&account.customer.currency).unwrap_or_default();
    let mut to_approve = state
        .portal
        .orders_to_approve(&s.actor, account, TO_APPROVE + 1)
        .await
        .in_page(&ctx)?;
    let more_to_approve = to_approve.len() as i64 > TO_APPROVE;
    to_approve.truncate(TO_APPROVE as usize);
    Ok((
        status,
        ListPage {
            company_name: account.customer.name.clone(),
            orders,
            older,
            first_page: cursor.is_none(),
            to_approve,
            more_to_approve,
            approval_amount: approval_amount.unwrap_or_else(|| {
                approval_above
                    .map(|m| guichet_domain::Money::new(m, currency).plain())
                    .unwrap_or_default()
            }),
            approval_above,
            currency,
            can_set_approval: is_company_admin(&s.user, account),
            notice,
            errors,
            ctx,
        },
    )
        .into_response())
}

async fn list(State(state): State<AppState>, s: Signed, Query(q): Query<ListQuery>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let notice = match q.done.as_str() {
        "approval" => Some("notice-approval-saved"),
        _ => None,
    };
    list_page(
        &state,
        &s,
        ctx,
        notice,
        FieldErrors::default(),
        None,
        &q.before,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct ApprovalForm {
    #[serde(default)]
    amount: String,
}

async fn set_approval(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<ApprovalForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    match state
        .portal
        .set_order_approval(&s.actor, account, &s.v.client, &form.amount)
        .await
    {
        Ok(_) => Ok(Redirect::to("/portal/orders?done=approval").into_response()),
        Err(CoreError::Invalid(errors)) => {
            list_page(
                &state,
                &s,
                ctx,
                None,
                errors,
                Some(form.amount),
                "",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    reason: String,
}

async fn decide(
    state: AppState,
    s: Signed,
    id: OrderId,
    approve: bool,
    reason: String,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    state
        .portal
        .decide_order(&s.actor, account, &s.v.client, id, approve, &reason)
        .await
        .in_page(&ctx)?;
    let done = if approve { "approved" } else { "refused" };
    Ok(Redirect::to(&format!("/portal/orders/{id}?done={done}")).into_response())
}

async fn approve(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> PageResult {
    decide(state, s, id, true, form.reason).await
}

async fn refuse(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> PageResult {
    decide(state, s, id, false, form.reason).await
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    placed: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    skipped: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_order.html")]
struct OrderPage {
    ctx: PageCtx,
    view: OrderView,
    notice: Option<String>,
    errors: FieldErrors,
    /// Staff: the statuses the order may move to, and the carriers.
    staff: bool,
    can_move: bool,
    next: Vec<OrderStatus>,
    /// Staff may record a shipment now.
    may_ship: bool,
    carriers: Vec<Carrier>,
    customer_name: String,
    /// Staff: the invoices billing it (voided ones included), and whether they may bill it now.
    invoices: Vec<Invoice>,
    can_bill: bool,
    /// Staff may ask for the deposit its quote set, on an invoice of its own.
    can_bill_deposit: bool,
}

/// What left in a shipment: "2 × Panneau, 4 × Rail".
pub fn shipment_items(
    ctx: &PageCtx,
    view: &OrderView,
    r: &guichet_domain::ShipmentRecord,
) -> String {
    r.lines
        .iter()
        .filter_map(|(pos, q)| {
            let l = view.lines.get(usize::try_from(*pos).ok()?)?;
            Some(format!("{} × {}", ctx.number(*q), ctx.text(&l.name)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2 of 5 shipped".
pub fn shipped_of(ctx: &PageCtx, l: &guichet_domain::OrderLine) -> String {
    ctx.t2(
        "order-line-shipped",
        ("shipped", &ctx.number(l.shipped)),
        ("quantity", &ctx.number(l.quantity)),
    )
}

/// The carrier's tracking page for one shipment.
pub fn tracking_of(r: &guichet_domain::ShipmentRecord) -> Option<String> {
    r.shipment
        .carrier
        .and_then(|c| c.tracking_url(&r.shipment.tracking))
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    let view = state
        .portal
        .portal_order(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    // Its invoices, for those whose role shows invoices.
    let invoices = if ctx.can_invoices {
        let q = guichet_core::billing::InvoiceQuery {
            order: Some(id),
            limit: 50,
            ..Default::default()
        };
        state
            .portal
            .portal_invoices(&s.actor, account, q)
            .await
            .in_page(&ctx)?
    } else {
        Vec::new()
    };
    let number = view.order.number.to_string();
    let notice = if q.placed == "1" && view.order.status == OrderStatus::AwaitingApproval {
        Some(ctx.t1("notice-order-awaiting", "number", &number))
    } else if q.placed == "quote" {
        Some(ctx.t1("notice-order-from-quote", "number", &number))
    } else if q.placed == "1" {
        Some(ctx.t1("notice-order-placed", "number", &number))
    } else {
        match q.done.as_str() {
            "cancelled" => Some(ctx.t("notice-order-cancelled")),
            "approved" => Some(ctx.t("notice-order-approved")),
            "refused" => Some(ctx.t("notice-order-refused")),
            "reordered" if q.skipped.is_empty() => Some(ctx.t("notice-order-reordered")),
            "reordered" => Some(ctx.t1("notice-order-reordered-skipped", "skus", &q.skipped)),
            _ => None,
        }
    };
    Ok(OrderPage {
        customer_name: account.customer.name.clone(),
        view,
        notice,
        errors: FieldErrors::default(),
        staff: false,
        can_move: false,
        next: Vec::new(),
        may_ship: false,
        carriers: Vec::new(),
        invoices,
        can_bill: false,
        can_bill_deposit: false,
        ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
struct CancelForm {
    #[serde(default)]
    reason: String,
}

async fn cancel(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(form): CsrfForm<CancelForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    state
        .portal
        .cancel_order(&s.actor, account, &s.v.client, id, &form.reason)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/portal/orders/{id}?done=cancelled")).into_response())
}

async fn reorder(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    let done = state
        .portal
        .reorder(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    if done.added > 0 && done.skipped.is_empty() {
        return Ok(Redirect::to("/portal/cart").into_response());
    }
    let skipped =
        serde_urlencoded::to_string([("skipped", done.skipped.join(", "))]).unwrap_or_default();
    Ok(Redirect::to(&format!("/portal/orders/{id}?done=reordered&{skipped}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_orders.html")]
struct StaffListPage {
    ctx: PageCtx,
    orders: Vec<Order>,
    open_only: bool,
    q: String,
    status: String,
    statuses: Vec<OrderStatus>,
}

#[derive(Deserialize, Default)]
struct StaffListQuery {
    #[serde(default)]
    all: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
}

async fn staff_list(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<StaffListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let status = OrderStatus::parse(&q.status).filter(|s| s.reached_provider());
    // A status asked for, or words searched, look through every order.
    let open_only = q.all.is_empty() && status.is_none() && q.q.trim().is_empty();
    let orders = state
        .portal
        .staff_orders(&s.user, open_only, status, &q.q)
        .await
        .in_page(&ctx)?;
    Ok(StaffListPage {
        ctx,
        orders,
        open_only,
        q: q.q,
        status: status.map(|s| s.code().to_string()).unwrap_or_default(),
        statuses: OrderStatus::ALL
            .into_iter()
            .filter(|s| s.reached_provider())
            .collect(),
    }
    .into_response())
}

async fn staff_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: OrderId,
    notice: Option<String>,
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let view = state.portal.staff_order(&s.user, id).await.in_page(&ctx)?;
    let customer_name = view.order.customer_name.clone();
    let invoices = state
        .portal
        .invoices_of_order(&s.user, id)
        .await
        .in_page(&ctx)?;
    let can_bill = may(&s.user, Action::ManageInvoices)
        && view.order.status != OrderStatus::Cancelled
        && invoices
            .iter()
            .all(|i| i.voided_at.is_some() || i.is_deposit);
    let can_bill_deposit = can_bill
        && view.order.deposit_minor > 0
        && view.order.quote_id.is_some()
        && invoices.iter().all(|i| i.voided_at.is_some());
    Ok((
        status,
        OrderPage {
            invoices,
            can_bill,
            can_bill_deposit,
            next: view.order.status.next_for_staff(),
            may_ship: view.order.status.may_ship(),
            carriers: Carrier::ALL.to_vec(),
            can_move: may(&s.user, Action::ManageOrders),
            staff: true,
            customer_name,
            view,
            notice,
            errors,
            ctx,
        },
    )
        .into_response())
}

async fn staff_show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let notice = (q.done == "moved").then(|| ctx.t("notice-saved"));
    staff_page(
        &state,
        &s,
        ctx,
        id,
        notice,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
}

/// Staff record a shipment: `from`, carrier, tracking, date, note, and `qty.<position>` for
/// each line.
async fn staff_ship(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let get = |k: &str| pairs.field(k);
    let input = ShipInput {
        from: get("from"),
        quantities: pairs
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("qty.").map(|p| (p.to_string(), v.clone())))
            .collect(),
        carrier: get("carrier"),
        tracking: get("tracking"),
        expected_on: get("expected_on"),
        note: get("note"),
    };
    match state
        .portal
        .ship_order(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/orders/{id}?done=moved")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            staff_page(
                &state,
                &s,
                ctx,
                id,
                None,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// The staff order page again after a refused action on it: the fields at fault (422), or
/// what changed meanwhile (409).
pub(crate) async fn staff_refused(
    state: &AppState,
    s: &Signed,
    id: OrderId,
    e: CoreError,
) -> PageResult {
    let ctx = s.v.ctx(state).with_nav("orders");
    match e {
        CoreError::Invalid(errors) => {
            staff_page(
                state,
                s,
                ctx,
                id,
                None,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        CoreError::Stale(key) => {
            let notice = Some(ctx.t(key));
            staff_page(
                state,
                s,
                ctx,
                id,
                notice,
                FieldErrors::default(),
                StatusCode::CONFLICT,
            )
            .await
        }
        e => Err(ctx.refuse(e)),
    }
}

async fn staff_move(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let input = MoveInput {
        from: form.from,
        to: form.to,
        note: form.note,
    };
    match state
        .portal
        .move_order(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/orders/{id}?done=moved")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            staff_page(
                &state,
                &s,
                ctx,
                id,
                None,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// "commande-12.pdf".
fn pdf_name(ctx: &PageCtx, o: &Order) -> String {
    format!("{}-{}.pdf", ctx.t("order-file-prefix"), o.number)
}

async fn pdf(State(state): State<AppState>, s: Signed, IdPath(id): IdPath<OrderId>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let account = s.account(&state).in_page(&ctx)?;
    let (order, bytes) = state
        .portal
        .portal_order_pdf(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(super::quotes::pdf_response(bytes, &pdf_name(&ctx, &order)))
}

async fn staff_pdf(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("orders");
    let (order, bytes) = state
        .portal
        .staff_order_pdf(&s.user, id)
        .await
        .in_page(&ctx)?;
    Ok(super::quotes::pdf_response(bytes, &pdf_name(&ctx, &order)))
}
