//! Portal roles, defined by staff: what each kind of contact may see and do.
use std::collections::BTreeMap;

use guichet_domain::*;
use guichet_store::StoreError;

use crate::access::{Action, require};
use crate::email_change::changes;
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// A role as staff define it. What no page offers cannot be said here (a kind no document
/// has); what a page may still get wrong (a role of another provider, no kind for a "kinds"
/// scope, a name) is refused by `create_role` / `update_role` beside the field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleInput {
    pub name: String,
    /// Company administrator: manages the account's colleagues.
    pub company_admin: bool,
    /// What the role may do in each module it reaches (modules with no operation are left out).
    pub modules: BTreeMap<Module, ModuleInput>,
    /// Access to each field named (the others stay editable).
    pub fields: BTreeMap<Field, FieldAccess>,
    /// The roles a company administrator with this role may give.
    pub grantable: Vec<RoleId>,
}

/// What a role may do in one module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModuleInput {
    /// The operations ticked; seeing is implied by any.
    pub ops: Vec<Op>,
    /// Which records (company-wide when not said).
    pub scope: Option<ScopeKind>,
    /// For a "kinds" scope: the document kinds it reaches.
    pub kinds: Vec<DocumentKind>,
}

/// Checks a role as defined into a name and permissions; `tenant_roles` are the roles a
/// company administrator may be allowed to grant.
fn parse_role(input: &RoleInput, tenant_roles: &[RoleId]) -> CoreResult<(String, Permissions)> {
    let mut e = FieldErrors::default();
    let name = e
        .check("name", text(&input.name, 80, true))
        .unwrap_or_default();
    let forged = input.grantable.iter().any(|g| !tenant_roles.contains(g))
        || input
            .modules
            .iter()
            .any(|(m, mi)| mi.scope.is_some_and(|s| !m.scopes().contains(&s)));
    if forged {
        e.add("permissions", "error-role-forged");
    }
    let mut modules = BTreeMap::new();
    for (m, mi) in &input.modules {
        if mi.ops.is_empty() {
            continue;
        }
        let mut ops = mi.ops.clone();
        // Creating, editing or deleting implies seeing.
        ops.push(Op::View);
        ops.sort();
        ops.dedup();
        let scope = match mi.scope.unwrap_or(ScopeKind::Company) {
            ScopeKind::Own => Scope::Own,
            ScopeKind::Company => Scope::Company,
            ScopeKind::Kinds => {
                let mut k = mi.kinds.clone();
                k.sort();
                k.dedup();
                if k.is_empty() {
                    e.add("permissions", "error-role-kinds-empty");
                }
                Scope::Kinds(k)
            }
        };
        modules.insert(*m, Grant { ops, scope });
    }
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    let mut grantable = input.grantable.clone();
    grantable.sort();
    grantable.dedup();
    Ok((
        name,
        Permissions {
            modules,
            fields: input.fields.clone(),
            company_admin: input.company_admin,
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

    pub async fn create_role(
        &self,
        actor: &User,
        client: &Client,
        input: &RoleInput,
    ) -> CoreResult<Role> {
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
        let rights = serde_json::to_string(&role.permissions).unwrap_or_default();
        let entry = self.journal_entry(
            actor,
            client,
            role_event("role.create", role.id, format!("{} — {rights}", role.name)),
        );
        self.journaled(vec![entry], self.store.insert_role(&role))
            .await
            .map_err(name_taken)?;
        Ok(role)
    }

    pub async fn update_role(
        &self,
        actor: &User,
        client: &Client,
        id: RoleId,
        input: &RoleInput,
    ) -> CoreResult<Role> {
        require(actor, Action::ManageRoles)?;
        let mut role = self.role(actor, id).await?;
        let before = role.clone();
        let (name, permissions) = parse_role(input, &self.role_ids(actor.tenant_id).await?)?;
        role.name = name;
        role.permissions = permissions;
        role.updated_at = Millis::now();
        let rights = |r: &Role| serde_json::to_string(&r.permissions).unwrap_or_default();
        let detail = changes(&[
            ("name", &before.name, &role.name),
            ("rights", &rights(&before), &rights(&role)),
        ]);
        let entries = if detail.is_empty() {
            Vec::new()
        } else {
            vec![self.journal_entry(actor, client, role_event("role.update", role.id, detail))]
        };
        self.journaled(entries, self.store.update_role(&role))
            .await
            .map_err(name_taken)?;
        Ok(role)
    }

    /// Deletes a role after moving its contacts to `transfer_to`; the default role stays.
    pub async fn delete_role(
        &self,
        actor: &User,
        client: &Client,
        id: RoleId,
        transfer_to: &str,
    ) -> CoreResult<u64> {
        require(actor, Action::ManageRoles)?;
        let transfer_to = transfer_to
            .parse::<RoleId>()
            .map_err(|_| CoreError::field("transfer_to", "error-choose-role"))?;
        let names = self.role_names(actor.tenant_id).await?;
        let name = |r: RoleId| names.get(&r).cloned().unwrap_or_default();
        let entry = self.journal_entry(
            actor,
            client,
            role_event(
                "role.delete",
                id,
                format!("{} → {}", name(id), name(transfer_to)),
            ),
        );
        match self
            .journaled(
                vec![entry],
                self.store.delete_role(actor.tenant_id, id, transfer_to),
            )
            .await
        {
            Ok(n) => Ok(n),
            Err(StoreError::Conflict { .. }) => {
                Err(CoreError::field("transfer_to", "error-role-delete"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// What a contact with this role would see: the role in the account of a contact who holds
    /// it (see `role_preview`).
    pub async fn preview_account(
        &self,
        actor: &User,
        id: RoleId,
        sample: &guichet_store::CustomerQuery,
    ) -> CoreResult<guichet_store::Account> {
        Ok(self.role_preview(actor, id, sample).await?.0)
    }

    /// What a contact with this role would see, through the eyes of one who holds it (one who
    /// may sign in first): the role in that contact's account, and the contact. When nobody
    /// holds it: the tenant's first customer account (or a sample one when there is none), and
    /// no one. Read-only by construction: nothing is signed in as anyone.
    pub async fn role_preview(
        &self,
        actor: &User,
        id: RoleId,
        sample: &guichet_store::CustomerQuery,
    ) -> CoreResult<(guichet_store::Account, Option<User>)> {
        require(actor, Action::ViewCustomers)?;
        let role = self.role(actor, id).await?;
        let tenant = actor.tenant_id;
        if let Some((customer, user)) = self.store.role_holder(tenant, id).await?
            && let Some(customer) = self.store.customer(tenant, customer).await?
            && let Some(user) = self.store.user(tenant, user).await?
        {
            return Ok((guichet_store::Account { customer, role }, Some(user)));
        }
        let customer = match self.store.list_customers(tenant, sample).await?.pop() {
            Some(c) => c,
            None => {
                let now = Millis::now();
                Customer {
                    id: CustomerId::new(),
                    tenant_id: tenant,
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
        Ok((guichet_store::Account { customer, role }, None))
    }

    /// Gives these contacts (customer, user) of the tenant a role; returns how many changed.
    /// Journaled per contact, with the role before and after.
    pub async fn move_contacts(
        &self,
        actor: &User,
        client: &Client,
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
        let names = self.role_names(actor.tenant_id).await?;
        let mut before = std::collections::HashMap::new();
        for (customer, _) in members {
            if before
                .keys()
                .any(|(c, _): &(CustomerId, UserId)| c == customer)
            {
                continue;
            }
            for m in self.store.contacts_of(actor.tenant_id, *customer).await? {
                before.insert((*customer, m.user.id), m.role_id);
            }
        }
        let name = |r: RoleId| names.get(&r).cloned().unwrap_or_default();
        let mut entries = Vec::new();
        for (customer, user) in members {
            let Some(old) = before.get(&(*customer, *user)).copied() else {
                continue;
            };
            if old == role {
                continue;
            }
            entries.push(self.journal_entry(
                actor,
                client,
                Event {
                    action: "membership.role",
                    object_kind: "contact",
                    object_id: user.0,
                    customer: Some(*customer),
                    project: None,
                    detail: format!("{} → {}", name(old), name(role)),
                },
            ));
        }
        Ok(self
            .journaled(
                entries,
                self.store.set_member_roles(actor.tenant_id, members, role),
            )
            .await?)
    }

    async fn role_names(
        &self,
        tenant: TenantId,
    ) -> CoreResult<std::collections::HashMap<RoleId, String>> {
        Ok(self
            .store
            .roles(tenant)
            .await?
            .into_iter()
            .map(|(r, _)| (r.id, r.name))
            .collect())
    }
}

fn role_event(action: &'static str, id: RoleId, detail: String) -> Event<'static> {
    Event {
        action,
        object_kind: "role",
        object_id: id.0,
        customer: None,
        project: None,
        detail,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn module(ops: &[Op], scope: Option<ScopeKind>, kinds: &[DocumentKind]) -> ModuleInput {
        ModuleInput {
            ops: ops.to_vec(),
            scope,
            kinds: kinds.to_vec(),
        }
    }

    #[test]
    fn a_role_becomes_permissions() {
        let other = RoleId::new();
        let input = RoleInput {
            name: " Comptabilité ".into(),
            company_admin: true,
            modules: [
                (Module::Invoices, module(&[Op::View], None, &[])),
                (
                    Module::Documents,
                    module(
                        &[Op::Create],
                        Some(ScopeKind::Kinds),
                        &[DocumentKind::Report, DocumentKind::Invoice],
                    ),
                ),
                (Module::Projects, module(&[], Some(ScopeKind::Own), &[])),
            ]
            .into(),
            fields: [(Field::TaxNumber, FieldAccess::Hidden)].into(),
            grantable: vec![other],
        };
        let (name, p) = parse_role(&input, &[other]).unwrap();
        assert_eq!(name, "Comptabilité");
        assert_eq!(p.modules[&Module::Invoices].ops, vec![Op::View]);
        assert_eq!(p.modules[&Module::Invoices].scope, Scope::Company);
        let d = &p.modules[&Module::Documents];
        assert_eq!(d.ops, vec![Op::View, Op::Create], "create implies view");
        assert_eq!(
            d.scope,
            Scope::Kinds(vec![DocumentKind::Invoice, DocumentKind::Report])
        );
        assert!(
            !p.modules.contains_key(&Module::Projects),
            "no operation: not reached"
        );
        assert_eq!(p.fields[&Field::TaxNumber], FieldAccess::Hidden);
        assert!(p.company_admin);
        assert_eq!(p.grantable, vec![other]);
    }

    #[test]
    fn refuses_foreign_roles_misplaced_scopes_and_empty_names() {
        let named = |modules: BTreeMap<Module, ModuleInput>, grantable| RoleInput {
            name: "X".into(),
            modules,
            grantable,
            ..Default::default()
        };
        // An unknown kind cannot be said: the form refuses it while reading it.
        let forged = [
            named(BTreeMap::new(), vec![RoleId::new()]),
            named(
                [(
                    Module::Company,
                    module(&[Op::View], Some(ScopeKind::Kinds), &[]),
                )]
                .into(),
                vec![],
            ),
        ];
        for bad in forged {
            let r = parse_role(&bad, &[]);
            assert!(
                matches!(r, Err(CoreError::Invalid(ref e)) if e.get("permissions") == Some("error-role-forged")),
                "{bad:?}"
            );
        }
        let blank = RoleInput {
            name: "  ".into(),
            ..Default::default()
        };
        assert!(matches!(
            parse_role(&blank, &[]),
            Err(CoreError::Invalid(e)) if e.get("name").is_some()
        ));
        let no_kinds = named(
            [(
                Module::Documents,
                module(&[Op::View], Some(ScopeKind::Kinds), &[]),
            )]
            .into(),
            vec![],
        );
        assert!(matches!(
            parse_role(&no_kinds, &[]),
            Err(CoreError::Invalid(e)) if e.get("permissions") == Some("error-role-kinds-empty")
        ));
    }
}
