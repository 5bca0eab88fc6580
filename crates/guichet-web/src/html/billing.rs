//! Invoices: the contact's list (balances, what is due, totals per currency) and each
//! invoice's page (lines, taxes, payment schedule); staff bill an order, list invoices and
//! void one nothing was paid on.
use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::access::{Action, may};
use guichet_core::billing::BillInput;
use guichet_core::billing::InvoiceQuery;
use guichet_core::billing::PaymentInput;
use guichet_core::billing::invoices::StatementOf;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{
    Currency, EntryKind, Invoice, InvoiceId, InvoiceKind, InvoiceStatus, Millis, OrderId, Payment,
    PaymentMethod, Statement, StatementLine, TransferProof,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/invoices", get(list))
        .route("/portal/invoices/statement", get(statement))
        .route("/portal/invoices/statement/pdf", get(statement_pdf))
        .route("/portal/invoices/zip", get(zip))
        .route("/portal/invoices/{id}", get(show))
        .route("/portal/invoices/{id}/pdf", get(pdf))
        .route("/staff/invoices/{id}/pdf", get(staff_pdf))
        .route("/staff/invoices", get(staff_list))
        .route("/staff/invoices/{id}", get(staff_show))
        .route("/staff/invoices/{id}/void", post(staff_void))
        .route("/staff/invoices/{id}/payments", post(staff_pay))
        .route("/staff/invoices/{id}/credit-notes", post(staff_credit))
        .route("/staff/orders/{id}/bill", post(staff_bill))
        .route("/staff/orders/{id}/bill-deposit", post(staff_bill_deposit))
}

use guichet_core::sales::shop::today;

/// An invoice as a list or a page shows it on a given day.
pub struct Shown {
    pub invoice: Invoice,
    pub status: InvoiceStatus,
    pub balance: i64,
    pub due_now: i64,
    pub overdue: i64,
}

impl Shown {
    fn of(invoice: Invoice, today: &str) -> Self {
        Shown {
            status: invoice.status(today),
            balance: invoice.balance(),
            due_now: invoice.due_now(today),
            overdue: invoice.overdue_minor(today),
            invoice,
        }
    }
}

/// "Invoice 12", "Credit note 3".
pub fn title(ctx: &PageCtx, i: &Invoice) -> String {
    let key = match i.kind {
        InvoiceKind::Invoice if i.is_deposit => "deposit-invoice-number",
        InvoiceKind::Invoice => "invoice-number",
        InvoiceKind::CreditNote => "credit-note-number",
    };
    ctx.t1(key, "number", &i.number.to_string())
}

pub fn status_key(s: &InvoiceStatus) -> String {
    format!("invoice-status-{}", s.code())
}

pub fn status_tone(s: &InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Paid => "ok",
        InvoiceStatus::Overdue => "err",
        InvoiceStatus::PartiallyPaid => "warn",
        InvoiceStatus::Void => "off",
        InvoiceStatus::Open => "",
    }
}

/// One instalment's line: due date, amount, what is left, and its state's words.
pub struct InstalmentRow {
    pub due_on: String,
    /// The deposit its quote asked for.
    pub deposit: bool,
    pub amount_minor: i64,
    pub left_minor: i64,
    pub state_key: &'static str,
}

pub fn instalments(i: &Invoice, today: &str) -> Vec<InstalmentRow> {
    i.schedule
        .iter()
        .zip(i.covered())
        .map(|(x, covered)| {
            let left = x.amount_minor - covered;
            let state_key = if i.voided_at.is_some() {
                "invoice-status-void"
            } else if left == 0 {
                "instalment-paid"
            } else if x.due_on.as_str() < today {
                "instalment-overdue"
            } else if x.due_on.as_str() == today {
                "instalment-due-today"
            } else {
                "instalment-upcoming"
            };
            InstalmentRow {
                due_on: x.due_on.clone(),
                deposit: x.deposit,
                amount_minor: x.amount_minor,
                left_minor: left,
                state_key,
            }
        })
        .collect()
}

