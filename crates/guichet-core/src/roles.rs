//! Portal roles, defined by staff: what each kind of contact may see and do.
use std::collections::BTreeMap;

use guichet_domain::*;
use guichet_store::StoreError;

use crate::Portal;
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult, FieldErrors};

/// A role form as posted: `name`, `company_admin`, and per module `op.<module>=<op>` (repeated),
/// `scope.<module>=own|company|kinds`, `kinds.<module>=<kind>` (repeated), per field
/// `field.<field>=hidden|read_only|editable`, and `grantable=<role id>` (repeated).
/// Unknown keys or codes are refused: a well-formed page never sends them.
#[derive(Clone, Debug, Default)]
pub struct RoleInput {
    pub pairs: Vec<(String, String)>,
}

impl RoleInput {
    fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn value<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        self.values(key).next()
    }
}

/// Parses a role form into a name and permissions; `tenant_roles` are the roles a company
/// administrator may be allowed to grant.
fn parse_role(input: &RoleInput, tenant_roles: &[RoleId]) -> CoreResult<(String, Permissions)> {
    let mut e = FieldErrors::default();
    let name = e
        .check("name", text(input.value("name").unwrap_or(""), 80, true))
        .unwrap_or_default();
    let mut ops: BTreeMap<Module, Vec<Op>> = BTreeMap::new();
    let mut scopes: BTreeMap<Module, ScopeKind> = BTreeMap::new();
    let mut kinds: BTreeMap<Module, Vec<String>> = BTreeMap::new();
    let mut fields = BTreeMap::new();
    let mut grantable = Vec::new();
    let mut company_admin = false;
    let mut forged = false;
    for (k, v) in &input.pairs {
        let (head, tail) = k.split_once('.').unwrap_or((k.as_str(), ""));
        match head {
            "_csrf" | "name" => {}
            "company_admin" => company_admin = v == "on",
            "grantable" => match v.parse::<RoleId>() {
                Ok(id) if tenant_roles.contains(&id) => grantable.push(id),
                _ => forged = true,
            },
            "op" => match (Module::parse(tail), Op::parse(v)) {
                (Some(m), Some(o)) => ops.entry(m).or_default().push(o),
                _ => forged = true,
            },
            "scope" => {
                let m = Module::parse(tail);
                match m.and_then(|m| m.scopes().iter().find(|s| s.code() == v).map(|s| (m, *s))) {
                    Some((m, s)) => {
                        scopes.insert(m, s);
                    }
                    None => forged = true,
                }
            }
            "kinds" => match Module::parse(tail) {
                Some(m) if DOCUMENT_KINDS.contains(&v.as_str()) => {
                    kinds.entry(m).or_default().push(v.clone())
                }
                _ => forged = true,
            },
            "field" => match (Field::parse(tail), FieldAccess::parse(v)) {
                (Some(f), Some(a)) => {
                    fields.insert(f, a);
                }
                _ => forged = true,
            },
            _ => forged = true,
        }
    }
    if forged {
        e.add("permissions", "error-role-forged");
    }
    let mut modules = BTreeMap::new();
    for (m, mut list) in ops {
        // Creating, editing or deleting implies seeing.
        list.push(Op::View);
        list.sort();
        list.dedup();
        let scope = match scopes.get(&m).copied().unwrap_or(ScopeKind::Company) {
            ScopeKind::Own => Scope::Own,
            ScopeKind::Company => Scope::Company,
            ScopeKind::Kinds => {
                let mut k = kinds.remove(&m).unwrap_or_default();
                k.sort();
                k.dedup();
                if k.is_empty() {
                    e.add("permissions", "error-role-kinds-empty");
                }
                Scope::Kinds(k)
            }
        };
        modules.insert(m, Grant { ops: list, scope });
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    grantable.sort();
    grantable.dedup();
    Ok((
        name,
        Permissions {
            modules,
            fields,
            company_admin,
            grantable,
        },
    ))
}

fn name_taken(e: StoreError) -> CoreError {
    match e {
        StoreError::Conflict { .. } => CoreError::field("name", "error-role-name-taken"),
        other => other.into(),
    }
}

impl Portal {
    /// The tenant's roles (default first) with how many memberships each has.
    pub async fn roles(&self, actor: &User) -> CoreResult<Vec<(Role, i64)>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.roles(actor.tenant_id).await?)
    }

    pub async fn role(&self, actor: &User, id: RoleId) -> CoreResult<Role> {
        require(actor, Action::ViewCustomers)?;
        self.store
            .role(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    async fn role_ids(&self, tenant: TenantId) -> CoreResult<Vec<RoleId>> {
        Ok(self
            .store
            .roles(tenant)
            .await?
            .into_iter()
            .map(|(r, _)| r.id)
            .collect())
    }

    pub async fn create_role(&self, actor: &User, input: &RoleInput) -> CoreResult<Role> {
        require(actor, Action::ManageRoles)?;
        let (name, permissions) = parse_role(input, &self.role_ids(actor.tenant_id).await?)?;
        let now = Millis::now();
        let role = Role {
            id: RoleId::new(),
            tenant_id: actor.tenant_id,
            name,
            is_default: false,
            permissions,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_role(&role).await.map_err(name_taken)?;
        Ok(role)
    }

    pub async fn update_role(
        &self,
        actor: &User,
        id: RoleId,
        input: &RoleInput,
    ) -> CoreResult<Role> {
        require(actor, Action::ManageRoles)?;
        let mut role = self.role(actor, id).await?;
        let (name, permissions) = parse_role(input, &self.role_ids(actor.tenant_id).await?)?;
        role.name = name;
        role.permissions = permissions;
        role.updated_at = Millis::now();
        self.store.update_role(&role).await.map_err(name_taken)?;
        Ok(role)
    }

    /// Deletes a role after moving its contacts to `transfer_to`; the default role stays.
    pub async fn delete_role(
        &self,
        actor: &User,
        id: RoleId,
        transfer_to: &str,
    ) -> CoreResult<u64> {
        require(actor, Action::ManageRoles)?;
        let transfer_to = transfer_to
            .parse::<RoleId>()
            .map_err(|_| CoreError::field("transfer_to", "error-choose-role"))?;
        match self
            .store
            .delete_role(actor.tenant_id, id, transfer_to)
            .await
        {
            Ok(n) => Ok(n),
            Err(StoreError::Conflict { .. }) => {
                Err(CoreError::field("transfer_to", "error-role-delete"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// What a contact with this role would see: the role with the tenant's first customer
    /// account (or a sample one when there is none). Read-only by construction: nothing is
    /// signed in as anyone.
    pub async fn preview_account(
        &self,
        actor: &User,
        id: RoleId,
        sample: &guichet_store::CustomerQuery,
    ) -> CoreResult<guichet_store::Account> {
        require(actor, Action::ViewCustomers)?;
        let role = self.role(actor, id).await?;
        let customer = match self
            .store
            .list_customers(actor.tenant_id, sample)
            .await?
            .pop()
        {
            Some(c) => c,
            None => {
                let now = Millis::now();
                Customer {
                    id: CustomerId::new(),
                    tenant_id: actor.tenant_id,
                    number: "0000".into(),
                    name: "—".into(),
                    locale: actor.locale,
                    currency: "CAD".into(),
                    billing: Address::default(),
                    shipping: Address::default(),
                    created_at: now,
                    updated_at: now,
                }
            }
        };
        Ok(guichet_store::Account { customer, role })
    }

    /// Gives these contacts (customer, user) of the tenant a role; returns how many changed.
    pub async fn move_contacts(
        &self,
        actor: &User,
        members: &[(CustomerId, UserId)],
        role: &str,
    ) -> CoreResult<u64> {
        require(actor, Action::ManageRoles)?;
        if members.is_empty() {
            return Err(CoreError::field("members", "error-select-contacts"));
        }
        let role = role
            .parse::<RoleId>()
            .map_err(|_| CoreError::field("role", "error-choose-role"))?;
        Ok(self
            .store
            .set_member_roles(actor.tenant_id, members, role)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> RoleInput {
        RoleInput {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn parses_a_role_form() {
        let other = RoleId::new();
        let (name, p) = parse_role(
            &input(&[
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
            ]),
            &[other],
        )
        .unwrap();
        assert_eq!(name, "Comptabilité");
        assert_eq!(p.modules[&Module::Invoices].ops, vec![Op::View]);
        assert_eq!(p.modules[&Module::Invoices].scope, Scope::Company);
        let d = &p.modules[&Module::Documents];
        assert_eq!(d.ops, vec![Op::View, Op::Create], "create implies view");
        assert_eq!(
            d.scope,
            Scope::Kinds(vec!["invoice".into(), "report".into()])
        );
        assert!(!p.modules.contains_key(&Module::Projects));
        assert_eq!(p.fields[&Field::TaxNumber], FieldAccess::Hidden);
        assert!(p.company_admin);
        assert_eq!(p.grantable, vec![other]);
    }

    #[test]
    fn refuses_forged_codes_and_foreign_roles() {
        for bad in [
            ("op.payroll", "view"),
            ("op.invoices", "approve"),
            ("scope.company", "own"),
            ("kinds.documents", "secret"),
            ("field.password_hash", "editable"),
            ("grantable", "00000000-0000-0000-0000-000000000000"),
            ("is_default", "on"),
        ] {
            let r = parse_role(&input(&[("name", "X"), bad]), &[]);
            assert!(
                matches!(r, Err(CoreError::Invalid(ref e)) if e.get("permissions").is_some()),
                "{bad:?}"
            );
        }
        assert!(matches!(
            parse_role(&input(&[("name", "  ")]), &[]),
            Err(CoreError::Invalid(e)) if e.get("name").is_some()
        ));
        assert!(matches!(
            parse_role(&input(&[("name", "X"), ("op.documents", "view"), ("scope.documents", "kinds")]), &[]),
            Err(CoreError::Invalid(e)) if e.get("permissions") == Some("error-role-kinds-empty")
        ));
    }
}
