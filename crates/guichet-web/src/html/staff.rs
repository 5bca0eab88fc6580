//! The back-office: customer accounts, contacts, invitations, the local outbox.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::access::{Action, may};
use guichet_core::accounts::{AddressInput, ContactInput, CustomerInput};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Address, Customer, CustomerId, EmailId, RoleId, UserId};
use guichet_store::CustomerQuery;
use serde::Deserialize;

use crate::AppState;
use crate::error::{fail, not_found};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(|| async { Redirect::to("/staff/customers") }))
        .route("/staff/customers", get(customers).post(create_customer))
        .route("/staff/customers/new", get(new_customer))
        .route("/staff/customers/{id}", get(customer).post(update_customer))
        .route("/staff/customers/{id}/edit", get(edit_customer))
        .route("/staff/customers/{id}/contacts", post(create_contact))
        .route("/staff/customers/{id}/contacts/new", get(new_contact))
        .route("/staff/customers/{id}/roles", post(move_contacts))
        .route("/staff/contacts/{id}", post(update_contact))
        .route("/staff/contacts/{id}/edit", get(edit_contact))
        .route("/staff/contacts/{id}/invite", post(invite_contact))
        .route("/staff/contacts/{id}/deactivate", post(deactivate_contact))
        .route("/staff/contacts/{id}/activate", post(activate_contact))
        .route("/staff/outbox", get(outbox))
        .route("/staff/outbox/{id}", get(outbox_email))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_customers.html")]
struct CustomersPage {
    ctx: PageCtx,
    customers: Vec<Customer>,
    total: i64,
    q: String,
    next_page: Option<String>,
    can_manage: bool,
}

async fn customers(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<ListQuery>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    // The cursor is "<id>" of the last row shown; its name comes from the database.
    let after = match lq.after.parse::<CustomerId>() {
        Ok(id) => match state.portal.customer(&s.user, id).await {
            Ok((c, _)) => Some((c.name, c.id)),
            Err(CoreError::NotFound) => None,
            Err(e) => return fail(ctx, e),
        },
        Err(_) => None,
    };
    let q = lq.q.trim().chars().take(100).collect::<String>();
    let query = CustomerQuery {
        search: Some(q.clone()),
        after,
        limit: PAGE + 1,
    };
    let (mut list, total) = match (
        state.portal.list_customers(&s.user, &query).await,
        state.portal.count_customers(&s.user).await,
    ) {
        (Ok(l), Ok(t)) => (l, t),
        (Err(e), _) | (_, Err(e)) => return fail(ctx, e),
    };
    let next_page = if list.len() as i64 > PAGE {
        list.truncate(PAGE as usize);
        list.last().map(|c| {
            format!(
                "/staff/customers?{}",
                serde_urlencoded::to_string([("q", q.as_str()), ("after", &c.id.to_string())])
                    .unwrap_or_default()
            )
        })
    } else {
        None
    };
    let can_manage = may(&s.user, Action::ManageCustomers);
    CustomersPage {
        ctx,
        customers: list,
        total,
        q,
        next_page,
        can_manage,
    }
    .into_response()
}

fn address_text(a: &Address) -> String {
    if a.is_empty() {
        return "—".into();
    }
    let mut lines = vec![a.line1.clone()];
    if !a.line2.is_empty() {
        lines.push(a.line2.clone());
    }
    lines.push(
        format!("{} {} {}", a.city, a.region, a.postal_code)
            .trim()
            .to_string(),
    );
    if !a.country.is_empty() {
        lines.push(a.country.clone());
    }
    lines.join("\n")
}

