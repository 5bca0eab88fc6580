//! The contact's catalog (their account's products at its prices), cart, and placing an order.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::sales::{CartView, CatalogItem, OrderInput, ProductQuery};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Availability, ProductId, Texts};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/catalog", get(catalog))
        .route("/portal/cart", get(cart))
        .route("/portal/catalog/{id}/favourite", post(favourite))
        .route("/portal/cart/add", post(add))
        .route("/portal/cart/{id}/quantity", post(set_quantity))
        .route("/portal/cart/{id}/remove", post(remove))
        .route("/portal/cart/order", post(place))
}

/// How a product's availability reads.
pub fn availability(ctx: &PageCtx, a: &Availability) -> String {
    match a {
        Availability::InStock => ctx.t("availability-in-stock"),
        Availability::LeadTime(d) => ctx.t1("availability-lead-time", "days", &d.to_string()),
        Availability::OnOrder => ctx.t("availability-on-order"),
    }
}

#[derive(Deserialize, Default)]
struct CatalogQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    added: String,
    /// "1": only the reader's favourites.
    #[serde(default)]
    favourites: String,
    /// 1, 2, 3… (a page of `PAGE` products).
    #[serde(default)]
    page: String,
}

/// Products on a page of the catalog.
const PAGE: i64 = 48;

#[derive(Template, WebTemplate)]
#[template(path = "portal_catalog.html")]
struct CatalogPage {
    ctx: PageCtx,
    company_name: String,
    items: Vec<CatalogItem>,
    categories: Vec<Texts>,
    q: String,
    category: String,
    favourites_only: bool,
    /// The SKU just added to the cart.
    added: String,
    errors: FieldErrors,
    /// The product the errors are about.
    failed: Option<ProductId>,
    /// This page's number, and whether there is a next one.
    page: i64,
    has_next: bool,
}

async fn catalog_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    q: CatalogQuery,
    errors: FieldErrors,
    failed: Option<ProductId>,
    status: StatusCode,
) -> PageResult {
    let account = s.account(&state).in_page(&ctx)?;
    let page = q.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 10_000);
    let mut items = state
        .portal
        .portal_catalog(
            &s.actor,
            account,
            &ProductQuery {
                search: q.q.clone(),
                category: q.category.clone(),
                include_inactive: false,
                favourites_of: (q.favourites == "1").then_some(s.user.id),
                // One more than shown, to know whether a next page exists.
                limit: PAGE + 1,
                offset: (page - 1) * PAGE,
            },
        )
        .await
        .in_page(&ctx)?;
    let has_next = items.len() as i64 > PAGE;
    items.truncate(PAGE as usize);
    let categories = state
        .portal
        .portal_categories(&s.actor, account)
        .await
        .in_page(&ctx)?;
    Ok((
        status,
        CatalogPage {
            company_name: account.customer.name.clone(),
            items,
            categories,
            favourites_only: q.favourites == "1",
            q: q.q,
            category: q.category,
            added: q.added,
            ctx,
            errors,
            failed,
            page,
            has_next,
        },
    )
        .into_response())
}

