//! Proofs of bank transfer: a contact sends one from an invoice's page (multipart: the amount,
//! the day, the reference, then the file); staff open its file and confirm or reject it.
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::billing::ProofInput;
use guichet_core::{ByteStream, CoreError};
use guichet_domain::{InvoiceId, TransferProofId};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::billing::{portal_page, staff_refused};
use crate::html::documents::{announced_too_large, drain};
use crate::html::sales::quote_thread::download;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/invoices/{id}/transfer-proofs", post(send))
        .route("/portal/transfer-proofs/{id}/file", get(portal_file))
        .route("/staff/transfer-proofs/{id}/file", get(staff_file))
        .route("/staff/transfer-proofs/{id}/confirm", post(confirm))
        .route("/staff/transfer-proofs/{id}/reject", post(reject))
}

async fn send(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<InvoiceId>,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let result = receive(&state, &s, id, &mut form).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/portal/invoices/{id}?done=proof")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            let mut page = portal_page(&state, &s, ctx, id, None, errors).await?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// The text fields (the CSRF token checked among them), then the file, streamed to the core.
async fn receive(
    state: &AppState,
    s: &Signed,
    id: InvoiceId,
    form: &mut Multipart,
) -> Result<(), CoreError> {
    let account = s.account(state)?;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut texts = TextFields::default();
    let input = |fields: &[(String, String)]| {
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ProofInput {
            amount: get("amount"),
            sent_on: get("sent_on"),
            reference: get("reference"),
        }
    };
    let csrf_ok = |fields: &[(String, String)]| {
        fields
            .iter()
            .find(|(n, _)| n == "_csrf")
            .is_some_and(|(_, v)| matches(&s.v.csrf, v))
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(CoreError::Interrupted),
        };
        if field.name() == Some("file") {
            if !csrf_ok(&fields) {
                return Err(CoreError::Forbidden);
            }
            let name = field.file_name().unwrap_or("").to_string();
            if name.is_empty() {
                break;
            }
            let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            return state
                .portal
                .send_transfer_proof(
                    &s.actor,
                    account,
                    &s.v.client,
                    id,
                    &input(&fields),
                    Some((&name, data)),
                )
                .await
                .map(|_| ());
        }
        let name = field.name().unwrap_or("").to_string();
        match texts.read(field, 1_000).await? {
            Text::Fits(t) => fields.push((name, t)),
            Text::TooLong => return Err(CoreError::field("reference", "error-too-long")),
        }
    }
    if !csrf_ok(&fields) {
        return Err(CoreError::Forbidden);
    }
    // No file: the core says so on its field (with the other problems).
    state
        .portal
        .send_transfer_proof(&s.actor, account, &s.v.client, id, &input(&fields), None)
        .await
        .map(|_| ())
}

async fn portal_file(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<TransferProofId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let (file, data) = state
        .portal
        .portal_proof_file(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(download(file, data))
}

async fn staff_file(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<TransferProofId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let (file, data) = state
        .portal
        .staff_proof_file(&s.user, id)
        .await
        .in_page(&ctx)?;
    Ok(download(file, data))
}

#[derive(Deserialize, Default)]
struct DecisionForm {
    /// The invoice whose page the form is on (to show it again after a refusal).
    #[serde(default)]
    invoice: String,
    #[serde(default)]
    reason: String,
}

async fn confirm(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<TransferProofId>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> PageResult {
    let decided = state
        .portal
        .confirm_transfer_proof(&s.user, &s.v.client, id)
        .await;
    decision(&state, &s, decided, &f, "proof-confirmed").await
}

async fn reject(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<TransferProofId>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> PageResult {
    let decided = state
        .portal
        .reject_transfer_proof(&s.user, &s.v.client, id, &f.reason)
        .await;
    decision(&state, &s, decided, &f, "proof-rejected").await
}

/// After a decision: back to the invoice with a notice, or the invoice's page again saying
/// why nothing was done (409, 422).
async fn decision(
    state: &AppState,
    s: &Signed,
    decided: Result<InvoiceId, CoreError>,
    f: &DecisionForm,
    done: &str,
) -> PageResult {
    let ctx = s.v.ctx(state).with_nav("invoices");
    match (decided, f.invoice.trim().parse::<InvoiceId>()) {
        (Ok(invoice), _) => {
            Ok(Redirect::to(&format!("/staff/invoices/{invoice}?done={done}")).into_response())
        }
        (Err(e), Ok(invoice)) => staff_refused(state, s, ctx, invoice, e).await,
        (Err(e), Err(_)) => Err(ctx.refuse(e)),
    }
}
