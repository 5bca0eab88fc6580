//! Quotes on the provider's side: the list, a new quote for a customer, and the page where
//! staff write its lines and send it (or reopen, or withdraw it).
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::access::{Action, may};
use guichet_core::sales::{LineInput, QuoteEdit};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{CustomerId, Money, Quote, QuoteId, QuoteStatus};
use serde::Deserialize;

use super::quotes::{QuotePage, pdf_name, pdf_response};
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Fields;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/quotes", get(list).post(create))
        .route("/staff/quotes/{id}", get(show).post(save))
        .route("/staff/quotes/{id}/send", post(send))
        .route("/staff/quotes/{id}/reopen", post(reopen))
        .route("/staff/quotes/{id}/withdraw", post(withdraw))
        .route("/staff/quotes/{id}/pdf/{revision}", get(pdf))
        .route("/staff/quotes/{id}/receipt", get(receipt))
}

/// The draft's form as shown (from the quote, or as typed when it failed).
#[derive(Clone, Debug, Default)]
pub struct EditForm {
    pub title: String,
    pub lang: String,
    pub valid_until: String,
    pub terms: String,
    pub deposit_percent: String,
    /// (product id, SKU and name shown, quantity, unit price, discount)
    pub lines: Vec<(String, String, String, String, String)>,
    pub add_sku: String,
    /// The project's id, or empty.
    pub project: String,
}

