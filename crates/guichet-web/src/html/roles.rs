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
use guichet_core::roles::RoleInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{
    CustomerQuery, DOCUMENT_KINDS, FieldAccess, Module, Op, Permissions, Role, RoleId, Scope,
    ScopeKind,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::portal::{HomeView, home_view};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/roles", get(list).post(create))
        .route("/staff/roles/new", get(new))
        .route("/staff/roles/{id}", get(edit).post(update))
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

fn module_key(m: Module) -> &'static str {
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

/// One row of the module × operation grid.
pub struct ModuleRow {
    pub code: &'static str,
    pub title_key: &'static str,
    /// (op code, label key, checked)
    pub ops: Vec<(&'static str, &'static str, bool)>,
    /// (scope code, label key, selected)
    pub scopes: Vec<(&'static str, &'static str, bool)>,
    /// Document kinds offered for a "kinds" scope: (kind, label key, checked).
    pub kinds: Vec<(&'static str, String, bool)>,
    /// (field code, label key, access code)
    pub fields: Vec<(&'static str, String, &'static str)>,
}

pub struct GrantableRow {
    pub id: RoleId,
    pub name: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_role_form.html")]
struct FormPage {
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    role_name: String,
    is_default: bool,
    company_admin: bool,
    modules: Vec<ModuleRow>,
    grantable: Vec<GrantableRow>,
    access_levels: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
}

fn op_key(o: Op) -> &'static str {
    match o {
        Op::View => "op-view",
        Op::Create => "op-create",
        Op::Edit => "op-edit",
        Op::Delete => "op-delete",
    }
}

fn scope_key(s: ScopeKind) -> &'static str {
    match s {
        ScopeKind::Own => "scope-own",
        ScopeKind::Company => "scope-company",
        ScopeKind::Kinds => "scope-kinds",
    }
}

fn access_key(a: FieldAccess) -> &'static str {
    match a {
        FieldAccess::Hidden => "access-hidden",
        FieldAccess::ReadOnly => "access-read-only",
        FieldAccess::Editable => "access-editable",
    }
}

/// The form's pairs for saved permissions (so the same view serves saved and posted values).
fn pairs_of(name: &str, p: &Permissions) -> Vec<(String, String)> {
    let mut pairs = vec![("name".to_string(), name.to_string())];
    for (m, g) in &p.modules {
        for o in &g.ops {
            pairs.push((format!("op.{}", m.code()), o.code().into()));
        }
        pairs.push((format!("scope.{}", m.code()), g.scope.kind().code().into()));
        if let Scope::Kinds(kinds) = &g.scope {
            for k in kinds {
                pairs.push((format!("kinds.{}", m.code()), k.clone()));
            }
        }
    }
    for (f, a) in &p.fields {
        pairs.push((format!("field.{}", f.code()), a.code().into()));
    }
    if p.company_admin {
        pairs.push(("company_admin".into(), "on".into()));
    }
    for g in &p.grantable {
        pairs.push(("grantable".into(), g.to_string()));
    }
    pairs
}

