//! Staff write an invoice for a customer, for what no order carries: free lines (description,
//! quantity, unit price), payment terms, a note. Works without JavaScript: blank rows are
//! offered, and a form sent back with problems keeps what was typed.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use guichet_core::CoreError;
use guichet_core::FieldErrors;
use guichet_core::billing::{BillInput, MANUAL_LINES_MAX, ManualInvoiceInput, ManualLineInput};
use guichet_domain::CustomerId;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Fields;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/customers/{id}/invoices/new", get(show).post(write))
}

/// Blank line rows offered on a new form, and after the lines typed.
const BLANK_ROWS: usize = 3;

#[derive(Template, WebTemplate)]
#[template(path = "staff_invoice_form.html")]
struct FormPage {
    ctx: PageCtx,
    customer_id: CustomerId,
    customer_name: String,
    /// The form's key: the invoice's id once written.
    key: String,
    lines: Vec<ManualLineInput>,
    terms: BillInput,
    errors: FieldErrors,
    notice: Option<String>,
}

pub fn line_error(errors: &FieldErrors, field: &str, index: &usize) -> Option<&'static str> {
    errors.get(&format!("{field}-{index}"))
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: CustomerId,
    mut lines: Vec<ManualLineInput>,
    terms: BillInput,
    errors: FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> PageResult {
    let customer = state
        .portal
        .staff_customer_for_invoice(&s.user, id)
        .await
        .in_page(&ctx)?;
    lines.retain(|l| {
        !(l.description.trim().is_empty()
            && l.quantity.trim().is_empty()
            && l.unit_price.trim().is_empty())
    });
    let rows = (lines.len() + BLANK_ROWS).min(MANUAL_LINES_MAX);
    lines.resize_with(rows.max(lines.len()), ManualLineInput::default);
    Ok((
        status,
        FormPage {
            customer_id: customer.id,
            customer_name: customer.name,
            key: uuid::Uuid::now_v7().to_string(),
            lines,
            terms,
            errors,
            notice,
            ctx,
        },
    )
        .into_response())
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let terms = BillInput {
        first_days: "30".into(),
        instalments: "1".into(),
        every_days: "30".into(),
        note: String::new(),
    };
    page(
        &state,
        &s,
        ctx,
        id,
        Vec::new(),
        terms,
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn write(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let get = |k: &str| pairs.field(k);
    let lines: Vec<ManualLineInput> = pairs
        .positions("description", MANUAL_LINES_MAX + 1)
        .iter()
        .map(|i| ManualLineInput {
            description: get(&format!("description.{i}")),
            quantity: get(&format!("quantity.{i}")),
            unit_price: get(&format!("price.{i}")),
        })
        .collect();
    let input = ManualInvoiceInput {
        key: get("key"),
        lines,
        terms: BillInput {
            first_days: get("first_days"),
            instalments: get("instalments"),
            every_days: get("every_days"),
            note: get("note"),
        },
    };
    match state
        .portal
        .write_invoice(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(invoice) => Ok(
            Redirect::to(&format!("/staff/invoices/{}?done=issued", invoice.id)).into_response(),
        ),
        Err(CoreError::Invalid(errors)) => {
            page(
                &state,
                &s,
                ctx,
                id,
                input.lines,
                input.terms,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CoreError::Stale(key)) => {
            let notice = Some(ctx.t(key));
            page(
                &state,
                &s,
                ctx,
                id,
                input.lines,
                input.terms,
                FieldErrors::default(),
                notice,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}