/// What the account owes, per currency: balance of its invoices, overdue part, credits not
/// yet used.
pub struct Owed {
    pub currency: Currency,
    pub balance: i64,
    pub overdue: i64,
    pub credit: i64,
}

fn owed(unpaid: &[Invoice], today: &str) -> Vec<Owed> {
    let mut by: BTreeMap<Currency, Owed> = BTreeMap::new();
    for i in unpaid {
        let o = by.entry(i.currency).or_insert(Owed {
            currency: i.currency,
            balance: 0,
            overdue: 0,
            credit: 0,
        });
        match i.kind {
            InvoiceKind::Invoice => {
                o.balance += i.balance();
                o.overdue += i.overdue_minor(today);
            }
            InvoiceKind::CreditNote => o.credit += i.balance(),
        }
    }
    by.into_values().collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_invoices.html")]
struct ListPage {
    ctx: PageCtx,
    company_name: String,
    invoices: Vec<Shown>,
    owed: Vec<Owed>,
    /// The cursor of the next (older) page, when there is one.
    older: Option<String>,
    first_page: bool,
    /// Invoices may be chosen and paid by card.
    pay_online: bool,
    /// The filters as asked: only unpaid ones, a number (as typed), and as a query string
    /// for the pages' links (`&unpaid=1&number=12`, or empty).
    unpaid_only: bool,
    number: String,
    filters: String,
    number_error: bool,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    /// The page after this invoice (`<issued_on>_<id>`).
    #[serde(default)]
    before: String,
    /// Only those with something left to pay (`1`).
    #[serde(default)]
    unpaid: String,
    /// Only the invoice of this number.
    #[serde(default)]
    number: String,
}

/// Invoices on a page of the list.
const PAGE: i64 = 50;

/// What the account owes is read from its unpaid invoices and credit notes (at most these).
const UNPAID: InvoiceQuery = InvoiceQuery {
    customer: None,
    order: None,
    unpaid_only: true,
    limit: 1000,
    before: None,
    number: None,
    credits: None,
};

async fn list(State(state): State<AppState>, s: Signed, Query(q): Query<ListQuery>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let cursor = q.before.split_once('_').and_then(|(on, id)| {
        let valid = on.len() == 10 && on.parse::<jiff::civil::Date>().is_ok();
        Some((on.to_string(), id.parse::<InvoiceId>().ok()?)).filter(|_| valid)
    });
    let first_page = cursor.is_none();
    let unpaid_only = q.unpaid == "1";
    let typed_number = q.number.trim().trim_start_matches('#').to_string();
    let number = typed_number.parse::<i64>().ok().filter(|n| *n > 0);
    let number_error = !typed_number.is_empty() && number.is_none();
    let mut filters = String::new();
    if unpaid_only {
        filters.push_str("&unpaid=1");
    }
    if let Some(n) = number {
        filters.push_str(&format!("&number={n}"));
    }
    let page = InvoiceQuery {
        limit: PAGE + 1,
        before: cursor,
        unpaid_only,
        number,
        ..Default::default()
    };
    let mut invoices = state
        .portal
        .portal_invoices(&s.actor, account, page)
        .await
        .in_page(&ctx)?;
    let older = if invoices.len() as i64 > PAGE {
        invoices.truncate(PAGE as usize);
        invoices.last().map(|i| format!("{}_{}", i.issued_on, i.id))
    } else {
        None
    };
    let today = today();
    // What is owed counts every unpaid invoice, not only this page's.
    let owed = if first_page {
        owed(
            &state
                .portal
                .portal_invoices(&s.actor, account, UNPAID)
                .await
                .in_page(&ctx)?,
            &today,
        )
    } else {
        Vec::new()
    };
    let pay_online = state
        .portal
        .payment_options(&s.actor, account)
        .await
        .in_page(&ctx)?
        .card;
    let status = if number_error {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        ListPage {
            unpaid_only,
            number: typed_number,
            filters,
            number_error,
            pay_online,
            company_name: account.customer.name.clone(),
            invoices: invoices.into_iter().map(|i| Shown::of(i, &today)).collect(),
            owed,
            older,
            first_page,
            ctx,
        },
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "invoice.html")]
struct InvoicePage {
    ctx: PageCtx,
    shown: Shown,
    instalments: Vec<InstalmentRow>,
    customer_name: String,
    /// Where its order is for this reader, when it has one they may open.
    order_href: Option<String>,
    staff: bool,
    can_void: bool,
    /// The order's invoice that deducts this deposit invoice (staff), by id and number.
    deducted_on: Option<(InvoiceId, i64)>,
    payments: Vec<Payment>,
    /// Staff may record a payment now (a live invoice with a balance).
    can_pay: bool,
    methods: Vec<PaymentMethod>,
    /// A fresh key for the payment form: the same form submitted twice is one payment.
    submit_key: String,
    /// The payment form's amount as first shown: the balance, as staff would type it.
    pay_amount: String,
    notice: Option<String>,
    errors: FieldErrors,
    /// The contact may pay it online now.
    pay_online: bool,
    /// The provider's bank transfer instructions, for an invoice with something to pay.
    transfer_instructions: Option<String>,
    /// Proofs of transfer sent for it, newest first.
    proofs: Vec<TransferProof>,
    /// The contact may send a proof of transfer (with the amount first shown).
    can_send_proof: bool,
    proof_amount: String,
    /// Staff may confirm or reject pending proofs.
    can_decide: bool,
    /// Credit notes applied to it; staff may issue one (it has something left to pay).
    credit_notes: Vec<Invoice>,
    can_credit: bool,
    /// Staff: the reminders sent (or not) about it.
    reminders: Vec<super::reminders::ReminderLine>,
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let notice = (q.done == "proof").then(|| ctx.t("notice-proof-sent"));
    portal_page(&state, &s, ctx, id, notice, FieldErrors::default()).await
}

/// An invoice as a contact sees it, with a notice or the problems of the proof form.
pub(crate) async fn portal_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: InvoiceId,
    notice: Option<String>,
    errors: FieldErrors,
) -> PageResult {
    let account = s.account(state).in_page(&ctx)?;
    let invoice = state
        .portal
        .portal_invoice(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    let today = today();
    let order_href = invoice
        .order_id
        .filter(|_| ctx.can_orders)
        .map(|o| format!("/portal/orders/{o}"));
    let payments = state.portal.payments_of(&invoice).await.in_page(&ctx)?;
    let proofs = state
        .portal
        .transfer_proofs_of(&invoice)
        .await
        .in_page(&ctx)?;
    let options = state
        .portal
        .payment_options(&s.actor, account)
        .await
        .in_page(&ctx)?;
    let payable = invoice.kind == InvoiceKind::Invoice
        && invoice.voided_at.is_none()
        && invoice.balance() > 0;
    let transfer_instructions = options.transfer_instructions.filter(|_| payable);
    let credit_notes = state.portal.credit_notes_of(&invoice).await.in_page(&ctx)?;
    Ok(InvoicePage {
        reminders: Vec::new(),
        credit_notes,
        can_credit: false,
        pay_online: payable && options.card,
        can_send_proof: transfer_instructions.is_some(),
        proof_amount: typed_amount(&ctx, invoice.due_now(&today), invoice.currency),
        can_decide: false,
        transfer_instructions,
        proofs,
        payments,
        can_pay: false,
        methods: Vec::new(),
        submit_key: String::new(),
        pay_amount: String::new(),
        errors,
        instalments: instalments(&invoice, &today),
        shown: Shown::of(invoice, &today),
        customer_name: account.customer.name.clone(),
        order_href,
        staff: false,
        can_void: false,
        deducted_on: None,
        notice,
        ctx,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_invoices.html")]
struct StaffListPage {
    ctx: PageCtx,
    invoices: Vec<Shown>,
    unpaid_only: bool,
    /// An administrator: the payment settings are a link away.
    can_settings: bool,
    /// Staff who manage invoices: the reminder rules are a link away.
    can_reminders: bool,
    /// Proofs of transfer waiting for a decision.
    pending_proofs: Vec<TransferProof>,
    /// The customer the list is narrowed to (its id), or empty.
    customer: String,
}

#[derive(Deserialize, Default)]
struct StaffListQuery {
    #[serde(default)]
    all: String,
    /// One customer's invoices only (its id).
    #[serde(default)]
    customer: String,
}

async fn staff_list(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<StaffListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let unpaid_only = q.all.is_empty();
    let customer = q
        .customer
        .trim()
        .parse()
        .ok()
        .map(guichet_domain::CustomerId);
    let q = InvoiceQuery {
        unpaid_only,
        customer,
        limit: 200,
        ..Default::default()
    };
    let invoices = state
        .portal
        .staff_invoices(&s.user, &q)
        .await
        .in_page(&ctx)?;
    let today = today();
    let pending_proofs = state
        .portal
        .pending_transfer_proofs(&s.user)
        .await
        .in_page(&ctx)?;
    Ok(StaffListPage {
        pending_proofs,
        can_settings: may(&s.user, Action::ManagePayments),
        can_reminders: may(&s.user, Action::ManageInvoices),
        invoices: invoices.into_iter().map(|i| Shown::of(i, &today)).collect(),
        unpaid_only,
        customer: customer.map(|c| c.to_string()).unwrap_or_default(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    done: String,
}

/// A staff form on an invoice's page that did nothing: the page again with the problems
/// beside their fields (422), or saying what changed meanwhile (409); else the error page.
pub(crate) async fn staff_refused(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: InvoiceId,
    e: CoreError,
) -> PageResult {
    let (status, notice, errors) = match e {
        CoreError::Invalid(errors) => (axum::http::StatusCode::UNPROCESSABLE_ENTITY, None, errors),
        CoreError::Stale(key) => (
            axum::http::StatusCode::CONFLICT,
            Some(ctx.t(key)),
            FieldErrors::default(),
        ),
        e => return Err(ctx.refuse(e)),
    };
    let mut page = staff_page(state, s, ctx, id, notice, errors).await?;
    *page.status_mut() = status;
    Ok(page)
}

pub(crate) async fn staff_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: InvoiceId,
    notice: Option<String>,
    errors: FieldErrors,
) -> PageResult {
    let invoice = state
        .portal
        .staff_invoice(&s.user, id)
        .await
        .in_page(&ctx)?;
    let today = today();
    let manages = may(&s.user, Action::ManageInvoices);
    let deducted_on = state
        .portal
        .deducted_on(&s.user, &invoice)
        .await
        .in_page(&ctx)?;
    let can_void =
        manages && invoice.voided_at.is_none() && invoice.paid_minor == 0 && deducted_on.is_none();
    let can_pay = manages
        && invoice.kind == InvoiceKind::Invoice
        && invoice.voided_at.is_none()
        && invoice.balance() > 0;
    let payments = state.portal.payments_of(&invoice).await.in_page(&ctx)?;
    let proofs = state
        .portal
        .transfer_proofs_of(&invoice)
        .await
        .in_page(&ctx)?;
    let credit_notes = state.portal.credit_notes_of(&invoice).await.in_page(&ctx)?;
    let reminders = if manages {
        let rules = state.portal.reminder_rules(&s.user).await.in_page(&ctx)?;
        let jobs = state
            .portal
            .reminders_about(&s.user, invoice.id.0)
            .await
            .in_page(&ctx)?;
        super::reminders::reminder_lines(&ctx, &jobs, &rules)
    } else {
        Vec::new()
    };
    Ok(InvoicePage {
        reminders,
        credit_notes,
        can_credit: can_pay,
        pay_online: false,
        transfer_instructions: None,
        can_send_proof: false,
        proof_amount: String::new(),
        can_decide: manages,
        proofs,
        payments,
        can_pay,
        methods: PaymentMethod::ALL.to_vec(),
        submit_key: uuid::Uuid::now_v7().to_string(),
        pay_amount: typed_amount(&ctx, invoice.balance(), invoice.currency),
        errors,
        instalments: instalments(&invoice, &today),
        order_href: invoice.order_id.map(|o| format!("/staff/orders/{o}")),
        customer_name: invoice.customer_name.clone(),
        shown: Shown::of(invoice, &today),
        staff: true,
        deducted_on: deducted_on.map(|i| (i.id, i.number)),
        can_void,
        notice,
        ctx,
    }
    .into_response())
}

async fn staff_show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let notice = match q.done.as_str() {
        "issued" => Some(ctx.t("notice-invoice-issued")),
        "voided" => Some(ctx.t("notice-invoice-voided")),
        "paid" => Some(ctx.t("notice-payment-recorded")),
        "proof-confirmed" => Some(ctx.t("notice-proof-confirmed")),
        "credited" => Some(ctx.t("notice-credit-issued")),
        "proof-rejected" => Some(ctx.t("notice-proof-rejected")),
        _ => None,
    };
    staff_page(&state, &s, ctx, id, notice, FieldErrors::default()).await
}

#[derive(Deserialize, Default)]
struct VoidForm {
    /// The invoice's `updated_at` as the page showed it.
    #[serde(default)]
    seen: String,
}

async fn staff_void(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    CsrfForm(f): CsrfForm<VoidForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let seen = Millis(f.seen.trim().parse().unwrap_or(-1));
    match state
        .portal
        .void_invoice(&s.user, &s.v.client, id, seen)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/invoices/{id}?done=voided")).into_response()),
        Err(e) => staff_refused(&state, &s, ctx, id, e).await,
    }
}

#[derive(Deserialize, Default)]
struct BillForm {
    #[serde(default)]
    first_days: String,
    #[serde(default)]
    instalments: String,
    #[serde(default)]
    every_days: String,
    #[serde(default)]
    note: String,
}

async fn staff_bill(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(f): CsrfForm<BillForm>,
) -> PageResult {
    let input = BillInput {
        first_days: f.first_days,
        instalments: f.instalments,
        every_days: f.every_days,
        note: f.note,
    };
    match state
        .portal
        .bill_order(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(invoice) => Ok(
            Redirect::to(&format!("/staff/invoices/{}?done=issued", invoice.id)).into_response(),
        ),
        Err(e) => crate::html::sales::orders::staff_refused(&state, &s, id, e).await,
    }
}

/// Staff ask for an order's deposit on an invoice of its own.
async fn staff_bill_deposit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<OrderId>,
    CsrfForm(_): CsrfForm<VoidForm>,
) -> PageResult {
    match state.portal.bill_deposit(&s.user, &s.v.client, id).await {
        Ok(invoice) => Ok(
            Redirect::to(&format!("/staff/invoices/{}?done=issued", invoice.id)).into_response(),
        ),
        Err(e) => crate::html::sales::orders::staff_refused(&state, &s, id, e).await,
    }
}

/// The invoices ticked in the list, each as its PDF, in one ZIP file.
async fn zip(
    State(state): State<AppState>,
    s: Signed,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "invoice")
        .map(|(_, v)| v)
        .collect();
    let bytes = match state
        .portal
        .portal_invoices_zip(&s.actor, account, &ids)
        .await
    {
        Ok(bytes) => bytes,
        Err(CoreError::Invalid(e)) => {
            let key = e.get("invoice").unwrap_or("error-pay-choose");
            return Err(ctx.refuse(CoreError::Stale(key)));
        }
        Err(e) => return Err(ctx.refuse(e)),
    };
    let name = format!("{}.zip", ctx.t("invoices-zip-name"));
    Ok(crate::html::sales::quotes::attachment_response(
        bytes,
        "application/zip",
        &name,
    ))
}

/// The file's name: "facture-12.pdf", "note-de-credit-3.pdf".
fn pdf_name(ctx: &PageCtx, i: &Invoice) -> String {
    let key = match i.kind {
        InvoiceKind::Invoice => "invoice-file-prefix",
        InvoiceKind::CreditNote => "credit-note-file-prefix",
    };
    format!("{}-{}.pdf", ctx.t(key), i.number)
}

async fn pdf(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let (invoice, bytes) = state
        .portal
        .portal_invoice_pdf(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(crate::html::sales::quotes::pdf_response(
        bytes,
        &pdf_name(&ctx, &invoice),
    ))
}

async fn staff_pdf(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let (invoice, bytes) = state
        .portal
        .staff_invoice_pdf(&s.user, id)
        .await
        .in_page(&ctx)?;
    Ok(crate::html::sales::quotes::pdf_response(
        bytes,
        &pdf_name(&ctx, &invoice),
    ))
}

#[derive(Deserialize, Default)]
struct PayForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    submit_key: String,
}

async fn staff_pay(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    CsrfForm(f): CsrfForm<PayForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let input = PaymentInput {
        amount: f.amount,
        received_on: f.received_on,
        method: f.method,
        reference: f.reference,
        submit_key: f.submit_key,
    };
    match state
        .portal
        .record_payment(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/invoices/{id}?done=paid")).into_response()),
        Err(e) => staff_refused(&state, &s, ctx, id, e).await,
    }
}

#[derive(Deserialize, Default)]
struct CreditForm {
    #[serde(default)]
    credit_amount: String,
    #[serde(default)]
    credit_reason: String,
}

async fn staff_credit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    CsrfForm(f): CsrfForm<CreditForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let input = guichet_core::billing::CreditInput {
        amount: f.credit_amount,
        reason: f.credit_reason,
    };
    match state
        .portal
        .issue_credit_note(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/invoices/{id}?done=credited")).into_response()),
        Err(e) => staff_refused(&state, &s, ctx, id, e).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_statement.html")]
struct StatementPage {
    ctx: PageCtx,
    company_name: String,
    statement: Arc<StatementOf>,
    /// The statement's entries as table rows (`StatementRows`).
    rows: Arc<String>,
    errors: FieldErrors,
}

impl StatementPage {
    fn st(&self) -> &Statement {
        &self.statement.statement
    }
}

/// A statement's entries as table rows: 1,000 dates and 3,000 amounts in the reader's language
/// for a long one, rendered once per statement and language (`AppState::statement_rows`).
#[derive(Template)]
#[template(path = "_statement_rows.html")]
struct StatementRows<'a> {
    ctx: &'a PageCtx,
    st: &'a Statement,
}

/// Statements' rows rendered, by tenant, customer, currency, range and language, beside the
/// statement they show.
pub type StatementRowsKept = guichet_core::derived::Derived<
    (
        guichet_domain::TenantId,
        guichet_domain::CustomerId,
        Currency,
        String,
        String,
        guichet_domain::Locale,
    ),
    StatementOf,
    String,
>;

#[derive(Deserialize, Default)]
struct StatementQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    currency: String,
}

/// A day typed in a date field, or `default` when empty; a bad one is noted on its field.
fn day_or(raw: &str, default: &str, field: &'static str, errors: &mut FieldErrors) -> String {
    match raw.trim() {
        "" => default.to_string(),
        d => match d.parse::<jiff::civil::Date>() {
            Ok(date) => date.to_string(),
            Err(_) => {
                errors.add(field, "error-date");
                default.to_string()
            }
        },
    }
}

/// Days before today a statement starts from when no date is given.
const STATEMENT_DAYS: i64 = 90;

/// The statement's range and currency as asked (defaults: the last 90 days, the account's
/// currency), with the problems of the dates typed.
fn statement_query(
    q: &StatementQuery,
    account: &guichet_domain::Account,
) -> (String, String, Currency, FieldErrors) {
    let today = today();
    let start = today
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.checked_sub(jiff::Span::new().days(STATEMENT_DAYS)).ok())
        .map(|d| d.to_string())
        .unwrap_or_else(|| today.clone());
    let mut errors = FieldErrors::default();
    let mut from = day_or(&q.from, &start, "from", &mut errors);
    let to = day_or(&q.to, &today, "to", &mut errors);
    if from > to {
        errors.add("from", "error-statement-dates");
        from = to.clone();
    }
    let currency = Currency::parse(&q.currency)
        .or_else(|| Currency::parse(&account.customer.currency))
        .unwrap_or_default();
    (from, to, currency, errors)
}

