//! The address book of the contact's customer account.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::access::may_in;
use guichet_core::address_book::AddressInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{AddressId, COUNTRIES, Module, Op, ShippingAddress};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/addresses", get(list).post(create))
        .route("/portal/addresses/new", get(new))
        .route("/portal/addresses/{id}", get(edit).post(update))
        .route("/portal/addresses/{id}/default", post(make_default))
        .route("/portal/addresses/{id}/archive", post(archive))
        .route("/portal/addresses/{id}/restore", post(restore))
        .route("/portal/addresses/{id}/delete", post(delete))
}

/// An address as shown: its lines, ready to print.
pub struct AddressView {
    pub id: AddressId,
    pub label: String,
    pub lines: Vec<String>,
    pub instructions: String,
    pub is_default: bool,
    pub archived: bool,
}

pub fn view(a: &ShippingAddress) -> AddressView {
    let mut lines = Vec::new();
    if !a.site.is_empty() {
        lines.push(a.site.clone());
    }
    lines.push(a.line1.clone());
    if !a.line2.is_empty() {
        lines.push(a.line2.clone());
    }
    lines.push(
        [a.city.as_str(), a.region.as_str(), a.postal_code.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    );
    lines.push(a.country.clone());
    AddressView {
        id: a.id,
        label: a.label.clone(),
        lines,
        instructions: a.instructions.clone(),
        is_default: a.is_default,
        archived: a.archived_at.is_some(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "addresses.html")]
struct ListPage {
    ctx: PageCtx,
    company_name: String,
    active: Vec<AddressView>,
    archived: Vec<AddressView>,
    can_edit: bool,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

async fn list_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    notice: Option<&'static str>,
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let list = state
        .portal
        .addresses(&s.actor, account)
        .await
        .in_page(&ctx)?;
    let (archived, active): (Vec<_>, Vec<_>) = list.iter().map(view).partition(|a| a.archived);
    Ok((
        status,
        ListPage {
            company_name: account.customer.name.clone(),
            can_edit: may_in(&s.user, account, Module::Company, Op::Edit),
            active,
            archived,
            ctx,
            notice,
            errors,
        },
    )
        .into_response())
}

async fn list(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let notice = match n.done.as_str() {
        "saved" => Some("notice-saved"),
        "default" => Some("notice-address-default"),
        "archived" => Some("notice-address-archived"),
        "restored" => Some("notice-address-restored"),
        "deleted" => Some("notice-address-deleted"),
        _ => None,
    };
    list_page(
        &state,
        &s,
        ctx,
        notice,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
struct AddressForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    instructions: String,
    #[serde(default)]
    make_default: Option<String>,
    #[serde(default)]
    version: String,
}

impl AddressForm {
    fn input(&self) -> AddressInput {
        AddressInput {
            label: self.label.clone(),
            site: self.site.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            city: self.city.clone(),
            region: self.region.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            instructions: self.instructions.clone(),
            make_default: self.make_default.is_some(),
        }
    }
    fn of(a: &ShippingAddress) -> Self {
        AddressForm {
            label: a.label.clone(),
            site: a.site.clone(),
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            region: a.region.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
            instructions: a.instructions.clone(),
            make_default: a.is_default.then(|| "on".into()),
            version: a.updated_at.0.to_string(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "address_form.html")]
struct FormPage {
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    form: AddressForm,
    countries: Vec<(&'static str, String)>,
    errors: FieldErrors,
    conflict: bool,
}

fn form_page(
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    form: AddressForm,
    errors: FieldErrors,
    conflict: bool,
) -> FormPage {
    FormPage {
        countries: COUNTRIES
            .iter()
            .map(|c| (*c, format!("country-{}", c.to_lowercase())))
            .collect(),
        ctx,
        title_key,
        action,
        form,
        errors,
        conflict,
    }
}

/// The contact's current account, when their role lets them edit its addresses.
fn editable_account<'a>(
    state: &AppState,
    s: &'a Signed,
    ctx: &PageCtx,
) -> PageResult<&'a guichet_domain::Account> {
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(ctx)?;
    if !may_in(&s.user, account, Module::Company, Op::Edit) {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    Ok(account)
}

async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = editable_account(&state, &s, &ctx)?;
    let form = AddressForm {
        country: "CA".into(),
        region: account.customer.billing.region.clone(),
        ..Default::default()
    };
    Ok(form_page(
        ctx,
        "address-new",
        "/portal/addresses".into(),
        form,
        FieldErrors::default(),
        false,
    )
    .into_response())
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<AddressForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let added = state
        .portal
        .add_address(&s.actor, account, &form.input())
        .await
        .or_form(&ctx)?;
    Ok(match added {
        Ok(_) => Redirect::to("/portal/addresses?done=saved").into_response(),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(
                ctx,
                "address-new",
                "/portal/addresses".into(),
                form,
                errors,
                false,
            ),
        )
            .into_response(),
    })
}

async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = editable_account(&state, &s, &ctx)?;
    let a = state
        .portal
        .address(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(form_page(
        ctx,
        "address-edit",
        format!("/portal/addresses/{id}"),
        AddressForm::of(&a),
        FieldErrors::default(),
        false,
    )
    .into_response())
}

async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
    CsrfForm(mut form): CsrfForm<AddressForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let version = form.version.parse::<i64>().unwrap_or(-1);
    let (status, errors, conflict) = match state
        .portal
        .update_address(&s.actor, account, id, version, &form.input())
        .await
    {
        Ok(_) => return Ok(Redirect::to("/portal/addresses?done=saved").into_response()),
        Err(CoreError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false),
        Err(CoreError::Conflict) => {
            // Keep what was typed; the next save applies over the latest version.
            if let Ok(a) = state.portal.address(&s.actor, account, id).await {
                form.version = a.updated_at.0.to_string();
            }
            (StatusCode::CONFLICT, FieldErrors::default(), true)
        }
        Err(e) => return Err(ctx.refuse(e)),
    };
    Ok((
        status,
        form_page(
            ctx,
            "address-edit",
            format!("/portal/addresses/{id}"),
            form,
            errors,
            conflict,
        ),
    )
        .into_response())
}

#[derive(Deserialize)]
struct Empty {}

enum Act {
    Default,
    Archive,
    Restore,
    Delete,
}

async fn act(state: AppState, s: Signed, id: AddressId, what: Act) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("company");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let portal = &state.portal;
    let (result, done) = match what {
        Act::Default => (
            portal.set_default_address(&s.actor, account, id).await,
            "default",
        ),
        Act::Archive => (
            portal.archive_address(&s.actor, account, id, true).await,
            "archived",
        ),
        Act::Restore => (
            portal.archive_address(&s.actor, account, id, false).await,
            "restored",
        ),
        Act::Delete => (
            portal.delete_address(&s.actor, account, id).await,
            "deleted",
        ),
    };
    match result.or_form(&ctx)? {
        Ok(()) => Ok(Redirect::to(&format!("/portal/addresses?done={done}")).into_response()),
        Err(errors) => list_page(&state, &s, ctx, None, errors, StatusCode::CONFLICT).await,
    }
}

async fn make_default(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    act(state, s, id, Act::Default).await
}

async fn archive(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    act(state, s, id, Act::Archive).await
}

async fn restore(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    act(state, s, id, Act::Restore).await
}

async fn delete(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<AddressId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    act(state, s, id, Act::Delete).await
}
