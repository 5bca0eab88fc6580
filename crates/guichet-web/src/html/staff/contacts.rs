//! A customer account's contacts: add one (invited or not), edit one, send the invitation
//! again, deactivate and reactivate.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::FieldErrors;
use guichet_core::access::{Action, require};
use guichet_core::accounts::ContactInput;
use guichet_core::email_change::AddressChange;
use guichet_domain::{CustomerId, UserId};
use serde::Deserialize;

use super::Empty;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

#[derive(Deserialize, Default, Clone)]
pub(super) struct ContactForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    invite: Option<String>,
}

impl ContactForm {
    fn input(&self) -> ContactInput {
        ContactInput {
            role: self.role.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            locale: self.locale.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_contact_form.html")]
struct ContactFormPage {
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    customer_id: CustomerId,
    customer_name: String,
    is_new: bool,
    /// Roles offered when adding a contact: (id, name), the default first.
    roles: Vec<(String, String)>,
    form: ContactForm,
    errors: FieldErrors,
}

/// The form to add a contact to a customer account: typed so far, and the problems.
async fn new_contact_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    customer: CustomerId,
    form: Option<ContactForm>,
    errors: FieldErrors,
) -> PageResult<ContactFormPage> {
    let ((c, _), roles) = futures_util::future::try_join(
        state.portal.customer(&s.user, customer),
        state.portal.roles(&s.user),
    )
    .await
    .in_page(&ctx)?;
    Ok(ContactFormPage {
        ctx,
        title_key: "contact-new",
        action: format!("/staff/customers/{customer}/contacts"),
        customer_id: c.id,
        is_new: true,
        roles: roles
            .into_iter()
            .map(|(r, _)| (r.id.to_string(), r.name))
            .collect(),
        form: form.unwrap_or_else(|| ContactForm {
            locale: c.locale.code().into(),
            invite: Some("1".into()),
            ..Default::default()
        }),
        customer_name: c.name,
        errors,
    })
}

pub(super) async fn new(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    require(&s.user, Action::ManageContacts).in_page(&ctx)?;
    let page = new_contact_page(&state, &s, ctx, id, None, FieldErrors::default()).await?;
    Ok(page.into_response())
}

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let invite = form.invite.is_some();
    let added = state
        .portal
        .add_contact(&s.user, &s.v.tenant, &s.v.client, id, &form.input(), invite)
        .await
        .or_form(&ctx)?;
    match added {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/customers/{id}?done={}",
            if invite { "invited" } else { "saved" }
        ))
        .into_response()),
        Err(errors) => {
            let page = new_contact_page(&state, &s, ctx, id, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The form to edit a contact (their first account named above it).
async fn edit_contact_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: UserId,
    form: Option<ContactForm>,
    errors: FieldErrors,
) -> PageResult<ContactFormPage> {
    let (u, customers) = state.portal.contact(&s.user, id).await.in_page(&ctx)?;
    let (customer_id, customer_name) = customers
        .first()
        .map(|c| (c.id, c.name.clone()))
        .unwrap_or_default();
    Ok(ContactFormPage {
        ctx,
        title_key: "contact-edit",
        action: format!("/staff/contacts/{id}"),
        customer_id,
        customer_name,
        is_new: false,
        roles: Vec::new(),
        form: form.unwrap_or_else(|| ContactForm {
            role: String::new(),
            name: u.name,
            email: u.email.to_string(),
            phone: u.phone,
            locale: u.locale.code().into(),
            invite: None,
        }),
        errors,
    })
}

pub(super) async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    require(&s.user, Action::ManageContacts).in_page(&ctx)?;
    let page = edit_contact_page(&state, &s, ctx, id, None, FieldErrors::default()).await?;
    Ok(page.into_response())
}

pub(super) async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let updated = state
        .portal
        .update_contact(&s.user, &s.v.tenant, &s.v.client, id, &form.input())
        .await
        .or_form(&ctx)?;
    match updated {
        Ok((_, AddressChange::Pending(_))) => {
            back_to_customer(&state, &s, ctx, id, "address-pending").await
        }
        Ok(_) => back_to_customer(&state, &s, ctx, id, "saved").await,
        Err(errors) => {
            let page = edit_contact_page(&state, &s, ctx, id, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Back to the contact's (first) customer account, with a notice.
async fn back_to_customer(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: UserId,
    done: &str,
) -> PageResult {
    let (_, customers) = state.portal.contact(&s.user, id).await.in_page(&ctx)?;
    Ok(match customers.first() {
        Some(c) => Redirect::to(&format!("/staff/customers/{}?done={done}", c.id)),
        None => Redirect::to("/staff/customers"),
    }
    .into_response())
}

pub(super) async fn invite(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    state
        .portal
        .invite_contact(&s.user, &s.v.tenant, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    back_to_customer(&state, &s, ctx, id, "invited").await
}

/// A contact who already has a password gets a sign-in link at their own address.
pub(super) async fn send_sign_in_link(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    state
        .portal
        .send_contact_sign_in_link(&s.user, &s.v.tenant, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    back_to_customer(&state, &s, ctx, id, "sent-sign-in-link").await
}

async fn set_active(state: AppState, s: Signed, id: UserId, active: bool) -> PageResult {
    let ctx = s.v.ctx(&state);
    state
        .portal
        .set_contact_active(&s.user, &s.v.client, id, active)
        .await
        .in_page(&ctx)?;
    let done = if active { "activated" } else { "deactivated" };
    back_to_customer(&state, &s, ctx, id, done).await
}

pub(super) async fn deactivate(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    set_active(state, s, id, false).await
}

pub(super) async fn activate(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    set_active(state, s, id, true).await
}