/// The statement as a PDF; dates that do not read go back to the page, which says why.
async fn statement_pdf(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<StatementQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let (from, to, currency, errors) = statement_query(&q, account);
    if !errors.is_empty() {
        let back = serde_urlencoded::to_string([
            ("from", q.from.as_str()),
            ("to", q.to.as_str()),
            ("currency", q.currency.as_str()),
        ])
        .unwrap_or_default();
        return Ok(Redirect::to(&format!("/portal/invoices/statement?{back}")).into_response());
    }
    let bytes = state
        .portal
        .portal_statement_pdf(&s.actor, account, currency, &from, &to)
        .await
        .in_page(&ctx)?;
    let name = format!(
        "{}-{}-{from}-{to}.pdf",
        ctx.t("statement-file-prefix"),
        currency.code()
    );
    Ok(crate::html::sales::quotes::pdf_response(bytes, &name))
}

async fn statement(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<StatementQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let (from, to, currency, errors) = statement_query(&q, account);
    let statement = state
        .portal
        .portal_statement(&s.actor, account, currency, &from, &to)
        .await
        .in_page(&ctx)?;
    let key = (
        s.actor.user.tenant_id,
        account.customer.id,
        currency,
        from,
        to,
        ctx.locale,
    );
    let rows = state.statement_rows.get_or(key, &statement, |of| {
        StatementRows {
            ctx: &ctx,
            st: &of.statement,
        }
        .render()
        .unwrap_or_default()
    });
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        StatementPage {
            company_name: account.customer.name.clone(),
            statement,
            rows,
            errors,
            ctx,
        },
    )
        .into_response())
}

/// A statement line's words: "Facture 12", "Note de crédit 3", "Paiement — facture 12".
pub fn entry_text(ctx: &PageCtx, l: &StatementLine) -> String {
    let n = l.number.to_string();
    match l.kind {
        EntryKind::Invoice => ctx.t1("invoice-number", "number", &n),
        EntryKind::CreditNote => ctx.t1("credit-note-number", "number", &n),
        EntryKind::Payment => ctx.t1("statement-payment", "number", &n),
    }
}

/// "du 1 septembre 2026 au 30 novembre 2026".
pub fn statement_range(ctx: &PageCtx, st: &Statement) -> String {
    ctx.t2(
        "statement-range",
        ("from", &ctx.day(&st.from)),
        ("to", &ctx.day(&st.to)),
    )
}

/// An amount as a person of the reader's language types it in a field: "2072,31" / "2072.31".
fn typed_amount(ctx: &PageCtx, minor: i64, currency: Currency) -> String {
    let plain = guichet_domain::Money::new(minor, currency).plain();
    if ctx.lang().starts_with("fr") {
        plain.replace('.', ",")
    } else {
        plain
    }
}
