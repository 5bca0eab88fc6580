//! Customer accounts: the list (searched, 50 a page) and one account's page with its
//! contacts, company profile, addresses and projects; moving contacts to another role.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::access::{Action, may, require};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Address, Customer, CustomerId, CustomerQuery, RoleId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
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

pub(super) async fn list(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    // The cursor is "<id>" of the last row shown; its name comes from the database.
    let after = match lq.after.parse::<CustomerId>() {
        Ok(id) => match state.portal.customer(&s.user, id).await {
            Ok((c, _)) => Some((c.name, c.id)),
            Err(CoreError::NotFound) => None,
            Err(e) => return Err(ctx.refuse(e)),
        },
        Err(_) => None,
    };
    let q = lq.q.trim().chars().take(100).collect::<String>();
    let query = CustomerQuery {
        search: Some(q.clone()),
        after,
        limit: PAGE + 1,
    };
    let (mut list, total) = futures_util::future::try_join(
        state.portal.list_customers(&s.user, &query),
        state.portal.count_customers(&s.user),
    )
    .await
    .in_page(&ctx)?;
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
    Ok(CustomersPage {
        ctx,
        customers: list,
        total,
        q,
        next_page,
        can_manage: may(&s.user, Action::ManageCustomers),
    }
    .into_response())
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
    /// Selling: the customer's segment and tax region, and its orders.
    terms: guichet_domain::CustomerTerms,
    segments: Vec<guichet_domain::Segment>,
    tax_regions: Vec<guichet_domain::TaxRegion>,
    can_manage_catalog: bool,
    /// May write and send quotes (a new one for this customer).
    can_quote: bool,
    /// May write invoices (a new one for this customer).
    can_invoice: bool,
    orders: Vec<guichet_domain::Order>,
    quotes: Vec<guichet_domain::Quote>,
    /// What the customer pays for each product, and the rule that says so (in words).
    prices: Vec<(guichet_domain::Product, guichet_domain::PriceRule, String)>,
}

#[derive(Deserialize, Default)]
pub(super) struct Notice {
    #[serde(default)]
    done: String,
}

fn notice_key(done: &str) -> Option<&'static str> {
    match done {
        "saved" => Some("notice-saved"),
        "invited" => Some("notice-invited"),
        "sent-sign-in-link" => Some("notice-sign-in-link-sent"),
        "address-pending" => Some("notice-address-pending"),
        "deactivated" => Some("notice-deactivated"),
        "activated" => Some("notice-activated"),
        "moved" => Some("notice-contacts-moved"),
        "approved" => Some("notice-change-approved"),
        "rejected" => Some("notice-change-rejected"),
        "decided" => Some("notice-change-decided"),
        "terms" => Some("notice-terms-saved"),
        _ => None,
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    Query(n): Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
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
) -> PageResult {
    let ((customer, members), roles) = futures_util::future::try_join(
        state.portal.customer(&s.user, id),
        state.portal.roles(&s.user),
    )
    .await
    .in_page(&ctx)?;
    let (profile, changes) = state
        .portal
        .company_for_staff(&s.user, &customer)
        .await
        .in_page(&ctx)?;
    let changes = crate::html::company::change_rows(&ctx, &changes);
    let projects = state
        .portal
        .customer_projects(&s.user, customer.id)
        .await
        .in_page(&ctx)?;
    let projects = crate::html::projects::rows(&ctx, &projects);
    let terms = state
        .portal
        .customer_terms(&s.user, customer.id)
        .await
        .in_page(&ctx)?;
    let segments = state.portal.segments(&s.user).await.in_page(&ctx)?;
    let prices = state
        .portal
        .customer_prices(&s.user, customer.id)
        .await
        .in_page(&ctx)?
        .into_iter()
        .map(|(p, r)| {
            let whom = match r.target {
                guichet_domain::PriceTarget::Base => ctx.t("price-target-base"),
                guichet_domain::PriceTarget::Segment(id) => segments
                    .iter()
                    .find(|x| x.id == id)
                    .map(|x| ctx.t1("price-target-segment", "name", &x.name))
                    .unwrap_or_default(),
                guichet_domain::PriceTarget::Customer(_) => ctx.t("price-rule-own"),
            };
            let rule = if r.min_quantity > 1 {
                format!(
                    "{whom} · {}",
                    ctx.t1(
                        "price-from-quantity",
                        "quantity",
                        &ctx.number(r.min_quantity)
                    )
                )
            } else {
                whom
            };
            (p, r, rule)
        })
        .collect();
    let orders = state
        .portal
        .customer_orders(&s.user, customer.id)
        .await
        .in_page(&ctx)?;
    let quotes = state
        .portal
        .staff_quotes(&s.user, None, Some(customer.id))
        .await
        .in_page(&ctx)?;
    let addresses = state
        .portal
        .addresses_for_staff(&s.user, &customer)
        .await
        .in_page(&ctx)?
        .iter()
        .map(crate::html::addresses::view)
        .collect();
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
                crate::html::contact_status(u.active, u.password_hash.is_some());
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
    Ok((
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
            terms,
            segments,
            tax_regions: guichet_domain::TaxRegion::ALL.to_vec(),
            can_manage_catalog: may(&s.user, Action::ManageCatalog),
            can_quote: may(&s.user, Action::ManageOrders),
            can_invoice: may(&s.user, Action::ManageInvoices),
            orders,
            quotes,
            prices,
        },
    )
        .into_response())
}

/// Moves the selected contacts of this account to a role.
pub(super) async fn move_contacts(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let mut members = Vec::new();
    let mut malformed = false;
    let mut role = "";
    for (k, v) in &pairs {
        match k.as_str() {
            "member" => match v.parse::<UserId>() {
                Ok(u) => members.push((id, u)),
                Err(_) => malformed = true,
            },
            "role" => role = v,
            _ => {}
        }
    }
    // A malformed id is refused whole: nobody is moved, the page says why.
    let moved = if malformed {
        require(&s.user, Action::ManageRoles).and(Err(CoreError::field("members", "error-invalid")))
    } else {
        state
            .portal
            .move_contacts(&s.user, &s.v.client, &members, role)
            .await
    };
    let moved = moved.or_form(&ctx)?;
    match moved {
        Ok(_) => Ok(Redirect::to(&format!("/staff/customers/{id}?done=moved")).into_response()),
        Err(errors) => {
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
    }
}