fn form_page(
    ctx: PageCtx,
    title_key: &'static str,
    action: String,
    pairs: &[(String, String)],
    this: Option<&Role>,
    roles: &[(Role, i64)],
    errors: FieldErrors,
) -> FormPage {
    let has = |k: &str, v: &str| pairs.iter().any(|(pk, pv)| pk == k && pv == v);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(pk, _)| pk == k)
            .map(|(_, v)| v.as_str())
    };
    let modules = Module::ALL
        .iter()
        .map(|m| {
            let key = |prefix: &str| format!("{prefix}.{}", m.code());
            let scope_now = get(&key("scope")).unwrap_or("company");
            ModuleRow {
                code: m.code(),
                title_key: module_key(*m),
                ops: Op::ALL
                    .iter()
                    .map(|o| (o.code(), op_key(*o), has(&key("op"), o.code())))
                    .collect(),
                scopes: m
                    .scopes()
                    .iter()
                    .map(|s| (s.code(), scope_key(*s), s.code() == scope_now))
                    .collect(),
                kinds: if m.scopes().contains(&ScopeKind::Kinds) {
                    DOCUMENT_KINDS
                        .iter()
                        .map(|k| {
                            (
                                *k,
                                format!("kind-{}", k.replace('_', "-")),
                                has(&key("kinds"), k),
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                fields: m
                    .fields()
                    .iter()
                    .map(|f| {
                        let set = get(&format!("field.{}", f.code()))
                            .and_then(FieldAccess::parse)
                            .unwrap_or(FieldAccess::Editable);
                        (
                            f.code(),
                            format!("field-{}", f.code().replace('_', "-")),
                            set.code(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let grantable = roles
        .iter()
        .map(|(r, _)| GrantableRow {
            id: r.id,
            name: r.name.clone(),
            checked: has("grantable", &r.id.to_string()),
        })
        .collect();
    FormPage {
        ctx,
        title_key,
        action,
        role_name: get("name").unwrap_or("").to_string(),
        is_default: this.is_some_and(|r| r.is_default),
        company_admin: has("company_admin", "on"),
        modules,
        grantable,
        access_levels: FieldAccess::ALL
            .iter()
            .map(|a| (a.code(), access_key(*a)))
            .collect(),
        errors,
    }
}

async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    require(&s.user, Action::ManageRoles).in_page(&ctx)?;
    let roles = state.portal.roles(&s.user).await.in_page(&ctx)?;
    let start = pairs_of("", &Permissions::default_role());
    Ok(form_page(
        ctx,
        "role-new",
        "/staff/roles".into(),
        &start,
        None,
        &roles,
        FieldErrors::default(),
    )
    .into_response())
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let input = RoleInput { pairs };
    let errors = match state
        .portal
        .create_role(&s.user, &input)
        .await
        .or_form(&ctx)?
    {
        Ok(_) => return Ok(Redirect::to("/staff/roles?done=saved").into_response()),
        Err(errors) => errors,
    };
    let roles = state.portal.roles(&s.user).await.in_page(&ctx)?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        form_page(
            ctx,
            "role-new",
            "/staff/roles".into(),
            &input.pairs,
            None,
            &roles,
            errors,
        ),
    )
        .into_response())
}

async fn edit(State(state): State<AppState>, s: Signed, IdPath(id): IdPath<RoleId>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    require(&s.user, Action::ManageRoles).in_page(&ctx)?;
    let (role, roles) =
        futures_util::future::try_join(state.portal.role(&s.user, id), state.portal.roles(&s.user))
            .await
            .in_page(&ctx)?;
    let pairs = pairs_of(&role.name, &role.permissions);
    Ok(form_page(
        ctx,
        "role-edit",
        format!("/staff/roles/{id}"),
        &pairs,
        Some(&role),
        &roles,
        FieldErrors::default(),
    )
    .into_response())
}

async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    let input = RoleInput { pairs };
    let errors = match state
        .portal
        .update_role(&s.user, id, &input)
        .await
        .or_form(&ctx)?
    {
        Ok(_) => return Ok(Redirect::to("/staff/roles?done=saved").into_response()),
        Err(errors) => errors,
    };
    let (role, roles) =
        futures_util::future::try_join(state.portal.role(&s.user, id), state.portal.roles(&s.user))
            .await
            .in_page(&ctx)?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        form_page(
            ctx,
            "role-edit",
            format!("/staff/roles/{id}"),
            &input.pairs,
            Some(&role),
            &roles,
            errors,
        ),
    )
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
        .delete_role(&s.user, id, &form.transfer_to)
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

#[derive(Template, WebTemplate)]
#[template(path = "portal_home.html")]
struct PreviewPage {
    ctx: PageCtx,
    home: HomeView,
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
    let account = state
        .portal
        .preview_account(&s.user, id, &sample)
        .await
        .in_page(&ctx)?;
    let home = home_view(
        &ctx,
        &s.user,
        &account,
        &[],
        Some(account.role.name.clone()),
    );
    Ok(PreviewPage { ctx, home }.into_response())
}
