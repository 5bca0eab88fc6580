//! Back-office: portal roles (what each kind of contact sees and does), and the preview of
//! the portal as a role.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use guichet_core::access::{Action, may, require};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{CustomerQuery, Module, Role, RoleId, User};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::portal::home_view;
use crate::page::PageCtx;

mod form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/roles", get(list).post(form::create))
        .route("/staff/roles/new", get(form::new))
        .route("/staff/roles/{id}", get(form::edit).post(form::update))
        .route("/staff/roles/{id}/delete", get(confirm_delete).post(delete))
        .route("/staff/roles/{id}/preview", get(preview))
}

pub struct RoleRow {
    pub id: RoleId,
    pub name: String,
    pub is_default: bool,
    pub members: i64,
    pub modules: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_roles.html")]
struct ListPage {
    ctx: PageCtx,
    roles: Vec<RoleRow>,
    can_manage: bool,
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

fn notice_key(done: &str) -> Option<&'static str> {
    match done {
        "saved" => Some("notice-saved"),
        "deleted" => Some("notice-role-deleted"),
        _ => None,
    }
}

pub(super) fn module_key(m: Module) -> &'static str {
    match m {
        Module::Projects => "module-projects",
        Module::Documents => "module-documents",
        Module::Quotes => "module-quotes",
        Module::Orders => "module-orders",
        Module::Invoices => "module-invoices",
        Module::Support => "module-support",
        Module::Company => "module-company",
        Module::Contacts => "module-contacts",
    }
}

async fn list(
    State(state): State<AppState>,
    s: Signed,
    axum::extract::Query(n): axum::extract::Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let roles = state.portal.roles(&s.user).await.in_page(&ctx)?;
    let roles = roles
        .into_iter()
        .map(|(r, members)| RoleRow {
            modules: r
                .permissions
                .modules
                .keys()
                .map(|m| ctx.t(module_key(*m)))
                .collect::<Vec<_>>()
                .join(", "),
            id: r.id,
            name: r.name,
            is_default: r.is_default,
            members,
        })
        .collect();
    Ok(ListPage {
        can_manage: may(&s.user, Action::ManageRoles),
        ctx,
        roles,
        notice: notice_key(&n.done),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_role_delete.html")]
struct DeletePage {
    ctx: PageCtx,
    role: Role,
    members: i64,
    others: Vec<(RoleId, String)>,
    errors: FieldErrors,
}

async fn delete_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: RoleId,
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let roles = state.portal.roles(&s.user).await.in_page(&ctx)?;
    let Some((role, members)) = roles.iter().find(|(r, _)| r.id == id).cloned() else {
        return Err(ctx.not_found());
    };
    if role.is_default {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    let others = roles
        .into_iter()
        .filter(|(r, _)| r.id != id)
        .map(|(r, _)| (r.id, r.name))
        .collect();
    Ok((
        status,
        DeletePage {
            ctx,
            role,
            members,
            others,
            errors,
        },
    )
        .into_response())
}

async fn confirm_delete(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    require(&s.user, Action::ManageRoles).in_page(&ctx)?;
    delete_page(&state, &s, ctx, id, FieldErrors::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
struct DeleteForm {
    #[serde(default)]
    transfer_to: String,
}

async fn delete(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let deleted = state
        .portal
        .delete_role(&s.user, &s.v.client, id, &form.transfer_to)
        .await
        .or_form(&ctx)?;
    match deleted {
        Ok(_) => Ok(Redirect::to("/staff/roles?done=deleted").into_response()),
        Err(errors) => {
            delete_page(
                &state,
                &s,
                ctx,
                id,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The portal home as a contact with this role would see it, read-only, bannered.
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
    let (account, holder) = state
        .portal
        .role_preview(&s.user, id, &sample)
        .await
        .in_page(&ctx)?;
    // Through the eyes of a contact who holds the role; else someone of the account.
    let (seen_by, banner) = match &holder {
        Some(u) => (
            u.clone(),
            ctx.t_args(
                "preview-banner-as",
                &[
                    ("role", account.role.name.as_str()),
                    ("name", u.name.as_str()),
                    ("company", account.customer.name.as_str()),
                ],
            ),
        ),
        None => (
            User {
                name: ctx.t("preview-someone"),
                ..s.user.clone()
            },
            ctx.t_args(
                "preview-banner-nobody",
                &[
                    ("role", account.role.name.as_str()),
                    ("company", account.customer.name.as_str()),
                ],
            ),
        ),
    };
    let mut home = home_view(
        &ctx,
        &seen_by,
        &account,
        &[],
        Some(account.role.name.clone()),
    );
    home.preview_banner = Some(banner);
    Ok(crate::html::portal::preview_page(ctx, home))
}
