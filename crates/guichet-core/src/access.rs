//! Who may do what. Every decision is made here, never in a template or a handler.
use guichet_domain::{
    CustomerId, Document, DocumentKind, Field, FieldAccess, Module, Op, Project, Role, RoleId,
    RoleRights, Scope, StaffRole, User, UserId, UserKind,
};
use guichet_store::Account;

use crate::error::{CoreError, CoreResult};

/// What a signed-in person tries to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the back-office customer list and records.
    ViewCustomers,
    /// Create and edit customer accounts.
    ManageCustomers,
    /// Add, edit, invite, deactivate contacts.
    ManageContacts,
    /// Read the local email outbox (it holds live links: administrators only).
    ViewOutbox,
    /// See one's own portal home (contacts).
    UsePortal,
    /// Define portal roles and move contacts between them.
    ManageRoles,
    /// Configure flow types (statuses, sub-statuses, pages, fields, terms, transitions).
    ManageFlows,
    /// Products, price rules, segments and customers' sales terms.
    ManageCatalog,
    /// Move orders along (preparation, shipping, delivery) or cancel them.
    ManageOrders,
    /// Issue and void invoices and credit notes.
    ManageInvoices,
    /// The provider's payment settings (Stripe keys, transfer instructions).
    ManagePayments,
}

pub fn staff_may(role: StaffRole, action: Action) -> bool {
    use Action::*;
    use StaffRole::*;
    match action {
        ViewCustomers => true,
        ManageCustomers | ManageContacts => matches!(role, Admin | Manager | Agent),
        ViewOutbox | ManagePayments => role == Admin,
        ManageRoles | ManageFlows | ManageCatalog => matches!(role, Admin | Manager),
        ManageOrders => matches!(role, Admin | Manager | Agent),
        ManageInvoices => matches!(role, Admin | Manager | Accountant),
        UsePortal => false,
    }
}

pub fn may(user: &User, action: Action) -> bool {
    if !user.active {
        return false;
    }
    match user.kind {
        UserKind::Staff => user.staff_role.is_some_and(|r| staff_may(r, action)),
        UserKind::Contact => action == Action::UsePortal,
    }
}