impl EditForm {
    fn of(ctx: &PageCtx, q: &Quote, lines: &[guichet_domain::QuoteLine]) -> Self {
        // Amounts as the reader types them: "172,50" in French.
        let typed = |s: String| match ctx.locale {
            guichet_domain::Locale::Fr => s.replace('.', ","),
            guichet_domain::Locale::En => s,
        };
        EditForm {
            title: q.title.clone(),
            lang: q.lang.clone(),
            valid_until: q.valid_until.clone().unwrap_or_default(),
            terms: q.terms.clone(),
            deposit_percent: if q.deposit_percent == 0 {
                String::new()
            } else {
                q.deposit_percent.to_string()
            },
            lines: lines
                .iter()
                .map(|l| {
                    (
                        l.product_id.to_string(),
                        format!("{} — {}", l.sku, ctx.text(&l.name)),
                        l.quantity.to_string(),
                        typed(Money::new(l.unit_minor, q.currency).plain()),
                        if l.discount_bp == 0 {
                            String::new()
                        } else {
                            typed(
                                Money::new(l.discount_bp, q.currency)
                                    .plain()
                                    .trim_end_matches('0')
                                    .trim_end_matches('.')
                                    .to_string(),
                            )
                        },
                    )
                })
                .collect(),
            add_sku: String::new(),
            project: q.project_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_quotes.html")]
struct ListPage {
    ctx: PageCtx,
    quotes: Vec<Quote>,
    status: String,
    statuses: Vec<QuoteStatus>,
    customers: Vec<(CustomerId, String)>,
    can_edit: bool,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    status: String,
}

async fn list_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    status: Option<QuoteStatus>,
    errors: FieldErrors,
    code: StatusCode,
) -> PageResult {
    let quotes = state
        .portal
        .staff_quotes(&s.user, status, None)
        .await
        .in_page(&ctx)?;
    let can_edit = may(&s.user, Action::ManageOrders);
    let customers = if can_edit {
        state.portal.customer_choices(&s.user).await.in_page(&ctx)?
    } else {
        Vec::new()
    };
    Ok((
        code,
        ListPage {
            quotes,
            status: status.map(|s| s.code().to_string()).unwrap_or_default(),
            statuses: QuoteStatus::ALL.to_vec(),
            customers,
            can_edit,
            errors,
            ctx,
        },
    )
        .into_response())
}

async fn list(State(state): State<AppState>, s: Signed, Query(q): Query<ListQuery>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    list_page(
        &state,
        &s,
        ctx,
        QuoteStatus::parse(&q.status),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
struct CreateForm {
    #[serde(default)]
    customer: String,
    #[serde(default)]
    title: String,
    /// Started from a project's page: the quote answers for it.
    #[serde(default)]
    project: String,
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let Ok(customer) = form.customer.parse::<CustomerId>() else {
        let mut errors = FieldErrors::default();
        errors.add("customer", "error-required");
        return list_page(
            &state,
            &s,
            ctx,
            None,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let project = match form.project.trim() {
        "" => None,
        raw => match raw.parse() {
            Ok(p) => Some(p),
            Err(_) => return Err(ctx.refuse(CoreError::field("project", "error-invalid"))),
        },
    };
    match state
        .portal
        .new_quote(&s.user, &s.v.client, customer, project, &form.title)
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/staff/quotes/{id}")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            list_page(
                &state,
                &s,
                ctx,
                None,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// The quote's page again after a message that could not be posted (422), as typed.
pub(crate) async fn staff_page_with(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    errors: FieldErrors,
    message: String,
) -> PageResult {
    let code = StatusCode::UNPROCESSABLE_ENTITY;
    staff_page_typed(state, s, ctx, id, None, errors, None, message, code).await
}

#[allow(clippy::too_many_arguments)]
async fn staff_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    notice: Option<String>,
    errors: FieldErrors,
    typed: Option<EditForm>,
    code: StatusCode,
) -> PageResult {
    let message = String::new();
    staff_page_typed(state, s, ctx, id, notice, errors, typed, message, code).await
}

#[allow(clippy::too_many_arguments)]
async fn staff_page_typed(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    notice: Option<String>,
    errors: FieldErrors,
    typed: Option<EditForm>,
    message: String,
    code: StatusCode,
) -> PageResult {
    let view = state.portal.staff_quote(&s.user, id).await.in_page(&ctx)?;
    let edit = typed.unwrap_or_else(|| EditForm::of(&ctx, &view.quote, &view.lines));
    let can_edit = may(&s.user, Action::ManageOrders);
    let projects = if can_edit && view.quote.status.staff_may_edit() {
        state
            .portal
            .customer_projects(&s.user, view.quote.customer_id)
            .await
            .in_page(&ctx)?
            .into_iter()
            .map(|p| (p.id.to_string(), p.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        code,
        QuotePage {
            can_edit,
            projects,
            message,
            view,
            staff: true,
            notice,
            problem: None,
            errors,
            signer_name: String::new(),
            po_number: String::new(),
            edit,
            ctx,
        },
    )
        .into_response())
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    done: String,
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let notice = match q.done.as_str() {
        "saved" => Some(ctx.t("notice-saved")),
        "sent" => Some(ctx.t("notice-quote-sent")),
        "reopened" => Some(ctx.t("notice-quote-reopened")),
        "withdrawn" => Some(ctx.t("notice-quote-withdrawn")),
        _ => None,
    };
    staff_page(
        &state,
        &s,
        ctx,
        id,
        notice,
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// Staff save a draft: the quote's fields, and for each line `product.N`, `quantity.N`,
/// `price.N`, `discount.N`; `add_sku` adds a line.
async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let get = |k: &str| pairs.field(k);
    let positions = pairs.positions("product", 500);
    let lines: Vec<LineInput> = positions
        .iter()
        .map(|i| LineInput {
            product: get(&format!("product.{i}")),
            quantity: get(&format!("quantity.{i}")),
            unit_price: get(&format!("price.{i}")),
            discount: get(&format!("discount.{i}")),
        })
        .collect();
    let input = QuoteEdit {
        seen: get("seen"),
        title: get("title"),
        lang: get("lang"),
        valid_until: get("valid_until"),
        terms: get("terms"),
        deposit_percent: get("deposit_percent"),
        lines,
        add_sku: get("add_sku"),
        project: get("project"),
    };
    match state
        .portal
        .save_quote(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/quotes/{id}?done=saved")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            let typed = EditForm {
                title: input.title.clone(),
                lang: input.lang.clone(),
                valid_until: input.valid_until.clone(),
                terms: input.terms.clone(),
                deposit_percent: input.deposit_percent.clone(),
                lines: positions
                    .iter()
                    .zip(&input.lines)
                    .map(|(i, l)| {
                        (
                            l.product.clone(),
                            get(&format!("label.{i}")),
                            l.quantity.clone(),
                            l.unit_price.clone(),
                            l.discount.clone(),
                        )
                    })
                    .collect(),
                add_sku: input.add_sku.clone(),
                project: input.project.clone(),
            };
            staff_page(
                &state,
                &s,
                ctx,
                id,
                None,
                errors,
                Some(typed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Deserialize, Default)]
struct SeenForm {
    #[serde(default)]
    seen: String,
}

async fn send(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(form): CsrfForm<SeenForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    match state
        .portal
        .send_quote(&s.user, &s.v.client, id, &form.seen)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/quotes/{id}?done=sent")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            staff_page(
                &state,
                &s,
                ctx,
                id,
                None,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// Staff take a sent quote back to revise it, or withdraw it.
async fn settle(state: AppState, s: Signed, id: QuoteId, withdraw: bool) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let (done, result) = if withdraw {
        let r = state.portal.withdraw_quote(&s.user, &s.v.client, id).await;
        ("withdrawn", r)
    } else {
        let r = state.portal.reopen_quote(&s.user, &s.v.client, id).await;
        ("reopened", r)
    };
    result.in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/quotes/{id}?done={done}")).into_response())
}

async fn reopen(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(_): CsrfForm<SeenForm>,
) -> PageResult {
    settle(state, s, id, false).await
}

async fn withdraw(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(_): CsrfForm<SeenForm>,
) -> PageResult {
    settle(state, s, id, true).await
}

async fn pdf(
    State(state): State<AppState>,
    s: Signed,
    Path((id, revision)): Path<(String, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let (Ok(id), Ok(revision)) = (id.parse::<QuoteId>(), revision.parse::<i64>()) else {
        return Err(ctx.not_found());
    };
    let (quote, bytes) = state
        .portal
        .staff_quote_pdf(&s.user, id, revision)
        .await
        .in_page(&ctx)?;
    Ok(pdf_response(bytes, &pdf_name(&ctx, &quote, revision)))
}

async fn receipt(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let (quote, bytes) = state
        .portal
        .staff_quote_receipt(&s.user, id)
        .await
        .in_page(&ctx)?;
    let name = format!(
        "{}-{}.pdf",
        ctx.t("quote-receipt-file-prefix"),
        quote.number
    );
    Ok(pdf_response(bytes, &name))
}
