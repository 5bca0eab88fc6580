//! Portal roles ("user types"): what a kind of contact may see and do in a customer account.
//! Pure data and rules; the decisions that use them live in `guichet-core::access`.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Millis, RoleId, TenantId};

/// An area of the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Module {
    Projects,
    Documents,
    Quotes,
    Orders,
    Invoices,
    Support,
    Company,
    Contacts,
}

impl Module {
    pub const ALL: [Module; 8] = [
        Module::Projects,
        Module::Documents,
        Module::Quotes,
        Module::Orders,
        Module::Invoices,
        Module::Support,
        Module::Company,
        Module::Contacts,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Module::Projects => "projects",
            Module::Documents => "documents",
            Module::Quotes => "quotes",
            Module::Orders => "orders",
            Module::Invoices => "invoices",
            Module::Support => "support",
            Module::Company => "company",
            Module::Contacts => "contacts",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }
    /// The fields whose access a role sets one by one (modules not listed have none yet).
    pub fn fields(self) -> &'static [Field] {
        match self {
            Module::Company => &[
                Field::LegalName,
                Field::TaxNumber,
                Field::TaxNumberQc,
                Field::Phone,
                Field::BillingContact,
                Field::BillingEmail,
            ],
            Module::Contacts => &[Field::ContactEmail, Field::ContactPhone],
            _ => &[],
        }
    }
    /// Record scopes that make sense for this module.
    pub fn scopes(self) -> &'static [ScopeKind] {
        match self {
            Module::Company => &[ScopeKind::Company],
            Module::Documents => &[ScopeKind::Own, ScopeKind::Company, ScopeKind::Kinds],
            _ => &[ScopeKind::Own, ScopeKind::Company],
        }
    }
}

/// What one does with a module's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    View,
    Create,
    Edit,
    Delete,
}

impl Op {
    pub const ALL: [Op; 4] = [Op::View, Op::Create, Op::Edit, Op::Delete];
    pub fn code(self) -> &'static str {
        match self {
            Op::View => "view",
            Op::Create => "create",
            Op::Edit => "edit",
            Op::Delete => "delete",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == s)
    }
}

/// Which of a module's records a role reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "scope", content = "kinds")]
pub enum Scope {
    /// Records the contact created or is named on.
    Own,
    /// Every record of the customer account.
    Company,
    /// Records of the account whose kind is one of these (e.g. documents of kind "report").
    Kinds(Vec<crate::DocumentKind>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Own,
    Company,
    Kinds,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 3] = [ScopeKind::Own, ScopeKind::Company, ScopeKind::Kinds];
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn code(self) -> &'static str {
        match self {
            ScopeKind::Own => "own",
            ScopeKind::Company => "company",
            ScopeKind::Kinds => "kinds",
        }
    }
}

impl Scope {
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::Own => ScopeKind::Own,
            Scope::Company => ScopeKind::Company,
            Scope::Kinds(_) => ScopeKind::Kinds,
        }
    }
}

/// A field a role may hide, show read-only, or let edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    LegalName,
    TaxNumber,
    TaxNumberQc,
    Phone,
    BillingContact,
    BillingEmail,
    ContactEmail,
    ContactPhone,
}

impl Field {
    pub fn code(self) -> &'static str {
        match self {
            Field::LegalName => "legal_name",
            Field::TaxNumber => "tax_number",
            Field::TaxNumberQc => "tax_number_qc",
            Field::Phone => "phone",
            Field::BillingContact => "billing_contact",
            Field::BillingEmail => "billing_email",
            Field::ContactEmail => "contact_email",
            Field::ContactPhone => "contact_phone",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Module::ALL
            .iter()
            .flat_map(|m| m.fields())
            .copied()
            .find(|f| f.code() == s)
    }
    /// Fields a record cannot be saved without (they stay required whatever the role says;
    /// a role may still hide them or make them read-only, but never blank them).
    pub fn required(self) -> bool {
        matches!(self, Field::LegalName)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldAccess {
    Hidden,
    ReadOnly,
    Editable,
}

impl FieldAccess {
    pub const ALL: [FieldAccess; 3] = [
        FieldAccess::Hidden,
        FieldAccess::ReadOnly,
        FieldAccess::Editable,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FieldAccess::Hidden => "hidden",
            FieldAccess::ReadOnly => "read_only",
            FieldAccess::Editable => "editable",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// What a role grants on one module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub ops: Vec<Op>,
    #[serde(flatten)]
    pub scope: Scope,
}

/// Everything a role grants; stored as JSON with the role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Modules not listed are not granted at all.
    #[serde(default)]
    pub modules: BTreeMap<Module, Grant>,
    /// Fields not listed are editable where the module may be edited, else read-only.
    #[serde(default)]
    pub fields: BTreeMap<Field, FieldAccess>,
    /// A company administrator invites and deactivates colleagues of their account.
    #[serde(default)]
    pub company_admin: bool,
    /// Roles a company administrator with this role may give (never a role not listed).
    #[serde(default)]
    pub grantable: Vec<RoleId>,
}

impl Permissions {
    /// What the default role grants a new tenant: see everything of one's company, write to
    /// support, nothing else.
    pub fn default_role() -> Self {
        let mut modules = BTreeMap::new();
        for m in Module::ALL {
            let mut ops = vec![Op::View];
            if m == Module::Support {
                ops.push(Op::Create);
            }
            modules.insert(
                m,
                Grant {
                    ops,
                    scope: Scope::Company,
                },
            );
        }
        Permissions {
            modules,
            ..Permissions::default()
        }
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
    pub fn from_json(s: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(s)
    }
}

/// A portal role of a tenant. Exactly one per tenant is the default: it cannot be deleted, and
/// contacts whose role is deleted may be moved to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub id: RoleId,
    pub tenant_id: TenantId,
    pub name: String,
    pub is_default: bool,
    pub permissions: Permissions,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn permissions_round_trip_through_json() {
        let mut p = Permissions::default_role();
        p.modules.insert(
            Module::Documents,
            Grant {
                ops: vec![Op::View, Op::Create],
                scope: Scope::Kinds(vec![crate::DocumentKind::Report]),
            },
        );
        p.fields.insert(Field::TaxNumber, FieldAccess::Hidden);
        p.company_admin = true;
        p.grantable = vec![RoleId::new()];
        assert_eq!(Permissions::from_json(&p.to_json()).unwrap(), p);
    }

    #[test]
    fn the_stored_default_role_matches_the_migration() {
        // migrations/*/0003_portal_roles.sql writes this JSON for existing tenants.
        let json = include_str!("../../guichet-store-sql/migrations/default_role.json");
        assert_eq!(
            Permissions::from_json(json.trim()).unwrap(),
            Permissions::default_role()
        );
    }

    #[test]
    fn codes_parse_back() {
        for m in Module::ALL {
            assert_eq!(Module::parse(m.code()), Some(m));
            for f in m.fields() {
                assert_eq!(Field::parse(f.code()), Some(*f));
            }
        }
        for o in Op::ALL {
            assert_eq!(Op::parse(o.code()), Some(o));
        }
    }
}
