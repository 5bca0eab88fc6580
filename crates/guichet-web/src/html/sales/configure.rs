//! A contact configures a configurable product: a form of its option groups (each choice
//! offered only while it can still be part of a valid configuration), the price following the
//! choices; "Update" re-reads it without JavaScript, and with it the page updates as choices
//! change. The configuration then becomes a quote request.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use guichet_core::sales::ConfigView;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{ChoiceProblem, GroupKind, OptionGroup, ProductId, Selection};

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::Fields;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new().route("/portal/catalog/{id}/configure", get(show).post(ask))
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_configure.html")]
struct ConfigurePage {
    ctx: PageCtx,
    view: ConfigView,
    quantity: String,
    note: String,
    errors: FieldErrors,
}

/// The choices in a query or form: `opt.<group>` fields (at most 50, 40 characters each).
fn selection_of(pairs: &[(String, String)]) -> Selection {
    pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("opt.")?.to_string(), v.clone())))
        .take(50)
        .collect()
}

/// Whether an option is still possible with the other choices.
pub fn offered(view: &ConfigView, group: &str, option: &str) -> bool {
    view.allowed
        .get(group)
        .is_some_and(|l| l.iter().any(|o| o == option))
}

pub fn chosen<'a>(view: &'a ConfigView, group: &str) -> &'a str {
    view.selection.get(group).map(|s| s.as_str()).unwrap_or("")
}

/// The message for a group's problem, with its numbers.
pub fn problem(ctx: &PageCtx, view: &ConfigView, g: &OptionGroup) -> Option<String> {
    let p = view.problems.get(&g.key)?;
    Some(match p {
        ChoiceProblem::Missing => ctx.t("config-choose"),
        ChoiceProblem::Invalid => match g.kind {
            GroupKind::Number { .. } => ctx.t("config-whole-number"),
            GroupKind::Choice { .. } => ctx.t("config-choose"),
        },
        ChoiceProblem::OutOfRange { min, max } => ctx.t2(
            "config-out-of-range",
            ("min", &ctx.count(min)),
            ("max", &ctx.count(max)),
        ),
        ChoiceProblem::Breaks(_) => ctx.t("config-incompatible"),
    })
}

/// A number group's allowed range.
pub fn range(view: &ConfigView, g: &OptionGroup) -> (i64, i64) {
    view.ranges.get(&g.key).copied().unwrap_or((0, 0))
}

/// "From 60 to 90 · 1,00 $ per unit", as the page says it.
pub fn range_hint(ctx: &PageCtx, view: &ConfigView, g: &OptionGroup) -> String {
    let (lo, hi) = range(view, g);
    let mut out = ctx.t2(
        "config-range",
        ("min", &ctx.count(&lo)),
        ("max", &ctx.count(&hi)),
    );
    if let GroupKind::Number { unit_minor, .. } = g.kind
        && unit_minor > 0
    {
        out.push_str(" · ");
        out.push_str(&ctx.t1(
            "config-per-unit",
            "amount",
            &ctx.money(&unit_minor, &view.base.currency),
        ));
    }
    out
}

/// An option's price as the page shows it ("+ 150,00 $", "− 12,50 $", nothing when 0).
pub fn delta(ctx: &PageCtx, view: &ConfigView, minor: &i64) -> String {
    let m = ctx.money(&minor.abs(), &view.base.currency);
    match minor.signum() {
        1 => format!("+\u{a0}{m}"),
        -1 => format!("−\u{a0}{m}"),
        _ => String::new(),
    }
}

async fn page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: ProductId,
    sel: &Selection,
    (quantity, note): (String, String),
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let account = s.account(state).in_page(&ctx)?;
    let view = state
        .portal
        .configure(&s.actor, account, id, sel)
        .await
        .in_page(&ctx)?;
    let quantity = if quantity.is_empty() {
        view.product.min_quantity.max(1).to_string()
    } else {
        quantity
    };
    Ok((
        status,
        ConfigurePage {
            ctx,
            view,
            quantity,
            note,
            errors,
        },
    )
        .into_response())
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.chars().take(40).collect::<String>())
            .unwrap_or_default()
    };
    page(
        &state,
        &s,
        ctx,
        id,
        &selection_of(&pairs),
        (get("quantity"), String::new()),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn ask(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let account = s.account(&state).in_page(&ctx)?;
    let get = |k: &str| pairs.field(k);
    let sel = selection_of(&pairs);
    let (quantity, note) = (get("quantity"), get("note"));
    // "Update" (the step-by-step way, without JavaScript): the page again for these choices.
    if get("action") == "update" {
        return page(
            &state,
            &s,
            ctx,
            id,
            &sel,
            (
                quantity.chars().take(20).collect(),
                note.chars().take(2000).collect(),
            ),
            FieldErrors::default(),
            StatusCode::OK,
        )
        .await;
    }
    match state
        .portal
        .ask_configured_quote(&s.actor, account, &s.v.client, id, &sel, &quantity, &note)
        .await
    {
        Ok(quote) => {
            Ok(Redirect::to(&format!("/portal/quotes/{quote}?done=requested")).into_response())
        }
        Err(CoreError::Invalid(errors)) => {
            page(
                &state,
                &s,
                ctx,
                id,
                &sel,
                (
                    quantity.chars().take(20).collect(),
                    note.chars().take(2000).collect(),
                ),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}