struct ContactRow {
    id: UserId,
    name: String,
    email: String,
    role_name: String,
    invited_by: Option<String>,
    active: bool,
    has_password: bool,
    status_key: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_customer.html")]
struct CustomerPage {
    ctx: PageCtx,
    customer: Customer,
    billing: String,
    shipping: String,
    contacts: Vec<ContactRow>,
    can_manage: bool,
    can_move: bool,
    roles: Vec<(RoleId, String)>,
    notice: Option<&'static str>,
    errors: FieldErrors,
    /// The company profile: (label key, value).
    profile: Vec<(String, String)>,
    changes: Vec<crate::html::company::ChangeRow>,
    can_decide: bool,
    addresses: Vec<crate::html::addresses::AddressView>,
    projects: Vec<crate::html::projects::ProjectRow>,
    can_manage_customer: bool,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

fn notice_key(done: &str) -> Option<&'static str> {
    match done {
        "saved" => Some("notice-saved"),
        "invited" => Some("notice-invited"),
        "deactivated" => Some("notice-deactivated"),
        "activated" => Some("notice-activated"),
        "moved" => Some("notice-contacts-moved"),
        "approved" => Some("notice-change-approved"),
        "rejected" => Some("notice-change-rejected"),
        "decided" => Some("notice-change-decided"),
        _ => None,
    }
}

async fn customer(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    customer_page(
        &state,
        &s,
        ctx,
        id,
        notice_key(&n.done),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn customer_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: CustomerId,
    notice: Option<&'static str>,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let (customer, members, roles) = match (
        state.portal.customer(&s.user, id).await,
        state.portal.roles(&s.user).await,
    ) {
        (Ok((c, m)), Ok(r)) => (c, m, r),
        (Err(e), _) | (_, Err(e)) => return fail(ctx, e),
    };
    let (profile, changes) = match state.portal.company_for_staff(&s.user, &customer).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let changes = crate::html::company::change_rows(&ctx, &changes);
    let projects = match state.portal.customer_projects(&s.user, customer.id).await {
        Ok(list) => crate::html::projects::rows(&list),
        Err(e) => return fail(ctx, e),
    };
    let addresses = match state.portal.addresses_for_staff(&s.user, &customer).await {
        Ok(list) => list.iter().map(crate::html::addresses::view).collect(),
        Err(e) => return fail(ctx, e),
    };
    let profile = guichet_domain::CompanyProfile::FIELDS
        .iter()
        .map(|f| {
            (
                crate::html::company::field_key(*f),
                profile.get(*f).to_string(),
            )
        })
        .collect();
    let role_name = |rid: RoleId| {
        roles
            .iter()
            .find(|(r, _)| r.id == rid)
            .map(|(r, _)| r.name.clone())
            .unwrap_or_default()
    };
    let contacts = members
        .into_iter()
        .map(|m| {
            let u = m.user;
            let (status_key, status_class) =
                super::contact_status(u.active, u.password_hash.is_some());
            ContactRow {
                id: u.id,
                name: u.name,
                email: u.email.to_string(),
                role_name: role_name(m.role_id),
                invited_by: m.invited_by_name,
                active: u.active,
                has_password: u.password_hash.is_some(),
                status_key,
                status_class,
            }
        })
        .collect();
    (
        status,
        CustomerPage {
            ctx,
            billing: address_text(&customer.billing),
            shipping: address_text(&customer.shipping),
            customer,
            contacts,
            can_manage: may(&s.user, Action::ManageContacts),
            can_move: may(&s.user, Action::ManageRoles),
            roles: roles.into_iter().map(|(r, _)| (r.id, r.name)).collect(),
            notice,
            errors,
            profile,
            changes,
            can_decide: may(&s.user, Action::ManageCustomers),
            addresses,
            projects,
            can_manage_customer: may(&s.user, Action::ManageCustomers),
        },
    )
        .into_response()
}

/// Moves the selected contacts of this account to a role.
async fn move_contacts(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    let mut members = Vec::new();
    let mut role = "";
    for (k, v) in &pairs {
        match k.as_str() {
            // A forged id matches no membership: the core refuses it (404).
            "member" => members.push((id, v.parse::<UserId>().unwrap_or_default())),
            "role" => role = v,
            _ => {}
        }
    }
    match state.portal.move_contacts(&s.user, &members, role).await {
        Ok(_) => Redirect::to(&format!("/staff/customers/{id}?done=moved")).into_response(),
        Err(CoreError::Invalid(errors)) => {
            customer_page(
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
        Err(CoreError::NotFound) => not_found(ctx),
        Err(e) => fail(ctx, e),
    }
}

/// The customer form as typed (kept on errors).
#[derive(Deserialize, Default, Clone)]
struct CustomerForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    billing_line1: String,
    #[serde(default)]
    billing_line2: String,
    #[serde(default)]
    billing_city: String,
    #[serde(default)]
    billing_region: String,
    #[serde(default)]
    billing_postal_code: String,
    #[serde(default)]
    billing_country: String,
    #[serde(default)]
    shipping_line1: String,
    #[serde(default)]
    shipping_line2: String,
    #[serde(default)]
    shipping_city: String,
    #[serde(default)]
    shipping_region: String,
    #[serde(default)]
    shipping_postal_code: String,
    #[serde(default)]
    shipping_country: String,
}

impl CustomerForm {
    fn of(c: &Customer) -> Self {
        CustomerForm {
            number: c.number.clone(),
            name: c.name.clone(),
            locale: c.locale.code().into(),
            currency: c.currency.clone(),
            billing_line1: c.billing.line1.clone(),
            billing_line2: c.billing.line2.clone(),
            billing_city: c.billing.city.clone(),
            billing_region: c.billing.region.clone(),
            billing_postal_code: c.billing.postal_code.clone(),
            billing_country: c.billing.country.clone(),
            shipping_line1: c.shipping.line1.clone(),
            shipping_line2: c.shipping.line2.clone(),
            shipping_city: c.shipping.city.clone(),
            shipping_region: c.shipping.region.clone(),
            shipping_postal_code: c.shipping.postal_code.clone(),
            shipping_country: c.shipping.country.clone(),
        }
    }

    fn input(&self) -> CustomerInput {
        CustomerInput {
            number: self.number.clone(),
            name: self.name.clone(),
            locale: self.locale.clone(),
            currency: self.currency.clone(),
            billing: AddressInput {
                line1: self.billing_line1.clone(),
                line2: self.billing_line2.clone(),
                city: self.billing_city.clone(),
                region: self.billing_region.clone(),
                postal_code: self.billing_postal_code.clone(),
                country: self.billing_country.clone(),
            },
            shipping: AddressInput {
                line1: self.shipping_line1.clone(),
                line2: self.shipping_line2.clone(),
                city: self.shipping_city.clone(),
                region: self.shipping_region.clone(),
                postal_code: self.shipping_postal_code.clone(),
                country: self.shipping_country.clone(),
            },
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_customer_form.html")]
struct CustomerFormPage {
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    form: CustomerForm,
    errors: FieldErrors,
}

async fn new_customer(State(state): State<AppState>, s: Signed) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    if !may(&s.user, Action::ManageCustomers) {
        return fail(ctx, CoreError::Forbidden);
    }
    let form = CustomerForm {
        locale: s.v.locale.code().into(),
        currency: "CAD".into(),
        billing_country: "CA".into(),
        shipping_country: "CA".into(),
        ..Default::default()
    };
    CustomerFormPage {
        ctx,
        title_key: "customer-new",
        action: "/staff/customers".into(),
        form,
        errors: FieldErrors::default(),
    }
    .into_response()
}

async fn create_customer(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<CustomerForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    match state.portal.create_customer(&s.user, &form.input()).await {
        Ok(c) => Redirect::to(&format!("/staff/customers/{}?done=saved", c.id)).into_response(),
        Err(CoreError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            CustomerFormPage {
                ctx,
                title_key: "customer-new",
                action: "/staff/customers".into(),
                form,
                errors,
            },
        )
            .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn edit_customer(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageCustomers) {
        return fail(ctx, CoreError::Forbidden);
    }
    match state.portal.customer(&s.user, id).await {
        Ok((c, _)) => CustomerFormPage {
            ctx,
            title_key: "customer-edit",
            action: format!("/staff/customers/{id}"),
            form: CustomerForm::of(&c),
            errors: FieldErrors::default(),
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn update_customer(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CustomerForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    match state
        .portal
        .update_customer(&s.user, id, &form.input())
        .await
    {
        Ok(c) => Redirect::to(&format!("/staff/customers/{}?done=saved", c.id)).into_response(),
        Err(CoreError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            CustomerFormPage {
                ctx,
                title_key: "customer-edit",
                action: format!("/staff/customers/{id}"),
                form,
                errors,
            },
        )
            .into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default, Clone)]
struct ContactForm {
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

async fn new_contact(State(state): State<AppState>, s: Signed, Path(id): Path<String>) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageContacts) {
        return fail(ctx, CoreError::Forbidden);
    }
    match (
        state.portal.customer(&s.user, id).await,
        state.portal.roles(&s.user).await,
    ) {
        (Ok((c, _)), Ok(roles)) => ContactFormPage {
            ctx,
            title_key: "contact-new",
            action: format!("/staff/customers/{id}/contacts"),
            customer_id: c.id,
            customer_name: c.name,
            is_new: true,
            roles: role_options(roles),
            form: ContactForm {
                locale: c.locale.code().into(),
                invite: Some("1".into()),
                ..Default::default()
            },
            errors: FieldErrors::default(),
        }
        .into_response(),
        (Err(e), _) | (_, Err(e)) => fail(ctx, e),
    }
}

fn role_options(roles: Vec<(guichet_domain::Role, i64)>) -> Vec<(String, String)> {
    roles
        .into_iter()
        .map(|(r, _)| (r.id.to_string(), r.name))
        .collect()
}

async fn create_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    let invite = form.invite.is_some();
    match state
        .portal
        .add_contact(&s.user, &s.v.tenant, id, &form.input(), invite)
        .await
    {
        Ok(_) => Redirect::to(&format!(
            "/staff/customers/{id}?done={}",
            if invite { "invited" } else { "saved" }
        ))
        .into_response(),
        Err(CoreError::Invalid(errors)) => {
            let (name, roles) = match (
                state.portal.customer(&s.user, id).await,
                state.portal.roles(&s.user).await,
            ) {
                (Ok((c, _)), Ok(roles)) => (c.name, role_options(roles)),
                (Err(e), _) | (_, Err(e)) => return fail(ctx, e),
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ContactFormPage {
                    ctx,
                    title_key: "contact-new",
                    action: format!("/staff/customers/{id}/contacts"),
                    customer_id: id,
                    customer_name: name,
                    is_new: true,
                    roles,
                    form,
                    errors,
                },
            )
                .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

async fn edit_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<UserId>() else {
        return not_found(ctx);
    };
    if !may(&s.user, Action::ManageContacts) {
        return fail(ctx, CoreError::Forbidden);
    }
    match state.portal.contact(&s.user, id).await {
        Ok((u, customers)) => {
            let (customer_id, customer_name) = customers
                .first()
                .map(|c| (c.id, c.name.clone()))
                .unwrap_or_default();
            ContactFormPage {
                ctx,
                title_key: "contact-edit",
                action: format!("/staff/contacts/{id}"),
                customer_id,
                customer_name,
                is_new: false,
                roles: Vec::new(),
                form: ContactForm {
                    role: String::new(),
                    name: u.name,
                    email: u.email.to_string(),
                    phone: u.phone,
                    locale: u.locale.code().into(),
                    invite: None,
                },
                errors: FieldErrors::default(),
            }
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

async fn customer_page_of(state: &AppState, s: &Signed, id: UserId, done: &str) -> Response {
    match state.portal.contact(&s.user, id).await {
        Ok((_, customers)) => match customers.first() {
            Some(c) => {
                Redirect::to(&format!("/staff/customers/{}?done={done}", c.id)).into_response()
            }
            None => Redirect::to("/staff/customers").into_response(),
        },
        Err(e) => fail(s.v.ctx(state), e),
    }
}

async fn update_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<UserId>() else {
        return not_found(ctx);
    };
    match state
        .portal
        .update_contact(&s.user, id, &form.input())
        .await
    {
        Ok(_) => customer_page_of(&state, &s, id, "saved").await,
        Err(CoreError::Invalid(errors)) => {
            let (customer_id, customer_name) = match state.portal.contact(&s.user, id).await {
                Ok((_, cs)) => cs
                    .first()
                    .map(|c| (c.id, c.name.clone()))
                    .unwrap_or_default(),
                Err(e) => return fail(ctx, e),
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ContactFormPage {
                    ctx,
                    title_key: "contact-edit",
                    action: format!("/staff/contacts/{id}"),
                    customer_id,
                    customer_name,
                    is_new: false,
                    roles: Vec::new(),
                    form,
                    errors,
                },
            )
                .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn invite_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<UserId>() else {
        return not_found(s.v.ctx(&state));
    };
    match state.portal.invite_contact(&s.user, &s.v.tenant, id).await {
        Ok(()) => customer_page_of(&state, &s, id, "invited").await,
        Err(e) => fail(s.v.ctx(&state), e),
    }
}

async fn set_active(state: AppState, s: Signed, id: String, active: bool) -> Response {
    let Ok(id) = id.parse::<UserId>() else {
        return not_found(s.v.ctx(&state));
    };
    match state.portal.set_contact_active(&s.user, id, active).await {
        Ok(()) => {
            customer_page_of(
                &state,
                &s,
                id,
                if active { "activated" } else { "deactivated" },
            )
            .await
        }
        Err(e) => fail(s.v.ctx(&state), e),
    }
}

async fn deactivate_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> Response {
    set_active(state, s, id, false).await
}

async fn activate_contact(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> Response {
    set_active(state, s, id, true).await
}

struct OutboxRow {
    id: EmailId,
    when: String,
    to: String,
    subject: String,
    status_key: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxRow>,
    local: bool,
}

async fn outbox(State(state): State<AppState>, s: Signed) -> Response {
    let ctx = s.v.ctx(&state).with_nav("outbox");
    match state.portal.outbox(&s.user, 200).await {
        Ok(list) => {
            let emails = list
                .into_iter()
                .map(|m| {
                    let (status_key, status_class) = match (m.sent_at, &m.last_error) {
                        (Some(_), _) => ("outbox-sent", "ok"),
                        (None, Some(_)) => ("outbox-retrying", "err"),
                        (None, None) => ("outbox-queued", "warn"),
                    };
                    OutboxRow {
                        id: m.id,
                        when: ctx.when(m.created_at),
                        to: m.to_addr,
                        subject: m.subject,
                        status_key,
                        status_class,
                    }
                })
                .collect();
            OutboxPage {
                ctx,
                emails,
                local: state.settings.local_outbox,
            }
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

struct BodyPart {
    text: String,
    is_link: bool,
}

/// Splits a plain-text body into text and links, so links can be followed.
fn linkify(body: &str) -> Vec<BodyPart> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(pos) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        let (before, from) = rest.split_at(pos);
        if !before.is_empty() {
            out.push(BodyPart {
                text: before.to_string(),
                is_link: false,
            });
        }
        let end = from.find(char::is_whitespace).unwrap_or(from.len());
        out.push(BodyPart {
            text: from[..end].to_string(),
            is_link: true,
        });
        rest = &from[end..];
    }
    if !rest.is_empty() {
        out.push(BodyPart {
            text: rest.to_string(),
            is_link: false,
        });
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_outbox_email.html")]
struct OutboxEmailPage {
    ctx: PageCtx,
    subject: String,
    to: String,
    when: String,
    body: Vec<BodyPart>,
}

async fn outbox_email(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("outbox");
    let Ok(id) = id.parse::<EmailId>() else {
        return not_found(ctx);
    };
    match state.portal.outbox_email(&s.user, id).await {
        Ok(m) => OutboxEmailPage {
            when: ctx.when(m.created_at),
            ctx,
            subject: m.subject,
            to: m.to_addr,
            body: linkify(&m.body_text),
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_are_found() {
        let parts = super::linkify("Hello,\nopen https://a.example/x/y now.\nBye http://b.example");
        let links: Vec<_> = parts
            .iter()
            .filter(|p| p.is_link)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(links, ["https://a.example/x/y", "http://b.example"]);
        assert_eq!(
            parts.iter().map(|p| p.text.as_str()).collect::<String>(),
            "Hello,\nopen https://a.example/x/y now.\nBye http://b.example"
        );
    }
}
#[cfg(test)]
mod parse_tests {
    #[test]
    fn customer_form_parses() {
        let body = "_csrf=x&number=C-100&name=%C3%89rabli%C3%A8re+du+Nord&locale=fr&currency=cad&billing_line1=12%2C+rue+des+%C3%89rables&billing_city=Sherbrooke&billing_region=QC&billing_postal_code=j1h+1a1&billing_country=ca&shipping_line1=Chantier+4&shipping_city=Magog";
        let r = serde_urlencoded::from_str::<super::CustomerForm>(body);
        assert!(r.is_ok(), "{:?}", r.err());
    }
}