pub fn require(user: &User, action: Action) -> CoreResult<()> {
    if may(user, action) {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

/// Whether a contact's role in an account grants this operation on a module.
pub fn role_may(role: &Role, module: Module, op: Op) -> bool {
    role.permissions
        .modules
        .get(&module)
        .is_some_and(|g| g.ops.contains(&op))
}

/// Whether a signed-in contact may do this in this account (an active contact, a role that
/// grants it).
pub fn may_in(user: &User, account: &Account, module: Module, op: Op) -> bool {
    may(user, Action::UsePortal)
        && account.role.tenant_id == user.tenant_id
        && role_may(&account.role, module, op)
}

pub fn require_in(user: &User, account: &Account, module: Module, op: Op) -> CoreResult<()> {
    if may_in(user, account, module, op) {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

/// How a role shows a field: hidden when the module is not visible; never more than
/// read-only when the module may not be edited; else what the role says (editable by
/// default).
pub fn field_access(role: &Role, module: Module, field: Field) -> FieldAccess {
    if !role_may(role, module, Op::View) {
        return FieldAccess::Hidden;
    }
    let set = role
        .permissions
        .fields
        .get(&field)
        .copied()
        .unwrap_or(FieldAccess::Editable);
    if set == FieldAccess::Editable && !role_may(role, module, Op::Edit) {
        FieldAccess::ReadOnly
    } else {
        set
    }
}

/// A record as far as scopes are concerned.
pub struct RecordRef {
    pub customer: CustomerId,
    /// Who created the record or is named on it.
    pub owner: Option<UserId>,
    /// The record's kind (documents: a report, an invoice…).
    pub kind: Option<DocumentKind>,
}

/// Whether a role's scope on a module reaches this record of the account.
pub fn scope_reaches(user: &User, account: &Account, module: Module, r: &RecordRef) -> bool {
    role_reaches(user, &account.role, account.customer.id, module, r)
}

/// Whether `role`, held by `user` in the account `customer`, reaches this record.
pub fn role_reaches(
    user: &User,
    role: &Role,
    customer: CustomerId,
    module: Module,
    r: &RecordRef,
) -> bool {
    if r.customer != customer {
        return false;
    }
    match role.permissions.modules.get(&module).map(|g| &g.scope) {
        None => false,
        Some(Scope::Company) => true,
        Some(Scope::Own) => r.owner == Some(user.id),
        Some(Scope::Kinds(kinds)) => r.kind.is_some_and(|k| kinds.contains(&k)),
    }
}

/// What a contact's role (in the project's account) gives on a project, before shares.
pub fn role_rights(user: &User, role: &Role, customer: CustomerId, p: &Project) -> RoleRights {
    let active = may(user, Action::UsePortal) && role.tenant_id == user.tenant_id;
    let can = |m, op| active && role_may(role, m, op);
    RoleRights {
        projects_area: can(Module::Projects, Op::View),
        reaches_project: role_reaches(
            user,
            role,
            customer,
            Module::Projects,
            &RecordRef {
                customer: p.customer_id,
                owner: Some(p.created_by),
                kind: None,
            },
        ),
        view_documents: can(Module::Documents, Op::View),
        create_documents: can(Module::Documents, Op::Create),
        edit_documents: can(Module::Documents, Op::Edit),
    }
}

/// Whether a role's documents scope reaches this document.
pub fn role_reaches_document(user: &User, role: &Role, customer: CustomerId, d: &Document) -> bool {
    role_reaches(
        user,
        role,
        customer,
        Module::Documents,
        &RecordRef {
            customer: d.customer_id,
            owner: Some(d.created_by),
            kind: Some(d.kind),
        },
    )
}

/// Whether this contact administers their company in this account (invites, deactivates
/// colleagues).
pub fn is_company_admin(user: &User, account: &Account) -> bool {
    may(user, Action::UsePortal) && account.role.permissions.company_admin
}

/// Whether a company administrator may give this role to a colleague: only roles staff
/// listed for their own role.
pub fn may_grant(user: &User, account: &Account, role: RoleId) -> bool {
    is_company_admin(user, account) && account.role.permissions.grantable.contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::*;

    fn user(kind: UserKind, role: Option<StaffRole>) -> User {
        User {
            id: UserId::new(),
            tenant_id: TenantId::new(),
            kind,
            email: Email::parse("a@b.example").unwrap(),
            name: "A".into(),
            phone: String::new(),
            locale: Locale::Fr,
            time_zone: TimeZone::default(),
            staff_role: role,
            active: true,
            password_hash: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    #[test]
    fn matrix() {
        use Action::*;
        let actions = [
            ViewCustomers,
            ManageCustomers,
            ManageContacts,
            ViewOutbox,
            UsePortal,
            ManageRoles,
            ManagePayments,
        ];
        let expect = |u: &User, allowed: &[Action]| {
            for a in actions {
                assert_eq!(
                    may(u, a),
                    allowed.contains(&a),
                    "{:?} {:?} {a:?}",
                    u.kind,
                    u.staff_role
                );
            }
        };
        expect(
            &user(UserKind::Staff, Some(StaffRole::Admin)),
            &[
                ViewCustomers,
                ManageCustomers,
                ManageContacts,
                ViewOutbox,
                ManageRoles,
                ManagePayments,
            ],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Manager)),
            &[ViewCustomers, ManageCustomers, ManageContacts, ManageRoles],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Agent)),
            &[ViewCustomers, ManageCustomers, ManageContacts],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Accountant)),
            &[ViewCustomers],
        );
        expect(&user(UserKind::Staff, None), &[]);
        expect(&user(UserKind::Contact, None), &[UsePortal]);
        let mut inactive = user(UserKind::Staff, Some(StaffRole::Admin));
        inactive.active = false;
        expect(&inactive, &[]);
    }
}

