//! The role form: a module × operation grid with record scopes and document kinds, field
//! access, company administration and the roles it may give; new and edited roles.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::access::{Action, require};
use guichet_core::roles::RoleInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{
    DocumentKind, Field, FieldAccess, Module, Op, Permissions, Role, RoleId, Scope, ScopeKind,
};

use super::module_key;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

/// The form's pairs as a role: `name`, `company_admin`, per module `op.<module>=<op>`
/// (repeated), `scope.<module>=own|company|kinds`, `kinds.<module>=<kind>` (repeated), per
/// field `field.<field>=hidden|read_only|editable`, and `grantable=<role id>` (repeated). A key
/// or code no page sends is refused: a well-formed page never sends one.
fn role_input(pairs: &[(String, String)]) -> Result<RoleInput, FieldErrors> {
    let mut input = RoleInput::default();
    let mut name = None;
    let mut forged = false;
    for (k, v) in pairs {
        let (head, tail) = k.split_once('.').unwrap_or((k.as_str(), ""));
        match head {
            "_csrf" => {}
            "name" => {
                name.get_or_insert_with(|| v.clone());
            }
            "company_admin" => input.company_admin = v == "on",
            "grantable" => match v.parse::<RoleId>() {
                Ok(id) => input.grantable.push(id),
                Err(_) => forged = true,
            },
            "op" => match (Module::parse(tail), Op::parse(v)) {
                (Some(m), Some(o)) => input.modules.entry(m).or_default().ops.push(o),
                _ => forged = true,
            },
            "scope" => match (Module::parse(tail), ScopeKind::parse(v)) {
                (Some(m), Some(s)) => input.modules.entry(m).or_default().scope = Some(s),
                _ => forged = true,
            },
            "kinds" => match (Module::parse(tail), v.parse::<DocumentKind>()) {
                (Some(m), Ok(kind)) => input.modules.entry(m).or_default().kinds.push(kind),
                _ => forged = true,
            },
            "field" => match (Field::parse(tail), FieldAccess::parse(v)) {
                (Some(f), Some(a)) => {
                    input.fields.insert(f, a);
                }
                _ => forged = true,
            },
            _ => forged = true,
        }
    }
    if forged {
        let mut e = FieldErrors::default();
        e.add("permissions", "error-role-forged");
        return Err(e);
    }
    input.name = name.unwrap_or_default();
    Ok(input)
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
    pub kinds: Vec<(&'static str, &'static str, bool)>,
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
                pairs.push((format!("kinds.{}", m.code()), k.as_str().into()));
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
                    DocumentKind::ALL
                        .iter()
                        .map(|k| (k.as_str(), k.message_key(), has(&key("kinds"), k.as_str())))
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

pub(super) async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
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

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    // Who may define roles is asked first: a form they may not send is refused as such.
    require(&s.user, Action::ManageRoles).in_page(&ctx)?;
    let created = match role_input(&pairs) {
        Ok(input) => state.portal.create_role(&s.user, &s.v.client, &input).await,
        Err(forged) => Err(CoreError::Invalid(forged)),
    };
    let errors = match created.or_form(&ctx)? {
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
            &pairs,
            None,
            &roles,
            errors,
        ),
    )
        .into_response())
}

pub(super) async fn edit(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
) -> PageResult {
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

pub(super) async fn update(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<RoleId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("roles");
    require(&s.user, Action::ManageRoles).in_page(&ctx)?;
    let updated = match role_input(&pairs) {
        Ok(input) => state.portal.update_role(&s.user, &s.v.client, id, &input).await,
        Err(forged) => Err(CoreError::Invalid(forged)),
    };
    let errors = match updated.or_form(&ctx)? {
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
            &pairs,
            Some(&role),
            &roles,
            errors,
        ),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_role_form_is_read_into_a_role() {
        let other = RoleId::new();
        let input = role_input(&pairs(&[
            ("_csrf", "x"),
            ("name", " Comptabilité "),
            ("op.invoices", "view"),
            ("op.documents", "create"),
            ("scope.documents", "kinds"),
            ("kinds.documents", "report"),
            ("kinds.documents", "invoice"),
            ("field.tax_number", "hidden"),
            ("company_admin", "on"),
            ("grantable", &other.to_string()),
        ]))
        .unwrap();
        assert_eq!(input.name, " Comptabilité ", "the core trims and checks it");
        assert_eq!(input.modules[&Module::Invoices].ops, vec![Op::View]);
        let d = &input.modules[&Module::Documents];
        assert_eq!(d.ops, vec![Op::Create]);
        assert_eq!(d.scope, Some(ScopeKind::Kinds));
        assert_eq!(d.kinds, vec![DocumentKind::Report, DocumentKind::Invoice]);
        assert_eq!(input.fields[&Field::TaxNumber], FieldAccess::Hidden);
        assert!(input.company_admin);
        assert_eq!(input.grantable, vec![other]);
    }

    #[test]
    fn keys_and_codes_no_page_sends_are_refused() {
        for bad in [
            ("op.payroll", "view"),
            ("op.invoices", "approve"),
            ("scope.documents", "everything"),
            ("kinds.payroll", "report"),
            ("kinds.documents", "secret"),
            ("field.password_hash", "editable"),
            ("grantable", "not-a-role"),
            ("is_default", "on"),
        ] {
            let r = role_input(&pairs(&[("name", "X"), bad]));
            assert!(
                matches!(r, Err(ref e) if e.get("permissions") == Some("error-role-forged")),
                "{bad:?}"
            );
        }
    }
}
