//! Staff keep the catalog: products, their price rules, segments, and customers' sales terms.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::access::{Action, may};
use guichet_core::sales::{PriceInput, ProductInput, ProductQuery};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{
    Currency, CustomerId, PriceId, PriceRule, PriceTarget, Product, ProductId, Segment, Unit,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/catalog", get(list).post(create))
        .route("/staff/catalog/new", get(new))
        .route("/staff/catalog/{id}", get(edit).post(update))
        .route("/staff/catalog/{id}/prices", post(add_price))
        .route("/staff/prices/{id}/remove", post(remove_price))
        .route("/staff/segments", post(create_segment))
        .route("/staff/customers/{id}/terms", post(set_terms))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    done: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_products.html")]
struct ListPage {
    ctx: PageCtx,
    products: Vec<Product>,
    segments: Vec<Segment>,
    q: String,
    can_manage: bool,
    notice: Option<&'static str>,
    errors: FieldErrors,
    segment_name: String,
}

async fn list_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    q: ListQuery,
    errors: FieldErrors,
    segment_name: String,
    status: StatusCode,
) -> PageResult {
    let products = state
        .portal
        .staff_products(
            &s.user,
            &ProductQuery {
                search: q.q.clone(),
                category: String::new(),
                include_inactive: true,
                favourites_of: None,
                limit: 500,
                offset: 0,
            },
        )
        .await
        .in_page(&ctx)?;
    let segments = state.portal.segments(&s.user).await.in_page(&ctx)?;
    let notice = match q.done.as_str() {
        "segment" => Some("notice-segment-created"),
        _ => None,
    };
    Ok((
        status,
        ListPage {
            can_manage: may(&s.user, Action::ManageCatalog),
            products,
            segments,
            q: q.q,
            notice,
            errors,
            segment_name,
            ctx,
        },
    )
        .into_response())
}