#[cfg(test)]
mod portal_tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::BTreeMap;

    use guichet_domain::*;
    use guichet_store::Account;

    use super::*;

    fn contact(tenant: TenantId) -> User {
        User {
            id: UserId::new(),
            tenant_id: tenant,
            kind: UserKind::Contact,
            email: Email::parse("c@x.example").unwrap(),
            name: "C".into(),
            phone: String::new(),
            locale: Locale::Fr,
            time_zone: TimeZone::default(),
            staff_role: None,
            active: true,
            password_hash: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    fn account(tenant: TenantId, permissions: Permissions) -> Account {
        Account {
            customer: Customer {
                id: CustomerId::new(),
                tenant_id: tenant,
                number: "1".into(),
                name: "Co".into(),
                locale: Locale::Fr,
                currency: "CAD".into(),
                billing: Address::default(),
                shipping: Address::default(),
                created_at: Millis(0),
                updated_at: Millis(0),
            },
            role: Role {
                id: RoleId::new(),
                tenant_id: tenant,
                name: "R".into(),
                is_default: false,
                permissions,
                created_at: Millis(0),
                updated_at: Millis(0),
            },
        }
    }

    fn grants(list: &[(Module, &[Op], Scope)]) -> Permissions {
        Permissions {
            modules: list
                .iter()
                .map(|(m, ops, scope)| {
                    (
                        *m,
                        Grant {
                            ops: ops.to_vec(),
                            scope: scope.clone(),
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
            ..Permissions::default()
        }
    }

    /// Every module × operation × role, for a contact, staff, an inactive contact and a
    /// contact of another tenant.
    #[test]
    fn portal_permission_matrix() {
        let t = TenantId::new();
        let accounting = grants(&[
            (Module::Invoices, &[Op::View], Scope::Company),
            (Module::Company, &[Op::View, Op::Edit], Scope::Company),
        ]);
        type Expected<'a> = &'a dyn Fn(Module, Op) -> bool;
        let roles: [(&str, Permissions, Expected); 3] = [
            ("default", Permissions::default_role(), &|m, o| {
                o == Op::View || (m == Module::Support && o == Op::Create)
            }),
            ("accounting", accounting, &|m, o| {
                (m == Module::Invoices && o == Op::View)
                    || (m == Module::Company && matches!(o, Op::View | Op::Edit))
            }),
            ("nothing", Permissions::default(), &|_, _| false),
        ];
        for (name, permissions, expected) in roles {
            let a = account(t, permissions);
            let user = contact(t);
            let mut staff = contact(t);
            staff.kind = UserKind::Staff;
            staff.staff_role = Some(StaffRole::Admin);
            let mut inactive = contact(t);
            inactive.active = false;
            let foreign = contact(TenantId::new());
            for m in Module::ALL {
                for o in Op::ALL {
                    assert_eq!(
                        may_in(&user, &a, m, o),
                        expected(m, o),
                        "{name} {m:?} {o:?}"
                    );
                    assert!(!may_in(&staff, &a, m, o), "staff use no portal role");
                    assert!(!may_in(&inactive, &a, m, o), "inactive");
                    assert!(!may_in(&foreign, &a, m, o), "another tenant's role");
                }
            }
        }
    }

    #[test]
    fn fields_follow_the_module_and_the_role() {
        let t = TenantId::new();
        let mut p = grants(&[(Module::Company, &[Op::View, Op::Edit], Scope::Company)]);
        p.fields.insert(Field::TaxNumber, FieldAccess::Hidden);
        p.fields.insert(Field::LegalName, FieldAccess::ReadOnly);
        let role = account(t, p).role;
        assert_eq!(
            field_access(&role, Module::Company, Field::TaxNumber),
            FieldAccess::Hidden
        );
        assert_eq!(
            field_access(&role, Module::Company, Field::LegalName),
            FieldAccess::ReadOnly
        );
        assert_eq!(
            field_access(&role, Module::Company, Field::Phone),
            FieldAccess::Editable
        );
        assert_eq!(
            field_access(&role, Module::Contacts, Field::ContactEmail),
            FieldAccess::Hidden,
            "module not granted"
        );
        let view_only = account(t, grants(&[(Module::Company, &[Op::View], Scope::Company)])).role;
        assert_eq!(
            field_access(&view_only, Module::Company, Field::Phone),
            FieldAccess::ReadOnly,
            "never editable without the edit right"
        );
    }

    #[test]
    fn scopes_reach_own_company_or_kinds() {
        let t = TenantId::new();
        let user = contact(t);
        let a = account(
            t,
            grants(&[
                (Module::Projects, &[Op::View], Scope::Own),
                (
                    Module::Documents,
                    &[Op::View],
                    Scope::Kinds(vec![DocumentKind::Report]),
                ),
                (Module::Invoices, &[Op::View], Scope::Company),
            ]),
        );
        let rec = |owner, kind| RecordRef {
            customer: a.customer.id,
            owner,
            kind,
        };
        assert!(scope_reaches(
            &user,
            &a,
            Module::Projects,
            &rec(Some(user.id), None)
        ));
        assert!(!scope_reaches(
            &user,
            &a,
            Module::Projects,
            &rec(Some(UserId::new()), None)
        ));
        assert!(scope_reaches(
            &user,
            &a,
            Module::Documents,
            &rec(None, Some(DocumentKind::Report))
        ));
        assert!(!scope_reaches(
            &user,
            &a,
            Module::Documents,
            &rec(None, Some(DocumentKind::Invoice))
        ));
        assert!(scope_reaches(&user, &a, Module::Invoices, &rec(None, None)));
        assert!(
            !scope_reaches(&user, &a, Module::Orders, &rec(None, None)),
            "not granted"
        );
        let other_customer = RecordRef {
            customer: CustomerId::new(),
            owner: Some(user.id),
            kind: Some(DocumentKind::Report),
        };
        assert!(!scope_reaches(&user, &a, Module::Invoices, &other_customer));
    }

    #[test]
    fn company_admins_grant_only_listed_roles() {
        let t = TenantId::new();
        let user = contact(t);
        let allowed = RoleId::new();
        let mut p = Permissions::default_role();
        p.company_admin = true;
        p.grantable = vec![allowed];
        let a = account(t, p);
        assert!(is_company_admin(&user, &a));
        assert!(may_grant(&user, &a, allowed));
        assert!(
            !may_grant(&user, &a, RoleId::new()),
            "a role above their own"
        );
        assert!(
            !may_grant(&user, &a, a.role.id),
            "not even their own unless listed"
        );
        let plain = account(t, Permissions::default_role());
        assert!(!may_grant(&user, &plain, allowed));
    }
}
