//! A customer account's form: new, edit, and the saves, which show the form again with what
//! was typed and the problems beside the fields.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::FieldErrors;
use guichet_core::access::{Action, require};
use guichet_core::accounts::{AddressInput, CustomerInput};
use guichet_domain::{Customer, CustomerId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

/// The customer form as typed (kept on errors).
#[derive(Deserialize, Default, Clone)]
pub(super) struct CustomerForm {
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

pub(super) async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    require(&s.user, Action::ManageCustomers).in_page(&ctx)?;
    let form = CustomerForm {
        locale: s.v.locale.code().into(),
        currency: "CAD".into(),
        billing_country: "CA".into(),
        shipping_country: "CA".into(),
        ..Default::default()
    };
    Ok(CustomerFormPage {
        ctx,
        title_key: "customer-new",
        action: "/staff/customers".into(),
        form,
        errors: FieldErrors::default(),
    }
    .into_response())
}

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<CustomerForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let created = state
        .portal
        .create_customer(&s.user, &s.v.client, &form.input())
        .await
        .or_form(&ctx)?;
    Ok(match created {
        Ok(c) => Redirect::to(&format!("/staff/customers/{}?done=saved", c.id)).into_response(),
        Err(errors) => (
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
    })
}

pub(super) async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    require(&s.user, Action::ManageCustomers).in_page(&ctx)?;
    let (c, _) = state.portal.customer(&s.user, id).await.in_page(&ctx)?;
    Ok(CustomerFormPage {
        ctx,
        title_key: "customer-edit",
        action: format!("/staff/customers/{id}"),
        form: CustomerForm::of(&c),
        errors: FieldErrors::default(),
    }
    .into_response())
}

pub(super) async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(form): CsrfForm<CustomerForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let updated = state
        .portal
        .update_customer(&s.user, &s.v.client, id, &form.input())
        .await
        .or_form(&ctx)?;
    Ok(match updated {
        Ok(c) => Redirect::to(&format!("/staff/customers/{}?done=saved", c.id)).into_response(),
        Err(errors) => (
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
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn customer_form_parses() {
        let body = "_csrf=x&number=C-100&name=%C3%89rabli%C3%A8re+du+Nord&locale=fr&currency=cad&billing_line1=12%2C+rue+des+%C3%89rables&billing_city=Sherbrooke&billing_region=QC&billing_postal_code=j1h+1a1&billing_country=ca&shipping_line1=Chantier+4&shipping_city=Magog";
        let r = serde_urlencoded::from_str::<super::CustomerForm>(body);
        assert!(r.is_ok(), "{:?}", r.err());
    }
}