async fn list(State(state): State<AppState>, s: Signed, Query(q): Query<ListQuery>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    list_page(
        &state,
        &s,
        ctx,
        q,
        FieldErrors::default(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
struct ProductForm {
    #[serde(default)]
    sku: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    description_fr: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    category_fr: String,
    #[serde(default)]
    category_en: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    availability: String,
    #[serde(default)]
    lead_days: String,
    #[serde(default)]
    min_quantity: String,
    #[serde(default)]
    multiple: String,
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    version: String,
}

impl ProductForm {
    fn input(&self) -> ProductInput {
        ProductInput {
            sku: self.sku.clone(),
            name_fr: self.name_fr.clone(),
            name_en: self.name_en.clone(),
            description_fr: self.description_fr.clone(),
            description_en: self.description_en.clone(),
            category_fr: self.category_fr.clone(),
            category_en: self.category_en.clone(),
            unit: self.unit.clone(),
            availability: self.availability.clone(),
            lead_days: self.lead_days.clone(),
            min_quantity: self.min_quantity.clone(),
            multiple: self.multiple.clone(),
            active: self.active.is_some(),
        }
    }
    fn of(p: &Product) -> Self {
        ProductForm {
            sku: p.sku.clone(),
            name_fr: p.name.fr.clone(),
            name_en: p.name.en.clone(),
            description_fr: p.description.fr.clone(),
            description_en: p.description.en.clone(),
            category_fr: p.category.fr.clone(),
            category_en: p.category.en.clone(),
            unit: p.unit.code().into(),
            availability: p.availability.code().into(),
            lead_days: match p.availability.days() {
                0 => String::new(),
                d => d.to_string(),
            },
            min_quantity: p.min_quantity.to_string(),
            multiple: p.multiple.to_string(),
            active: p.active.then(|| "on".into()),
            version: p.updated_at.0.to_string(),
        }
    }
}

#[derive(Deserialize, Default, Clone)]
struct PriceForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    min_quantity: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_until: String,
}

/// A price rule as the product page lists it.
pub struct PriceRow {
    pub rule: PriceRule,
    /// Whom it is for, in words (a segment's or customer's name).
    pub target: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_product.html")]
struct ProductPage {
    ctx: PageCtx,
    /// None: a new product.
    product: Option<Product>,
    action: String,
    form: ProductForm,
    errors: FieldErrors,
    conflict: bool,
    units: Vec<Unit>,
    prices: Vec<PriceRow>,
    price_form: PriceForm,
    price_errors: FieldErrors,
    /// (value, label) of whom a price may be for.
    targets: Vec<(String, String)>,
    currencies: Vec<Currency>,
    can_manage: bool,
    notice: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
async fn product_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: Option<ProductId>,
    form: Option<ProductForm>,
    errors: FieldErrors,
    conflict: bool,
    price_form: PriceForm,
    price_errors: FieldErrors,
    notice: Option<&'static str>,
    status: StatusCode,
) -> PageResult {
    let (product, rules) = match id {
        Some(id) => {
            let (p, rules) = state
                .portal
                .staff_product(&s.user, id)
                .await
                .in_page(&ctx)?;
            (Some(p), rules)
        }
        None => (None, Vec::new()),
    };
    let segments = state.portal.segments(&s.user).await.in_page(&ctx)?;
    let customers = state.portal.customer_choices(&s.user).await.in_page(&ctx)?;
    let name_of = |t: &PriceTarget| -> String {
        match t {
            PriceTarget::Base => ctx.t("price-target-base"),
            PriceTarget::Segment(id) => segments
                .iter()
                .find(|x| x.id == *id)
                .map(|x| ctx.t1("price-target-segment", "name", &x.name))
                .unwrap_or_default(),
            PriceTarget::Customer(id) => customers
                .iter()
                .find(|(c, _)| c == id)
                .map(|(_, n)| ctx.t1("price-target-customer", "name", n))
                .unwrap_or_default(),
        }
    };
    let prices = rules
        .into_iter()
        .map(|rule| PriceRow {
            target: name_of(&rule.target),
            rule,
        })
        .collect();
    let mut targets = vec![("base".to_string(), ctx.t("price-target-base"))];
    targets.extend(segments.iter().map(|x| {
        (
            format!("segment:{}", x.id),
            ctx.t1("price-target-segment", "name", &x.name),
        )
    }));
    targets.extend(customers.iter().map(|(id, n)| {
        (
            format!("customer:{id}"),
            ctx.t1("price-target-customer", "name", n),
        )
    }));
    let price_form = PriceForm {
        min_quantity: if price_form.min_quantity.is_empty() {
            "1".into()
        } else {
            price_form.min_quantity
        },
        ..price_form
    };
    let form = form.unwrap_or_else(|| match &product {
        Some(p) => ProductForm::of(p),
        None => ProductForm {
            unit: "each".into(),
            availability: "in_stock".into(),
            min_quantity: "1".into(),
            multiple: "1".into(),
            active: Some("on".into()),
            ..Default::default()
        },
    });
    let action = match &product {
        Some(p) => format!("/staff/catalog/{}", p.id),
        None => "/staff/catalog".into(),
    };
    Ok((
        status,
        ProductPage {
            can_manage: may(&s.user, Action::ManageCatalog),
            product,
            action,
            form,
            errors,
            conflict,
            units: Unit::ALL.to_vec(),
            prices,
            price_form,
            price_errors,
            targets,
            currencies: Currency::ALL.to_vec(),
            notice,
            ctx,
        },
    )
        .into_response())
}

async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    if !may(&s.user, Action::ManageCatalog) {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    product_page(
        &state,
        &s,
        ctx,
        None,
        None,
        FieldErrors::default(),
        false,
        PriceForm::default(),
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<ProductForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    match state
        .portal
        .create_product(&s.user, &s.v.client, &form.input())
        .await
    {
        Ok(p) => Ok(Redirect::to(&format!("/staff/catalog/{}?done=created", p.id)).into_response()),
        Err(CoreError::Invalid(errors)) => {
            product_page(
                &state,
                &s,
                ctx,
                None,
                Some(form),
                errors,
                false,
                PriceForm::default(),
                FieldErrors::default(),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let notice = match q.done.as_str() {
        "created" => Some("notice-product-created"),
        "saved" => Some("notice-saved"),
        "price" => Some("notice-price-added"),
        "removed" => Some("notice-price-removed"),
        "image" => Some("notice-image-saved"),
        _ => None,
    };
    product_page(
        &state,
        &s,
        ctx,
        Some(id),
        None,
        FieldErrors::default(),
        false,
        PriceForm::default(),
        FieldErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(form): CsrfForm<ProductForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let seen = guichet_domain::Millis(form.version.trim().parse().unwrap_or(-1));
    match state
        .portal
        .update_product(&s.user, &s.v.client, id, &form.input(), seen)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/catalog/{id}?done=saved")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            product_page(
                &state,
                &s,
                ctx,
                Some(id),
                Some(form),
                errors,
                false,
                PriceForm::default(),
                FieldErrors::default(),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        // Someone saved it meanwhile: their version, with a word; what was typed is lost
        // only after the person sees why.
        Err(CoreError::Conflict) => {
            product_page(
                &state,
                &s,
                ctx,
                Some(id),
                None,
                FieldErrors::default(),
                true,
                PriceForm::default(),
                FieldErrors::default(),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

async fn add_price(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(form): CsrfForm<PriceForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let input = PriceInput {
        target: form.target.clone(),
        min_quantity: form.min_quantity.clone(),
        amount: form.amount.clone(),
        currency: form.currency.clone(),
        valid_from: form.valid_from.clone(),
        valid_until: form.valid_until.clone(),
    };
    match state
        .portal
        .add_price(&s.user, &s.v.client, id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/catalog/{id}?done=price")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            product_page(
                &state,
                &s,
                ctx,
                Some(id),
                None,
                FieldErrors::default(),
                false,
                form,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

async fn remove_price(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<PriceId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let product = state
        .portal
        .remove_price(&s.user, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/catalog/{product}?done=removed")).into_response())
}

#[derive(Deserialize)]
struct SegmentForm {
    #[serde(default)]
    name: String,
}

async fn create_segment(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<SegmentForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    match state
        .portal
        .create_segment(&s.user, &s.v.client, &form.name)
        .await
    {
        Ok(_) => Ok(Redirect::to("/staff/catalog?done=segment").into_response()),
        Err(CoreError::Invalid(errors)) => {
            list_page(
                &state,
                &s,
                ctx,
                ListQuery::default(),
                errors,
                form.name,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Deserialize)]
struct TermsForm {
    #[serde(default)]
    segment: String,
    #[serde(default)]
    tax_region: String,
}

async fn set_terms(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(form): CsrfForm<TermsForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    state
        .portal
        .set_customer_terms(&s.user, &s.v.client, id, &form.segment, &form.tax_region)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/customers/{id}?done=terms")).into_response())
}
