//! My company (contacts), its preview as a role, and the staff side: the history of changes,
//! approvals, and which fields need approval.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::company::CompanyView;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::CustomerQuery;
use guichet_domain::{ChangeId, ChangeStatus, CompanyChange, CompanyProfile, Field, RoleId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/company", get(company).post(save))
        .route("/staff/roles/{id}/preview/company", get(preview))
        .route("/staff/company-changes/{id}/approve", post(approve))
        .route("/staff/company-changes/{id}/reject", post(reject))
        .route("/staff/company-fields", get(approval).post(save_approval))
}

pub fn field_key(f: Field) -> String {
    format!("field-{}", f.code().replace('_', "-"))
}

pub fn status_key(s: ChangeStatus) -> &'static str {
    match s {
        ChangeStatus::Applied => "change-applied",
        ChangeStatus::Pending => "change-pending",
        ChangeStatus::Approved => "change-approved",
        ChangeStatus::Rejected => "change-rejected",
    }
}

pub struct FieldRow {
    pub code: &'static str,
    pub label_key: String,
    pub editable: bool,
    pub required: bool,
    /// What the input shows (typed value after an error, else the saved one).
    pub value: String,
    pub pending: Option<String>,
    pub needs_approval: bool,
    /// The saved value when someone changed it meanwhile and it differs from what was typed.
    pub current: Option<String>,
    pub input_type: &'static str,
}

pub struct ChangeRow {
    pub id: ChangeId,
    pub when: String,
    pub field_key: String,
    pub before: String,
    pub after: String,
    pub by: String,
    pub status_key: &'static str,
    pub pending: bool,
}

