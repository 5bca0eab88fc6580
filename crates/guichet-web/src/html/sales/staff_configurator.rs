//! Staff write a configurable product's option groups, options and rules in a form of rows;
//! blank rows add, a ticked box removes. A rule set that leaves no configuration is refused,
//! the rules at fault marked.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use guichet_core::access::{Action, may};
use guichet_core::sales::{ConfiguratorEdit, GroupInput, OptionInput, RuleInput};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Product, ProductId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/catalog/{id}/configurator", get(show).post(save))
}

/// Blank rows offered for new groups, options and rules.
const BLANK_ROWS: usize = 3;

#[derive(Template, WebTemplate)]
#[template(path = "staff_configurator.html")]
struct ConfiguratorPage {
    ctx: PageCtx,
    product: Product,
    edit: ConfiguratorEdit,
    errors: FieldErrors,
    can_manage: bool,
    notice: bool,
}

fn blank(fields: &[&String]) -> bool {
    fields.iter().all(|f| f.trim().is_empty())
}

/// The error of one field of a row (`g.3.key`), for the template.
pub fn row_error(
    errors: &FieldErrors,
    prefix: &str,
    i: &usize,
    field: &str,
) -> Option<&'static str> {
    if field.is_empty() {
        errors.get(&format!("{prefix}.{i}"))
    } else {
        errors.get(&format!("{prefix}.{i}.{field}"))
    }
}

/// Whether any field of a row has an error.
pub fn row_has_error(errors: &FieldErrors, prefix: &str, i: &usize) -> bool {
    let exact = format!("{prefix}.{i}");
    let start = format!("{prefix}.{i}.");
    errors
        .0
        .iter()
        .any(|e| e.field == exact || e.field.starts_with(&start))
}

async fn page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: ProductId,
    typed: Option<ConfiguratorEdit>,
    errors: FieldErrors,
    notice: bool,
    status: StatusCode,
) -> PageResult {
    let (product, _) = state
        .portal
        .staff_product(&s.user, id)
        .await
        .in_page(&ctx)?;
    let mut edit = typed.unwrap_or_else(|| ConfiguratorEdit::of(&product, ctx.locale));
    if edit.seen.is_empty() {
        edit.seen = product.updated_at.0.to_string();
    }
    let can_manage = may(&s.user, Action::ManageCatalog);
    // Blank rows a failed form sent back are dropped from its end (the rows before keep their
    // numbers, and so their errors), then the usual blank rows added.
    while edit.groups.last().is_some_and(|g| {
        blank(&[
            &g.key,
            &g.name_fr,
            &g.name_en,
            &g.min,
            &g.max,
            &g.unit_price,
        ])
    }) {
        edit.groups.pop();
    }
    while edit
        .options
        .last()
        .is_some_and(|o| blank(&[&o.group, &o.key, &o.name_fr, &o.name_en, &o.price]))
    {
        edit.options.pop();
    }
    while edit
        .rules
        .last()
        .is_some_and(|r| blank(&[&r.a, &r.b, &r.min, &r.max]))
    {
        edit.rules.pop();
    }
    if can_manage {
        edit.groups
            .extend(std::iter::repeat_n(GroupInput::default(), BLANK_ROWS));
        edit.options
            .extend(std::iter::repeat_n(OptionInput::default(), BLANK_ROWS * 2));
        edit.rules
            .extend(std::iter::repeat_n(RuleInput::default(), BLANK_ROWS));
    }
    Ok((
        status,
        ConfiguratorPage {
            ctx,
            product,
            edit,
            errors,
            can_manage,
            notice,
        },
    )
        .into_response())
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    done: String,
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    page(
        &state,
        &s,
        ctx,
        id,
        None,
        FieldErrors::default(),
        q.done == "saved",
        StatusCode::OK,
    )
    .await
}

/// At most this many rows of each kind are read from a form.
const MAX_ROWS: usize = 400;

/// The form's rows: `g.N.field`, `o.N.field`, `r.N.field`, in row order.
fn edit_of(pairs: &[(String, String)]) -> ConfiguratorEdit {
    let get = |k: String| {
        pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.chars().take(200).collect::<String>())
            .unwrap_or_default()
    };
    let rows = |prefix: &str| -> Vec<usize> {
        let mut rows: Vec<usize> = pairs
            .iter()
            .filter_map(|(k, _)| {
                let rest = k.strip_prefix(prefix)?.strip_prefix('.')?;
                rest.split_once('.')?.0.parse().ok()
            })
            .filter(|i| *i < MAX_ROWS)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    };
    ConfiguratorEdit {
        seen: get("seen".into()),
        groups: rows("g")
            .into_iter()
            .map(|i| GroupInput {
                key: get(format!("g.{i}.key")),
                name_fr: get(format!("g.{i}.name_fr")),
                name_en: get(format!("g.{i}.name_en")),
                kind: get(format!("g.{i}.kind")),
                min: get(format!("g.{i}.min")),
                max: get(format!("g.{i}.max")),
                unit_price: get(format!("g.{i}.unit_price")),
                remove: !get(format!("g.{i}.remove")).is_empty(),
            })
            .collect(),
        options: rows("o")
            .into_iter()
            .map(|i| OptionInput {
                group: get(format!("o.{i}.group")),
                key: get(format!("o.{i}.key")),
                name_fr: get(format!("o.{i}.name_fr")),
                name_en: get(format!("o.{i}.name_en")),
                price: get(format!("o.{i}.price")),
                remove: !get(format!("o.{i}.remove")).is_empty(),
            })
            .collect(),
        rules: rows("r")
            .into_iter()
            .map(|i| RuleInput {
                kind: get(format!("r.{i}.kind")),
                a: get(format!("r.{i}.a")),
                b: get(format!("r.{i}.b")),
                min: get(format!("r.{i}.min")),
                max: get(format!("r.{i}.max")),
                remove: !get(format!("r.{i}.remove")).is_empty(),
            })
            .collect(),
    }
}

async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    let edit = edit_of(&pairs);
    match state
        .portal
        .save_configurator(&s.user, &s.v.client, id, &edit)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/staff/catalog/{id}/configurator?done=saved")).into_response(),
        ),
        Err(CoreError::Invalid(errors)) => {
            // Shown again as typed, without the blank rows the page adds back. Rows keep
            // their numbers, so each error stays on its row.
            page(
                &state,
                &s,
                ctx,
                id,
                Some(edit),
                errors,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CoreError::Conflict) => {
            // Changed by someone else since the page was shown: what was typed is kept, to
            // be looked over and saved again over the new version.
            let mut errors = FieldErrors::default();
            errors.add("configurator", "error-edited-meanwhile");
            page(
                &state,
                &s,
                ctx,
                id,
                Some(ConfiguratorEdit {
                    seen: String::new(),
                    ..edit
                }),
                errors,
                false,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}