async fn catalog(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<CatalogQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    catalog_page(
        &state,
        &s,
        ctx,
        q,
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct AddForm {
    #[serde(default)]
    product: String,
    #[serde(default)]
    quantity: String,
    /// The catalog's search, to come back to it.
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    /// The catalog page it was on.
    #[serde(default)]
    page: String,
}

async fn add(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<AddForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let account = s.account(&state).in_page(&ctx)?;
    let Ok(product) = form.product.parse::<ProductId>() else {
        return Err(ctx.refuse(CoreError::NotFound));
    };
    match state
        .portal
        .add_to_cart(&s.actor, account, product, &form.quantity)
        .await
    {
        Ok(p) => {
            let back = serde_urlencoded::to_string([
                ("q", form.q.as_str()),
                ("category", form.category.as_str()),
                ("added", p.sku.as_str()),
                ("page", form.page.as_str()),
            ])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/portal/catalog?{back}")).into_response())
        }
        Err(CoreError::Invalid(errors)) => {
            catalog_page(
                &state,
                &s,
                ctx,
                CatalogQuery {
                    q: form.q,
                    category: form.category,
                    added: String::new(),
                    favourites: String::new(),
                    page: form.page,
                },
                errors,
                Some(product),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Deserialize)]
struct FavouriteForm {
    /// "1" to mark, anything else to unmark.
    #[serde(default)]
    on: String,
    /// Where the catalog was (its query string), to go back there.
    #[serde(default)]
    back: String,
}

async fn favourite(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(form): CsrfForm<FavouriteForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let account = s.account(&state).in_page(&ctx)?;
    state
        .portal
        .set_favourite(&s.actor, account, id, form.on == "1")
        .await
        .in_page(&ctx)?;
    // Only back to the catalog, whatever the form says.
    let back: String = form
        .back
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=&%+-_.".contains(*c))
        .collect();
    Ok(Redirect::to(&format!("/portal/catalog?{back}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_cart.html")]
struct CartPage {
    ctx: PageCtx,
    company_name: String,
    cart: CartView,
    addresses: Vec<(String, String, bool)>,
    form: PlaceForm,
    /// A key for this page: submitting it twice makes one order.
    submit_key: String,
    errors: FieldErrors,
    /// Why the order was not placed, when the cart changed meanwhile.
    stale: Option<&'static str>,
    failed: Option<ProductId>,
}

#[derive(Deserialize, Default)]
struct PlaceForm {
    #[serde(default)]
    address: String,
    #[serde(default)]
    other_address: String,
    #[serde(default)]
    po_number: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    requested_on: String,
    #[serde(default)]
    submit_key: String,
    #[serde(default)]
    shown: String,
}

#[allow(clippy::too_many_arguments)]
async fn cart_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    form: PlaceForm,
    errors: FieldErrors,
    stale: Option<&'static str>,
    failed: Option<ProductId>,
    status: StatusCode,
) -> PageResult {
    let account = s.account(&state).in_page(&ctx)?;
    let cart = state.portal.cart(&s.actor, account).await.in_page(&ctx)?;
    let addresses: Vec<(String, String, bool)> = state
        .portal
        .order_addresses(&s.actor, account)
        .await
        .in_page(&ctx)?
        .into_iter()
        .map(|a| {
            let view = super::super::addresses::view(&a);
            (
                a.id.to_string(),
                format!("{} — {}", a.label, view.lines.join(", ")),
                a.is_default,
            )
        })
        .collect();
    // A fresh key unless the form comes back with one (its errors shown).
    let submit_key = if form.submit_key.is_empty() {
        uuid::Uuid::now_v7().to_string()
    } else {
        form.submit_key.clone()
    };
    Ok((
        status,
        CartPage {
            company_name: account.customer.name.clone(),
            cart,
            addresses,
            form,
            submit_key,
            ctx,
            errors,
            stale,
            failed,
        },
    )
        .into_response())
}

async fn cart(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("cart");
    cart_page(
        &state,
        &s,
        ctx,
        PlaceForm::default(),
        FieldErrors::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct QuantityForm {
    #[serde(default)]
    quantity: String,
}

async fn set_quantity(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(form): CsrfForm<QuantityForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("cart");
    let account = s.account(&state).in_page(&ctx)?;
    match state
        .portal
        .set_cart_quantity(&s.actor, account, id, &form.quantity)
        .await
    {
        Ok(()) => Ok(Redirect::to("/portal/cart").into_response()),
        Err(CoreError::Invalid(errors)) => {
            cart_page(
                &state,
                &s,
                ctx,
                PlaceForm::default(),
                errors,
                None,
                Some(id),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

async fn remove(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("cart");
    let account = s.account(&state).in_page(&ctx)?;
    state
        .portal
        .remove_from_cart(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to("/portal/cart").into_response())
}

async fn place(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("cart");
    let account = s.account(&state).in_page(&ctx)?;
    let input = OrderInput {
        address: form.address.clone(),
        other_address: form.other_address.clone(),
        po_number: form.po_number.clone(),
        note: form.note.clone(),
        requested_on: form.requested_on.clone(),
        submit_key: form.submit_key.clone(),
        shown: form.shown.clone(),
    };
    match state
        .portal
        .place_order(&s.actor, account, &s.v.client, &input)
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/portal/orders/{id}?placed=1")).into_response()),
        Err(CoreError::Invalid(errors)) => {
            cart_page(
                &state,
                &s,
                ctx,
                form,
                errors,
                None,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        // The cart changed since the page was shown: the new cart, with what changed.
        Err(CoreError::Stale(key)) => {
            cart_page(
                &state,
                &s,
                ctx,
                PlaceForm {
                    submit_key: String::new(),
                    shown: String::new(),
                    ..form
                },
                FieldErrors::default(),
                Some(key),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}