pub fn change_rows(ctx: &PageCtx, changes: &[CompanyChange]) -> Vec<ChangeRow> {
    changes
        .iter()
        .map(|c| ChangeRow {
            id: c.id,
            when: ctx.when(c.created_at),
            field_key: field_key(c.field),
            before: c.before.clone(),
            after: c.after.clone(),
            by: c.user_name.clone(),
            status_key: status_key(c.status),
            pending: c.status == ChangeStatus::Pending,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "company.html")]
struct CompanyPage {
    ctx: PageCtx,
    company_name: String,
    fields: Vec<FieldRow>,
    version: i64,
    can_edit: bool,
    history: Vec<ChangeRow>,
    notice: Option<&'static str>,
    conflict: bool,
    errors: FieldErrors,
    preview_role: Option<(RoleId, String)>,
}

fn rows(view: &CompanyView, typed: Option<&[(String, String)]>) -> Vec<FieldRow> {
    view.fields
        .iter()
        .map(|f| {
            let typed_value = typed.and_then(|t| {
                t.iter()
                    .find(|(k, _)| k == f.field.code())
                    .map(|(_, v)| v.clone())
            });
            FieldRow {
                code: f.field.code(),
                label_key: field_key(f.field),
                editable: f.editable,
                required: f.required,
                current: typed_value
                    .as_ref()
                    .filter(|t| **t != f.value)
                    .map(|_| f.value.clone()),
                value: typed_value.unwrap_or_else(|| f.value.clone()),
                pending: f.pending.clone(),
                needs_approval: f.needs_approval,
                input_type: match f.field {
                    Field::BillingEmail => "email",
                    Field::Phone => "tel",
                    _ => "text",
                },
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

async fn company(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let view = state
        .portal
        .company_view(Some(&s.actor), account)
        .await
        .in_page(&ctx)?;
    Ok(CompanyPage {
        fields: rows(&view, None),
        history: change_rows(&ctx, &view.history),
        ctx,
        company_name: account.customer.name.clone(),
        version: view.version,
        can_edit: view.can_edit,
        notice: match n.done.as_str() {
            "saved" => Some("notice-saved"),
            "pending" => Some("notice-company-pending"),
            "unchanged" => Some("notice-unchanged"),
            _ => None,
        },
        conflict: false,
        errors: FieldErrors::default(),
        preview_role: None,
    }
    .into_response())
}

async fn save(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let version = pairs
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or(-1);
    let result = state
        .portal
        .update_company(&s.actor, account, version, &pairs)
        .await;
    let (status, errors, conflict) = match result {
        Ok(saved) => {
            let done = match (saved.applied, saved.pending) {
                (0, 0) => "unchanged",
                (_, 0) => "saved",
                _ => "pending",
            };
            return Ok(Redirect::to(&format!("/portal/company?done={done}")).into_response());
        }
        Err(CoreError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false),
        Err(CoreError::Conflict) => (StatusCode::CONFLICT, FieldErrors::default(), true),
        Err(e) => return Err(ctx.refuse(e)),
    };
    // Show the form again with what was typed (and, after a concurrent edit, the new values).
    let view = state
        .portal
        .company_view(Some(&s.actor), account)
        .await
        .in_page(&ctx)?;
    Ok((
        status,
        CompanyPage {
            fields: rows(&view, Some(&pairs)),
            history: change_rows(&ctx, &view.history),
            ctx,
            company_name: account.customer.name.clone(),
            version: view.version,
            can_edit: view.can_edit,
            notice: None,
            conflict,
            errors,
            preview_role: None,
        },
    )
        .into_response())
}

/// My company as a contact with this role would see it: read-only, bannered.
async fn preview(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let sample = CustomerQuery {
        search: None,
        after: None,
        limit: 1,
    };
    let account = state
        .portal
        .preview_account(&s.user, id, &sample)
        .await
        .in_page(&ctx)?;
    let view = state
        .portal
        .company_view(None, &account)
        .await
        .in_page(&ctx)?;
    Ok(CompanyPage {
        fields: rows(&view, None),
        history: change_rows(&ctx, &view.history),
        ctx,
        company_name: account.customer.name.clone(),
        version: view.version,
        can_edit: false,
        notice: None,
        conflict: false,
        errors: FieldErrors::default(),
        preview_role: Some((account.role.id, account.role.name.clone())),
    }
    .into_response())
}

#[derive(Deserialize)]
struct DecideForm {
    #[serde(default)]
    customer: String,
}

async fn decide(
    state: AppState,
    s: Signed,
    id: ChangeId,
    form: DecideForm,
    approve: bool,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    match state
        .portal
        .decide_company_change(&s.user, id, approve)
        .await
    {
        Ok(c) => Ok(Redirect::to(&format!(
            "/staff/customers/{}?done={}",
            c.customer_id,
            if approve { "approved" } else { "rejected" }
        ))
        .into_response()),
        // Decided meanwhile: back to the customer, who shows how.
        Err(CoreError::Conflict) => match form.customer.parse::<guichet_domain::CustomerId>() {
            Ok(c) => {
                Ok(Redirect::to(&format!("/staff/customers/{c}?done=decided")).into_response())
            }
            Err(_) => Err(ctx.refuse(CoreError::Conflict)),
        },
        Err(e) => Err(ctx.refuse(e)),
    }
}

async fn approve(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ChangeId>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> PageResult {
    decide(state, s, id, form, true).await
}

async fn reject(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ChangeId>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> PageResult {
    decide(state, s, id, form, false).await
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_company_fields.html")]
struct ApprovalPage {
    ctx: PageCtx,
    /// (code, label key, needs approval)
    fields: Vec<(&'static str, String, bool)>,
    can_manage: bool,
    saved: bool,
}

async fn approval(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let set = state.portal.approval_fields(&s.user).await.in_page(&ctx)?;
    Ok(ApprovalPage {
        ctx,
        fields: CompanyProfile::FIELDS
            .iter()
            .map(|f| (f.code(), field_key(*f), set.contains(f)))
            .collect(),
        can_manage: guichet_core::access::may(&s.user, guichet_core::access::Action::ManageRoles),
        saved: n.done == "saved",
    }
    .into_response())
}

async fn save_approval(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let codes: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "field")
        .map(|(_, v)| v)
        .collect();
    state
        .portal
        .set_approval_fields(&s.user, &codes)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to("/staff/company-fields?done=saved").into_response())
}
